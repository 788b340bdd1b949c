from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestAppeal(TradeAppraisalCase):
    def _appeal(self, card, reason="My teamwork score ignores the Hongda rescue."):
        wizard = Form(
            self.env["trade.appraisal.scorecard.appeal"]
            .with_user(self.salesperson)
            .with_context(default_scorecard_id=card.id)
        )
        wizard.reason = reason
        wizard.save().action_confirm()
        return card.appeal_ids

    def test_employee_appeals_within_the_window_and_hr_adjusts_with_an_audit_trail(
        self,
    ):
        with freeze_time("2021-04-02"):
            card = self._published_card(score=70)
        total_before, grade_before = card.total_score, card.grade
        with freeze_time("2021-04-09"):
            self.assertTrue(card.with_user(self.salesperson).can_appeal)
            appeal = self._appeal(card)
        self.assertEqual(card.state, "appealed")
        self.assertEqual(appeal.state, "open")
        self.assertEqual(appeal.with_user(self.salesperson).reason, appeal.reason)
        # the manager and HR are asked to act
        self.assertEqual(
            set(appeal.activity_ids.mapped("user_id").ids),
            {self.manager.id, self.hr_user.id},
        )
        # HR decides with the department's findings
        decide = Form(
            self.env["trade.appraisal.appeal.decide"]
            .with_user(self.hr_user)
            .with_context(default_appeal_id=appeal.id)
        )
        decide.decision = "adjusted"
        decide.note = "The Hongda rescue was teamwork."
        for index in range(len(decide.line_ids)):
            with decide.line_ids.edit(index) as line:
                if line.indicator_id.code == "teamwork":
                    line.new_score = 95
        wizard = decide.save()
        with self.assertRaisesText(UserError, "department's findings"):
            wizard.action_confirm()
        appeal.with_user(self.manager).manager_opinion = "Confirmed by the team."
        wizard.action_confirm()
        self.assertEqual(card.state, "final")
        self.assertEqual(appeal.decision, "adjusted")
        self.assertEqual(appeal.decided_by_id, self.hr_user)
        adjustment = appeal.adjustment_ids
        self.assertEqual(
            (adjustment.indicator_id.code, adjustment.old_score, adjustment.new_score),
            ("teamwork", 70, 95),
        )
        self.assertEqual(adjustment.user_id, self.hr_user)
        self.assertEqual(self._line(card, "teamwork").score, 95)
        self.assertEqual(self._line(card, "teamwork").band_id.score_min, 90)
        # satisfaction has no rating: the other indicators weigh 90
        self.assertEqual(total_before, round(30 * 70 / 90, 2))
        self.assertEqual(card.total_score, round((24 * 70 + 6 * 95) / 90, 2))
        self.assertEqual(
            (appeal.total_before, appeal.total_after, appeal.grade_before),
            (total_before, card.total_score, grade_before),
        )
        message = card.message_ids[0]
        self.assertIn("Teamwork: 70.0 → 95.0", message.body)
        self.assertIn(self.salesperson.partner_id, message.partner_ids)
        # the employee reads the decision and its trail
        self.assertEqual(
            appeal.with_user(self.salesperson).adjustment_ids.new_score, 95
        )

    def test_appeal_after_the_deadline_is_refused(self):
        with freeze_time("2021-04-02"):
            card = self._published_card()
        with freeze_time("2021-04-10"):
            self.assertFalse(card.with_user(self.salesperson).can_appeal)
            with self.assertRaisesText(UserError, "closed on 2021-04-09"):
                self._appeal(card)
        self.assertEqual(card.state, "published")
        self.assertFalse(card.appeal_ids)

    def test_appeal_window_follows_the_setting(self):
        self.company.trade_appraisal_appeal_days = 15
        with freeze_time("2021-04-02"):
            card = self._published_card()
        self.assertEqual(card.appeal_deadline, date(2021, 4, 17))

    def test_only_the_employee_appeals_once_with_a_reason(self):
        card = self._published_card()
        with self.assertRaises(AccessError):
            card.with_user(self.colleague)._appeal("Not mine")
        with self.assertRaisesText(AccessError, "Only Li Wei can appeal"):
            card.with_user(self.manager)._appeal("On her behalf")
        with self.assertRaisesText(UserError, "Explain why"):
            card.with_user(self.salesperson)._appeal("   ")
        self._appeal(card)
        with self.assertRaisesText(UserError, "appealed, once"):
            card.with_user(self.salesperson)._appeal("Again")
        with self.assertRaisesText(UserError, "Appeal button"):
            self.env["trade.appraisal.appeal"].with_user(self.salesperson).create(
                {"scorecard_id": card.id, "reason": "Direct"}
            )

    def test_upholding_leaves_the_scores_and_closes_the_card(self):
        card = self._published_card()
        appeal = self._appeal(card)
        appeal.with_user(self.manager).manager_opinion = "Scores are fair."
        with self.assertRaises(AccessError):
            appeal.with_user(self.manager)._decide("upheld", "Fair", {})
        with self.assertRaisesText(UserError, "Change at least one score"):
            appeal.with_user(self.hr_user)._decide("adjusted", "Nothing", {})
        total = card.total_score
        appeal.with_user(self.hr_user)._decide("upheld", "The scores are fair.", {})
        self.assertEqual((card.state, card.total_score), ("final", total))
        self.assertFalse(appeal.adjustment_ids)
        with self.assertRaisesText(UserError, "is decided"):
            appeal.with_user(self.manager).manager_opinion = "Too late"
