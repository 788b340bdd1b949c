from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TradeRiskCase
from .test_integrity import TradeRiskIntegrityCase


class TradeCreditEntityCase(TradeRiskCase):
    """A D-rated customer of li.wei (100% down payment, no credit) whose
    contact owes an overdue invoice, and an A-rated customer of his."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.bad = Partner.create(
            {
                "name": "Shaky Trading Test",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "trade_credit_rating": "D",
            }
        )
        cls.bad_contact = Partner.create(
            {"name": "Ma Dong", "parent_id": cls.bad.id, "user_id": cls.salesperson.id}
        )
        cls.good = Partner.create(
            {
                "name": "Solid Group Test",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "trade_credit_rating": "A",
                "trade_credit_uncontrolled": True,
            }
        )

    def as_sales(self, record):
        return record.with_user(self.salesperson)


@tagged("post_install", "-at_install")
class TestCreditEntity(TradeCreditEntityCase):
    """Credit is decided by the customer that owes (the commercial partner):
    a salesperson cannot move a contact with orders or receivables to a
    better-rated company, make it a company of its own, or give a contact a
    credit profile of its own (R5.1, STYLE rules 21-23)."""

    def setUp(self):
        super().setUp()
        self._invoice(
            self.bad_contact,
            5000.0,
            invoice_date=self.days_ago(60),
            due_date=self.days_ago(30),
        )

    def test_contact_with_receivables_stays_with_its_customer(self):
        contact = self.as_sales(self.bad_contact)
        for values in (
            {"parent_id": self.good.id},
            {"parent_id": False},
            {"is_company": True},
            {"parent_id": self.good.id, "is_company": False},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesText(AccessError, "only a credit manager"),
            ):
                contact.write(values)
        with self.assertRaisesText(AccessError, "follows its Company"):
            contact.write({"commercial_partner_id": self.good.id})
        self.bad_contact.invalidate_recordset()
        self.assertEqual(self.bad_contact.commercial_partner_id, self.bad)
        self.assertEqual(self.bad_contact.trade_credit_rating, "D")
        self.assertEqual(self.bad.trade_overdue_amount, 5000.0)
        # its orders are still checked against the D rating of its customer
        order = self._order(self.bad_contact, 1000.0)
        with self.assertRaisesText(UserError, "Shaky Trading Test requires a down"):
            self.as_sales(order).action_confirm()

    def test_customer_with_receivables_cannot_join_another_company(self):
        # the company itself, moved under the A-rated group as its contact
        with self.assertRaisesText(AccessError, "only a credit manager"):
            self.as_sales(self.bad).write(
                {"parent_id": self.good.id, "is_company": False}
            )
        self.assertEqual(self.bad.commercial_partner_id, self.bad)
        self.assertEqual(self.bad_contact.commercial_partner_id, self.bad)
        # under another company as a company of its own: its credit stays
        self.as_sales(self.bad).write({"parent_id": self.good.id})
        self.assertEqual(self.bad.commercial_partner_id, self.bad)
        self.assertEqual(
            (self.bad.trade_credit_rating, self.bad.trade_credit_uncontrolled),
            ("D", False),
        )

    def test_credit_manager_decides_the_move(self):
        self.bad_contact.with_user(self.credit_manager).write(
            {"parent_id": self.good.id}
        )
        self.assertEqual(self.bad_contact.commercial_partner_id, self.good)
        self.assertEqual(self.bad_contact.trade_credit_rating, "A")
        # its invoice was booked on the customer that owed it then
        self.assertEqual(self.bad.trade_receivable_amount, 5000.0)

    def test_contact_has_no_credit_profile_of_its_own(self):
        contact = self.as_sales(self.bad_contact)
        contact.write({"trade_credit_rating": "A", "trade_credit_uncontrolled": True})
        self.assertEqual(
            (contact.trade_credit_rating, contact.trade_credit_uncontrolled),
            ("D", False),
        )
        Partner = self.env["res.partner"].with_user(self.salesperson)
        created = Partner.with_context(_partners_skip_fields_sync=True).create(
            {
                "name": "Forged Contact",
                "parent_id": self.bad.id,
                "trade_credit_rating": "A",
                "trade_credit_uncontrolled": True,
            }
        )
        self.assertEqual(
            (created.trade_credit_rating, created.trade_credit_uncontrolled),
            ("D", False),
        )
        # a company of its own under another one: it is a customer of its own
        with self.assertRaisesText(AccessError, "Only a credit manager can give"):
            Partner.create(
                {
                    "name": "Forged Branch",
                    "is_company": True,
                    "parent_id": self.bad.id,
                    "trade_credit_uncontrolled": True,
                }
            )

    def test_new_contact_leaving_starts_without_credit(self):
        """A contact without orders or receivables may leave, but not with its
        former customer's rating, exemption or limit."""
        contact = self.env["res.partner"].create(
            {"name": "Qin Lu", "parent_id": self.good.id}
        )
        self.assertEqual(contact.trade_credit_rating, "A")
        self.assertTrue(contact.trade_credit_uncontrolled)
        self.as_sales(contact).write({"is_company": True})
        self.assertEqual(contact.commercial_partner_id, contact)
        self.assertEqual(
            (
                contact.trade_credit_rating,
                contact.trade_credit_uncontrolled,
                contact.credit_limit,
                contact.trade_credit_policy,
            ),
            (False, False, 0.0, "default"),
        )
        # and a contact joining a company takes that company's profile
        loner = self.env["res.partner"].create({"name": "Hu Jie"})
        self.as_sales(loner).write({"parent_id": self.bad.id})
        self.assertEqual(loner.trade_credit_rating, "D")


