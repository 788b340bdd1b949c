from odoo import api, fields, models
from odoo.tools.misc import formatLang

#: Changing one of these on a line voids its approval below the floor price.
FLOOR_APPROVAL_FIELDS = {
    "order_id",
    "product_id",
    "product_uom_qty",
    "product_uom",
    "price_unit",
    "discount",
}


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "trade.workflow.mixin"]

    trade_target_price = fields.Monetary(
        groups="base.group_user",
        string="Customer Target Price",
        currency_field="currency_id",
        copy=False,
        help="Unit price the customer expected, from the opportunity's requirements.",
    )

    trade_floor_approved = fields.Boolean(
        groups="base.group_user",
        string="Approved Below Floor Price",
        readonly=True,
        copy=False,
        help="A business manager approved this line's price below the floor "
        "price; changing its product, quantity or price voids the approval.",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"trade_floor_approved"}

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

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        # a line added after the approval has none: the order needs a new one
        lines.order_id.filtered("trade_floor_approved_by_id")._trade_workflow_write(
            {"trade_floor_approved_by_id": False}, access=None
        )
        return lines

    def write(self, vals):
        if FLOOR_APPROVAL_FIELDS & set(vals):
            # an approval covers the lines and prices the manager saw
            approved = self.filtered("trade_floor_approved")
            approved._trade_workflow_write({"trade_floor_approved": False}, access=None)
            approved.order_id._trade_workflow_write(
                {"trade_floor_approved_by_id": False}, access=None
            )
        return super().write(vals)
