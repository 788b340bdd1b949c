from odoo.tests import HttpCase, new_test_user, tagged

from .common import SALESPERSON


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env,
            login="trade_tour_sp",
            password="trade_tour_sp",
            name="Tour Salesperson",
            groups=SALESPERSON,
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Tour Customer Ltd",
                "is_company": True,
                "user_id": cls.salesperson.id,
                "trade_customer_tier": "key",
                "trade_business_needs": "Hydraulic pumps",
            }
        )

    def test_visit_tour(self):
        """A salesperson plans a visit, records it and completes it."""
        self.start_tour(
            "/odoo/action-trade_business_dept.trade_visit_action",
            "trade_business_dept_visit_tour",
            login="trade_tour_sp",
        )
        visit = self.env["trade.visit"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.user_id, self.salesperson)
        self.assertEqual(visit.purpose, "Present the new pump range")
        self.assertEqual(visit.summary, "Agreed on a trial order of 20 pumps")
        self.assertIn("Hydraulic pumps", visit.customer_background)
        self.assertTrue(self.customer.trade_last_contact_date)
        self.assertFalse(self.customer.trade_followup_overdue)

    def test_customer_tour(self):
        """A salesperson registers a key customer, warned about a duplicate."""
        self.env["res.partner"].create(
            {"name": "Tour Existing Trading Co", "is_company": True}
        )
        self.start_tour(
            "/odoo/action-trade_business_dept.res_partner_action_trade_customers",
            "trade_business_dept_customer_tour",
            login="trade_tour_sp",
        )
        prospect = self.env["res.partner"].search(
            [("name", "=", "Tour New Prospect Co")]
        )
        self.assertEqual(prospect.trade_customer_tier, "key")
        self.assertEqual(prospect.trade_acquisition_channel, "trade_show")
        self.assertEqual(prospect.trade_followup_interval, 14)
        self.assertEqual(prospect.user_id, self.salesperson)
        self.assertTrue(prospect.is_company)
