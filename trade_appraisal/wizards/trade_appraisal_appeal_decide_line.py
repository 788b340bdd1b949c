from odoo import fields, models


class TradeAppraisalAppealDecideLine(models.TransientModel):
    _name = "trade.appraisal.appeal.decide.line"
    _description = "Score to Decide on"

    wizard_id = fields.Many2one(
        comodel_name="trade.appraisal.appeal.decide",
        required=True,
        ondelete="cascade",
    )
    scorecard_line_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard.line",
        string="Indicator Line",
        required=True,
        ondelete="cascade",
    )
    indicator_id = fields.Many2one(
        related="scorecard_line_id.indicator_id",
    )
    weight = fields.Float(
        related="scorecard_line_id.weight",
    )
    current_score = fields.Float(
        related="scorecard_line_id.score",
        string="Current Score",
    )
    new_score = fields.Float(
        digits=(5, 2),
    )
