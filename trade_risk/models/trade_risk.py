from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.trade_business_dept.text import join_names

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
    ("contract_end", "Contract Ending Undelivered"),
    ("contract_price", "Quotation at Lapsed Contract Prices"),
    ("market_price", "Market Price below Ours"),
    ("market_demand", "Market Demand Falling"),
]

#: What only a credit manager changes on a credit risk an early warning
#: raised: who and what it is about (lowering the assessment is checked
#: apart, raising it is welcome from anyone).
CREDIT_WARNING_FIELDS = ("category", "owner_id", "partner_id", "company_id")


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
    warning_run = fields.Integer(
        string="Early Warning Run",
        readonly=True,
        copy=False,
        help="Number of the run of the daily early warnings that last raised "
        "this risk: a run interrupted midway does not raise it again.",
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
            "warning_run",
        }

    def write(self, vals):
        self._check_credit_warning_change(vals)
        return super().write(vals)

    def _is_credit_warning(self):
        """A credit risk raised by the early warnings (overdue, exposure near
        the limit): the credit manager's to assess and close."""
        self.ensure_one()
        return self.category == "credit" and bool(self.warning_type)

    def _check_credit_warning_change(self, vals, closing=False):
        """Only credit managers (business managers included) lower, move or
        close a credit risk raised by the early warnings; the salesperson adds
        notes, a response, a review date and mitigation actions (R5.2)."""
        if self.env["res.partner"]._trade_is_credit_manager():
            return
        for risk in self.filtered(lambda risk: risk._is_credit_warning()):
            lowered = closing or any(
                name in vals and int(vals[name] or 0) < risk[name]
                for name in ("likelihood", "impact")
            )
            moved = any(
                not risk._trade_is_current_value(name, vals[name])
                for name in CREDIT_WARNING_FIELDS
                if name in vals
            )
            if lowered or moved:
                raise AccessError(
                    self.env._(
                        "Risk %(risk)s was raised by the early warnings on a "
                        "customer's credit: only a credit manager can lower its "
                        "likelihood or impact, change its category, owner or "
                        "customer, or close it. Add a note, a response or a "
                        "mitigation action instead.",
                        risk=risk.name,
                    )
                )

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
                        actions=join_names(self.env, todo.mapped("name")),
                    )
                )
        self._trade_workflow_write({"state": "monitoring"})
        return True

    def action_close(self):
        self._check_credit_warning_change({}, closing=True)
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
