from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang


class TradePaymentPromise(models.Model):
    _name = "trade.payment.promise"
    _description = "Promise to Pay"
    _inherit = [
        "trade.customer.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_promised desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
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
    date = fields.Date(
        string="Promised On",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help="When the customer made the promise: payments from this day on "
        "count towards it.",
    )
    date_promised = fields.Date(
        string="Payment Date",
        required=True,
        tracking=True,
        help="The collection ladder waits until this date.",
    )
    amount = fields.Monetary(
        required=True,
        tracking=True,
        currency_field="currency_id",
    )
    amount_received = fields.Monetary(
        string="Received Since",
        readonly=True,
        copy=False,
        currency_field="currency_id",
        help="Payments received from the customer between the promise and its "
        "date, when the promise was settled.",
    )
    invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id), "
        "('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    contact_name = fields.Char(
        string="Promised By",
        help="Who made the promise at the customer.",
    )
    note = fields.Text()
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("kept", "Kept"),
            ("broken", "Broken"),
            ("cancelled", "Cancelled"),
        ],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("partner_id", "amount", "date_promised")
    def _compute_display_name(self):
        for promise in self:
            promise.display_name = self.env._(
                "%(customer)s: %(amount)s by %(date)s",
                customer=promise.partner_id.name or "",
                amount=formatLang(
                    self.env, promise.amount, currency_obj=promise.currency_id
                ),
                date=promise.date_promised or "",
            )

    @api.constrains("amount", "date", "date_promised")
    def _check_amount_date(self):
        for promise in self:
            if promise.currency_id.compare_amounts(promise.amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The amount promised by %(customer)s must be positive.",
                        customer=promise.partner_id.display_name,
                    )
                )
            if promise.date_promised < promise.date:
                raise ValidationError(
                    self.env._(
                        "The payment date promised by %(customer)s cannot be before "
                        "the day of the promise (%(date)s).",
                        customer=promise.partner_id.display_name,
                        date=promise.date,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        # settled by the daily collection run; who recorded it and when
        # (payments from that day count towards it)
        return super()._trade_workflow_fields() | {
            "state",
            "amount_received",
            "user_id",
            "date",
        }

    @api.model_create_multi
    def create(self, vals_list):
        promises = super().create(vals_list)
        promises._check_promise_horizon()
        # a log on the customer's chatter: finance may record promises for
        # customers whose record they cannot edit
        for promise in promises:
            promise.partner_id.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=self.env._(
                    "Promise to pay %(amount)s by %(date)s recorded by %(user)s: the "
                    "collection ladder waits until then.",
                    amount=formatLang(
                        self.env, promise.amount, currency_obj=promise.currency_id
                    ),
                    date=promise.date_promised,
                    user=promise.user_id.name,
                ),
            )
        return promises

    def write(self, vals):
        if {"amount", "date_promised", "partner_id"} & set(vals) and self.filtered(
            lambda promise: promise.state != "open"
        ):
            raise UserError(
                self.env._("A settled promise cannot be changed: record a new one.")
            )
        result = super().write(vals)
        if "date_promised" in vals:
            self._check_promise_horizon()
        return result

    def _check_promise_horizon(self):
        """A promise pauses the collection ladder until its date (R5.2): a
        salesperson records a payment date at most the company's days for a
        promise after the promise; a credit manager may record a later one."""
        if self.env["res.partner"]._trade_is_credit_manager():
            return
        for promise in self:
            days = promise.company_id.sudo().trade_promise_max_days
            latest = promise.date + timedelta(days=days)
            if promise.date_promised > latest:
                raise UserError(
                    self.env._(
                        "%(customer)s would pay on %(date)s, more than %(days)s "
                        "days after the promise: the collection ladder would wait "
                        "until then. Record a payment date until %(latest)s, or "
                        "ask a credit manager to record a later promise.",
                        customer=promise.partner_id.display_name,
                        date=promise.date_promised,
                        days=days,
                        latest=latest,
                    )
                )

    def action_cancel(self):
        if self.filtered(lambda promise: promise.state != "open"):
            raise UserError(self.env._("Only an open promise can be cancelled."))
        self._trade_workflow_write({"state": "cancelled"})
        return True

    @api.model
    def _due_promises_domain(self):
        return [
            ("state", "=", "open"),
            ("date_promised", "<", fields.Date.context_today(self)),
        ]

    @api.model
    def _settle_due_promises(self, limit=None):
        """Open promises whose date passed are kept when the customer paid at
        least the amount since the promise, broken otherwise (one query);
        ``limit`` of them at most (a batch of the collection job).

        :return: the promises settled
        """
        due = self.sudo().search(self._due_promises_domain(), limit=limit, order="id")
        if not due:
            return due
        received = self.env["trade.receivable.query"]._read_received_since_promises(due)
        for promise in due:
            amount = received.get(promise.id, 0.0)
            kept = promise.currency_id.compare_amounts(amount, promise.amount) >= 0
            promise._trade_workflow_write(
                {"state": "kept" if kept else "broken", "amount_received": amount},
                access=None,
            )
            if kept:
                continue
            user = (
                promise.partner_id.user_id or promise.company_id.trade_credit_manager_id
            )
            if user:
                promise.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.with_context(lang=user.lang or self.env.lang).env._(
                        "%(customer)s broke its promise to pay %(amount)s by "
                        "%(date)s: the collection ladder resumes",
                        customer=promise.partner_id.display_name,
                        amount=formatLang(
                            self.env, promise.amount, currency_obj=promise.currency_id
                        ),
                        date=promise.date_promised,
                    ),
                )
        return due
