from datetime import date

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestDevelopmentPlan(TradeAppraisalCase):
    """A development plan per employee and year: needs from low scores, low
    grades and the employee's requests; courses and coaching with their
    outcome; reviewed at the annual appraisal (issue 15, point 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.this_year = fields.Date.context_today(cls.env["res.users"]).year
        cls.Plan = cls.env["trade.development.plan"]

    def _publish(self, score, period=None):
        """Li Wei's card with no sales and ``score`` on every manual indicator."""
        self._default_targets(period=period)
        card = self._generate(period)
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, score).action_score()
        card.with_user(self.hr_user).action_publish()
        return card

    def _plan(self, employee=None, year=None):
        employee = employee or self.employee
        return self.Plan._for_employees(employee, year or self.this_year)[employee.id]

    def _request(self, user, name, plan=None):
        context = {"default_plan_id": plan.id} if plan else {}
        wizard = Form(
            self.env["trade.development.request"]
            .with_user(user)
            .with_context(**context)
        )
        wizard.name = name
        wizard.description = "To handle the export documents alone"
        return wizard.save().action_confirm()

    def test_low_scores_propose_needs_and_a_low_grade_adds_coaching(self):
        card = self._publish(40)
        self.assertTrue(card.needs_coaching)
        # the existing coaching activity is still scheduled for the manager
        self.assertTrue(
            card.activity_ids.filtered(
                lambda activity: (
                    activity.activity_type_id
                    == self.env.ref(
                        "trade_appraisal.mail_activity_type_trade_appraisal_coaching"
                    )
                )
            )
        )
        plan = self.Plan.search([("employee_id", "=", self.employee.id)])
        self.assertEqual(plan.year, self.this_year)
        scored = plan.need_ids.filtered(lambda need: need.source == "score")
        # no sales against the targets (scores 0) and 40 on each manual
        # indicator; satisfaction has no rating, hence no score and no need
        self.assertEqual(
            set(scored.indicator_id.mapped("code")),
            {
                "sales_amount",
                "profit",
                "new_customers",
                "knowledge",
                "communication",
                "problem_solving",
                "initiative",
                "teamwork",
            },
        )
        self.assertEqual(set(scored.mapped("state")), {"proposed"})
        self.assertEqual(scored.scorecard_id, card)
        coaching = plan.need_ids.filtered(lambda need: need.source == "coaching")
        self.assertEqual((coaching.state, coaching.scorecard_id), ("agreed", card))
        # the manager is asked to review them
        self.assertEqual(plan.activity_ids.user_id, self.manager)
        # the next month's low scores do not repeat the open needs
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self._publish(40, april)
        self.assertEqual(len(plan.need_ids), 9)
        self.assertEqual(len(plan.activity_ids), 1)

    def test_a_good_card_proposes_nothing_and_zero_disables_the_proposals(self):
        self._invoice(self.salesperson, self.customer, [(10, 100.0)])
        self._invoice(self.salesperson, self.customer_2, [(1, 100.0)])
        self._visit(self.salesperson, self.customer, 5)
        self._publish(85)
        self.assertFalse(self.Plan.search([("employee_id", "=", self.employee.id)]))
        # April: good sales but no new customer (a score of 0); with the
        # threshold at 0 nothing is proposed
        self.company.trade_appraisal_need_score = 0
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self._invoice(
            self.salesperson,
            self.customer,
            [(11, 100.0)],
            invoice_date=date(2021, 4, 8),
        )
        card = self._publish(65, april)
        self.assertEqual(self._line(card, "new_customers").score, 0)
        self.assertFalse(card.needs_coaching)
        self.assertFalse(self.Plan.search([("employee_id", "=", self.employee.id)]))

    def test_the_employee_reads_and_requests_on_his_own_plan_only(self):
        self._request(self.salesperson, "Letters of credit course")
        plan = self.Plan.search([("employee_id", "=", self.employee.id)])
        need = plan.need_ids
        self.assertEqual(
            (need.name, need.source, need.state),
            ("Letters of credit course", "request", "proposed"),
        )
        self.assertEqual(need.create_uid, self.salesperson)
        self.assertEqual(plan.activity_ids.user_id, self.manager)
        own = plan.with_user(self.salesperson)
        self.assertEqual(own.need_ids.name, "Letters of credit course")
        self.assertTrue(own.can_request)
        self.assertFalse(own.can_manage)
        # reads, requests, nothing else
        with self.assertRaises(AccessError):
            own.need_ids.action_agree()
        with self.assertRaises(AccessError):
            own.need_ids.write({"name": "Any course I like"})
        with self.assertRaises(AccessError):
            own.write({"review_note": "All done"})
        with self.assertRaises(AccessError):
            self.env["trade.development.training"].with_user(self.salesperson).create(
                {"plan_id": plan.id, "name": "Trip", "date_start": date(2030, 1, 1)}
            )
        with self.assertRaises(AccessError):
            self.env["trade.development.need"].with_user(self.salesperson).create(
                {"plan_id": plan.id, "name": "A need"}
            )
        # a colleague neither reads the plan nor requests on it
        with self.assertRaises(AccessError):
            plan.with_user(self.colleague).read(["name"])
        self.assertFalse(self.Plan.with_user(self.colleague).search([]))
        with self.assertRaises(AccessError):
            self._request(self.colleague, "Golf lessons", plan=plan)
        self.assertEqual(len(plan.need_ids), 1)

    def test_the_manager_manages_his_departments_plans_hr_all(self):
        plan = self._plan()
        self._request(self.salesperson, "Letters of credit course")
        need = plan.need_ids
        managed = plan.with_user(self.manager)
        self.assertTrue(managed.can_manage)
        need.with_user(self.manager).action_agree()
        managed.write(
            {
                "need_ids": [Command.create({"name": "Incoterms 2020"})],
                "training_ids": [
                    Command.create(
                        {
                            "name": "L/C documents, chamber of commerce",
                            "kind": "course",
                            "need_id": need.id,
                            "trainer": "CCPIT Ningbo",
                            "date_start": date(2030, 3, 2),
                            "date_end": date(2030, 3, 3),
                        }
                    )
                ],
            }
        )
        manual = plan.need_ids.filtered(lambda need: need.source == "manager")
        self.assertEqual(manual.state, "proposed")
        training = plan.training_ids.with_user(self.manager)
        with self.assertRaisesText(UserError, "Record the outcome"):
            training.action_done()
        training.outcome = "Prepares the L/C documents alone"
        training.action_done()
        need.with_user(self.manager).action_met()
        self.assertEqual((training.state, need.state), ("done", "met"))
        # the protected fields change only through the buttons
        with self.assertRaisesText(UserError, "cannot be written directly"):
            need.with_user(self.manager).write({"state": "agreed"})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            self.env["trade.development.need"].with_user(self.manager).create(
                {"plan_id": plan.id, "name": "Forged", "source": "request"}
            )
        with self.assertRaisesText(UserError, "cannot be written directly"):
            self.Plan.with_user(self.manager).create(
                {"employee_id": self.colleague_employee.id, "year": 2030}
            )
        # another department's manager sees nothing, HR sees all
        with self.assertRaises(AccessError):
            plan.with_user(self.other_manager).read(["name"])
        with self.assertRaises(AccessError):
            need.with_user(self.other_manager).action_decline()
        other = self._plan(self.colleague_employee)
        self.assertEqual(
            self.Plan.with_user(self.hr_user).search(
                [("id", "in", (plan | other).ids)]
            ),
            plan | other,
        )
        other.with_user(self.hr_user).write({"review_note": "HR checked"})

    def test_the_manager_does_not_manage_his_own_plan(self):
        own = self._plan(self.manager_employee)
        self.assertEqual(self.Plan.with_user(self.manager).search([]), own)
        self.assertFalse(own.with_user(self.manager).can_manage)
        with self.assertRaises(AccessError):
            own.with_user(self.manager).write({"review_note": "Excellent year"})
        with self.assertRaises(AccessError):
            own.with_user(self.manager).write(
                {"need_ids": [Command.create({"name": "MBA"})]}
            )

    def test_the_annual_appraisal_reviews_the_plan(self):
        plan = self._plan(year=2021)
        plan.with_user(self.manager).write(
            {
                "review_note": "The L/C course paid off: no document rejected.",
                "training_ids": [
                    Command.create(
                        {
                            "name": "Coaching on negotiation",
                            "kind": "coaching",
                            "date_start": date(2021, 5, 1),
                        }
                    )
                ],
            }
        )
        with self.assertRaisesText(UserError, "publishes the annual scorecard"):
            plan.with_user(self.manager).action_review()
        year = self.env["trade.appraisal.period"].create(
            {"period_type": "annual", "date_start": date(2021, 1, 1)}
        )
        card = self._generate(year)
        supervisor = card.sudo().evaluation_ids.filtered(
            lambda evaluation: evaluation.role == "supervisor"
        )
        supervisor.with_user(self.manager).write({"score": 85})
        supervisor.with_user(self.manager).action_submit()
        card.with_user(self.hr_user).action_collect()
        card.with_user(self.manager).write(
            {"ability_comment": "Solid", "attitude_comment": "Committed"}
        )
        card.with_user(self.manager).action_score()
        card.with_user(self.hr_user).action_publish()
        # the annual card shows the year's plan, to its employee too
        own_card = card.with_user(self.salesperson)
        self.assertEqual(own_card.development_plan_id, plan)
        self.assertEqual(
            own_card.development_training_ids.name, "Coaching on negotiation"
        )
        self.assertEqual(
            card.with_user(self.manager).action_open_development_plan()["res_id"],
            plan.id,
        )
        with self.assertRaises(AccessError):
            plan.with_user(self.salesperson).action_review()
        plan.with_user(self.manager).action_review()
        self.assertEqual(
            (plan.state, plan.review_scorecard_id, plan.reviewed_by_id),
            ("reviewed", card, self.manager),
        )
        self.assertTrue(
            card.message_ids.filtered(lambda message: "reviewed" in message.body)
        )
        # a reviewed plan is closed
        with self.assertRaisesText(UserError, "reviewed and closed"):
            plan.with_user(self.manager).write(
                {"need_ids": [Command.create({"name": "Late need"})]}
            )
        with self.assertRaisesText(UserError, "reviewed and closed"):
            plan.with_user(self.manager).action_review()
