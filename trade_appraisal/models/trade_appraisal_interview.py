from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .roles import is_hr
from .trade_appraisal_scorecard import PUBLISHED_STATES


class TradeAppraisalInterview(models.Model):
    _name = "trade.appraisal.interview"
    _description = "Performance Interview"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        string="Annual Scorecard",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('period_type', '=', 'annual')]",
    )
    employee_id = fields.Many2one(
        related="scorecard_id.employee_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        related="scorecard_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id",
        store=True,
        index=True,
    )
    total_score = fields.Float(
        related="scorecard_id.total_score",
    )
    grade = fields.Selection(
        related="scorecard_id.grade",
    )
    interviewer_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    strengths = fields.Text(
        tracking=True,
    )
    gaps = fields.Text(
        tracking=True,
        help="Where the employee falls short of what the role needs.",
    )
    goal_ids = fields.One2many(
        comodel_name="trade.appraisal.goal",
        inverse_name="interview_id",
        string="Improvement Plan",
    )
    employee_comment = fields.Text(
        string="Employee's Remarks",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Being Prepared"),
            ("done", "Held"),
        ],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "scorecard_unique",
            "unique(scorecard_id)",
            "A scorecard has one performance interview.",
        ),
    ]

    @api.depends("employee_id", "scorecard_id")
    def _compute_display_name(self):
        for interview in self:
            interview.display_name = self.env._(
                "Performance interview of %(employee)s, %(period)s",
                employee=interview.employee_id.name,
                period=interview.scorecard_id.period_id.name,
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "employee_id",
            "user_id",
            "company_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        for interview in interviews:
            card = interview.scorecard_id
            if card.period_type != "annual" or card.state not in PUBLISHED_STATES:
                raise UserError(
                    self.env._(
                        "The performance interview follows the publication of an "
                        "annual appraisal; %(card)s is not one.",
                        card=card.name,
                    )
                )
        if not self.env.su:
            interviews._check_interviewer()
        return interviews

    def write(self, vals):
        if not self.env.su:
            self._check_interviewer()
            if "scorecard_id" in vals and any(
                interview.scorecard_id.id != vals["scorecard_id"] for interview in self
            ):
                raise UserError(
                    self.env._(
                        "A performance interview stays on the scorecard it was "
                        "held for."
                    )
                )
            held = self.filtered(lambda interview: interview.state == "done")
            if held:
                raise UserError(
                    self.env._(
                        "%(interview)s is held; its record can no longer change.",
                        interview=held[0].display_name,
                    )
                )
        return super().write(vals)

    def action_done(self):
        self._check_interviewer()
        for interview in self:
            missing = []
            if not (interview.strengths or "").strip():
                missing.append(self._fields["strengths"]._description_string(self.env))
            if not (interview.gaps or "").strip():
                missing.append(self._fields["gaps"]._description_string(self.env))
            if not interview.goal_ids:
                missing.append(self._fields["goal_ids"]._description_string(self.env))
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s of %(interview)s before closing it.",
                        fields=", ".join(missing),
                        interview=interview.display_name,
                    )
                )
        self._trade_workflow_write({"state": "done"})
        for interview in self:
            interview.scorecard_id.message_post(
                body=self.env._(
                    "Performance interview held on %(date)s: %(goals)s goal(s) in "
                    "the improvement plan.",
                    date=interview.date,
                    goals=len(interview.goal_ids),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _check_interviewer(self):
        if is_hr(self.env):
            return
        for interview in self:
            if self.env.user not in interview.scorecard_id._managers():
                raise AccessError(
                    self.env._(
                        "The performance interview of %(employee)s is held and "
                        "recorded by their business manager.",
                        employee=interview.employee_id.name,
                    )
                )
