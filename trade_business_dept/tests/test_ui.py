from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import MERCHANDISER, SALESPERSON, give_default_credit


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.trade_scope_all_orders = True
        give_default_credit(cls.env.company)
        # what the tracking job does when the scope grows: the confirmed
        # orders get their stage
        cls.env["sale.order"]._cron_trade_refresh_tracking()
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

    def test_visit_tour_in_chinese(self):
        """The same visit by a salesperson whose Odoo speaks Chinese: the
        screens show the addon's Chinese labels and the flow is the same."""
        self.env["res.lang"]._activate_lang("zh_CN")
        chinese = new_test_user(
            self.env,
            login="trade_tour_zh",
            password="trade_tour_zh",
            name="Tour Salesperson ZH",
            groups=SALESPERSON,
            lang="zh_CN",
        )
        self.customer.user_id = chinese
        self.start_tour(
            "/odoo/action-trade_business_dept.trade_visit_action",
            "trade_business_dept_visit_tour_zh",
            login="trade_tour_zh",
        )
        visit = self.env["trade.visit"].search([("partner_id", "=", self.customer.id)])
        self.assertEqual(visit.state, "done")
        self.assertEqual(visit.user_id, chinese)
        self.assertEqual(visit.summary, "Agreed on a trial order of 20 pumps")

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

    def test_contract_tour(self):
        """A business manager takes a salesperson's contract from draft to signed."""
        manager = new_test_user(
            self.env,
            login="trade_tour_manager",
            password="trade_tour_manager",
            name="Tour Manager",
            groups="trade_business_dept.group_trade_manager,"
            "trade_business_dept.group_trade_legal",
        )
        self.env.company.trade_signatory_ids = manager
        customer = self.env["res.partner"].create(
            {"name": "Tour Contract Customer", "is_company": True}
        )
        contract = self.env["trade.contract"].create(
            {
                "partner_id": customer.id,
                "user_id": self.salesperson.id,
                "amount_total": 12000,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "price_validity_date": "2026-03-31",
                "payment_term_id": self.env.ref(
                    "account.account_payment_term_30days"
                ).id,
                "incoterm_id": self.env.ref("account.incoterm_FOB").id,
                "transport_mode": "sea",
                "quality_standard": "GB/T 12234-2019",
                "inspection_method": "SGS inspection",
                "breach_liability": "0.5% per week",
                "dispute_resolution": "CIETAC arbitration",
            }
        )
        self.env["ir.attachment"].create(
            {
                "name": "signed-original.pdf",
                "raw": b"%PDF-1.4 scan",
                "res_model": "trade.contract",
                "res_id": contract.id,
            }
        )
        self.start_tour(
            f"/odoo/action-trade_business_dept.trade_contract_action/{contract.id}",
            "trade_business_dept_contract_tour",
            login="trade_tour_manager",
        )
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_attachment_id.name, "signed-original.pdf")
        self.assertEqual(contract.customer_signatory, "Zhou Jianguo")
        self.assertEqual(
            contract.review_ids.mapped("decision"), ["approved", "submitted"]
        )
        self.assertEqual(contract.review_ids[0].user_id, manager)

    def test_order_tour(self):
        """A merchandiser verifies and confirms an order, then moves it on the
        tracking board."""
        merchandiser = new_test_user(
            self.env,
            login="trade_tour_merch",
            password="trade_tour_merch",
            name="Tour Merchandiser",
            groups=MERCHANDISER,
        )
        customer = self.env["res.partner"].create(
            {"name": "Tour Board Customer", "is_company": True}
        )
        service = self.env["product.product"].create(
            {
                "name": "Sourcing service",
                "type": "service",
                "list_price": 500,
                "description_sale": "Factory audit and sourcing of 3 suppliers",
            }
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": merchandiser.id,
                "commitment_date": fields.Datetime.now() + timedelta(days=20),
                "order_line": [Command.create({"product_id": service.id})],
            }
        )
        self.env.company.trade_order_checks = True
        self.start_tour(
            "/odoo/action-trade_business_dept.sale_order_action_trade_tracking",
            "trade_business_dept_order_tour",
            login="trade_tour_merch",
        )
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.trade_checked_price_user_id, merchandiser)
        self.assertEqual(order.trade_stage_code, "production")
        log = order.trade_stage_log_ids.filtered("manual")
        self.assertEqual(log.user_id, merchandiser)

    def test_portal_shows_the_progress(self):
        """The customer sees the order's stage on the portal."""
        customer = self.env["res.partner"].create(
            {"name": "Portal Customer", "email": "portal.customer@example.com"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Audit", "type": "service"})
                            .id
                        }
                    )
                ],
            }
        )
        self.env.company.trade_order_checks = False
        order.action_confirm()
        self.assertEqual(order.trade_stage_code, "confirmed")
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("Progress:", response.text)
        self.assertIn("Confirmed", response.text)

    def test_ticket_tour(self):
        """A complaint taken from new to closed with its handler, resolution,
        follow-up and the customer's satisfaction."""
        new_test_user(
            self.env,
            login="trade_tour_handler",
            name="Tour Handler",
            groups=SALESPERSON,
        )
        new_test_user(
            self.env,
            login="trade_tour_as_manager",
            password="trade_tour_as_manager",
            name="Tour After-sales Manager",
            groups="trade_business_dept.group_trade_manager",
        )
        ticket = self.env["trade.service.ticket"].create(
            {
                "title": "Cartons crushed on arrival",
                "ticket_type": "complaint",
                "partner_id": self.customer.id,
                "urgency": "high",
            }
        )
        self.start_tour(
            f"/odoo/action-trade_business_dept.trade_service_ticket_action/{ticket.id}",
            "trade_business_dept_ticket_tour",
            login="trade_tour_as_manager",
        )
        self.assertEqual(ticket.state, "closed")
        self.assertEqual(ticket.handler_id.name, "Tour Handler")
        self.assertEqual(ticket.satisfaction, "4")
        self.assertTrue(ticket.followup_visit_id)
        self.assertTrue(ticket.date_first_response)
        self.assertTrue(ticket.date_resolved)

    def test_portal_customer_reports_a_problem(self):
        """From the portal page of the order, the customer reports a problem and
        sees the ticket; another customer does not."""
        portal_partner = self.env["res.partner"].create(
            {
                "name": "Portal Buyer",
                "email": "buyer@portal.test",
                "parent_id": self.customer.id,
            }
        )
        new_test_user(
            self.env,
            login="trade_portal_buyer",
            password="trade_portal_buyer",
            groups="base.group_portal",
            partner_id=portal_partner.id,
        )
        service = self.env["product.product"].create(
            {"name": "Audit", "type": "service"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": service.id})],
            }
        )
        self.env.company.trade_order_checks = False
        order.action_confirm()
        self.authenticate("trade_portal_buyer", "trade_portal_buyer")
        page = self.url_open(order.get_portal_url())
        self.assertIn(f"/my/orders/{order.id}/ticket", page.text)
        form = self.url_open(f"/my/orders/{order.id}/ticket")
        self.assertEqual(form.status_code, 200)
        response = self.url_open(
            f"/my/orders/{order.id}/ticket",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "ticket_type": "quality",
                "urgency": "high",
                "title": "Rust on two valves",
                "description": "Rust spots on the body of two valves.",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["trade.service.ticket"].search(
            [("sale_order_id", "=", order.id)]
        )
        self.assertEqual(ticket.title, "Rust on two valves")
        self.assertEqual(ticket.ticket_type, "quality")
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertIn("Rust on two valves", response.text)
        listing = self.url_open("/my/tickets")
        self.assertIn(ticket.name, listing.text)
        other = self.env["trade.service.ticket"].create(
            {
                "title": "Someone else's",
                "partner_id": self.env.ref("base.res_partner_2").id,
            }
        )
        self.assertNotIn(other.name, listing.text)
        refused = self.url_open(f"/my/tickets/{other.id}")
        self.assertNotIn("Someone else", refused.text)

    def test_dashboard_tour(self):
        """The business manager reads the department's figures and drills down."""
        manager = new_test_user(
            self.env,
            login="trade_tour_dashboard",
            password="trade_tour_dashboard",
            name="Tour Dashboard Manager",
            groups="trade_business_dept.group_trade_manager",
        )
        overdue = self.env["res.partner"].create(
            {
                "name": "Tour Overdue Customer",
                "is_company": True,
                "trade_customer_tier": "key",
            }
        )
        visit = self.env["trade.visit"].create(
            {"partner_id": overdue.id, "purpose": "Review", "summary": "Reviewed"}
        )
        with freeze_time(fields.Datetime.now() - timedelta(days=30)):
            visit.action_done()
        self.assertTrue(overdue.trade_followup_overdue)
        self.env["trade.handoff"].create(
            {
                "name": "Buy 200 valves for the tour",
                "department": "purchasing",
                "user_id": manager.id,
            }
        )
        # a confirmed order behind the orders by tracking stage (confirmed
        # past the confirmation rules, which have tests of their own)
        customer = self.env["res.partner"].create(
            {"name": "Tour Dashboard Customer", "is_company": True}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": manager.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env["product.product"]
                            .create({"name": "Tour dashboard valve"})
                            .id,
                            "product_uom_qty": 2,
                            "price_unit": 100,
                        }
                    )
                ],
            }
        )
        order.write(order._prepare_confirmation_values())
        order._action_confirm()
        self.start_tour(
            "/odoo/action-trade_business_dept.trade_dashboard_client_action",
            "trade_business_dept_dashboard_tour",
            login="trade_tour_dashboard",
        )
