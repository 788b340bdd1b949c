from odoo import api, fields, models


class TradeReferenceMixin(models.AbstractModel):
    """A reference taken from a sequence when the record is created.

    Models set ``_trade_sequence_code`` to the code of their ``ir.sequence``;
    the sequence of the record's company is used when each company numbers
    its own records. A record created with a reference of its own (e.g. the
    next revision of a contract) keeps it.
    """

    _name = "trade.reference.mixin"
    _description = "Business Department Reference"
    _trade_sequence_code = None

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )

    @api.model_create_multi
    def create(self, vals_list):
        new = self.env._("New")
        Sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", new) != new:
                continue
            company = (
                self.env["res.company"].browse(vals["company_id"])
                if vals.get("company_id")
                else self.env.company
            )
            vals["name"] = (
                Sequence.with_company(company).next_by_code(self._trade_sequence_code)
                or new
            )
        return super().create(vals_list)
