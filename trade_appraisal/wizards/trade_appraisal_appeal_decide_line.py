from odoo import api, fields, models
from odoo.exceptions import ValidationError


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

    @api.constrains("wizard_id", "scorecard_line_id")
    def _check_line_of_appealed_card(self):
        for line in self:
            card = line.wizard_id.appeal_id.scorecard_id
            if line.scorecard_line_id.scorecard_id != card:
                raise ValidationError(
                    self.env._(
                        "%(appeal)s decides on the scores of %(card)s only.",
                        appeal=line.wizard_id.appeal_id.display_name,
                        card=card.name,
                    )
                )
