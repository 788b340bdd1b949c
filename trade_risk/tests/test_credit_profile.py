from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestCreditProfile(TradeRiskCase):
    def test_rating_gives_the_policy_terms_and_limit(self):
        self.assertEqual(self.customer.trade_credit_term_days, 30)
        self.assertEqual(self.customer.trade_prepayment_ratio, 0.0)
        self.assertEqual(self.customer.credit_limit, 100000.0)
        self.assertTrue(self.customer.trade_credit_controlled)
        self.assertEqual(self.customer.trade_credit_policy, "rating")
        # without a rating: the company's default credit policy
        self.assertTrue(self.unrated_customer.trade_credit_controlled)
        self.assertEqual(self.unrated_customer.trade_credit_policy, "default")
        # only a credit manager's exemption takes a customer out of control
        self.assertFalse(self.exempt_customer.trade_credit_controlled)
        self.assertEqual(self.exempt_customer.trade_credit_policy, "exempt")

    def test_new_rating_moves_the_default_limit_but_keeps_a_manual_one(self):
        customer = self.customer.with_user(self.credit_manager)
        customer.trade_credit_rating = "A"
        self.assertEqual(customer.credit_limit, 200000.0)
        self.assertEqual(customer.trade_credit_term_days, 60)
        customer.credit_limit = 150000.0
        customer.trade_credit_rating = "C"
        self.assertEqual(customer.credit_limit, 150000.0, "set by hand: kept")
        self.assertEqual(customer.trade_credit_term_days, 15)
        self.assertEqual(customer.trade_prepayment_ratio, 0.3)

    def test_terms_can_be_overridden_per_customer(self):
        customer = self.customer.with_user(self.credit_manager)
        customer.write({"trade_credit_term_days": 45, "trade_prepayment_ratio": 0.1})
        customer.invalidate_recordset()
        self.assertEqual(customer.trade_credit_term_days, 45)
        self.assertEqual(customer.trade_prepayment_ratio, 0.1)
        customer.action_trade_apply_credit_policy()
        self.assertEqual(customer.trade_credit_term_days, 30)
        self.assertEqual(customer.trade_prepayment_ratio, 0.0)

    def test_salesperson_cannot_change_the_credit_profile(self):
        customer = self.customer.with_user(self.salesperson)
        for values in (
            {"trade_credit_rating": "A"},
            {"trade_credit_term_days": 90},
            {"trade_prepayment_ratio": 0.0, "trade_credit_term_days": 90},
        ):
            with self.assertRaisesText(AccessError, "Only a credit manager"):
                customer.write(values)
        with self.assertRaises(AccessError):
            customer.action_trade_apply_credit_policy()
        # writing the same values (as a form does) and other fields is fine
        customer.write({"trade_credit_rating": "B", "phone": "+86 21 5555 0101"})
        self.assertEqual(self.customer.phone, "+86 21 5555 0101")
        with self.assertRaisesText(AccessError, "credit rating"):
            self.env["res.partner"].with_user(self.salesperson).create(
                {
                    "name": "Self-rated Co",
                    "is_company": True,
                    "trade_credit_rating": "A",
                }
            )

    def test_contacts_follow_their_company(self):
        self.assertEqual(self.contact.trade_credit_rating, "B")
        self.customer.with_user(self.credit_manager).trade_credit_rating = "C"
        self.assertEqual(self.contact.trade_credit_rating, "C")
        self.assertEqual(self.contact.trade_prepayment_ratio, 0.3)
        # a salesperson adds a contact to a rated company: the values are copied
        buyer = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create({"name": "Buyer", "parent_id": self.customer.id})
        )
        self.assertEqual(buyer.trade_credit_rating, "C")

    def test_credit_limit_and_rating_changes_are_tracked(self):
        self.flush_tracking()  # the customer was created in an earlier transaction
        self.customer.with_user(self.credit_manager).write(
            {"credit_limit": 80000.0, "trade_credit_rating": "C"}
        )
        self.flush_tracking()
        tracked = self.customer.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("credit_limit", tracked)
        self.assertIn("trade_credit_rating", tracked)

    def test_policy_values_are_checked(self):
        policy = self.env["trade.credit.policy"].search(
            [("company_id", "=", self.company.id), ("rating", "=", "C")]
        )
        with self.assertRaisesText(ValidationError, "between 0% and 100%"):
            policy.prepayment_ratio = 1.5
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            policy.credit_term_days = -5
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["trade.credit.policy"].create({"rating": "C"})
            self.env.flush_all()

    def test_policy_proposes_the_base_limit_times_multiplier(self):
        policy = self.env["trade.credit.policy"].search(
            [("company_id", "=", self.company.id), ("rating", "=", "A")]
        )
        self.assertEqual(policy.proposed_credit_limit, 200000.0)
        self.assertEqual(policy.display_name, "A - Excellent")


