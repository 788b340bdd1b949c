from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.trade_business_dept.text import in_company_lang

from .trade_credit_decision_mixin import DECISION_FIELDS

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
    _inherit = [
        "trade.credit.decision.mixin",
        "trade.reference.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.credit.exception"
    _decision_activity_type = "trade_risk.mail_activity_type_trade_credit_exception"

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
    partner_invoice_id = fields.Many2one(
        comodel_name="res.partner",
        string="Invoice Address",
        compute="_compute_order_terms",
        store=True,
        precompute=True,
        help="Who the order was billed to when the exception was requested: "
        "the exception lapses when the order is billed to someone else.",
    )
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
        compute="_compute_order_terms",
        store=True,
        precompute=True,
        help="The order's payment terms when the exception was requested: the "
        "exception lapses when they change.",
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
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("lapsed", "Lapsed"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    decision_note = fields.Text(
        tracking=True,
        help="The credit manager's conditions or the reason for a rejection.",
    )
    order_state = fields.Selection(
        related="sale_order_id.state",
        string="Order Status",
    )

    # The customer and company the exception was requested for: computed
    # once from the order and kept, even when the order's customer changes
    # afterwards (then the exception lapses, see ``_binds_order``).
    @api.depends("sale_order_id")
    def _compute_partner_id(self):
        for exception in self:
            order = exception.sale_order_id
            exception.partner_id = order.partner_id.commercial_partner_id
            exception.company_id = order.company_id or self.env.company

    # Who pays and on which terms, kept as requested like the customer: the
    # exception lapses when they change on the order (see ``_binds_order``).
    @api.depends("sale_order_id")
    def _compute_order_terms(self):
        for exception in self:
            order = exception.sale_order_id
            exception.partner_invoice_id = order.partner_invoice_id
            exception.payment_term_id = order.payment_term_id

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

    @api.model
    def _trade_workflow_fields(self):
        return (
            super()._trade_workflow_fields()
            | DECISION_FIELDS
            | {
                "name",
                "partner_id",
                "company_id",
                "partner_invoice_id",
                "payment_term_id",
                "requested_by_id",
                "blocking_reason",
                "exposure_at_request",
                "available_at_request",
            }
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
            if vals.get("decision_note") and not self._is_credit_manager():
                raise AccessError(
                    self.env._("Only a credit manager writes the decision note.")
                )
        orders = self.env["sale.order"].browse(
            [vals["sale_order_id"] for vals in vals_list if vals.get("sale_order_id")]
        )
        if not self.env.su:
            orders._trade_check_may_request_exception()
        # an approval the order outgrew (or of another customer) makes way
        orders._trade_lapse_credit_exceptions()
        # numbered by the sequence of the order's company (the reference
        # mixin takes the company of the environment when none is given),
        # in the order of vals_list
        batches = []
        for vals in vals_list:
            company = orders.browse(vals.get("sale_order_id")).company_id
            if batches and batches[-1][0] == company:
                batches[-1][1].append(vals)
            else:
                batches.append((company, [vals]))
        exceptions = self.browse()
        for company, company_vals in batches:
            records = super(TradeCreditException, self.with_company(company))
            exceptions |= records.create(company_vals).with_env(self.env)
        for exception in exceptions:
            exception._check_order_quotation()
            exception._snapshot_request()
        exceptions._notify_request()
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
        if "decision_note" in vals and not self._is_credit_manager():
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

    def _binds_order(self):
        """Whether the order is still the one the exception was requested
        for: the same customer, in the same company, billed to the same
        address on the same payment terms."""
        self.ensure_one()
        return not self._unbound_reason()

    def _unbound_reason(self):
        """What changed on the order since the request that the exception does
        not cover (customer, company, invoice address, payment terms), as a
        sentence, or False."""
        self.ensure_one()
        order = self.sale_order_id
        if (
            self.partner_id != order.partner_id.commercial_partner_id
            or self.company_id != order.company_id
        ):
            return self.env._(
                "the order's customer changed from %(customer)s",
                customer=self.partner_id.display_name,
            )
        if self.partner_invoice_id != order.partner_invoice_id:
            return self.env._(
                "the order's invoice address changed from %(partner)s",
                partner=self.partner_invoice_id.display_name or self.env._("none"),
            )
        if self.payment_term_id != order.payment_term_id:
            return self.env._(
                "the order's payment terms changed from %(terms)s",
                terms=self.payment_term_id.display_name or self.env._("none"),
            )
        return False

    def _covers_order(self):
        """Whether the exception, as approved, covers its order as it is now:
        bound to it and for at least its amount (in company currency)."""
        self.ensure_one()
        return self._binds_order() and (
            self.currency_id.compare_amounts(
                self.amount, self.sale_order_id._trade_amount_company_currency()
            )
            >= 0
        )

    def _lapse(self):
        """The order changed since the request or the approval (customer,
        company, amount): the exception no longer counts. Called by the
        order's own methods when it changes."""
        for exception in self:
            reason = exception._unbound_reason()
            if not reason:
                reason = self.env._(
                    "the order grew beyond %(amount)s",
                    amount=exception._amount_text(),
                )
            exception._trade_workflow_write({"state": "lapsed"}, access=None)
            exception.sale_order_id.message_post(
                body=in_company_lang(exception).env._(
                    "Credit exception %(exception)s lapsed: %(reason)s. Ask for a "
                    "new one if the order still needs it.",
                    exception=exception.name,
                    reason=reason,
                )
            )
        self.sudo().activity_unlink(
            ["trade_risk.mail_activity_type_trade_credit_exception"]
        )

    def _check_order_quotation(self):
        order = self.sale_order_id
        if order.state not in ("draft", "sent"):
            raise UserError(
                self.env._(
                    "Order %(order)s is already confirmed or cancelled: a credit "
                    "exception is requested for a quotation.",
                    order=order.name,
                )
            )

    def _snapshot_request(self):
        """Keep what the credit check said when the exception was asked for."""
        order = self.sale_order_id
        customer = order.partner_id.commercial_partner_id
        figures = order._trade_credit_parties()._trade_credit_figures(order.company_id)
        problems = order._trade_credit_problems(figures=figures)
        self._trade_workflow_write(
            {
                "blocking_reason": "\n".join(problems)
                or self.env._("The credit rules did not refuse the order."),
                "exposure_at_request": figures[customer.id]["exposure"],
                "available_at_request": figures[customer.id]["available"],
            },
            access=None,
        )

    def _notify_request(self):
        """The company's credit manager gets an activity to decide."""
        activity_type = self.env.ref(
            "trade_risk.mail_activity_type_trade_credit_exception"
        )
        for exception in self:
            manager = exception.company_id.trade_credit_manager_id
            exception.sale_order_id.message_post(
                body=in_company_lang(exception).env._(
                    "Credit exception %(exception)s requested by %(user)s for "
                    "%(amount)s: %(reason)s",
                    exception=exception.name,
                    user=exception.requested_by_id.name,
                    amount=exception._amount_text(),
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

    def _decision_texts(self, name):
        _ = self.env._
        return {
            "buttons": _(
                "A credit exception is approved or rejected with its Approve "
                "and Reject buttons only."
            ),
            "manager": _(
                "Only a credit manager can approve or reject a credit exception."
            ),
            "lapsed": _(
                "Credit exception %(exception)s lapsed when its order "
                "changed: it cannot be decided any more.",
                exception=name,
            ),
            "decided": _(
                "Credit exception %(exception)s was already decided.",
                exception=name,
            ),
            "own": _(
                "You requested credit exception %(exception)s: another "
                "credit manager must decide on it.",
                exception=name,
            ),
        }

    def action_approve(self):
        """Let the order through the credit rules, up to the amount."""
        self._check_decision()
        for exception in self:
            exception._check_order_quotation()
            reason = exception._unbound_reason()
            if reason:
                raise UserError(
                    self.env._(
                        "Order %(order)s changed since credit exception "
                        "%(exception)s was requested (%(reason)s): a new one "
                        "must be requested.",
                        order=exception.sale_order_id.name,
                        exception=exception.name,
                        reason=reason,
                    )
                )
        self._decide("approved")
        for exception in self:
            exception.sale_order_id.message_post(
                body=in_company_lang(exception).env._(
                    "Credit exception %(exception)s approved by %(user)s for "
                    "%(amount)s: the order can be confirmed.",
                    exception=exception.name,
                    user=self.env.user.name,
                    amount=exception._amount_text(),
                ),
                partner_ids=exception.requested_by_id.partner_id.ids,
            )
        return True

    def action_reject(self):
        """Refuse the exception; the reason is required."""
        self._check_decision()
        for exception in self:
            if not (exception.decision_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write in Decision Note why credit exception %(exception)s "
                        "is rejected.",
                        exception=exception.name,
                    )
                )
        self._decide("rejected")
        for exception in self:
            exception.sale_order_id.message_post(
                body=in_company_lang(exception).env._(
                    "Credit exception %(exception)s rejected by %(user)s: %(note)s",
                    exception=exception.name,
                    user=self.env.user.name,
                    note=exception.decision_note,
                ),
                partner_ids=exception.requested_by_id.partner_id.ids,
            )
        return True
