from odoo import fields, models


class TradeContractReview(models.Model):
    """One step of a contract's legal review: who decided what, and when."""

    _name = "trade.contract.review"
    _description = "Contract Review Step"
    _order = "date desc, id desc"

    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id",
        store=True,
        index=True,
    )
    revision = fields.Integer(
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="By",
        required=True,
        readonly=True,
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    decision = fields.Selection(
        selection=[
            ("submitted", "Submitted for Review"),
            ("amended", "Amendment Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        required=True,
        readonly=True,
    )
    comment = fields.Text(
        readonly=True,
    )
