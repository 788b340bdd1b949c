from odoo import api, fields, models
from odoo.exceptions import UserError

from ..text import in_company_lang


class TradeOrderDelayNotice(models.TransientModel):
    _name = "trade.order.delay.notice"
    _description = "Notify a Customer of a Delay"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        readonly=True,
    )
    previous_date = fields.Datetime(
        related="order_id.commitment_date",
        string="Date Promised",
    )
    reason = fields.Text(
        required=True,
        help="Told to the customer: why the order is late.",
    )
    new_date = fields.Datetime(
        required=True,
    )
    notify_customer = fields.Boolean(
        string="E-mail the Customer",
        default=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        order = self.env["sale.order"].browse(values.get("order_id"))
        if order and "new_date" in fields_list:
            values["new_date"] = order.trade_expected_ship_date
        return values

    def action_confirm(self):
        self.ensure_one()
        order = self.order_id
        if not (self.reason or "").strip():
            raise UserError(self.env._("Tell the customer why the order is late."))
        if order.commitment_date and self.new_date <= order.commitment_date:
            raise UserError(
                self.env._(
                    "The new date must come after the date promised to the "
                    "customer (%s).",
                    fields.Datetime.to_string(order.commitment_date),
                )
            )
        previous = order.commitment_date
        order.check_access("write")
        self.env["trade.order.delay"]._trade_workflow_create(
            {
                "order_id": order.id,
                "reason": self.reason,
                "previous_date": previous,
                "new_date": self.new_date,
                "delay_days": (self.new_date.date() - previous.date()).days
                if previous
                else 0,
                "notified": self.notify_customer,
                "user_id": self.env.uid,
            }
        )
        if self.notify_customer:
            order.message_post_with_source(
                self.env.ref("trade_business_dept.mail_template_trade_order_delay"),
                subtype_xmlid="mail.mt_comment",
            )
        else:
            order.message_post(
                body=in_company_lang(order).env._(
                    "Delay recorded, customer not notified: %s", self.reason
                )
            )
        return {"type": "ir.actions.act_window_close"}
