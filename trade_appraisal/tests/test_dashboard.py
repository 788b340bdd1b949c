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
