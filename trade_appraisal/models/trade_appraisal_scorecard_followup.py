# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.trade_business_dept.text import join_names

from .roles import is_hr
from .trade_appraisal_scorecard import PUBLISHED_STATES
from .trade_development_plan import PLAN_STATES


class TradeAppraisalScorecard(models.Model):
    """What follows the publication of a scorecard (R4.3, R4.4.3): the
    employee's notice, the appeal within the window, the performance
    interview, the coaching of low grades and the training needs proposed to
    the employee's development plan (the annual card shows the year's plan,
    which its appraisal reviews)."""

    _inherit = "trade.appraisal.scorecard"

    can_appeal = fields.Boolean(
        compute="_compute_can_appeal",
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
    development_plan_id = fields.Many2one(
        comodel_name="trade.development.plan",
        compute="_compute_development_plan_id",
        help="The employee's development plan of the year, reviewed at the "
        "annual appraisal.",
    )
    development_plan_state = fields.Selection(
        selection=PLAN_STATES,
        string="Development Plan Status",
        compute="_compute_development_plan_id",
    )
    development_need_ids = fields.Many2many(
        comodel_name="trade.development.need",
        string="Training Needs",
        compute="_compute_development_plan_id",
    )
    development_training_ids = fields.Many2many(
        comodel_name="trade.development.training",
        string="Courses and Coaching",
        compute="_compute_development_plan_id",
    )

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

    @api.depends("interview_ids.state")
    def _compute_interview_done(self):
        for card in self:
            card.interview_done = any(
                interview.state == "done" for interview in card.interview_ids
            )

    @api.depends("period_type", "employee_id", "date_start")
    def _compute_development_plan_id(self):
        annual = self.filtered(lambda card: card.period_type == "annual")
        plans = self.env["trade.development.plan"].search(
            [
                ("employee_id", "in", annual.employee_id.ids),
                ("year", "in", list({card.date_start.year for card in annual})),
            ]
        )
        by_key = {(plan.employee_id.id, plan.year): plan for plan in plans}
        for card in self:
            plan = plans.browse()
            if card in annual:
                plan = by_key.get((card.employee_id.id, card.date_start.year), plan)
            card.development_plan_id = plan
            card.development_plan_state = plan.state
            card.development_need_ids = plan.need_ids
            card.development_training_ids = plan.training_ids

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"interview_done"}

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

    def action_open_interview(self):
        self.ensure_one()
        self._check_managed_by_user()
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

    def action_open_development_plan(self):
        """The employee's development plan: the one of the year for an annual
        appraisal, which reviews it; for a month, the one its needs go to."""
        self.ensure_one()
        if not is_hr(self.env):
            self._check_managed_by_user()
        plans = self.env["trade.development.plan"]._for_employees(
            self.employee_id, self._development_year()
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Development Plan"),
            "res_model": "trade.development.plan",
            "res_id": plans[self.employee_id.id].id,
            "view_mode": "form",
        }

    def _notify_employee_published(self):
        for card in self:
            partner = card.employee_id.sudo().user_id.partner_id
            if not partner:
                continue
            localized = card._trade_in_reader_lang()
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
            body=self._trade_in_reader_lang().env._(
                "Appeal lodged: %(reason)s", reason=reason.strip()
            ),
            subtype_xmlid="mail.mt_note",
        )
        # the activities are for the manager and HR, not the employee's to set
        appeal.sudo()._schedule_review()
        return appeal

    def _post_decision(self, appeal, adjustments):
        """Tell the employee the appeal's outcome, with every changed score."""
        self.ensure_one()
        # written for the employee, in their language
        env = self._trade_in_reader_lang().env
        decisions = dict(appeal._fields["decision"]._description_selection(env))
        changes = Markup("").join(
            Markup("<li>%s</li>")
            % env._(
                "%(indicator)s: %(old)s → %(new)s",
                indicator=adjustment.indicator_id.name,
                old=adjustment.old_score,
                new=adjustment.new_score,
            )
            for adjustment in adjustments
        )
        summary = env._(
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
                    cards=join_names(self.env, missing.mapped("name")),
                )
            )

    def _schedule_coaching(self):
        """A coaching or training activity for the manager of a low grade, and
        a coaching need on the employee's development plan."""
        for card in self.filtered("needs_coaching"):
            manager = card._supervisor_user() or self.env.user
            # the manager's activity, in the manager's language
            env = card.with_context(lang=manager.lang).env
            card.activity_schedule(
                "trade_appraisal.mail_activity_type_trade_appraisal_coaching",
                summary=env._(
                    "Coaching plan for %(employee)s (grade %(grade)s)",
                    employee=card.employee_id.name,
                    grade=card.grade,
                ),
                note=env._(
                    "Agree a training or coaching plan with %(employee)s, or "
                    "consider a role that suits them better.",
                    employee=card.employee_id.name,
                ),
                user_id=manager.id,
            )
        coached = self.filtered("needs_coaching")
        plans = coached._development_plans()
        for card in coached:
            plans[card]._add_coaching_need(card)

    def _propose_development_needs(self):
        """Propose a training need on the employee's development plan for each
        indicator scored under the company's threshold (Settings)."""
        low = {
            card: card.line_ids.filtered(
                lambda line, card=card: (
                    line.is_scored
                    and line.score < card.company_id.trade_appraisal_need_score
                )
            )
            for card in self
        }
        cards = self.filtered(lambda card: low[card])
        plans = cards._development_plans()
        for card in cards:
            plans[card]._propose_needs(card, low[card])

    def _development_plans(self):
        """``{card: plan}``: the development plan each card's needs go to,
        created when missing, in one search per year."""
        by_year = defaultdict(lambda: self.browse())
        for card in self:
            by_year[card._development_year(published=True)] |= card
        plans = {}
        for year, cards in by_year.items():
            by_employee = self.env["trade.development.plan"]._for_employees(
                cards.employee_id, year
            )
            for card in cards:
                plans[card] = by_employee[card.employee_id.id]
        return plans

    def _development_year(self, published=False):
        """The year of the development plan the card concerns: the year of an
        annual appraisal (it reviews that plan), else (and for the needs the
        card proposes) the year it is published in."""
        self.ensure_one()
        if self.period_type == "annual" and not published:
            return self.date_start.year
        return (self.date_published or fields.Date.context_today(self)).year
