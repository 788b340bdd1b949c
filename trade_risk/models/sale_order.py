from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import formatLang

from odoo.addons.trade_business_dept.text import in_company_lang

from .res_partner import CREDIT_POLICY_SOURCES

#: Changing one of these on a quotation may void its credit exception: it
#: covers one customer, in one company, billed to one address on one payment
#: term, up to an amount (R5.2).
CREDIT_EXCEPTION_BINDING = {
    "partner_id",
    "partner_invoice_id",
    "payment_term_id",
    "company_id",
    "pricelist_id",
    "currency_id",
    "order_line",
}

#: Groups that may read credit exceptions (a plain Odoo salesman may not).
EXCEPTION_READERS = (
    "trade_business_dept.group_trade_salesperson,"
    "trade_risk.group_trade_credit_manager,"
    "account.group_account_invoice"
)

#: Key of the cursor's cache where ``action_confirm`` keeps, per quotation,
#: the amount of the quotations of the same customer confirmed before it.
PENDING_CACHE_KEY = "trade_risk.credit_pending"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    trade_company_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Company Currency",
        groups="base.group_user",
    )
    trade_credit_exposure = fields.Monetary(
        string="Customer Exposure",
        compute="_compute_trade_credit",
        currency_field="trade_company_currency_id",
        help="What the customer owes or has on order now, in company currency: "
        "unpaid posted receivables, confirmed orders not invoiced yet and draft "
        "invoices (not draft credit notes) of the customer and its contacts, in "
        "the company and its parent and branches.",
        groups="base.group_user",
    )
    trade_credit_available = fields.Monetary(
        string="Customer Available Credit",
        compute="_compute_trade_credit",
        currency_field="trade_company_currency_id",
        help="Credit limit plus valid guarantees minus exposure.",
        groups="base.group_user",
    )
    trade_credit_visible = fields.Boolean(
        string="Credit Figures Visible",
        compute="_compute_trade_credit",
        help="The current user may see the customer's credit figures: the "
        "salesperson of the order or of the customer, the credit managers "
        "and finance.",
        groups="base.group_user",
    )
    trade_credit_controlled = fields.Boolean(
        string="Customer Under Credit Control",
        compute="_compute_trade_credit",
        groups="base.group_user",
    )
    trade_credit_policy = fields.Selection(
        selection=CREDIT_POLICY_SOURCES,
        string="Customer's Credit Policy",
        compute="_compute_trade_credit",
        help="The policy the credit rules apply to the customer: its credit "
        "rating's; without a rating, its own credit limit or else the "
        "company's default credit policy (Settings); none when a credit "
        "manager exempted it.",
        groups="base.group_user",
    )
    trade_credit_block_message = fields.Text(
        string="Credit Check",
        compute="_compute_trade_credit",
        help="Why confirming this quotation would be refused by the credit "
        "check, if it would.",
        groups="base.group_user",
    )
    trade_credit_exception_ids = fields.One2many(
        comodel_name="trade.credit.exception",
        inverse_name="sale_order_id",
        string="Credit Exceptions",
        readonly=True,
        # those who may read the exceptions; everyone sees their state
        groups=EXCEPTION_READERS,
    )
    trade_credit_exception_state = fields.Selection(
        selection=[
            ("requested", "Exception Requested"),
            ("approved", "Exception Approved"),
            ("rejected", "Exception Rejected"),
            ("lapsed", "Exception Lapsed"),
        ],
        string="Credit Exception",
        compute="_compute_trade_credit_exception_state",
        groups="base.group_user",
    )
    trade_prepayment_ids = fields.One2many(
        comodel_name="account.payment",
        inverse_name="trade_sale_order_id",
        string="Down Payments",
        readonly=True,
        groups="account.group_account_invoice",
    )
    trade_prepayment_required = fields.Monetary(
        string="Down Payment Required",
        compute="_compute_trade_prepayment",
        currency_field="currency_id",
        help="Share of the order the customer's credit rating requires to be "
        "paid before confirmation.",
        groups="base.group_user",
    )
    trade_prepaid_amount = fields.Monetary(
        string="Down Payment Received",
        compute="_compute_trade_prepayment",
        currency_field="currency_id",
        help="Posted customer payments registered for this order, and online "
        "payments authorised or done.",
        groups="base.group_user",
    )

    @api.depends(
        "partner_id",
        "partner_invoice_id",
        "company_id",
        "amount_total",
        "currency_id",
        "payment_term_id",
        "state",
        "trade_credit_exception_ids.state",
        "trade_credit_exception_ids.amount",
        "trade_prepayment_ids.state",
        "team_id",
    )
    @api.depends_context("company", "uid")
    def _compute_trade_credit(self):
        self.trade_credit_exposure = 0.0
        self.trade_credit_available = 0.0
        self.trade_credit_controlled = False
        self.trade_credit_policy = False
        self.trade_credit_block_message = False
        self.trade_credit_visible = False
        for company, orders in (
            self.filtered("partner_id").grouped("company_id").items()
        ):
            customers = (
                orders.partner_id.commercial_partner_id
                | orders.partner_invoice_id.commercial_partner_id
            )
            figures = customers._trade_credit_figures(company)
            for order in orders:
                values = figures[order.partner_id.commercial_partner_id._origin.id]
                visible = order._trade_credit_visible()
                order.trade_credit_visible = visible
                if visible:
                    order.trade_credit_exposure = values["exposure"]
                    order.trade_credit_available = values["available"]
                    order.trade_credit_controlled = values["controlled"]
                    order.trade_credit_policy = values["policy"]
                if order.state in ("draft", "sent") and order.trade_in_scope:
                    # without the figures for those who may not see them
                    order.trade_credit_block_message = order._trade_credit_error(
                        figures=figures, detailed=visible
                    )

    @api.depends("trade_credit_exception_ids.state")
    def _compute_trade_credit_exception_state(self):
        for order in self:
            # shown to every user of the order, also those without access to
            # the credit exceptions (a plain Odoo salesman)
            latest = order.sudo().trade_credit_exception_ids.sorted("id")[-1:]
            order.trade_credit_exception_state = latest.state

    @api.depends(
        "amount_total",
        "currency_id",
        "partner_id",
        "partner_invoice_id",
        "company_id",
        "team_id",
        "trade_prepayment_ids.state",
        "trade_prepayment_ids.amount",
        "transaction_ids.state",
    )
    def _compute_trade_prepayment(self):
        for order in self:
            # the down payment of the customer's credit policy (its rating's
            # or the default one), the highest of the customer's and of the
            # company billed, in the department's scope only
            ratio = 0.0
            if order.trade_in_scope and order.partner_id:
                company = order.company_id or self.env.company
                ratio = max(
                    party._trade_credit_policy(company)["prepayment_ratio"]
                    for party in order._trade_credit_parties()
                )
            order.trade_prepayment_required = order.currency_id.round(
                order.amount_total * ratio
            )
            received = order.amount_paid
            for payment in order.sudo().trade_prepayment_ids:
                if payment.state not in ("in_process", "paid"):
                    continue
                received += payment.currency_id._convert(
                    payment.amount,
                    order.currency_id,
                    order.company_id,
                    payment.date or fields.Date.context_today(order),
                )
            order.trade_prepaid_amount = received

    @api.model
    def _trade_workflow_fields(self):
        # exceptions are requested and decided on their own records; down
        # payments are linked from the payments
        return super()._trade_workflow_fields() | {
            "trade_credit_exception_ids",
            "trade_prepayment_ids",
        }

    # ------------------------------------------------------------------
    # Confirmation (R5.2)
    # ------------------------------------------------------------------
    def write(self, vals):
        result = super().write(vals)
        if CREDIT_EXCEPTION_BINDING & set(vals):
            self._trade_lapse_credit_exceptions()
        return result

    def action_confirm(self):
        """Lock the customers of the department's quotations before their
        credit check, so that two orders of one customer confirmed at the
        same moment are checked one after the other (see
        ``res.partner._trade_lock_credit``).

        Several quotations of one customer confirmed together are checked in
        turn, each with the ones before it counted in the exposure (see
        :meth:`_trade_credit_pending`)."""
        quotations = self.filtered(
            lambda order: order.state in ("draft", "sent") and order.trade_in_scope
        )
        customers = (
            quotations.partner_id.commercial_partner_id
            | quotations.partner_invoice_id.commercial_partner_id
        )
        if customers:
            customers._trade_lock_credit()
        pending = quotations._trade_batch_pending_amounts()
        cache = self.env.cr.cache.setdefault(PENDING_CACHE_KEY, {})
        cache.update(pending)
        try:
            return super().action_confirm()
        finally:
            for order_id in pending:
                cache.pop(order_id, None)

    def _trade_confirmation_rules(self):
        # the credit rules join the department's checks: one refusal lists
        # every problem of the order (R3.3.1, R5.2)
        return [*super()._trade_confirmation_rules(), "_trade_check_credit"]

    def _trade_check_credit(self):
        """R5.2: the order passes the credit rules, or an approved credit
        exception bound to it covers it; the problems come with the way out
        (collect, or ask for a credit exception)."""
        if self.state not in ("draft", "sent") or not self.partner_id:
            return []
        problems = self._trade_credit_problems(
            pending=self._trade_credit_pending(),
            detailed=self._trade_credit_visible(),
        )
        if not problems or self._trade_covering_exception():
            return []
        return [*problems, self._trade_credit_hint()]

    def _trade_credit_pending(self):
        """``{commercial partner id: amount}``: per customer of this order
        (see ``_trade_credit_parties``), the amount, in company currency, of
        the quotations of that customer confirmed in the same call before
        this one: not in the exposure yet.

        ``action_confirm`` keeps it in the cursor's cache for the rules it
        calls (the rules take no argument); neither the context nor any
        client can set it."""
        return self.env.cr.cache.get(PENDING_CACHE_KEY, {}).get(self.id, {})

    def _action_confirm(self):
        result = super()._action_confirm()
        # only the department's orders; what trade_risk records on the side
        # needs no right of the user (a plain Odoo salesman confirms too)
        department_orders = self.filtered("trade_in_scope")
        department_orders.order_line._trade_store_cost_at_confirmation()
        for order in department_orders:
            exception = order._trade_covering_exception()
            if exception:
                order.message_post(
                    body=in_company_lang(order).env._(
                        "Confirmed beyond the credit rules under credit exception "
                        "%(exception)s, approved by %(user)s.",
                        exception=exception.name,
                        user=exception.decided_by_id.name,
                    )
                )
        return result

    def _trade_amount_company_currency(self):
        """Total of the order in company currency, at today's rate."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            fields.Date.context_today(self),
        )

    def _trade_batch_pending_amounts(self):
        """``{order id: {commercial partner id: amount}}``: for each of these
        quotations, confirmed in one call, and each customer whose credit it
        must fit, the amount of the quotations of that customer (ordering or
        billed) and company before it, which are not in the exposure yet."""
        pending, seen = {}, {}
        for order in self:
            amount = order._trade_amount_company_currency()
            pending[order.id] = {}
            for party in order._trade_credit_parties():
                key = (party.id, order.company_id.id)
                pending[order.id][party.id] = seen.get(key, 0.0)
                seen[key] = pending[order.id][party.id] + amount
        return pending

    def _trade_credit_visible(self):
        """Whether the current user may see the credit figures of this
        order's customer: the salesperson of the order or of the customer,
        credit managers (business managers included) and finance."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        return bool(
            Partner._trade_sees_all_credit()
            or self.user_id == self.env.user
            or self.partner_id.commercial_partner_id._trade_credit_visible_partners()
        )

    def _trade_payment_term_days(self):
        """Days from today to the last due date of the order's payment terms."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        due_dates = [
            line._get_due_date(today) for line in self.payment_term_id.line_ids
        ]
        return max(((due - today).days for due in due_dates), default=0)

    def _trade_covering_exception(self):
        """The approved credit exception that lets this order through, if any:
        approved for this order's customer and company, for an amount at
        least the order's."""
        self.ensure_one()
        return self.sudo().trade_credit_exception_ids.filtered(
            lambda exception: (
                exception.state == "approved" and exception._covers_order()
            )
        )[:1]

    def _trade_lapse_credit_exceptions(self):
        """Void the credit exceptions these quotations no longer match: one
        requested or approved for another customer or company, one approved
        for less than the order is now. An approval is bound to what was
        approved (R5.2); the order needs a new one."""
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        if not quotations:
            return
        lapsed = quotations.sudo().trade_credit_exception_ids.filtered(
            lambda exception: (
                (
                    exception.state in ("requested", "approved")
                    and not exception._binds_order()
                )
                or (exception.state == "approved" and not exception._covers_order())
            )
        )
        if lapsed:
            # what the order's change voids needs no right of the user
            lapsed._lapse()

    def _trade_credit_error(self, figures=None, pending=0.0, detailed=None):
        """The message refusing this order under the credit rules alone, or
        False (the order's Credit Check; the confirmation lists it with the
        department's other checks, see :meth:`_trade_check_credit`).

        :param bool detailed: with the customer's figures; by default when
            the current user may see them
        """
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self.partner_id:
            return False
        if detailed is None:
            detailed = self._trade_credit_visible()
        problems = self._trade_credit_problems(
            figures=figures, pending=pending, detailed=detailed
        )
        if not problems or self._trade_covering_exception():
            return False
        return self.env._(
            "Order %(order)s cannot be confirmed under the credit rules:\n"
            "- %(problems)s\n%(hint)s",
            order=self.name,
            problems="\n- ".join(problems),
            hint=self._trade_credit_hint(),
        )

    def _trade_credit_hint(self):
        """What to do about a refusal of the credit rules: collect or ask
        for a credit exception, or why the last exception no longer counts."""
        latest = self.sudo().trade_credit_exception_ids.sorted("id")[-1:]
        if latest.state not in ("approved", "lapsed"):
            customer = self.partner_id.commercial_partner_id
            policy = customer._trade_credit_policy(self.company_id)
            if policy["policy"] == "default":
                return self.env._(
                    "%(customer)s has no credit rating or limit: the company's "
                    "default credit policy applies (%(policy)s). Collect the "
                    "payment, ask a credit manager to rate the customer after "
                    "a credit investigation, or ask for a credit exception "
                    "(Request Credit Exception on the quotation).",
                    customer=customer.display_name,
                    policy=self.company_id._trade_default_credit_policy_text(),
                )
            return self.env._(
                "Collect the payment, or ask a credit manager for a credit "
                "exception (Request Credit Exception on the quotation)."
            )
        if latest.partner_id != self.partner_id.commercial_partner_id:
            return self.env._(
                "Credit exception %(exception)s was for %(customer)s: it lapsed "
                "when the order's customer changed; ask for a new exception.",
                exception=latest.name,
                customer=latest.partner_id.display_name,
            )
        if not latest._binds_order():
            return self.env._(
                "Credit exception %(exception)s lapsed: %(reason)s; ask for a new "
                "exception.",
                exception=latest.name,
                reason=latest._unbound_reason(),
            )
        if not latest._covers_order():
            return self.env._(
                "Credit exception %(exception)s covers %(covered)s only: the order "
                "grew since; ask for a new exception.",
                exception=latest.name,
                covered=formatLang(
                    self.env, latest.amount, currency_obj=latest.currency_id
                ),
            )
        return self.env._(
            "Credit exception %(exception)s lapsed when the order changed; "
            "ask for a new exception.",
            exception=latest.name,
        )

    def _trade_check_may_request_exception(self):
        """A credit exception is requested by whoever may see the figures it
        records: the salesperson of the order or of the customer, a credit
        manager or finance."""
        for order in self:
            if not order._trade_credit_visible():
                raise AccessError(
                    self.env._(
                        "Only the salesperson of order %(order)s or of its "
                        "customer, a credit manager or finance can request a "
                        "credit exception for it.",
                        order=order.name,
                    )
                )

    def action_trade_request_credit_exception(self):
        """Open a credit exception request for this quotation, prefilled."""
        self.ensure_one()
        self._trade_check_may_request_exception()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Credit Exception"),
            "res_model": "trade.credit.exception",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_sale_order_id": self.id,
                "default_amount": self._trade_amount_company_currency(),
            },
        }

    def action_trade_view_credit_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_risk.trade_credit_exception_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"default_sale_order_id": self.id}
        return action