@tagged("post_install", "-at_install")
class TestCreditInvestigation(TradeRiskCase):
    def _investigation(self, user, **values):
        return (
            self.env["trade.credit.investigation"]
            .with_user(user)
            .create(
                dict(
                    {
                        "partner_id": self.contact.id,
                        "source": "agency",
                        "finances": "Revenue 120 M CNY, debt ratio 35%",
                        "operations": "Founded 1998, 600 staff",
                        "credit_record": "Always paid within terms",
                    },
                    **values,
                )
            )
        )

    def test_concluding_rates_the_customer(self):
        investigation = self._investigation(
            self.salesperson,
            conclusion="Strong finances, clean record",
            proposed_rating="A",
            proposed_credit_limit=250000.0,
        )
        self.assertEqual(investigation.partner_id, self.customer, "the company")
        with self.assertRaises(AccessError):
            investigation.action_conclude()
        investigation.with_user(self.credit_manager).action_conclude()
        self.assertEqual(investigation.state, "done")
        self.assertEqual(investigation.concluded_by_id, self.credit_manager)
        self.assertEqual(self.customer.trade_credit_rating, "A")
        self.assertEqual(self.customer.credit_limit, 250000.0)
        self.assertEqual(self.customer.trade_credit_term_days, 60)

    def test_conclusion_and_rating_are_required(self):
        investigation = self._investigation(self.credit_manager)
        with self.assertRaisesText(UserError, "Conclusion and Proposed Rating"):
            investigation.action_conclude()
        self.assertEqual(investigation.state, "draft")
        self.assertEqual(self.customer.trade_credit_rating, "B")

    def test_a_concluded_investigation_is_locked(self):
        investigation = self._investigation(
            self.credit_manager, conclusion="Fair", proposed_rating="C"
        )
        investigation.action_conclude()
        self.assertEqual(self.customer.credit_limit, 50000.0, "C policy limit")
        with self.assertRaisesText(UserError, "cannot be changed"):
            investigation.with_user(self.credit_manager).conclusion = "Changed"
        with self.assertRaisesText(UserError, "already concluded"):
            investigation.action_conclude()

    def test_salesperson_sees_only_own_customers_investigations(self):
        mine = self._investigation(self.salesperson)
        other = self._investigation(
            self.credit_manager, partner_id=self.colleague_customer.id
        )
        visible = (
            self.env["trade.credit.investigation"]
            .with_user(self.salesperson)
            .search([("id", "in", (mine | other).ids)])
        )
        self.assertEqual(visible, mine)
        finance_visible = (
            self.env["trade.credit.investigation"]
            .with_user(self.finance)
            .search([("id", "in", (mine | other).ids)])
        )
        self.assertEqual(finance_visible, mine | other)


@tagged("post_install", "-at_install")
class TestCreditGuarantee(TradeRiskCase):
    def _guarantee(self, **values):
        return (
            self.env["trade.credit.guarantee"]
            .with_user(self.credit_manager)
            .create(
                dict(
                    {
                        "name": "LG-001",
                        "partner_id": self.customer.id,
                        "guarantee_type": "bank_guarantee",
                        "issuer": "Bank of China Shanghai",
                        "amount": 30000.0,
                        "date_start": self.days_ago(10),
                        "date_expiry": self.days_ago(-90),
                        "attachment_ids": [
                            Command.create({"name": "lg.pdf", "raw": b"%PDF-1.4"})
                        ],
                    },
                    **values,
                )
            )
        )

    def test_only_valid_guarantees_add_to_available_credit(self):
        guarantee = self._guarantee()
        self.assertEqual(self.customer.trade_guarantee_amount, 0.0, "draft")
        guarantee.action_validate()
        self.customer.invalidate_recordset()
        self.assertTrue(guarantee.is_valid)
        self.assertEqual(self.customer.trade_guarantee_amount, 30000.0)
        self.assertEqual(self.customer.trade_credit_available, 130000.0)
        expired = self._guarantee(
            name="LG-OLD", date_start=self.days_ago(400), date_expiry=self.days_ago(35)
        )
        expired.action_validate()
        future = self._guarantee(name="LC-NEXT", date_start=self.days_ago(-5))
        future.action_validate()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.trade_guarantee_amount, 30000.0)
        guarantee.action_release()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.trade_guarantee_amount, 0.0)

    def test_guarantee_in_foreign_currency_is_converted(self):
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        foreign = eur if self.currency == usd else usd
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": fields.Date.today(),
                "currency_id": foreign.id,
                "rate": 0.5,
                "company_id": self.company.id,
            }
        )
        self._guarantee(amount=10000.0, currency_id=foreign.id).action_validate()
        self.assertAlmostEqual(self.customer.trade_guarantee_amount, 20000.0, places=2)

    def test_bad_guarantees_are_refused(self):
        with self.assertRaisesText(ValidationError, "must be positive"):
            self._guarantee(amount=0.0)
        with self.assertRaisesText(ValidationError, "expires before it starts"):
            self._guarantee(date_start=self.days_ago(0), date_expiry=self.days_ago(1))
        guarantee = self._guarantee(attachment_ids=[])
        with self.assertRaisesText(UserError, "Attach the scan"):
            guarantee.action_validate()
        self.assertEqual(guarantee.state, "draft")
        with self.assertRaises(AccessError):
            guarantee.with_user(self.salesperson).action_validate()
        with self.assertRaises(AccessError):
            self.env["trade.credit.guarantee"].with_user(self.salesperson).create(
                {
                    "name": "FAKE",
                    "partner_id": self.customer.id,
                    "amount": 1e6,
                    "date_expiry": self.days_ago(-30),
                }
            )
