from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestCreditBlock(TradeRiskCase):
    def _confirm(self, order, user=None):
        return order.with_user(user or self.salesperson).action_confirm()

    def test_order_within_the_limit_is_confirmed(self):
        self._invoice(self.customer, 60000.0)
        order = self._order(self.customer, 40000.0)
        self.assertFalse(order.trade_credit_block_message)
        self._confirm(order)
        self.assertEqual(order.state, "sale")
        self.assertTrue(self.customer.trade_credit_check_date)
        self.assertEqual(self.customer.trade_credit_exposure, 100000.0)

    def test_order_above_the_limit_is_refused_with_the_figures(self):
        self._invoice(self.customer, 60000.0)
        self._order(self.customer, 15000.0).action_confirm()
        order = self._order(self.customer, 30000.0)
        with self.assertRaises(UserError) as refusal:
            self._confirm(order)
        message = str(refusal.exception)
        self.assertIn(order.name, message)
        self.assertIn("105,000.00", message, "exposure after the order")
        self.assertIn("100,000.00", message, "credit limit")
        self.assertIn("25,000.00", message, "available credit")
        self.assertIn("30,000.00", message, "this order")
        self.assertIn("60,000.00", message, "receivables")
        self.assertIn("15,000.00", message, "confirmed orders not invoiced")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertIn("above its credit limit", order.trade_credit_block_message)

    def test_valid_guarantee_raises_the_ceiling(self):
        self._invoice(self.customer, 90000.0)
        order = self._order(self.customer, 20000.0)
        with self.assertRaisesText(UserError, "0.00 of valid guarantees"):
            self._confirm(order)
        self.env["trade.credit.guarantee"].create(
            {
                "name": "LC-2026-17",
                "partner_id": self.customer.id,
                "guarantee_type": "letter_of_credit",
                "amount": 15000.0,
                "date_start": self.days_ago(1),
                "date_expiry": self.days_ago(-60),
                "state": "valid",
            }
        )
        self._confirm(order)
        self.assertEqual(order.state, "sale")

    def test_receivable_overdue_beyond_grace_blocks(self):
        self._invoice(
            self.customer,
            1000.0,
            invoice_date=self.days_ago(40),
            due_date=self.days_ago(8),
        )
        within_grace = self._order(self.customer, 500.0)
        self._confirm(within_grace)
        self.assertEqual(within_grace.state, "sale")
        self._invoice(
            self.customer,
            2000.0,
            invoice_date=self.days_ago(60),
            due_date=self.days_ago(25),
        )
        order = self._order(self.customer, 500.0)
        with self.assertRaisesText(UserError, "overdue by more than the grace period"):
            self._confirm(order)
        self.assertIn("25 days ago", str(order.trade_credit_block_message))
        self.assertEqual(order.state, "draft")

    def test_rating_requiring_prepayment_needs_the_down_payment(self):
        self.customer.trade_credit_rating = "C"  # 30 % down payment, limit 50 000
        order = self._order(self.customer, 10000.0)
        self.assertEqual(order.trade_prepayment_required, 3000.0)
        with self.assertRaisesText(UserError, "down payment of 30%"):
            self._confirm(order)
        partial = self._customer_payment(self.customer, 1000.0, order=order)
        self.assertEqual(order.trade_prepaid_amount, 1000.0)
        with self.assertRaisesText(UserError, "1,000.00 has been received"):
            self._confirm(order)
        draft = self._customer_payment(self.contact, 2000.0, order=order, post=False)
        with self.assertRaises(UserError):
            self._confirm(order)
        draft.action_post()
        self.assertEqual(order.trade_prepaid_amount, 3000.0)
        self._confirm(order)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.trade_prepayment_ids, partial | draft)

    def test_down_payment_must_come_from_the_customer(self):
        order = self._order(self.customer, 10000.0)
        with self.assertRaisesText(ValidationError, "only a payment received from"):
            self._customer_payment(self.colleague_customer, 1000.0, order=order)

    def test_cash_in_advance_customer_confirms_once_fully_paid(self):
        self.customer.trade_credit_rating = "D"
        self.assertEqual(self.customer.credit_limit, 0.0)
        order = self._order(self.customer, 8000.0)
        with self.assertRaises(UserError) as refusal:
            self._confirm(order)
        self.assertIn("down payment of 100%", str(refusal.exception))
        self.assertIn("above its credit limit", str(refusal.exception))
        self._customer_payment(self.customer, 8000.0, order=order)
        self._confirm(order)
        self.assertEqual(order.state, "sale")

    def test_payment_terms_longer_than_the_credit_term_are_refused(self):
        order = self._order(
            self.customer, 1000.0, payment_term_id=self.payment_term_60.id
        )
        with self.assertRaisesText(UserError, "give 60 days, more than the 30 days"):
            self._confirm(order)
        order.payment_term_id = self.payment_term_30
        self._confirm(order)
        self.assertEqual(order.state, "sale")

    def test_customer_without_rating_or_limit_follows_the_default_policy(self):
        # issue 14: a new customer is no longer uncontrolled; the shipped
        # default policy gives no credit beyond the down payment
        self._invoice(
            self.unrated_customer,
            500000.0,
            invoice_date=self.days_ago(90),
            due_date=self.days_ago(60),
        )
        order = self._order(self.unrated_customer, 200000.0)
        self.assertTrue(order.trade_credit_controlled)
        self.assertEqual(order.trade_credit_policy, "default")
        self.assertEqual(order.trade_prepayment_required, 200000.0)
        with self.assertRaises(UserError) as refusal:
            self._confirm(order)
        message = str(refusal.exception)
        self.assertIn("above its credit limit of $\xa00.00", message)
        self.assertIn("overdue by more than the grace period", message)
        self.assertIn("the default credit policy, which applies to", message)
        self.assertIn("down payment of 100%", message)
        self.assertIn("has no credit rating or limit", message)
        self.assertEqual(order.state, "draft")
        # a limit of its own: that limit, no down payment unless set
        self.unrated_customer.with_user(self.credit_manager).credit_limit = 1000.0
        order = self._order(self.unrated_customer, 10.0)
        self.assertEqual(order.trade_credit_policy, "limit")
        with self.assertRaisesText(UserError, "above its credit limit"):
            self._confirm(order)

    def test_orders_confirmed_together_are_added_up(self):
        self._invoice(self.customer, 70000.0)
        first = self._order(self.customer, 20000.0)
        second = self._order(self.contact, 20000.0)
        both = (first | second).with_user(self.salesperson)
        with self.assertRaisesText(UserError, second.name):
            both.action_confirm()
        self.assertEqual((first | second).mapped("state"), ["draft", "draft"])
        second.order_line.price_unit = 10000.0
        both.action_confirm()
        self.assertEqual((first | second).mapped("state"), ["sale", "sale"])

    def test_an_order_of_a_contact_counts_against_the_company(self):
        self._order(self.customer, 90000.0).action_confirm()
        order = self._order(self.contact, 20000.0)
        with self.assertRaisesText(UserError, "Hongda Machinery Risk Test"):
            self._confirm(order)

    def test_changing_the_customer_updates_the_credit_check(self):
        order = self._order(self.customer, 200000.0)
        self.assertTrue(order.trade_credit_block_message)
        order.partner_id = self.exempt_customer
        self.assertFalse(order.trade_credit_block_message)
