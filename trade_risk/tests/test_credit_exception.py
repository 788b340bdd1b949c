from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestCreditException(TradeRiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice_class(cls.customer, 95000.0)

    @classmethod
    def _invoice_class(cls, partner, amount):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": "2026-01-05",
                "invoice_date_due": "2099-01-05",
                "invoice_line_ids": [
                    (0, 0, {"name": "Valves", "quantity": 1, "price_unit": amount})
                ],
            }
        )
        move.invoice_line_ids.tax_ids = False
        move.action_post()
        return move

    def setUp(self):
        super().setUp()
        self.order = self._order(self.customer, 20000.0)

    def _request(self, user=None, order=None, reason="Long-standing key customer"):
        order = order or self.order
        action = order.with_user(
            user or self.salesperson
        ).action_trade_request_credit_exception()
        with Form(
            self.env["trade.credit.exception"]
            .with_user(user or self.salesperson)
            .with_context(**action["context"])
        ) as form:
            form.reason = reason
        return form.record

    def test_salesperson_requests_and_credit_manager_approves(self):
        with self.assertRaises(UserError):
            self.order.with_user(self.salesperson).action_confirm()
        exception = self._request()
        self.assertEqual(exception.state, "requested")
        self.assertEqual(exception.partner_id, self.customer)
        self.assertEqual(exception.requested_by_id, self.salesperson)
        self.assertEqual(exception.amount, 20000.0)
        self.assertEqual(exception.exposure_at_request, 95000.0)
        self.assertEqual(exception.available_at_request, 5000.0)
        self.assertIn("above its credit limit", exception.blocking_reason)
        self.assertTrue(exception.name.startswith("CEX/"))
        self.assertEqual(
            exception.activity_ids.user_id, self.credit_manager, "to decide"
        )
        self.assertEqual(self.order.trade_credit_exception_state, "requested")
        with self.assertRaises(AccessError):
            exception.with_user(self.salesperson).action_approve()
        with self.assertRaises(UserError):
            self.order.with_user(self.salesperson).action_confirm()

        exception.with_user(self.credit_manager).action_approve()
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.decided_by_id, self.credit_manager)
        self.assertTrue(exception.date_decision)
        self.assertFalse(exception.activity_ids)
        self.assertFalse(self.order.trade_credit_block_message)
        self.order.with_user(self.salesperson).action_confirm()
        self.assertEqual(self.order.state, "sale")
        self.assertTrue(
            any(
                "under credit exception " + exception.name in text
                for text in self.order.message_ids.mapped("preview")
            )
        )

    def test_rejection_needs_a_reason_and_keeps_the_block(self):
        exception = self._request()
        manager_exception = exception.with_user(self.credit_manager)
        with self.assertRaisesText(UserError, "Decision Note"):
            manager_exception.action_reject()
        self.assertEqual(exception.state, "requested")
        manager_exception.decision_note = "Collect the overdue first"
        manager_exception.action_reject()
        self.assertEqual(exception.state, "rejected")
        with self.assertRaises(UserError):
            self.order.with_user(self.salesperson).action_confirm()
        with self.assertRaisesText(UserError, "already decided"):
            manager_exception.action_approve()
        # a new request is possible once the previous one is rejected
        second = self._request(reason="Customer paid a deposit by cheque")
        self.assertEqual(second.state, "requested")

    def test_order_grown_beyond_the_exception_is_refused_again(self):
        exception = self._request()
        exception.with_user(self.credit_manager).action_approve()
        self.order.order_line.price_unit = 25000.0
        with self.assertRaisesText(UserError, "20,000.00 only"):
            self.order.with_user(self.salesperson).action_confirm()

    def test_decision_note_on_the_order_in_the_companys_language(self):
        """The note on the order is read by the whole department: it is in
        the company's language, whoever decides."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.credit_manager.lang = "en_US"
        exception = self._request()
        exception.with_user(self.credit_manager).action_approve()
        body = self.order.message_ids[0].body
        self.assertIn(exception.name, body)
        self.assertIn("已由", body)
        self.assertNotIn("approved by", body)

    def test_requester_cannot_approve_own_exception(self):
        order = self._order(self.customer, 20000.0, user=self.manager)
        exception = self._request(user=self.manager, order=order)
        self.assertFalse(exception.with_user(self.manager).can_decide)
        with self.assertRaisesText(UserError, "another credit manager"):
            exception.with_user(self.manager).action_approve()
        self.assertTrue(exception.with_user(self.credit_manager).can_decide)
        exception.with_user(self.credit_manager).action_approve()
        self.assertEqual(exception.state, "approved")

    def test_business_manager_decides_as_credit_manager(self):
        self.assertTrue(self.manager.has_group("trade_risk.group_trade_credit_manager"))
        exception = self._request()
        exception.with_user(self.manager).action_approve()
        self.assertEqual(exception.decided_by_id, self.manager)

    def test_bad_requests_are_refused(self):
        Exception_ = self.env["trade.credit.exception"].with_user(self.salesperson)
        with self.assertRaisesText(ValidationError, "Explain why"):
            Exception_.create(
                {"sale_order_id": self.order.id, "amount": 20000.0, "reason": "   "}
            )
        with self.assertRaisesText(ValidationError, "must be positive"):
            Exception_.create(
                {"sale_order_id": self.order.id, "amount": 0.0, "reason": "Urgent"}
            )
        small = self._order(self.customer, 10.0)
        small.partner_id = self.colleague_customer
        small.action_confirm()
        with self.assertRaisesText(UserError, "already confirmed"):
            self.env["trade.credit.exception"].create(
                {"sale_order_id": small.id, "amount": 10.0, "reason": "Late"}
            )
        self._request()
        with self.assertRaisesText(ValidationError, "already has credit exception"):
            self._request(reason="Second try")
        self.assertEqual(len(self.order.trade_credit_exception_ids), 1)

    def test_salesperson_cannot_decide_by_writing(self):
        with self.assertRaises(AccessError):
            self.env["trade.credit.exception"].with_user(self.salesperson).create(
                {
                    "sale_order_id": self.order.id,
                    "amount": 20000.0,
                    "reason": "Trust me",
                    "state": "approved",
                }
            )
        exception = self._request().with_user(self.salesperson)
        for values in (
            {"state": "approved"},
            {"decided_by_id": self.salesperson.id},
            {"decision_note": "Approved by myself"},
        ):
            with self.assertRaises(AccessError):
                exception.write(values)
        self.assertEqual(exception.state, "requested")
        exception.reason = "Key customer, 10 years without delay"
        self.assertEqual(exception.reason, "Key customer, 10 years without delay")

    def test_nobody_rewrites_the_request_to_approve_it_himself(self):
        """A credit manager who asked for an exception cannot make it look
        requested by someone else, nor rewrite what the check refused."""
        exception = self._request(user=self.credit_manager)
        own = exception.with_user(self.credit_manager)
        for values in (
            {"requested_by_id": self.salesperson.id},
            {"blocking_reason": "Nothing"},
            {"exposure_at_request": 0.0},
            {"sale_order_id": self._order(self.customer, 10.0).id},
        ):
            with self.assertRaisesText(AccessError, "request a new one"):
                own.write(values)
        with self.assertRaisesText(UserError, "another credit manager must decide"):
            own.action_approve()
        self.assertEqual(exception.state, "requested")
        exception.reason = "Key customer, 10 years without delay"
        self.assertEqual(exception.reason, "Key customer, 10 years without delay")

    def test_decided_exception_is_locked_and_audited(self):
        exception = self._request()
        self.flush_tracking()  # requested and decided in two transactions
        exception.with_user(self.credit_manager).action_approve()
        self.flush_tracking()
        with self.assertRaisesText(UserError, "cannot be changed"):
            exception.with_user(self.credit_manager).amount = 99999.0
        tracked = exception.sudo().message_ids.tracking_value_ids.field_id.mapped(
            "name"
        )
        self.assertIn("state", tracked)
        self.assertIn("decided_by_id", tracked)
        messages = self.order.message_ids.mapped("preview")
        self.assertTrue(any("requested by Li Wei" in text for text in messages))
        self.assertTrue(any("approved by Liu Fang" in text for text in messages))

    def test_who_sees_the_exceptions(self):
        mine = self._request()
        other_order = self._order(self.colleague_customer, 500.0, user=self.colleague)
        other = self.env["trade.credit.exception"].create(
            {"sale_order_id": other_order.id, "amount": 500.0, "reason": "Test"}
        )
        ids = (mine | other).ids
        Exception_ = self.env["trade.credit.exception"]
        self.assertEqual(
            Exception_.with_user(self.salesperson).search([("id", "in", ids)]), mine
        )
        self.assertEqual(
            Exception_.with_user(self.credit_manager).search([("id", "in", ids)]),
            mine | other,
        )
        finance_view = Exception_.with_user(self.finance).search([("id", "in", ids)])
        self.assertEqual(finance_view, mine | other)
        with self.assertRaises(AccessError):
            mine.with_user(self.finance).action_approve()
