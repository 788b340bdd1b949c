from datetime import timedelta

from odoo import api, fields, models


class TradeDashboard(models.TransientModel):
    """The business manager's screen: the department's figures, each opening
    the records behind it."""

    _name = "trade.dashboard"
    _description = "Business Department Dashboard"

    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    pipeline_count = fields.Integer(
        string="Open Opportunities",
        compute="_compute_figures",
    )
    pipeline_amount = fields.Monetary(
        string="Pipeline",
        compute="_compute_figures",
        help="Expected revenue of the open opportunities.",
    )
    sales_month = fields.Monetary(
        string="Sales This Month",
        compute="_compute_figures",
        help="Untaxed amount of the orders confirmed this month, company currency.",
    )
    sales_target = fields.Monetary(
        string="Monthly Target",
        compute="_compute_figures",
        help="Sum of the sales teams' invoicing targets.",
    )
    sales_progress = fields.Float(
        string="Target Reached (%)",
        compute="_compute_figures",
    )
    delayed_order_count = fields.Integer(
        string="Delayed Orders",
        compute="_compute_figures",
    )
    sla_compliance = fields.Float(
        string="After-sales On Time (%)",
        compute="_compute_figures",
        help="Share of the tickets of the last 30 days that met their deadlines.",
    )
    overdue_followup_count = fields.Integer(
        string="Overdue Follow-ups",
        compute="_compute_figures",
    )
    receivable_60_amount = fields.Monetary(
        string="Receivables over 60 Days",
        compute="_compute_figures",
        help="Unpaid customer invoices due for more than 60 days.",
    )
    open_handoff_count = fields.Integer(
        string="Open Hand-offs",
        compute="_compute_figures",
    )
    overdue_service_plan_count = fields.Integer(
        string="Overdue Service Plan Actions",
        compute="_compute_figures",
        help="Actions of the key customers' service plans past their due date.",
    )

    @api.depends("company_id")
    def _compute_figures(self):
        for dashboard in self:
            for name, value in dashboard._read_figures().items():
                dashboard[name] = value

    def _read_figures(self):
        """One grouped query per figure, whatever the volume."""
        self.ensure_one()
        env = self.sudo().env
        company = self.company_id
        today = fields.Date.context_today(self)
        [(pipeline_count, pipeline_amount)] = env["crm.lead"]._read_group(
            self._pipeline_domain(), [], ["__count", "expected_revenue:sum"]
        )
        orders = env["sale.order"]._read_group(
            self._sales_month_domain(), ["currency_id"], ["amount_untaxed:sum"]
        )
        sales_month = sum(
            currency._convert(amount, company.currency_id, company, today)
            for currency, amount in orders
        )
        [(sales_target,)] = env["crm.team"]._read_group(
            [("company_id", "in", [company.id, False])], [], ["invoiced_target:sum"]
        )
        [(compliance,)] = env["trade.service.ticket"]._read_group(
            self._recent_tickets_domain(), [], ["sla_compliance:avg"]
        )
        [(receivable,)] = env["account.move.line"]._read_group(
            self._receivable_60_domain(), [], ["amount_residual:sum"]
        )
        return {
            "pipeline_count": pipeline_count,
            "pipeline_amount": pipeline_amount or 0.0,
            "sales_month": sales_month,
            "sales_target": sales_target or 0.0,
            "sales_progress": 100.0 * sales_month / sales_target
            if sales_target
            else 0.0,
            "delayed_order_count": env["sale.order"].search_count(
                self._delayed_domain()
            ),
            "sla_compliance": compliance if compliance is not None else 100.0,
            "overdue_followup_count": env["res.partner"].search_count(
                [("trade_followup_overdue", "=", True)]
            ),
            "receivable_60_amount": receivable or 0.0,
            "open_handoff_count": env["trade.handoff"].search_count(
                [("state", "=", "open"), ("company_id", "=", company.id)]
            ),
            "overdue_service_plan_count": env["trade.service.plan.action"].search_count(
                self._overdue_service_plan_domain()
            ),
        }

    # Domains shared by the figures and their drill-down
    def _pipeline_domain(self):
        return [
            ("type", "=", "opportunity"),
            ("active", "=", True),
            ("probability", "<", 100),
            ("company_id", "in", [self.company_id.id, False]),
        ]

    def _sales_month_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "sale"),
            ("date_order", ">=", today.replace(day=1)),
            ("company_id", "=", self.company_id.id),
        ]

    def _delayed_domain(self):
        return [
            ("state", "=", "sale"),
            ("trade_is_delayed", "=", True),
            ("company_id", "=", self.company_id.id),
        ]

    def _recent_tickets_domain(self):
        since = fields.Datetime.now() - timedelta(days=30)
        return [("date_open", ">=", since), ("company_id", "=", self.company_id.id)]

    def _receivable_60_domain(self):
        limit = fields.Date.context_today(self) - timedelta(days=60)
        return [
            ("account_type", "=", "asset_receivable"),
            ("parent_state", "=", "posted"),
            ("reconciled", "=", False),
            ("date_maturity", "<", limit),
            ("company_id", "=", self.company_id.id),
        ]

    def _overdue_service_plan_domain(self):
        return [("is_overdue", "=", True), ("company_id", "=", self.company_id.id)]

    def _open(self, name, model, domain, views="list,form", context=None):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": views,
            "domain": domain,
            "context": context or {},
        }

    def action_open_pipeline(self):
        return self._open(
            self.env._("Pipeline"),
            "crm.lead",
            self._pipeline_domain(),
            "list,kanban,form",
        )

    def action_open_sales_month(self):
        return self._open(
            self.env._("Orders Confirmed This Month"),
            "sale.order",
            self._sales_month_domain(),
        )

    def action_open_delayed_orders(self):
        return self._open(
            self.env._("Delayed Orders"), "sale.order", self._delayed_domain()
        )

    def action_open_tickets(self):
        return self._open(
            self.env._("After-sales Tickets of the Last 30 Days"),
            "trade.service.ticket",
            self._recent_tickets_domain(),
        )

    def action_open_overdue_followups(self):
        return self._open(
            self.env._("Overdue Follow-ups"),
            "res.partner",
            [("trade_followup_overdue", "=", True)],
        )

    def action_open_receivables(self):
        return self._open(
            self.env._("Receivables over 60 Days"),
            "account.move.line",
            self._receivable_60_domain(),
            context={"search_default_group_by_partner": 1},
        )

    def action_open_handoffs(self):
        return self._open(
            self.env._("Open Hand-offs"),
            "trade.handoff",
            [("state", "=", "open")],
            "kanban,list,form",
        )

    def action_open_overdue_service_plans(self):
        return self._open(
            self.env._("Overdue Service Plan Actions"),
            "trade.service.plan.action",
            self._overdue_service_plan_domain(),
            context={"search_default_group_partner": 1},
        )

    def action_refresh(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "view_mode": "form",
            "target": "current",
        }
