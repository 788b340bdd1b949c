from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .roles import check_hr, is_hr


class TradeAppraisalAward(models.Model):
    _name = "trade.appraisal.award"
    _description = "Special Award"
    _inherit = ["trade.workflow.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Title",
        required=True,
        tracking=True,
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        related="employee_id.user_id",
        string="Employee's User",
        store=True,
        index=True,
    )
    department_id = fields.Many2one(
        related="employee_id.department_id",
        store=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    award_type = fields.Selection(
        selection=[
            ("business_development", "Outstanding Business Development"),
            ("customer_care", "Outstanding Customer Care"),
            ("teamwork", "Outstanding Teamwork"),
            ("other", "Other"),
        ],
        required=True,
        tracking=True,
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    period_id = fields.Many2one(
        comodel_name="trade.appraisal.period",
        check_company=True,
    )
    amount = fields.Monetary(
        tracking=True,
        help="Paid with the salary, like the appraisal bonus.",
    )
    reason = fields.Text(
        required=True,
        help="What the employee did to deserve the award.",
    )
    proposed_by_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        selection=[
            ("proposed", "Proposed"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        string="Status",
        required=True,
        default="proposed",
        readonly=True,
        tracking=True,
        copy=False,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        help="The HR officer who approved or rejected the proposal.",
    )
    date_decided = fields.Date(
        string="Decided On",
        readonly=True,
        copy=False,
    )

    @api.model
    def _trade_workflow_fields(self):
        # an award starts as a proposal: only HR's Approve makes it payable
        return super()._trade_workflow_fields() | {
            "state",
            "proposed_by_id",
            "decided_by_id",
            "date_decided",
            "user_id",
            "department_id",
        }

    @api.constrains("amount")
    def _check_amount(self):
        if any(award.amount < 0 for award in self):
            raise ValidationError(self.env._("An award amount cannot be negative."))

    def write(self, vals):
        if not is_hr(self.env):
            decided = self.filtered(lambda award: award.state != "proposed")
            if decided:
                raise UserError(
                    self.env._(
                        "Award %(award)s is decided; only HR can change it.",
                        award=decided[0].name,
                    )
                )
        return super().write(vals)

    def action_approve(self):
        self._check_decision("approved")
        return True

    def action_reject(self):
        self._check_decision("rejected")
        return True

    def _check_decision(self, state):
        check_hr(
            self.env, self.env._("Special awards are approved by the HR department.")
        )
        decided = self.filtered(lambda award: award.state != "proposed")
        if decided:
            raise UserError(
                self.env._("Award %(award)s is already decided.", award=decided[0].name)
            )
        self._trade_workflow_write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Date.context_today(self),
            }
        )
