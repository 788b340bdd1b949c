from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MANAGER, SALESPERSON


@tagged("post_install", "-at_install")
class TestTradeRiskTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="trade_risk_tour_sp",
            password="trade_risk_tour_sp",
            name="Tour Risk Salesperson",
            groups=SALESPERSON,
        )
        # a business manager is a credit manager and confirms orders
        cls.manager = new_test_user(
            cls.env,
            login="trade_risk_tour_cm",
            password="trade_risk_tour_cm",
            name="Tour Credit Manager",
            groups=MANAGER,
        )
        cls.env.company.write(
            {
                # the department's rules for every order (the tour's users
                # belong to no sales team)
                "trade_scope_all_orders": True,
                # the order confirmation checks of trade_business_dept have
                # tests of their own
                "trade_order_checks": False,
                "trade_contract_required": False,
                "trade_credit_manager_id": cls.manager.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Credit Customer",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "credit_limit": 1000.0,
            }
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Tour inspection service",
                "type": "service",
                "list_price": 100.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        cls.confirmed = cls._order(400.0)
        cls.confirmed.action_confirm()
        cls.quotation = cls._order(900.0)

    @classmethod
    def _order(cls, amount):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def test_credit_exception_tour(self):
        """The salesperson's quotation over the limit is refused with the
        figures; they request an exception, the credit manager reads the
        customer's figures, approves the exception and confirms the order."""
        self.assertEqual(self.confirmed.state, "sale")
        self.assertIn(
            "above its credit limit", self.quotation.trade_credit_block_message
        )

        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{self.quotation.id}",
            "trade_risk_request_tour",
            login="trade_risk_tour_sp",
        )
        exception = self.quotation.trade_credit_exception_ids
        self.assertEqual(len(exception), 1)
        self.assertEqual(exception.state, "requested")
        self.assertEqual(exception.requested_by_id, self.salesperson)
        self.assertAlmostEqual(exception.amount, 900.0)
        self.assertIn("above its credit limit", exception.blocking_reason)
        self.assertEqual(self.quotation.state, "draft")

        self.start_tour(
            f"/odoo/action-trade_risk.res_partner_action_trade_credit/{self.customer.id}",
            "trade_risk_tour",
            login="trade_risk_tour_cm",
        )
        self.assertEqual(exception.state, "approved")
        self.assertEqual(exception.decided_by_id, self.manager)
        self.assertEqual(self.quotation.state, "sale")
        self.assertIn(
            f"under credit exception {exception.name}",
            " ".join(self.quotation.message_ids.mapped("body")),
        )
        self.assertAlmostEqual(self.customer.trade_credit_exposure, 1300.0)
        self.assertAlmostEqual(self.customer.trade_credit_available, -300.0)

    def test_heat_map_tour(self):
        """The credit manager reads the heat map as a labelled, coloured 5 x 5
        grid, keeps the credit risks and opens the risks of one cell."""
        self.env["trade.risk"].with_user(self.manager).create(
            {
                "name": "Tour heat map credit risk",
                "category": "credit",
                "likelihood": 5,
                "impact": 4,
            }
        )
        self.start_tour(
            "/odoo/action-trade_risk.trade_risk_action_heat_map",
            "trade_risk_heat_map_tour",
            login="trade_risk_tour_cm",
        )
