from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from ..text import join_names

TRANSPORT_MODES = [
    ("sea", "Sea"),
    ("air", "Air"),
    ("road", "Road"),
    ("rail", "Rail"),
    ("express", "Express Courier"),
    ("multimodal", "Multimodal"),
]

CONTRACT_STATES = [
    ("draft", "Draft"),
    ("legal_review", "Legal Review"),
    ("approved", "Approved"),
    ("signed", "Signed"),
    ("done", "Fulfilled"),
    ("cancelled", "Cancelled"),
]

#: Terms the legal review needs: submission is refused while one is empty.
REVIEW_REQUIRED_FIELDS = [
    "partner_id",
    "currency_id",
    "date_start",
    "date_end",
    "price_validity_date",
    "payment_term_id",
    "incoterm_id",
    "transport_mode",
    "quality_standard",
    "inspection_method",
    "breach_liability",
    "dispute_resolution",
]

#: Important terms: locked from submission on; changed only by an amendment.
TERM_FIELDS = [
    "partner_id",
    "amount_total",
    "currency_id",
    "date_start",
    "date_end",
    "price_validity_date",
    "payment_term_id",
    "incoterm_id",
    "incoterm_location",
    "transport_mode",
    "quality_standard",
    "inspection_method",
    "breach_liability",
    "dispute_resolution",
    "note",
    # the clauses of the Chinese version (trade_contract_print.py)
    "quality_standard_zh",
    "inspection_method_zh",
    "breach_liability_zh",
    "dispute_resolution_zh",
    "note_zh",
]

#: Days before the end date when the salesperson is reminded.
EXPIRY_REMINDER_DAYS = 30


