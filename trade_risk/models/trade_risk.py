from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import formatLang

RISK_CATEGORIES = [
    ("market", "Market"),
    ("credit", "Credit"),
    ("contract", "Contract"),
    ("logistics", "Logistics"),
]

RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]

#: Early warnings that open or update a risk by themselves.
WARNING_TYPES = [
    ("overdue", "Customer Overdue"),
    ("exposure", "Exposure near Limit"),
    ("cost", "Product Cost Change"),
    ("carrier", "Carrier Incident Rate"),
]


def risk_level(score):
    """Level of a likelihood x impact score (1 to 25)."""
    if score >= 16:
        return "critical"
    if score >= 10:
        return "high"
    if score >= 5:
        return "medium"
    return "low"


class TradeRisk(models.Model):
    _name = "trade.risk"
    _description = "Business Risk"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "score desc, review_date, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Risk",
        required=True,
        tracking=True,
    )
    category = fields.Selection(
        selection=RISK_CATEGORIES,
        required=True,
        default="market",
        tracking=True,
        index=True,
    )
    description = fields.Text(
        help="What could happen, why, and what it would cost.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        help="The customer, or the carrier, the risk is about.",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        index="btree_not_null",
        check_company=True,
    )
    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        index="btree_not_null",
        check_company=True,
    )
    likelihood = fields.Integer(
        required=True,
        default=3,
        tracking=True,
        aggregator="avg",
        help="1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.",
    )
    impact = fields.Integer(
        required=True,
        default=3,
        tracking=True,
        aggregator="avg",
        help="1 negligible, 2 minor, 3 moderate, 4 major, 5 severe.",
    )
    score = fields.Integer(
        compute="_compute_score",
        store=True,
        aggregator="max",
        help="Likelihood times impact, 1 to 25.",
    )
    level = fields.Selection(
        selection=RISK_LEVELS,
        compute="_compute_score",
        store=True,
        index=True,
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        index=True,
    )
    review_date = fields.Date(
        string="Next Review",
        tracking=True,
    )
    response = fields.Text(
        string="Response Strategy",
        help="Avoid, reduce, transfer (insurance, guarantees) or accept, and how.",
    )
    action_ids = fields.One2many(
        comodel_name="trade.risk.action",
        inverse_name="risk_id",
        string="Mitigation Actions",
    )
    open_action_count = fields.Integer(
        string="Open Actions",
        compute="_compute_open_action_count",
    )
    state = fields.Selection(
        selection=[
            ("identified", "Identified"),
            ("mitigating", "Mitigating"),
            ("monitoring", "Monitoring"),
            ("closed", "Closed"),
        ],
        default="identified",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_expand_state",
    )
    closing_note = fields.Text(
        tracking=True,
    )
    warning_type = fields.Selection(
        selection=WARNING_TYPES,
        string="Early Warning",
        readonly=True,
        copy=False,
        help="Opened by this early warning of the daily scheduled action.",
    )
    warning_key = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    date_last_warning = fields.Date(
        string="Last Warning",
        readonly=True,
        copy=False,
    )

    @api.depends("likelihood", "impact")
    def _compute_score(self):
        for risk in self:
            risk.score = risk.likelihood * risk.impact
            risk.level = risk_level(risk.score)

    @api.depends("action_ids.state")
    def _compute_open_action_count(self):
        for risk in self:
            risk.open_action_count = len(
                risk.action_ids.filtered(lambda action: action.state == "todo")
            )

    @api.model
    def _read_group_expand_state(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.model
    def _trade_workflow_fields(self):
        # the score and level follow likelihood and impact; the warning
        # fields are the daily early warnings'
        return super()._trade_workflow_fields() | {
            "state",
            "score",
            "level",
            "warning_type",
            "warning_key",
            "date_last_warning",
        }

    @api.constrains("likelihood", "impact")
    def _check_likelihood_impact(self):
        for risk in self:
            if not (1 <= risk.likelihood <= 5 and 1 <= risk.impact <= 5):
                raise ValidationError(
                    self.env._(
                        "Likelihood and impact of risk %(risk)s go from 1 to 5 "
                        "(you entered %(likelihood)s and %(impact)s).",
                        risk=risk.name,
                        likelihood=risk.likelihood,
                        impact=risk.impact,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_state(self, allowed, action):
        for risk in self:
            if risk.state not in allowed:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "Risk %(risk)s is %(state)s: it cannot %(action)s.",
                        risk=risk.name,
                        state=states[risk.state],
                        action=action,
                    )
                )

    def action_start_mitigation(self):
        self._check_state(("identified",), self.env._("start its mitigation"))
        for risk in self:
            if not risk.action_ids:
                raise UserError(
                    self.env._(
                        "Plan at least one mitigation action for risk %(risk)s "
                        "before starting the mitigation.",
                        risk=risk.name,
                    )
                )
        self._trade_workflow_write({"state": "mitigating"})
        return True

    def action_monitor(self):
        self._check_state(("mitigating",), self.env._("be monitored"))
        for risk in self:
            todo = risk.action_ids.filtered(lambda action: action.state == "todo")
            if todo:
                raise UserError(
                    self.env._(
                        "Risk %(risk)s still has mitigation actions to do: "
                        "%(actions)s.",
                        risk=risk.name,
                        actions=", ".join(todo.mapped("name")),
                    )
                )
        self._trade_workflow_write({"state": "monitoring"})
        return True

    def action_close(self):
        self._check_state(
            ("identified", "mitigating", "monitoring"), self.env._("be closed")
        )
        for risk in self:
            if not (risk.closing_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write in Closing Note why risk %(risk)s is closed.",
                        risk=risk.name,
                    )
                )
        self._trade_workflow_write({"state": "closed"})
        return True

    def action_reopen(self):
        self._check_state(("closed",), self.env._("be reopened"))
        self._trade_workflow_write({"state": "identified", "closing_note": False})
        return True

    # ------------------------------------------------------------------
    # Early warnings (R5.2)
    # ------------------------------------------------------------------
    @api.model
    def _cron_trade_early_warnings(self):
        """Daily: open or update the risks the early warnings point at, and
        remind the owners of the risks due for review."""
        for company in self.env["res.company"].search([]):
            risks = self.sudo().with_company(company)
            risks._trade_warn_overdue(company)
            risks._trade_warn_exposure(company)
            risks._trade_warn_cost(company)
            risks._trade_warn_carrier(company)
        self._trade_remind_reviews()

    @api.model
    def _trade_raise_warnings(self, company, warnings):
        """Open a risk per warning, or update the open risk of the same key.

        :param list warnings: dicts with ``warning_type``, ``warning_key``,
            ``name``, ``category``, ``likelihood``, ``impact``, ``description``
            and optionally ``partner_id``, ``product_id``, ``owner_id``
        :return: the risks opened or updated
        """
        if not warnings:
            return self.browse()
        today = fields.Date.context_today(self)
        Risk = self.sudo().with_company(company)
        existing = {
            risk.warning_key: risk
            for risk in Risk.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "closed"),
                    ("warning_key", "in", [w["warning_key"] for w in warnings]),
                ]
            )
        }
        touched = Risk.browse()
        to_create = []
        for warning in warnings:
            risk = existing.get(warning["warning_key"])
            if not risk:
                to_create.append(
                    dict(
                        warning,
                        company_id=company.id,
                        date_last_warning=today,
                        review_date=today,
                    )
                )
                continue
            changes = {
                name: warning[name]
                for name in ("likelihood", "impact", "description")
                if risk[name] != warning[name]
            }
            risk._trade_workflow_write(
                dict(changes, date_last_warning=today), access=None
            )
            if changes:
                risk.message_post(
                    body=self.env._(
                        "Early warning updated: %(description)s",
                        description=warning["description"],
                    )
                )
            touched |= risk
        created = Risk.create(to_create)
        for risk in created:
            risk.message_post(
                body=self.env._(
                    "Opened by an early warning: %(description)s",
                    description=risk.description,
                )
            )
        return touched | created

    @api.model
    def _trade_level(self, value, high, medium):
        """Likelihood or impact of a warning: 5 from ``high``, 4 from
        ``medium``, else 3 (a warning is at least possible)."""
        return 5 if value >= high else 4 if value >= medium else 3

    def _trade_owner(self, company, partner=None):
        user = company.trade_credit_manager_id or (partner and partner.user_id)
        return user.id if user else False

    @api.model
    def _trade_warn_overdue(self, company):
        """A customer overdue for longer than the threshold of Settings."""
        threshold = company.trade_risk_overdue_days
        overdue = {
            partner_id: values
            for partner_id, values in self.env["res.partner"]
            ._trade_read_overdue(company)
            .items()
            if values[1] >= threshold
        }
        partners = (
            self.env["res.partner"].sudo().with_company(company).browse(list(overdue))
        )
        currency = company.currency_id
        warnings = []
        for partner in partners:
            amount, days = overdue[partner.id]
            likelihood = self._trade_level(days, 2 * threshold, 1.5 * threshold)
            limit = partner.credit_limit
            share = amount / limit if limit > 0 else 0.5
            impact = 2 if share < 0.25 else 3 if share < 0.5 else 4 if share < 1 else 5
            warnings.append(
                {
                    "warning_type": "overdue",
                    "warning_key": f"overdue:{partner.id}",
                    "name": self.env._(
                        "%(customer)s: receivables overdue", customer=partner.name
                    ),
                    "category": "credit",
                    "partner_id": partner.id,
                    "owner_id": self._trade_owner(company, partner),
                    "likelihood": likelihood,
                    "impact": impact,
                    "description": self.env._(
                        "%(customer)s owes %(amount)s overdue, the oldest for "
                        "%(days)s days (warning from %(threshold)s days).",
                        customer=partner.name,
                        amount=formatLang(self.env, amount, currency_obj=currency),
                        days=days,
                        threshold=threshold,
                    ),
                }
            )
        return self._trade_raise_warnings(company, warnings)

    @api.model
    def _trade_warn_exposure(self, company):
        """A customer whose exposure is above the share of its limit (plus
        valid guarantees) set in Settings."""
        ratio = company.trade_risk_exposure_ratio
        Partner = self.env["res.partner"].sudo().with_company(company)
        limited = Partner.search([("credit_limit", ">", 0)]).commercial_partner_id
        figures = limited._trade_credit_figures(company)
        currency = company.currency_id
        warnings = []
        for partner in limited:
            values = figures[partner.id]
            allowed = values["limit"] + values["guarantees"]
            if allowed <= 0 or values["exposure"] <= ratio * allowed:
                continue
            used = values["exposure"] / allowed
            warnings.append(
                {
                    "warning_type": "exposure",
                    "warning_key": f"exposure:{partner.id}",
                    "name": self.env._(
                        "%(customer)s: exposure near the credit limit",
                        customer=partner.name,
                    ),
                    "category": "credit",
                    "partner_id": partner.id,
                    "owner_id": self._trade_owner(company, partner),
                    "likelihood": self._trade_level(used, 1, 0.95),
                    "impact": 4 if partner.trade_credit_rating in ("C", "D") else 3,
                    "description": self.env._(
                        "Exposure of %(customer)s is %(exposure)s, %(used)s%% of its "
                        "credit limit and guarantees (%(allowed)s); warning above "
                        "%(ratio)s%%.",
                        customer=partner.name,
                        exposure=formatLang(
                            self.env, values["exposure"], currency_obj=currency
                        ),
                        used=formatLang(self.env, used * 100, digits=0),
                        allowed=formatLang(self.env, allowed, currency_obj=currency),
                        ratio=formatLang(self.env, ratio * 100, digits=0),
                    ),
                }
            )
        return self._trade_raise_warnings(company, warnings)

    @api.model
    def _trade_warn_carrier(self, company):
        """A carrier whose incidents (damage, loss, delay) exceed the share of
        its shipments set in Settings over the review period."""
        rate_limit = company.trade_risk_carrier_incident_rate
        since = fields.Date.context_today(self) - timedelta(
            days=company.trade_risk_carrier_period_days
        )
        shipments = dict(
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "done"),
                    ("trade_carrier_partner_id", "!=", False),
                    ("date_done", ">=", since),
                ],
                ["trade_carrier_partner_id"],
                ["__count"],
            )
        )
        incidents = (
            self.env["trade.logistics.incident"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("carrier_id", "!=", False),
                    ("date", ">=", since),
                ],
                ["carrier_id"],
                ["__count"],
            )
        )
        warnings = []
        for carrier, incident_count in incidents:
            shipped = max(shipments.get(carrier, 0), incident_count)
            rate = incident_count / shipped
            if rate <= rate_limit:
                continue
            warnings.append(
                {
                    "warning_type": "carrier",
                    "warning_key": f"carrier:{carrier.id}",
                    "name": self.env._(
                        "%(carrier)s: too many shipping incidents",
                        carrier=carrier.name,
                    ),
                    "category": "logistics",
                    "partner_id": carrier.id,
                    "owner_id": self._trade_owner(company),
                    "likelihood": self._trade_level(
                        rate, 3 * rate_limit, 2 * rate_limit
                    ),
                    "impact": 3,
                    "description": self.env._(
                        "%(carrier)s had %(incidents)s incidents for %(shipments)s "
                        "shipments in the last %(days)s days (%(rate)s%%; warning "
                        "above %(limit)s%%).",
                        carrier=carrier.name,
                        incidents=incident_count,
                        shipments=shipped,
                        days=company.trade_risk_carrier_period_days,
                        rate=formatLang(self.env, rate * 100, digits=0),
                        limit=formatLang(self.env, rate_limit * 100, digits=0),
                    ),
                }
            )
        return self._trade_raise_warnings(company, warnings)

    @api.model
    def _trade_warn_cost(self, company):
        """A product whose cost moved by more than the share set in Settings
        since open confirmed orders were priced."""
        threshold = company.trade_risk_cost_change
        self.env["sale.order.line"].flush_model(
            [
                "state",
                "company_id",
                "product_id",
                "trade_cost_at_confirmation",
                "qty_delivered",
                "product_uom_qty",
            ]
        )
        line_ids = [
            line_id
            for (line_id,) in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM sale_order_line
                     WHERE state = 'sale'
                       AND company_id = %s
                       AND product_id IS NOT NULL
                       AND trade_cost_at_confirmation > 0
                       AND qty_delivered < product_uom_qty
                    """,
                    company.id,
                )
            )
        ]
        lines = (
            self.env["sale.order.line"].sudo().with_company(company).browse(line_ids)
        )
        by_product = defaultdict(lambda: self.env["sale.order.line"].sudo())
        for line in lines:
            by_product[line.product_id] |= line
        currency = company.currency_id
        warnings = []
        for product, product_lines in by_product.items():
            cost = product.standard_price
            changes = [
                (cost - line.trade_cost_at_confirmation)
                / line.trade_cost_at_confirmation
                for line in product_lines
            ]
            change = max(changes, key=abs)
            if abs(change) <= threshold:
                continue
            moved = product_lines.filtered(
                lambda line, cost=cost: (
                    abs(cost - line.trade_cost_at_confirmation)
                    > threshold * line.trade_cost_at_confirmation
                )
            )
            margin_effect = sum(
                (cost - line.trade_cost_at_confirmation)
                * (line.product_uom_qty - line.qty_delivered)
                for line in moved
            )
            impact = self._trade_level(abs(change), 3 * threshold, 2 * threshold)
            warnings.append(
                {
                    "warning_type": "cost",
                    "warning_key": f"cost:{product.id}",
                    "name": self.env._(
                        "%(product)s: cost moved since orders were priced",
                        product=product.display_name,
                    ),
                    "category": "market",
                    "product_id": product.id,
                    "owner_id": self._trade_owner(company),
                    "likelihood": 4,
                    "impact": impact,
                    "description": self.env._(
                        "The cost of %(product)s is now %(cost)s, %(change)s%% from "
                        "the cost when open orders %(orders)s were confirmed; "
                        "effect on their margin: %(effect)s (warning above "
                        "%(threshold)s%%).",
                        product=product.display_name,
                        cost=formatLang(self.env, cost, currency_obj=currency),
                        change=formatLang(self.env, change * 100, digits=1),
                        orders=", ".join(sorted(set(moved.order_id.mapped("name")))),
                        effect=formatLang(
                            self.env, -margin_effect, currency_obj=currency
                        ),
                        threshold=formatLang(self.env, threshold * 100, digits=0),
                    ),
                }
            )
        return self._trade_raise_warnings(company, warnings)

    @api.model
    def _trade_remind_reviews(self):
        """One review activity for the owner of each risk due for review."""
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("trade_risk.mail_activity_type_trade_risk_review")
        due = self.sudo().search(
            [
                ("state", "!=", "closed"),
                ("review_date", "<=", today),
                ("owner_id", "!=", False),
            ]
        )
        planned = {
            res_id
            for (res_id,) in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", due.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        values = []
        for risk in due:
            if risk.id in planned:
                continue
            env = self.with_context(lang=risk.owner_id.lang or self.env.lang).env
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": risk.id,
                    "activity_type_id": activity_type.id,
                    "user_id": risk.owner_id.id,
                    "date_deadline": today,
                    "summary": env._(
                        "Review risk %(risk)s (score %(score)s)",
                        risk=risk.name,
                        score=risk.score,
                    ),
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(values)
        )
