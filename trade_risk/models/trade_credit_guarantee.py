from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

#: What a credit manager checked when validating a guarantee: fixed from then.
VALIDATED_TERMS = {"partner_id", "amount", "currency_id", "date_start", "date_expiry"}

GUARANTEE_TYPES = [
    ("bank_guarantee", "Bank Guarantee"),
    ("letter_of_credit", "Letter of Credit"),
    ("deposit", "Deposit"),
    ("personal", "Personal Guarantee"),
]


class TradeCreditGuarantee(models.Model):
    _name = "trade.credit.guarantee"
    _description = "Credit Guarantee"
    _inherit = [
        "trade.customer.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_expiry desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        tracking=True,
        help="Number of the guarantee, letter of credit or deposit receipt.",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    guarantee_type = fields.Selection(
        selection=GUARANTEE_TYPES,
        string="Type",
        required=True,
        default="bank_guarantee",
        tracking=True,
    )
    issuer = fields.Char(
        string="Issuer or Guarantor",
        tracking=True,
        help="Bank issuing the guarantee or letter of credit, or the person "
        "giving a personal guarantee.",
    )
    amount = fields.Monetary(
        required=True,
        tracking=True,
        currency_field="currency_id",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
        tracking=True,
    )
    date_start = fields.Date(
        string="Valid From",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    date_expiry = fields.Date(
        string="Expiry Date",
        required=True,
        tracking=True,
        index=True,
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("valid", "Valid"),
            ("released", "Released"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    is_valid = fields.Boolean(
        string="Valid Today",
        compute="_compute_is_valid",
        help="Validated, started and not expired: the amount adds to the "
        "customer's available credit.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Documents",
        help="Scan of the guarantee, letter of credit or deposit receipt.",
    )
    note = fields.Text()

    @api.depends("state", "date_start", "date_expiry")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        for guarantee in self:
            guarantee.is_valid = bool(
                guarantee.state == "valid"
                and guarantee.date_start
                and guarantee.date_expiry
                and guarantee.date_start <= today <= guarantee.date_expiry
            )

    @api.constrains("amount", "date_start", "date_expiry")
    def _check_amount_dates(self):
        for guarantee in self:
            if guarantee.currency_id.compare_amounts(guarantee.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount of guarantee %(guarantee)s must be positive.",
                        guarantee=guarantee.name,
                    )
                )
            if guarantee.date_expiry < guarantee.date_start:
                raise ValidationError(
                    self.env._(
                        "Guarantee %(guarantee)s expires before it starts.",
                        guarantee=guarantee.name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"state"}

    def write(self, vals):
        changed = [
            name
            for name in VALIDATED_TERMS.intersection(vals)
            if any(not g._trade_is_current_value(name, vals[name]) for g in self)
        ]
        if changed and not self.env.su and self.filtered(lambda g: g.state != "draft"):
            raise UserError(
                self.env._(
                    "The customer, amount, currency and dates of a validated "
                    "guarantee are what was checked: release it and record a "
                    "new one."
                )
            )
        return super().write(vals)

    def action_validate(self):
        """The guarantee was received and checked: it counts from now on."""
        self.env["res.partner"]._trade_check_credit_manager()
        for guarantee in self:
            if guarantee.state != "draft":
                raise UserError(
                    self.env._(
                        "Guarantee %(guarantee)s is not a draft.",
                        guarantee=guarantee.name,
                    )
                )
            if not guarantee.attachment_ids:
                raise UserError(
                    self.env._(
                        "Attach the scan of guarantee %(guarantee)s before "
                        "validating it.",
                        guarantee=guarantee.name,
                    )
                )
        self._trade_workflow_write({"state": "valid"})
        return True

    def action_release(self):
        """Give the guarantee back: it no longer counts."""
        self.env["res.partner"]._trade_check_credit_manager()
        if self.filtered(lambda guarantee: guarantee.state != "valid"):
            raise UserError(self.env._("Only a valid guarantee can be released."))
        self._trade_workflow_write({"state": "released"})
        return True
