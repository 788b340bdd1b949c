from odoo import api, models

from .trade_appraisal_scorecard import PUBLISHED_STATES


class TradeDashboard(models.AbstractModel):
    """The scorecard ranking of the latest published period on the
    department's dashboard."""

    _inherit = "trade.dashboard"

    @api.model
    def _dashboard_charts(self):
        return [*super()._dashboard_charts(), self._chart_scorecard_ranking()]

    @api.model
    def _ranking_domain(self):
        """The published monthly scorecards of the company the user may read."""
        return [
            ("state", "in", PUBLISHED_STATES),
            ("company_id", "=", self.env.company.id),
            ("period_type", "=", "monthly"),
        ]

    @api.model
    def _chart_scorecard_ranking(self):
        """Total scores of the latest period with published scorecards, best
        first."""
        Card = self.env["trade.appraisal.scorecard"]
        if not Card.has_access("read"):
            return None
        _ = self.env._
        domain = self._ranking_domain()
        latest = Card.search(domain, order="date_end desc, id desc", limit=1)
        if not latest:
            return None
        domain += [("period_id", "=", latest.period_id.id)]
        cards = Card.search(domain, order="total_score desc, id")
        names = {card.id: card.employee_id.name for card in cards.sudo()}
        return self._chart(
            "scorecard_ranking",
            60,
            _("Scorecard ranking, %(period)s", period=latest.period_id.display_name),
            [names[card.id] for card in cards],
            [
                {
                    "label": _("Total score"),
                    "data": [card.total_score for card in cards],
                    "color": "#6f42c1",
                    "actions": [
                        {
                            "type": "ir.actions.act_window",
                            "name": card.display_name,
                            "res_model": "trade.appraisal.scorecard",
                            "res_id": card.id,
                            "views": [[False, "form"]],
                        }
                        for card in cards
                    ],
                }
            ],
            kind="score",
            horizontal=True,
            action=self._window(
                _("Scorecards of %(period)s", period=latest.period_id.display_name),
                "trade.appraisal.scorecard",
                domain,
            ),
        )
