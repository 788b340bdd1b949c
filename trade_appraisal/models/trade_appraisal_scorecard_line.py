from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from .trade_appraisal_indicator import AVERAGED_CODES

#: Written by the generation only: they come from the data and the targets,
#: or are stored results the ORM computes.
WORKFLOW_FIELDS = {
    "scorecard_id",
    "indicator_id",
    "weight",
    "cap_percent",
    "target",
    "actual",
    "data_count",
    "has_data",
    "sequence",
    "employee_id",
    "period_type",
    "code",
    "kind",
    "is_scored",
    "weighted_score",
}
#: Indicators whose actual is a zero when nothing happened (a month without
#: sales is a real zero), unlike satisfaction, which needs ratings.
ZERO_IS_DATA = ("sales_amount", "profit", "new_customers")


class TradeAppraisalScorecardLine(models.Model):
    _name = "trade.appraisal.scorecard.line"
    _description = "Scorecard Indicator"
    _inherit = ["trade.workflow.mixin"]
    _order = "scorecard_id, sequence, id"

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        index=True,
        ondelete="cascade",
    )
    employee_id = fields.Many2one(
        related="scorecard_id.employee_id",
        store=True,
        index=True,
    )
    period_type = fields.Selection(
        related="scorecard_id.period_type",
        store=True,
    )
    state = fields.Selection(
        related="scorecard_id.state",
        string="Scorecard Status",
    )
    indicator_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator",
        required=True,
        index=True,
        ondelete="restrict",
    )
    code = fields.Selection(
        related="indicator_id.code",
        store=True,
    )
    kind = fields.Selection(
        related="indicator_id.kind",
        store=True,
    )
    category = fields.Selection(
        related="indicator_id.category",
    )
    description = fields.Text(
        related="indicator_id.description",
    )
    sequence = fields.Integer(
        default=10,
    )
    weight = fields.Float(
        digits=(5, 2),
        help="Weight of the indicator when the scorecard was generated (%).",
    )
    cap_percent = fields.Float(
        string="Score Cap (%)",
        digits=(5, 2),
    )
    target = fields.Float(
        digits=(16, 2),
    )
    actual = fields.Float(
        digits=(16, 2),
        help="Sales and profit in company currency, new customers as a "
        "number, satisfaction as the average rating (1–5); for ability and "
        "attitude on an annual scorecard, the average of the monthly scores.",
    )
    data_count = fields.Integer(
        string="Data Points",
        help="Invoice lines, new customers or customer ratings behind the actual.",
    )
    has_data = fields.Boolean(
        help="Satisfaction without any rating in the period has no score "
        "(rather than zero) and is left out of the total.",
    )
    band_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator.band",
        string="Level",
        domain="[('indicator_id', '=', indicator_id)]",
    )
    score = fields.Float(
        digits=(5, 2),
        compute="_compute_score",
        store=True,
        readonly=False,
        help="Results: actual / target × 100, capped. Ability and attitude: "
        "the manager's score, 0–100, within the chosen level.",
    )
    is_scored = fields.Boolean(
        string="Scored",
        compute="_compute_is_scored",
        store=True,
    )
    weighted_score = fields.Float(
        digits=(5, 2),
        compute="_compute_weighted_score",
        store=True,
        help="Points the indicator brings to the total: score × weight / 100.",
    )
    comment = fields.Char()

    @api.depends(
        "actual", "target", "cap_percent", "has_data", "band_id", "period_type", "kind"
    )
    def _compute_score(self):
        for line in self:
            if line.period_type == "annual":
                # the average of the year's monthly scores, set by the refresh
                line.score = line.score
            elif line.kind == "manual":
                if not line.band_id:
                    line.score = 0.0
                elif not line.band_id._contains(line.score):
                    line.score = line.band_id.default_score
                else:
                    line.score = line.score
            elif line.has_data and line.target > 0:
                achieved = max(line.actual, 0.0) / line.target * 100
                line.score = float_round(min(achieved, line.cap_percent), 2)
            else:
                line.score = 0.0

    @api.depends("period_type", "kind", "has_data", "target", "band_id")
    def _compute_is_scored(self):
        for line in self:
            if line.period_type == "annual":
                line.is_scored = line.has_data
            elif line.kind == "manual":
                line.is_scored = bool(line.band_id)
            else:
                line.is_scored = line.has_data and line.target > 0

    @api.depends("score", "weight", "is_scored")
    def _compute_weighted_score(self):
        for line in self:
            points = line.score * line.weight / 100 if line.is_scored else 0.0
            line.weighted_score = float_round(points, 2)

    @api.constrains("score", "band_id")
    def _check_score(self):
        for line in self:
            if not 0 <= line.score <= max(100.0, line.cap_percent):
                raise ValidationError(
                    self.env._(
                        "The score of %(indicator)s must be between 0 and 100.",
                        indicator=line.indicator_id.name,
                    )
                )
            if line.band_id and not line.band_id._contains(line.score):
                raise ValidationError(
                    self.env._(
                        "A score of %(score)s for %(indicator)s is outside the "
                        "level %(band)s.",
                        score=line.score,
                        indicator=line.indicator_id.name,
                        band=line.band_id.display_name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | WORKFLOW_FIELDS

    def _trade_raise_workflow_fields(self, names):
        # what the user should do instead says more than the field names
        raise UserError(
            self.env._(
                "The targets and actuals of a scorecard come from the target "
                "list and from Odoo's invoices and visits: correct those and "
                "regenerate the scorecards instead."
            )
        )

    def write(self, vals):
        if not self.env.su:
            self._check_write_allowed(vals)
        if "score" in vals and "band_id" not in vals:
            # a manager typing a score directly: its level follows
            manual = self.filtered(
                lambda line: line.kind == "manual" and line.period_type == "monthly"
            )
            if manual:
                Band = self.env["trade.appraisal.indicator.band"]
                for line in manual:
                    band = Band._band_for(line.indicator_id, vals["score"])
                    super(TradeAppraisalScorecardLine, line).write(
                        dict(vals, band_id=band.id)
                    )
                others = self - manual
                return super(TradeAppraisalScorecardLine, others).write(vals)
        return super().write(vals)

    def _check_write_allowed(self, vals):
        self.check_access("write")
        if {"score", "band_id", "comment"}.intersection(vals):
            self.scorecard_id._check_scoring_allowed()
        if {"score", "band_id"}.intersection(vals):
            for line in self:
                if line.kind != "manual":
                    raise UserError(
                        self.env._(
                            "The score of %(indicator)s is computed from its "
                            "target and actual.",
                            indicator=line.indicator_id.name,
                        )
                    )
                if line.period_type == "annual":
                    raise UserError(
                        self.env._(
                            "The annual appraisal is scored through the monthly "
                            "scorecards and the evaluations, not indicator by "
                            "indicator."
                        )
                    )

    def _values_from_data(self, actuals, targets, monthly_lines, annual):
        """The data fields of this line from the grouped results of
        ``trade.appraisal.period._compute_actuals`` and ``_targets``."""
        self.ensure_one()
        employee = self.scorecard_id.employee_id
        indicator = self.indicator_id
        values = {}
        if self.kind == "computed":
            actual, count = actuals.get(self.code, {}).get(
                employee.user_id.id, (0.0, 0)
            )
            default_target = indicator.default_target
            if annual and self.code not in AVERAGED_CODES:
                default_target *= 12
            values.update(
                actual=float_round(actual, 2),
                data_count=count,
                has_data=self.code in ZERO_IS_DATA or count > 0,
                target=targets.get((employee.id, indicator.id)) or default_target,
            )
        if annual:
            score, _actual = monthly_lines.get((employee.id, indicator.id), (0.0, 0.0))
            has_monthly = (employee.id, indicator.id) in monthly_lines
            values.update(score=float_round(score or 0.0, 2), has_data=has_monthly)
            if self.kind == "manual":
                values["actual"] = float_round(score or 0.0, 2)
        return values
