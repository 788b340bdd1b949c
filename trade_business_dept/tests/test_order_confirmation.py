from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestOrderConfirmation(TradeOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.trade_order_checks = True
        cls.plain_product = cls.env["product.product"].create(
            {"name": "Gate valve DN50", "list_price": 80.0, "trade_floor_price": 60.0}
        )

    def test_everything_missing_is_listed_at_once(self):
        order = self._order(
            product=self.plain_product, price=50.0, commitment_date=False
        )
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesperson).action_confirm()
        message = str(refusal.exception)
        self.assertIn(order.name, message)
        self.assertIn("delivery date promised", message)
        self.assertIn("specification of: Gate valve DN50", message)
        self.assertIn("floor price", message)
        self.assertIn("60.00", message)
        for item in (
            "Specification Verified",
            "Quantities Verified",
            "Prices Verified",
        ):
            self.assertIn(item, message)
        self.assertEqual(order.state, "draft")

    def test_complete_order_is_confirmed(self):
        order = self._order()
        self._verify_all(order)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_line_description_counts_as_specification(self):
        order = self._order(product=self.plain_product, price=80.0)
        self._verify_all(order)
        with self.assertRaisesText(UserError, "specification"):
            order.action_confirm()
        order.order_line.name = "Gate valve DN50\nCast steel WCB, PN25, API 600"
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_price_below_floor_needs_a_manager(self):
        self.plain_product.description_sale = "Cast steel"
        order = self._order(product=self.plain_product, price=55.0)
        self._verify_all(order)
        with self.assertRaisesText(UserError, "floor price"):
            order.action_confirm()
        with self.assertRaises(AccessError):
            order.with_user(self.salesperson).action_trade_approve_floor_prices()
        order.with_user(self.manager).action_trade_approve_floor_prices()
        self.assertEqual(order.trade_floor_approved_by_id, self.manager)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_discount_counts_against_the_floor(self):
        self.plain_product.description_sale = "Cast steel"
        order = self._order(product=self.plain_product, price=70.0)
        self._verify_all(order)
        order.order_line.discount = 20
        with self.assertRaisesText(UserError, "56.00"):
            order.action_confirm()

    def test_changing_prices_after_approval_needs_a_new_approval(self):
        self.plain_product.description_sale = "Cast steel"
        order = self._order(product=self.plain_product, price=55.0)
        order.with_user(self.manager).action_trade_approve_floor_prices()
        order.order_line.price_unit = 40.0
        self.assertFalse(order.trade_floor_approved_by_id)

    def test_approval_covers_only_the_lines_approved(self):
        """The manager approved 1 x 55: a line added afterwards, or a changed
        quantity, needs a new approval."""
        self.plain_product.description_sale = "Cast steel"
        order = self._order(product=self.plain_product, price=55.0, quantity=1)
        self._verify_all(order)
        order.with_user(self.manager).action_trade_approve_floor_prices()
        self.assertTrue(order.order_line.trade_floor_approved)
        order.with_user(self.salesperson).write(
            {
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.plain_product.id,
                            "product_uom_qty": 1000,
                            "price_unit": 1.0,
                        }
                    )
                ]
            }
        )
        self.assertFalse(order.trade_floor_approved_by_id)
        with self.assertRaisesText(UserError, "floor price"):
            order.with_user(self.salesperson).action_confirm()
        order.with_user(self.manager).action_trade_approve_floor_prices()
        order.order_line[0].with_user(self.salesperson).write(
            {"product_uom_qty": 500, "price_unit": 55.0}
        )
        self.assertFalse(order.order_line[0].trade_floor_approved)
        with self.assertRaisesText(UserError, "floor price"):
            order.with_user(self.salesperson).action_confirm()

    def test_approval_and_verifier_cannot_be_written(self):
        self.plain_product.description_sale = "Cast steel"
        order = self._order(product=self.plain_product, price=55.0)
        self._verify_all(order)
        sales_order = order.with_user(self.salesperson)
        with self.assertRaises(UserError):
            sales_order.write({"trade_floor_approved_by_id": self.manager.id})
        with self.assertRaises(UserError):
            sales_order.order_line.write({"trade_floor_approved": True})
        with self.assertRaises(UserError):
            sales_order.write({"trade_checked_price_user_id": self.manager.id})
        with self.assertRaisesText(UserError, "floor price"):
            sales_order.action_confirm()

    def test_checklist_records_who_verified(self):
        order = self._order()
        form = Form(order.with_user(self.salesperson))
        form.trade_checked_quantity = True
        form.trade_checked_price = True
        form.save()
        self.assertEqual(order.trade_checked_quantity_user_id, self.salesperson)
        self.assertEqual(order.trade_checked_price_user_id, self.salesperson)
        self.assertFalse(order.trade_checked_date_user_id)
        order.with_user(self.colleague).sudo().trade_checked_quantity = False
        self.assertFalse(order.trade_checked_quantity_user_id)

    def test_checks_can_be_switched_off(self):
        self.company.trade_order_checks = False
        order = self._order(
            product=self.plain_product, price=10.0, commitment_date=False
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_hand_off_activities_on_confirmation(self):
        order = self._order(quantity=25)
        self._verify_all(order)
        order.action_confirm()
        handoff_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_handoff"
        )
        activities = order.activity_ids.filtered(
            lambda act: act.activity_type_id == handoff_type
        )
        self.assertEqual(
            activities.user_id,
            self.purchasing_user | self.logistics_user | self.finance_user,
        )
        for activity in activities:
            self.assertIn("Stainless 316", activity.note)
            self.assertIn("25.00", activity.note)
            self.assertIn(self.key_customer.name, activity.note)

    def test_buy_to_order_creates_a_linked_purchase(self):
        order = self._order(quantity=12)
        self._verify_all(order)
        order.action_confirm()
        purchase = self._purchase(order)
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.partner_id, self.vendor)
        self.assertEqual(purchase.order_line.product_qty, 12)
        self.assertEqual(
            purchase.order_line.move_dest_ids.sale_line_id, order.order_line
        )
        self.assertEqual(order.trade_purchase_line_ids, purchase.order_line)
        self.assertEqual(purchase.trade_customer_commitment_date, order.commitment_date)
