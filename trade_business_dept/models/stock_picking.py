from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        orders = (
            self.sale_id
            | self.move_ids.purchase_line_id.order_id._trade_sale_orders()
            | self.move_ids.move_dest_ids.picking_id.sale_id
        )
        orders.sudo()._trade_refresh_tracking()
        return result
