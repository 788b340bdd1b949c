from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .order_common import TradeOrderCase


class Interrupted(Exception):
    """A batch that never ends: a killed worker, a lost connection."""


@tagged("post_install", "-at_install")
class TestCronBatches(TradeOrderCase):
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

    def _call(self, xmlid, method, **kwargs):
        """One call of the job as ``ir.cron._run_job`` makes it, with a
        progress record: ``(result, done, remaining)``."""
        cron, progress = self.env.ref(xmlid)._add_progress()
        model = cron.env[cron.model_id.model]
        result = getattr(model, method)(**kwargs)
        return result, progress.done, progress.remaining

    def _run(self, xmlid, method, **kwargs):
        """Call the job until it reports nothing left, as Odoo's cron does:
        the list of ``(done, remaining)`` of each call."""
        calls = []
        for _call in range(500):
            __, done, remaining = self._call(xmlid, method, **kwargs)
            calls.append((done, remaining))
            if not remaining:
                return calls
        self.fail(f"{method} still reports work left after 500 calls")

    def _recording(self, model, method):
        """Patch ``method`` of ``model`` to record the ids of each call."""
        cls = type(self.env[model])
        original = getattr(cls, method)
        batches = []

        def recording(records, *args, **kwargs):
            batches.append(set(records.ids))
            return original(records, *args, **kwargs)

        return patch.object(cls, method, recording), batches

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
