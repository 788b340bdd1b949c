from odoo import models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    def write(self, vals):
        result = super().write(vals)
        if "date_planned" in vals or "product_qty" in vals:
            self.order_id.filtered(
                lambda order: order.state in ("purchase", "done")
            )._trade_sale_orders().sudo()._trade_refresh_tracking()
        return result
