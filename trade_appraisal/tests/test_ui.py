from datetime import date

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.trade_business_dept.tests.common import give_default_credit

from .common import HR, MANAGER, SALESPERSON


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "UTC"
        give_default_credit(cls.env.company)
        if not cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.env.company.id)], limit=1
        ):
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.env.company, install_demo=False
            )
        Employee = cls.env["hr.employee"]
        Employee.search([("trade_appraisal_enabled", "=", True)]).write(
            {"trade_appraisal_enabled": False}
        )
        cls.hr_user = new_test_user(
            cls.env, login="appr_tour_hr", name="Tour HR", groups=HR, tz="UTC"
        )
        cls.manager = new_test_user(
            cls.env,
            login="appr_tour_mgr",
            name="Tour Manager",
            groups=MANAGER,
            tz="UTC",
        )
        cls.salesperson = new_test_user(
            cls.env,
            login="appr_tour_sp",
            name="Tour Salesperson",
            groups=SALESPERSON,
            tz="UTC",
        )
        manager_employee = Employee.create(
            {"name": "Tour Manager", "user_id": cls.manager.id}
        )
        cls.employee = Employee.create(
            {
                "name": "Tour Salesperson",
                "user_id": cls.salesperson.id,
                "parent_id": manager_employee.id,
                "trade_base_bonus": 1000.0,
            }
        )
        cls.period = cls.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 3, 1)}
        )
        indicator = cls.env.ref
        cls.env["trade.appraisal.target"].create(
            [
                {
                    "period_id": cls.period.id,
                    "employee_id": cls.employee.id,
                    "indicator_id": indicator(f"trade_appraisal.indicator_{code}").id,
                    "target": target,
                }
                for code, target in (
                    ("sales_amount", 1500.0),
                    ("profit", 600.0),
                    ("new_customers", 1),
                    ("satisfaction", 4.0),
                )
            ]
        )
        product = cls.env["product.product"].create(
            {"name": "Tour pump", "standard_price": 60.0, "list_price": 100.0}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Customer Ltd", "is_company": True}
        )
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_date": date(2021, 3, 16),
                "invoice_user_id": cls.salesperson.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 15,
                            "price_unit": 100.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()

    def test_hr_collects_manager_scores_hr_publishes(self):
        """The monthly flow in the browser, one login per role."""
        self.start_tour(
            f"/odoo/action-trade_appraisal.trade_appraisal_period_action/{self.period.id}",
            "trade_appraisal_hr_collect_tour",
            login="appr_tour_hr",
        )
        card = self.env["trade.appraisal.scorecard"].search(
            [("employee_id", "=", self.employee.id)]
        )
        self.assertEqual(card.state, "collected")
        sales = card.line_ids.filtered(lambda line: line.code == "sales_amount")
        self.assertEqual(sales.actual, 1500)
        self.start_tour(
            f"/odoo/action-trade_appraisal.trade_appraisal_scorecard_action_team/{card.id}",
            "trade_appraisal_manager_score_tour",
            login="appr_tour_mgr",
        )
        self.assertEqual(card.state, "scored")
        manual = card.line_ids.filtered(lambda line: line.kind == "manual")
        self.assertEqual(sorted(manual.mapped("score")), [80, 81, 82, 83, 84])
        self.assertTrue(all(manual.mapped("band_id")))
        self.assertEqual(
            card.attitude_comment, "Follows up every customer issue to the end."
        )
        self.start_tour(
            f"/odoo/action-trade_appraisal.trade_appraisal_scorecard_action/{card.id}",
            "trade_appraisal_hr_publish_tour",
            login="appr_tour_hr",
        )
        self.assertEqual(card.state, "published")
        self.assertEqual(card.published_by_id, self.hr_user)

    def test_customer_rates_a_closed_ticket_from_the_link(self):
        """The customer opens the rating link of the e-mail without logging
        in, comments and sends: the ticket shows his rating, on the portal
        too, and the appraisal's satisfaction counts it."""
        customer = self.env["res.partner"].create(
            {"name": "Rating Customer Ltd", "email": "buyer@rating.example.com"}
        )
        ticket = (
            self.env["trade.service.ticket"]
            .with_user(self.manager)
            .create(
                {
                    "title": "Cartons crushed",
                    "partner_id": customer.id,
                    "user_id": self.salesperson.id,
                    "resolution": "Replaced the goods",
                }
            )
        )
        ticket.action_start()
        ticket.action_resolve()
        ticket.action_close()
        token = ticket.sudo().rating_ids.filtered(lambda r: not r.consumed).access_token
        self.assertTrue(token)
        portal_url = (
            f"/my/tickets/{ticket.id}?access_token={ticket._portal_ensure_token()}"
        )
        self.assertIn(f"/rate/{token}/5", self.url_open(portal_url).text)

        self.start_tour(f"/rate/{token}/5", "trade_business_dept_rating_tour")

        self.assertEqual(ticket.sudo().rating_last_value, 5)
        self.assertEqual(
            ticket.sudo().rating_last_feedback, "Quick replacement, thank you"
        )
        self.assertEqual(ticket.satisfaction_source, "customer")
        page = self.url_open(portal_url).text
        self.assertIn("trade_ticket_rating", page)
        self.assertIn("Quick replacement, thank you", page)
        today = fields.Date.context_today(ticket)
        actuals = self.env["trade.appraisal.actuals"]._collect(
            self.env.company, self.salesperson, today.replace(day=1), today
        )
        self.assertEqual(actuals["satisfaction"][self.salesperson.id], (5.0, 1))
