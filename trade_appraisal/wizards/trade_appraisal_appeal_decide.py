from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TradeAppraisalAppealDecide(models.TransientModel):
    _name = "trade.appraisal.appeal.decide"
    _description = "Decide an Appraisal Appeal"

    appeal_id = fields.Many2one(
        comodel_name="trade.appraisal.appeal",
        required=True,
        ondelete="cascade",
    )
    reason = fields.Text(
        related="appeal_id.reason",
    )
    manager_opinion = fields.Text(
        related="appeal_id.manager_opinion",
    )
    opinion_by_id = fields.Many2one(
        related="appeal_id.opinion_by_id",
    )
    decision = fields.Selection(
        selection=[
            ("adjusted", "Adjust the Scores"),
            ("upheld", "Uphold the Scorecard"),
        ],
        required=True,
        default="upheld",
    )
    note = fields.Text(
        string="Grounds",
        required=True,
    )
    line_ids = fields.One2many(
        comodel_name="trade.appraisal.appeal.decide.line",
        inverse_name="wizard_id",
        string="Scores",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        appeal = self.env["trade.appraisal.appeal"].browse(values.get("appeal_id"))
        if appeal and "line_ids" in fields_list:
            values["line_ids"] = [
                fields.Command.create(
                    {
                        "scorecard_line_id": line.id,
                        "new_score": line.score,
                    }
                )
                for line in appeal.scorecard_id.line_ids
            ]
        return values

    @api.constrains("appeal_id")
    def _check_lines_of_appealed_card(self):
        for wizard in self:
            card = wizard.appeal_id.scorecard_id
            if wizard.line_ids.scorecard_line_id - card.line_ids:
                raise ValidationError(
                    self.env._(
                        "%(appeal)s decides on the scores of %(card)s only.",
                        appeal=wizard.appeal_id.display_name,
                        card=card.name,
                    )
                )

    def action_confirm(self):
        self.ensure_one()
        self.appeal_id._decide(
            self.decision,
            self.note,
            {line.scorecard_line_id: line.new_score for line in self.line_ids},
        )
        return {"type": "ir.actions.act_window_close"}
