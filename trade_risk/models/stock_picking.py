from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

#: Changing one of these on a delivery may void its credit release: it
#: covers one delivery of one customer, up to its value (R5.2.2).
RELEASE_BINDING = {"partner_id", "company_id", "move_ids", "move_ids_without_package"}

#: Groups that may read the credit releases of a delivery.
RELEASE_READERS = (
    "trade_business_dept.group_trade_salesperson,"
    "stock.group_stock_user,"
    "trade_risk.group_trade_credit_manager,"
    "account.group_account_invoice"
)


class StockPicking(models.Model):
    """Deliveries to a customer on credit hold (overdue beyond the grace
    period, or exposure above its credit limit) wait for a credit manager's
    release (R5.2.2): a rule of the department's shipping list, for the
    deliveries of the department's orders. Invoicing is never held."""

    _inherit = "stock.picking"

    trade_delivery_release_ids = fields.One2many(
        comodel_name="trade.delivery.release",
        inverse_name="picking_id",
        string="Credit Releases",
        readonly=True,
        groups=RELEASE_READERS,
    )
    trade_credit_hold = fields.Boolean(
        string="On Credit Hold",
        compute="_compute_trade_credit_hold",
        help="The customer of this delivery of the department is on credit hold "
        "(receivables overdue beyond the grace period, or exposure above its "
        "credit limit) and no credit release covers the delivery: it cannot "
        "be validated.",
        groups="base.group_user",
    )
    trade_credit_hold_message = fields.Text(
        string="Credit Hold",
        compute="_compute_trade_credit_hold",
        groups="base.group_user",
    )
    trade_credit_release_state = fields.Selection(
        selection=[
            ("requested", "Release Requested"),
            ("released", "Released"),
            ("refused", "Release Refused"),
            ("lapsed", "Release Lapsed"),
        ],
        string="Credit Release",
        compute="_compute_trade_credit_hold",
        help="Status of the latest credit release of the delivery.",
        groups="base.group_user",
    )

    @api.depends(
        "state",
        "partner_id",
        "sale_id",
        "move_ids.product_uom_qty",
        "move_ids.quantity",
        "trade_delivery_release_ids.state",
    )
    @api.depends_context("company", "uid")
    def _compute_trade_credit_hold(self):
        self.trade_credit_hold = False
        self.trade_credit_hold_message = False
        for picking in self:
            # shown to every user of the delivery, also those who may not
            # read the releases
            latest = picking.sudo().trade_delivery_release_ids.sorted("id")[-1:]
            picking.trade_credit_release_state = latest.state
        held = self.filtered(lambda picking: picking._trade_credit_hold_applies())
        for company, pickings in held.grouped("company_id").items():
            orders = pickings.sudo().sale_id
            customers = (
                orders.partner_id.commercial_partner_id
                | orders.partner_invoice_id.commercial_partner_id
            )
            figures = customers._trade_credit_figures(company)
            for picking in pickings:
                reasons = picking._trade_credit_hold_reasons(
                    figures=figures,
                    detailed=picking._trade_credit_figures_visible(),
                )
                if not reasons or picking._trade_covering_release():
                    continue
                picking.trade_credit_hold = True
                picking.trade_credit_hold_message = self.env._(
                    "%(picking)s waits for a credit manager's release:\n"
                    "- %(reasons)s\n%(hint)s",
                    picking=picking.name,
                    reasons="\n- ".join(reasons),
                    hint=picking._trade_credit_hold_hint(),
                )

    def write(self, vals):
        result = super().write(vals)
        if RELEASE_BINDING & set(vals):
            self._trade_lapse_credit_releases()
        return result

    # ------------------------------------------------------------------
    # The shipping rule (R5.2.2)
    # ------------------------------------------------------------------
    def _trade_shipping_rules(self):
        # a delivery of a customer on credit hold waits for its release
        return [*super()._trade_shipping_rules(), "_trade_check_credit_hold"]

    def _trade_check_credit_hold(self):
        """R5.2.2: the customer is not on credit hold, or a credit manager
        released this delivery as it is."""
        reasons = self._trade_credit_hold_reasons(
            detailed=self._trade_credit_figures_visible()
        )
        if not reasons or self._trade_covering_release():
            return []
        return [
            self.env._(
                "%(picking)s waits for a credit manager's release: %(reasons)s. "
                "%(hint)s",
                picking=self.name,
                reasons="; ".join(reasons),
                hint=self._trade_credit_hold_hint(),
            )
        ]

    def _trade_check_before_shipping(self):
        result = super()._trade_check_before_shipping()
        # the deliveries leave: the releases they leave under are used, and
        # what the validation changes in the moves lapses none of them
        releases = self.sudo().trade_delivery_release_ids.filtered(
            lambda release: (
                release.state == "released"
                and not release.date_shipped
                and release._covers_picking()
            )
        )
        if releases:
            releases._mark_shipped()
        return result

    def _trade_credit_hold_applies(self):
        """Whether the credit hold concerns this delivery: an outgoing
        delivery of an order of the department, not done or cancelled."""
        self.ensure_one()
        return (
            self.picking_type_code == "outgoing"
            and self.state not in ("done", "cancel")
            and bool(self.sudo().sale_id.trade_in_scope)
        )

    def _trade_credit_figures_visible(self):
        """Whether the current user may see the credit figures of this
        delivery's customer: the salesperson of the order or of the customer,
        credit managers and finance (as on the order)."""
        self.ensure_one()
        order = self.sudo().sale_id
        return bool(
            self.env["res.partner"]._trade_sees_all_credit()
            or self.env.user
            in (order.user_id, order.partner_id.commercial_partner_id.user_id)
        )

    def _trade_credit_hold_reasons(self, figures=None, detailed=True):
        """Why the customers of this delivery are on credit hold, as
        sentences; empty when they are not (R5.2.2): the ordering customer
        and the company billed for the order, when another one (see
        ``sale.order._trade_credit_parties``).

        :param dict figures: ``{commercial partner id: figures}`` from
            ``res.partner._trade_credit_figures`` for those customers (read
            when not given)
        :param bool detailed: with the customers' figures; without them for
            users who may not see them (a company billed that is not the
            user's sees none anyway)
        """
        self.ensure_one()
        order = self.sudo().sale_id
        if not order.partner_id:
            return []
        parties = order._trade_credit_parties()
        if figures is None:
            figures = parties._trade_credit_figures(self.company_id)
        customer = order.partner_id.commercial_partner_id
        visible = parties.with_env(self.env)._trade_credit_visible_partners()
        reasons = []
        for party in parties:
            reasons += self._trade_credit_hold_party_reasons(
                party,
                figures[party.id],
                detailed and (party == customer or party in visible),
            )
        return reasons

    def _trade_credit_hold_party_reasons(self, customer, figures, detailed):
        """Why ``customer`` (a commercial partner of the delivery's order) is
        on credit hold for this delivery, as sentences.

        A customer under credit control is on hold while it has receivables
        overdue beyond the grace period, or while its exposure is above its
        credit limit plus its valid guarantees, unless the delivery's order
        was confirmed under a credit exception that still covers it (the
        credit manager accepted that exposure).

        :param dict figures: the customer's figures
        :param bool detailed: with the customer's figures
        """
        order = self.sudo().sale_id
        company = self.company_id
        if not figures["controlled"]:
            return []
        currency = company.currency_id
        money = order._trade_money
        reasons = []
        if currency.compare_amounts(figures["overdue_beyond_grace"], 0.0) > 0:
            if detailed:
                reasons.append(
                    self.env._(
                        "%(customer)s has %(amount)s overdue by more than the "
                        "grace period of %(grace)s days (oldest due %(days)s days "
                        "ago)",
                        customer=customer.display_name,
                        amount=money(figures["overdue_beyond_grace"]),
                        grace=company.trade_credit_grace_days,
                        days=figures["overdue_days"],
                    )
                )
            else:
                reasons.append(
                    self.env._(
                        "%(customer)s has receivables overdue by more than the "
                        "grace period",
                        customer=customer.display_name,
                    )
                )
        allowed = figures["limit"] + figures["guarantees"]
        if (
            currency.compare_amounts(figures["exposure"], allowed) > 0
            and not order._trade_covering_exception()
        ):
            if detailed:
                reasons.append(
                    self.env._(
                        "the exposure of %(customer)s, %(exposure)s, is above its "
                        "credit limit of %(limit)s plus %(guarantees)s of valid "
                        "guarantees",
                        customer=customer.display_name,
                        exposure=money(figures["exposure"]),
                        limit=money(figures["limit"]),
                        guarantees=money(figures["guarantees"]),
                    )
                )
            else:
                reasons.append(
                    self.env._(
                        "the exposure of %(customer)s is above its credit limit",
                        customer=customer.display_name,
                    )
                )
        return reasons

    def _trade_covering_release(self):
        """The credit release that lets this delivery leave, if any: released
        for this delivery, its customer and company, for a value at least the
        delivery's."""
        self.ensure_one()
        return self.sudo().trade_delivery_release_ids.filtered(
            lambda release: (
                release.state == "released"
                and not release.date_shipped
                and release._covers_picking()
            )
        )[:1]

    def _trade_credit_hold_hint(self):
        """What to do about a delivery on hold: ask for a release, wait for
        the decision, or why the last release no longer counts."""
        self.ensure_one()
        latest = self.sudo().trade_delivery_release_ids.sorted("id")[-1:]
        if latest.state == "requested":
            return self.env._(
                "Credit release %(release)s is requested: a credit manager "
                "releases or refuses the delivery.",
                release=latest.name,
            )
        if latest.state == "refused":
            return self.env._(
                "Credit release %(release)s was refused by %(user)s: collect the "
                "payment, or ask again when the situation changed.",
                release=latest.name,
                user=latest.decided_by_id.name,
            )
        if latest.state in ("released", "lapsed") and not latest.date_shipped:
            return self.env._(
                "Credit release %(release)s was for %(amount)s to %(customer)s: "
                "it lapsed when the delivery changed; ask for a new release.",
                release=latest.name,
                amount=formatLang(
                    self.env, latest.amount, currency_obj=latest.currency_id
                ),
                customer=latest.partner_id.display_name,
            )
        return self.env._(
            "Collect the payment, or ask a credit manager to release the "
            "delivery (Request Release on the delivery)."
        )

    def _trade_lapse_credit_releases(self):
        """Void the credit releases these deliveries no longer match: one
        requested or granted for another customer or company, or for less
        than the delivery is now worth. A release is bound to what was
        released (R5.2.2); the delivery needs a new one."""
        pickings = self.filtered(
            lambda picking: picking.state not in ("done", "cancel")
        )
        if not pickings:
            return
        releases = (
            self.env["trade.delivery.release"]
            .sudo()
            .search(
                [
                    ("picking_id", "in", pickings.ids),
                    ("state", "in", ("requested", "released")),
                    ("date_shipped", "=", False),
                ]
            )
        )
        lapsed = releases.filtered(lambda release: not release._covers_picking())
        if lapsed:
            # what the delivery's change voids needs no right of the user
            lapsed._lapse()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _trade_requested_release(self):
        self.ensure_one()
        release = self.sudo().trade_delivery_release_ids.filtered(
            lambda release: release.state == "requested"
        )[:1]
        if not release:
            raise UserError(
                self.env._(
                    "No credit release is requested for delivery %(picking)s.",
                    picking=self.name,
                )
            )
        return release.with_env(self.env)

    def action_trade_request_credit_release(self):
        """Open a credit release request for this delivery, prefilled."""
        self.ensure_one()
        self.env["trade.delivery.release"]._check_may_request(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Credit Release"),
            "res_model": "trade.delivery.release",
            "view_mode": "form",
            "target": "new",
            "context": {"default_picking_id": self.id},
        }

    def action_trade_release_credit_hold(self):
        """The credit manager releases the delivery requested."""
        self.ensure_one()
        return self._trade_requested_release().action_release()

    def action_trade_refuse_credit_hold(self):
        """The credit manager refuses: the request opens to write why."""
        self.ensure_one()
        release = self._trade_requested_release()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Credit Release"),
            "res_model": "trade.delivery.release",
            "res_id": release.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_trade_view_credit_releases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_risk.trade_delivery_release_action"
        )
        action["domain"] = [("picking_id", "=", self.id)]
        action["context"] = {"default_picking_id": self.id}
        return action
