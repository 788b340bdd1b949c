import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_round

from odoo.addons.trade_business_dept.text import join_names

from .roles import check_hr
from .trade_appraisal_grade import GRADES

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
#: settings, and the stored results computed from the lines. The annual
#: appraisal and the follow-up add theirs in their files.
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
}
#: Fields the manager fills in while scoring.
SCORING_FIELDS = {"ability_comment", "attitude_comment", "manager_comment", "line_ids"}


class TradeAppraisalScorecard(models.Model):
    """An employee's scorecard of a month or a year (R4.1, R4.2).

    One concern per file, the model being inherited in several files:

    - this file: the card, its results (total, grade, bonus) and its workflow
      (HR collects, the manager scores, HR publishes and closes);
    - ``trade_appraisal_scorecard_data.py``: the data refreshed from the
      actuals (``trade.appraisal.actuals``), the targets and the employee;
    - ``trade_appraisal_scorecard_annual.py``: the annual appraisal (the
      year's monthly results, the 360 evaluations and their weights);
    - ``trade_appraisal_scorecard_followup.py``: what follows publication
      (the employee's notice, the appeal, the performance interview, the
      coaching and the development plan).
    """

    _name = "trade.appraisal.scorecard"
    _description = "Appraisal Scorecard"
    _inherit = [
        "trade.workflow.mixin",
        "trade.appraisal.reader.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
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
        "bonuses with the first salary of the next year; a scorecard published "
        "later is paid with the first salary after its publication.",
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
    is_my_team = fields.Boolean(
        string="Scored by Me",
        compute="_compute_is_my_team",
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

    @api.depends(
        "period_id.date_end",
        "company_id.trade_appraisal_salary_day",
        "date_published",
    )
    def _compute_bonus_payment_date(self):
        """The salary day of the month after the period; a scorecard published
        after that day is paid with the first salary after its publication."""
        for card in self:
            if not card.period_id.date_end:
                card.bonus_payment_date = False
                continue
            salary_day = card.company_id.trade_appraisal_salary_day or 1
            payday = self._salary_day_in(
                card.period_id.date_end + timedelta(days=1), salary_day
            )
            published = card.date_published
            if published and published > payday:
                payday = self._salary_day_in(published, salary_day)
                if payday < published:
                    payday = self._salary_day_in(
                        published + relativedelta(months=1, day=1), salary_day
                    )
            card.bonus_payment_date = payday

    @staticmethod
    def _salary_day_in(month, salary_day):
        """The salary day of the month of ``month`` (its last day if shorter)."""
        last_day = calendar.monthrange(month.year, month.month)[1]
        return date(month.year, month.month, min(salary_day, last_day))

    @api.depends_context("uid")
    @api.depends("employee_id", "department_id")
    def _compute_is_my_team(self):
        for card in self:
            card.is_my_team = self.env.user in card._managers()

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
                    cards=join_names(self.env, started.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_collect(self):
        """HR has checked the data: refresh it one last time and freeze the
        scorecard for the manager's scoring."""
        check_hr(self.env, self._hr_only_message())
        wrong = self.filtered(lambda card: card.state != "draft")
        if wrong:
            raise UserError(
                self.env._(
                    "Only draft scorecards can be collected: %(cards)s.",
                    cards=join_names(self.env, wrong.mapped("name")),
                )
            )
        self._refresh_from_data()
        self._check_targets_set()
        self._trade_workflow_write(
            {"state": "collected", "date_collected": fields.Date.context_today(self)}
        )
        self._post_collected()
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
                    cards=join_names(self.env, wrong.mapped("name")),
                )
            )
        for card in self:
            card._check_ready_to_score()
        self._trade_workflow_write(
            {"state": "scored", "date_scored": fields.Date.context_today(self)}
        )
        for card in self:
            card.message_post(
                body=card._trade_in_reader_lang().env._(
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
                    cards=join_names(self.env, wrong.mapped("name")),
                )
            )
        self._trade_workflow_write({"state": "collected", "date_scored": False})
        return True

    def action_publish(self):
        """HR publishes the results: the employee is notified and may appeal
        within the number of days set in Settings."""
        check_hr(self.env, self._hr_only_message())
        wrong = self.filtered(lambda card: card.state != "scored")
        if wrong:
            raise UserError(
                self.env._(
                    "Only scored scorecards can be published: %(cards)s.",
                    cards=join_names(self.env, wrong.mapped("name")),
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
        self._propose_development_needs()
        return True

    def action_finalize(self):
        """Close the scorecard once the appeal window has passed."""
        check_hr(self.env, self._hr_only_message())
        wrong = self.filtered(lambda card: card.state != "published")
        if wrong:
            raise UserError(
                self.env._(
                    "Only published scorecards without an open appeal can be made "
                    "final: %(cards)s.",
                    cards=join_names(self.env, wrong.mapped("name")),
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

    def action_print(self):
        return self.env.ref(
            "trade_appraisal.action_report_trade_appraisal_scorecard"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_finalize(self, batch_size=None):
        """Scorecards whose appeal window has passed without an appeal become
        final (annual ones once their performance interview is held). A
        batch at a time (``ir.cron._trade_run_batches``): the scorecards
        still published.

        :return: the scorecards made final by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("appraisal_finalize", 500, batch_size)
        today = fields.Date.context_today(self)
        todo = [
            ("state", "=", "published"),
            ("appeal_deadline", "<", today),
            "|",
            ("period_type", "=", "monthly"),
            ("interview_done", "=", True),
        ]
        finalized = self.browse()

        def finalize(cards):
            nonlocal finalized
            cards._trade_workflow_write(
                {"state": "final", "date_final": today}, access=None
            )
            finalized |= cards

        step = Cron._trade_batch_step(self, todo, size, finalize)
        Cron._trade_run_batches("appraisal_finalize", [step])
        return finalized

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _managers(self):
        """The business managers above the employee (see
        ``hr.employee._trade_appraisal_managers``), from the scorecard's
        department."""
        self.ensure_one()
        return self.employee_id._trade_appraisal_managers(self.department_id)

    def _supervisor_user(self):
        """The user of the employee's direct manager, else of the department's."""
        self.ensure_one()
        return self.employee_id._trade_appraisal_supervisor(self.department_id)

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

    def _check_ready_to_score(self):
        """Raise unless the manager has scored and commented this card."""
        self.ensure_one()
        if self.period_type == "monthly":
            unscored = self.line_ids.filtered(
                lambda line: line.kind == "manual" and not line.is_scored
            )
            if unscored:
                raise UserError(
                    self.env._(
                        "Score every ability and attitude indicator of "
                        "%(card)s first: %(indicators)s.",
                        card=self.name,
                        indicators=join_names(
                            self.env, unscored.indicator_id.mapped("name")
                        ),
                    )
                )
        if (
            not (self.ability_comment or "").strip()
            or not (self.attitude_comment or "").strip()
        ):
            raise UserError(
                self.env._(
                    "Write your comments on ability and on attitude for %(card)s.",
                    card=self.name,
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

    def _hr_only_message(self):
        return self.env._(
            "Only the HR department (Appraisal HR) collects, publishes and closes "
            "scorecards."
        )
