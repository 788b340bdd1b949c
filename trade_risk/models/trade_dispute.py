from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.misc import formatLang

from odoo.addons.trade_business_dept.text import in_company_lang

#: Resolution methods, in the order a dispute escalates through them.
RESOLUTION_METHODS = [
    ("negotiation", "Negotiation"),
    ("arbitration", "Arbitration"),
    ("litigation", "Litigation"),
]

DISPUTE_TYPES = [
    ("payment", "Unpaid Receivables"),
    ("quality", "Quality"),
    ("delivery", "Delivery"),
    ("contract", "Other Contract Breach"),
]

OUTCOMES = [
    ("settled", "Settled"),
    ("won", "Won"),
    ("partially_won", "Partially Won"),
    ("lost", "Lost"),
    ("withdrawn", "Withdrawn"),
]

#: Groups that may handle disputes besides the credit managers.
DISPUTE_HANDLERS = (
    "trade_risk.group_trade_credit_manager",
    "trade_business_dept.group_trade_legal",
)


class TradeDispute(models.Model):
    _name = "trade.dispute"
    _description = "Dispute"
    _inherit = [
        "trade.workflow.mixin",
        "trade.reference.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_opened desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.dispute"

    subject = fields.Char(
        required=True,
        tracking=True,
    )
    dispute_type = fields.Selection(
        selection=DISPUTE_TYPES,
        string="Type",
        required=True,
        default="payment",
        tracking=True,
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
    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', '=', partner_id)]",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Counterparty",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handled By",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    resolution_method = fields.Selection(
        selection=RESOLUTION_METHODS,
        required=True,
        default="negotiation",
        tracking=True,
    )
    claim_amount = fields.Monetary(
        required=True,
        tracking=True,
        currency_field="currency_id",
    )
    description = fields.Text(
        string="Facts and Claim",
    )
    venue = fields.Char(
        string="Arbitration Body or Court",
        tracking=True,
    )
    case_number = fields.Char(
        tracking=True,
    )
    date_next_hearing = fields.Date(
        string="Next Hearing or Deadline",
        tracking=True,
    )
    date_opened = fields.Date(
        string="Opened On",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
    )
    date_closed = fields.Date(
        string="Closed On",
        readonly=True,
        copy=False,
    )
    invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id), "
        "('move_type', 'in', ('out_invoice', 'out_refund'))]",
    )
    sale_order_ids = fields.Many2many(
        comodel_name="sale.order",
        string="Orders",
        check_company=True,
        domain="[('partner_id', 'child_of', partner_id)]",
    )
    outcome = fields.Selection(
        selection=OUTCOMES,
        tracking=True,
        copy=False,
    )
    outcome_amount = fields.Monetary(
        string="Amount Obtained",
        tracking=True,
        copy=False,
        currency_field="currency_id",
        help="What the other party pays us (or we pay, as a negative amount) "
        "under the settlement, award or judgment.",
    )
    outcome_note = fields.Text(
        string="Outcome Details",
        copy=False,
    )
    state = fields.Selection(
        selection=[
            ("open", "Open"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    @api.depends("contract_id")
    def _compute_partner_id(self):
        for dispute in self:
            dispute.partner_id = (
                dispute.contract_id.partner_id
                if dispute.contract_id
                else dispute.partner_id
            )

    @api.constrains("claim_amount")
    def _check_claim_amount(self):
        for dispute in self:
            if dispute.currency_id.compare_amounts(dispute.claim_amount, 0) <= 0:
                raise ValidationError(
                    self.env._(
                        "The claim amount of dispute %(dispute)s must be positive.",
                        dispute=dispute.name,
                    )
                )

    @api.constrains("contract_id", "partner_id")
    def _check_contract_partner(self):
        for dispute in self:
            contract = dispute.contract_id
            if contract and (
                contract.partner_id.commercial_partner_id
                != dispute.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is with %(contract_partner)s, not with "
                        "%(partner)s.",
                        contract=contract.display_name,
                        contract_partner=contract.partner_id.display_name,
                        partner=dispute.partner_id.display_name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        # the reference comes from the company's sequence
        return super()._trade_workflow_fields() | {
            "name",
            "state",
            "date_opened",
            "date_closed",
        }

    def write(self, vals):
        if (
            "resolution_method" in vals
            and not self.env.su
            and any(
                not dispute._trade_is_current_value(
                    "resolution_method", vals["resolution_method"]
                )
                for dispute in self
            )
        ):
            raise UserError(
                self.env._(
                    "A dispute goes from negotiation to arbitration and "
                    "litigation with its Escalate button only."
                )
            )
        return super().write(vals)

    def _check_handler(self):
        if not self.env.su and not any(
            self.env.user.has_group(group) for group in DISPUTE_HANDLERS
        ):
            raise AccessError(
                self.env._(
                    "Only a credit manager or the legal department handles disputes."
                )
            )

    def _check_open(self):
        for dispute in self:
            if dispute.state != "open":
                raise UserError(
                    self.env._("Dispute %(dispute)s is not open.", dispute=dispute.name)
                )

    def action_escalate(self):
        """Negotiation failed: go to arbitration, then to litigation."""
        self._check_handler()
        self._check_open()
        methods = [method for method, _label in RESOLUTION_METHODS]
        labels = dict(
            self._fields["resolution_method"]._description_selection(self.env)
        )
        for dispute in self:
            index = methods.index(dispute.resolution_method)
            if index + 1 >= len(methods):
                raise UserError(
                    self.env._(
                        "Dispute %(dispute)s is already in litigation: there is no "
                        "further step.",
                        dispute=dispute.name,
                    )
                )
            new_method = methods[index + 1]
            dispute._trade_workflow_write(
                {
                    "resolution_method": new_method,
                    "venue": False,
                    "case_number": False,
                    "date_next_hearing": False,
                }
            )
            dispute.message_post(
                body=in_company_lang(dispute).env._(
                    "Escalated from %(old)s to %(new)s.",
                    old=labels[methods[index]],
                    new=labels[new_method],
                )
            )
        return True

    def action_close(self):
        """Record the outcome and close."""
        self._check_handler()
        self._check_open()
        for dispute in self:
            if not dispute.outcome or not (dispute.outcome_note or "").strip():
                raise UserError(
                    self.env._(
                        "Set the outcome of dispute %(dispute)s and describe it "
                        "(settlement, award or judgment) before closing it.",
                        dispute=dispute.name,
                    )
                )
        self._trade_workflow_write(
            {"state": "closed", "date_closed": fields.Date.context_today(self)}
        )
        return True

    def action_cancel(self):
        self._check_handler()
        self._check_open()
        self._trade_workflow_write(
            {"state": "cancelled", "date_closed": fields.Date.context_today(self)}
        )
        return True

    def action_reopen(self):
        self._check_handler()
        if self.filtered(lambda dispute: dispute.state == "open"):
            raise UserError(self.env._("This dispute is already open."))
        self._trade_workflow_write({"state": "open", "date_closed": False})
        return True

    @api.model
    def _create_for_overdue(self, partner):
        """A payment dispute for a customer's overdue receivables, in
        negotiation, linked to the overdue invoices and the latest contract."""
        self._check_handler()
        company = self.env.company
        items = self.env["trade.receivable.query"]._overdue_items(
            partner, company, branches=False
        )
        if not items:
            raise UserError(
                self.env._(
                    "%(customer)s has no overdue receivable to dispute.",
                    customer=partner.display_name,
                )
            )
        contract = self.env["trade.contract"].search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("state", "in", ("signed", "done")),
            ],
            order="date_signed desc, id desc",
            limit=1,
        )
        dispute = self.create(
            {
                "subject": self.env._(
                    "Overdue receivables of %(customer)s", customer=partner.name
                ),
                "dispute_type": "payment",
                "partner_id": partner.id,
                "contract_id": contract.id,
                "company_id": company.id,
                "claim_amount": sum(items.mapped("amount_residual")),
                "invoice_ids": [fields.Command.set(items.move_id.ids)],
                "description": self._overdue_description(partner, items, company),
            }
        )
        partner.message_post(
            body=in_company_lang(partner).env._(
                "Dispute %(dispute)s opened for the overdue receivables.",
                dispute=dispute.name,
            )
        )
        return dispute

    @api.model
    def _overdue_description(self, partner, items, company):
        """Facts of a payment dispute: the amount overdue, the oldest due
        date and the collection step reached."""
        steps = dict(
            partner._fields["trade_collection_step"]._description_selection(self.env)
        )
        return self.env._(
            "%(amount)s overdue, oldest due on %(date)s; collection "
            "ladder reached: %(step)s.",
            amount=formatLang(
                self.env,
                sum(items.mapped("amount_residual")),
                currency_obj=company.currency_id,
            ),
            date=min(items.mapped("date_maturity")),
            step=steps.get(partner.trade_collection_step, "—"),
        )
