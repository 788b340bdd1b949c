from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestContractRequiredForOrders(TradeContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "trade_contract_required": True,
                "trade_contract_min_amount": 1000.0,
                "trade_contract_tier_key": True,
                "trade_contract_tier_regular": False,
                "trade_contract_tier_prospect": True,
            }
        )

    def test_setting_off_confirms_without_contract(self):
        self.company.trade_contract_required = False
        order = self._quotation(quantity=100)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_order_without_contract_is_refused_naming_it(self):
        order = self._quotation(quantity=100)
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesperson).action_confirm()
        message = str(refusal.exception)
        self.assertIn(order.name, message)
        self.assertIn("needs a signed contract", message)
        self.assertIn(self.key_customer.name, message)
        self.assertEqual(order.state, "draft")

    def test_contract_not_yet_signed_is_named(self):
        order = self._quotation(quantity=100)
        contract = self._contract(orders=order)
        contract.action_submit_review()
        with self.assertRaises(UserError) as refusal:
            order.action_confirm()
        self.assertIn(contract.name, str(refusal.exception))
        self.assertIn("Legal Review", str(refusal.exception))
        self.assertEqual(order.state, "draft")

    def test_signed_contract_lets_the_order_through(self):
        order = self._quotation(quantity=100)
        self._signed_contract(orders=order)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_small_orders_and_other_tiers_need_no_contract(self):
        small = self._quotation(quantity=5)
        small.action_confirm()
        self.assertEqual(small.state, "sale")
        regular = self._quotation(partner=self.colleague_customer, quantity=100)
        regular.action_confirm()
        self.assertEqual(regular.state, "sale")

    def test_settings_form(self):
        settings = Form(self.env["res.config.settings"])
        settings.trade_contract_min_amount = 50000
        settings.trade_contract_tier_prospect = False
        settings.save().execute()
        self.assertEqual(self.company.trade_contract_min_amount, 50000)
        self.assertFalse(self.company.trade_contract_tier_prospect)
        order = self._quotation(quantity=100)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
