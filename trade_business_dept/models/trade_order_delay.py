from odoo import api, fields, models


class TradeOrderDelay(models.Model):
    """A delay announced to the customer: why, and the new date."""

    _name = "trade.order.delay"
    _description = "Order Delay Notice"
    _inherit = ["trade.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        index=True,
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id",
        string="Customer",
    )
    company_id = fields.Many2one(
        related="order_id.company_id",
    )
    date = fields.Datetime(
        string="Announced On",
        required=True,
        default=fields.Datetime.now,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Announced By",
        default=lambda self: self.env.user,
    )
    reason = fields.Text(
        required=True,
    )
    previous_date = fields.Datetime(
        string="Date Promised Before",
    )
    new_date = fields.Datetime(
        required=True,
    )
    delay_days = fields.Integer(
        help="Days between the date promised before and the new date.",
    )
    notified = fields.Boolean(
        string="Customer Notified",
    )

    @api.model
    def _trade_workflow_fields(self):
        """A delay notice is a record of what was announced: written by the
        delay notice wizard, never edited afterwards."""
        return super()._trade_workflow_fields() | {
            "order_id",
            "date",
            "user_id",
            "reason",
            "previous_date",
            "new_date",
            "delay_days",
            "notified",
        }
