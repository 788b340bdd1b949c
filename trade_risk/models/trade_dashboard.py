from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .trade_receivable_query import AGEING_BUCKETS


class TradeDashboard(models.AbstractModel):
    """The receivables by ageing bucket on the department's dashboard."""

    _inherit = "trade.dashboard"

    @api.model
    def _dashboard_charts(self):
        return [*super()._dashboard_charts(), self._chart_receivable_ageing()]

    @api.model
    def _ageing_user_id(self):
        """The salesperson whose customers' receivables the user sees, or
        ``None`` for those who see all of them (as the ageing report)."""
        if self.env["res.partner"]._trade_sees_all_credit():
            return None
        return self.env.uid

    @api.model
    def _open_receivables_domain(self):
        """The open receivable items the ageing adds up for the user."""
        company_ids = self.env["trade.receivable.query"]._company_ids(self.env.company)
        domain = [
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("amount_residual", "!=", 0),
            ("partner_id", "!=", False),
            ("company_id", "in", list(company_ids)),
        ]
        user_id = self._ageing_user_id()
        if user_id:
            domain += [
                "|",
                ("move_id.invoice_user_id", "=", user_id),
                "&",
                ("move_id.invoice_user_id", "=", False),
                ("partner_id.commercial_partner_id.user_id", "=", user_id),
            ]
        return domain

    @api.model
    def _ageing_bucket_domain(self, index):
        """The open receivable items of the ageing bucket ``index`` today
        (due date as in ``trade.receivable.query._ageing_bucket_case``)."""
        today = fields.Date.context_today(self)
        domain = self._open_receivables_domain()
        _name, first, _last = AGEING_BUCKETS[index]
        if first is None:
            domain.append(("date_maturity", ">=", today))
        else:
            domain.append(("date_maturity", "<=", today - timedelta(days=first)))
            if index + 1 < len(AGEING_BUCKETS):
                next_first = AGEING_BUCKETS[index + 1][1]
                domain.append(
                    ("date_maturity", ">", today - timedelta(days=next_first))
                )
        return domain

    @api.model
    def _receivable_ageing(self):
        """The residual of the open receivables per ageing bucket today, in
        the company's currency.

        Those who see every customer's receivables read the running totals
        of the open items (one row per partner and due date, see
        ``receivable_totals``) rather than the million journal items; a
        salesperson's own customers come from the ageing report's query."""
        Query = self.env["trade.receivable.query"]
        Query._flush()
        today = fields.Date.context_today(self)
        user_id = self._ageing_user_id()
        if user_id:
            query = Query._ageing_query(self.env.company, today, user_id)
            with Query._reporting_settings():
                self.env.cr.execute(query)
                rows = self.env.cr.fetchall()
            return [
                sum(row[2 + index] for row in rows)
                for index in range(len(AGEING_BUCKETS))
            ]
        self.env.cr.execute(
            SQL(
                """
                SELECT %(bucket)s, SUM(lines.amount)
                  FROM (SELECT open_totals.date_due AS due,
                               open_totals.amount_residual AS amount
                          FROM (%(totals)s) open_totals) lines
                 GROUP BY 1
                """,
                bucket=Query._ageing_bucket_case(today),
                totals=Query._open_totals_query(self.env.company),
            )
        )
        amounts = dict(self.env.cr.fetchall())
        return [amounts.get(index, 0.0) for index in range(len(AGEING_BUCKETS))]

    @api.model
    def _chart_receivable_ageing(self):
        if not self._can_read("account.move.line"):
            return None
        _ = self.env._
        fields_ = self.env["trade.receivable.ageing"]._fields
        labels = [
            fields_[name].get_description(self.env)["string"]
            for name, _first, _last in AGEING_BUCKETS
        ]
        amounts = self._receivable_ageing()
        return self._chart(
            "receivable_ageing",
            50,
            _("Receivables by ageing bucket"),
            labels,
            [
                {
                    "label": _("Open amount"),
                    "data": amounts,
                    "color": ["#2ca02c", "#ffbf00", "#ff7f0e", "#e4572e", "#d62728"],
                    "actions": [
                        self._window(
                            _("Receivables: %(bucket)s", bucket=label),
                            "account.move.line",
                            self._ageing_bucket_domain(index),
                            context={"search_default_group_by_partner": 1},
                        )
                        for index, label in enumerate(labels)
                    ],
                }
            ],
            kind="monetary",
            action=self._window(
                _("Open Receivables"),
                "account.move.line",
                self._open_receivables_domain(),
                context={"search_default_group_by_partner": 1},
            ),
            note=_("Open amounts today by days overdue, as the ageing report."),
        )
