from datetime import date, datetime

from odoo import Command
from odoo.tests import TransactionCase

from odoo.addons.trade_business_dept.tests.common import TradeTestHelpers

HR = "trade_appraisal.group_trade_appraisal_hr"
MANAGER = "trade_business_dept.group_trade_manager"
SALESPERSON = "trade_business_dept.group_trade_salesperson"
MERCHANDISER = "trade_business_dept.group_trade_merchandiser"

MANUAL_CODES = (
    "knowledge",
    "communication",
    "problem_solving",
    "initiative",
    "teamwork",
)
COMPUTED_CODES = ("sales_amount", "profit", "new_customers", "satisfaction")


class TradeAppraisalCase(TradeTestHelpers, TransactionCase):
    """A business department with HR, two managers, two salespeople and a
    merchandiser, a customer base, a product and March 2021 as period.

    Nothing relies on demo data: the employees appraised are only those of
    the test, the company settings are set to the documented defaults and a
    chart of accounts is loaded when the company has none.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        company_values = {
            "trade_appraisal_appeal_days": 7,
            "trade_appraisal_salary_day": 10,
            "trade_appraisal_weight_monthly": 60,
            "trade_appraisal_weight_self": 10,
            "trade_appraisal_weight_peer": 10,
            "trade_appraisal_weight_supervisor": 20,
            "trade_appraisal_need_score": 60,
        }
        if "trade_order_checks" in cls.company._fields:
            company_values["trade_order_checks"] = False
        cls.company.write(company_values)
        cls.company.partner_id.tz = "UTC"
        cls._ensure_chart_of_accounts()

        cls.hr_user = cls._new_user("appr_hr", "Hu Rong", HR)
        cls.manager = cls._new_user("appr_manager", "Wang Min", MANAGER)
        cls.other_manager = cls._new_user("appr_manager2", "Sun Hao", MANAGER)
        cls.salesperson = cls._new_user("appr_li", "Li Wei", SALESPERSON)
        cls.colleague = cls._new_user("appr_zhang", "Zhang Lei", SALESPERSON)
        cls.merchandiser = cls._new_user("appr_chen", "Chen Jing", MERCHANDISER)

        Employee = cls.env["hr.employee"]
        # only the test's employees are appraised
        Employee.search([("trade_appraisal_enabled", "=", True)]).write(
            {"trade_appraisal_enabled": False}
        )
        cls.manager_employee = Employee.create(
            {"name": "Wang Min", "user_id": cls.manager.id}
        )
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Business Department (test)",
                "manager_id": cls.manager_employee.id,
            }
        )
        cls.manager_employee.department_id = cls.department
        cls.employee = Employee.create(
            {
                "name": "Li Wei",
                "user_id": cls.salesperson.id,
                "department_id": cls.department.id,
                "parent_id": cls.manager_employee.id,
                "trade_base_bonus": 2000.0,
                "trade_annual_base_bonus": 24000.0,
            }
        )
        cls.colleague_employee = Employee.create(
            {
                "name": "Zhang Lei",
                "user_id": cls.colleague.id,
                "department_id": cls.department.id,
                "parent_id": cls.manager_employee.id,
                "trade_base_bonus": 1500.0,
            }
        )
        cls.other_manager_employee = Employee.create(
            {"name": "Sun Hao", "user_id": cls.other_manager.id}
        )
        cls.merchandiser_employee = Employee.create(
            {
                "name": "Chen Jing",
                "user_id": cls.merchandiser.id,
                "department_id": cls.department.id,
                "parent_id": cls.manager_employee.id,
            }
        )

        cls.product = cls.env["product.product"].create(
            {
                "name": "Stainless valve DN50",
                "type": "consu",
                "list_price": 100.0,
                "standard_price": 60.0,
                "invoice_policy": "order",
                "taxes_id": [Command.clear()],
            }
        )
        Partner = cls.env["res.partner"]
        # with their e-mail, as the customers who rate: the rating requests go
        # there, and their ratings notify from there
        cls.customer, cls.customer_2, cls.customer_3 = Partner.create(
            [
                {"name": name, "is_company": True, "email": email}
                for name, email in (
                    ("Hongda Machinery", "buyer@hongda.example.com"),
                    ("Haichen Trading", "buyer@haichen.example.com"),
                    ("Jincheng Tools", "buyer@jincheng.example.com"),
                )
            ]
        )

        cls.period = cls.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 3, 1)}
        )
        cls.indicators = {
            code: cls.env.ref(f"trade_appraisal.indicator_{code}")
            for code in COMPUTED_CODES + MANUAL_CODES
        }

    @classmethod
    def _ensure_chart_of_accounts(cls):
        journal = cls.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", cls.company.id)], limit=1
        )
        if not journal:
            cls.env["account.chart.template"].try_loading(
                "generic_coa", company=cls.company, install_demo=False
            )

    # ------------------------------------------------------------------
    # Data
    # ------------------------------------------------------------------
    def _invoice(
        self,
        user,
        partner,
        lines,
        invoice_date=date(2021, 3, 10),
        move_type="out_invoice",
        currency=None,
        post=True,
    ):
        """A customer invoice (or credit note) of ``user``; ``lines`` are
        ``(quantity, unit_price)`` or ``(quantity, unit_price, taxes)``."""
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_user_id": user.id,
                "currency_id": (currency or self.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": line[0],
                            "price_unit": line[1],
                            "tax_ids": [
                                Command.set(line[2].ids if len(line) > 2 else [])
                            ],
                        }
                    )
                    for line in lines
                ],
            }
        )
        if post:
            move.action_post()
        return move

    def _visit(
        self,
        user,
        partner,
        rating,
        done_on=datetime(2021, 3, 12, 9, 0),
        staff_rating=False,
    ):
        """A completed visit that the customer rated ``rating`` (1–5, through
        Odoo's rating, as his click on the e-mail's link does), or not rated
        (``False``); ``staff_rating`` is what the salesperson typed in."""
        visit = self.env["trade.visit"].create(
            {
                "partner_id": partner.id,
                "user_id": user.id,
                "date_planned": done_on,
                "purpose": "Monthly review",
                "summary": "Reviewed the orders",
                "state": "done",
                "date_done": done_on,
                "customer_rating": str(staff_rating) if staff_rating else False,
            }
        )
        if rating:
            self._customer_rates(visit, rating)
        return visit

    def _customer_rates(self, record, rating, feedback=None):
        """The customer's click on the rating link of ``record``'s e-mail."""
        token = record._rating_get_access_token()
        return record.rating_apply(rating, token=token, feedback=feedback)

    def _targets(self, employee, period=None, **targets):
        return self.env["trade.appraisal.target"].create(
            [
                {
                    "period_id": (period or self.period).id,
                    "employee_id": employee.id,
                    "indicator_id": self.indicators[code].id,
                    "target": value,
                }
                for code, value in targets.items()
            ]
        )

    def _default_targets(self, employee=None, period=None):
        return self._targets(
            employee or self.employee,
            period,
            sales_amount=1000.0,
            profit=400.0,
            new_customers=2,
            satisfaction=4.0,
        )

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _generate(self, period=None, employee=None):
        (period or self.period).with_user(self.hr_user).action_generate_scorecards()
        return self._card(period, employee)

    def _card(self, period=None, employee=None):
        return self.env["trade.appraisal.scorecard"].search(
            [
                ("period_id", "=", (period or self.period).id),
                ("employee_id", "=", (employee or self.employee).id),
            ]
        )

    def _line(self, card, code):
        return card.line_ids.filtered(lambda line: line.code == code)

    def _score_manual(self, card, score=80.0, user=None):
        card = card.with_user(user or self.manager)
        for line in card.line_ids.filtered(lambda line: line.kind == "manual"):
            line.score = score
        card.write(
            {
                "ability_comment": "Knows the valve range well.",
                "attitude_comment": "Takes ownership of customer issues.",
            }
        )
        return card

    def _published_card(self, score=80.0):
        """Li Wei's March card: collected, scored and published."""
        self._default_targets()
        card = self._generate()
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card, score).action_score()
        card.with_user(self.hr_user).action_publish()
        return card
