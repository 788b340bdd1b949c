from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    trade_cost_at_confirmation = fields.Float(
        string="Cost at Confirmation",
        digits="Product Price",
        readonly=True,
        copy=False,
        groups="trade_risk.group_trade_credit_manager,"
        "trade_business_dept.group_trade_salesperson",
        help="Cost of the product, in company currency, when the order was "
        "confirmed: the early warnings compare it with today's cost.",
    )

    def _trade_store_cost_at_confirmation(self):
        """Remember the product cost the order was priced against."""
        for line in self.sudo().filtered(lambda line: line.product_id):
            line.trade_cost_at_confirmation = line.product_id.with_company(
                line.company_id
            ).standard_price
