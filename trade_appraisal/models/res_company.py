from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Share of each part of the annual appraisal when nothing is configured.
DEFAULT_ANNUAL_WEIGHTS = {"monthly": 60, "self": 10, "peer": 10, "supervisor": 20}


class ResCompany(models.Model):
    _inherit = "res.company"

    trade_appraisal_appeal_days = fields.Integer(
        string="Appeal Window (days)",
        groups="base.group_user",
        default=7,
        help="Days after publication during which an employee may appeal "
        "their scorecard.",
    )
    trade_appraisal_salary_day = fields.Integer(
        string="Salary Day",
        groups="base.group_user",
        default=10,
        help="Day of the month salaries are paid. A monthly bonus is paid with "
        "the next month's salary, an annual bonus with January's.",
    )
    trade_appraisal_weight_monthly = fields.Float(
        string="Annual Weight: Monthly Scores",
        groups="base.group_user",
        default=DEFAULT_ANNUAL_WEIGHTS["monthly"],
        help="Share (%) of the average of the year's monthly totals in the "
        "annual score.",
    )
    trade_appraisal_weight_self = fields.Float(
        string="Annual Weight: Self-evaluation",
        groups="base.group_user",
        default=DEFAULT_ANNUAL_WEIGHTS["self"],
    )
    trade_appraisal_weight_peer = fields.Float(
        string="Annual Weight: Peer Evaluation",
        groups="base.group_user",
        default=DEFAULT_ANNUAL_WEIGHTS["peer"],
    )
    trade_appraisal_weight_supervisor = fields.Float(
        string="Annual Weight: Supervisor Evaluation",
        groups="base.group_user",
        default=DEFAULT_ANNUAL_WEIGHTS["supervisor"],
    )

    trade_appraisal_need_score = fields.Float(
        string="Training Need under Score",
        groups="base.group_user",
        default=60,
        help="An indicator scored under this on a published scorecard proposes "
        "a training need on the employee's development plan; 0 proposes none.",
    )

    @api.constrains("trade_appraisal_need_score")
    def _check_trade_appraisal_need_score(self):
        if any(not 0 <= company.trade_appraisal_need_score <= 100 for company in self):
            raise ValidationError(
                self.env._(
                    "The score under which a training need is proposed is "
                    "between 0 and 100."
                )
            )

    @api.constrains("trade_appraisal_appeal_days")
    def _check_trade_appraisal_appeal_days(self):
        if any(company.trade_appraisal_appeal_days < 1 for company in self):
            raise ValidationError(
                self.env._("The appeal window must be at least one day.")
            )

    @api.constrains("trade_appraisal_salary_day")
    def _check_trade_appraisal_salary_day(self):
        if any(not 1 <= company.trade_appraisal_salary_day <= 28 for company in self):
            raise ValidationError(
                self.env._("The salary day must be between the 1st and the 28th.")
            )

    @api.constrains(
        "trade_appraisal_weight_monthly",
        "trade_appraisal_weight_self",
        "trade_appraisal_weight_peer",
        "trade_appraisal_weight_supervisor",
    )
    def _check_trade_appraisal_annual_weights(self):
        for company in self:
            weights = company._trade_appraisal_annual_weights()
            if any(weight < 0 for weight in weights.values()):
                raise ValidationError(
                    self.env._(
                        "The weights of the annual appraisal cannot be negative."
                    )
                )
            total = sum(weights.values())
            if round(total, 2) != 100:
                raise ValidationError(
                    self.env._(
                        "The weights of the annual appraisal (monthly scores, "
                        "self, peer and supervisor evaluations) must add up to "
                        "100; they add up to %(total)s.",
                        total=round(total, 2),
                    )
                )

    def _trade_appraisal_annual_weights(self):
        """Return ``{part: weight}`` of the annual appraisal for this company."""
        self.ensure_one()
        return {
            "monthly": self.trade_appraisal_weight_monthly,
            "self": self.trade_appraisal_weight_self,
            "peer": self.trade_appraisal_weight_peer,
            "supervisor": self.trade_appraisal_weight_supervisor,
        }
