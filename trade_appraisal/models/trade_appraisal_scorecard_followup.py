# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .trade_appraisal_scorecard import PUBLISHED_STATES


class TradeAppraisalScorecard(models.Model):
    """What follows the publication of a scorecard (R4.3): the employee's
    notice, the appeal within the window, the performance interview and the
    coaching of low grades."""

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
