from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.trade_business_dept.tests.multi_company_common import (
    allowed,
    second_company,
)

from .common import HR, TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestMultiCompanyAppraisal(TradeAppraisalCase):
    """A salesperson working for two companies of the group (CNY and USD)
    has a scorecard in each, measured on that company's invoices only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other, _cny, _usd = second_company(cls.env, chart=True)
        cls.salesperson.company_ids |= cls.other
        cls.hr_a = cls._company_user("appr_mc_hr_a", cls.company)
        cls.hr_ab = cls._company_user("appr_mc_hr_ab", cls.company | cls.other)
        cls.employee_b = (
            cls.env["hr.employee"]
            .with_company(cls.other)
            .create(
                {
                    "name": "Li Wei",
                    "user_id": cls.salesperson.id,
                    "company_id": cls.other.id,
                }
            )
        )
        cls.period_b = allowed(
            cls.env["trade.appraisal.period"].with_user(cls.hr_ab), cls.other
        ).create({"period_type": "monthly", "date_start": date(2021, 3, 1)})

    @classmethod
    def _company_user(cls, login, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=HR,
            tz="UTC",
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )

    def _invoice_in(self, company, amount):
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    "invoice_date": date(2021, 3, 10),
                    "invoice_user_id": self.salesperson.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_each_company_measures_its_own_invoices(self):
        self._invoice_in(self.company, 1000.0)
        self._invoice_in(self.other, 3000.0)
        self.assertEqual(self.period_b.company_id, self.other)
        actuals_a = self.period._compute_actuals(self.salesperson)
        actuals_b = self.period_b._compute_actuals(self.salesperson)
        self.assertEqual(actuals_a["sales_amount"][self.salesperson.id], (1000.0, 1))
        self.assertEqual(actuals_b["sales_amount"][self.salesperson.id], (3000.0, 1))
        # the scorecards generated in each company
        self.period.with_user(self.hr_a).action_generate_scorecards()
        allowed(
            self.period_b.with_user(self.hr_ab), self.other
        ).action_generate_scorecards()
        card_a = self._card(self.period, self.employee)
        card_b = self._card(self.period_b, self.employee_b)
        self.assertEqual(
            (card_a.company_id, card_b.company_id), (self.company, self.other)
        )
        self.assertEqual(self._line(card_a, "sales_amount").actual, 1000.0)
        self.assertEqual(self._line(card_b, "sales_amount").actual, 3000.0)

    def test_scorecards_of_another_company_are_invisible(self):
        self.period.action_generate_scorecards()
        self.period_b.action_generate_scorecards()
        cards = self._card(self.period, self.employee) | self._card(
            self.period_b, self.employee_b
        )
        card_b = cards.filtered(lambda card: card.company_id == self.other)
        Card = self.env["trade.appraisal.scorecard"]
        self.assertEqual(
            Card.with_user(self.hr_a).search([("id", "in", cards.ids)]),
            cards - card_b,
        )
        with self.assertRaises(AccessError):
            card_b.with_user(self.hr_a).read(["total_score"])
        hr_ab = Card.with_user(self.hr_ab)
        self.assertEqual(
            allowed(hr_ab, self.other).search([("id", "in", cards.ids)]), card_b
        )
        self.assertEqual(
            allowed(hr_ab, self.company, self.other).search([("id", "in", cards.ids)]),
            cards,
        )
        # the lines and the dashboard's ranking follow
        Line = self.env["trade.appraisal.scorecard.line"].with_user(self.hr_a)
        self.assertFalse(Line.search([("scorecard_id", "=", card_b.id)]))
        Dashboard = self.env["trade.dashboard"].with_user(self.hr_ab)
        self.assertIn(
            ("company_id", "=", self.other.id),
            allowed(Dashboard, self.other)._ranking_domain(),
        )
