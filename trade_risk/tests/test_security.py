from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CREDIT_MANAGER, SALESPERSON, TradeRiskCase


@tagged("post_install", "-at_install")
class TestSecurity(TradeRiskCase):
    def test_groups(self):
        self.assertTrue(self.manager.has_group(CREDIT_MANAGER))
        self.assertTrue(self.credit_manager.has_group("account.group_account_invoice"))
        self.assertFalse(self.credit_manager.has_group(SALESPERSON))
        self.assertFalse(self.salesperson.has_group(CREDIT_MANAGER))
        self.assertFalse(self.finance.has_group(CREDIT_MANAGER))
        group = self.env.ref(CREDIT_MANAGER)
        self.assertEqual(
            group.category_id,
            self.env.ref("trade_business_dept.module_category_trade_business_dept"),
        )

    def test_credit_manager_reaches_the_app_through_its_menus(self):
        Menu = self.env["ir.ui.menu"].with_user(self.credit_manager)
        visible = Menu._visible_menu_ids()
        for xmlid in (
            "trade_business_dept.trade_business_dept_menu_root",
            "trade_risk.trade_credit_exception_to_decide_menu",
            "trade_risk.trade_receivable_ageing_menu",
            "trade_risk.trade_risk_heatmap_menu",
            "trade_risk.trade_credit_policy_menu",
        ):
            self.assertIn(self.env.ref(xmlid).id, visible, xmlid)
        self.assertNotIn(
            self.env.ref("trade_business_dept.trade_visit_menu").id, visible
        )
        sales_visible = (
            self.env["ir.ui.menu"].with_user(self.salesperson)._visible_menu_ids()
        )
        self.assertNotIn(
            self.env.ref("trade_risk.trade_credit_exception_to_decide_menu").id,
            sales_visible,
        )
        self.assertIn(
            self.env.ref("trade_risk.trade_credit_exception_menu").id, sales_visible
        )

    def test_salesperson_sees_the_credit_figures_not_the_limit_field(self):
        self._invoice(self.customer, 25000.0)
        customer = self.customer.with_user(self.salesperson)
        self.assertEqual(customer.trade_credit_exposure, 25000.0)
        self.assertEqual(customer.trade_credit_available, 75000.0)
        with self.assertRaises(AccessError):
            customer.read(["credit_limit"])
        self.assertEqual(
            self.customer.with_user(self.credit_manager).credit_limit, 100000.0
        )

    def test_credit_manager_sets_credit_limits(self):
        self.customer.with_user(self.credit_manager).credit_limit = 120000.0
        self.assertEqual(self.customer.credit_limit, 120000.0)
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).credit_limit = 1e9

    def test_guarantees_and_collection_log_follow_the_customer(self):
        guarantee = self.env["trade.credit.guarantee"].create(
            {
                "name": "DEP-7",
                "partner_id": self.colleague_customer.id,
                "guarantee_type": "deposit",
                "amount": 5000.0,
                "date_expiry": self.days_ago(-30),
            }
        )
        self.assertFalse(
            self.env["trade.credit.guarantee"]
            .with_user(self.salesperson)
            .search([("id", "=", guarantee.id)])
        )
        self.assertEqual(
            self.env["trade.credit.guarantee"]
            .with_user(self.colleague)
            .search([("id", "=", guarantee.id)]),
            guarantee,
        )
        with self.assertRaises(AccessError):
            guarantee.with_user(self.colleague).write({"amount": 1e6})
