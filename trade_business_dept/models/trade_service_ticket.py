from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..text import join_names
from .trade_service_sla import URGENCIES
from .trade_visit import CUSTOMER_RATINGS

TICKET_STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("resolved", "Resolved"),
    ("followed_up", "Followed Up"),
    ("closed", "Closed"),
]


#: Locked once the ticket is closed; a business manager corrects them.
CLOSED_LOCKED_FIELDS = {
    "satisfaction",
    "no_satisfaction_reason",
    "user_id",
    "handler_id",
    "partner_id",
    "ticket_type",
}


class TradeServiceTicket(models.Model):
    """After-sales feedback, quality problem or complaint (R3.5)."""

    _name = "trade.service.ticket"
    _description = "After-sales Ticket"
    _inherit = [
        "trade.reference.mixin",
        "trade.satisfaction.mixin",
        "trade.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.service.ticket"
    _primary_email = "email_from"
    _trade_staff_rating_field = "satisfaction"
    _trade_rating_template = "trade_business_dept.mail_template_trade_ticket_rating"

    title = fields.Char(
        string="Subject",
        required=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    ticket_type = fields.Selection(
        selection=[
            ("feedback", "Feedback"),
            ("quality", "Quality Problem"),
            ("complaint", "Complaint"),
        ],
        string="Type",
        required=True,
        default="feedback",
        tracking=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        groups="base.group_user",
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    email_from = fields.Char(
        string="E-mail",
    )
    is_internal = fields.Boolean(
        string="Internal Case",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Opened by the company itself (e.g. a failed acceptance "
        "inspection): the customer is not told automatically and does not see "
        "it on the portal; telling him is a deliberate reply.",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Salesperson",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    handler_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Who handles the case; a complaint is accepted only with one.",
    )
    product_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="product.product",
        tracking=True,
        check_company=True,
    )
    supplier_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.partner",
        compute="_compute_supplier_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    carrier_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.partner",
        domain="[('trade_is_carrier', '=', True)]",
    )
    description = fields.Text(
        help="What the customer reports.",
    )
    urgency = fields.Selection(
        selection=URGENCIES,
        required=True,
        default="normal",
        tracking=True,
    )
    state = fields.Selection(
        selection=TICKET_STATES,
        string="Status",
        required=True,
        default="new",
        tracking=True,
        copy=False,
        index=True,
        group_expand=True,
    )
    date_open = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
    )
    date_response_deadline = fields.Datetime(
        groups="base.group_user",
        string="Respond Before",
        compute="_compute_deadlines",
        store=True,
    )
    date_resolution_deadline = fields.Datetime(
        string="Solve Before",
        compute="_compute_deadlines",
        store=True,
    )
    date_first_response = fields.Datetime(
        groups="base.group_user",
        string="First Response",
        readonly=True,
        copy=False,
    )
    date_resolved = fields.Datetime(
        groups="base.group_user",
        string="Resolved On",
        readonly=True,
        copy=False,
    )
    date_closed = fields.Datetime(
        groups="base.group_user",
        string="Closed On",
        readonly=True,
        copy=False,
    )
    sla_breached = fields.Boolean(
        groups="base.group_user",
        string="Deadline Missed",
        compute="_compute_sla_breached",
        store=True,
        copy=False,
    )
    sla_compliance = fields.Float(
        groups="base.group_user",
        string="On Time (%)",
        compute="_compute_sla_breached",
        store=True,
        aggregator="avg",
        copy=False,
        help="100 for a ticket that met its deadlines, 0 otherwise: its average "
        "is the compliance rate.",
    )
    sla_escalated = fields.Boolean(
        groups="base.group_user",
        copy=False,
        readonly=True,
    )
    # Quality problems (R3.5.2)
    investigation = fields.Text(
        groups="base.group_user",
        help="What was checked to find the cause.",
    )
    root_cause = fields.Selection(
        groups="base.group_user",
        selection=[
            ("design", "Design or Specification"),
            ("material", "Material"),
            ("manufacturing", "Manufacturing"),
            ("packaging", "Packaging"),
            ("transport", "Transport"),
            ("usage", "Use by the Customer"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    responsibility = fields.Selection(
        groups="base.group_user",
        selection=[
            ("supplier", "Supplier"),
            ("production", "Production"),
            ("logistics", "Logistics"),
            ("sales", "Sales"),
            ("customer", "Customer"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    remedy = fields.Selection(
        groups="base.group_user",
        selection=[
            ("repair", "Repair"),
            ("replacement", "Replacement"),
            ("return", "Return"),
            ("refund", "Refund"),
        ],
        tracking=True,
    )
    remedy_amount = fields.Monetary(
        groups="base.group_user",
        string="Refund Amount",
        currency_field="company_currency_id",
    )
    company_currency_id = fields.Many2one(
        groups="base.group_user",
        related="company_id.currency_id",
    )
    return_picking_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="stock.picking",
        string="Return",
        readonly=True,
        copy=False,
    )
    credit_note_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="account.move",
        readonly=True,
        copy=False,
    )
    corrective_action = fields.Text(
        groups="base.group_user",
        tracking=True,
        help="What changes so that the problem does not come back.",
    )
    action_ids = fields.One2many(
        groups="base.group_user",
        comodel_name="trade.service.action",
        inverse_name="ticket_id",
        string="Corrective and Preventive Actions",
    )
    resolution = fields.Text(
        help="How the case was solved, as told to the customer.",
    )
    # Follow-up (R3.5.3)
    followup_visit_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="trade.visit",
        string="Follow-up Visit",
        readonly=True,
        copy=False,
    )
    satisfaction = fields.Selection(
        groups="base.group_user",
        selection=CUSTOMER_RATINGS,
        string="Satisfaction Entered by Staff",
        tracking=True,
        copy=False,
        help="What the customer said when he did not rate himself (e.g. on "
        "the phone). It counts in the appraisal only if the customer does not "
        "rate and once HR accepted it.",
    )
    no_satisfaction_reason = fields.Text(
        groups="base.group_user",
        string="Why No Customer Rating",
        help="Why the customer cannot rate the case (no e-mail, refused).",
    )
    incident_ids = fields.One2many(
        groups="base.group_user",
        comodel_name="trade.logistics.incident",
        inverse_name="ticket_id",
        string="Logistics Incidents",
    )

    @api.depends("sale_order_id", "partner_id")
    def _compute_user_id(self):
        for ticket in self:
            ticket.user_id = (
                ticket.sale_order_id.user_id
                or ticket.partner_id.commercial_partner_id.user_id
                or ticket.user_id
            )

    @api.depends("product_id")
    def _compute_supplier_id(self):
        for ticket in self:
            if ticket.product_id:
                ticket.supplier_id = ticket.product_id.seller_ids[:1].partner_id

    @api.depends(
        "date_response_deadline",
        "date_first_response",
        "date_resolution_deadline",
        "date_resolved",
        "state",
    )
    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "sla_check_run",
            "is_internal",
            "date_open",
            "date_response_deadline",
            "date_resolution_deadline",
            "date_first_response",
            "date_resolved",
            "date_closed",
            "sla_breached",
            "sla_compliance",
            "sla_escalated",
            "return_picking_id",
            "credit_note_id",
            "followup_visit_id",
        }

    def write(self, vals):
        if CLOSED_LOCKED_FIELDS & set(vals) and not self.env.su:
            self._check_closed_correction()
        return super().write(vals)

    def _check_closed_correction(self):
        """The outcome of a closed ticket (the customer's satisfaction, who
        handled it) counts in the appraisal: a business manager corrects it."""
        closed = self.filtered(lambda ticket: ticket.state == "closed")
        if closed and not self.env.user.has_group(
            "trade_business_dept.group_trade_manager"
        ):
            raise UserError(
                self.env._(
                    "Ticket %s is closed: its satisfaction and handling are "
                    "locked. Ask a business manager to correct them.",
                    closed[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        tickets = super().create(vals_list)
        customer_cases = tickets.filtered(lambda ticket: not ticket.is_internal)
        for ticket in customer_cases.filtered("partner_id"):
            ticket.message_subscribe(partner_ids=ticket.partner_id.ids)
        customer_cases._trade_acknowledge()
        return tickets

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        """Accept the case: its first response to the customer."""
        for ticket in self:
            if ticket.state != "new":
                raise UserError(
                    self.env._("Ticket %s is already accepted.", ticket.name)
                )
            if ticket.ticket_type == "complaint" and not ticket.handler_id:
                raise UserError(
                    self.env._(
                        "Name the person who handles complaint %s before accepting it.",
                        ticket.name,
                    )
                )
        now = fields.Datetime.now()
        for ticket in self:
            ticket._trade_workflow_write(
                {
                    "state": "in_progress",
                    "handler_id": (ticket.handler_id or self.env.user).id,
                    "date_first_response": ticket.date_first_response or now,
                }
            )
        return True

    def action_resolve(self):
        for ticket in self:
            if ticket.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Ticket %s must be in progress to be resolved.", ticket.name
                    )
                )
            missing = ticket._missing_for_resolution()
            if missing:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s cannot be resolved without: %(missing)s.",
                        ticket=ticket.name,
                        missing=join_names(self.env, missing),
                    )
                )
        self._trade_workflow_write(
            {"state": "resolved", "date_resolved": fields.Datetime.now()}
        )
        return True

    def action_follow_up(self):
        """After the resolution: a follow-up visit checks the customer is
        satisfied (complaints)."""
        for ticket in self:
            if ticket.state != "resolved":
                raise UserError(
                    self.env._(
                        "Ticket %s must be resolved before its follow-up.", ticket.name
                    )
                )
        for ticket in self.filtered(
            lambda t: t.ticket_type == "complaint" and not t.followup_visit_id
        ):
            visit = ticket._create_followup_visit()
            ticket._trade_workflow_write({"followup_visit_id": visit.id})
        self._trade_workflow_write({"state": "followed_up"})
        return True

    def action_close(self):
        for ticket in self:
            if ticket.state not in ("resolved", "followed_up"):
                raise UserError(
                    self.env._("Ticket %s is not resolved yet.", ticket.name)
                )
            if ticket.ticket_type == "complaint" and ticket.state != "followed_up":
                raise UserError(
                    self.env._(
                        "Complaint %s needs its follow-up with the customer before "
                        "it is closed.",
                        ticket.name,
                    )
                )
            if not ticket.satisfaction and ticket.followup_visit_id.customer_rating:
                ticket.satisfaction = ticket.followup_visit_id.customer_rating
            open_actions = ticket.action_ids.filtered(lambda action: not action.done)
            if open_actions:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s still has open corrective actions: "
                        "%(actions)s.",
                        ticket=ticket.name,
                        actions=join_names(self.env, open_actions.mapped("name")),
                    )
                )
        self._trade_workflow_write(
            {"state": "closed", "date_closed": fields.Datetime.now()}
        )
        # the ticket closes now; the customer's rating comes when he gives it
        self.filtered(
            lambda ticket: not ticket.is_internal
        )._trade_send_rating_request()
        return True

    def action_create_return(self):
        """Return transfer of the delivered goods, through Odoo's own wizard."""
        self.ensure_one()
        delivery = self.sale_order_id.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing" and picking.state == "done"
            )
        )[-1:]
        if not delivery:
            raise UserError(
                self.env._(
                    "Ticket %s has no delivered order to take the goods back from.",
                    self.name,
                )
            )
        # the warehouse carries the return out: the salesperson only starts it
        wizard = (
            self.env["stock.return.picking"]
            .sudo()
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({"picking_id": delivery.id})
        )
        for line in wizard.product_return_moves:
            if self.product_id and line.product_id != self.product_id:
                line.quantity = 0
            else:
                line.quantity = line.move_id.quantity
        self._trade_workflow_write({"return_picking_id": wizard._create_return().id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.return_picking_id.id,
            "view_mode": "form",
        }

    def action_create_credit_note(self):
        self.ensure_one()
        if self.credit_note_id:
            raise UserError(
                self.env._("Ticket %s already has its credit note.", self.name)
            )
        if self.remedy_amount <= 0:
            raise UserError(
                self.env._("Enter the amount to refund to the customer first.")
            )
        credit_note = self.sale_order_id._trade_create_credit_note(
            self.remedy_amount,
            self.env._("Refund for after-sales ticket %s", self.name),
            partner=self.partner_id,
        )
        self._trade_workflow_write({"credit_note_id": credit_note.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.credit_note_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _missing_for_resolution(self):
        self.ensure_one()
        missing = []
        if self.ticket_type == "quality":
            for field_name in ("root_cause", "responsibility", "remedy"):
                if not self[field_name]:
                    missing.append(
                        self._fields[field_name].get_description(self.env)["string"]
                    )
        if not (self.resolution or "").strip():
            missing.append(
                self._fields["resolution"].get_description(self.env)["string"]
            )
        return missing

    def _create_followup_visit(self):
        self.ensure_one()
        user = self.user_id or self.handler_id or self.env.user
        return (
            self.env["trade.visit"]
            .sudo()
            .create(
                {
                    "partner_id": (
                        self.partner_id.commercial_partner_id or self.partner_id
                    ).id,
                    "user_id": user.id,
                    "company_id": self.company_id.id,
                    "visit_type": "phone",
                    "date_planned": fields.Datetime.now() + timedelta(days=3),
                    "purpose": self.env._(
                        "Check that the customer is satisfied with the resolution of "
                        "%(ticket)s: %(title)s",
                        ticket=self.name,
                        title=self.title,
                    ),
                }
            )
        )

    def _trade_acknowledge(self):
        """Tell the customer the ticket is received and when it will be solved."""
        template = self.env.ref("trade_business_dept.mail_template_trade_ticket_ack")
        for ticket in self.filtered(lambda t: t.partner_id.email or t.email_from):
            ticket.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
            )

    def _ratings_by_user(self, date_from, date_to, company):
        """The customers' satisfaction with the tickets closed in a period,
        per salesperson, for the figures of other addons (the appraisal's
        satisfaction indicator).

        Tickets of ``company`` closed from ``date_from`` (included) to
        ``date_to`` (excluded), both UTC datetimes, with a counted
        satisfaction (the customer's rating, else a staff-entered one HR
        accepted; see ``trade.satisfaction.mixin``). One grouped query, in the
        caller's access rights (``sudo()`` for the figures of a team).

        :return: ``{user_id: (sum_of_ratings_1_to_5, number_of_ratings)}``
        """
        return self._trade_satisfaction_by_user(
            [
                ("company_id", "=", company.id),
                ("state", "=", "closed"),
                ("date_closed", ">=", date_from),
                ("date_closed", "<", date_to),
            ]
        )
