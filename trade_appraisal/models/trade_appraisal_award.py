from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .roles import check_hr, is_hr

#: What a decision on an award is bound to: once HR has decided, these change
#: only after *Back to Proposed*, which needs a new decision.
DECIDED_FIELDS = {
    "employee_id",
    "company_id",
    "amount",
    "award_type",
    "period_id",
    "date",
    "name",
    "reason",
}


class TradeAppraisalAward(models.Model):
    _name = "trade.appraisal.award"
    _description = "Special Award"
    _inherit = ["trade.workflow.mixin", "trade.appraisal.reader.mixin", "mail.thread"]
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
        tracking=True,
        help="Who proposed the award as it stands: whoever last changed its "
        "employee, amount, type, period or reason. Another HR officer decides it.",
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

    @api.model_create_multi
    def create(self, vals_list):
        awards = super().create(vals_list)
        if not self.env.su:
            awards._check_proposer()
        return awards

    def write(self, vals):
        if self.env.su:
            return super().write(vals)
        decided = self.filtered(lambda award: award.state != "proposed")
        if decided and not is_hr(self.env):
            raise UserError(
                self.env._(
                    "Award %(award)s is decided; only HR can change it.",
                    award=decided[0].name,
                )
            )
        changed = self._decided_fields_changed(vals)
        if changed & decided:
            raise UserError(
                self.env._(
                    "Award %(award)s is decided: its employee, amount, type, "
                    "period and reason are what was approved or rejected. Set it "
                    "back to proposed to change them; it then needs a new decision.",
                    award=(changed & decided)[0].name,
                )
            )
        result = super().write(vals)
        if changed:
            # whoever changes what is proposed proposes it: another HR officer
            # decides
            changed._check_proposer()
            changed._trade_workflow_write({"proposed_by_id": self.env.user.id})
        return result

    def action_approve(self):
        self._check_decision("approved")
        return True

    def action_reject(self):
        self._check_decision("rejected")
        return True

    def action_reset_to_proposed(self):
        """Reopen a decided award so that its terms can change: the HR officer
        who reopens it proposes it again, and another one decides it."""
        check_hr(
            self.env, self.env._("Special awards are approved by the HR department.")
        )
        for award in self:
            if award.state == "proposed":
                raise UserError(
                    self.env._("Award %(award)s is not decided yet.", award=award.name)
                )
            award._check_not_own()
        self._trade_workflow_write(
            {
                "state": "proposed",
                "decided_by_id": False,
                "date_decided": False,
                "proposed_by_id": self.env.user.id,
            }
        )
        for award in self:
            award.message_post(
                body=award._trade_in_reader_lang().env._(
                    "Set back to proposed by %(user)s: the award needs a new "
                    "decision by another HR officer.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
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
        if not self.env.su:
            for award in self:
                award._check_not_own()
                if award.proposed_by_id == self.env.user:
                    raise AccessError(
                        self.env._(
                            "You proposed award %(award)s as it stands: another HR "
                            "officer approves or rejects it.",
                            award=award.name,
                        )
                    )
        self._trade_workflow_write(
            {
                "state": state,
                "decided_by_id": self.env.user.id,
                "date_decided": fields.Date.context_today(self),
            }
        )

    def _check_not_own(self):
        self.ensure_one()
        if not self.env.su and self.user_id == self.env.user:
            raise AccessError(
                self.env._(
                    "Award %(award)s is yours: another HR officer decides it.",
                    award=self.name,
                )
            )

    def _check_proposer(self):
        """Awards are proposed for someone else: by HR or by a business manager
        of the employee (see ``hr.employee._trade_appraisal_managers``)."""
        hr = is_hr(self.env)
        for award in self:
            if award.user_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Nobody proposes a special award for themselves: "
                        "%(award)s is for you.",
                        award=award.name,
                    )
                )
            if not hr and self.env.user not in (
                award.employee_id._trade_appraisal_managers()
            ):
                raise AccessError(
                    self.env._(
                        "Special awards for %(employee)s are proposed by their "
                        "business manager or HR.",
                        employee=award.employee_id.name,
                    )
                )

    def _decided_fields_changed(self, vals):
        """The awards whose decision-bound fields ``vals`` would change."""
        names = DECIDED_FIELDS.intersection(vals)
        return self.filtered(
            lambda award: any(
                not award._trade_is_current_value(name, vals[name]) for name in names
            )
        )