@tagged("post_install", "-at_install")
class TestInvoicePartnerCredit(TradeCreditEntityCase):
    """The credit check at confirmation reads the customer billed (the order's
    invoice address), which will owe the invoice, and the ordering customer
    when another company is billed (R5.2)."""

    def test_billing_a_bad_payer_is_refused(self):
        order = self._order(
            self.customer, 1000.0, partner_invoice_id=self.bad_contact.id
        )
        with self.assertRaisesText(UserError, "Shaky Trading Test requires a down"):
            self.as_sales(order).action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertIn("Shaky Trading Test", order.trade_credit_block_message)

    def test_a_customer_on_hold_cannot_bill_another_company(self):
        order = self._order(self.bad, 1000.0, partner_invoice_id=self.good.id)
        with self.assertRaisesText(UserError, "Shaky Trading Test requires a down"):
            self.as_sales(order).action_confirm()
        # exempted by a credit manager, as another company always pays: the
        # company billed alone is checked
        self.bad.with_user(self.credit_manager).trade_credit_uncontrolled = True
        self.as_sales(order).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_the_order_counts_for_the_company_billed(self):
        self.customer.with_user(self.credit_manager).trade_credit_uncontrolled = True
        order = self._order(self.customer, 4000.0, partner_invoice_id=self.good.id)
        self.as_sales(order).action_confirm()
        self.assertEqual(self.good.trade_uninvoiced_amount, 4000.0)
        self.assertEqual(self.customer.trade_uninvoiced_amount, 0.0)

    def test_a_delivery_waits_while_the_company_billed_is_on_hold(self):
        payer = self.env["res.partner"].create(
            {"name": "Paying Parent Test", "is_company": True, "credit_limit": 1e6}
        )
        self.customer.with_user(self.credit_manager).trade_credit_uncontrolled = True
        order = self._order(self.customer, 4000.0, partner_invoice_id=payer.id)
        self.as_sales(order).action_confirm()
        delivery = order.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        )
        self.assertFalse(delivery.with_user(self.salesperson).trade_credit_hold)
        self._invoice(
            payer, 2000.0, invoice_date=self.days_ago(55), due_date=self.days_ago(25)
        )
        delivery.invalidate_recordset()
        delivery = delivery.with_user(self.salesperson)
        self.assertTrue(delivery.trade_credit_hold)
        self.assertIn("Paying Parent Test", delivery.trade_credit_hold_message)


