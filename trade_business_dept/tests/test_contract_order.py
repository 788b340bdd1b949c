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


@tagged("post_install", "-at_install")
class TestContractExecution(TradeContractCase):
    """A signed contract shows what was ordered, delivered, invoiced and paid
    against its amount, and is fulfilled by itself when delivered and paid."""

    def test_execution_figures_and_fulfilment(self):
        self.product.write({"is_storable": True, "invoice_policy": "delivery"})
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.env.ref("stock.stock_location_stock"), 100
        )
        order = self._quotation(quantity=10, price=100.0)
        order.order_line.tax_id = False
        contract = self._signed_contract(orders=order)
        self.assertEqual(contract.amount_total, 1000.0)
        order.action_confirm()
        delivery = order.picking_ids
        delivery.write({"trade_transport_mode": "pickup", "trade_collected_by": "Zhou"})
        delivery.move_ids.quantity = 4
        delivery.with_context(
            skip_backorder=True, cancel_backorder=False
        ).button_validate()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_ordered, 1000.0)
        self.assertEqual(contract.amount_delivered, 400.0)
        self.assertEqual(contract.delivered_percent, 40.0)
        self.assertEqual(contract.with_user(self.legal).paid_percent, 0.0)
        invoice = order._create_invoices()
        invoice.action_post()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_invoiced, 400.0)
        self.assertEqual(contract.state, "signed")
        # the rest is delivered and everything paid: fulfilled by itself
        backorder = order.picking_ids.filtered(lambda p: p.state != "done")
        backorder.write(
            {"trade_transport_mode": "pickup", "trade_collected_by": "Zhou"}
        )
        backorder.move_ids.quantity = 6
        backorder.button_validate()
        invoice = order._create_invoices()
        invoice.action_post()
        for move in order.invoice_ids:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
        contract.invalidate_recordset()
        self.assertEqual(contract.amount_paid, 1000.0)
        self.assertEqual(contract.state, "done")
