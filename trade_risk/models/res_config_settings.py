from odoo import api, fields, models

from .res_company import COLLECTION_STEPS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    trade_credit_manager_id = fields.Many2one(
        related="company_id.trade_credit_manager_id",
        readonly=False,
    )
    trade_credit_grace_days = fields.Integer(
        related="company_id.trade_credit_grace_days",
        readonly=False,
    )
    trade_credit_base_limit = fields.Monetary(
        related="company_id.trade_credit_base_limit",
        readonly=False,
    )
    trade_credit_default_limit = fields.Monetary(
        related="company_id.trade_credit_default_limit",
        readonly=False,
    )
    trade_credit_default_term_days = fields.Integer(
        related="company_id.trade_credit_default_term_days",
        readonly=False,
    )
    trade_credit_default_prepayment = fields.Float(
        related="company_id.trade_credit_default_prepayment",
        readonly=False,
    )
    # Not related fields: the four days are checked together (they must grow
    # from step to step), so they are written together in set_values().
    trade_collection_reminder_days = fields.Integer(
        string="Reminder E-mail after (days overdue)",
        compute="_compute_trade_collection_days_reminder",
        readonly=False,
        store=True,
    )
    trade_collection_call_days = fields.Integer(
        string="Phone Call after (days overdue)",
        compute="_compute_trade_collection_days_call",
        readonly=False,
        store=True,
    )
    trade_collection_notice_days = fields.Integer(
        string="Formal Notice after (days overdue)",
        compute="_compute_trade_collection_days_notice",
        readonly=False,
        store=True,
    )
    trade_collection_legal_days = fields.Integer(
        string="Legal Escalation after (days overdue)",
        compute="_compute_trade_collection_days_legal",
        readonly=False,
        store=True,
    )
    trade_promise_max_days = fields.Integer(
        related="company_id.trade_promise_max_days",
        readonly=False,
    )
    trade_risk_overdue_days = fields.Integer(
        related="company_id.trade_risk_overdue_days",
        readonly=False,
    )
    trade_risk_exposure_ratio = fields.Float(
        related="company_id.trade_risk_exposure_ratio",
        readonly=False,
    )
    trade_risk_cost_change = fields.Float(
        related="company_id.trade_risk_cost_change",
        readonly=False,
    )
    trade_risk_carrier_incident_rate = fields.Float(
        related="company_id.trade_risk_carrier_incident_rate",
        readonly=False,
    )
    trade_risk_carrier_period_days = fields.Integer(
        related="company_id.trade_risk_carrier_period_days",
        readonly=False,
    )
    trade_risk_contract_days = fields.Integer(
        related="company_id.trade_risk_contract_days",
        readonly=False,
    )
    trade_risk_market_days = fields.Integer(
        related="company_id.trade_risk_market_days",
        readonly=False,
    )
    trade_risk_market_price_gap = fields.Float(
        related="company_id.trade_risk_market_price_gap",
        readonly=False,
    )
    trade_risk_market_falling_reports = fields.Integer(
        related="company_id.trade_risk_market_falling_reports",
        readonly=False,
    )
    trade_risk_market_order_drop = fields.Float(
        related="company_id.trade_risk_market_order_drop",
        readonly=False,
    )

    # One compute per field: a client setting some of them only (RPC)
    # gets the company's value of the others, not zero.
    @api.depends("company_id")
    def _compute_trade_collection_days_reminder(self):
        self._trade_company_value("trade_collection_reminder_days")

    @api.depends("company_id")
    def _compute_trade_collection_days_call(self):
        self._trade_company_value("trade_collection_call_days")

    @api.depends("company_id")
    def _compute_trade_collection_days_notice(self):
        self._trade_company_value("trade_collection_notice_days")

    @api.depends("company_id")
    def _compute_trade_collection_days_legal(self):
        self._trade_company_value("trade_collection_legal_days")

    def set_values(self):
        res = super().set_values()
        values = {
            f"trade_collection_{step}_days": self[f"trade_collection_{step}_days"]
            for step, _label in COLLECTION_STEPS
        }
        company = self.company_id
        if any(company[name] != days for name, days in values.items()):
            company.write(values)
        return res
