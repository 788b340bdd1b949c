from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..text import join_names

#: Fields the declarer may no longer change once the declaration is submitted.
LOCKED_FIELDS = {
    "user_id",
    "partner_id",
    "date_received",
    "gift_type",
    "description",
    "estimated_value",
    "currency_id",
    "disposition",
}


class TradeGiftDeclaration(models.Model):
    """Gifts and hospitality received from customers or suppliers (R2.3).

    Only the declarer and the department managers can read a declaration.
    """

    _name = "trade.gift.declaration"
    _description = "Gift and Hospitality Declaration"
    _inherit = [
        "trade.reference.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.gift.declaration"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Declared By",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Given By",
        required=True,
        tracking=True,
        check_company=True,
        help="Customer or supplier who offered the gift or hospitality.",
    )
    date_received = fields.Date(
        required=True,
        tracking=True,
        default=fields.Date.context_today,
    )
    gift_type = fields.Selection(
        selection=[
            ("gift", "Gift"),
            ("hospitality", "Hospitality (meal, event, travel)"),
            ("cash", "Cash or Voucher"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="gift",
        tracking=True,
    )
    description = fields.Text(
        required=True,
        tracking=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    estimated_value = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
    )
    disposition = fields.Selection(
        selection=[
            ("declined", "Declined"),
            ("returned", "Returned to the Giver"),
            ("handed_over", "Handed Over to the Company"),
            ("donated", "Donated"),
            ("kept", "Kept with Approval"),
        ],
        string="What Was Done With It",
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("declared", "Declared"),
            ("acknowledged", "Acknowledged"),
        ],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )
    acknowledged_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_acknowledged = fields.Datetime(
        string="Acknowledged On",
        readonly=True,
        copy=False,
    )
    manager_comment = fields.Text(
        tracking=True,
    )

    @api.constrains("estimated_value")
    def _check_estimated_value(self):
        if any(declaration.estimated_value < 0 for declaration in self):
            raise ValidationError(
                self.env._("The estimated value of a gift cannot be negative.")
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            # a declaration is made by the person who received the gift
            "user_id",
            "acknowledged_by_id",
            "date_acknowledged",
        }

    def write(self, vals):
        if LOCKED_FIELDS & set(vals) and not self.env.user.has_group(
            "trade_business_dept.group_trade_manager"
        ):
            submitted = self.filtered(lambda declaration: declaration.state != "draft")
            if submitted:
                raise UserError(
                    self.env._(
                        "Declaration %s has been submitted and can no longer be "
                        "changed; ask your manager if something is wrong.",
                        join_names(self.env, submitted.mapped("name")),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(declaration.state != "draft" for declaration in self):
            raise UserError(
                self.env._(
                    "A submitted declaration is part of the integrity register "
                    "and cannot be deleted."
                )
            )

    def action_declare(self):
        not_draft = self.filtered(lambda declaration: declaration.state != "draft")
        if not_draft:
            raise UserError(
                self.env._(
                    "Declaration %s is already submitted.",
                    join_names(self.env, not_draft.mapped("name")),
                )
            )
        self._trade_workflow_write({"state": "declared"})
        return True

    def action_acknowledge(self):
        if not self.env.user.has_group("trade_business_dept.group_trade_manager"):
            raise UserError(
                self.env._("Only a business manager can acknowledge a declaration.")
            )
        own = self.filtered(
            lambda declaration: (
                self.env.user in (declaration.user_id | declaration.create_uid)
            )
        )
        if own:
            raise UserError(
                self.env._(
                    "You cannot acknowledge your own declaration %s: another "
                    "manager has to.",
                    join_names(self.env, own.mapped("name")),
                )
            )
        not_declared = self.filtered(
            lambda declaration: declaration.state != "declared"
        )
        if not_declared:
            raise UserError(
                self.env._(
                    "Only submitted declarations can be acknowledged: %s",
                    join_names(self.env, not_declared.mapped("name")),
                )
            )
        self._trade_workflow_write(
            {
                "state": "acknowledged",
                "acknowledged_by_id": self.env.user.id,
                "date_acknowledged": fields.Datetime.now(),
            }
        )
        return True
