from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from odoo.addons.trade_business_dept.tests.workflow_common import (
    WorkflowFieldsTestMixin,
)

from .common import TradeRiskCase

MERCHANDISER = "trade_business_dept.group_trade_merchandiser"
STOCK_USER = "stock.group_stock_user"


@tagged("post_install", "-at_install")
class TestDeliveryRelease(WorkflowFieldsTestMixin, TradeRiskCase):
    """R5.2.2: a delivery of a customer on credit hold (overdue beyond the
    grace period, or exposure above the limit) waits for a credit manager's
    release, bound to the delivery, its customer and its value; invoicing
    goes on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = cls._new_user("risk_merch_chen", "Chen Jing", MERCHANDISER)
        cls.warehouse = cls._new_user("risk_stock_wu", "Wu Qiang", STOCK_USER)

    def _confirmed_order(self, partner=None, amount=10000.0, quantity=10):
        order = self._order(
            partner or self.customer,
            0.0,
            order_line=[
                Command.create(
                    {
                        "product_id": self.product.id,
                        "product_uom_qty": quantity,
                        "price_unit": amount / quantity,
                        "tax_id": [Command.clear()],
                    }
                )
            ],
        )
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        return order

    def _delivery(self, order):
        delivery = order.picking_ids.filtered(
            lambda picking: picking.picking_type_code == "outgoing"
        )
        delivery.write(
            {"trade_transport_mode": "pickup", "trade_collected_by": "Zhou, ID 3301"}
        )
        return delivery

    def _put_on_hold(self, partner=None):
        """An invoice overdue by 25 days, beyond the grace period of 10."""
        return self._invoice(
            partner or self.customer,
            2000.0,
            invoice_date=self.days_ago(55),
            due_date=self.days_ago(25),
        )

    def _validate(self, delivery, user=None):
        delivery = delivery.with_user(user or self.warehouse)
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        return delivery.button_validate()

    def _request(self, delivery, user=None, reason="Payment announced for Friday"):
        form = Form(
            self.env["trade.delivery.release"]
            .with_user(user or self.merchandiser)
            .with_context(default_picking_id=delivery.id)
        )
        form.reason = reason
        return form.save()

    def test_customer_in_good_standing_ships(self):
        delivery = self._delivery(self._confirmed_order())
        self.assertFalse(delivery.trade_credit_hold)
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")

    def test_overdue_customer_waits_for_the_release(self):
        order = self._confirmed_order()
        delivery = self._delivery(order)
        self._put_on_hold()
        self.assertTrue(delivery.with_user(self.merchandiser).trade_credit_hold)
        message = delivery.with_user(self.salesperson).trade_credit_hold_message
        self.assertIn("overdue by more than the grace period of 10 days", message)
        self.assertIn("Request Release", message)
        # the warehouse does not see the figures, only the reason
        self.assertNotIn(
            "2,000.00", delivery.with_user(self.warehouse).trade_credit_hold_message
        )
        with self.assertRaisesText(UserError, "waits for a credit manager's release"):
            self._validate(delivery)
        self.assertNotEqual(delivery.state, "done")
        # the merchandiser asks, from the delivery
        action = delivery.with_user(
            self.merchandiser
        ).action_trade_request_credit_release()
        self.assertEqual(action["context"], {"default_picking_id": delivery.id})
        release = self._request(delivery)
        self.assertEqual(
            (release.state, release.partner_id, release.sale_order_id, release.amount),
            ("requested", self.customer, order, 10000.0),
        )
        self.assertIn("overdue", release.hold_reason)
        self.assertEqual(release.overdue_at_request, 2000.0)
        self.assertEqual(
            release.activity_ids.user_id, self.credit_manager, "the company's"
        )
        self.assertEqual(delivery.trade_credit_release_state, "requested")
        with self.assertRaisesText(UserError, "is requested"):
            self._validate(delivery)
        # the merchandiser cannot release it himself
        with self.assertRaises(AccessError):
            delivery.with_user(self.merchandiser).action_trade_release_credit_hold()
        with self.assertRaises(AccessError):
            release.with_user(self.merchandiser).action_release()
        # the credit manager releases it from the delivery
        delivery.with_user(self.credit_manager).action_trade_release_credit_hold()
        self.assertEqual(
            (release.state, release.decided_by_id), ("released", self.credit_manager)
        )
        self.assertFalse(release.activity_ids)
        self.assertFalse(delivery.trade_credit_hold)
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")
        self.assertTrue(release.date_shipped)
        self.assertIn(release.name, delivery.message_ids.mapped("preview")[0])

    def test_exposure_above_the_limit_holds_the_delivery(self):
        order = self._confirmed_order(amount=90000.0)
        delivery = self._delivery(order)
        self.assertFalse(delivery.trade_credit_hold)
        # a non-order invoice takes the customer above its limit of 100,000
        self._invoice(self.customer, 20000.0)
        self.assertIn(
            "is above its credit limit of $\xa0100,000.00",
            delivery.with_user(self.salesperson).trade_credit_hold_message,
        )
        with self.assertRaisesText(UserError, "above its credit limit"):
            self._validate(delivery)

    def test_order_confirmed_under_a_credit_exception_ships(self):
        # the credit manager accepted this order's exposure: no second
        # approval for its delivery
        self._invoice(self.customer, 95000.0)
        order = self._order(self.customer, 10000.0)
        exception = (
            self.env["trade.credit.exception"]
            .with_user(self.salesperson)
            .create(
                {"sale_order_id": order.id, "amount": 10000.0, "reason": "Key order"}
            )
        )
        exception.with_user(self.credit_manager).action_approve()
        order.with_user(self.salesperson).action_confirm()
        delivery = self._delivery(order)
        self.assertFalse(delivery.trade_credit_hold)
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")

    def test_refusal_needs_a_reason_and_keeps_the_hold(self):
        delivery = self._delivery(self._confirmed_order())
        self._put_on_hold()
        release = self._request(delivery, user=self.salesperson)
        action = delivery.with_user(
            self.credit_manager
        ).action_trade_refuse_credit_hold()
        self.assertEqual(action["res_id"], release.id)
        with self.assertRaisesText(UserError, "Decision Note"):
            release.with_user(self.credit_manager).action_refuse()
        release.with_user(self.credit_manager).decision_note = "Pay the May invoice"
        release.with_user(self.credit_manager).action_refuse()
        self.assertEqual(release.state, "refused")
        self.assertIn("was refused by Liu Fang", delivery.trade_credit_hold_message)
        with self.assertRaisesText(UserError, "was refused"):
            self._validate(delivery)
        # asked again once the situation changed
        second = self._request(delivery, reason="The May invoice is paid tomorrow")
        second.with_user(self.second_credit_manager).action_release()
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")

    def test_release_lapses_when_the_delivery_grows(self):
        delivery = self._delivery(self._confirmed_order())
        self._put_on_hold()
        release = self._request(delivery)
        release.with_user(self.credit_manager).action_release()
        move = delivery.move_ids
        move.with_user(self.warehouse).write({"product_uom_qty": 12, "quantity": 12})
        self.assertEqual(release.state, "lapsed")
        self.assertIn(
            "lapsed when the delivery changed", delivery.trade_credit_hold_message
        )
        with self.assertRaisesText(UserError, "waits for a credit manager's release"):
            self._validate(delivery)
        # a smaller delivery stays covered
        second = self._request(delivery)
        second.with_user(self.credit_manager).action_release()
        move.with_user(self.warehouse).write({"product_uom_qty": 8, "quantity": 8})
        self.assertEqual(second.state, "released")
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")

    def test_who_may_ask_and_decide(self):
        delivery = self._delivery(self._confirmed_order())
        # nothing to release while the customer is in good standing
        with self.assertRaisesText(UserError, "is not on credit hold"):
            self._request(delivery)
        self._put_on_hold()
        # another salesperson's customer
        with self.assertRaises(AccessError):
            delivery.with_user(self.colleague).action_trade_request_credit_release()
        with self.assertRaises(AccessError):
            self._request(delivery, user=self.colleague)
        # a credit manager who asks does not decide his own request
        release = self._request(delivery, user=self.credit_manager)
        self.assertFalse(release.with_user(self.credit_manager).can_decide)
        with self.assertRaisesText(UserError, "another credit manager"):
            release.with_user(self.credit_manager).action_release()
        self.assertTrue(release.with_user(self.second_credit_manager).can_decide)
        # one open request per delivery
        with self.assertRaisesText(UserError, "already has credit release"):
            self._request(delivery, user=self.salesperson)
        # finance reads, decides nothing
        self.assertEqual(
            release.with_user(self.finance).read(["state"])[0]["state"], "requested"
        )
        with self.assertRaises(AccessError):
            release.with_user(self.finance).action_release()
        # the colleague does not even read it
        with self.assertRaises(AccessError):
            release.with_user(self.colleague).read(["state"])
        release.with_user(self.manager).action_release()
        self.assertEqual(release.decided_by_id, self.manager)

    def test_invoicing_goes_on_for_a_customer_on_hold(self):
        order = self._confirmed_order()
        self._put_on_hold()
        self.assertTrue(self._delivery(order).trade_credit_hold)
        invoice = order.with_user(self.finance)._create_invoices()
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.amount_total, 10000.0)

    def test_unrated_customer_under_the_default_policy(self):
        # down payment of the whole order: confirmed, and nothing is owed
        order = self._order(self.unrated_customer, 1000.0)
        self._customer_payment(self.unrated_customer, 1000.0, order=order)
        order.with_user(self.salesperson).action_confirm()
        delivery = self._delivery(order)
        self.assertFalse(delivery.trade_credit_hold)
        # a later invoice not paid puts it above its limit of 0
        self._invoice(self.unrated_customer, 500.0, user=self.salesperson)
        delivery.invalidate_recordset()
        self.assertTrue(delivery.trade_credit_hold)
        self.assertIn(
            "above its credit limit of $\xa00.00", delivery.trade_credit_hold_message
        )

    def test_exempt_and_out_of_scope_deliveries_are_not_held(self):
        order = self._confirmed_order(partner=self.exempt_customer)
        self._put_on_hold(self.exempt_customer)
        self._validate(self._delivery(order))
        self.assertEqual(order.picking_ids.state, "done")
        # outside the department's scope Odoo ships as usual
        self.company.trade_scope_all_orders = False
        order = self._confirmed_order()
        self._put_on_hold()
        delivery = self._delivery(order)
        self.assertFalse(delivery.trade_credit_hold)
        self._validate(delivery)
        self.assertEqual(delivery.state, "done")

    def test_workflow_fields_are_guarded(self):
        delivery = self._delivery(self._confirmed_order())
        other = self._delivery(self._confirmed_order())
        self._put_on_hold()
        release = self._request(delivery)
        self.assertWorkflowFieldsGuarded(
            release,
            self.merchandiser | self.salesperson | self.warehouse | self.credit_manager,
            create_vals={"picking_id": other.id, "reason": "Payment announced"},
            must_cover={
                "state",
                "decided_by_id",
                "date_decision",
                "partner_id",
                "amount",
                "requested_by_id",
                "hold_reason",
                "date_shipped",
            },
        )
        with self.assertRaisesText(AccessError, "cannot be changed"):
            release.with_user(self.merchandiser).write({"picking_id": other.id})
        with self.assertRaises(AccessError):
            release.with_user(self.merchandiser).decision_note = "Fine by me"

    def test_release_is_requested_from_the_warehouse_too(self):
        delivery = self._delivery(self._confirmed_order())
        self._put_on_hold()
        release = self._request(delivery, user=self.warehouse)
        self.assertEqual(release.requested_by_id, self.warehouse)
        self.assertEqual(
            self.env["stock.picking"]
            .with_user(self.credit_manager)
            .search(
                [
                    ("id", "=", delivery.id),
                    ("trade_delivery_release_ids.state", "=", "requested"),
                ]
            ),
            delivery,
        )

    def test_moves_added_to_the_delivery_lapse_the_release(self):
        delivery = self._delivery(self._confirmed_order())
        self._put_on_hold()
        release = self._request(delivery)
        release.with_user(self.credit_manager).action_release()
        delivery.write(
            {
                "move_ids": [
                    Command.create(
                        {
                            "name": "Extra valve",
                            "product_id": self.product.id,
                            "product_uom_qty": 2,
                            "product_uom": self.product.uom_id.id,
                            "location_id": delivery.location_id.id,
                            "location_dest_id": delivery.location_dest_id.id,
                            "sale_line_id": delivery.move_ids.sale_line_id.id,
                        }
                    )
                ]
            }
        )
        self.assertEqual(release.state, "lapsed")
