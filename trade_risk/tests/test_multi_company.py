from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.trade_business_dept.tests.multi_company_common import (
    RATE_MONTH_AGO,
    RATE_TODAY,
    allowed,
    second_company,
)

from .common import CREDIT_MANAGER, FINANCE, SALESPERSON, TradeRiskCase


@tagged("post_install", "-at_install")
class TestMultiCompanyCredit(TradeRiskCase):
    """A Chinese company (CNY) selling in USD and another company of the
    group: exposure, credit checks and ageing per company, in its currency."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other, cls.cny, cls.usd = second_company(cls.env, chart=True)
        # the amounts of the tests in the second company are in CNY when the
        # first one is in USD (in USD otherwise: 1 USD = 8 or 6.25 CNY)
        cls.foreign = cls.usd if cls.other.currency_id == cls.cny else cls.cny
        cls.cm_b = cls._company_user("risk_mc_cm_b", cls.other, CREDIT_MANAGER)
        cls.cm_ab = cls._company_user(
            "risk_mc_cm_ab", cls.company | cls.other, CREDIT_MANAGER
        )
        cls.finance_a = cls._company_user("risk_mc_fin_a", cls.company, FINANCE)
        cls.finance_ab = cls._company_user(
            "risk_mc_fin_ab", cls.company | cls.other, FINANCE
        )
        cls.salesperson_b = cls._company_user("risk_mc_sp_b", cls.other, SALESPERSON)
        cls.other.write(
            {
                "trade_scope_all_orders": True,
                "trade_order_checks": False,
                "trade_contract_required": False,
                "trade_credit_manager_id": cls.cm_b.id,
                "trade_credit_grace_days": 10,
                "trade_credit_base_limit": 800000.0,
                "trade_credit_default_limit": 0.0,
                "trade_credit_default_term_days": 0,
                "trade_credit_default_prepayment": 1.0,
            }
        )
        Policy = cls.env["trade.credit.policy"].with_company(cls.other)
        Policy.search([("company_id", "=", cls.other.id)]).unlink()
        Policy.create({"rating": "B", "credit_term_days": 30, "limit_multiplier": 1.0})
        cls.customer.with_company(cls.other).credit_limit = 800000.0
        cls.usd_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Multi-company test foreign prices",
                "currency_id": cls.foreign.id,
                "company_id": cls.other.id,
            }
        )

    @classmethod
    def _company_user(cls, login, companies, groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            tz="UTC",
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )

    def _figures(self, company, partner=None):
        partner = partner or self.customer
        return partner._trade_credit_figures(company)[partner.id]

    def _foreign_order(self, amount):
        """A quotation of the second company in the foreign currency."""
        Order = self.env["sale.order"].with_company(self.other)
        return Order.create(
            {
                "partner_id": self.customer.id,
                "company_id": self.other.id,
                "user_id": self.salesperson_b.id,
                "pricelist_id": self.usd_pricelist.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _invoice_in(self, company, amount, currency=None, invoice_date=None, **values):
        invoice_date = invoice_date or fields.Date.today()
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_date": invoice_date,
                    "invoice_date_due": values.pop("due", invoice_date),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Valves",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        return move

    def _to_other(self, amount, rate):
        """``amount`` of the foreign currency in the second company's."""
        return amount * rate if self.foreign == self.usd else amount / rate

    def test_foreign_order_counts_at_the_rate_of_its_date(self):
        with freeze_time(date.today() - timedelta(days=30)):
            order = self._foreign_order(1000.0)
            order.with_company(self.other).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.currency_id, self.foreign)
        expected = self._to_other(1000.0, RATE_MONTH_AGO)
        self.assertAlmostEqual(
            self._figures(self.other)["uninvoiced"], expected, places=2
        )
        self.assertNotAlmostEqual(
            expected, self._to_other(1000.0, RATE_TODAY), places=2
        )
        # a quotation of today counts at today's rate when it is confirmed
        quotation = self._foreign_order(1000.0)
        self.assertAlmostEqual(
            quotation._trade_amount_company_currency(),
            self._to_other(1000.0, RATE_TODAY),
            places=2,
        )

    def test_foreign_invoices_count_their_company_currency_amounts(self):
        month_ago = fields.Date.today() - timedelta(days=30)
        posted = self._invoice_in(
            self.other, 1000.0, self.foreign, month_ago, due=month_ago
        )
        posted.action_post()
        draft = self._invoice_in(self.other, 500.0, self.foreign, month_ago)
        expected = self._to_other(1000.0, RATE_MONTH_AGO)
        self.assertAlmostEqual(posted.amount_total_signed, expected, places=2)
        figures = self._figures(self.other)
        self.assertAlmostEqual(figures["receivable"], expected, places=2)
        self.assertAlmostEqual(figures["overdue"], expected, places=2)
        self.assertAlmostEqual(
            figures["draft_invoices"], draft.amount_total_signed, places=2
        )
        self.assertAlmostEqual(
            figures["draft_invoices"], self._to_other(500.0, RATE_MONTH_AGO), places=2
        )
        # partly paid in the foreign currency today: the rest at the
        # invoice's rate
        self._pay(posted, 400.0)
        self.assertAlmostEqual(
            self._figures(self.other)["receivable"],
            self._to_other(600.0, RATE_MONTH_AGO),
            places=2,
        )

    def test_exposure_of_a_customer_is_per_company(self):
        self._invoice(self.customer, 1000.0)
        self._invoice_in(self.other, 5000.0).action_post()
        self._foreign_order(100.0).with_company(self.other).action_confirm()
        mine, other = self._figures(self.company), self._figures(self.other)
        self.assertEqual((mine["receivable"], mine["uninvoiced"]), (1000.0, 0.0))
        self.assertEqual(other["receivable"], 5000.0)
        self.assertAlmostEqual(
            other["uninvoiced"], self._to_other(100.0, RATE_TODAY), places=2
        )
        self.assertEqual(other["limit"], 800000.0)
        # as the credit managers see it, switching companies
        customer_b = self.customer.with_user(self.cm_b)
        self.assertEqual(customer_b.trade_receivable_amount, 5000.0)
        customer_ab = self.customer.with_user(self.cm_ab)
        self.assertEqual(
            allowed(customer_ab, self.company).trade_receivable_amount, 1000.0
        )
        self.assertEqual(
            allowed(customer_ab, self.other, self.company).trade_receivable_amount,
            5000.0,
        )
        self.assertEqual(
            allowed(customer_ab, self.other).trade_credit_exposure,
            other["exposure"],
        )

    def test_another_companys_debt_does_not_block_an_order(self):
        # far beyond the first company's limit of 100 000
        self._invoice(self.customer, 150000.0)
        with self.assertRaises(UserError):
            self._order(self.customer, 1000.0).with_user(
                self.salesperson
            ).action_confirm()
        order = self._foreign_order(1000.0)
        order.with_user(self.salesperson_b).with_company(self.other).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_ageing_per_company(self):
        month_ago = fields.Date.today() - timedelta(days=45)
        self._invoice(self.customer, 1000.0, month_ago, month_ago)
        self._invoice_in(
            self.other, 7000.0, None, month_ago, due=month_ago
        ).action_post()

        def ageing(user, *companies):
            Report = allowed(
                self.env["trade.receivable.ageing.report"].with_user(user), *companies
            )
            with Form(Report) as form:
                pass
            report = form.record
            report.action_open()
            self.assertEqual(report.company_id, companies[0])
            lines = report._ageing_lines().filtered(
                lambda line: line.partner_id == self.customer
            )
            return sum(lines.mapped("amount_31_60"))

        self.assertEqual(ageing(self.finance_ab, self.other, self.company), 7000.0)
        self.assertEqual(ageing(self.finance_ab, self.company), 1000.0)
        self.assertEqual(ageing(self.finance_a, self.company), 1000.0)
        # not the receivables of a company the user does not work in
        with self.assertRaisesText(UserError, "companies you are working in"):
            self.env["trade.receivable.ageing.report"].with_user(self.finance_a).create(
                {"company_id": self.other.id}
            )
