from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.trade_business_dept.text import in_company_lang

from .trade_credit_decision_mixin import DECISION_FIELDS

#: What the release is bound to and what the hold was when it was requested.
REQUEST_FIELDS = {
    "name",
    "picking_id",
    "sale_order_id",
    "partner_id",
    "company_id",
    "amount",
    "requested_by_id",
    "hold_reason",
    "exposure_at_request",
    "overdue_at_request",
}


class TradeDeliveryRelease(models.Model):
    """The credit manager's release of one delivery of a customer on credit
    hold (R5.2.2): requested from the delivery, released or refused by a
    credit manager, bound to the delivery, its customer and its value, and
    lapsed when they change. Invoices are never held: finance bills as
    usual."""

    _name = "trade.delivery.release"
    _description = "Credit Release of a Delivery"
    _inherit = [
        "trade.credit.decision.mixin",
        "trade.reference.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.delivery.release"
    _decision_activity_type = "trade_risk.mail_activity_type_trade_delivery_release"

    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), "
        "('state', 'not in', ('done', 'cancel'))]",
    )
    sale_order_id = fields.Many2one(
        comodel_name="sale.order",
        string="Order",
        compute="_compute_binding",
        store=True,
        index="btree_not_null",
        precompute=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_binding",
        store=True,
        index=True,
        precompute=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_binding",
        store=True,
        index=True,
        precompute=True,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    amount = fields.Monetary(
        string="Delivery Value",
        readonly=True,
        copy=False,
        currency_field="currency_id",
        help="Sales value of the delivery, company currency, when the release "
        "was requested. If the delivery grows above it, the release lapses.",
    )
    reason = fields.Text(
        required=True,
        tracking=True,
        help="Why the goods should leave although the customer is on credit "
        "hold: payment announced, guarantee, strategic shipment...",
    )
    hold_reason = fields.Text(
        string="On Hold Because",
        readonly=True,
        copy=False,
        help="Why the customer was on credit hold when the release was requested.",
    )
    exposure_at_request = fields.Monetary(
        string="Exposure at Request",
        readonly=True,
        copy=False,
        currency_field="currency_id",
    )
    overdue_at_request = fields.Monetary(
        string="Overdue at Request",
        readonly=True,
        copy=False,
        currency_field="currency_id",
    )
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("released", "Released"),
            ("refused", "Refused"),
            ("lapsed", "Lapsed"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    decision_note = fields.Text(
        tracking=True,
        help="The credit manager's conditions or the reason for a refusal.",
    )
    date_shipped = fields.Datetime(
        string="Shipped On",
        readonly=True,
        copy=False,
        help="When the delivery was validated under this release.",
    )
    picking_state = fields.Selection(
        related="picking_id.state",
        string="Delivery Status",
    )

    # The order, customer and company the release was requested for: computed
    # once from the delivery and kept, even when the delivery's customer
    # changes afterwards (then the release lapses, see ``_binds_picking``).
    @api.depends("picking_id")
    def _compute_binding(self):
        for release in self:
            order = release.picking_id.sudo().sale_id
            release.sale_order_id = order
            release.partner_id = order.partner_id.commercial_partner_id
            release.company_id = release.picking_id.company_id or self.env.company

    @api.constrains("picking_id", "state")
    def _check_one_open_release(self):
        for picking in self.picking_id:
            open_releases = picking.sudo().trade_delivery_release_ids.filtered(
                lambda release: release._is_open()
            )
            if len(open_releases) > 1:
                raise ValidationError(
                    self.env._(
                        "Delivery %(picking)s already has credit release "
                        "%(release)s requested or granted.",
                        picking=picking.name,
                        release=open_releases.sorted("id")[0].name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return (
            super()._trade_workflow_fields()
            | DECISION_FIELDS
            | (REQUEST_FIELDS - {"picking_id"})
            | {"date_shipped"}
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("decision_note") for vals in vals_list):
            raise AccessError(
                self.env._(
                    "A credit release is created as a request; a credit manager "
                    "writes the decision note when deciding."
                )
            )
        pickings = self.env["stock.picking"].browse(
            [vals["picking_id"] for vals in vals_list if vals.get("picking_id")]
        )
        if not self.env.su:
            self._check_may_request(pickings)
        # a release the delivery outgrew (or of another customer) makes way
        pickings._trade_lapse_credit_releases()
        # numbered by the sequence of the delivery's company, in the order
        # of vals_list
        batches = []
        for vals in vals_list:
            company = pickings.browse(vals.get("picking_id")).company_id
            if batches and batches[-1][0] == company:
                batches[-1][1].append(vals)
            else:
                batches.append((company, [vals]))
        releases = self.browse()
        for company, company_vals in batches:
            records = super(TradeDeliveryRelease, self.with_company(company))
            releases |= records.create(company_vals).with_env(self.env)
        releases._snapshot_request()
        releases._notify_request()
        return releases

    def write(self, vals):
        if REQUEST_FIELDS & set(vals) and not self.env.su:
            raise AccessError(
                self.env._(
                    "Who asked for a credit release, for which delivery and why "
                    "the customer was on hold cannot be changed: request a new "
                    "one."
                )
            )
        if "decision_note" in vals and not self._is_credit_manager():
            raise AccessError(
                self.env._("Only a credit manager writes the decision note.")
            )
        if "reason" in vals and self.filtered(
            lambda release: release.state != "requested"
        ):
            raise UserError(
                self.env._(
                    "A decided credit release cannot be changed: request a new one."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Binding
    # ------------------------------------------------------------------

    def _is_open(self):
        """Requested, or released and not used yet: it still speaks for the
        delivery."""
        self.ensure_one()
        return self.state == "requested" or (
            self.state == "released" and not self.date_shipped
        )

    def _binds_picking(self):
        """Whether the delivery is still the one the release was requested
        for: the same order's customer, in the same company."""
        self.ensure_one()
        picking = self.picking_id.sudo()
        return (
            self.partner_id == picking.sale_id.partner_id.commercial_partner_id
            and self.company_id == picking.company_id
        )

    def _covers_picking(self):
        """Whether the release is bound to its delivery and the delivery is
        worth no more than when it was requested (company currency)."""
        self.ensure_one()
        return self._binds_picking() and (
            self.currency_id.compare_amounts(
                self.amount, self.picking_id.sudo().trade_shipment_value
            )
            >= 0
        )

    def _lapse(self):
        """The delivery changed since the request or the release (customer,
        company, value): the release no longer counts. Called by the
        delivery's own methods when it changes."""
        for release in self:
            if not release._binds_picking():
                reason = self.env._(
                    "the customer of the delivery changed from %(customer)s",
                    customer=release.partner_id.display_name,
                )
            else:
                reason = self.env._(
                    "the delivery grew beyond %(amount)s", amount=release._amount_text()
                )
            release._trade_workflow_write({"state": "lapsed"}, access=None)
            release.picking_id.sudo().message_post(
                body=in_company_lang(release).env._(
                    "Credit release %(release)s lapsed: %(reason)s. Ask for a new "
                    "one if the customer is still on credit hold.",
                    release=release.name,
                    reason=reason,
                )
            )
        self.sudo().activity_unlink(
            ["trade_risk.mail_activity_type_trade_delivery_release"]
        )

    # ------------------------------------------------------------------
    # Request
    # ------------------------------------------------------------------
    @api.model
    def _check_may_request(self, pickings):
        """A release is requested by the department (the order's salesperson,
        the customer's, a merchandiser, a manager), the warehouse or a
        credit manager, for a department's delivery on credit hold."""
        user = self.env.user
        # who follows every delivery of the department
        follows_all = self._is_credit_manager() or any(
            user.has_group(group)
            for group in (
                "trade_business_dept.group_trade_merchandiser",
                "stock.group_stock_user",
            )
        )
        salesperson = user.has_group("trade_business_dept.group_trade_salesperson")
        for picking in pickings:
            order = picking.sudo().sale_id
            own = user in (
                order.user_id,
                order.trade_merchandiser_id,
                order.partner_id.commercial_partner_id.user_id,
            )
            if not (follows_all or (salesperson and own)):
                raise AccessError(
                    self.env._(
                        "Only the salesperson or merchandiser of order %(order)s, "
                        "the warehouse or a credit manager can ask for the "
                        "release of delivery %(picking)s.",
                        order=order.name,
                        picking=picking.name,
                    )
                )
            if not picking._trade_credit_hold_reasons():
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s is not on credit hold: it needs no "
                        "release.",
                        picking=picking.name,
                    )
                )
            if picking.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s is already done or cancelled.",
                        picking=picking.name,
                    )
                )

    def _snapshot_request(self):
        """Keep the delivery's value and why the customer was on hold."""
        for release in self:
            picking = release.picking_id.sudo()
            customer = release.partner_id
            figures = (
                picking.sale_id._trade_credit_parties() | customer
            )._trade_credit_figures(release.company_id)
            release._trade_workflow_write(
                {
                    "amount": picking.trade_shipment_value,
                    "hold_reason": "\n".join(
                        picking._trade_credit_hold_reasons(figures=figures)
                    ),
                    "exposure_at_request": figures[customer.id]["exposure"],
                    "overdue_at_request": figures[customer.id]["overdue_beyond_grace"],
                },
                access=None,
            )

    def _notify_request(self):
        """The company's credit manager gets an activity to decide."""
        activity_type = self.env.ref(
            "trade_risk.mail_activity_type_trade_delivery_release"
        )
        for release in self:
            manager = release.company_id.trade_credit_manager_id
            release.picking_id.sudo().message_post(
                body=in_company_lang(release).env._(
                    "Credit release %(release)s requested by %(user)s for "
                    "%(amount)s: %(reason)s",
                    release=release.name,
                    user=release.requested_by_id.name,
                    amount=release._amount_text(),
                    reason=release.reason,
                )
            )
            if manager and manager != release.requested_by_id:
                reader = self.with_context(lang=manager.lang or self.env.lang)
                release.sudo().activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=manager.id,
                    summary=reader.env._(
                        "Release or refuse delivery %(picking)s on credit hold",
                        picking=release.picking_id.name,
                    ),
                )

    # ------------------------------------------------------------------
    # Decision
    # ------------------------------------------------------------------

    def _decision_texts(self, name):
        _ = self.env._
        return {
            "buttons": _(
                "A credit release is granted or refused with its Release and "
                "Refuse buttons only."
            ),
            "manager": _("Only a credit manager can release or refuse a delivery."),
            "lapsed": _(
                "Credit release %(release)s lapsed when its delivery "
                "changed: it cannot be decided any more.",
                release=name,
            ),
            "decided": _(
                "Credit release %(release)s was already decided.",
                release=name,
            ),
            "own": _(
                "You requested credit release %(release)s: another credit "
                "manager must decide on it.",
                release=name,
            ),
        }

    def action_release(self):
        """Let the delivery leave, as it is now, although the customer is on
        credit hold."""
        self._check_decision()
        for release in self:
            if release.picking_id.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s is already done or cancelled.",
                        picking=release.picking_id.name,
                    )
                )
            if not release._covers_picking():
                raise UserError(
                    self.env._(
                        "Delivery %(picking)s changed since credit release "
                        "%(release)s was requested (customer or value): a new "
                        "one must be requested.",
                        picking=release.picking_id.name,
                        release=release.name,
                    )
                )
        self._decide("released")
        for release in self:
            release.picking_id.sudo().message_post(
                body=in_company_lang(release).env._(
                    "Credit release %(release)s granted by %(user)s for "
                    "%(amount)s: the delivery can be validated.",
                    release=release.name,
                    user=self.env.user.name,
                    amount=release._amount_text(),
                ),
                partner_ids=release.requested_by_id.partner_id.ids,
            )
        return True

    def action_refuse(self):
        """Keep the delivery on hold; the reason is required."""
        self._check_decision()
        for release in self:
            if not (release.decision_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write in Decision Note why credit release %(release)s is "
                        "refused.",
                        release=release.name,
                    )
                )
        self._decide("refused")
        for release in self:
            release.picking_id.sudo().message_post(
                body=in_company_lang(release).env._(
                    "Credit release %(release)s refused by %(user)s: %(note)s",
                    release=release.name,
                    user=self.env.user.name,
                    note=release.decision_note,
                ),
                partner_ids=release.requested_by_id.partner_id.ids,
            )
        return True

    def _mark_shipped(self):
        """The delivery was validated under these releases: they are used
        and no change of the delivery lapses them any more."""
        self._trade_workflow_write({"date_shipped": fields.Datetime.now()}, access=None)
