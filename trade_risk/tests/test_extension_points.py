from odoo_test_helper import FakeModelLoader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestExtensionPoints(TradeRiskCase):
    """The credit rules and the early warnings are lists another addon
    extends: a fake addon adds one rule to each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import SaleOrder, TradeRisk

        cls.loader.update_registry((SaleOrder, TradeRisk))

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_a_credit_rule_added_by_another_addon(self):
        order = self._order(self.customer, 1000.0)
        self.assertIn(
            "_fake_credit_check_incoterm", order._trade_credit_rules(), "listed"
        )
        self.assertEqual(
            order._trade_credit_problems(),
            ["agree an Incoterm with a customer under credit control"],
        )
        self.assertIn("agree an Incoterm", order.trade_credit_block_message)
        with self.assertRaisesText(UserError, "agree an Incoterm"):
            order.with_user(self.salesperson).action_confirm()
        order.incoterm = self.env.ref("account.incoterm_FOB")
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # a customer exempted from credit control is not checked by the rules
        other = self._order(self.exempt_customer, 1000.0)
        self.assertEqual(other._trade_credit_problems(), [])

    def test_an_early_warning_added_by_another_addon(self):
        self.customer.email = False
        self.env["trade.risk"]._cron_early_warnings()
        risk = self.env["trade.risk"].search(
            [
                ("company_id", "=", self.company.id),
                ("warning_key", "=", f"fake_email:{self.customer.id}"),
            ]
        )
        self.assertEqual(
            (risk.warning_type, risk.partner_id, risk.state),
            ("fake_email", self.customer, "identified"),
        )
        self.assertFalse(
            self.env["trade.risk"].search(
                [("warning_key", "=", f"fake_email:{self.unrated_customer.id}")]
            ),
            "not rated: no warning",
        )
        # the built-in rules still run with it
        self.assertIn("_warn_overdue", self.env["trade.risk"]._early_warning_rules())
