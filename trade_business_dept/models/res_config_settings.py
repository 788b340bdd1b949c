from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    trade_followup_days_key = fields.Integer(
        related="company_id.trade_followup_days_key",
        readonly=False,
    )
    trade_followup_days_regular = fields.Integer(
        related="company_id.trade_followup_days_regular",
        readonly=False,
    )
    trade_followup_days_prospect = fields.Integer(
        related="company_id.trade_followup_days_prospect",
        readonly=False,
    )

    def set_values(self):
        company = self.company_id
        previous_days = company._trade_followup_days_by_tier()
        res = super().set_values()
        self.env["res.partner"]._trade_apply_new_tier_intervals(
            company, previous_days, company._trade_followup_days_by_tier()
        )
        return res
