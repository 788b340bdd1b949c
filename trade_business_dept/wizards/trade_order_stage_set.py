from odoo import fields, models


class TradeOrderStageSet(models.TransientModel):
    _name = "trade.order.stage.set"
    _description = "Set an Order's Tracking Stage by Hand"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        readonly=True,
    )
    stage_id = fields.Many2one(
        comodel_name="trade.order.stage",
        string="New Stage",
        required=True,
    )
    reason = fields.Text(
        required=True,
        help="Why the stage is set by hand, e.g. production started at the factory.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.order_id._trade_set_stage_by_hand(self.stage_id, self.reason)
        return {"type": "ir.actions.act_window_close"}
