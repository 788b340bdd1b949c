from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .cron_common import CronBatchesMixin, Interrupted
from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestCronBatches(CronBatchesMixin, TradeOrderCase):
    """The scheduled jobs work in batches with Odoo's cron progress (issue
    18.1): a call of a job stops after its time budget with the work left,
    Odoo calls it again until nothing is left, and a run interrupted midway
    does not redo the batches it finished."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # one batch per call of a job
        cls.env["ir.config_parameter"].set_param(
            "trade_business_dept.cron.time_budget", "0.000001"
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {
                    "name": f"Batch customer {index}",
                    "trade_customer_tier": "key",
                    "user_id": cls.salesperson.id,
                }
                for index in range(5)
            ]
        )
        cls.later = fields.Date.today() + timedelta(days=120)

    def _followups(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.customers.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "trade_business_dept.mail_activity_type_trade_followup"
                    ).id,
                ),
            ]
        )

    def test_followup_in_small_batches_over_several_calls(self):
        tiered = self.env["res.partner"].search_count(
            [("trade_customer_tier", "!=", False)]
        )
        patcher, batches = self._recording(
            "res.partner", "_trade_refresh_contact_dates"
        )
        with freeze_time(self.later, tick=True), patcher:
            calls = self._run(
                "trade_business_dept.ir_cron_trade_followup",
                "_cron_trade_followup",
                batch_size=2,
            )
        self.assertGreater(len(calls), 2)
        # each call: one batch of at most 2 customers, the rest reported
        self.assertTrue(all(done <= 2 for done, __ in calls))
        remaining = [left for __, left in calls]
        self.assertEqual(remaining, sorted(remaining, reverse=True))
        self.assertEqual(remaining[-1], 0)
        self.assertEqual(sum(done for done, __ in calls), tiered)
        # every customer checked once, each one follow-up
        checked = [partner_id for batch in batches for partner_id in batch]
        self.assertEqual(len(checked), len(set(checked)))
        self.assertEqual(len(checked), tiered)
        self.assertEqual(len(self._followups()), 5)
        self.assertEqual(set(self._followups().user_id.ids), {self.salesperson.id})

    def test_interrupted_followup_does_not_redo_finished_batches(self):
        job = ("trade_business_dept.ir_cron_trade_followup", "_cron_trade_followup")
        Partner = type(self.env["res.partner"])
        original = Partner._trade_schedule_followup_activities

        def interrupted(records):
            raise Interrupted

        patcher, batches = self._recording(
            "res.partner", "_trade_refresh_contact_dates"
        )
        with freeze_time(self.later, tick=True), patcher:
            __, done, remaining = self._call(*job, batch_size=2)
            self.assertEqual(done, 2)
            self.assertTrue(remaining)
            finished = set(batches[0])
            # the second batch is interrupted: its transaction is lost
            with (
                patch.object(
                    Partner, "_trade_schedule_followup_activities", interrupted
                ),
                self.assertRaises(Interrupted),
                self.env.cr.savepoint(),
            ):
                self._call(*job, batch_size=2)
            lost = set(batches[1])
            self.env.invalidate_all()
            del batches[:]
            self.assertIs(Partner._trade_schedule_followup_activities, original)
            calls = self._run(*job, batch_size=2)
        after = [partner_id for batch in batches for partner_id in batch]
        self.assertFalse(finished & set(after), "a finished batch was redone")
        self.assertLessEqual(lost, set(after), "the interrupted batch was lost")
        self.assertEqual(len(after), len(set(after)))
        self.assertEqual(calls[-1][1], 0)
        self.assertEqual(len(self._followups()), 5)

    def test_a_finished_run_is_followed_by_a_new_one(self):
        """The run number only protects an unfinished run: the next day's
        run checks every customer again."""
        job = ("trade_business_dept.ir_cron_trade_followup", "_cron_trade_followup")
        with freeze_time(self.later, tick=True):
            self._run(*job, batch_size=50)
            self._followups().action_feedback(feedback="Called")
            first = self._run(*job, batch_size=50)
        self.assertEqual(
            sum(done for done, __ in first),
            self.env["res.partner"].search_count(
                [("trade_customer_tier", "!=", False)]
            ),
        )
        self.assertEqual(len(self._followups()), 0, "contacted: not overdue")

    def test_order_tracking_in_small_batches(self):
        orders = self.env["sale.order"]
        for _index in range(3):
            order = self._order()
            order.action_confirm()
            orders |= order
        patcher, batches = self._recording("sale.order", "_trade_refresh_tracking")
        with patcher:
            calls = self._run(
                "trade_business_dept.ir_cron_trade_order_tracking",
                "_cron_trade_refresh_tracking",
                batch_size=2,
            )
        refreshed = [order_id for batch in batches for order_id in batch]
        self.assertEqual(len(refreshed), len(set(refreshed)))
        self.assertLessEqual(set(orders.ids), set(refreshed))
        self.assertTrue(all(len(batch) <= 2 for batch in batches))
        self.assertEqual(len(calls), len(batches))
        self.assertEqual(calls[-1][1], 0)
        self.assertTrue(all(left > 0 for __, left in calls[:-1]))
        self.assertTrue(orders.trade_stage_id)

    def test_batches_of_a_call_follow_each_other_by_id(self):
        """Within a call a batch starts after the previous one (at 200,000
        orders, walking again past the orders already done made each batch
        slower than the last); the next call starts from the first id, so
        that a record due again behind the cursor is not forgotten."""
        Cron = self.env["ir.cron"]
        Partner = self.env["res.partner"]
        # nothing is marked done: only the cursor moves the batches on
        due = [("id", "in", self.customers.ids)]
        memory = {}
        batches = [Cron._trade_next_batch(Partner, due, 2, memory) for _i in range(4)]
        ids = sorted(self.customers.ids)
        self.assertEqual(
            [batch.ids for batch in batches], [ids[:2], ids[2:4], ids[4:], []]
        )
        next_call = Cron._trade_next_batch(Partner, due, 2, {})
        self.assertEqual(next_call.ids, ids[:2])

    def test_batch_size_from_a_system_parameter(self):
        Cron = self.env["ir.cron"]
        self.assertEqual(Cron._trade_batch_size("order_tracking", 1000), 1000)
        params = self.env["ir.config_parameter"]
        params.set_param("trade_business_dept.cron.batch_size", "300")
        self.assertEqual(Cron._trade_batch_size("order_tracking", 1000), 300)
        params.set_param("trade_business_dept.cron.order_tracking.batch_size", "50")
        self.assertEqual(Cron._trade_batch_size("order_tracking", 1000), 50)
        self.assertEqual(Cron._trade_batch_size("followup", 1000), 300)
        self.assertEqual(Cron._trade_batch_size("order_tracking", 1000, 7), 7)

    def test_service_plan_in_small_batches_over_several_calls(self):
        job = ("trade_business_dept.ir_cron_trade_service_plan", "_cron_service_plan")
        yesterday = fields.Date.today() - timedelta(days=1)
        self.customers.write({"trade_service_plan_review_date": yesterday})
        actions = self.env["trade.service.plan.action"].create(
            [
                {
                    "partner_id": self.customers[0].id,
                    "name": f"Overdue action {index}",
                    "date_due": yesterday,
                    "user_id": self.salesperson.id,
                }
                for index in range(3)
            ]
        )
        reviews, reviewed = self._recording(
            "res.partner", "_trade_schedule_service_plan_reviews"
        )
        notices, notified = self._recording(
            "trade.service.plan.action", "_trade_notify_overdue"
        )
        with reviews, notices:
            calls = self._run(*job, batch_size=2)
            self.assertEqual(self._run(*job, batch_size=2), [(0, 0)], "all done")
        self.assertGreater(len(calls), 3)
        remaining = [left for __, left in calls]
        self.assertEqual(remaining, sorted(remaining, reverse=True))
        self.assertEqual(remaining[-1], 0)
        for batches, records in ((reviewed, self.customers), (notified, actions)):
            self.assertTrue(all(len(batch) <= 2 for batch in batches))
            handled = [record_id for batch in batches for record_id in batch]
            self.assertEqual(len(handled), len(set(handled)), "handled once")
            self.assertLessEqual(set(records.ids), set(handled))
        self.assertTrue(actions.mapped("overdue_notified") == [True] * 3)
        review_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_service_plan_review"
        )
        for customer in self.customers:
            self.assertEqual(
                len(
                    customer.activity_ids.filtered_domain(
                        [("activity_type_id", "=", review_type.id)]
                    )
                ),
                1,
            )

    def test_interrupted_meeting_rhythm_does_not_redo_finished_batches(self):
        job = (
            "trade_business_dept.ir_cron_trade_meeting_rhythm",
            "_cron_meeting_rhythm",
        )
        Meeting = self.env["trade.meeting"]
        Meeting.search([]).unlink()
        (self.env["res.company"].search([]) - self.company).write(
            {"trade_meeting_auto": False}
        )
        # Mondays 09:00 and the first Tuesday of the month 10:30, Shanghai
        self.manager.tz = "Asia/Shanghai"
        self.company.write(
            {
                "trade_meeting_auto": True,
                "trade_meeting_weekly_day": "0",
                "trade_meeting_weekly_hour": 9.0,
                "trade_meeting_monthly_rule": "weekday",
                "trade_meeting_monthly_weekday": "1",
                "trade_meeting_monthly_hour": 10.5,
                "trade_meeting_organizer_id": self.manager.id,
                "trade_meeting_missed_hours": 24,
            }
        )
        # the weekly meeting of 9 March and the monthly of 7 April planned
        with freeze_time("2026-03-04 08:00:00", tick=True):
            self._run(*job, batch_size=1)
        missed = Meeting.search([])
        self.assertEqual(len(missed), 2)
        Company = type(self.env["res.company"])
        original = Company._trade_department_manager

        def interrupted(company):
            raise Interrupted

        patcher, batches = self._recording("trade.meeting", "_trade_flag_missed")
        # both without minutes on 20 April: one batch of one meeting a call
        with freeze_time("2026-04-20 08:00:00", tick=True), patcher:
            __, done, remaining = self._call(*job, batch_size=1)
            self.assertEqual(done, 1, "the company planned")
            self.assertTrue(remaining)
            __, done, remaining = self._call(*job, batch_size=1)
            self.assertEqual((done, remaining), (1, 1), "one meeting flagged")
            finished = set(batches[0])
            with (
                patch.object(Company, "_trade_department_manager", interrupted),
                self.assertRaises(Interrupted),
                self.env.cr.savepoint(),
            ):
                self._call(*job, batch_size=1)
            lost = set(batches[1])
            self.env.invalidate_all()
            del batches[:]
            self.assertIs(Company._trade_department_manager, original)
            calls = self._run(*job, batch_size=1)
        after = [meeting_id for batch in batches for meeting_id in batch]
        self.assertFalse(finished & set(after), "a finished batch was redone")
        self.assertEqual(set(after), lost, "the interrupted batch was done")
        self.assertEqual(calls, [(1, 0)], "no company planned again")
        self.assertTrue(all(missed.mapped("missed")))
        self.assertEqual(len(missed.missed_activity_id), 2)
        # the next weekly and monthly meeting, planned once
        self.assertEqual(len(Meeting.search([]) - missed), 2)
