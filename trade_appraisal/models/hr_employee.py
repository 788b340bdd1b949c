from odoo import api, fields, models

SALESPERSON = "trade_business_dept.group_trade_salesperson"
MERCHANDISER = "trade_business_dept.group_trade_merchandiser"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    trade_appraisal_enabled = fields.Boolean(
        string="Sales Appraisal",
        compute="_compute_trade_appraisal_enabled",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
        help="Gets a monthly and an annual scorecard of the business "
        "department. Ticked by default for salespeople (users in the "
        "Salesperson group but not merchandisers or managers).",
    )
    trade_base_bonus = fields.Monetary(
        string="Monthly Base Bonus",
        currency_field="currency_id",
        groups="hr.group_hr_user",
        help="Monthly bonus at grade multiplier 1.0; the scorecard's bonus is "
        "this amount times the multiplier of the grade reached.",
    )
    trade_annual_base_bonus = fields.Monetary(
        string="Annual Base Bonus",
        currency_field="currency_id",
        groups="hr.group_hr_user",
        help="Annual bonus at grade multiplier 1.0.",
    )
    trade_scorecard_count = fields.Integer(
        string="Scorecards",
        compute="_compute_trade_scorecard_count",
        groups="hr.group_hr_user",
    )

    @api.depends("user_id")
    def _compute_trade_appraisal_enabled(self):
        for employee in self:
            user = employee.user_id
            employee.trade_appraisal_enabled = bool(
                user
                and user.has_group(SALESPERSON)
                and not user.has_group(MERCHANDISER)
            )

    def _compute_trade_scorecard_count(self):
        counts = dict(
            self.env["trade.appraisal.scorecard"]._read_group(
                [("employee_id", "in", self.ids)],
                ["employee_id"],
                ["__count"],
            )
        )
        for employee in self:
            employee.trade_scorecard_count = counts.get(employee._origin, 0)

    def action_view_trade_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_appraisal.trade_appraisal_scorecard_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action
