from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TradeAppraisalTarget(models.Model):
    _name = "trade.appraisal.target"
    _description = "Appraisal Target"
    _order = "period_id desc, employee_id, indicator_id"
    _check_company_auto = True

    period_id = fields.Many2one(
        comodel_name="trade.appraisal.period",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="period_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    indicator_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator",
        required=True,
        ondelete="cascade",
        domain="[('kind', '=', 'computed')]",
    )
    target = fields.Float(
        required=True,
        help="Sales and profit in company currency, new customers as a number, "
        "satisfaction on the 1–5 scale.",
    )

    _sql_constraints = [
        (
            "target_unique",
            "unique(period_id, employee_id, indicator_id)",
            "An employee has one target per indicator and period.",
        ),
    ]

    @api.depends("employee_id", "indicator_id", "period_id")
    def _compute_display_name(self):
        for target in self:
            target.display_name = self.env._(
                "%(indicator)s of %(employee)s, %(period)s",
                indicator=target.indicator_id.name,
                employee=target.employee_id.name,
                period=target.period_id.name,
            )

    @api.constrains("target", "indicator_id")
    def _check_target(self):
        for target in self:
            if target.indicator_id.kind != "computed":
                raise ValidationError(
                    self.env._(
                        "%(indicator)s is scored by the manager and has no target.",
                        indicator=target.indicator_id.name,
                    )
                )
            if target.target <= 0:
                raise ValidationError(
                    self.env._(
                        "The target of %(indicator)s for %(employee)s must be "
                        "greater than zero.",
                        indicator=target.indicator_id.name,
                        employee=target.employee_id.name,
                    )
                )
            if target.indicator_id.code == "satisfaction" and target.target > 5:
                raise ValidationError(
                    self.env._(
                        "The satisfaction target of %(employee)s is on the 1–5 "
                        "scale of the customers' ratings.",
                        employee=target.employee_id.name,
                    )
                )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Appraisal Targets"),
                "template": "/trade_appraisal/static/xls/trade_appraisal_targets.xlsx",
            }
        ]