@tagged("post_install", "-at_install")
class TestCreditExceptionTerms(TradeRiskIntegrityCase):
    """A credit exception is bound to the invoice address and the payment
    terms approved: changing either voids it (STYLE rule 23)."""

    def test_exception_lapses_when_the_invoice_address_changes(self):
        order = self._order(self.customer, 20000.0)
        exception = self._approved(order)
        self.assertEqual(exception.partner_invoice_id, order.partner_invoice_id)
        self.assertEqual(order.partner_invoice_id, self.customer)
        order.with_user(self.salesperson).partner_invoice_id = self.contact
        self.assertEqual(exception.state, "lapsed")
        with self.assertRaisesText(UserError, "invoice address changed"):
            order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "draft")

    def test_exception_lapses_when_the_payment_terms_change(self):
        order = self._order(
            self.customer, 20000.0, payment_term_id=self.payment_term_30.id
        )
        exception = self._approved(order)
        self.assertEqual(exception.payment_term_id, self.payment_term_30)
        with self.assertRaises(UserError):
            exception.with_user(self.salesperson).write(
                {"payment_term_id": self.payment_term_60.id}
            )
        order.with_user(self.salesperson).payment_term_id = self.payment_term_60
        self.assertEqual(exception.state, "lapsed")
        with self.assertRaisesText(UserError, "payment terms changed"):
            order.with_user(self.salesperson).action_confirm()
        # back to the approved terms: a new approval is needed
        order.with_user(self.salesperson).payment_term_id = self.payment_term_30
        self.assertEqual(exception.state, "lapsed")
        self._approved(order)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestCreditWarningRisk(TradeRiskCase):
    """A credit risk raised by the early warnings is lowered, moved or closed
    by a credit manager (business managers included) only; its salesperson
    adds notes and actions (R5.2)."""

    def setUp(self):
        super().setUp()
        self.risk = (
            self.env["trade.risk"]
            ._open_from_warnings(
                self.company,
                [
                    {
                        "warning_type": "overdue",
                        "warning_key": f"overdue:{self.customer.id}",
                        "name": "Hongda: receivables overdue",
                        "category": "credit",
                        "likelihood": 4,
                        "impact": 4,
                        "description": "Overdue for 70 days",
                        "partner_id": self.customer.id,
                        "owner_id": self.credit_manager.id,
                    }
                ],
            )
            .with_env(self.env)
        )

    def test_salesperson_cannot_lower_move_or_close(self):
        risk = self.risk.with_user(self.salesperson)
        for values in (
            {"likelihood": 1},
            {"impact": 2},
            {"likelihood": 5, "impact": 1},
            {"category": "market"},
            {"owner_id": self.salesperson.id},
            {"partner_id": self.colleague_customer.id},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesText(AccessError, "only a credit manager"),
            ):
                risk.write(values)
        risk.write({"closing_note": "Customer promised to pay"})
        with self.assertRaisesText(AccessError, "only a credit manager"):
            risk.action_close()
        self.risk.invalidate_recordset()
        self.assertEqual(
            (self.risk.likelihood, self.risk.impact, self.risk.state),
            (4, 4, "identified"),
        )
        # notes, a response and actions are welcome, and a higher assessment
        risk.write(
            {
                "description": "Overdue for 70 days; the buyer left",
                "response": "Ask for a bank guarantee",
                "review_date": fields.Date.today() + timedelta(days=3),
                "likelihood": 5,
                "action_ids": [Command.create({"name": "Call the buyer"})],
            }
        )
        self.assertEqual((self.risk.likelihood, len(self.risk.action_ids)), (5, 1))

    def test_credit_and_business_managers_decide(self):
        self.risk.with_user(self.credit_manager).write({"likelihood": 2})
        self.assertEqual(self.risk.likelihood, 2)
        risk = self.risk.with_user(self.manager)
        risk.write({"impact": 2, "closing_note": "Paid in full"})
        risk.action_close()
        self.assertEqual(self.risk.state, "closed")

    def test_a_salesperson_risk_stays_his(self):
        own = (
            self.env["trade.risk"]
            .with_user(self.salesperson)
            .create(
                {
                    "name": "Hongda slows down",
                    "category": "credit",
                    "partner_id": self.customer.id,
                    "likelihood": 4,
                    "impact": 4,
                }
            )
        )
        own.write({"likelihood": 1, "closing_note": "False alarm"})
        own.action_close()
        self.assertEqual(own.state, "closed")


@tagged("post_install", "-at_install")
class TestPromiseHorizon(TradeRiskCase):
    """A promise to pay pauses the collection ladder until its date: a
    salesperson records one within the company's days (30 by default); a
    credit manager may record a later one (R5.2)."""

    def _values(self, days):
        return {
            "partner_id": self.customer.id,
            "date_promised": fields.Date.context_today(self.customer)
            + timedelta(days=days),
            "amount": 5000.0,
        }

    def test_salesperson_promise_within_the_days(self):
        Promise = self.env["trade.payment.promise"].with_user(self.salesperson)
        self.assertEqual(self.company.trade_promise_max_days, 30)
        promise = Promise.create(self._values(30))
        self.assertEqual(promise.state, "open")
        for days in (31, 365 * 70):
            with (
                self.subTest(days=days),
                self.assertRaisesText(UserError, "more than 30 days after"),
            ):
                Promise.create(self._values(days))
        with self.assertRaisesText(UserError, "ask a credit manager"):
            promise.write({"date_promised": "2099-12-31"})
        self.assertEqual(promise.date_promised, self._values(30)["date_promised"])

    def test_credit_manager_records_a_later_promise(self):
        promise = (
            self.env["trade.payment.promise"]
            .with_user(self.credit_manager)
            .create(self._values(90))
        )
        self.assertEqual(promise.state, "open")
        self.company.trade_promise_max_days = 120
        self.env["trade.payment.promise"].with_user(self.salesperson).create(
            self._values(100)
        )
