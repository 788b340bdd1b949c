import calendar
from collections import defaultdict
from datetime import date, timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from .trade_appraisal_grade import GRADES

HR_GROUP = "trade_appraisal.group_trade_appraisal_hr"
MANAGER_GROUP = "trade_business_dept.group_trade_manager"

SCORECARD_STATES = [
    ("draft", "Draft"),
    ("collected", "Data Collected"),
    ("scored", "Scored"),
    ("published", "Published"),
    ("appealed", "Appealed"),
    ("final", "Final"),
]
#: Cards that the generation still refreshes.
OPEN_STATES = ("draft", "collected", "scored")
#: Cards the employee sees: the results HR has published.
PUBLISHED_STATES = ("published", "appealed", "final")
#: Fields that change only through the actions (or the generation): the
#: status and its dates, what the generation copied from the employee and the
#: settings, and the stored results computed from the lines and evaluations.
WORKFLOW_FIELDS = {
    "state",
    "employee_id",
    "period_id",
    "department_id",
    "manager_id",
    "base_bonus",
    "date_collected",
    "date_scored",
    "date_published",
    "date_final",
    "appeal_deadline",
    "published_by_id",
    "monthly_average_score",
    "monthly_card_count",
    "weight_monthly",
    "weight_self",
    "weight_peer",
    "weight_supervisor",
    # stored computed and related: only the ORM sets them
    "name",
    "period_type",
    "date_start",
    "company_id",
    "user_id",
    "total_score",
    "grade",
    "bonus_multiplier",
    "is_promotion_candidate",
    "needs_coaching",
    "bonus_amount",
    "bonus_payment_date",
    "interview_done",
    "self_score",
    "peer_score",
    "peer_count",
    "supervisor_score",
    "has_self_score",
    "has_supervisor_score",
}
#: Fields the manager fills in while scoring.
SCORING_FIELDS = {"ability_comment", "attitude_comment", "manager_comment", "line_ids"}
ANNUAL_PARTS = ("monthly", "self", "peer", "supervisor")


