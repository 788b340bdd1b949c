from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestDashboardAgeing(TradeRiskCase):
    """The receivables by ageing bucket on the department's dashboard: the
    ageing report's figures, each bar opening its journal items."""

    def setUp(self):
        super().setUp()
        today = fields.Date.today()
        self.invoices = {}
        for days, amount in ((-10, 1000.0), (20, 2000.0), (45, 3000.0), (75, 4000.0)):
            due = today - timedelta(days=days)
            self.invoices[days] = self._invoice(
                self.customer, amount, due - timedelta(days=30), due
            )
        self.invoices[120] = self._invoice(
            self.colleague_customer,
            5000.0,
            today - timedelta(days=150),
            today - timedelta(days=120),
        )

    def _ageing(self, user):
        charts = self.env["trade.dashboard"].with_user(user).get_dashboard()["charts"]
        return next(chart for chart in charts if chart["key"] == "receivable_ageing")

    def _bucket_lines(self, action):
        return self.env["account.move.line"].search(action["domain"])

    def test_buckets_are_the_items_they_open(self):
        for user in (self.manager, self.credit_manager, self.salesperson):
            chart = self._ageing(user)
            [dataset] = chart["datasets"]
            self.assertEqual(len(dataset["data"]), 5)
            for amount, action in zip(dataset["data"], dataset["actions"], strict=True):
                lines = self._bucket_lines(action)
                self.assertAlmostEqual(
                    sum(lines.mapped("amount_residual")), amount, places=2
                )
            everything = self._bucket_lines(chart["action"])
            self.assertAlmostEqual(
                sum(everything.mapped("amount_residual")),
                sum(dataset["data"]),
                places=2,
            )

    def test_each_invoice_in_its_bucket(self):
        chart = self._ageing(self.manager)
        actions = chart["datasets"][0]["actions"]
        buckets = {-10: 0, 20: 1, 45: 2, 75: 3, 120: 4}
        for days, index in buckets.items():
            with self.subTest(days=days):
                lines = self._bucket_lines(actions[index])
                self.assertIn(self.invoices[days], lines.move_id)

    def test_salesperson_sees_his_customers_only(self):
        chart = self._ageing(self.salesperson)
        [dataset] = chart["datasets"]
        self.assertAlmostEqual(dataset["data"][1], 2000.0, places=2)
        lines = self._bucket_lines(chart["action"])
        self.assertIn(self.invoices[20], lines.move_id)
        self.assertNotIn(self.invoices[120], lines.move_id)
        # the items open as the salesperson too
        self.env["account.move.line"].with_user(self.salesperson).search(
            chart["action"]["domain"]
        )
