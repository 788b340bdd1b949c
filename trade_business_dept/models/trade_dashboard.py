from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

#: Colours of the charts (Odoo's palette).
COLOR_MAIN = "#1f77b4"
COLOR_GOOD = "#2ca02c"
COLOR_BAD = "#d62728"
COLOR_MUTED = "#adb5bd"
#: Months of the after-sales on-time chart, this one included.
SLA_MONTHS = 12


class TradeDashboard(models.AbstractModel):
    """The department's dashboard: the figures and charts of the client action
    ``trade_business_dept.dashboard``, read in one call for the current user
    and company with the user's own rights (a salesperson sees his pipeline
    and orders, the manager the department's). Each figure and each bar or
    point carries the window action of the records behind it.

    Other addons add charts by extending ``_dashboard_charts`` (trade_risk:
    receivables by ageing bucket, trade_appraisal: scorecard ranking)."""

    _name = "trade.dashboard"
    _description = "Business Department Dashboard"

    @api.readonly
    @api.model
    def get_dashboard(self):
        """Everything the dashboard draws: ``cards`` (figures on top) and
        ``charts`` (Chart.js data with an action per point), for the records
        the user may read."""
        charts = [chart for chart in self._dashboard_charts() if chart]
        return {
            "currency_id": self.env.company.currency_id.id,
            "company": self.env.company.name,
            "cards": [card for card in self._dashboard_cards() if card],
            "charts": sorted(charts, key=lambda chart: chart["sequence"]),
        }

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _can_read(self, model):
        return self.env[model].has_access("read")

    @api.model
    def _is_manager(self):
        return self.env.user.has_group("trade_business_dept.group_trade_manager")

    @api.model
    def _window(self, name, model, domain, views=("list", "form"), context=None):
        """The window action opening ``domain`` of ``model``."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [[False, view] for view in views],
            "domain": domain,
            "context": context or {},
        }

    @api.model
    def _chart(self, key, sequence, title, labels, datasets, **options):
        """A chart for the client action.

        :param list datasets: dicts with ``label``, ``data``, ``color`` and
            ``actions`` (a window action or ``None`` per label)
        :param options: ``type`` (``bar`` or ``line``), ``kind`` of the values
            (``monetary``, ``count``, ``percent``, ``score``), ``stacked``,
            ``horizontal``, ``action`` (all the chart's records), ``note``
        """
        return {
            "key": key,
            "sequence": sequence,
            "title": title,
            "labels": labels,
            "datasets": datasets,
            "type": options.get("type", "bar"),
            "kind": options.get("kind", "count"),
            "stacked": options.get("stacked", False),
            "horizontal": options.get("horizontal", False),
            "action": options.get("action"),
            "note": options.get("note", ""),
        }

    @api.model
    def _local_to_utc(self, day):
        """Midnight of ``day`` in the timezone ``_read_group`` groups
        datetimes in, as a naive UTC datetime for a domain."""
        tz = self.env.context.get("tz")
        zone = pytz.timezone(tz) if tz in pytz.all_timezones_set else pytz.utc
        local = zone.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------
    # Domains shared by the figures and their records
    # ------------------------------------------------------------------
    @api.model
    def _pipeline_domain(self):
        return [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("probability", "<", 100),
            ("company_id", "in", [self.env.company.id, False]),
        ]

    @api.model
    def _sales_month_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "sale"),
            ("date_order", ">=", self._local_to_utc(today.replace(day=1))),
            ("company_id", "=", self.env.company.id),
        ]

    @api.model
    def _orders_domain(self):
        return [("state", "=", "sale"), ("company_id", "=", self.env.company.id)]

    @api.model
    def _delayed_domain(self):
        return self._orders_domain() + [("trade_is_delayed", "=", True)]

    @api.model
    def _recent_tickets_domain(self):
        since = fields.Datetime.now() - timedelta(days=30)
        return [("date_open", ">=", since), ("company_id", "=", self.env.company.id)]

    @api.model
    def _receivable_60_domain(self):
        limit = fields.Date.context_today(self) - timedelta(days=60)
        return [
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("date_maturity", "<", limit),
            ("company_id", "=", self.env.company.id),
        ]

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    @api.model
    def _sales_month(self):
        """Untaxed amount of the orders confirmed this month, in the
        company's currency: each order at the rate of its order date (the
        order's ``currency_rate``, as Odoo's sales analysis converts), not
        at today's rate."""
        orders = self.env["sale.order"]._read_group(
            self._sales_month_domain(), ["currency_rate"], ["amount_untaxed:sum"]
        )
        return self.env.company.currency_id.round(
            sum(amount / (rate or 1.0) for rate, amount in orders)
        )

    @api.model
    def _sales_target(self):
        """The monthly target the sales are measured against, as a dict with
        its ``amount``, the ``action`` opening where it comes from and a
        ``note``: the sales teams' invoicing targets for the manager, ``None``
        for the others (trade_appraisal: the appraisal targets of the month).
        """
        if not self._is_manager():
            return None
        domain = [("company_id", "in", [self.env.company.id, False])]
        [(target,)] = self.env["crm.team"]._read_group(
            domain, [], ["invoiced_target:sum"]
        )
        return {
            "amount": target or 0.0,
            "action": self._window(self.env._("Sales Teams"), "crm.team", domain),
            "note": self.env._("Target: the sales teams' invoicing targets."),
        }

    @api.model
    def _dashboard_cards(self):
        """The figures on top of the dashboard, each opening its records."""
        _ = self.env._
        cards = []
        if self._can_read("crm.lead"):
            [(count, amount)] = self.env["crm.lead"]._read_group(
                self._pipeline_domain(), [], ["__count", "expected_revenue:sum"]
            )
            cards.append(
                {
                    "key": "pipeline",
                    "label": _("Pipeline"),
                    "value": amount or 0.0,
                    "kind": "monetary",
                    "note": _("%(count)s open opportunities", count=count),
                    "action": self._window(
                        _("Pipeline"),
                        "crm.lead",
                        self._pipeline_domain(),
                        ("list", "kanban", "form"),
                    ),
                }
            )
        if self._can_read("sale.order"):
            sales = self._sales_month()
            target = self._sales_target()
            target = target["amount"] if target else None
            cards.append(
                {
                    "key": "sales",
                    "label": _("Sales this month"),
                    "value": sales,
                    "kind": "monetary",
                    "target": target,
                    "progress": 100.0 * sales / target if target else None,
                    "note": _("confirmed orders, untaxed"),
                    "action": self._window(
                        _("Orders Confirmed This Month"),
                        "sale.order",
                        self._sales_month_domain(),
                    ),
                }
            )
            cards.append(
                {
                    "key": "delayed",
                    "label": _("Delayed orders"),
                    "value": self.env["sale.order"].search_count(
                        self._delayed_domain()
                    ),
                    "kind": "count",
                    "note": _("will miss the date promised"),
                    "action": self._window(
                        _("Delayed Orders"), "sale.order", self._delayed_domain()
                    ),
                }
            )
        if self._can_read("trade.service.ticket"):
            [(compliance,)] = self.env["trade.service.ticket"]._read_group(
                self._recent_tickets_domain(), [], ["sla_compliance:avg"]
            )
            # the average of no ticket is False
            has_tickets = compliance is not False and compliance is not None
            cards.append(
                {
                    "key": "sla",
                    "label": _("After-sales on time"),
                    # no ticket in the last 30 days: no rate (not 100 %)
                    "value": compliance if has_tickets else None,
                    "kind": "percent",
                    "note": _("tickets of the last 30 days")
                    if has_tickets
                    else _("no tickets in the last 30 days"),
                    "action": self._window(
                        _("After-sales Tickets of the Last 30 Days"),
                        "trade.service.ticket",
                        self._recent_tickets_domain(),
                    ),
                }
            )
        overdue = [("trade_followup_overdue", "=", True)]
        cards.append(
            {
                "key": "followups",
                "label": _("Overdue follow-ups"),
                "value": self.env["res.partner"].search_count(overdue),
                "kind": "count",
                "note": _("customers not contacted in time"),
                "action": self._window(_("Overdue Follow-ups"), "res.partner", overdue),
            }
        )
        if self._can_read("account.move.line"):
            [(receivable,)] = self.env["account.move.line"]._read_group(
                self._receivable_60_domain(), [], ["amount_residual:sum"]
            )
            cards.append(
                {
                    "key": "receivables",
                    "label": _("Receivables over 60 days"),
                    "value": receivable or 0.0,
                    "kind": "monetary",
                    "note": _("unpaid and long overdue"),
                    "action": self._window(
                        _("Receivables over 60 Days"),
                        "account.move.line",
                        self._receivable_60_domain(),
                        context={"search_default_group_by_partner": 1},
                    ),
                }
            )
        handoffs = [("state", "=", "open"), ("company_id", "=", self.env.company.id)]
        cards.append(
            {
                "key": "handoffs",
                "label": _("Open hand-offs"),
                "value": self.env["trade.handoff"].search_count(handoffs),
                "kind": "count",
                "note": _("waiting for purchasing, logistics, finance"),
                "action": self._window(
                    _("Open Hand-offs"),
                    "trade.handoff",
                    handoffs,
                    ("kanban", "list", "form"),
                ),
            }
        )
        if self._can_read("trade.service.plan.action"):
            overdue_plans = [
                ("is_overdue", "=", True),
                ("company_id", "=", self.env.company.id),
            ]
            cards.append(
                {
                    "key": "service_plans",
                    "label": _("Overdue service plan actions"),
                    "value": self.env["trade.service.plan.action"].search_count(
                        overdue_plans
                    ),
                    "kind": "count",
                    "note": _("key customers' plans past their due date"),
                    "action": self._window(
                        _("Overdue Service Plan Actions"),
                        "trade.service.plan.action",
                        overdue_plans,
                        context={"search_default_group_partner": 1},
                    ),
                }
            )
        return cards

    # ------------------------------------------------------------------
    # Charts
    # ------------------------------------------------------------------
    @api.model
    def _dashboard_charts(self):
        """The charts of the dashboard; extend to add some (``None`` for a
        chart the user may not see)."""
        return [
            self._chart_pipeline(),
            self._chart_sales_target(),
            self._chart_orders_by_stage(),
            self._chart_sla_rate(),
        ]

    @api.model
    def _chart_pipeline(self):
        """Expected revenue of the open opportunities per CRM stage."""
        if not self._can_read("crm.lead"):
            return None
        _ = self.env._
        domain = self._pipeline_domain()
        groups = self.env["crm.lead"]._read_group(
            domain, ["stage_id"], ["expected_revenue:sum"], order="stage_id"
        )
        return self._chart(
            "pipeline",
            10,
            _("Pipeline by stage"),
            [stage.display_name or _("No stage") for stage, _amount in groups],
            [
                {
                    "label": _("Expected revenue"),
                    "data": [amount or 0.0 for _stage, amount in groups],
                    "color": COLOR_MAIN,
                    "actions": [
                        self._window(
                            _("Pipeline: %(stage)s", stage=stage.display_name or ""),
                            "crm.lead",
                            domain + [("stage_id", "=", stage.id)],
                            ("list", "kanban", "form"),
                        )
                        for stage, _amount in groups
                    ],
                }
            ],
            kind="monetary",
            action=self._window(
                _("Pipeline"), "crm.lead", domain, ("list", "kanban", "form")
            ),
        )

    @api.model
    def _chart_sales_target(self):
        """This month's confirmed sales against the monthly target."""
        if not self._can_read("sale.order"):
            return None
        _ = self.env._
        target = self._sales_target()
        orders = self._window(
            _("Orders Confirmed This Month"), "sale.order", self._sales_month_domain()
        )
        labels = [_("Confirmed this month")]
        data = [self._sales_month()]
        colors = [COLOR_MAIN]
        actions = [orders]
        if target is not None:
            labels.append(_("Monthly target"))
            data.append(target["amount"])
            colors.append(COLOR_MUTED)
            actions.append(target["action"])
        return self._chart(
            "sales_target",
            20,
            _("This month's sales against the target")
            if target is not None
            else _("This month's sales"),
            labels,
            [
                {
                    "label": _("Amount"),
                    "data": data,
                    "color": colors,
                    "actions": actions,
                }
            ],
            kind="monetary",
            action=orders,
            note=target["note"] if target is not None else "",
        )

    @api.model
    def _chart_orders_by_stage(self):
        """Confirmed orders per tracking stage, the delayed ones apart."""
        if not self._can_read("sale.order"):
            return None
        _ = self.env._
        domain = self._orders_domain()
        counts = {
            (stage.id, delayed): count
            for stage, delayed, count in self.env["sale.order"]._read_group(
                domain, ["trade_stage_id", "trade_is_delayed"], ["__count"]
            )
        }
        stages = self.env["trade.order.stage"].search([])
        columns = [(stage.id, stage.display_name) for stage in stages]
        if any(stage_id is False for stage_id, _delayed in counts):
            columns.append((False, _("No stage")))

        def dataset(label, delayed, color):
            return {
                "label": label,
                "data": [
                    counts.get((stage_id, delayed), 0) for stage_id, _n in columns
                ],
                "color": color,
                "actions": [
                    self._window(
                        f"{label}: {name}",
                        "sale.order",
                        domain
                        + [
                            ("trade_stage_id", "=", stage_id),
                            ("trade_is_delayed", "=", delayed),
                        ],
                    )
                    for stage_id, name in columns
                ],
            }

        return self._chart(
            "orders_by_stage",
            30,
            _("Orders by tracking stage"),
            [name for _stage_id, name in columns],
            [
                dataset(_("On time"), False, COLOR_GOOD),
                dataset(_("Delayed"), True, COLOR_BAD),
            ],
            stacked=True,
            action=self._window(_("Confirmed Orders"), "sale.order", domain),
        )

    @api.model
    def _chart_sla_rate(self):
        """Share of the after-sales tickets closed each month that met their
        deadlines, over the last twelve months."""
        if not self._can_read("trade.service.ticket"):
            return None
        _ = self.env._
        today = fields.Date.context_today(self)
        months = [
            today.replace(day=1) - relativedelta(months=back)
            for back in range(SLA_MONTHS - 1, -1, -1)
        ]
        base = [("company_id", "=", self.env.company.id)]
        domain = base + [("date_closed", ">=", self._local_to_utc(months[0]))]
        rates = {
            month.date() if isinstance(month, datetime) else month: rate
            for month, rate in self.env["trade.service.ticket"]._read_group(
                domain, ["date_closed:month"], ["sla_compliance:avg"]
            )
        }

        def month_domain(month):
            return base + [
                ("date_closed", ">=", self._local_to_utc(month)),
                (
                    "date_closed",
                    "<",
                    self._local_to_utc(month + relativedelta(months=1)),
                ),
            ]

        return self._chart(
            "sla_rate",
            40,
            _("After-sales on time, per month"),
            [format_date(self.env, month, date_format="MMM yyyy") for month in months],
            [
                {
                    "label": _("Closed on time (%)"),
                    "data": [rates.get(month) for month in months],
                    "color": COLOR_MAIN,
                    "actions": [
                        self._window(
                            _(
                                "Tickets Closed in %(month)s",
                                month=format_date(
                                    self.env, month, date_format="MMMM yyyy"
                                ),
                            ),
                            "trade.service.ticket",
                            month_domain(month),
                        )
                        if month in rates
                        else None
                        for month in months
                    ],
                }
            ],
            type="line",
            kind="percent",
            action=self._window(_("Tickets Closed"), "trade.service.ticket", domain),
            note=_("Tickets closed within their response and resolution deadlines."),
        )
