from odoo import api, fields, models
from odoo.exceptions import AccessError

from .roles import MANAGER_GROUP, is_hr

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

    def action_open_trade_development_plan(self):
        """This year's development plan of the employee, created if missing."""
        self.ensure_one()
        if not (is_hr(self.env) or self.env.user in self._trade_appraisal_managers()):
            raise AccessError(
                self.env._(
                    "The development plan of %(employee)s is managed by their "
                    "business manager and HR.",
                    employee=self.name,
                )
            )
        year = fields.Date.context_today(self).year
        plan = self.env["trade.development.plan"]._for_employees(self, year)[self.id]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Development Plan"),
            "res_model": "trade.development.plan",
            "res_id": plan.id,
            "view_mode": "form",
        }

    def _trade_appraisal_managers(self, department=None):
        """The business managers above the employee: the chain of managers
        (``parent_id``) and the manager of the department (``department``, as
        recorded on a scorecard, else the employee's own), the employee
        excepted. They score, interview and develop the employee.

        :rtype: res.users
        """
        self.ensure_one()
        employee = self.sudo()
        users = self.env["res.users"]
        boss = employee.parent_id
        seen = set()
        while boss and boss.id not in seen:
            seen.add(boss.id)
            users |= boss.user_id
            boss = boss.parent_id
        department = (department or employee.department_id).sudo()
        users |= department.manager_id.user_id
        users -= employee.user_id
        return users.filtered(lambda user: user.has_group(MANAGER_GROUP))

    def _trade_appraisal_supervisor(self, department=None):
        """The user of the employee's direct manager, else of the department's
        manager (``department`` as recorded on a scorecard, else the
        employee's own); none when that is the employee.

        :rtype: res.users
        """
        self.ensure_one()
        employee = self.sudo()
        supervisor = (
            employee.parent_id.user_id
            or (department or employee.department_id).manager_id.user_id
        )
        return supervisor if supervisor != employee.user_id else self.env["res.users"]
