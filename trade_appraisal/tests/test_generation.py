import base64
import io
from datetime import date

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestGeneration(TradeAppraisalCase):
    def test_one_scorecard_per_salesperson_and_generation_is_idempotent(self):
        self._default_targets()
        Scorecard = self.env["trade.appraisal.scorecard"]
        self.period.with_user(self.hr_user).action_generate_scorecards()
        cards = Scorecard.search([("period_id", "=", self.period.id)])
        # salespeople only: neither the merchandiser nor the managers
        self.assertEqual(cards.employee_id, self.employee | self.colleague_employee)
        self.assertEqual(len(cards.line_ids), 2 * 9)
        card = self._card()
        self.assertEqual(card.state, "draft")
        self.assertEqual(card.department_id, self.department)
        self.assertEqual(card.manager_id, self.manager_employee)
        self.assertEqual(card.base_bonus, 2000)
        self.assertEqual(self._line(card, "sales_amount").target, 1000)
        self.assertEqual(self._line(card, "sales_amount").weight, 30)
        result = self.period.with_user(self.hr_user).action_generate_scorecards()
        self.assertIn("0 scorecards created, 2 refreshed", result["params"]["message"])
        self.assertEqual(Scorecard.search([("period_id", "=", self.period.id)]), cards)

    def test_regeneration_reflects_new_invoices_but_never_a_published_card(self):
        card = self._published_card()
        colleague_card = self._card(employee=self.colleague_employee)
        self._invoice(self.salesperson, self.customer, [(4, 100.0)])
        self._invoice(self.colleague, self.customer_2, [(3, 100.0)])
        self.period.with_user(self.hr_user).action_generate_scorecards()
        self.assertEqual(self._line(card, "sales_amount").actual, 0.0)
        self.assertEqual(card.state, "published")
        self.assertEqual(self._line(colleague_card, "sales_amount").actual, 300.0)
        self._invoice(
            self.colleague, self.customer_2, [(1, 100.0)], move_type="out_refund"
        )
        self.period.with_user(self.hr_user).action_generate_scorecards()
        self.assertEqual(self._line(colleague_card, "sales_amount").actual, 200.0)

    def test_a_newly_appraised_employee_gets_a_card_on_regeneration(self):
        self._generate()
        self.merchandiser_employee.trade_appraisal_enabled = True
        self._generate()
        self.assertTrue(self._card(employee=self.merchandiser_employee))

    def test_generation_refuses_weights_that_do_not_add_up(self):
        # a total that does not add up can only come from the superuser
        self.indicators["sales_amount"].sudo().weight = 50
        with self.assertRaisesText(ValidationError, "they add up to 120"):
            self.period.with_user(self.hr_user).action_generate_scorecards()
        self.assertFalse(self.period.scorecard_ids)

    def test_only_hr_generates_scorecards(self):
        with self.assertRaisesText(AccessError, "Only the HR department"):
            self.period.with_user(self.manager).action_generate_scorecards()
        with self.assertRaises(AccessError):
            self.env["trade.appraisal.period"].with_user(self.manager).create(
                {"period_type": "monthly", "date_start": date(2021, 5, 1)}
            )

    def test_periods_follow_the_calendar(self):
        Period = self.env["trade.appraisal.period"]
        annual = Period.create(
            {"period_type": "annual", "date_start": date(2021, 1, 1)}
        )
        self.assertEqual((annual.name, annual.date_end), ("2021", date(2021, 12, 31)))
        self.assertEqual(
            (self.period.name, self.period.date_end), ("2021-03", date(2021, 3, 31))
        )
        with self.assertRaisesText(ValidationError, "first to the last day of a month"):
            Period.create({"period_type": "monthly", "date_start": date(2021, 5, 3)})
        with self.assertRaisesText(ValidationError, "from 1 January to 31 December"):
            Period.create({"period_type": "annual", "date_start": date(2022, 2, 1)})
        with self.assertRaisesText(ValidationError, "first to the last day"):
            Period.create(
                {
                    "period_type": "monthly",
                    "date_start": date(2021, 6, 1),
                    "date_end": date(2021, 6, 15),
                }
            )

    def test_targets_are_imported_from_a_spreadsheet(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["Period", "Employee", "Indicator", "Target"])
        sheet.append(["2021-03", "Li Wei", "Sales Amount", 1200])
        sheet.append(["2021-03", "Li Wei", "profit", 500])
        sheet.append(["2021-03", "Zhang Lei", "Sales Amount", 900])
        content = io.BytesIO()
        workbook.save(content)
        importer = (
            self.env["base_import.import"]
            .with_user(self.hr_user)
            .create(
                {
                    "res_model": "trade.appraisal.target",
                    "file": content.getvalue(),
                    "file_name": "targets.xlsx",
                    "file_type": "application/vnd.openxmlformats-officedocument."
                    "spreadsheetml.sheet",
                }
            )
        )
        result = importer.execute_import(
            ["period_id", "employee_id", "indicator_id", "target"],
            ["Period", "Employee", "Indicator", "Target"],
            {"has_headers": True, "quoting": '"', "separator": ","},
        )
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(len(result["ids"]), 3)
        card = self._generate()
        self.assertEqual(self._line(card, "sales_amount").target, 1200)
        self.assertEqual(self._line(card, "profit").target, 500)
        # no own target: the indicator's default (satisfaction 4.5)
        self.assertEqual(self._line(card, "satisfaction").target, 4.5)
        template = self.env["trade.appraisal.target"].get_import_templates()
        self.assertTrue(template[0]["template"].endswith(".xlsx"))

    def test_bad_targets_are_refused(self):
        with self.assertRaisesText(ValidationError, "greater than zero"):
            self._targets(self.employee, sales_amount=-5)
        with self.assertRaisesText(ValidationError, "1–5 scale"):
            self._targets(self.employee, satisfaction=8)
        with self.assertRaisesText(ValidationError, "has no target"):
            self._targets(self.employee, teamwork=80)
        self.assertFalse(
            self.env["trade.appraisal.target"].search(
                [("employee_id", "=", self.employee.id)]
            )
        )

    def test_copy_previous_targets(self):
        self._default_targets()
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self._targets(self.employee, april, sales_amount=1500.0)
        april.with_user(self.hr_user).action_copy_previous_targets()
        targets = self.env["trade.appraisal.target"].search(
            [("period_id", "=", april.id), ("employee_id", "=", self.employee.id)]
        )
        self.assertEqual(len(targets), 4)
        by_code = {target.indicator_id.code: target.target for target in targets}
        self.assertEqual(by_code["sales_amount"], 1500.0)
        self.assertEqual(by_code["profit"], 400.0)

    def test_month_end_scheduled_action_creates_the_period_and_its_cards(self):
        Period = self.env["trade.appraisal.period"]
        with freeze_time("2021-05-15"):
            created = Period._cron_create_periods()
        self.assertFalse(
            created.filtered(lambda period: period.date_start == date(2021, 5, 1))
        )
        with freeze_time("2021-05-31"):
            created = Period._cron_create_periods()
        created = created.filtered(lambda period: period.company_id == self.company)
        may = created.filtered(lambda period: period.date_start == date(2021, 5, 1))
        self.assertEqual(may.period_type, "monthly")
        self.assertEqual(len(may.scorecard_ids), 2)
        with freeze_time("2021-05-31"):
            self.assertFalse(Period._cron_create_periods())
        with freeze_time("2021-12-31"):
            created = Period._cron_create_periods()
        created = created.filtered(lambda period: period.company_id == self.company)
        self.assertEqual(sorted(created.mapped("name")), ["2021", "2021-12"])
        self.assertEqual(
            created.filtered(lambda p: p.period_type == "annual").date_end,
            date(2021, 12, 31),
        )

    def test_a_missed_month_end_is_caught_up_within_a_week(self):
        Period = self.env["trade.appraisal.period"]
        with freeze_time("2021-07-03"):
            created = Period._cron_create_periods()
        created = created.filtered(lambda period: period.company_id == self.company)
        self.assertEqual(created.mapped("name"), ["2021-06"])
        with freeze_time("2021-09-20"):
            self.assertFalse(Period._cron_create_periods())

    def test_annual_targets_add_up_the_monthly_targets(self):
        self._default_targets()
        april = self.env["trade.appraisal.period"].create(
            {"period_type": "monthly", "date_start": date(2021, 4, 1)}
        )
        self._targets(self.employee, april, sales_amount=2000.0, satisfaction=5.0)
        annual = self.env["trade.appraisal.period"].create(
            {"period_type": "annual", "date_start": date(2021, 1, 1)}
        )
        card = self._generate(annual)
        self.assertEqual(self._line(card, "sales_amount").target, 3000.0)
        self.assertEqual(self._line(card, "satisfaction").target, 4.5)
        self.assertEqual(card.base_bonus, 24000.0)

    def test_bonus_sheet_file_opens_with_the_right_rows(self):
        card = self._published_card(score=80)
        card.sudo().write({"state": "final"})
        self.env["trade.appraisal.award"].create(
            {
                "name": "Opened the German market",
                "employee_id": self.employee.id,
                "award_type": "business_development",
                "amount": 3000.0,
                "reason": "Three new distributors",
                "period_id": self.period.id,
            }
        ).action_approve()
        wizard = (
            self.env["trade.appraisal.bonus.export"]
            .with_user(self.hr_user)
            .create({"period_ids": [Command.set(self.period.ids)]})
        )
        action = wizard.action_export()
        self.assertIn("download=true", action["url"])
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.xlsx_file)))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Period", "Type", "Employee"))
        self.assertEqual(len(rows), 3)  # header, Li Wei (final), total
        period, _type, employee, _dept, total, grade, base, multiplier, bonus = rows[1][
            :9
        ]
        self.assertEqual((period, employee, grade), ("2021-03", "Li Wei", card.grade))
        self.assertEqual(
            (base, multiplier, bonus), (2000, card.bonus_multiplier, card.bonus_amount)
        )
        # the card's payment date (published today: the next salary after it)
        self.assertEqual(rows[1][10].date(), card.bonus_payment_date)
        self.assertEqual(rows[2][8], card.bonus_amount)
        awards = list(book.worksheets[1].iter_rows(values_only=True))
        self.assertEqual(
            awards[1][1:5],
            (
                "Li Wei",
                "Outstanding Business Development",
                "Opened the German market",
                3000,
            ),
        )
        self.assertTrue(wizard.xlsx_filename.endswith(".xlsx"))

    def test_bonus_sheet_is_for_hr_and_needs_cards(self):
        with self.assertRaises(AccessError):
            self.env["trade.appraisal.bonus.export"].with_user(self.manager).create(
                {"period_ids": [Command.set(self.period.ids)]}
            )
        wizard = (
            self.env["trade.appraisal.bonus.export"]
            .with_user(self.hr_user)
            .create({"period_ids": [Command.set(self.period.ids)]})
        )
        with self.assertRaisesText(UserError, "ready for payroll"):
            wizard.action_export()
