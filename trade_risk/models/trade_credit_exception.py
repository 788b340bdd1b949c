from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

#: Fields fixed once a credit manager decided; only the decision sets them.
DECISION_FIELDS = {"state", "decided_by_id", "date_decision"}
#: Set when the exception is requested: the request's audit trail.
REQUEST_FIELDS = {
    "name",
    "sale_order_id",
    "requested_by_id",
    "blocking_reason",
    "exposure_at_request",
    "available_at_request",
}


class TradeCreditException(models.Model):
    _name = "trade.credit.exception"
    _description = "Credit Exception"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', 'in', ('draft', 'sent'))]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_partner_id",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    amount = fields.Monetary(
        required=True,
        tracking=True,
        currency_field="currency_id",
        help="Order amount, in company currency, the exception lets through. "
        "If the order grows above it, it is refused again.",
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why the order should be confirmed despite the credit rules.",
    )
    blocking_reason = fields.Text(
        string="Refused Because",
        readonly=True,
        copy=False,
        help="What the credit check said when the exception was requested.",
    )
    exposure_at_request = fields.Monetary(
        string="Exposure at Request",
        readonly=True,
        copy=False,
        currency_field="currency_id",
    )
    available_at_request = fields.Monetary(
        string="Available Credit at Request",
        readonly=True,
        copy=False,
        currency_field="currency_id",
    )
    requested_by_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        copy=False,
    )
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_decision = fields.Datetime(
        string="Decided On",
        readonly=True,
        copy=False,
    )
    decision_note = fields.Text(
        tracking=True,
        help="The credit manager's conditions or the reason for a rejection.",
    )
    can_decide = fields.Boolean(
        compute="_compute_can_decide",
        help="The current user is a credit manager who did not request it.",
    )
    order_state = fields.Selection(
        related="sale_order_id.state",
        string="Order Status",
    )

    @api.depends("sale_order_id")
    def _compute_partner_id(self):
        for exception in self:
            order = exception.sale_order_id
            exception.partner_id = order.partner_id.commercial_partner_id
            exception.company_id = order.company_id or self.env.company

    @api.depends("requested_by_id")
    @api.depends_context("uid")
    def _compute_can_decide(self):
        is_manager = self._trade_is_credit_manager()
        for exception in self:
            exception.can_decide = bool(
                exception.id
                and is_manager
                and exception.requested_by_id != self.env.user
            )

    @api.constrains("amount", "reason")
    def _check_amount_reason(self):
        for exception in self:
            if exception.currency_id.compare_amounts(exception.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount of the credit exception for order %(order)s "
                        "must be positive.",
                        order=exception.sale_order_id.name,
                    )
                )
            if not (exception.reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Explain why order %(order)s should be confirmed despite "
                        "the credit rules.",
                        order=exception.sale_order_id.name,
                    )
                )

    @api.constrains("sale_order_id", "state")
    def _check_one_open_exception(self):
        for order in self.sale_order_id:
            open_exceptions = order.sudo().trade_credit_exception_ids.filtered(
                lambda exception: exception.state in ("requested", "approved")
            )
            if len(open_exceptions) > 1:
                raise ValidationError(
                    self.env._(
                        "Order %(order)s already has credit exception %(exception)s "
                        "requested or approved.",
                        order=order.name,
                        exception=open_exceptions.sorted("id")[0].name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if (
                vals.get("state", "requested") != "requested"
                or vals.get("decided_by_id")
                or vals.get("date_decision")
            ):
                raise AccessError(
                    self.env._(
                        "A credit exception is created as a request; a credit "
                        "manager approves or rejects it afterwards."
                    )
                )
            if vals.get("decision_note") and not self._trade_is_credit_manager():
                raise AccessError(
                    self.env._("Only a credit manager writes the decision note.")
                )
            if not (self.env.su and vals.get("requested_by_id")):
                vals["requested_by_id"] = self.env.uid
        exceptions = super().create(vals_list)
        for exception in exceptions:
            exception._trade_check_order_quotation()
            exception._trade_snapshot_request()
        exceptions._trade_notify_request()
        return exceptions

    def write(self, vals):
        if REQUEST_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "Who asked for a credit exception, for which order and what "
                    "the credit check said then cannot be changed: request a new "
                    "one."
                )
            )
        if DECISION_FIELDS & set(vals) and not self.env.context.get(
            "trade_exception_decision"
        ):
            raise AccessError(
                self.env._(
                    "A credit exception is approved or rejected with its Approve "
                    "and Reject buttons only."
                )
            )
        if "decision_note" in vals and not self._trade_is_credit_manager():
            raise AccessError(
                self.env._("Only a credit manager writes the decision note.")
            )
        locked = {"sale_order_id", "amount", "reason"} & set(vals)
        if locked and self.filtered(lambda exception: exception.state != "requested"):
            raise UserError(
                self.env._(
                    "A decided credit exception cannot be changed: request a new one."
                )
            )
        return super().write(vals)

    def _trade_is_credit_manager(self):
        return self.env["res.partner"]._trade_is_credit_manager()

    def _trade_check_order_quotation(self):
        order = self.sale_order_id
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Order %(order)s is already confirmed or cancelled: a credit "
                    "exception is requested for a quotation.",
                    order=order.name,
                )
            )

    def _trade_snapshot_request(self):
        """Keep what the credit check said when the exception was asked for."""
        order = self.sale_order_id
        customer = order.partner_id.commercial_partner_id
        figures = customer._trade_credit_figures(order.company_id)[customer.id]
        problems = order._trade_credit_problems(figures=figures)
        sequence = self.env["ir.sequence"].with_company(self.company_id)
        self.sudo().write(
            {
                "name": sequence.next_by_code("trade.credit.exception")
                or self.env._("New"),
                "blocking_reason": "\n".join(problems)
                or self.env._("The credit rules did not refuse the order."),
                "exposure_at_request": figures["exposure"],
                "available_at_request": figures["available"],
            }
        )

    def _trade_notify_request(self):
        """The company's credit manager gets an activity to decide."""
        activity_type = self.env.ref(
            "trade_risk.mail_activity_type_trade_credit_exception"
        )
        for exception in self:
            manager = exception.company_id.trade_credit_manager_id
            exception.sale_order_id.message_post(
                body=self.env._(
                    "Credit exception %(exception)s requested by %(user)s for "
                    "%(amount)s: %(reason)s",
                    exception=exception.name,
                    user=exception.requested_by_id.name,
                    amount=exception._trade_amount_text(),
                    reason=exception.reason,
                )
            )
            if manager and manager != exception.requested_by_id:
                exception.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=manager.id,
                    summary=self.with_context(lang=manager.lang or self.env.lang).env._(
                        "Decide on the credit exception for order %(order)s",
                        order=exception.sale_order_id.name,
                    ),
                )

    def _trade_amount_text(self):
        self.ensure_one()
        return formatLang(self.env, self.amount, currency_obj=self.currency_id)

    def _trade_check_decision(self):
        if not self._trade_is_credit_manager():
            raise AccessError(
                self.env._(
                    "Only a credit manager can approve or reject a credit exception."
                )
            )
        for exception in self:
            if exception.state != "requested":
                raise UserError(
                    self.env._(
                        "Credit exception %(exception)s was already decided.",
                        exception=exception.name,
                    )
                )
            if exception.requested_by_id == self.env.user and not self.env.su:
                raise UserError(
                    self.env._(
                        "You requested credit exception %(exception)s: another "
                        "credit manager must decide on it.",
                        exception=exception.name,
                    )
                )

    def _trade_decide(self, state):
        self.with_context(trade_exception_decision=True).write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "date_decision": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["trade_risk.mail_activity_type_trade_credit_exception"])

    def action_approve(self):
        """Let the order through the credit rules, up to the amount."""
        self._trade_check_decision()
        for exception in self:
            exception._trade_check_order_quotation()
        self._trade_decide("approved")
        for exception in self:
            exception.sale_order_id.message_post(
                body=self.env._(
                    "Credit exception %(exception)s approved by %(user)s for "
                    "%(amount)s: the order can be confirmed.",
                    exception=exception.name,
                    user=self.env.user.name,
                    amount=exception._trade_amount_text(),
                ),
                partner_ids=exception.requested_by_id.partner_id.ids,
            )
        return True

    def action_reject(self):
        """Refuse the exception; the reason is required."""
        self._trade_check_decision()
        for exception in self:
            if not (exception.decision_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write in Decision Note why credit exception %(exception)s "
                        "is rejected.",
                        exception=exception.name,
                    )
                )
        self._trade_decide("rejected")
        for exception in self:
            exception.sale_order_id.message_post(
                body=self.env._(
                    "Credit exception %(exception)s rejected by %(user)s: %(note)s",
                    exception=exception.name,
                    user=self.env.user.name,
                    note=exception.decision_note,
                ),
                partner_ids=exception.requested_by_id.partner_id.ids,
            )
        return True
