from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Follow-up interval (days) of each customer tier when nothing is configured.
DEFAULT_FOLLOWUP_DAYS = {"key": 14, "regular": 30, "prospect": 60}


class ResCompany(models.Model):
    _inherit = "res.company"

    trade_followup_days_key = fields.Integer(
        string="Key Customer Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["key"],
    )
    trade_followup_days_regular = fields.Integer(
        string="Regular Customer Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["regular"],
    )
    trade_followup_days_prospect = fields.Integer(
        string="Prospect Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["prospect"],
    )

    @api.constrains(
        "trade_followup_days_key",
        "trade_followup_days_regular",
        "trade_followup_days_prospect",
    )
    def _check_trade_followup_days(self):
        for company in self:
            days = company._trade_followup_days_by_tier()
            if any(value < 1 for value in days.values()):
                raise ValidationError(
                    self.env._(
                        "The follow-up interval of each customer tier must be "
                        "at least one day."
                    )
                )

    def _trade_followup_days_by_tier(self):
        """Return ``{tier: days}`` for this company."""
        self.ensure_one()
        return {
            "key": self.trade_followup_days_key,
            "regular": self.trade_followup_days_regular,
            "prospect": self.trade_followup_days_prospect,
        }
