from odoo import fields, models
from odoo.tools.misc import formatLang


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    trade_target_price = fields.Monetary(
        string="Customer Target Price",
        currency_field="currency_id",
        copy=False,
        help="Unit price the customer expected, from the opportunity's requirements.",
    )

    def _trade_has_specification(self):
        """A product line carries a specification: the product's sales
        description or a description of its own."""
        self.ensure_one()
        product = self.product_id
        name = (self.name or "").strip()
        return bool(product.description_sale or (name and name != product.display_name))

    def _trade_below_floor_price(self):
        """Labels of the lines priced below their product's floor price."""
        below = []
        for line in self.filtered(lambda line: line.product_id.trade_floor_price):
            order = line.order_id
            company = order.company_id
            net_price = line.price_unit * (1 - (line.discount or 0.0) / 100)
            price = order.currency_id._convert(
                net_price,
                company.currency_id,
                company,
                order.date_order or fields.Date.context_today(line),
            )
            floor = line.product_id.trade_floor_price
            if company.currency_id.compare_amounts(price, floor) < 0:
                below.append(
                    self.env._(
                        "%(product)s (%(price)s < %(floor)s)",
                        product=line.product_id.display_name,
                        price=formatLang(
                            self.env, price, currency_obj=company.currency_id
                        ),
                        floor=formatLang(
                            self.env, floor, currency_obj=company.currency_id
                        ),
                    )
                )
        return below

    def write(self, vals):
        if {"price_unit", "discount", "product_id"} & set(vals):
            approved = self.order_id.filtered(
                lambda order: (
                    order.trade_floor_approved_by_id
                    and order.state in ("draft", "sent")
                )
            )
            if approved:
                approved.trade_floor_approved_by_id = False
        return super().write(vals)
