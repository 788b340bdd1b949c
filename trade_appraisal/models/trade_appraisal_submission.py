from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .roles import is_hr


class TradeAppraisalSubmission(models.Model):
    _name = "trade.appraisal.submission"
    _description = "Monthly Appraisal Submission"
    _inherit = ["trade.workflow.mixin", "trade.appraisal.reader.mixin", "mail.thread"]
    _order = "period_id desc, employee_id"
    _check_company_auto = True

    period_id = fields.Many2one(
        comodel_name="trade.appraisal.period",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('period_type', '=', 'monthly')]",
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
        default=lambda self: self.env.user.employee_id,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    sales_report = fields.Html(
        help="The month's sales: orders won and lost, pipeline, remarks on the "
        "figures.",
    )
    customer_feedback = fields.Html(
        string="Customer Feedback Records",
        help="What customers said this month and what was done about it.",
    )
    problem_report = fields.Html(
        help="Problems met (quality, delivery, payment...) and how they were handled.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Attached Reports",
        help="Sales reports, feedback records and problem reports as files.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("submitted", "Submitted"),
        ],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    date_submitted = fields.Date(
        string="Submitted On",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "employee_period_unique",
            "unique(employee_id, period_id)",
            "An employee makes one submission per month.",
        ),
    ]

    @api.depends("employee_id", "period_id")
    def _compute_display_name(self):
        for submission in self:
            submission.display_name = self.env._(
                "Submission of %(employee)s, %(period)s",
                employee=submission.employee_id.name,
                period=submission.period_id.name,
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "date_submitted",
            "user_id",
            "company_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not is_hr(self.env):
            own = self.env.user.employee_ids
            for vals in vals_list:
                employee = self.env["hr.employee"].browse(
                    vals.get("employee_id") or self.env.user.employee_id.id
                )
                if employee and employee not in own:
                    raise AccessError(
                        self.env._(
                            "Only %(employee)s hands in their monthly submission.",
                            employee=employee.name,
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_own()
            submitted = self.filtered(lambda sub: sub.state == "submitted")
            if submitted:
                raise UserError(
                    self.env._(
                        "%(submission)s is submitted and can no longer be changed.",
                        submission=submitted[0].display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(sub.state == "submitted" for sub in self):
            raise UserError(self.env._("A submitted submission cannot be deleted."))

    def action_submit(self):
        self._check_own()
        for submission in self:
            if submission.state != "draft":
                raise UserError(
                    self.env._(
                        "%(submission)s is already submitted.",
                        submission=submission.display_name,
                    )
                )
            if not (
                submission.attachment_ids
                or any(
                    submission[fname] and str(submission[fname]).strip()
                    for fname in ("sales_report", "customer_feedback", "problem_report")
                )
            ):
                raise UserError(
                    self.env._(
                        "Write or attach your sales report, customer feedback or "
                        "problem reports before submitting %(submission)s.",
                        submission=submission.display_name,
                    )
                )
        self._trade_workflow_write(
            {"state": "submitted", "date_submitted": fields.Date.context_today(self)}
        )
        return True

    def _check_own(self):
        if is_hr(self.env):
            return
        others = self.filtered(lambda sub: sub.employee_id.user_id != self.env.user)
        if others:
            raise AccessError(
                self.env._(
                    "Only %(employee)s hands in their monthly submission.",
                    employee=others[0].employee_id.name,
                )
            )
