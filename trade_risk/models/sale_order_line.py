from odoo import api, fields, models

#: Changing one of these on a line may take the order beyond the amount of
#: its credit exception.
AMOUNT_FIELDS = {
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
    "tax_id",
}


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

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"trade_cost_at_confirmation"}

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # a line added after the credit exception: it may no longer cover
        lines.order_id._trade_lapse_credit_exceptions()
        return lines

    def write(self, vals):
        result = super().write(vals)
        if AMOUNT_FIELDS & set(vals):
            self.order_id._trade_lapse_credit_exceptions()
        return result

    def _trade_store_cost_at_confirmation(self):
        """Remember the product cost the order was priced against."""
        for line in self.filtered(lambda line: line.product_id):
            line._trade_workflow_write(
                {
                    "trade_cost_at_confirmation": line.product_id.with_company(
                        line.company_id
                    )
                    .sudo()
                    .standard_price
                },
                access=None,
            )
