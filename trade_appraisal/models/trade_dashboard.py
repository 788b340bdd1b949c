from odoo import api, fields, models

from .trade_appraisal_scorecard import PUBLISHED_STATES


class TradeDashboard(models.AbstractModel):
    """The scorecard ranking of the latest published period on the
    department's dashboard, and the appraisal's sales targets of the month
    as the target of the month's sales."""

    _inherit = "trade.dashboard"

    @api.model
    def _dashboard_charts(self):
        return [*super()._dashboard_charts(), self._chart_scorecard_ranking()]

    @api.model
    def _sales_target(self):
        """The *Sales Amount* targets of this month's appraisal period that
        the user may read (a salesperson's own, a manager's department's);
        without any, the target of trade_business_dept."""
        Target = self.env["trade.appraisal.target"]
        indicator = self.env.ref(
            "trade_appraisal.indicator_sales_amount", raise_if_not_found=False
        )
        if not indicator or not Target.has_access("read"):
            return super()._sales_target()
        today = fields.Date.context_today(self)
        domain = [
            ("indicator_id", "=", indicator.id),
            ("company_id", "=", self.env.company.id),
            ("period_id.period_type", "=", "monthly"),
            ("period_id.date_start", "<=", today),
            ("period_id.date_end", ">=", today),
        ]
        [(count, amount)] = Target._read_group(domain, [], ["__count", "target:sum"])
        if not count:
            return super()._sales_target()
        _ = self.env._
        return {
            "amount": amount or 0.0,
            "action": self._window(
                _("Sales Targets of the Month"), "trade.appraisal.target", domain
            ),
            "note": _(
                "Target: the appraisal's sales amount targets of the month "
                "(measured on invoices)."
            ),
        }

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
