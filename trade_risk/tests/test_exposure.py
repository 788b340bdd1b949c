from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestExposure(TradeRiskCase):
    def _figures(self, partner=None):
        partner = partner or self.customer
        return partner._trade_credit_figures(self.company)[partner.id]

    def test_exposure_adds_receivables_orders_and_draft_invoices(self):
        self._invoice(self.customer, 10000.0)
        self._invoice(self.customer, 2000.0, post=False)
        order = self._order(self.customer, 5000.0)
        order.action_confirm()
        self._order(self.customer, 7000.0)  # a quotation does not count
        figures = self._figures()
        self.assertEqual(figures["receivable"], 10000.0)
        self.assertEqual(figures["draft_invoices"], 2000.0)
        self.assertEqual(figures["uninvoiced"], 5000.0)
        self.assertEqual(figures["exposure"], 17000.0)
        self.assertEqual(figures["available"], 83000.0)
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.trade_credit_exposure, 17000.0)
        self.assertEqual(self.customer.trade_credit_available, 83000.0)
        self.assertEqual(self.customer.trade_receivable_amount, 10000.0)
        self.assertEqual(self.customer.trade_uninvoiced_amount, 5000.0)
        self.assertEqual(self.customer.trade_draft_invoice_amount, 2000.0)

    def test_exposure_covers_the_company_and_its_contacts(self):
        self._invoice(self.contact, 4000.0)
        self._order(self.contact, 6000.0).action_confirm()
        self._invoice(self.customer, 1000.0)
        self.assertEqual(self._figures()["exposure"], 11000.0)
        self.assertEqual(self.contact.trade_credit_exposure, 11000.0)
        self.assertEqual(self.contact.trade_credit_available, 89000.0)
        self.assertEqual(self.colleague_customer.trade_credit_exposure, 0.0)

    def test_payments_and_credit_notes_reduce_exposure(self):
        invoice = self._invoice(self.customer, 10000.0)
        self._pay(invoice, 4000.0)
        self.assertEqual(self._figures()["exposure"], 6000.0)
        self._invoice(self.customer, 1000.0, move_type="out_refund")
        self.assertEqual(self._figures()["exposure"], 5000.0)
        self._pay(invoice)
        self.assertEqual(self._figures()["receivable"], -1000.0, "credit note left")

    def test_invoicing_an_order_does_not_count_it_twice(self):
        order = self._order(self.customer, 5000.0)
        order.order_line.write({"product_uom_qty": 4, "price_unit": 5000.0})
        order.action_confirm()
        self.assertEqual(self._figures()["uninvoiced"], 20000.0)
        order.order_line.qty_to_invoice = 1
        invoice = order._create_invoices()
        invoice.invoice_line_ids.quantity = 1
        figures = self._figures()
        self.assertEqual(figures["draft_invoices"], 5000.0)
        self.assertEqual(figures["uninvoiced"], 15000.0)
        self.assertEqual(figures["exposure"], 20000.0)
        invoice.action_post()
        figures = self._figures()
        self.assertEqual(
            (figures["receivable"], figures["draft_invoices"], figures["uninvoiced"]),
            (5000.0, 0.0, 15000.0),
        )

    def test_foreign_currency_order_is_converted_to_company_currency(self):
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        foreign = eur if self.currency == usd else usd
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": fields.Date.today(),
                "currency_id": foreign.id,
                "rate": 0.8,
                "company_id": self.company.id,
            }
        )
        order = self._order(self.customer, 8000.0, currency=foreign)
        self.assertEqual(order.currency_id, foreign)
        order.action_confirm()
        self.assertAlmostEqual(self._figures()["uninvoiced"], 10000.0, places=2)

    def test_overdue_amount_and_days(self):
        self._invoice(
            self.customer,
            3000.0,
            invoice_date=self.days_ago(50),
            due_date=self.days_ago(20),
        )
        self._invoice(
            self.customer,
            2000.0,
            invoice_date=self.days_ago(40),
            due_date=self.days_ago(5),
        )
        self._invoice(self.customer, 9000.0, due_date=self.days_ago(-30))
        figures = self._figures()
        self.assertEqual(figures["overdue"], 5000.0)
        self.assertEqual(figures["overdue_days"], 20)
        self.assertEqual(figures["overdue_beyond_grace"], 3000.0, "grace: 10 days")
        self.assertEqual(self.customer.trade_overdue_amount, 5000.0)
        self.assertEqual(self.customer.trade_overdue_days, 20)

    def test_overdue_customers_can_be_searched(self):
        self._invoice(
            self.customer,
            3000.0,
            invoice_date=self.days_ago(50),
            due_date=self.days_ago(20),
        )
        self._invoice(self.colleague_customer, 500.0, due_date=self.days_ago(-10))
        Partner = self.env["res.partner"]
        scope = [
            ("id", "in", (self.customer | self.contact | self.colleague_customer).ids)
        ]
        self.assertEqual(
            Partner.search(scope + [("trade_overdue_amount", ">", 0)]),
            self.customer | self.contact,
        )
        self.assertEqual(
            Partner.search(scope + [("trade_overdue_amount", "=", 0)]),
            self.colleague_customer,
        )
        self.assertEqual(
            Partner.search(scope + [("trade_overdue_amount", ">=", 5000)]),
            Partner,
        )
        with self.assertRaisesText(UserError, "compared with a number"):
            Partner.search([("trade_overdue_amount", "in", [1, 2])])

    def test_another_companys_receivables_do_not_count(self):
        other = self.env["res.company"].create(
            {"name": "Trade Risk Other Co", "currency_id": self.currency.id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other, install_demo=False
        )
        self.env.user.company_ids |= other
        self._invoice(self.customer, 1000.0)
        invoice_other = (
            self.env["account.move"]
            .with_company(other)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "name": "Other company",
                                "quantity": 1,
                                "price_unit": 7000.0,
                            }
                        )
                    ],
                }
            )
        )
        invoice_other.action_post()
        self.assertEqual(self._figures()["receivable"], 1000.0)
        self.assertEqual(
            self.customer._trade_credit_figures(other)[self.customer.id]["receivable"],
            invoice_other.amount_total,
        )

    def test_figures_need_the_same_queries_for_one_or_many_customers(self):
        customers = self.customer | self.colleague_customer | self.exempt_customer
        for partner in customers:
            for amount in (1000.0, 2000.0, 3000.0):
                self._invoice(partner, amount)
            self._order(partner, 500.0).action_confirm()
        self.env.flush_all()
        self.customer._trade_credit_figures(self.company)  # warm the caches
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.customer._trade_credit_figures(self.company)
        one = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        figures = customers._trade_credit_figures(self.company)
        many = self.env.cr.sql_log_count - before
        self.assertEqual(one, many)
        self.assertEqual(figures[self.exempt_customer.id]["exposure"], 6500.0)
        self.assertFalse(figures[self.exempt_customer.id]["controlled"])

    def test_order_shows_the_customers_credit(self):
        self._invoice(self.customer, 40000.0)
        with Form(self.env["sale.order"].with_user(self.salesperson)) as form:
            form.partner_id = self.contact
            with form.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 70000.0
                line.tax_id.clear()
            self.assertEqual(form.trade_credit_exposure, 40000.0)
            self.assertEqual(form.trade_credit_available, 60000.0)
            self.assertIn("above its credit limit", form.trade_credit_block_message)
