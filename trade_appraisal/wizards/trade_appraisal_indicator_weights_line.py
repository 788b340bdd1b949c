from odoo import fields, models


class TradeAppraisalIndicatorWeightsLine(models.TransientModel):
    _name = "trade.appraisal.indicator.weights.line"
    _description = "Indicator Weight to Set"

    wizard_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator.weights",
        required=True,
        ondelete="cascade",
    )
    indicator_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator",
        required=True,
        ondelete="cascade",
    )
    category = fields.Selection(
        related="indicator_id.category",
    )
    weight = fields.Float(
        digits=(5, 2),
    )
    is_active = fields.Boolean(
        string="Active",
        default=True,
    )
