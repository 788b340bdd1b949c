from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.trade_business_dept.text import join_names

from .roles import is_hr
from .trade_appraisal_scorecard import PUBLISHED_STATES

#: Set by the buttons (held, acknowledged, the employee's remarks) or copied
#: from the scorecard.
WORKFLOW_FIELDS = {
    "state",
    "employee_id",
    "user_id",
    "company_id",
    "interviewer_id",
    "employee_comment",
    "acknowledged_by_id",
    "date_acknowledged",
}


class TradeAppraisalInterview(models.Model):
    """The performance interview that follows a published scorecard (R4.3.3).

    Every published scorecard, monthly or annual, can have one: the manager
    records strengths, gaps and an improvement plan (actions with an owner
    and a date), then holds it; the employee acknowledges it. The next
    period's interview shows the previous plan's actions and their status,
    so each plan is followed at the next period. The annual appraisal becomes
    final only once its interview is held.
    """

    _name = "trade.appraisal.interview"
    _description = "Performance Interview"
    _inherit = [
        "trade.workflow.mixin",
        "trade.appraisal.reader.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('state', 'in', ('published', 'appealed', 'final'))]",
    )
    period_type = fields.Selection(
        related="scorecard_id.period_type",
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
        readonly=True,
        default=lambda self: self.env.user,
        help="Who prepares the interview, then who holds it (Interview Held).",
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
    previous_interview_id = fields.Many2one(
        comodel_name="trade.appraisal.interview",
        compute="_compute_previous_interview_id",
        help="The employee's last interview held on an earlier period: its "
        "improvement plan is followed in this interview.",
    )
    previous_goal_ids = fields.Many2many(
        comodel_name="trade.appraisal.goal",
        string="Previous Plan",
        compute="_compute_previous_interview_id",
        help="The actions of the previous interview's improvement plan and "
        "their status; set the status with the buttons of each action.",
    )
    followup_note = fields.Text(
        string="Follow-up of the Previous Plan",
        help="How the previous improvement plan went.",
    )
    employee_comment = fields.Text(
        string="Employee's Remarks",
        readonly=True,
        help="Written by the employee, once the interview is held and before "
        "acknowledging it (Add My Remarks); nobody writes them for them.",
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
    acknowledged_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged On",
        readonly=True,
        copy=False,
        help="When the employee confirmed having read the interview's record "
        "and its improvement plan.",
    )
    can_acknowledge = fields.Boolean(
        compute="_compute_can_acknowledge",
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

    @api.depends("scorecard_id", "employee_id")
    def _compute_previous_interview_id(self):
        held = self.sudo().search(
            [("employee_id", "in", self.employee_id.ids), ("state", "=", "done")]
        )
        by_employee = defaultdict(list)
        for interview in held:
            by_employee[interview.employee_id.id].append(interview)
        for interview in self:
            rank = interview._period_rank()
            earlier = [
                other
                for other in by_employee[interview.employee_id.id]
                if other != interview._origin and other._period_rank() < rank
            ]
            previous = max(
                earlier, key=lambda other: other._period_rank(), default=None
            )
            previous = previous.with_env(self.env) if previous else self.browse()
            interview.previous_interview_id = previous
            interview.previous_goal_ids = previous.goal_ids

    @api.depends_context("uid")
    @api.depends("state", "user_id", "date_acknowledged")
    def _compute_can_acknowledge(self):
        for interview in self:
            interview.can_acknowledge = (
                interview.state == "done"
                and not interview.date_acknowledged
                and interview.user_id == self.env.user
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | WORKFLOW_FIELDS

    @api.model_create_multi
    def create(self, vals_list):
        interviews = super().create(vals_list)
        for interview in interviews:
            card = interview.scorecard_id
            if card.state not in PUBLISHED_STATES:
                raise UserError(
                    self.env._(
                        "The performance interview follows the publication of a "
                        "scorecard; %(card)s is not published.",
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
        """The manager has held the interview: its record and plan are locked
        and the employee is asked to acknowledge it."""
        self._check_interviewer()
        for interview in self:
            interview._check_complete()
        self._trade_workflow_write(
            {"state": "done", "interviewer_id": self.env.user.id}
        )
        for interview in self:
            card = interview.scorecard_id
            card.message_post(
                body=card._trade_in_reader_lang().env._(
                    "Performance interview held on %(date)s: %(goals)s goal(s) in "
                    "the improvement plan.",
                    date=interview.date,
                    goals=len(interview.goal_ids),
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._request_acknowledgement()
        return True

    def action_acknowledge(self):
        """The employee confirms having read the interview and its plan."""
        for interview in self:
            if interview.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(employee)s acknowledges %(interview)s.",
                        employee=interview.employee_id.name,
                        interview=interview.display_name,
                    )
                )
            if interview.state != "done" or interview.date_acknowledged:
                raise UserError(
                    self.env._(
                        "%(interview)s is acknowledged once, after it is held.",
                        interview=interview.display_name,
                    )
                )
        self._trade_workflow_write(
            {
                "acknowledged_by_id": self.env.user.id,
                "date_acknowledged": fields.Datetime.now(),
            },
            access="read",
        )
        activity_type = self.env.ref(
            "trade_appraisal.mail_activity_type_trade_appraisal_acknowledge"
        )
        for interview in self.sudo():
            interview.message_post(
                body=interview._trade_in_reader_lang().env._(
                    "Interview acknowledged by the employee."
                ),
                subtype_xmlid="mail.mt_note",
            )
            interview.activity_ids.filtered(
                lambda activity: activity.activity_type_id == activity_type
            ).action_feedback()
        return True

    def action_open_remarks(self):
        self.ensure_one()
        self._check_can_remark()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("My Remarks"),
            "res_model": "trade.appraisal.interview.remark",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_interview_id": self.id,
                "default_employee_comment": self.employee_comment,
            },
        }

    def _set_employee_comment(self, comment):
        """The employee writes their remarks on the held interview, before
        acknowledging it; nobody writes them in their name."""
        self.ensure_one()
        self._check_can_remark()
        comment = (comment or "").strip()
        if not comment:
            raise UserError(self.env._("Write your remarks first."))
        self._trade_workflow_write({"employee_comment": comment}, access="read")
        self.sudo().message_post(
            body=self._trade_in_reader_lang().env._(
                "Remarks of the employee: %(remarks)s", remarks=comment
            ),
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _check_can_remark(self):
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(employee)s writes their remarks on %(interview)s.",
                    employee=self.employee_id.name,
                    interview=self.display_name,
                )
            )
        if self.state != "done" or self.date_acknowledged:
            raise UserError(
                self.env._(
                    "Remarks on %(interview)s are written once it is held and "
                    "before acknowledging it.",
                    interview=self.display_name,
                )
            )

    def _check_complete(self):
        self.ensure_one()
        missing = []
        if not (self.strengths or "").strip():
            missing.append(self._fields["strengths"]._description_string(self.env))
        if not (self.gaps or "").strip():
            missing.append(self._fields["gaps"]._description_string(self.env))
        if not self.goal_ids:
            missing.append(self._fields["goal_ids"]._description_string(self.env))
        if missing:
            raise UserError(
                self.env._(
                    "Fill in %(fields)s of %(interview)s before closing it.",
                    fields=join_names(self.env, missing),
                    interview=self.display_name,
                )
            )

    def _check_interviewer(self):
        """The interview is recorded by the employee's business manager (or
        HR), never by the employee, even one who is HR."""
        for interview in self:
            if interview.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "%(interview)s is yours: your business manager records it "
                        "and you acknowledge it.",
                        interview=interview.display_name,
                    )
                )
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

    def _period_rank(self):
        """Where the interview's period falls in the employee's sequence of
        periods: by the period's end, the annual appraisal after December."""
        self.ensure_one()
        period = self.sudo().scorecard_id.period_id
        return (period.date_end or fields.Date.today(), period.period_type == "annual")

    def _request_acknowledgement(self):
        """Tell the employee, in their language, that the interview is held
        and ask them to read and acknowledge it."""
        for interview in self.sudo():
            user = interview.user_id
            if not user:
                continue
            localized = interview._trade_in_reader_lang()
            summary = localized.env._("Read and acknowledge your performance interview")
            interview.activity_schedule(
                "trade_appraisal.mail_activity_type_trade_appraisal_acknowledge",
                summary=summary,
                user_id=user.id,
            )
            interview.message_post(
                body=Markup("<p>%s</p>")
                % localized.env._(
                    "Your performance interview of %(period)s is held: read its "
                    "record and improvement plan, then acknowledge it.",
                    period=interview.scorecard_id.period_id.name,
                ),
                partner_ids=user.partner_id.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )
