from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestServicePlan(TradeBusinessDeptCase):
    """R3.1.3: a key customer's service plan as actions with owner, due date
    and status, reviewed on its review date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.review_type = cls.env.ref(
            "trade_business_dept.mail_activity_type_trade_service_plan_review"
        )

    def _action(self, user=None, partner=None, **values):
        return (
            self.env["trade.service.plan.action"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": (partner or self.key_customer).id,
                        "name": "Monthly delivery performance report",
                        "date_due": date(2026, 3, 10),
                    },
                    **values,
                )
            )
        )

    def _run(self):
        return self.env["trade.service.plan.action"]._cron_service_plan()

    def _reviews(self, partner=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (partner or self.key_customer).id),
                ("activity_type_id", "=", self.review_type.id),
            ]
        )

    def test_actions_with_owner_due_date_and_status(self):
        with freeze_time("2026-03-01"):
            action = self._action(user_id=self.merchandiser.id)
            self.assertEqual(action.state, "todo")
            self.assertIn(action, self.key_customer.trade_service_plan_action_ids)
            action.with_user(self.salesperson).action_done()
            self.assertEqual(action.state, "done")
            self.assertEqual(action.date_done, date(2026, 3, 1))
            with self.assertRaisesText(UserError, "no longer to do"):
                action.with_user(self.salesperson).action_cancel()
            action.with_user(self.salesperson).action_reopen()
            self.assertEqual((action.state, action.date_done), ("todo", False))
            action.with_user(self.salesperson).action_cancel()
            self.assertEqual(action.state, "cancelled")

    def test_status_only_through_the_buttons(self):
        action = self._action()
        for values in ({"state": "done"}, {"date_done": "2026-03-01"}):
            with self.assertRaisesText(UserError, "cannot be written directly"):
                action.with_user(self.salesperson).write(values)
            with self.assertRaisesText(UserError, "cannot be written directly"):
                action.with_user(self.manager).write(values)
        with self.assertRaisesText(UserError, "cannot be written directly"):
            self._action(state="done")

    def test_salesperson_runs_his_customers_plan_manager_all(self):
        action = self._action()
        Action = self.env["trade.service.plan.action"]
        # a colleague neither sees nor adds actions to Li Wei's customer
        self.assertFalse(
            Action.with_user(self.colleague).search([("id", "=", action.id)])
        )
        with self.assertRaises(AccessError):
            action.with_user(self.colleague).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self._action(user=self.colleague)
        # ... unless he owns the action: he sees it and closes it
        action.user_id = self.colleague
        action.with_user(self.colleague).action_done()
        with self.assertRaises(AccessError):
            action.with_user(self.colleague).unlink()
        # the manager runs every plan
        other = self._action(user=self.manager, partner=self.colleague_customer)
        other.with_user(self.manager).write({"name": "Quarterly review"})
        other.with_user(self.manager).unlink()
        # the customer's salesperson deletes his own
        action.with_user(self.salesperson).unlink()
        # employees outside the department see nothing
        with self.assertRaises(AccessError):
            Action.with_user(self.employee).search([])

    def test_review_activity_once_per_review_date(self):
        self.key_customer.trade_service_plan_review_date = date(2026, 3, 5)
        with freeze_time("2026-03-04"):
            self._run()
            self.assertFalse(self._reviews())
        with freeze_time("2026-03-05"):
            self._run()
            review = self._reviews()
            self.assertEqual(len(review), 1)
            self.assertEqual(review.user_id, self.salesperson)
            self.assertEqual(review.summary, "Review the service plan")
            self.assertEqual(review.date_deadline, date(2026, 3, 5))
        with freeze_time("2026-03-06"):
            self._run()
            self.assertEqual(self._reviews(), review)
            # reviewed: the activity done, the next review date set
            review.with_user(self.salesperson).action_feedback(feedback="Reviewed")
            self.key_customer.with_user(
                self.salesperson
            ).trade_service_plan_review_date = date(2026, 6, 5)
            self._run()
            self.assertFalse(self._reviews())
        with freeze_time("2026-06-05"):
            self._run()
            self.assertEqual(len(self._reviews()), 1)

    def test_review_activity_in_the_salespersons_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["trade_business_dept"], ["zh_CN"], overwrite=True
        )
        self.salesperson.lang = "zh_CN"
        self.key_customer.trade_service_plan_review_date = date(2026, 3, 5)
        with freeze_time("2026-03-05"):
            self._run()
        self.assertEqual(self._reviews().summary, "审核服务计划")

    def test_overdue_action_told_to_its_owner_once(self):
        action = self._action(user_id=self.merchandiser.id)
        with freeze_time("2026-03-10"):
            self._run()
            self.assertFalse(action.overdue_notified)
            action.invalidate_recordset(["is_overdue"])
            self.assertFalse(action.is_overdue)
        with freeze_time("2026-03-11"):
            action.invalidate_recordset(["is_overdue"])
            self.assertTrue(action.is_overdue)
            self._run()
            activity = action.overdue_activity_id
            self.assertEqual(activity.user_id, self.merchandiser)
            self.assertEqual(activity.res_id, self.key_customer.id)
            self.assertIn("Monthly delivery performance report", activity.summary)
            self._run()
            self.assertEqual(action.overdue_activity_id, activity)
            self.assertEqual(
                len(
                    self.key_customer.activity_ids.filtered(
                        lambda a: a.user_id == self.merchandiser
                    )
                ),
                1,
            )
            # the owner does the work from his activity: the action is done
            activity.with_user(self.merchandiser).action_feedback(feedback="Sent")
            self.assertEqual(action.state, "done")
            self._run()
            self.assertFalse(
                self.key_customer.activity_ids.filtered(
                    lambda a: a.user_id == self.merchandiser
                )
            )

    def test_postponed_action_is_told_again(self):
        action = self._action()
        with freeze_time("2026-03-11"):
            self._run()
            self.assertTrue(action.overdue_notified)
            action.with_user(self.salesperson).date_due = date(2026, 3, 20)
            self.assertFalse(action.overdue_notified)
            action.invalidate_recordset(["is_overdue"])
            self.assertFalse(action.is_overdue)

    def test_overdue_plans_on_the_dashboard(self):
        def card():
            cards = (
                self.env["trade.dashboard"]
                .with_user(self.manager)
                .get_dashboard()["cards"]
            )
            return next(card for card in cards if card["key"] == "service_plans")

        with freeze_time("2026-03-11"):
            before = card()["value"]
            overdue = self._action()
            self._action(date_due=date(2026, 3, 20))
            self._action(name="Done in time").action_done()
            self.env.invalidate_all()
            plans = card()
            self.assertEqual(plans["value"], before + 1)
            found = self.env["trade.service.plan.action"].search(
                plans["action"]["domain"]
            )
            self.assertIn(overdue, found)
            self.assertEqual(len(found), before + 1)
