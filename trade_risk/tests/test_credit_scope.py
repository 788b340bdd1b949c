from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestCreditScope(TradeRiskCase):
    """Credit control is one of the department's confirmation rules: it
    applies to the orders of the teams marked as the business department (or
    to every order, by one setting) and its problems come in the same refusal
    as the checklist's; other orders confirm as in standard Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.trade_scope_all_orders = False
        cls.department_team = cls.env["crm.team"].create(
            {"name": "Export Desk Risk Test", "trade_business_dept": True}
        )
        cls.webshop_team = cls.env["crm.team"].create({"name": "Webshop Risk Test"})
        cls.plain_salesman = new_test_user(
            cls.env,
            login="risk_plain_salesman",
            name="Plain Salesman",
            groups="sales_team.group_sale_salesman",
        )

    def test_out_of_scope_order_over_the_limit_confirms(self):
        self._invoice(self.customer, 90000.0)
        order = self._order(self.customer, 50000.0, team_id=self.webshop_team.id)
        self.assertFalse(order.trade_in_scope)
        self.assertFalse(order.trade_credit_block_message)
        self.assertEqual(order._trade_confirmation_error(), False)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
        # no credit check recorded, no cost at confirmation
        self.assertFalse(self.customer.trade_credit_check_date)
        self.assertFalse(order.order_line.sudo().trade_cost_at_confirmation)
        # the order is still part of what the customer owes
        self.assertEqual(self.customer.trade_credit_exposure, 140000.0)
        # and the department's next order of the customer is refused
        department_order = self._order(
            self.customer, 1000.0, team_id=self.department_team.id
        )
        with self.assertRaisesText(UserError, "above its credit limit"):
            department_order.with_user(self.salesperson).action_confirm()

    def test_refusal_lists_the_checklist_and_the_credit_problems(self):
        self.company.trade_order_checks = True
        self._invoice(self.customer, 90000.0)
        order = self._order(
            self.customer,
            20000.0,
            team_id=self.department_team.id,
            payment_term_id=self.payment_term_60.id,
        )
        with self.assertRaises(UserError) as refusal:
            order.with_user(self.salesperson).action_confirm()
        message = str(refusal.exception)
        self.assertTrue(
            message.startswith(f"Order {order.name} cannot be confirmed yet:\n- "),
            message,
        )
        problems = message.split("\n- ")[1:]
        expected = [
            "set the delivery date promised to the customer",
            "verify with the customer",
            "it would bring the exposure of Hongda Machinery Risk Test to",
            "the payment terms Risk test 60 days give 60 days",
            "Collect the payment, or ask a credit manager for a credit exception",
        ]
        # each once, the checklist's first, the credit rules' after them
        positions = []
        for start in expected:
            found = [
                index for index, problem in enumerate(problems) if start in problem
            ]
            self.assertEqual(len(found), 1, f"{start!r} in {message}")
            positions += found
        self.assertEqual(positions, sorted(positions), message)
        self.assertEqual(message.count("cannot be confirmed"), 1, message)
        self.assertIn("110,000.00, above its credit limit of", message)
        self.assertEqual(order.state, "draft")

    def test_plain_salesman_confirms_a_department_order(self):
        """What trade_risk reads and records for the credit check needs no
        right of a user outside the department's groups."""
        self._invoice(self.customer, 60000.0)
        Order = self.env["sale.order"].with_user(self.plain_salesman)
        order = self._order(
            self.customer,
            30000.0,
            user=self.plain_salesman,
            team_id=self.department_team.id,
        ).with_user(self.plain_salesman)
        self.assertTrue(order.trade_in_scope)
        fields_read = [
            "trade_credit_block_message",
            "trade_credit_exception_state",
            "trade_credit_exposure",
            "trade_prepaid_amount",
        ]
        order.read(fields_read)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.sudo().trade_cost_at_confirmation, 600.0)

        over = self._order(
            self.customer,
            20000.0,
            user=self.plain_salesman,
            team_id=self.department_team.id,
        )
        with self.assertRaisesText(UserError, "above its credit limit"):
            Order.browse(over.id).action_confirm()
        # a credit manager asks, another one approves
        exception = (
            self.env["trade.credit.exception"]
            .with_user(self.credit_manager)
            .create(
                {
                    "sale_order_id": over.id,
                    "amount": 20000.0,
                    "reason": "Shipment against a letter of credit next week",
                }
            )
        )
        exception.with_user(self.second_credit_manager).action_approve()
        Order.browse(over.id).read(fields_read)
        Order.browse(over.id).action_confirm()
        self.assertEqual(over.state, "sale")
        self.assertTrue(
            any(
                f"under credit exception {exception.name}" in body
                for body in over.message_ids.mapped("body")
            )
        )
        self.assertTrue(self.customer.trade_credit_check_date)
