from odoo import api, fields, models

ANNUAL_PARTS = ("monthly", "self", "peer", "supervisor")


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    trade_appraisal_appeal_days = fields.Integer(
        related="company_id.trade_appraisal_appeal_days",
        readonly=False,
    )
    trade_appraisal_salary_day = fields.Integer(
        related="company_id.trade_appraisal_salary_day",
        readonly=False,
    )
    trade_appraisal_need_score = fields.Float(
        related="company_id.trade_appraisal_need_score",
        readonly=False,
    )
    # Not related fields: the four weights must reach the company in one
    # write, or its "add up to 100" constraint would see a half-changed set.
    trade_appraisal_weight_monthly = fields.Float(
        string="Annual Weight: Monthly Scores",
        compute="_compute_trade_appraisal_weights_monthly",
        readonly=False,
        store=True,
    )
    trade_appraisal_weight_self = fields.Float(
        string="Annual Weight: Self-evaluation",
        compute="_compute_trade_appraisal_weights_self",
        readonly=False,
        store=True,
    )
    trade_appraisal_weight_peer = fields.Float(
        string="Annual Weight: Peer Evaluation",
        compute="_compute_trade_appraisal_weights_peer",
        readonly=False,
        store=True,
    )
    trade_appraisal_weight_supervisor = fields.Float(
        string="Annual Weight: Supervisor Evaluation",
        compute="_compute_trade_appraisal_weights_supervisor",
        readonly=False,
        store=True,
    )

    # One compute per field: a client setting some of them only (RPC)
    # gets the company's value of the others, not zero.
    @api.depends("company_id")
    def _compute_trade_appraisal_weights_monthly(self):
        self._trade_company_value("trade_appraisal_weight_monthly")

    @api.depends("company_id")
    def _compute_trade_appraisal_weights_self(self):
        self._trade_company_value("trade_appraisal_weight_self")

    @api.depends("company_id")
    def _compute_trade_appraisal_weights_peer(self):
        self._trade_company_value("trade_appraisal_weight_peer")

    @api.depends("company_id")
    def _compute_trade_appraisal_weights_supervisor(self):
        self._trade_company_value("trade_appraisal_weight_supervisor")

    def set_values(self):
        res = super().set_values()
        new_weights = {
            f"trade_appraisal_weight_{part}": self[f"trade_appraisal_weight_{part}"]
            for part in ANNUAL_PARTS
        }
        company = self.company_id
        if any(company[fname] != weight for fname, weight in new_weights.items()):
            company.write(new_weights)
        return res
