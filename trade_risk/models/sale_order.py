from odoo import api, fields, models
from odoo.tools.misc import formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    trade_company_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Company Currency",
    )
    trade_credit_exposure = fields.Monetary(
        string="Customer Exposure",
        compute="_compute_trade_credit",
        currency_field="trade_company_currency_id",
        help="What the customer owes or has on order now, in company currency: "
        "unpaid posted receivables, confirmed orders not invoiced yet and draft "
        "invoices of the customer and its contacts.",
    )
    trade_credit_available = fields.Monetary(
        string="Customer Available Credit",
        compute="_compute_trade_credit",
        currency_field="trade_company_currency_id",
        help="Credit limit plus valid guarantees minus exposure.",
    )
    trade_credit_controlled = fields.Boolean(
        string="Customer Under Credit Control",
        compute="_compute_trade_credit",
    )
    trade_credit_block_message = fields.Text(
        string="Credit Check",
        compute="_compute_trade_credit",
        help="Why confirming this quotation would be refused by the credit "
        "check, if it would.",
    )
    trade_credit_exception_ids = fields.One2many(
        comodel_name="trade.credit.exception",
        inverse_name="sale_order_id",
        string="Credit Exceptions",
        readonly=True,
    )
    trade_credit_exception_state = fields.Selection(
        selection=[
            ("requested", "Exception Requested"),
            ("approved", "Exception Approved"),
            ("rejected", "Exception Rejected"),
        ],
        string="Credit Exception",
        compute="_compute_trade_credit_exception_state",
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
    )
    trade_prepaid_amount = fields.Monetary(
        string="Down Payment Received",
        compute="_compute_trade_prepayment",
        currency_field="currency_id",
        help="Posted customer payments registered for this order, and online "
        "payments authorised or done.",
    )

    @api.depends(
        "partner_id",
        "company_id",
        "amount_total",
        "currency_id",
        "payment_term_id",
        "state",
        "trade_credit_exception_ids.state",
        "trade_credit_exception_ids.amount",
        "trade_prepayment_ids.state",
    )
    @api.depends_context("company")
    def _compute_trade_credit(self):
        self.trade_credit_exposure = 0.0
        self.trade_credit_available = 0.0
        self.trade_credit_controlled = False
        self.trade_credit_block_message = False
        for company, orders in (
            self.filtered("partner_id").grouped("company_id").items()
        ):
            customers = orders.partner_id.commercial_partner_id
            figures = customers._trade_credit_figures(company)
            for order in orders:
                values = figures[order.partner_id.commercial_partner_id._origin.id]
                order.trade_credit_exposure = values["exposure"]
                order.trade_credit_available = values["available"]
                order.trade_credit_controlled = values["controlled"]
                if order.state in ("draft", "sent") and values["controlled"]:
                    order.trade_credit_block_message = order._trade_credit_error(
                        figures=values
                    )

    @api.depends("trade_credit_exception_ids.state")
    def _compute_trade_credit_exception_state(self):
        for order in self:
            latest = order.trade_credit_exception_ids.sorted("id")[-1:]
            order.trade_credit_exception_state = latest.state

    @api.depends(
        "amount_total",
        "currency_id",
        "partner_id",
        "trade_prepayment_ids.state",
        "trade_prepayment_ids.amount",
        "transaction_ids.state",
    )
    def _compute_trade_prepayment(self):
        for order in self:
            ratio = order.partner_id.commercial_partner_id.trade_prepayment_ratio
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

    # ------------------------------------------------------------------
    # Confirmation (R5.2)
    # ------------------------------------------------------------------
    def action_confirm(self):
        """Lock the customers of the quotations before their credit check, so
        that two orders of one customer confirmed at the same moment are
        checked one after the other (see ``res.partner._trade_lock_credit``)."""
        quotations = self.filtered(lambda order: order.state in ("draft", "sent"))
        customers = quotations.partner_id.commercial_partner_id
        if customers:
            customers._trade_lock_credit()
        return super(
            SaleOrder, self.with_context(trade_credit_batch=quotations.ids)
        ).action_confirm()

    def _confirmation_error_message(self):
        return super()._confirmation_error_message() or self._trade_credit_error()

    def _action_confirm(self):
        result = super()._action_confirm()
        self.order_line._trade_store_cost_at_confirmation()
        for order in self:
            exception = order._trade_covering_exception()
            if exception:
                order.message_post(
                    body=self.env._(
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

    def _trade_batch_pending_amount(self):
        """Amount of the orders of the same customer confirmed in the same call
        before this one: they are not in the exposure yet."""
        batch = self.env.context.get("trade_credit_batch") or []
        if self._origin.id not in batch:
            return 0.0
        earlier = self.browse(batch[: batch.index(self._origin.id)]).filtered(
            lambda order: (
                order.partner_id.commercial_partner_id
                == self.partner_id.commercial_partner_id
                and order.company_id == self.company_id
            )
        )
        return sum(order._trade_amount_company_currency() for order in earlier)

    def _trade_payment_term_days(self):
        """Days from today to the last due date of the order's payment terms."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        due_dates = [
            line._get_due_date(today) for line in self.payment_term_id.line_ids
        ]
        return max(((due - today).days for due in due_dates), default=0)

    def _trade_credit_problems(self, figures=None):
        """What the credit rules refuse in this order (R5.2), as sentences.

        :param dict figures: the customer's figures from
            ``res.partner._trade_credit_figures`` (read when not given)
        """
        self.ensure_one()
        company = self.company_id
        customer = self.partner_id.commercial_partner_id
        if figures is None:
            figures = customer._trade_credit_figures(company)[customer._origin.id]
        if not figures["controlled"]:
            return []
        currency = company.currency_id

        def money(amount, currency=currency):
            return formatLang(self.env, amount, currency_obj=currency)

        problems = []
        amount = self._trade_amount_company_currency()
        pending = self._trade_batch_pending_amount()
        exposure_after = figures["exposure"] + pending + amount
        allowed = figures["limit"] + figures["guarantees"]
        if currency.compare_amounts(exposure_after, allowed) > 0:
            problems.append(
                self.env._(
                    "it would bring the exposure of %(customer)s to %(after)s, "
                    "above its credit limit of %(limit)s plus %(guarantees)s of "
                    "valid guarantees. Available credit: %(available)s; this "
                    "order: %(amount)s; exposure now: %(exposure)s (unpaid "
                    "receivables %(receivable)s, confirmed orders not invoiced "
                    "%(uninvoiced)s, draft invoices %(draft)s)",
                    customer=customer.display_name,
                    after=money(exposure_after),
                    limit=money(figures["limit"]),
                    guarantees=money(figures["guarantees"]),
                    available=money(figures["available"] - pending),
                    amount=money(amount),
                    exposure=money(figures["exposure"] + pending),
                    receivable=money(figures["receivable"]),
                    uninvoiced=money(figures["uninvoiced"] + pending),
                    draft=money(figures["draft_invoices"]),
                )
            )
        if figures["overdue_beyond_grace"] > 0:
            problems.append(
                self.env._(
                    "%(customer)s has %(amount)s overdue by more than the grace "
                    "period of %(grace)s days (oldest due %(days)s days ago)",
                    customer=customer.display_name,
                    amount=money(figures["overdue_beyond_grace"]),
                    grace=company.trade_credit_grace_days,
                    days=figures["overdue_days"],
                )
            )
        ratio = customer.trade_prepayment_ratio
        if ratio > 0:
            required = self.currency_id.round(self.amount_total * ratio)
            received = self.trade_prepaid_amount
            if self.currency_id.compare_amounts(received, required) < 0:
                problems.append(
                    self.env._(
                        "the credit rating of %(customer)s requires a down payment "
                        "of %(ratio)s%% (%(required)s) before confirmation and "
                        "%(received)s has been received: register the customer's "
                        "payment with this order as its Down Payment for Order",
                        customer=customer.display_name,
                        ratio=formatLang(self.env, ratio * 100, digits=0),
                        required=money(required, self.currency_id),
                        received=money(received, self.currency_id),
                    )
                )
        if customer.trade_credit_rating and self.payment_term_id:
            days = self._trade_payment_term_days()
            if days > customer.trade_credit_term_days:
                problems.append(
                    self.env._(
                        "the payment terms %(terms)s give %(days)s days, more than "
                        "the %(allowed)s days of credit allowed to %(customer)s",
                        terms=self.payment_term_id.display_name,
                        days=days,
                        allowed=customer.trade_credit_term_days,
                        customer=customer.display_name,
                    )
                )
        return problems

    def _trade_covering_exception(self):
        """The approved credit exception that lets this order through, if any:
        approved for an amount at least the order's."""
        self.ensure_one()
        amount = self._trade_amount_company_currency()
        currency = self.company_id.currency_id
        return self.sudo().trade_credit_exception_ids.filtered(
            lambda exception: (
                exception.state == "approved"
                and currency.compare_amounts(exception.amount, amount) >= 0
            )
        )[:1]

    def _trade_credit_error(self, figures=None):
        """The message refusing this order's confirmation under the credit
        rules, or False."""
        self.ensure_one()
        if self.state not in ("draft", "sent") or not self.partner_id:
            return False
        problems = self._trade_credit_problems(figures=figures)
        if not problems:
            return False
        if self._trade_covering_exception():
            return False
        approved = self.sudo().trade_credit_exception_ids.filtered(
            lambda exception: exception.state == "approved"
        )[:1]
        if approved:
            hint = self.env._(
                "Credit exception %(exception)s covers %(covered)s only: the order "
                "grew since; ask for a new exception.",
                exception=approved.name,
                covered=formatLang(
                    self.env, approved.amount, currency_obj=approved.currency_id
                ),
            )
        else:
            hint = self.env._(
                "Collect the payment, or ask a credit manager for a credit "
                "exception (Request Credit Exception on the quotation)."
            )
        return self.env._(
            "Order %(order)s cannot be confirmed under the credit rules:\n"
            "- %(problems)s\n%(hint)s",
            order=self.name,
            problems="\n- ".join(problems),
            hint=hint,
        )

    def action_trade_request_credit_exception(self):
        """Open a credit exception request for this quotation, prefilled."""
        self.ensure_one()
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
