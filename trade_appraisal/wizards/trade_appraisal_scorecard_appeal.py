from odoo import fields, models


class TradeAppraisalScorecardAppeal(models.TransientModel):
    _name = "trade.appraisal.scorecard.appeal"
    _description = "Appeal a Scorecard"

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        ondelete="cascade",
    )
    appeal_deadline = fields.Date(
        related="scorecard_id.appeal_deadline",
    )
    reason = fields.Text(
        required=True,
        help="Which scores you contest and why; HR and your department look into it.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.scorecard_id._appeal(self.reason)
        return {"type": "ir.actions.act_window_close"}
