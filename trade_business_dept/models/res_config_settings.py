from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    def _compute_trade_business_team_ids(self):
        teams = self.env["crm.team"].search([("trade_business_dept", "=", True)])
        for settings in self:
            settings.trade_business_team_ids = teams.filtered(
                lambda team, company=settings.company_id: (
                    team.company_id in (company, self.env["res.company"])
                )
            )

    def _inverse_trade_business_team_ids(self):
        for settings in self:
            company_teams = self.env["crm.team"].search(
                [("company_id", "in", [settings.company_id.id, False])]
            )
            chosen = settings.trade_business_team_ids
            (company_teams - chosen).filtered("trade_business_dept").write(
                {"trade_business_dept": False}
            )
            chosen.filtered(lambda team: not team.trade_business_dept).write(
                {"trade_business_dept": True}
            )

    # Not related fields: a related field would write the company as soon as
    # the settings are created, before set_values() can see the old value.
    trade_followup_days_key = fields.Integer(
        string="Key Customer Follow-up (days)",
        compute="_compute_trade_followup_days_key",
        readonly=False,
        store=True,
    )
    trade_followup_days_regular = fields.Integer(
        string="Regular Customer Follow-up (days)",
        compute="_compute_trade_followup_days_regular",
        readonly=False,
        store=True,
    )
    trade_followup_days_prospect = fields.Integer(
        string="Prospect Follow-up (days)",
        compute="_compute_trade_followup_days_prospect",
        readonly=False,
        store=True,
    )

    trade_purchasing_user_id = fields.Many2one(
        related="company_id.trade_purchasing_user_id",
        readonly=False,
    )
    trade_logistics_user_id = fields.Many2one(
        related="company_id.trade_logistics_user_id",
        readonly=False,
    )
    trade_production_user_id = fields.Many2one(
        related="company_id.trade_production_user_id",
        readonly=False,
    )
    trade_finance_user_id = fields.Many2one(
        related="company_id.trade_finance_user_id",
        readonly=False,
    )
    trade_order_checks = fields.Boolean(
        related="company_id.trade_order_checks",
        readonly=False,
    )
    trade_scope_all_orders = fields.Boolean(
        related="company_id.trade_scope_all_orders",
        readonly=False,
    )
    trade_business_team_ids = fields.Many2many(
        comodel_name="crm.team",
        string="Business Department Teams",
        compute="_compute_trade_business_team_ids",
        inverse="_inverse_trade_business_team_ids",
        help="Sales teams whose orders follow the business department's rules.",
    )
    trade_shipping_lead_days = fields.Integer(
        related="company_id.trade_shipping_lead_days",
        readonly=False,
    )
    trade_insurance_threshold = fields.Monetary(
        related="company_id.trade_insurance_threshold",
        readonly=False,
    )
    trade_insurance_cover_percent = fields.Float(
        related="company_id.trade_insurance_cover_percent",
        readonly=False,
    )
    trade_service_manager_id = fields.Many2one(
        related="company_id.trade_service_manager_id",
        readonly=False,
    )
    trade_signatory_ids = fields.Many2many(
        related="company_id.trade_signatory_ids",
        readonly=False,
    )
    trade_contract_required = fields.Boolean(
        related="company_id.trade_contract_required",
        readonly=False,
    )
    trade_contract_min_amount = fields.Monetary(
        related="company_id.trade_contract_min_amount",
        readonly=False,
    )
    trade_contract_tier_key = fields.Boolean(
        related="company_id.trade_contract_tier_key",
        readonly=False,
    )
    trade_contract_tier_regular = fields.Boolean(
        related="company_id.trade_contract_tier_regular",
        readonly=False,
    )
    trade_contract_tier_prospect = fields.Boolean(
        related="company_id.trade_contract_tier_prospect",
        readonly=False,
    )
    trade_meeting_auto = fields.Boolean(
        related="company_id.trade_meeting_auto",
        readonly=False,
    )
    trade_meeting_weekly_day = fields.Selection(
        related="company_id.trade_meeting_weekly_day",
        readonly=False,
    )
    trade_meeting_weekly_hour = fields.Float(
        related="company_id.trade_meeting_weekly_hour",
        readonly=False,
    )
    trade_meeting_monthly_rule = fields.Selection(
        related="company_id.trade_meeting_monthly_rule",
        readonly=False,
    )
    trade_meeting_monthly_day = fields.Integer(
        related="company_id.trade_meeting_monthly_day",
        readonly=False,
    )
    trade_meeting_monthly_weekday = fields.Selection(
        related="company_id.trade_meeting_monthly_weekday",
        readonly=False,
    )
    trade_meeting_monthly_hour = fields.Float(
        related="company_id.trade_meeting_monthly_hour",
        readonly=False,
    )
    trade_meeting_organizer_id = fields.Many2one(
        related="company_id.trade_meeting_organizer_id",
        readonly=False,
    )
    trade_meeting_missed_hours = fields.Integer(
        related="company_id.trade_meeting_missed_hours",
        readonly=False,
    )

    # One compute per field: a client setting some of them only (RPC) gets
    # the company's value of the others, not zero.
    @api.depends("company_id")
    def _compute_trade_followup_days_key(self):
        self._trade_company_value("trade_followup_days_key")

    @api.depends("company_id")
    def _compute_trade_followup_days_regular(self):
        self._trade_company_value("trade_followup_days_regular")

    @api.depends("company_id")
    def _compute_trade_followup_days_prospect(self):
        self._trade_company_value("trade_followup_days_prospect")

    def _trade_company_value(self, fname):
        """Copy the field ``fname`` of the settings' company (the settings
        computed from the company, written to it together by set_values)."""
        for settings in self:
            settings[fname] = settings.company_id[fname]

    def set_values(self):
        res = super().set_values()
        company = self.company_id
        previous_days = company._trade_followup_days_by_tier()
        new_days = {
            "key": self.trade_followup_days_key,
            "regular": self.trade_followup_days_regular,
            "prospect": self.trade_followup_days_prospect,
        }
        if new_days != previous_days:
            company.write(
                {f"trade_followup_days_{tier}": days for tier, days in new_days.items()}
            )
            self.env["res.partner"]._trade_apply_new_tier_intervals(
                company, previous_days, new_days
            )
        return res
