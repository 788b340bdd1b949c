from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestMonthlyWorkflow(TradeAppraisalCase):
    def _march_sales(self):
        """1 000 of sales and 400 of margin, one new customer, ratings 4 and 5."""
        self._invoice(self.salesperson, self.customer, [(12, 100.0)])
        self._invoice(
            self.salesperson, self.customer, [(2, 100.0)], move_type="out_refund"
        )
        self._visit(self.salesperson, self.customer, 4)
        self._visit(self.salesperson, self.customer_2, 5)

    def test_notes_and_tracking_in_the_employees_language(self):
        """English HR and manager appraise a Chinese salesperson: the notes on
        the scorecard and the status changes Odoo records read in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.salesperson.lang = "zh_CN"
        (self.hr_user | self.manager).lang = "en_US"
        self._march_sales()
        self._default_targets()
        card = self._generate()
        self.flush_tracking()
        with freeze_time("2021-03-31"):
            card.with_user(self.hr_user).action_collect()
        self.flush_tracking()
        self._score_manual(card, 80).action_score()
        self.flush_tracking()
        bodies = " ".join(card.message_ids.mapped("body"))
        self.assertIn("数据已采集并核对", bodies)
        self.assertIn("已评分", bodies)
        self.assertNotIn("Data collected", bodies)
        self.assertNotIn("Scored", bodies)
        labels = card.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        ).mapped("new_value_char")
        self.assertEqual(sorted(labels), sorted(["数据已采集", "已评分"]))

    def test_hr_collects_manager_scores_hr_publishes_employee_is_notified(self):
        self._march_sales()
        self._default_targets()
        card = self._generate()
        self.flush_tracking()  # the generation and the collection are two commits
        submission = (
            self.env["trade.appraisal.submission"]
            .with_user(self.salesperson)
            .create(
                {
                    "period_id": self.period.id,
                    "sales_report": "<p>Hongda ordered 12 valves.</p>",
                }
            )
        )
        self.assertEqual(submission.employee_id, self.employee)
        submission.action_submit()
        with freeze_time("2021-03-31"):
            card.with_user(self.hr_user).action_collect()
        self.flush_tracking()
        self.assertEqual(
            (card.state, card.date_collected), ("collected", date(2021, 3, 31))
        )
        self.assertEqual(card.submission_id, submission)
        self.assertTrue(
            card.message_ids.filtered(
                lambda message: "monthly submission is attached" in message.body
            )
        )
        # results: sales 1000/1000, profit 400/400, 1 of 2 new customers, 4.5/4
        self.assertEqual(self._line(card, "sales_amount").score, 100)
        self.assertEqual(self._line(card, "profit").score, 100)
        self.assertEqual(self._line(card, "new_customers").score, 50)
        self.assertEqual(self._line(card, "satisfaction").actual, 4.5)
        self.assertEqual(self._line(card, "satisfaction").score, 112.5)

        self._score_manual(card, 80).action_score()
        self.assertEqual(card.state, "scored")
        self.flush_tracking()
        # 30*100 + 20*100 + 10*50 + 10*112.5 + 30*80 = 9025 / 100
        self.assertEqual(card.total_score, 90.25)
        self.assertEqual((card.grade, card.bonus_multiplier), ("S", 1.5))
        self.assertEqual(card.bonus_amount, 3000)
        self.assertEqual(card.bonus_payment_date, date(2021, 4, 10))

        with freeze_time("2021-04-02"):
            card.with_user(self.hr_user).action_publish()
        self.assertEqual(card.state, "published")
        self.assertEqual(card.appeal_deadline, date(2021, 4, 9))
        self.assertEqual(card.published_by_id, self.hr_user)
        notification = card.message_ids.filtered(
            lambda message: self.salesperson.partner_id in message.partner_ids
        )
        self.assertEqual(len(notification), 1)
        self.assertIn("grade S", notification.body)
        self.assertIn("2021-04-09", notification.body)
        self.flush_tracking()
        tracked = card.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertEqual(
            sorted(tracked.mapped("new_value_char")),
            ["Data Collected", "Published", "Scored"],
        )

    def test_no_rating_gives_no_satisfaction_score_and_the_others_count_more(self):
        self._invoice(self.salesperson, self.customer, [(10, 100.0)])
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        satisfaction = self._line(card, "satisfaction")
        self.assertFalse(satisfaction.has_data)
        self.assertFalse(satisfaction.is_scored)
        self._score_manual(card, 60).action_score()
        # sales 100, profit 100, new customers 50, manual 60, satisfaction left out
        expected = (30 * 100 + 20 * 100 + 10 * 50 + 30 * 60) / 90
        self.assertAlmostEqual(card.total_score, round(expected, 2))

    def test_collect_needs_the_targets(self):
        self._invoice(self.salesperson, self.customer, [(1, 100.0)])
        card = self._generate()
        with self.assertRaisesText(
            UserError, "Sales Amount, Profit, and New Customers"
        ):
            card.with_user(self.hr_user).action_collect()
        self.assertEqual(card.state, "draft")

    def test_only_hr_collects_and_publishes(self):
        self._default_targets()
        card = self._generate()
        with self.assertRaisesText(AccessError, "Only the HR department"):
            card.with_user(self.manager).action_collect()
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card).action_score()
        with self.assertRaises(AccessError):
            card.with_user(self.manager).action_publish()
        with self.assertRaisesText(UserError, "Only draft scorecards"):
            card.with_user(self.hr_user).action_collect()

    def test_scoring_needs_every_manual_score_and_both_comments(self):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        as_manager = card.with_user(self.manager)
        self._line(as_manager, "knowledge").score = 70
        with self.assertRaisesText(UserError, "Communication and Coordination"):
            as_manager.action_score()
        for line in as_manager.line_ids.filtered(lambda line: line.kind == "manual"):
            line.score = 70
        with self.assertRaisesText(UserError, "comments on ability and on attitude"):
            as_manager.action_score()
        self.assertEqual(card.state, "collected")

    def test_manager_picks_a_level_and_may_fine_tune_inside_it(self):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        teamwork = self._line(card.with_user(self.manager), "teamwork")
        good = teamwork.indicator_id.band_ids.filtered(
            lambda band: band.score_min == 75
        )
        with Form(card.with_user(self.manager)) as card_form:
            for index in range(len(card_form.line_ids)):
                with card_form.line_ids.edit(index) as line:
                    if line.indicator_id == teamwork.indicator_id:
                        line.band_id = good
                        self.assertEqual(line.score, 83)
                        line.score = 88
            card_form.ability_comment = "Solid"
        self.assertEqual((teamwork.band_id, teamwork.score), (good, 88))
        # typing a score moves the level along
        teamwork.score = 95
        self.assertEqual(teamwork.band_id.score_min, 90)
        with self.assertRaisesText(ValidationError, "outside the level"):
            teamwork.write({"band_id": good.id, "score": 60})
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            teamwork.score = 130

    def test_results_come_from_the_data_and_cannot_be_typed(self):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        sales = self._line(card.with_user(self.manager), "sales_amount")
        with self.assertRaisesText(UserError, "computed from its target and actual"):
            sales.score = 120
        with self.assertRaisesText(UserError, "regenerate the scorecards"):
            sales.actual = 99999
        with self.assertRaisesText(UserError, "cannot be written directly"):
            card.with_user(self.manager).write({"state": "published"})
        self.assertEqual(sales.actual, 0)

    def test_only_the_employees_own_manager_scores(self):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        # the HR officer and a manager of another team do not score
        with self.assertRaises(AccessError):
            self._score_manual(card, user=self.hr_user)
        with self.assertRaises(AccessError):
            self._score_manual(card, user=self.other_manager)
        self.assertFalse(
            card.line_ids.filtered(
                lambda line: line.kind == "manual" and line.is_scored
            )
        )
        # the department's manager does, even without being the direct manager
        self.employee.parent_id = self.other_manager_employee
        self._score_manual(card, user=self.manager).action_score()
        self.assertEqual(card.state, "scored")

    def test_manager_can_reopen_scoring_before_publication(self):
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, 70).action_score()
        card.with_user(self.manager).action_back_to_collected()
        self.assertEqual(card.state, "collected")
        self._score_manual(card, 90).action_score()
        self.assertEqual(self._line(card, "teamwork").score, 90)

    def test_published_card_is_locked(self):
        card = self._published_card()
        teamwork = self._line(card, "teamwork")
        with self.assertRaisesText(UserError, "only through an appeal decision"):
            teamwork.with_user(self.manager).score = 100
        with self.assertRaisesText(UserError, "only through an appeal decision"):
            card.with_user(self.manager).ability_comment = "Changed my mind"
        self.period.with_user(self.hr_user).action_generate_scorecards()
        self.assertEqual(teamwork.score, 80)

    def test_low_grade_gets_a_coaching_activity_for_the_manager(self):
        card = self._published_card(score=30)
        self.assertEqual(card.grade, "D")
        self.assertTrue(card.needs_coaching)
        self.assertEqual(card.bonus_amount, 0)
        coaching = card.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id
                == self.env.ref(
                    "trade_appraisal.mail_activity_type_trade_appraisal_coaching"
                )
            )
        )
        self.assertEqual(coaching.user_id, self.manager)
        self.assertIn("Li Wei", coaching.summary)

    def test_card_becomes_final_once_the_appeal_window_has_passed(self):
        with freeze_time("2021-04-02"):
            card = self._published_card()
        with freeze_time("2021-04-09"), self.assertRaisesText(UserError, "may appeal"):
            card.with_user(self.hr_user).action_finalize()
        with freeze_time("2021-04-10"):
            self.env["trade.appraisal.scorecard"]._cron_finalize()
        self.assertEqual((card.state, card.date_final), ("final", date(2021, 4, 10)))

    def test_only_draft_cards_are_deleted(self):
        card = self._published_card()
        with self.assertRaisesText(UserError, "Only draft scorecards can be deleted"):
            card.with_user(self.hr_user).unlink()

    def test_monthly_submission_is_the_employees_own(self):
        Submission = self.env["trade.appraisal.submission"]
        with self.assertRaisesText(AccessError, "Only Li Wei hands in"):
            Submission.with_user(self.colleague).create(
                {"period_id": self.period.id, "employee_id": self.employee.id}
            )
        submission = Submission.with_user(self.salesperson).create(
            {"period_id": self.period.id}
        )
        with self.assertRaisesText(UserError, "Write or attach"):
            submission.action_submit()
        submission.write({"problem_report": "<p>Late delivery of Hongda's valves.</p>"})
        submission.action_submit()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            submission.write({"problem_report": "<p>Nothing</p>"})
        self.assertFalse(Submission.with_user(self.colleague).search([]))
        self.assertEqual(Submission.with_user(self.manager).search([]), submission)
