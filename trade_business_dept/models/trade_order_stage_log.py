from odoo import fields, models


class TradeOrderStageLog(models.Model):
    """Every change of an order's tracking stage, automatic or by hand."""

    _name = "trade.order.stage.log"
    _description = "Order Stage Change"
    _order = "date desc, id desc"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="order_id.company_id",
        store=True,
        index=True,
    )
    stage_from_id = fields.Many2one(
        comodel_name="trade.order.stage",
        string="From",
    )
    stage_id = fields.Many2one(
        comodel_name="trade.order.stage",
        string="To",
        required=True,
    )
    date = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="By",
        default=lambda self: self.env.user,
    )
    manual = fields.Boolean(
        string="Set by Hand",
    )
    reason = fields.Text()
