from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TradeAppraisalAdjustment(models.Model):
    """One score changed by an appeal decision: a log, written only by
    :meth:`trade.appraisal.appeal._decide`."""

    _name = "trade.appraisal.adjustment"
    _description = "Score Adjustment after an Appeal"
    _inherit = ["trade.workflow.mixin"]
    _order = "id"

    appeal_id = fields.Many2one(
        comodel_name="trade.appraisal.appeal",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="appeal_id.company_id",
        store=True,
        index=True,
    )
    scorecard_id = fields.Many2one(
        related="appeal_id.scorecard_id",
        store=True,
        index=True,
    )
    line_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard.line",
        string="Indicator Line",
        required=True,
        ondelete="cascade",
        readonly=True,
    )
    indicator_id = fields.Many2one(
        related="line_id.indicator_id",
    )
    old_score = fields.Float(
        string="Score Before",
        digits=(5, 2),
        readonly=True,
    )
    new_score = fields.Float(
        string="Score After",
        digits=(5, 2),
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Adjusted By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "appeal_id",
            "scorecard_id",
            "line_id",
            "old_score",
            "new_score",
            "user_id",
            "date",
        }

    @api.constrains("appeal_id", "line_id")
    def _check_line_of_appealed_card(self):
        # the adjustment is read by whoever reads the appealed card: it can
        # only be about that card's scores
        for adjustment in self:
            if adjustment.line_id.scorecard_id != adjustment.appeal_id.scorecard_id:
                raise ValidationError(
                    self.env._(
                        "%(appeal)s adjusts the scores of %(card)s only.",
                        appeal=adjustment.appeal_id.display_name,
                        card=adjustment.appeal_id.scorecard_id.name,
                    )
                )
