from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.trade_business_dept.text import join_names

from .roles import is_hr
from .trade_appraisal_scorecard import PUBLISHED_STATES

PLAN_STATES = [
    ("open", "In Progress"),
    ("reviewed", "Reviewed"),
]
#: Needs that are still to be met: a new proposal for the same indicator (or
#: a second coaching) is not added beside them.
OPEN_NEED_STATES = ("proposed", "agreed")


class TradeDevelopmentPlan(models.Model):
    """An employee's development plan of a calendar year (R4.4.3).

    One plan per employee and year. Its training needs come from the
    appraisal (indicators scored under the threshold of Settings, coaching
    after a low grade) and from the employee's own requests; the manager
    agrees or declines them and plans courses or coaching with dates and
    their outcome. The annual appraisal of the year reviews the plan: the
    annual scorecard shows it and the review is recorded on it.

    A scorecard's needs go to the plan of the year in which the scorecard is
    published: December's card and the annual appraisal, published in
    January, feed the new year's plan.

    The employee reads their plan and requests training on it; the business
    manager manages the plans of their department; HR manages all of them.
    Plans are created by the application (``_for_employees``), never by hand.
    """

    _name = "trade.development.plan"
    _description = "Development Plan"
    _inherit = [
        "trade.workflow.mixin",
        "trade.appraisal.reader.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "year desc, employee_id, id"
    _check_company_auto = True
    _mail_post_access = "read"

    name = fields.Char(
        compute="_compute_name",
        store=True,
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    department_id = fields.Many2one(
        related="employee_id.department_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    year = fields.Integer(
        required=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    state = fields.Selection(
        selection=PLAN_STATES,
        string="Status",
        required=True,
        default="open",
        tracking=True,
        copy=False,
    )
    need_ids = fields.One2many(
        comodel_name="trade.development.need",
        inverse_name="plan_id",
        string="Training Needs",
    )
    training_ids = fields.One2many(
        comodel_name="trade.development.training",
        inverse_name="plan_id",
        string="Courses and Coaching",
    )
    review_note = fields.Text(
        string="Review",
        help="What the development brought this year, written at the annual appraisal.",
    )
    review_scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        string="Reviewed at",
        readonly=True,
        copy=False,
    )
    date_reviewed = fields.Date(
        string="Reviewed On",
        readonly=True,
        copy=False,
    )
    reviewed_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
    )
    can_manage = fields.Boolean(
        compute="_compute_can_manage",
    )
    can_request = fields.Boolean(
        compute="_compute_can_manage",
    )

    _sql_constraints = [
        (
            "employee_year_unique",
            "unique(employee_id, year)",
            "An employee has one development plan per year.",
        ),
    ]

    @api.depends("employee_id.name", "year")
    def _compute_name(self):
        for plan in self:
            plan.name = f"{plan.employee_id.name} – {plan.year}"

    @api.depends_context("uid")
    @api.depends("employee_id", "state")
    def _compute_can_manage(self):
        for plan in self:
            plan.can_manage = plan.state == "open" and plan._is_manager()
            plan.can_request = plan.state == "open" and plan.user_id == self.env.user

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "review_scorecard_id",
            "date_reviewed",
            "reviewed_by_id",
            "employee_id",
            "company_id",
            "year",
            "name",
            "user_id",
            "department_id",
        }

    def write(self, vals):
        if not self.env.su and "review_note" in vals:
            self._check_manager()
            self._check_open()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_request_training(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Training"),
            "res_model": "trade.development.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_plan_id": self.id},
        }

    def action_review(self):
        """The annual appraisal of the plan's year reviews it."""
        self._check_manager()
        for plan in self:
            plan._check_open()
            if not (plan.review_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write the review of %(plan)s: what the development "
                        "brought this year.",
                        plan=plan.name,
                    )
                )
            card = plan._annual_scorecard()
            plan._trade_workflow_write(
                {
                    "state": "reviewed",
                    "review_scorecard_id": card.id,
                    "date_reviewed": fields.Date.context_today(self),
                    "reviewed_by_id": self.env.user.id,
                },
                access=None,
            )
            card.sudo().message_post(
                body=card._trade_in_reader_lang().env._(
                    "Development plan %(plan)s reviewed: %(review)s",
                    plan=plan.name,
                    review=plan.review_note,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _for_employees(self, employees, year):
        """The plans of ``employees`` for ``year``, created when missing.

        :return: ``{employee_id: plan}``, plans in the caller's environment
        """
        Plan = self.sudo()
        plans = Plan.search([("employee_id", "in", employees.ids), ("year", "=", year)])
        missing = employees - plans.employee_id
        plans |= Plan._trade_workflow_create(
            [
                {
                    "employee_id": employee.id,
                    "company_id": employee.sudo().company_id.id,
                    "year": year,
                }
                for employee in missing
            ]
        )
        return {plan.employee_id.id: plan.with_env(self.env) for plan in plans}

    @api.model
    def _own_plan(self):
        """The current year's plan of the user's employee."""
        employee = self.env.user.employee_id
        if not employee:
            raise UserError(
                self.env._(
                    "You have no employee record in this company: ask HR to "
                    "create it before requesting training."
                )
            )
        year = fields.Date.context_today(self).year
        return self._for_employees(employee, year)[employee.id]

    def _request_need(self, name, description=False):
        """The employee asks for a training on their own plan."""
        self.ensure_one()
        if self.user_id != self.env.user:
            raise AccessError(
                self.env._(
                    "Only %(employee)s requests training on their plan; the "
                    "manager adds needs to it directly.",
                    employee=self.employee_id.name,
                )
            )
        self._check_open()
        need = self.env["trade.development.need"]._trade_workflow_create(
            [
                {
                    "plan_id": self.id,
                    "name": name,
                    "description": description,
                    "source": "request",
                }
            ]
        )
        self._ask_review(
            lambda env: env._(
                "%(employee)s requests training: %(need)s",
                employee=self.employee_id.name,
                need=name,
            )
        )
        return need

    def _propose_needs(self, card, lines):
        """Propose a need for each indicator of ``card`` scored under the
        threshold (``lines``), unless the plan already has an open need for
        that indicator."""
        self.ensure_one()
        open_needs = self.need_ids.filtered(lambda need: need.state in OPEN_NEED_STATES)
        # the need is named after the indicator in the employee's language
        reader_env = self._trade_in_reader_lang().env
        values = [
            {
                "plan_id": self.id,
                "name": line.indicator_id.with_env(reader_env).name,
                "source": "score",
                "indicator_id": line.indicator_id.id,
                "scorecard_id": card.id,
                "score": line.score,
            }
            for line in lines
            if line.indicator_id not in open_needs.indicator_id
        ]
        needs = self.env["trade.development.need"]._trade_workflow_create(values)
        if needs:
            self._ask_review(
                lambda env: env._(
                    "Training needs proposed by %(card)s: %(needs)s",
                    card=card.name,
                    needs=join_names(env, needs.mapped("name")),
                )
            )
        return needs

    def _add_coaching_need(self, card):
        """After a low grade, coaching is a need of the plan (agreed: the
        department's rules require it), unless one is still open."""
        self.ensure_one()
        if self.need_ids.filtered(
            lambda need: need.source == "coaching" and need.state in OPEN_NEED_STATES
        ):
            return self.env["trade.development.need"]
        return self.env["trade.development.need"]._trade_workflow_create(
            [
                {
                    "plan_id": self.id,
                    "name": self._trade_in_reader_lang().env._(
                        "Coaching after grade %s", card.grade
                    ),
                    "source": "coaching",
                    "scorecard_id": card.id,
                    "score": card.total_score,
                    "state": "agreed",
                }
            ]
        )

    def _annual_scorecard(self):
        """The published annual scorecard of the plan's year, which reviews it."""
        self.ensure_one()
        card = (
            self.env["trade.appraisal.scorecard"]
            .sudo()
            .search(
                [
                    ("employee_id", "=", self.employee_id.id),
                    ("period_type", "=", "annual"),
                    ("date_start", "=", f"{self.year}-01-01"),
                    ("company_id", "=", self.company_id.id),
                    ("state", "in", PUBLISHED_STATES),
                ],
                limit=1,
            )
        )
        if not card:
            raise UserError(
                self.env._(
                    "%(plan)s is reviewed at the annual appraisal: HR publishes "
                    "the annual scorecard of %(year)s first.",
                    plan=self.name,
                    year=self.year,
                )
            )
        return card

    def _ask_review(self, message):
        """Note ``message(env)`` on the plan, in the employee's language, and
        ask the employee's supervisor to review the needs, in theirs."""
        activity_type = self.env.ref(
            "trade_appraisal.mail_activity_type_trade_development_review"
        )
        for plan in self.sudo():
            plan.message_post(
                body=Markup("<p>%s</p>") % message(plan._trade_in_reader_lang().env)
            )
            supervisor = plan.employee_id._trade_appraisal_supervisor()
            asked = plan.activity_ids.filtered(
                lambda activity, user=supervisor: (
                    activity.activity_type_id == activity_type
                    and activity.user_id == user
                )
            )
            if supervisor and not asked:
                plan.activity_schedule(
                    "trade_appraisal.mail_activity_type_trade_development_review",
                    note=message(plan.with_context(lang=supervisor.lang).env),
                    user_id=supervisor.id,
                )

    def _is_manager(self):
        """HR or a business manager of the employee, never the employee: an HR
        officer's own plan (her requests, her needs agreed, her review) is
        managed by another HR officer or her manager."""
        self.ensure_one()
        if self.user_id == self.env.user:
            return False
        return is_hr(self.env) or (
            self.env.user in self.employee_id._trade_appraisal_managers()
        )

    def _check_manager(self):
        for plan in self:
            if plan.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "%(plan)s is your own development plan: your business "
                        "manager or another HR officer manages it; request "
                        "training on it instead.",
                        plan=plan.name,
                    )
                )
            if not plan._is_manager():
                raise AccessError(
                    self.env._(
                        "The development plan of %(employee)s is managed by their "
                        "business manager and HR.",
                        employee=plan.employee_id.name,
                    )
                )

    def _check_open(self):
        reviewed = self.filtered(lambda plan: plan.state == "reviewed")
        if reviewed:
            raise UserError(
                self.env._(
                    "%(plan)s is reviewed and closed; record new needs in the "
                    "next year's plan.",
                    plan=reviewed[0].name,
                )
            )
