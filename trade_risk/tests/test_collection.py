from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestCollectionLadder(TradeRiskCase):
    def setUp(self):
        super().setUp()
        with freeze_time("2026-05-01"):
            self.invoice = self._invoice(
                self.customer, 5000.0, date(2026, 5, 1), date(2026, 6, 1)
            )

    def _run(self, day):
        with freeze_time(day):
            self.env["res.partner"]._cron_trade_collection()
        self.customer.invalidate_recordset()
        return self._log()

    def _log(self):
        return self.env["trade.collection.action"].search(
            [("partner_id", "=", self.customer.id)], order="id"
        )

    def _activities(self, activity_xmlid):
        return self.customer.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.env.ref(activity_xmlid)
        )

    def _mails(self, subject):
        return self.customer.message_ids.filtered(
            lambda message: subject in (message.subject or "")
        )

    def test_the_ladder_climbs_step_by_step_and_never_twice(self):
        self.assertFalse(self._run("2026-06-05"), "4 days overdue: too early")

        log = self._run("2026-06-08")
        self.assertEqual(log.mapped("step"), ["reminder"])
        self.assertEqual(log.overdue_days, 7)
        self.assertEqual(log.overdue_amount, 5000.0)
        self.assertEqual(self.customer.trade_collection_step, "reminder")
        reminder = self._mails("Payment reminder")
        self.assertEqual(len(reminder), 1)
        self.assertIn(self.invoice.name, reminder.body)
        self.assertIn(self.customer, reminder.partner_ids)

        self.assertEqual(self._run("2026-06-08").mapped("step"), ["reminder"])
        self.assertEqual(self._run("2026-06-12").mapped("step"), ["reminder"])
        self.assertEqual(len(self._mails("Payment reminder")), 1, "never twice")

        log = self._run("2026-06-16")
        self.assertEqual(log.mapped("step"), ["reminder", "call"])
        call = self._activities("mail.mail_activity_data_call")
        self.assertEqual(call.user_id, self.salesperson)
        self.assertIn("overdue for 15 days", call.summary)

        log = self._run("2026-07-01")
        self.assertEqual(log[-1].step, "notice")
        self.assertEqual(len(self._mails("Formal notice")), 1)
        follow_up = self._activities("trade_risk.mail_activity_type_trade_collection")
        self.assertEqual(follow_up.user_id, self.credit_manager)

        log = self._run("2026-07-31")
        self.assertEqual(log[-1].step, "legal")
        legal = self._activities("trade_risk.mail_activity_type_trade_legal_escalation")
        self.assertEqual(legal.user_id, self.credit_manager)
        self.assertIn("open a dispute", legal.summary)

        self.assertEqual(len(self._run("2026-09-30")), 4, "top of the ladder")

    def test_one_step_a_day_for_a_long_overdue_customer(self):
        self.assertEqual(self._run("2026-07-15").mapped("step"), ["reminder"])
        self.assertEqual(self._run("2026-07-16").mapped("step"), ["reminder", "call"])
        self.assertEqual(
            self._run("2026-07-17").mapped("step"), ["reminder", "call", "notice"]
        )

    def test_paying_resets_the_ladder(self):
        self._run("2026-06-08")
        with freeze_time("2026-06-09"):
            self._pay(self.invoice, payment_date=date(2026, 6, 9))
        self._run("2026-06-10")
        self.assertFalse(self.customer.trade_collection_step)
        self.assertTrue(
            any("reset" in body for body in self.customer.message_ids.mapped("body"))
        )
        with freeze_time("2026-06-20"):
            self._invoice(self.customer, 800.0, date(2026, 6, 20), date(2026, 7, 1))
        self.assertEqual(self._run("2026-07-08")[-1].step, "reminder", "starts over")

    def test_the_ladder_counts_each_company_apart(self):
        self._run("2026-06-08")
        other = self.env["res.company"].create({"name": "Ladder Other Co"})
        self.assertEqual(self.customer.trade_collection_step, "reminder")
        self.assertFalse(self.customer.with_company(other).trade_collection_step)


@tagged("post_install", "-at_install")
class TestPaymentPromise(TradeRiskCase):
    def setUp(self):
        super().setUp()
        with freeze_time("2026-05-01"):
            self.invoice = self._invoice(
                self.customer, 5000.0, date(2026, 5, 1), date(2026, 6, 1)
            )

    def _promise(self, user=None, **values):
        with freeze_time("2026-06-05"):
            action = self.contact.with_user(
                user or self.salesperson
            ).action_trade_record_promise()
            with Form(
                self.env["trade.payment.promise"]
                .with_user(user or self.salesperson)
                .with_context(**action["context"])
            ) as form:
                form.date_promised = values.get("date_promised", date(2026, 6, 20))
                form.amount = values.get("amount", 5000.0)
                form.contact_name = "Zhou Jianguo"
            return form.record

    def _run(self, day):
        with freeze_time(day):
            self.env["res.partner"]._cron_trade_collection()
        self.customer.invalidate_recordset()

    def test_promise_pauses_the_ladder_until_its_date(self):
        promise = self._promise()
        self.assertEqual(promise.partner_id, self.customer)
        self.assertEqual(promise.date, date(2026, 6, 5))
        with freeze_time("2026-06-10"):
            self.assertTrue(self.customer.trade_collection_paused)
        self._run("2026-06-10")
        self.assertFalse(self.customer.trade_collection_step)
        self._run("2026-06-20")
        self.assertFalse(self.customer.trade_collection_step, "due date still ok")
        # not paid by the date: broken, the ladder resumes the next day
        self._run("2026-06-21")
        self.assertEqual(promise.state, "broken")
        self.assertEqual(self.customer.trade_collection_step, "reminder")
        self.assertIn("broke its promise", promise.activity_ids.summary or "")
        self.assertEqual(promise.activity_ids.user_id, self.salesperson)

    def test_promise_kept_when_the_customer_pays(self):
        promise = self._promise(amount=3000.0)
        with freeze_time("2026-06-15"):
            self._pay(self.invoice, 3000.0, date(2026, 6, 15))
        self._run("2026-06-21")
        self.assertEqual(promise.state, "kept")
        self.assertEqual(promise.amount_received, 3000.0)

    def test_bad_promises_are_refused(self):
        with self.assertRaisesText(ValidationError, "must be positive"):
            self._promise(amount=0.0)
        with self.assertRaisesText(ValidationError, "cannot be before"):
            self._promise(date_promised=date(2026, 6, 1))
        promise = self._promise()
        promise.action_cancel()
        self.assertEqual(promise.state, "cancelled")
        with self.assertRaisesText(UserError, "cannot be changed"):
            promise.amount = 10.0

    def test_finance_records_promises_for_any_customer(self):
        promise = self._promise(user=self.finance)
        self.assertEqual(promise.user_id, self.finance)
        self.assertFalse(
            self.env["trade.payment.promise"]
            .with_user(self.colleague)
            .search([("id", "=", promise.id)])
        )
