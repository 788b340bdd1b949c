from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

from odoo.addons.trade_business_dept.text import join_names

#: The collection ladder, in the order its steps are taken.
COLLECTION_STEPS = [
    ("reminder", "Reminder E-mail"),
    ("call", "Phone Call"),
    ("notice", "Formal Notice"),
    ("legal", "Legal Escalation"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    trade_warning_run = fields.Integer(
        string="Early Warning Run",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Number of the run of the daily early warnings that last "
        "checked this company.",
    )

    trade_credit_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Credit Manager",
        domain="[('share', '=', False)]",
        help="Receives the credit exception requests, the formal notices and "
        "legal escalations to follow up, and owns the credit risks the early "
        "warnings open.",
        groups="base.group_user",
    )
    trade_credit_grace_days = fields.Integer(
        string="Overdue Grace Period (days)",
        default=10,
        help="An order of a customer under credit control is refused while one "
        "of its receivables is overdue by more than this many days.",
        groups="base.group_user",
    )
    trade_credit_base_limit = fields.Monetary(
        string="Base Credit Limit",
        currency_field="currency_id",
        default=100000.0,
        help="Multiplied by the limit multiplier of the customer's rating, it "
        "gives the credit limit proposed when a rating is set.",
        groups="base.group_user",
    )
    # The default credit policy: customers of the department with neither a
    # credit rating nor a credit limit of their own (R5.1.2). Shipped
    # cautious: no credit beyond the down payment, i.e. the whole order paid
    # before it is confirmed.
    trade_credit_default_limit = fields.Monetary(
        string="Default Policy Credit Limit",
        currency_field="currency_id",
        default=0.0,
        help="Credit limit of a customer with neither a credit rating nor a "
        "credit limit of its own.",
        groups="base.group_user",
    )
    trade_credit_default_term_days = fields.Integer(
        string="Default Policy Credit Term (days)",
        default=0,
        help="Longest payment term, in days, of the orders of a customer with "
        "neither a credit rating nor a credit limit of its own.",
        groups="base.group_user",
    )
    trade_credit_default_prepayment = fields.Float(
        string="Default Policy Down Payment",
        default=1.0,
        help="Share of each order a customer with neither a credit rating nor "
        "a credit limit of its own pays before the order is confirmed (100% "
        "for cash in advance).",
        groups="base.group_user",
    )
    trade_collection_reminder_days = fields.Integer(
        string="Reminder E-mail after (days overdue)",
        default=7,
        groups="base.group_user",
    )
    trade_collection_call_days = fields.Integer(
        string="Phone Call after (days overdue)",
        default=15,
        groups="base.group_user",
    )
    trade_collection_notice_days = fields.Integer(
        string="Formal Notice after (days overdue)",
        default=30,
        groups="base.group_user",
    )
    trade_collection_legal_days = fields.Integer(
        string="Legal Escalation after (days overdue)",
        default=60,
        groups="base.group_user",
    )
    trade_promise_max_days = fields.Integer(
        string="Promise to Pay within (days)",
        default=30,
        help="A promise to pay pauses the collection ladder until its date: a "
        "salesperson records a payment date at most this many days after the "
        "promise; a later date is recorded by a credit manager.",
        groups="base.group_user",
    )
    trade_risk_overdue_days = fields.Integer(
        string="Overdue Warning after (days)",
        default=60,
        help="The early warnings open a credit risk for a customer whose "
        "oldest unpaid receivable is overdue by this many days.",
        groups="base.group_user",
    )
    trade_risk_exposure_ratio = fields.Float(
        string="Exposure Warning Threshold",
        default=0.9,
        help="The early warnings open a credit risk for a customer whose "
        "exposure goes above this share of its credit limit.",
        groups="base.group_user",
    )
    trade_risk_cost_change = fields.Float(
        string="Cost Change Warning Threshold",
        default=0.1,
        help="The early warnings open a market risk for a product whose cost "
        "moved by more than this share since open confirmed orders were priced.",
        groups="base.group_user",
    )

    trade_risk_carrier_incident_rate = fields.Float(
        string="Carrier Incident Rate Warning",
        default=0.1,
        help="The early warnings open a logistics risk for a carrier whose "
        "damage, loss and delay incidents exceed this share of its shipments "
        "over the review period.",
        groups="base.group_user",
    )
    trade_risk_carrier_period_days = fields.Integer(
        string="Carrier Review Period (days)",
        default=90,
        help="Shipments and incidents of the last days counted for the carrier "
        "incident rate.",
        groups="base.group_user",
    )
    trade_risk_contract_days = fields.Integer(
        string="Contract End Warning (days)",
        default=30,
        help="The early warnings open a contract risk for a signed contract "
        "ending within this many days (or ended) with goods still to deliver.",
        groups="base.group_user",
    )

    trade_risk_market_days = fields.Integer(
        string="Market Watch Period (days)",
        default=90,
        help="Market information and our orders of the last days compared by "
        "the market early warnings.",
        groups="base.group_user",
    )
    trade_risk_market_price_gap = fields.Float(
        string="Market Price Gap Warning",
        default=0.1,
        help="The early warnings open a market risk for a product observed on "
        "the market below our average selling price by more than this share.",
        groups="base.group_user",
    )
    trade_risk_market_falling_reports = fields.Integer(
        string="Falling Demand Reports",
        default=2,
        help="The early warnings open a market risk for a product category "
        "whose demand was reported falling this many times over the watch "
        "period.",
        groups="base.group_user",
    )
    trade_risk_market_order_drop = fields.Float(
        string="Order Drop Warning",
        default=0.2,
        help="The early warnings open a market risk for a product category "
        "with a research schedule whose orders of the last 30 days fell by "
        "more than this share against the 30 days before.",
        groups="base.group_user",
    )

    @api.constrains(
        "trade_collection_reminder_days",
        "trade_collection_call_days",
        "trade_collection_notice_days",
        "trade_collection_legal_days",
    )
    def _check_trade_collection_days(self):
        for company in self:
            days = [days for _step, days in company._trade_collection_ladder()]
            if days[0] < 1 or any(
                later <= earlier for earlier, later in zip(days, days[1:], strict=False)
            ):
                raise ValidationError(
                    self.env._(
                        "The days of the collection ladder must start at one day or "
                        "more and grow from step to step (reminder e-mail, phone "
                        "call, formal notice, legal escalation); you entered "
                        "%(days)s.",
                        days=join_names(self.env, days),
                    )
                )

    @api.constrains(
        "trade_credit_grace_days", "trade_risk_overdue_days", "trade_promise_max_days"
    )
    def _check_trade_credit_days(self):
        for company in self:
            if (
                company.trade_credit_grace_days < 0
                or company.trade_risk_overdue_days < 1
                or company.trade_promise_max_days < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The overdue grace period cannot be negative; the "
                        "overdue warning and the days allowed for a promise to "
                        "pay need at least one day."
                    )
                )

    @api.constrains(
        "trade_risk_exposure_ratio",
        "trade_risk_cost_change",
        "trade_risk_carrier_incident_rate",
        "trade_risk_carrier_period_days",
    )
    def _check_trade_risk_ratios(self):
        for company in self:
            if company.trade_risk_carrier_period_days <= 0 or not (
                0 < company.trade_risk_carrier_incident_rate <= 1
            ):
                raise ValidationError(
                    self.env._(
                        "The carrier incident rate warning must be above 0% and at "
                        "most 100%, over a review period of at least one day."
                    )
                )
            if not (0 < company.trade_risk_exposure_ratio <= 1) or (
                company.trade_risk_cost_change <= 0
            ):
                raise ValidationError(
                    self.env._(
                        "The exposure warning threshold must be above 0% and at "
                        "most 100%, the cost change threshold above 0%."
                    )
                )

    @api.constrains("trade_risk_contract_days")
    def _check_trade_risk_contract_days(self):
        if any(company.trade_risk_contract_days < 1 for company in self):
            raise ValidationError(
                self.env._("The contract end warning needs at least one day.")
            )

    @api.constrains(
        "trade_risk_market_days",
        "trade_risk_market_price_gap",
        "trade_risk_market_falling_reports",
        "trade_risk_market_order_drop",
    )
    def _check_trade_risk_market(self):
        for company in self:
            if (
                company.trade_risk_market_days < 1
                or company.trade_risk_market_falling_reports < 1
                or not 0 < company.trade_risk_market_price_gap < 1
                or not 0 < company.trade_risk_market_order_drop < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The market warnings need a watch period of at least one "
                        "day, at least one falling demand report, and a price gap "
                        "and an order drop above 0% and below 100%."
                    )
                )

    @api.constrains("trade_credit_base_limit")
    def _check_trade_credit_base_limit(self):
        if any(company.trade_credit_base_limit < 0 for company in self):
            raise ValidationError(
                self.env._("The base credit limit cannot be negative.")
            )

    @api.constrains(
        "trade_credit_default_limit",
        "trade_credit_default_term_days",
        "trade_credit_default_prepayment",
    )
    def _check_trade_credit_default_policy(self):
        for company in self:
            if (
                company.trade_credit_default_limit < 0
                or company.trade_credit_default_term_days < 0
                or not 0 <= company.trade_credit_default_prepayment <= 1
            ):
                raise ValidationError(
                    self.env._(
                        "The default credit policy needs a credit limit and a "
                        "credit term that are not negative, and a down payment "
                        "between 0% and 100%."
                    )
                )

    def _trade_default_credit_policy_text(self):
        """The default credit policy in a sentence: limit, term, down payment."""
        self.ensure_one()
        company = self.sudo()
        return self.env._(
            "credit limit %(limit)s, credit term %(days)s days, down payment "
            "%(ratio)s%% before confirmation",
            limit=formatLang(
                self.env,
                company.trade_credit_default_limit,
                currency_obj=company.currency_id,
            ),
            days=company.trade_credit_default_term_days,
            ratio=formatLang(
                self.env, company.trade_credit_default_prepayment * 100, digits=0
            ),
        )

    def _trade_collection_ladder(self):
        """``[(step, days overdue)]`` of this company, in ladder order."""
        self.ensure_one()
        return [
            (step, self[f"trade_collection_{step}_days"])
            for step, _label in COLLECTION_STEPS
        ]
