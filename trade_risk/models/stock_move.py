from odoo import api, models

#: Changing one of these on a move may change what its delivery is worth,
#: which voids a credit release granted for less (R5.2.2).
RELEASE_BINDING = {
    "product_id",
    "product_uom",
    "product_uom_qty",
    "quantity",
    "picking_id",
    "sale_line_id",
}


class StockMove(models.Model):
    _inherit = "stock.move"

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.picking_id._trade_lapse_credit_releases()
        return moves

    def write(self, vals):
        if not RELEASE_BINDING & set(vals):
            return super().write(vals)
        pickings = self.picking_id
        result = super().write(vals)
        (pickings | self.picking_id)._trade_lapse_credit_releases()
        return result
