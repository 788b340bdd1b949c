from odoo import fields
from odoo.tests import tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestDashboardRanking(TradeAppraisalCase):
    """The scorecard ranking on the department's dashboard: the published
    cards of the latest period the user may read, best first, each opening
    its scorecard."""

    def _ranking(self, user):
        charts = self.env["trade.dashboard"].with_user(user).get_dashboard()["charts"]
        return next(
            (chart for chart in charts if chart["key"] == "scorecard_ranking"), None
        )

    def test_ranking_is_the_published_cards_it_opens(self):
        card = self._published_card(score=90.0)
        chart = self._ranking(self.manager)
        [dataset] = chart["datasets"]
        Card = self.env["trade.appraisal.scorecard"].with_user(self.manager)
        cards = Card.search(chart["action"]["domain"], order="total_score desc, id")
        self.assertEqual(dataset["data"], cards.mapped("total_score"))
        self.assertEqual(dataset["data"], sorted(dataset["data"], reverse=True))
        self.assertEqual([action["res_id"] for action in dataset["actions"]], cards.ids)
        self.assertTrue(
            all(
                state in ("published", "appealed", "final")
                for state in cards.mapped("state")
            )
        )
        self.assertEqual(len(set(cards.period_id)), 1)
        # the salesperson sees his own published card, the latest he has
        chart = self._ranking(self.salesperson)
        [dataset] = chart["datasets"]
        self.assertEqual(dataset["data"], [card.total_score])
        self.assertEqual(chart["labels"], [self.employee.name])
        self.assertIn(card.period_id.display_name, chart["title"])

    def test_no_ranking_before_publication(self):
        card = self._generate()
        self.assertEqual(card.state, "draft")
        self.assertIsNone(self._ranking(self.salesperson))

    def test_sales_target_of_the_month(self):
        """The month's sales are measured against the appraisal's sales
        amount targets of the month: a salesperson his own, the manager his
        department's."""
        today = fields.Date.today()
        Period = self.env["trade.appraisal.period"]
        period = Period.search(
            [
                ("period_type", "=", "monthly"),
                ("company_id", "=", self.company.id),
                ("date_start", "=", today.replace(day=1)),
            ]
        ) or Period.create(
            {"period_type": "monthly", "date_start": today.replace(day=1)}
        )
        self._targets(self.employee, period, sales_amount=30000.0)
        self._targets(self.colleague_employee, period, sales_amount=20000.0)
        for user in (self.salesperson, self.manager):
            data = self.env["trade.dashboard"].with_user(user).get_dashboard()
            card = next(card for card in data["cards"] if card["key"] == "sales")
            chart = next(
                chart for chart in data["charts"] if chart["key"] == "sales_target"
            )
            action = chart["datasets"][0]["actions"][1]
            self.assertEqual(action["res_model"], "trade.appraisal.target")
            targets = (
                self.env["trade.appraisal.target"]
                .with_user(user)
                .search(action["domain"])
            )
            self.assertAlmostEqual(card["target"], sum(targets.mapped("target")))
            self.assertEqual(chart["datasets"][0]["data"][1], card["target"])
            if user == self.salesperson:
                self.assertEqual(card["target"], 30000.0)
            else:
                self.assertGreaterEqual(card["target"], 50000.0)
