from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    trade_floor_price = fields.Float(
        string="Floor Price",
        digits="Product Price",
        help="Lowest unit price (company currency, after discount) a salesperson "
        "may confirm without a business manager's approval. Zero: no floor.",
    )
