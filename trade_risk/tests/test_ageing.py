from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import TradeRiskCase

TODAY = "2026-06-30"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestReceivableAgeing(TradeRiskCase):
    def setUp(self):
        super().setUp()
        # one invoice per bucket on 30 June 2026
        self.not_due = self._invoice(
            self.customer, 1000.0, date(2026, 6, 20), date(2026, 7, 20)
        )
        self.days_20 = self._invoice(
            self.customer,
            2000.0,
            date(2026, 5, 10),
            date(2026, 6, 10),
            user=self.colleague,
        )
        self.days_46 = self._invoice(
            self.customer, 3000.0, date(2026, 4, 15), date(2026, 5, 15)
        )
        self.days_76 = self._invoice(
            self.contact, 4000.0, date(2026, 3, 15), date(2026, 4, 15)
        )
        self.days_121 = self._invoice(
            self.customer, 5000.0, date(2026, 2, 1), date(2026, 3, 1)
        )
        self._pay(self.days_121, 1500.0, date(2026, 6, 25))
        self._invoice(
            self.colleague_customer, 700.0, date(2026, 6, 1), date(2026, 6, 1)
        )

    def _ageing(self, user=None, **values):
        with Form(
            self.env["trade.receivable.ageing.report"].with_user(user or self.finance)
        ) as form:
            for name, value in values.items():
                setattr(form, name, value)
        report = form.record
        action = report.action_open()
        self.assertEqual(action["res_model"], "trade.receivable.ageing")
        self.assertEqual(action["context"]["trade_ageing_date"], str(report.date))
        return report, report._ageing_lines().filtered(
            lambda line: line.partner_id in (self.customer | self.colleague_customer)
        )

    def _buckets(self, lines):
        return [
            sum(lines.mapped(name))
            for name in (
                "amount_not_due",
                "amount_1_30",
                "amount_31_60",
                "amount_61_90",
                "amount_over_90",
                "amount_total",
            )
        ]

    def test_buckets_of_today(self):
        _report, lines = self._ageing()
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual(
            self._buckets(mine), [1000.0, 2000.0, 3000.0, 4000.0, 3500.0, 13500.0]
        )
        self.assertEqual(sum(mine.mapped("amount_overdue")), 12500.0)

    def test_ageing_of_a_past_date_ignores_later_payments_and_invoices(self):
        _report, lines = self._ageing(date=date(2026, 6, 20))
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        # the payment of 25 June does not count yet; the buckets age from 20 June
        self.assertEqual(
            self._buckets(mine), [1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 15000.0]
        )
        _report, lines = self._ageing(date=date(2026, 6, 15))
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual(sum(mine.mapped("amount_not_due")), 0.0, "not invoiced yet")
        self.assertEqual(sum(mine.mapped("amount_total")), 14000.0)

    def test_bucket_boundaries_and_invoices_paid_since(self):
        boundaries = {0: 1.0, 1: 2.0, 30: 4.0, 31: 8.0, 60: 16.0, 61: 32.0}
        boundaries.update({90: 64.0, 91: 128.0})
        for days, amount in boundaries.items():
            self._invoice(
                self.unrated_customer, amount, date(2026, 1, 1), self.days_ago(days)
            )
        report, _lines = self._ageing()
        theirs = report._ageing_lines().filtered(
            lambda line: line.partner_id == self.unrated_customer
        )
        self.assertEqual(self._buckets(theirs), [1.0, 6.0, 24.0, 96.0, 128.0, 255.0])
        # paid in full after 20 June: open on 20 June, not today
        self._pay(self.days_46, payment_date=date(2026, 6, 28))
        _report, lines = self._ageing()
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual(sum(mine.mapped("amount_31_60")), 0.0)
        _report, lines = self._ageing(date=date(2026, 6, 20))
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        self.assertEqual(
            self._buckets(mine), [1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 15000.0]
        )

    def test_rows_by_customer_and_salesperson(self):
        _report, lines = self._ageing()
        mine = lines.filtered(lambda line: line.partner_id == self.customer)
        by_user = {line.user_id: line.amount_total for line in mine}
        self.assertEqual(by_user, {self.salesperson: 11500.0, self.colleague: 2000.0})
        _report, lines = self._ageing(user_id=self.colleague)
        self.assertEqual(
            {(line.partner_id, line.user_id, line.amount_total) for line in lines},
            {
                (self.customer, self.colleague, 2000.0),
                (self.colleague_customer, self.colleague, 700.0),
            },
        )

    def test_pivot_groups_by_salesperson(self):
        report, _lines = self._ageing()
        Lines = self.env["trade.receivable.ageing"].with_context(
            **report._ageing_context()
        )
        groups = Lines._read_group(
            [("partner_id", "=", self.customer.id)],
            ["user_id"],
            ["amount_total:sum"],
        )
        self.assertEqual(
            dict(groups), {self.salesperson: 11500.0, self.colleague: 2000.0}
        )
        # the pivot by customer: the customers' names read at once
        self.env.invalidate_all()
        pivot = Lines.web_read_group([], ["amount_total:sum"], ["partner_id"])
        rows = {group["partner_id"][0]: group for group in pivot["groups"]}
        self.assertEqual(
            rows[self.customer.id]["partner_id"],
            (self.customer.id, self.customer.display_name),
        )
        self.assertEqual(rows[self.customer.id]["amount_total"], 13500.0)

    def test_salesperson_ages_only_own_receivables(self):
        own_report, lines = self._ageing(user=self.salesperson)
        self.assertEqual(lines.user_id, self.salesperson)
        self.assertEqual(sum(lines.mapped("amount_total")), 11500.0)
        with self.assertRaisesText(UserError, "your own customers"):
            self._ageing(user=self.salesperson, user_id=self.colleague)
        # nor the lines of finance's ageing, read with its context
        finance_report, finance_lines = self._ageing(user=self.finance)
        Lines = (
            self.env["trade.receivable.ageing"]
            .with_user(self.colleague)
            .with_context(trade_ageing_date=str(finance_report.date))
        )
        self.assertFalse(
            Lines.search([("id", "in", finance_lines.ids)]).user_id - self.colleague
        )
        visible = Lines.with_user(self.salesperson).search([])
        self.assertEqual(set(visible.ids), set(own_report._ageing_lines().ids))

    def test_a_client_context_chooses_only_among_what_the_user_may_read(self):
        """The ageing's context keys, as any RPC client may send them: a
        salesperson cannot read a colleague's ageing nor a company he does
        not work in; the same keys give finance that ageing."""
        Lines = self.env["trade.receivable.ageing"]
        with self.assertRaisesText(UserError, "your own customers"):
            Lines.with_user(self.salesperson).with_context(
                trade_ageing_user_id=self.colleague.id
            ).search([])
        other_company = self.env["res.company"].create({"name": "Elsewhere Trading"})
        with self.assertRaisesText(UserError, "companies you are working in"):
            Lines.with_user(self.salesperson).with_context(
                trade_ageing_company_id=other_company.id
            ).search([])
        lines = (
            Lines.with_user(self.finance)
            .with_context(trade_ageing_user_id=self.colleague.id)
            .search([])
        )
        self.assertEqual(lines.user_id, self.colleague)
        self.assertEqual(lines.company_id, self.env.company)
        # what is not a date or an id is refused with a message, not a crash
        # in the query
        Finance = Lines.with_user(self.finance)
        for key, value, message in (
            ("trade_ageing_date", "yesterday", "is not a date"),
            ("trade_ageing_user_id", "1 OR 1=1", "is not a salesperson"),
            ("trade_ageing_user_id", [self.colleague.id], "is not a salesperson"),
            ("trade_ageing_company_id", "1", "companies you are working in"),
        ):
            with self.assertRaisesText(UserError, message):
                Finance.with_context(**{key: value}).search([])

    def _open_item_buckets(self, ageing_date, partner):
        """The ageing of ``partner`` added up from its open items one by one
        in ``numeric`` (the customer statement's query): the reference."""
        Query = self.env["trade.receivable.query"]
        rows = self.env.execute_query(
            SQL(
                "SELECT %s, SUM(lines.residual) FROM (%s) lines GROUP BY 1",
                Query._ageing_bucket_case(ageing_date),
                Query._open_items_query(self.env.company, ageing_date, partner.ids),
            )
        )
        buckets = [0.0] * 5
        for bucket, amount in rows:
            buckets[bucket] = amount
        # the numeric total, as a float
        return [*buckets, round(sum(buckets), 2)]

    def test_sums_agree_to_the_cent_with_the_open_items(self):
        # amounts no binary float holds exactly, small and large, in every
        # bucket, each on its own due date (a running total of its own),
        # partly paid a few days ago: the ageing adds them up in float8 and
        # rounds to the cent, the open items are added up in numeric (0.1 +
        # 0.2 is 0.30000000000000004 in float8)
        amounts = [
            (0, 0.1),
            (1, 0.2),
            (2, 0.7),
            (5, 1234567890.13),
            (6, 0.01),
            (7, 0.07),
            (40, 33.33),
            (41, 66.67),
            (42, 0.3),
            (70, 0.1),
            (75, 0.2),
            (120, 9876543.21),
            (130, 0.29),
        ]
        invoices = self.env["account.move"]
        for days, amount in amounts:
            invoices |= self._invoice(
                self.unrated_customer,
                amount,
                self.days_ago(days + 10),
                self.days_ago(days),
            )
        self._pay(invoices[3], 1234567.89, self.days_ago(3))
        self._pay(invoices[-2], 0.03, self.days_ago(2))
        for ageing_date in (date(2026, 6, 30), date(2026, 6, 26)):
            report, _lines = self._ageing(date=ageing_date)
            theirs = report._ageing_lines().filtered(
                lambda line: line.partner_id == self.unrated_customer
            )
            expected = self._open_item_buckets(ageing_date, self.unrated_customer)
            # equal as floats, not only within a cent: rounded in SQL
            self.assertEqual(self._buckets(theirs), expected)
        self.assertEqual(
            self._buckets(theirs)[:2], [1.0, 1234567890.21], "as of 26 June"
        )

    def test_future_date_is_refused(self):
        with self.assertRaisesText(UserError, "today or a past date"):
            self._ageing(date=date(2026, 7, 1))


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestCustomerStatement(TradeRiskCase):
    def setUp(self):
        super().setUp()
        self.old = self._invoice(
            self.customer, 5000.0, date(2026, 2, 1), date(2026, 3, 1)
        )
        self.recent = self._invoice(
            self.contact, 1200.0, date(2026, 6, 20), date(2026, 7, 20)
        )
        self._pay(self.old, 1500.0, date(2026, 6, 25))

    def _html(self, partners, data=None, user=None):
        return (
            self.env["ir.actions.report"]
            .with_user(user or self.finance)
            ._render_qweb_html(
                "trade_risk.report_customer_statement", partners.ids, data=data
            )[0]
            .decode()
        )

    def test_statement_lists_open_items_and_ageing(self):
        values = self.env[
            "report.trade_risk.report_customer_statement"
        ]._get_report_values(self.contact.ids, {"date": "2026-06-30"})
        self.assertEqual(values["docs"], self.customer)
        statement = values["statements"][self.customer.id]
        self.assertEqual(
            [(line["reference"], line["residual"]) for line in statement["lines"]],
            [(self.old.name, 3500.0), (self.recent.name, 1200.0)],
        )
        self.assertEqual(statement["buckets"], [1200.0, 0.0, 0.0, 0.0, 3500.0])
        self.assertEqual(statement["total"], 4700.0)
        html = self._html(self.customer)
        self.assertIn("Customer Statement", html)
        self.assertIn(self.old.name, html)
        self.assertIn("4,700.00", html)

    def test_statement_of_a_past_date(self):
        statement = self.env[
            "report.trade_risk.report_customer_statement"
        ]._get_report_values(self.customer.ids, {"date": "2026-06-01"})["statements"][
            self.customer.id
        ]
        self.assertEqual(statement["total"], 5000.0)
        self.assertEqual(statement["lines"][0]["days_overdue"], 92)

    def test_statement_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["trade_risk"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        html = self._html(self.customer)
        self.assertIn("客户对账单", html)
        self.assertIn("账龄", html)
        self.assertIn(self.old.name, html)

    def test_salesperson_prints_only_own_customers(self):
        self.assertIn(self.old.name, self._html(self.customer, user=self.salesperson))
        with self.assertRaisesText(AccessError, "your own customers"):
            self._html(self.customer, user=self.colleague)

    def test_statements_from_the_ageing_report(self):
        # without a document layout, Odoo asks the administrator to pick one
        self.env.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        report = self.env["trade.receivable.ageing.report"].create(
            {"date": date(2026, 6, 30)}
        )
        action = report.action_print_statements()
        self.assertEqual(action["report_name"], "trade_risk.report_customer_statement")
        self.assertEqual(action["data"]["date"], "2026-06-30")
        self.assertIn(self.customer.id, action["data"]["partner_ids"])
