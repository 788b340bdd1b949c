from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestDefaultCreditPolicy(TradeRiskCase):
    """R5.1.2 (issue 14): every customer of the department is under credit
    control. Without a rating or a limit of its own, the company's default
    credit policy (Settings) applies; only a credit manager exempts a
    customer, on the customer, tracked."""

    def test_shipped_default_is_cautious(self):
        company = self.env["res.company"].create({"name": "New Branch Test"})
        self.assertEqual(
            (
                company.trade_credit_default_limit,
                company.trade_credit_default_term_days,
                company.trade_credit_default_prepayment,
            ),
            (0.0, 0, 1.0),
        )

    def test_new_customer_pays_in_advance(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.salesperson)
            .create({"name": "Jincheng Tools Test", "is_company": True})
        )
        customer.with_user(self.salesperson).user_id = self.salesperson
        self.assertEqual(
            customer.with_user(self.salesperson).trade_credit_policy, "default"
        )
        self.assertIn(
            "down payment 100% before confirmation",
            customer.with_user(self.salesperson).trade_credit_policy_note,
        )
        order = self._order(customer, 5000.0)
        self.assertEqual(
            order.with_user(self.salesperson).trade_credit_policy, "default"
        )
        self.assertEqual(order.trade_prepayment_required, 5000.0)
        message = order.with_user(self.salesperson).trade_credit_block_message
        self.assertIn("the default credit policy, which applies to", message)
        self.assertIn("credit limit $\xa00.00, credit term 0 days", message)
        with self.assertRaisesText(UserError, "down payment of 100%"):
            order.with_user(self.salesperson).action_confirm()
        # finance registers the customer's payment for the order
        self._customer_payment(customer, 5000.0, order=order)
        self.assertFalse(order.with_user(self.salesperson).trade_credit_block_message)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_settings_give_credit_to_customers_without_rating(self):
        with Form(self.env["res.config.settings"]) as settings:
            settings.trade_credit_default_limit = 20000.0
            settings.trade_credit_default_term_days = 30
            settings.trade_credit_default_prepayment = 0.0
        self.assertEqual(self.company.trade_credit_default_limit, 20000.0)
        order = self._order(
            self.unrated_customer, 15000.0, payment_term_id=self.payment_term_30.id
        )
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # above the default limit, and longer terms than the default's
        order = self._order(
            self.unrated_customer, 6000.0, payment_term_id=self.payment_term_60.id
        )
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesperson).action_confirm()
        message = str(refusal.exception)
        self.assertIn("above its credit limit of $\xa020,000.00", message)
        self.assertIn("give 60 days, more than the 30 days", message)
        # a rating replaces the default policy
        self.unrated_customer.with_user(self.credit_manager).trade_credit_rating = "B"
        self.assertEqual(order.trade_credit_policy, "rating")
        order.payment_term_id = self.payment_term_30
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_default_policy_values_are_checked(self):
        for values in (
            {"trade_credit_default_limit": -1.0},
            {"trade_credit_default_term_days": -5},
            {"trade_credit_default_prepayment": 1.5},
        ):
            with self.assertRaises(ValidationError):
                self.company.write(values)

    def test_only_a_credit_manager_exempts_a_customer(self):
        customer = self.unrated_customer
        with self.assertRaisesText(AccessError, "Only a credit manager"):
            customer.with_user(self.salesperson).trade_credit_uncontrolled = True
        with self.assertRaisesText(AccessError, "exempt it from credit control"):
            self.env["res.partner"].with_user(self.salesperson).create(
                {
                    "name": "Own Uncontrolled Customer",
                    "is_company": True,
                    "trade_credit_uncontrolled": True,
                }
            )
        with self.assertRaises(AccessError):
            customer.with_user(self.finance).trade_credit_uncontrolled = True
        self.assertFalse(customer.trade_credit_uncontrolled)
        customer.with_user(self.credit_manager).trade_credit_uncontrolled = True
        self.flush_tracking()
        tracked = customer.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "trade_credit_uncontrolled"
        )
        self.assertEqual(
            tracked.mail_message_id.author_id, self.credit_manager.partner_id
        )
        self.assertEqual(customer.trade_credit_policy, "exempt")
        order = self._order(customer, 250000.0)
        self.assertFalse(order.trade_credit_block_message)
        self.assertEqual(order.trade_prepayment_required, 0.0)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # a contact follows its company
        contact = self.env["res.partner"].create(
            {"name": "Buyer of the exempt customer", "parent_id": customer.id}
        )
        self.assertTrue(contact.trade_credit_uncontrolled)

    def test_portal_users_do_not_read_the_exemption(self):
        portal = new_test_user(
            self.env, login="risk_portal_buyer", groups="base.group_portal"
        )
        with self.assertRaises(AccessError):
            portal.partner_id.with_user(portal).read(["trade_credit_uncontrolled"])
        with self.assertRaises(AccessError):
            self.company.with_user(portal).read(["trade_credit_default_limit"])

    def test_out_of_scope_orders_of_new_customers_confirm(self):
        self.company.trade_scope_all_orders = False
        order = self._order(self.unrated_customer, 5000.0)
        self.assertEqual(order.trade_prepayment_required, 0.0)
        self.assertFalse(order.trade_credit_block_message)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_exposure_warning_for_customers_under_the_default_policy(self):
        self.company.write(
            {
                "trade_credit_default_limit": 10000.0,
                "trade_credit_default_prepayment": 0,
            }
        )
        order = self._order(self.unrated_customer, 9500.0)
        order.with_user(self.salesperson).action_confirm()
        self.env["trade.risk"]._cron_early_warnings()
        risk = self.env["trade.risk"].search(
            [("warning_key", "=", f"exposure:{self.unrated_customer.id}")]
        )
        self.assertEqual(risk.category, "credit")
        self.assertIn("95%", risk.description)
        # an exempt customer's exposure is not compared with any limit
        self.assertFalse(
            self.env["trade.risk"].search(
                [("warning_key", "=", f"exposure:{self.exempt_customer.id}")]
            )
        )
