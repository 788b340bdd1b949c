from datetime import timedelta

from odoo import api, fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    trade_customer_commitment_date = fields.Datetime(
        string="Customer Delivery Date",
        compute="_compute_trade_customer_commitment_date",
        compute_sudo=True,
        help="Earliest date promised to the customers this purchase is for.",
    )
    trade_late_for_customer = fields.Boolean(
        string="Too Late for the Customer",
        compute="_compute_trade_customer_commitment_date",
        compute_sudo=True,
        help="The planned receipt leaves no time to ship by the date promised "
        "to the customer.",
    )

    @api.depends(
        "date_planned",
        "order_line.sale_line_id.order_id.commitment_date",
        "order_line.move_dest_ids.sale_line_id.order_id.commitment_date",
    )
    def _compute_trade_customer_commitment_date(self):
        for order in self:
            promised = (
                order._trade_sale_orders()
                .filtered("commitment_date")
                .mapped("commitment_date")
            )
            first = min(promised) if promised else False
            order.trade_customer_commitment_date = first
            lead = timedelta(days=order.company_id.trade_shipping_lead_days)
            order.trade_late_for_customer = bool(
                first
                and order.date_planned
                and order.state != "cancel"
                and order.date_planned + lead > first
            )

    def button_confirm(self):
        result = super().button_confirm()
        self._trade_sale_orders()._trade_refresh_tracking()
        return result

    def _trade_sale_orders(self):
        """The sales orders these purchases are for (direct or make-to-order)."""
        return self._get_sale_orders()