class TradeAppraisalScorecard(models.Model):
    _name = "trade.appraisal.scorecard"
    _description = "Appraisal Scorecard"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, employee_id, id"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        compute="_compute_name",
        store=True,
    )
    period_id = fields.Many2one(
        comodel_name="trade.appraisal.period",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    period_type = fields.Selection(
        related="period_id.period_type",
        store=True,
    )
    date_start = fields.Date(
        related="period_id.date_start",
        string="Period Start",
        store=True,
    )
    date_end = fields.Date(
        related="period_id.date_end",
        string="Period End",
    )
    company_id = fields.Many2one(
        related="period_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    department_id = fields.Many2one(
        comodel_name="hr.department",
        index=True,
        readonly=True,
        help="The employee's department when the scorecard was generated.",
    )
    manager_id = fields.Many2one(
        comodel_name="hr.employee",
        readonly=True,
        help="The employee's manager when the scorecard was generated.",
    )
    state = fields.Selection(
        selection=SCORECARD_STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    line_ids = fields.One2many(
        comodel_name="trade.appraisal.scorecard.line",
        inverse_name="scorecard_id",
        string="Indicators",
    )
    total_score = fields.Float(
        digits=(5, 2),
        compute="_compute_total_score",
        store=True,
        aggregator="avg",
        help="Monthly: the weighted average of the scored indicators (an "
        "indicator without data, such as satisfaction without any rating, is "
        "left out and the others count proportionally). Annual: the weighted "
        "average of the monthly totals and of the self, peer and supervisor "
        "evaluations.",
    )
    grade = fields.Selection(
        selection=GRADES,
        compute="_compute_grade",
        store=True,
        index=True,
    )
    bonus_multiplier = fields.Float(
        digits=(4, 2),
        compute="_compute_grade",
        store=True,
    )
    is_promotion_candidate = fields.Boolean(
        string="Promotion Candidate",
        compute="_compute_grade",
        store=True,
    )
    needs_coaching = fields.Boolean(
        string="Coaching Required",
        compute="_compute_grade",
        store=True,
    )
    base_bonus = fields.Monetary(
        readonly=True,
        help="The employee's monthly or annual base bonus when the scorecard "
        "was last refreshed.",
    )
    bonus_amount = fields.Monetary(
        string="Bonus",
        compute="_compute_bonus_amount",
        store=True,
        aggregator="sum",
    )
    bonus_payment_date = fields.Date(
        compute="_compute_bonus_payment_date",
        store=True,
        help="Monthly bonuses are paid with the next month's salary, annual "
        "bonuses with the first salary of the next year.",
    )
    ability_comment = fields.Text(
        string="Comments on Ability",
    )
    attitude_comment = fields.Text(
        string="Comments on Attitude",
    )
    manager_comment = fields.Text(
        string="Overall Comments",
    )
    date_collected = fields.Date(
        string="Data Collected On",
        readonly=True,
        copy=False,
    )
    date_scored = fields.Date(
        string="Scored On",
        readonly=True,
        copy=False,
    )
    date_published = fields.Date(
        string="Published On",
        readonly=True,
        copy=False,
    )
    published_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
    )
    date_final = fields.Date(
        string="Final On",
        readonly=True,
        copy=False,
    )
    appeal_deadline = fields.Date(
        readonly=True,
        copy=False,
        help="Last day on which the employee may appeal.",
    )
    can_appeal = fields.Boolean(
        compute="_compute_can_appeal",
    )
    is_my_team = fields.Boolean(
        string="Scored by Me",
        compute="_compute_is_my_team",
    )
    submission_id = fields.Many2one(
        comodel_name="trade.appraisal.submission",
        string="Monthly Submission",
        compute="_compute_submission_id",
    )
    appeal_ids = fields.One2many(
        comodel_name="trade.appraisal.appeal",
        inverse_name="scorecard_id",
        string="Appeals",
    )
    interview_ids = fields.One2many(
        comodel_name="trade.appraisal.interview",
        inverse_name="scorecard_id",
        string="Performance Interviews",
    )
    interview_done = fields.Boolean(
        string="Interview Held",
        compute="_compute_interview_done",
        store=True,
    )
    evaluation_ids = fields.One2many(
        comodel_name="trade.appraisal.evaluation",
        inverse_name="scorecard_id",
        string="Evaluations",
        groups="trade_business_dept.group_trade_manager,"
        "trade_appraisal.group_trade_appraisal_hr",
    )
    monthly_average_score = fields.Float(
        string="Average Monthly Score",
        digits=(5, 2),
        readonly=True,
        help="Average total of the year's published monthly scorecards.",
    )
    monthly_card_count = fields.Integer(
        string="Monthly Scorecards",
        readonly=True,
    )
    weight_monthly = fields.Float(
        string="Weight of Monthly Scores",
        digits=(5, 2),
        readonly=True,
    )
    weight_self = fields.Float(
        string="Weight of Self-evaluation",
        digits=(5, 2),
        readonly=True,
    )
    weight_peer = fields.Float(
        string="Weight of Peer Evaluation",
        digits=(5, 2),
        readonly=True,
    )
    weight_supervisor = fields.Float(
        string="Weight of Supervisor Evaluation",
        digits=(5, 2),
        readonly=True,
    )
    self_score = fields.Float(
        string="Self-evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
    )
    peer_score = fields.Float(
        string="Peer Evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
        help="Average of the peers' submitted scores; who gave which score "
        "is not shown to the employee.",
    )
    peer_count = fields.Integer(
        string="Peer Evaluations Received",
        compute="_compute_evaluation_scores",
        store=True,
    )
    supervisor_score = fields.Float(
        string="Supervisor Evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
    )
    has_self_score = fields.Boolean(
        string="Self-evaluation Submitted",
        compute="_compute_evaluation_scores",
        store=True,
    )
    has_supervisor_score = fields.Boolean(
        string="Supervisor Evaluation Submitted",
        compute="_compute_evaluation_scores",
        store=True,
    )

    _sql_constraints = [
        (
            "employee_period_unique",
            "unique(period_id, employee_id)",
            "An employee has one scorecard per period.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("employee_id.name", "period_id.name")
    def _compute_name(self):
        for card in self:
            card.name = f"{card.employee_id.name} – {card.period_id.name}"

    @api.depends(
        "period_type",
        "line_ids.score",
        "line_ids.weight",
        "line_ids.is_scored",
        "monthly_average_score",
        "monthly_card_count",
        "self_score",
        "peer_score",
        "peer_count",
        "supervisor_score",
        "has_self_score",
        "has_supervisor_score",
        "weight_monthly",
        "weight_self",
        "weight_peer",
        "weight_supervisor",
    )
    def _compute_total_score(self):
        for card in self:
            if card.period_type == "annual":
                parts = card._annual_parts()
            else:
                parts = [
                    (line.weight, line.score)
                    for line in card.line_ids
                    if line.is_scored
                ]
            total_weight = sum(weight for weight, _score in parts)
            card.total_score = (
                float_round(
                    sum(weight * score for weight, score in parts) / total_weight, 2
                )
                if total_weight
                else 0.0
            )

    @api.depends("total_score", "period_type")
    def _compute_grade(self):
        grades = self.env["trade.appraisal.grade"].sudo().search([])
        for card in self:
            grade = grades._grade_for(card.total_score, grades)
            card.grade = grade.code
            card.bonus_multiplier = grade.bonus_multiplier
            card.is_promotion_candidate = bool(
                grade.is_promotion_candidate and card.period_type == "annual"
            )
            card.needs_coaching = grade.needs_coaching

    @api.depends("base_bonus", "bonus_multiplier")
    def _compute_bonus_amount(self):
        for card in self:
            card.bonus_amount = card.currency_id.round(
                card.base_bonus * card.bonus_multiplier
            )

    @api.depends("period_id.date_end", "company_id.trade_appraisal_salary_day")
    def _compute_bonus_payment_date(self):
        for card in self:
            if not card.period_id.date_end:
                card.bonus_payment_date = False
                continue
            following = card.period_id.date_end + timedelta(days=1)
            last_day = calendar.monthrange(following.year, following.month)[1]
            day = min(card.company_id.trade_appraisal_salary_day or 1, last_day)
            card.bonus_payment_date = date(following.year, following.month, day)

    @api.depends_context("uid")
    @api.depends("state", "user_id", "appeal_deadline")
    def _compute_can_appeal(self):
        today = fields.Date.context_today(self)
        for card in self:
            card.can_appeal = (
                card.state == "published"
                and card.user_id == self.env.user
                and bool(card.appeal_deadline)
                and today <= card.appeal_deadline
            )

    @api.depends_context("uid")
    @api.depends("employee_id", "department_id")
    def _compute_is_my_team(self):
        for card in self:
            card.is_my_team = self.env.user in card._managers()

    def _compute_submission_id(self):
        submissions = (
            self.env["trade.appraisal.submission"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("period_id", "in", self.period_id.ids),
                ]
            )
        )
        by_key = {(sub.employee_id.id, sub.period_id.id): sub for sub in submissions}
        for card in self:
            card.submission_id = by_key.get(
                (card.employee_id.id, card.period_id.id), False
            )

    @api.depends("interview_ids.state")
    def _compute_interview_done(self):
        for card in self:
            card.interview_done = any(
                interview.state == "done" for interview in card.interview_ids
            )

    @api.depends("evaluation_ids.state", "evaluation_ids.score")
    def _compute_evaluation_scores(self):
        for card in self:
            submitted = card.evaluation_ids.filtered(
                lambda evaluation: evaluation.state == "submitted"
            )
            by_role = defaultdict(list)
            for evaluation in submitted:
                by_role[evaluation.role].append(evaluation.score)
            card.has_self_score = bool(by_role["self"])
            card.self_score = by_role["self"][0] if by_role["self"] else 0.0
            card.has_supervisor_score = bool(by_role["supervisor"])
            card.supervisor_score = (
                sum(by_role["supervisor"]) / len(by_role["supervisor"])
                if by_role["supervisor"]
                else 0.0
            )
            card.peer_count = len(by_role["peer"])
            card.peer_score = (
                float_round(sum(by_role["peer"]) / len(by_role["peer"]), 2)
                if by_role["peer"]
                else 0.0
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | WORKFLOW_FIELDS

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            if SCORING_FIELDS.intersection(vals):
                self._check_scoring_allowed()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        started = self.filtered(lambda card: card.state != "draft")
        if started:
            raise UserError(
                self.env._(
                    "Only draft scorecards can be deleted: %(cards)s.",
                    cards=", ".join(started.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_collect(self):
        """HR has checked the data: refresh it one last time and freeze the
        scorecard for the manager's scoring."""
        self._check_hr()
        wrong = self.filtered(lambda card: card.state != "draft")
        if wrong:
            raise UserError(
                self.env._(
                    "Only draft scorecards can be collected: %(cards)s.",
                    cards=", ".join(wrong.mapped("name")),
                )
            )
        self._refresh_from_data()
        missing = []
        for card in self.filtered(lambda card: card.period_type == "monthly"):
            lines = card.line_ids.filtered(
                lambda line: (
                    line.kind == "computed" and line.has_data and line.target <= 0
                )
            )
            if lines:
                missing.append(
                    self.env._(
                        "%(card)s: %(indicators)s",
                        card=card.name,
                        indicators=", ".join(lines.indicator_id.mapped("name")),
                    )
                )
        if missing:
            raise UserError(
                self.env._(
                    "Import or enter the targets (Appraisal → Targets) before "
                    "collecting the data:\n%(missing)s",
                    missing="\n".join(missing),
                )
            )
        self._trade_workflow_write(
            {"state": "collected", "date_collected": fields.Date.context_today(self)}
        )
        for card in self:
            if card.submission_id.state == "submitted":
                body = self.env._(
                    "Data collected and checked; the employee's monthly "
                    "submission is attached: %(submission)s.",
                    submission=card.submission_id.display_name,
                )
            elif card.period_type == "monthly":
                body = self.env._(
                    "Data collected and checked; the employee has not submitted "
                    "their monthly reports."
                )
            else:
                body = self.env._("Data collected and checked.")
            card.message_post(body=body, subtype_xmlid="mail.mt_note")
        return True

    def action_score(self):
        """The manager has scored ability and attitude and commented."""
        self._check_managed_by_user()
        wrong = self.filtered(lambda card: card.state != "collected")
        if wrong:
            raise UserError(
                self.env._(
                    "Only scorecards whose data HR has collected can be scored: "
                    "%(cards)s.",
                    cards=", ".join(wrong.mapped("name")),
                )
            )
        for card in self:
            if card.period_type == "monthly":
                unscored = card.line_ids.filtered(
                    lambda line: line.kind == "manual" and not line.is_scored
                )
                if unscored:
                    raise UserError(
                        self.env._(
                            "Score every ability and attitude indicator of "
                            "%(card)s first: %(indicators)s.",
                            card=card.name,
                            indicators=", ".join(unscored.indicator_id.mapped("name")),
                        )
                    )
            elif not card.has_supervisor_score:
                raise UserError(
                    self.env._(
                        "Submit the supervisor evaluation of %(employee)s before "
                        "scoring the annual appraisal %(card)s.",
                        employee=card.employee_id.name,
                        card=card.name,
                    )
                )
            if (
                not (card.ability_comment or "").strip()
                or not (card.attitude_comment or "").strip()
            ):
                raise UserError(
                    self.env._(
                        "Write your comments on ability and on attitude for %(card)s.",
                        card=card.name,
                    )
                )
        self._trade_workflow_write(
            {"state": "scored", "date_scored": fields.Date.context_today(self)}
        )
        for card in self:
            card.message_post(
                body=self.env._(
                    "Scored: total %(total)s, grade %(grade)s.",
                    total=card.total_score,
                    grade=card.grade,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_back_to_collected(self):
        """Reopen the scoring before HR publishes."""
        self._check_managed_by_user()
        wrong = self.filtered(lambda card: card.state != "scored")
        if wrong:
            raise UserError(
                self.env._(
                    "Only scored scorecards that are not published yet can be "
                    "scored again: %(cards)s.",
                    cards=", ".join(wrong.mapped("name")),
                )
            )
        self._trade_workflow_write({"state": "collected", "date_scored": False})
        return True

    def action_publish(self):
        """HR publishes the results: the employee is notified and may appeal
        within the number of days set in Settings."""
        self._check_hr()
        wrong = self.filtered(lambda card: card.state != "scored")
        if wrong:
            raise UserError(
                self.env._(
                    "Only scored scorecards can be published: %(cards)s.",
                    cards=", ".join(wrong.mapped("name")),
                )
            )
        today = fields.Date.context_today(self)
        for card in self:
            card._trade_workflow_write(
                {
                    "state": "published",
                    "date_published": today,
                    "published_by_id": self.env.user.id,
                    "appeal_deadline": today
                    + timedelta(days=card.company_id.trade_appraisal_appeal_days),
                }
            )
        self._notify_employee_published()
        self._schedule_coaching()
        return True

    def action_open_appeal(self):
        self.ensure_one()
        self._check_can_appeal()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Appeal"),
            "res_model": "trade.appraisal.scorecard.appeal",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scorecard_id": self.id},
        }

    def action_finalize(self):
        """Close the scorecard once the appeal window has passed."""
        self._check_hr()
        wrong = self.filtered(lambda card: card.state != "published")
        if wrong:
            raise UserError(
                self.env._(
                    "Only published scorecards without an open appeal can be made "
                    "final: %(cards)s.",
                    cards=", ".join(wrong.mapped("name")),
                )
            )
        today = fields.Date.context_today(self)
        for card in self:
            if card.appeal_deadline and today <= card.appeal_deadline:
                raise UserError(
                    self.env._(
                        "%(employee)s may appeal %(card)s until %(date)s; the "
                        "scorecard becomes final after that.",
                        employee=card.employee_id.name,
                        card=card.name,
                        date=card.appeal_deadline,
                    )
                )
        self._check_interview_done()
        self._trade_workflow_write({"state": "final", "date_final": today})
        return True

    def action_open_interview(self):
        self.ensure_one()
        self._check_managed_by_user()
        if self.period_type != "annual":
            raise UserError(
                self.env._("The performance interview belongs to the annual appraisal.")
            )
        if self.state not in PUBLISHED_STATES:
            raise UserError(
                self.env._(
                    "Hold the performance interview once HR has published %(card)s.",
                    card=self.name,
                )
            )
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Performance Interview"),
            "res_model": "trade.appraisal.interview",
            "view_mode": "form",
            "context": {"default_scorecard_id": self.id},
        }
        if self.interview_ids:
            action["res_id"] = self.interview_ids[0].id
        return action

    def action_request_peer_evaluations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Peer Evaluations"),
            "res_model": "trade.appraisal.peer.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scorecard_id": self.id},
        }

    def action_print(self):
        return self.env.ref(
            "trade_appraisal.action_report_trade_appraisal_scorecard"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_finalize(self):
        """Scorecards whose appeal window has passed without an appeal become
        final (annual ones once their performance interview is held)."""
        today = fields.Date.context_today(self)
        cards = self.search(
            [("state", "=", "published"), ("appeal_deadline", "<", today)]
        ).filtered(lambda card: card.period_type == "monthly" or card.interview_done)
        cards._trade_workflow_write(
            {"state": "final", "date_final": today}, access=None
        )
        return cards

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _is_open(self):
        self.ensure_one()
        return self.state in OPEN_STATES

    def _check_hr(self):
        if not (self.env.su or self.env.user.has_group(HR_GROUP)):
            raise AccessError(
                self.env._(
                    "Only the HR department (Appraisal HR) collects, publishes "
                    "and closes scorecards."
                )
            )

    def _managers(self):
        """The business managers above the employee: the chain of managers
        (``parent_id``) and the manager of the scorecard's department."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        users = self.env["res.users"]
        boss = employee.parent_id
        seen = set()
        while boss and boss.id not in seen:
            seen.add(boss.id)
            users |= boss.user_id
            boss = boss.parent_id
        department = (self.department_id or employee.department_id).sudo()
        users |= department.manager_id.user_id
        users -= employee.user_id
        return users.filtered(lambda user: user.has_group(MANAGER_GROUP))

    def _supervisor_user(self):
        """The user of the employee's direct manager, else of the department's."""
        self.ensure_one()
        employee = self.employee_id.sudo()
        supervisor = (
            employee.parent_id.user_id
            or (self.department_id or employee.department_id).manager_id.user_id
        )
        return supervisor if supervisor != employee.user_id else self.env["res.users"]

    def _check_managed_by_user(self):
        if self.env.su:
            return
        for card in self:
            if self.env.user not in card._managers():
                raise AccessError(
                    self.env._(
                        "Only the business manager of %(employee)s scores and "
                        "reviews %(card)s.",
                        employee=card.employee_id.name,
                        card=card.name,
                    )
                )

    def _check_scoring_allowed(self):
        locked = self.filtered(lambda card: card.state not in ("collected", "scored"))
        if locked:
            card = locked[0]
            if card.state in PUBLISHED_STATES:
                raise UserError(
                    self.env._(
                        "%(card)s is published: its scores change only through an "
                        "appeal decision.",
                        card=card.name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(card)s is scored once HR has collected its data.",
                    card=card.name,
                )
            )
        self._check_managed_by_user()

    def _check_can_appeal(self):
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(employee)s can appeal %(card)s.",
                    employee=self.employee_id.name,
                    card=self.name,
                )
            )
        if self.state != "published":
            raise UserError(
                self.env._(
                    "Only a published scorecard can be appealed, once: %(card)s "
                    "is %(state)s.",
                    card=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        self.state
                    ],
                )
            )
        if fields.Date.context_today(self) > self.appeal_deadline:
            raise UserError(
                self.env._(
                    "The appeal window of %(card)s closed on %(date)s.",
                    card=self.name,
                    date=self.appeal_deadline,
                )
            )

    def _appeal(self, reason):
        """The employee appeals their published scorecard."""
        self._check_can_appeal()
        if not (reason or "").strip():
            raise UserError(self.env._("Explain why you appeal the scorecard."))
        appeal = self.env["trade.appraisal.appeal"]._trade_workflow_create(
            [{"scorecard_id": self.id, "reason": reason.strip()}]
        )
        # the employee reads their published card but cannot write it
        self._trade_workflow_write({"state": "appealed"}, access="read")
        self.message_post(
            body=self.env._("Appeal lodged: %(reason)s", reason=reason.strip()),
            subtype_xmlid="mail.mt_note",
        )
        # the activities are for the manager and HR, not the employee's to set
        appeal.sudo()._schedule_review()
        return appeal

    def _post_decision(self, appeal, adjustments):
        """Tell the employee the appeal's outcome, with every changed score."""
        self.ensure_one()
        decisions = dict(appeal._fields["decision"]._description_selection(self.env))
        changes = Markup("").join(
            Markup("<li>%s</li>")
            % self.env._(
                "%(indicator)s: %(old)s → %(new)s",
                indicator=adjustment.indicator_id.name,
                old=adjustment.old_score,
                new=adjustment.new_score,
            )
            for adjustment in adjustments
        )
        summary = self.env._(
            "Appeal decided: %(decision)s. Total %(before)s → %(after)s, grade "
            "%(grade_before)s → %(grade_after)s. Grounds: %(note)s",
            decision=decisions[appeal.decision],
            before=appeal.total_before,
            after=appeal.total_after,
            grade_before=appeal.grade_before,
            grade_after=appeal.grade_after,
            note=appeal.decision_note,
        )
        body = Markup("<p>%s</p>") % summary
        if changes:
            body += Markup("<ul>%s</ul>") % changes
        self.message_post(
            body=body,
            partner_ids=self.employee_id.sudo().user_id.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
        )

    def _check_interview_done(self):
        missing = self.filtered(
            lambda card: card.period_type == "annual" and not card.interview_done
        )
        if missing:
            raise UserError(
                self.env._(
                    "Record the performance interview (strengths, gaps, "
                    "improvement plan) of %(cards)s before the annual appraisal "
                    "becomes final.",
                    cards=", ".join(missing.mapped("name")),
                )
            )

    def _annual_parts(self):
        """``[(weight, score)]`` of the parts of the annual appraisal that
        have a score; a missing part counts for nothing and the others count
        proportionally."""
        self.ensure_one()
        available = {
            "monthly": (self.monthly_card_count > 0, self.monthly_average_score),
            "self": (self.has_self_score, self.self_score),
            "peer": (self.peer_count > 0, self.peer_score),
            "supervisor": (self.has_supervisor_score, self.supervisor_score),
        }
        return [
            (self[f"weight_{part}"], score)
            for part, (present, score) in available.items()
            if present
        ]

    def _notify_employee_published(self):
        for card in self:
            partner = card.employee_id.sudo().user_id.partner_id
            if not partner:
                continue
            localized = card.with_context(lang=partner.lang or self.env.lang)
            bonus = card.currency_id.format(card.bonus_amount)
            body = localized.env._(
                "Your scorecard %(card)s is published: total score %(total)s, "
                "grade %(grade)s, bonus %(bonus)s payable on %(date)s. You may "
                "appeal until %(deadline)s.",
                card=card.name,
                total=card.total_score,
                grade=card.grade,
                bonus=bonus,
                date=card.bonus_payment_date,
                deadline=card.appeal_deadline,
            )
            card.message_post(
                body=Markup("<p>%s</p>") % body,
                partner_ids=partner.ids,
                subtype_xmlid="mail.mt_comment",
                message_type="comment",
            )

    def _schedule_coaching(self):
        """A coaching or training activity for the manager of a low grade."""
        for card in self.filtered("needs_coaching"):
            manager = card._supervisor_user() or self.env.user
            card.activity_schedule(
                "trade_appraisal.mail_activity_type_trade_appraisal_coaching",
                summary=self.env._(
                    "Coaching plan for %(employee)s (grade %(grade)s)",
                    employee=card.employee_id.name,
                    grade=card.grade,
                ),
                note=self.env._(
                    "Agree a training or coaching plan with %(employee)s, or "
                    "consider a role that suits them better.",
                    employee=card.employee_id.name,
                ),
                user_id=manager.id,
            )

    def _refresh_from_data(self):
        """Re-read the data of the scorecards, in a few grouped queries per
        period: the actuals of every salesperson at once, the targets, the
        employee's department, manager and base bonus, and for annual cards
        the year's monthly results and the evaluations to request."""
        by_period = defaultdict(lambda: self.browse())
        for card in self:
            by_period[card.period_id] |= card
        for period, cards in by_period.items():
            cards = cards.sudo()
            employees = cards.employee_id
            period = period.sudo()
            actuals = period._compute_actuals(employees.user_id)
            targets = period._targets(employees)
            annual = period.period_type == "annual"
            weights = period.company_id._trade_appraisal_annual_weights()
            monthly = cards._monthly_results() if annual else {}
            for card in cards:
                employee = card.employee_id
                values = {
                    "department_id": employee.department_id.id,
                    "manager_id": employee.parent_id.id,
                    "base_bonus": employee.trade_annual_base_bonus
                    if annual
                    else employee.trade_base_bonus,
                }
                if annual:
                    average, count = monthly["cards"].get(employee.id, (0.0, 0))
                    values.update(
                        monthly_average_score=float_round(average, 2),
                        monthly_card_count=count,
                        **{f"weight_{part}": weights[part] for part in ANNUAL_PARTS},
                    )
                card.write(values)
                for line in card.line_ids:
                    line.write(
                        line._values_from_data(
                            actuals, targets, monthly.get("lines", {}), annual
                        )
                    )
            if annual:
                cards.filtered(
                    lambda card: card.state in ("draft", "collected")
                )._ensure_evaluations()

    def _monthly_results(self):
        """The year's published monthly results of the annual cards' employees:
        ``{"cards": {employee_id: (average_total, count)},
        "lines": {(employee_id, indicator_id): (average_score, average_actual)}}``."""
        period = self.period_id
        domain = [
            ("employee_id", "in", self.employee_id.ids),
            ("period_type", "=", "monthly"),
            ("company_id", "=", period.company_id.id),
            ("date_start", ">=", period.date_start),
            ("date_start", "<=", period.date_end),
            ("state", "in", PUBLISHED_STATES),
        ]
        Scorecard = self.env["trade.appraisal.scorecard"].sudo()
        cards = {
            employee.id: (average, count)
            for employee, average, count in Scorecard._read_group(
                domain, ["employee_id"], ["total_score:avg", "__count"]
            )
        }
        lines = {
            (employee.id, indicator.id): (score, actual)
            for employee, indicator, score, actual in self.env[
                "trade.appraisal.scorecard.line"
            ]
            .sudo()
            ._read_group(
                [
                    ("scorecard_id", "in", Scorecard._search(domain)),
                    ("is_scored", "=", True),
                ],
                ["employee_id", "indicator_id"],
                ["score:avg", "actual:avg"],
            )
        }
        return {"cards": cards, "lines": lines}

    def _ensure_evaluations(self):
        """Request the self-evaluation and the supervisor evaluation of annual
        cards that do not have them yet."""
        Evaluation = self.env["trade.appraisal.evaluation"].sudo()
        existing = {
            (evaluation.scorecard_id.id, evaluation.role)
            for evaluation in Evaluation.search([("scorecard_id", "in", self.ids)])
        }
        values = []
        for card in self:
            evaluators = {
                "self": card.employee_id.user_id,
                "supervisor": card._supervisor_user(),
            }
            for role, user in evaluators.items():
                if user and (card.id, role) not in existing:
                    values.append(
                        {"scorecard_id": card.id, "role": role, "evaluator_id": user.id}
                    )
        evaluations = Evaluation.create(values)
        evaluations._schedule_activity()
        return evaluations
