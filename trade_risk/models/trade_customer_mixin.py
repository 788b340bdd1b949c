from odoo import api, models


class TradeCustomerMixin(models.AbstractModel):
    """A record about a customer (credit investigation, guarantee, promise to
    pay): it belongs to the customer's company, its commercial partner,
    whichever of its contacts it was entered for, as the credit figures and
    the record rules add up per commercial partner.

    Models set ``partner_id`` themselves (label, domain, requirement); this
    mixin keeps it on the commercial partner on create and write.
    """

    _name = "trade.customer.mixin"
    _description = "Record about a Customer"

    @api.model
    def _commercial_partner_vals(self, vals):
        """``vals`` with ``partner_id`` replaced by its commercial partner."""
        if vals.get("partner_id"):
            partner = self.env["res.partner"].browse(vals["partner_id"])
            vals = dict(vals, partner_id=partner.commercial_partner_id.id)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        return super().create(
            [self._commercial_partner_vals(vals) for vals in vals_list]
        )

    def write(self, vals):
        return super().write(self._commercial_partner_vals(vals))