class TradeContract(models.Model):
    _name = "trade.contract"
    _description = "Sales Contract"
    _inherit = [
        "trade.reference.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.contract"

    name = fields.Char(
        index="trigram",
    )
    active = fields.Boolean(
        default=True,
        help="Earlier revisions of an amended contract are archived.",
    )
    revision = fields.Integer(
        default=1,
        readonly=True,
        copy=False,
    )
    previous_revision_id = fields.Many2one(
        comodel_name="trade.contract",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    next_revision_id = fields.Many2one(
        comodel_name="trade.contract",
        string="Replaced By",
        readonly=True,
        copy=False,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
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
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    opportunity_id = fields.Many2one(
        comodel_name="crm.lead",
        index="btree_not_null",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    sale_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="trade_contract_id",
        string="Orders",
    )
    sale_order_count = fields.Integer(
        string="Order Count",
        compute="_compute_sale_order_count",
    )
    order_line_ids = fields.Many2many(
        comodel_name="sale.order.line",
        string="Contract Lines",
        compute="_compute_order_line_ids",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    amount_total = fields.Monetary(
        string="Contract Amount",
        compute="_compute_amount_total",
        store=True,
        readonly=False,
        tracking=True,
        currency_field="currency_id",
        help="Total of the linked orders; enter it for a contract without orders.",
    )
    date_start = fields.Date(
        string="Valid From",
        tracking=True,
    )
    date_end = fields.Date(
        string="Valid Until",
        tracking=True,
        index=True,
    )
    price_validity_date = fields.Date(
        string="Prices Valid Until",
        tracking=True,
    )
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
        tracking=True,
        check_company=True,
    )
    incoterm_id = fields.Many2one(
        comodel_name="account.incoterms",
        tracking=True,
    )
    incoterm_location = fields.Char(
        tracking=True,
    )
    transport_mode = fields.Selection(
        selection=TRANSPORT_MODES,
        string="Delivery Method",
        tracking=True,
    )
    quality_standard = fields.Text(
        tracking=True,
        help="Standards and specifications the goods must meet.",
    )
    inspection_method = fields.Text(
        string="Inspection and Acceptance",
        tracking=True,
        help="Who inspects the goods, where, when and against what.",
    )
    breach_liability = fields.Text(
        string="Liability for Breach",
        tracking=True,
    )
    dispute_resolution = fields.Text(
        tracking=True,
        help="Negotiation first, then the arbitration body or court agreed.",
    )
    note = fields.Html(
        string="Other Terms",
    )
    state = fields.Selection(
        selection=CONTRACT_STATES,
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    review_ids = fields.One2many(
        comodel_name="trade.contract.review",
        inverse_name="contract_id",
        string="Review History",
        readonly=True,
    )
    date_signed = fields.Date(
        string="Signing Date",
        tracking=True,
        copy=False,
    )
    company_signatory_id = fields.Many2one(
        comodel_name="res.users",
        string="Our Signatory",
        tracking=True,
        copy=False,
        domain="[('id', 'in', allowed_signatory_ids)]",
        help="The company's authorised representative who signed (Settings: "
        "Authorised Signatories).",
    )
    allowed_signatory_ids = fields.Many2many(
        related="company_id.trade_signatory_ids",
        string="Authorised Signatories",
    )
    company_signatory = fields.Char(
        related="company_signatory_id.name",
        string="Our Signatory's Name",
    )
    signed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Signature Recorded By",
        readonly=True,
        copy=False,
    )
    customer_signatory = fields.Char(
        tracking=True,
        copy=False,
        help="Name of the customer's authorised representative who signed.",
    )
    signed_attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed Original",
        copy=False,
        tracking=True,
        domain="[('res_model', '=', 'trade.contract'), ('res_id', '=', id)]",
        help="Scan of the original signed and sealed by both parties.",
    )
    is_effective = fields.Boolean(
        string="In Force",
        compute="_compute_is_effective",
    )
    expiry_reminder_date = fields.Date(
        readonly=True,
        copy=False,
        help="Day the salesperson was reminded of the coming end date.",
    )

    _sql_constraints = [
        (
            "revision_positive",
            "CHECK(revision > 0)",
            "The revision number must be positive.",
        ),
    ]

    @api.depends("sale_order_ids")
    def _compute_sale_order_count(self):
        # counted with the department's rights: the legal reviewer reads the
        # contract, not the orders
        for contract in self:
            contract.sale_order_count = len(contract.sudo().sale_order_ids)

    @api.depends("sale_order_ids.order_line")
    def _compute_order_line_ids(self):
        for contract in self:
            contract.order_line_ids = contract.sale_order_ids.order_line

    @api.depends("sale_order_ids.currency_id", "company_id")
    def _compute_currency_id(self):
        for contract in self:
            if contract.state not in ("draft", False) and contract.currency_id:
                continue
            contract.currency_id = (
                contract.sale_order_ids[:1].currency_id
                or contract.currency_id
                or contract.company_id.currency_id
            )

    @api.depends("sale_order_ids.amount_total", "sale_order_ids.state", "currency_id")
    def _compute_amount_total(self):
        """Sum of the linked orders, converted to the contract's currency.

        The amount is part of the terms: it only follows the orders while the
        contract is a draft.
        """
        for contract in self:
            orders = contract.sale_order_ids.filtered(lambda o: o.state != "cancel")
            if contract.state not in ("draft", False) or not orders:
                continue
            contract.amount_total = sum(
                order.currency_id._convert(
                    order.amount_total,
                    contract.currency_id,
                    contract.company_id,
                    order.date_order or fields.Date.context_today(contract),
                )
                for order in orders
            )

    @api.depends("state", "date_start", "date_end")
    def _compute_is_effective(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.is_effective = (
                contract.state == "signed"
                and (not contract.date_start or contract.date_start <= today)
                and (not contract.date_end or today <= contract.date_end)
            )

    @api.depends("name", "revision")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for contract in self:
            if contract.revision > 1:
                contract.display_name = self.env._(
                    "%(name)s (rev. %(revision)s)",
                    name=contract.name,
                    revision=contract.revision,
                )
            else:
                contract.display_name = contract.name

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %s ends before it starts: check its validity dates.",
                        contract.display_name,
                    )
                )

    @api.constrains("amount_total")
    def _check_amount_total(self):
        if any(contract.amount_total < 0 for contract in self):
            raise ValidationError(self.env._("A contract amount cannot be negative."))

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "revision",
            "previous_revision_id",
            "next_revision_id",
            "expiry_reminder_date",
            "signed_by_id",
            # earlier revisions are archived by the amendment only
            "active",
        }

    def write(self, vals):
        if "state" in vals:
            # the amount follows the orders only while draft: settle it first
            self.mapped("amount_total")
        if not self.env.su:
            self._check_terms_unlocked(vals)
            self._check_original_protected(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(contract.state not in ("draft", "cancelled") for contract in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled contracts can be deleted; cancel it "
                    "first or amend it."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_done(self):
        self._check_state(
            "signed",
            self.env._(
                "Contract %(contract)s is %(state)s: only a signed contract can be "
                "closed as fulfilled."
            ),
        )
        self._trade_workflow_write({"state": "done"})
        return True

    def action_cancel(self):
        manager = self.env.user.has_group("trade_business_dept.group_trade_manager")
        for contract in self:
            if contract.state in ("done", "cancelled") or (
                contract.state == "signed" and not manager
            ):
                raise UserError(
                    self.env._(
                        "Contract %s cannot be cancelled: only a business manager "
                        "can terminate a signed contract, and closed contracts "
                        "stay as they are.",
                        contract.display_name,
                    )
                )
        self._trade_workflow_write({"state": "cancelled"})
        return True

    def action_reset_to_draft(self):
        self._check_state(
            "cancelled",
            self.env._(
                "Contract %(contract)s is %(state)s: only a cancelled contract can "
                "be reset to draft."
            ),
        )
        self._trade_workflow_write({"state": "draft"})
        return True

    def action_view_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("trade_contract_id", "=", self.id)]
        action["context"] = {
            "default_trade_contract_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_terms_unlocked(self, vals):
        locked_fields = set(TERM_FIELDS) & set(vals)
        if not locked_fields:
            return
        for contract in self:
            if not contract.active and contract.next_revision_id:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s was replaced by revision %(revision)s "
                        "and is read-only.",
                        contract=contract.display_name,
                        revision=contract.next_revision_id.revision,
                    )
                )
            if contract.state != "draft":
                labels = [
                    self._fields[field_name].get_description(self.env)["string"]
                    for field_name in sorted(locked_fields)
                ]
                raise UserError(
                    self.env._(
                        "The terms of contract %(contract)s are locked since its "
                        "submission to legal review (%(terms)s). Use Amend to change "
                        "an approved or signed contract.",
                        contract=contract.display_name,
                        terms=join_names(self.env, labels),
                    )
                )

    def _check_state(self, expected, message):
        """Refuse unless every contract is in the ``expected`` state.

        :param str message: translated, with ``%(contract)s`` and ``%(state)s``
        """
        wrong = self.filtered(lambda contract: contract.state != expected)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                message
                % {"contract": wrong[0].display_name, "state": states[wrong[0].state]}
            )

    @api.model
    def _cron_expiry_reminder(self, batch_size=None):
        """Remind the salesperson 30 days before a signed contract ends, once.
        A batch at a time (``ir.cron._trade_run_batches``): the contracts not
        reminded yet.

        :return: the contracts reminded by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("contract_expiry", 500, batch_size)
        today = fields.Date.context_today(self)
        todo = [
            ("state", "=", "signed"),
            ("date_end", ">=", today),
            ("date_end", "<=", today + timedelta(days=EXPIRY_REMINDER_DAYS)),
            ("expiry_reminder_date", "=", False),
        ]
        reminded = self.browse()

        def remind(contracts):
            nonlocal reminded
            contracts._trade_remind_expiry(today)
            reminded |= contracts

        step = Cron._trade_batch_step(self, todo, size, remind)
        Cron._trade_run_batches("contract_expiry", [step])
        return reminded

    def _trade_remind_expiry(self, today):
        for contract in self:
            contract.activity_schedule(
                "trade_business_dept.mail_activity_type_trade_contract_expiry",
                date_deadline=max(today, contract.date_end - timedelta(days=7)),
                summary=contract.with_context(lang=contract.user_id.lang).env._(
                    "Contract ends on %(date)s: renew or close it",
                    date=format_date(
                        contract.with_context(lang=contract.user_id.lang).env,
                        contract.date_end,
                    ),
                ),
                user_id=contract.user_id.id,
            )
        self._trade_workflow_write({"expiry_reminder_date": today}, access=None)
