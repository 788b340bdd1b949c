from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    trade_target_price = fields.Monetary(
        string="Customer Target Price",
        currency_field="currency_id",
        copy=False,
        help="Unit price the customer expected, from the opportunity's requirements.",
    )
