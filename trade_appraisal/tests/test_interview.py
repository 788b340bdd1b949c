from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestPerformanceInterview(TradeAppraisalCase):
    """Every published scorecard, monthly or annual, has its interview with an
    improvement plan; the next period's interview follows the plan; the
    employee acknowledges the interview (issue 15, point 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.april = cls.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )

    def _published(self, period=None):
        self._default_targets(period=period)
        card = self._generate(period)
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, 80).action_score()
        card.with_user(self.hr_user).action_publish()
        return card

    def _hold_interview(self, card, goals):
        action = card.with_user(self.manager).action_open_interview()
        form = Form(
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        form.strengths = "Knows the valve range"
        form.gaps = "Follows up quotations late"
        for name, owner, deadline in goals:
            with form.goal_ids.new() as goal:
                goal.name = name
                goal.date_deadline = deadline
                if owner:
                    goal.owner_id = owner
        interview = form.save()
        interview.action_done()
        return interview.with_env(self.env)

    def test_a_monthly_card_has_its_interview_and_plan_followed_next_month(self):
        march = self._published()
        interview = self._hold_interview(
            march,
            [
                ("Follow up every quotation within 3 days", None, date(2021, 4, 30)),
                ("Shadow two price negotiations", self.manager, date(2021, 4, 20)),
            ],
        )
        self.assertTrue(march.interview_done)
        goals = interview.goal_ids
        self.assertEqual(goals.mapped("state"), ["open", "open"])
        # the employee owns their actions unless another owner is named
        self.assertEqual(goals.owner_id, self.salesperson | self.manager)
        # the plan is locked once the interview is held
        with self.assertRaisesText(UserError, "can no longer change"):
            goals[0].with_user(self.manager).date_deadline = date(2021, 5, 31)

        april = self._published(self.april)
        action = april.with_user(self.manager).action_open_interview()
        follow_up = (
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .create({"scorecard_id": april.id, "strengths": "Faster quotes"})
        )
        self.assertEqual(action["context"]["default_scorecard_id"], april.id)
        self.assertEqual(follow_up.previous_interview_id, interview)
        self.assertEqual(follow_up.previous_goal_ids, goals)
        # the manager records how each action went
        follow_up.previous_goal_ids[0].action_mark_done()
        follow_up.previous_goal_ids[1].action_mark_missed()
        self.assertEqual(goals.mapped("state"), ["done", "missed"])
        self.assertEqual(goals.reviewed_by_id, self.manager)
        self.assertTrue(
            interview.message_ids.filtered(lambda message: "Achieved" in message.body)
        )
        # the employee reads their plan and its status, but does not set it
        own_goals = goals.with_user(self.salesperson)
        self.assertEqual(own_goals.mapped("state"), ["done", "missed"])
        with self.assertRaises(AccessError):
            own_goals[0].action_reopen()
        with self.assertRaises(AccessError):
            goals.with_user(self.other_manager).action_reopen()
        # a held interview of an earlier period only: March has no previous one
        self.assertFalse(interview.previous_interview_id)

    def test_the_employee_acknowledges_the_held_interview(self):
        march = self._published()
        draft = (
            self.env["trade.appraisal.interview"]
            .with_user(self.manager)
            .create({"scorecard_id": march.id})
        )
        with self.assertRaisesText(UserError, "after it is held"):
            draft.with_user(self.salesperson).action_acknowledge()
        draft.with_user(self.manager).write(
            {
                "strengths": "Knows the valve range",
                "gaps": "Late follow-ups",
                "goal_ids": [
                    Command.create(
                        {
                            "name": "Weekly pipeline review",
                            "date_deadline": "2021-05-01",
                        }
                    )
                ],
            }
        )
        draft.with_user(self.manager).action_done()
        interview = draft.with_env(self.env)
        activity = interview.activity_ids
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertTrue(interview.with_user(self.salesperson).can_acknowledge)
        self.assertFalse(interview.with_user(self.manager).can_acknowledge)
        # only the employee acknowledges, never by writing the fields
        with self.assertRaisesText(AccessError, "Only Li Wei acknowledges"):
            interview.with_user(self.manager).action_acknowledge()
        with self.assertRaises(AccessError):
            interview.with_user(self.colleague).action_acknowledge()
        with self.assertRaises(AccessError):
            interview.with_user(self.salesperson).write(
                {"acknowledged_by_id": self.salesperson.id}
            )
        with self.assertRaisesText(UserError, "can no longer change"):
            interview.with_user(self.manager).write(
                {"acknowledged_by_id": self.salesperson.id}
            )
        interview.with_user(self.salesperson).action_acknowledge()
        self.assertEqual(interview.acknowledged_by_id, self.salesperson)
        self.assertTrue(interview.date_acknowledged)
        self.assertFalse(interview.activity_ids)
        self.assertTrue(
            interview.message_ids.filtered(
                lambda message: (
                    message.author_id == self.salesperson.partner_id
                    and "acknowledged" in message.body
                )
            )
        )
        with self.assertRaisesText(UserError, "acknowledged once"):
            interview.with_user(self.salesperson).action_acknowledge()

    def test_the_interview_follows_publication_and_is_the_managers(self):
        self._default_targets()
        card = self._generate()
        with self.assertRaisesText(UserError, "once HR has published"):
            card.with_user(self.manager).action_open_interview()
        with self.assertRaisesText(UserError, "is not published"):
            self.env["trade.appraisal.interview"].create({"scorecard_id": card.id})
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, 80).action_score()
        card.with_user(self.hr_user).action_publish()
        Interview = self.env["trade.appraisal.interview"]
        with self.assertRaises(AccessError):
            Interview.with_user(self.other_manager).create({"scorecard_id": card.id})
        with self.assertRaises(AccessError):
            Interview.with_user(self.salesperson).create({"scorecard_id": card.id})
        # the employee reads the interview of their card, a colleague does not
        interview = Interview.with_user(self.manager).create({"scorecard_id": card.id})
        self.assertEqual(
            Interview.with_user(self.salesperson).search([]).ids, interview.ids
        )
        self.assertFalse(Interview.with_user(self.colleague).search([]))
