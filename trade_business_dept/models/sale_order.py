from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date, formatLang

#: The four points verified with the customer before confirming (R3.3.1).
CHECKLIST_ITEMS = ("specification", "quantity", "date", "price")


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "trade.workflow.mixin"]

    trade_contract_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="trade.contract",
        string="Contract",
        index="btree_not_null",
        tracking=True,
        copy=False,
        check_company=True,
        domain="[('partner_id', '=', trade_commercial_partner_id), "
        "('state', 'not in', ('cancelled', 'done'))]",
    )
    trade_commercial_partner_id = fields.Many2one(
        groups="base.group_user",
        related="partner_id.commercial_partner_id",
    )
    trade_contract_state = fields.Selection(
        groups="base.group_user",
        related="trade_contract_id.state",
        string="Contract Status",
    )
    # Verification with the customer before confirmation (R3.3.1)
    trade_checked_specification = fields.Boolean(
        groups="base.group_user",
        string="Specification Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_specification_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Specification Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_quantity = fields.Boolean(
        groups="base.group_user",
        string="Quantities Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_quantity_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Quantities Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_date = fields.Boolean(
        groups="base.group_user",
        string="Delivery Date Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_date_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Delivery Date Verified By",
        readonly=True,
        copy=False,
    )
    trade_checked_price = fields.Boolean(
        groups="base.group_user",
        string="Prices Verified",
        tracking=True,
        copy=False,
    )
    trade_checked_price_user_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Prices Verified By",
        readonly=True,
        copy=False,
    )
    trade_floor_approved_by_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Prices Below Floor Approved By",
        readonly=True,
        copy=False,
        tracking=True,
    )
    trade_merchandiser_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Merchandiser",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Follows the execution of the order: purchases, shipment, incidents.",
    )
    # Execution tracking (R3.3.3)
    trade_stage_id = fields.Many2one(
        comodel_name="trade.order.stage",
        string="Tracking Stage",
        index="btree_not_null",
        copy=False,
        group_expand="_read_group_expand_trade_stage",
    )
    trade_stage_code = fields.Selection(
        related="trade_stage_id.code",
        string="Tracking Stage Code",
    )
    trade_stage_manual_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="trade.order.stage",
        string="Stage Set by Hand",
        readonly=True,
        copy=False,
    )
    trade_stage_log_ids = fields.One2many(
        groups="base.group_user",
        comodel_name="trade.order.stage.log",
        inverse_name="order_id",
        string="Stage History",
        readonly=True,
    )
    trade_expected_ship_date = fields.Datetime(
        string="Expected Shipping",
        readonly=True,
        copy=False,
        help="From the planned receipts of the purchases and the scheduled "
        "delivery transfers.",
    )
    trade_delay_days = fields.Integer(
        groups="base.group_user",
        string="Delay (days)",
        readonly=True,
        copy=False,
        aggregator="max",
    )
    trade_is_delayed = fields.Boolean(
        groups="base.group_user",
        string="Delayed",
        readonly=True,
        copy=False,
    )
    trade_purchase_late = fields.Boolean(
        groups="base.group_user",
        string="Purchase Too Late",
        readonly=True,
        copy=False,
        help="A purchase is planned to arrive too late to ship by the date "
        "promised to the customer.",
    )
    trade_date_customer_received = fields.Datetime(
        groups="base.group_user",
        string="Customer Received On",
        tracking=True,
        copy=False,
    )
    trade_delay_ids = fields.One2many(
        groups="base.group_user",
        comodel_name="trade.order.delay",
        inverse_name="order_id",
        string="Delay Notices",
        readonly=True,
    )
    trade_inspection_ids = fields.One2many(
        groups="base.group_user",
        comodel_name="trade.order.inspection",
        inverse_name="order_id",
        string="Inspections",
    )
    trade_purchase_line_ids = fields.Many2many(
        groups="base.group_user",
        comodel_name="purchase.order.line",
        string="Purchases for this Order",
        compute="_compute_trade_purchase_line_ids",
    )

    def _compute_trade_purchase_line_ids(self):
        """Purchase lines bought for the order: linked to its lines directly or
        through the make-to-order moves they feed."""
        sale_lines = self.order_line._origin
        lines = self.env["purchase.order.line"].search(
            [
                ("order_id.state", "!=", "cancel"),
                "|",
                "|",
                ("sale_line_id", "in", sale_lines.ids),
                ("move_dest_ids.sale_line_id", "in", sale_lines.ids),
                ("move_ids.move_dest_ids.sale_line_id", "in", sale_lines.ids),
            ]
        )
        for order in self:
            order_lines = order.order_line._origin
            order.trade_purchase_line_ids = lines.filtered(
                lambda line, order_lines=order_lines: (
                    (
                        line.sale_line_id
                        | line.move_dest_ids.sale_line_id
                        | line.move_ids.move_dest_ids.sale_line_id
                    )
                    & order_lines
                )
            )

    @api.model
    def _read_group_expand_trade_stage(self, stages, domain):
        return stages.search([])

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            *(f"trade_checked_{item}_user_id" for item in CHECKLIST_ITEMS),
            "trade_floor_approved_by_id",
            "trade_stage_manual_id",
            "trade_stage_log_ids",
            "trade_expected_ship_date",
            "trade_delay_days",
            "trade_is_delayed",
            "trade_purchase_late",
            "trade_date_customer_received",
            "trade_delay_ids",
        }

    def write(self, vals):
        vals = dict(vals)
        stage = None
        if "trade_stage_id" in vals and not self.env.su:
            # a move on the tracking board: a stage set by hand, logged
            stage = self.env["trade.order.stage"].browse(vals.pop("trade_stage_id"))
        verified_by = {
            f"trade_checked_{item}_user_id": vals[f"trade_checked_{item}"]
            and self.env.uid
            for item in CHECKLIST_ITEMS
            if f"trade_checked_{item}" in vals
        }
        result = super().write(vals) if vals else True
        if verified_by:
            # who ticked the point, never a name a client chose
            self._trade_workflow_write(verified_by, access=None)
        if stage is not None:
            self._trade_set_stage_by_hand(stage)
        return result

    def _confirmation_error_message(self):
        return (
            super()._confirmation_error_message()
            or self._trade_confirmation_checks_error()
            or self._trade_contract_error()
        )

    def _trade_confirmation_checks_error(self):
        """What must be settled with the customer before confirming (R3.3.1)."""
        self.ensure_one()
        if not self.company_id.trade_order_checks:
            return False
        problems = []
        if not self.commitment_date:
            problems.append(
                self.env._("set the delivery date promised to the customer")
            )
        no_specification = self.order_line.filtered(
            lambda line: line.product_id and not line._trade_has_specification()
        )
        if no_specification:
            problems.append(
                self.env._(
                    "describe the specification of: %s",
                    ", ".join(no_specification.product_id.mapped("display_name")),
                )
            )
        if True:
            below = self.order_line.filtered(
                lambda line: not line.trade_floor_approved
            )._trade_below_floor_price()
            if below:
                problems.append(
                    self.env._(
                        "get a business manager's approval for the prices below "
                        "the floor price: %s",
                        ", ".join(below),
                    )
                )
        unchecked = [
            self._fields[f"trade_checked_{item}"].get_description(self.env)["string"]
            for item in CHECKLIST_ITEMS
            if not self[f"trade_checked_{item}"]
        ]
        if unchecked:
            problems.append(
                self.env._("verify with the customer: %s", ", ".join(unchecked))
            )
        if not problems:
            return False
        return self.env._(
            "Order %(order)s cannot be confirmed yet:\n- %(problems)s",
            order=self.name,
            problems="\n- ".join(problems),
        )

    def _trade_contract_error(self):
        """Why this order cannot be confirmed without a signed contract, if so."""
        self.ensure_one()
        company = self.company_id
        customer = self.partner_id.commercial_partner_id
        if not company._trade_contract_required_for(customer.trade_customer_tier):
            return False
        amount = self.currency_id._convert(
            self.amount_total,
            company.currency_id,
            company,
            self.date_order or fields.Date.context_today(self),
        )
        if (
            company.currency_id.compare_amounts(
                amount, company.trade_contract_min_amount
            )
            < 0
        ):
            return False
        contract = self.trade_contract_id
        if not contract:
            return self.env._(
                "Order %(order)s (%(amount)s) needs a signed contract with "
                "%(customer)s before it is confirmed, and it has none. Create it "
                "with the Create Contract button.",
                order=self.name,
                amount=formatLang(self.env, amount, currency_obj=company.currency_id),
                customer=customer.display_name,
            )
        if contract.state != "signed":
            states = dict(contract._fields["state"]._description_selection(self.env))
            return self.env._(
                "Order %(order)s needs a signed contract: contract %(contract)s is "
                "%(state)s.",
                order=self.name,
                contract=contract.display_name,
                state=states[contract.state],
            )
        return False

    def _trade_contract_terms(self):
        """Contract terms taken from an order (empty when there is no order)."""
        if not self:
            return {}
        self.ensure_one()
        return {
            "currency_id": self.currency_id.id,
            "payment_term_id": self.payment_term_id.id,
            "incoterm_id": self.incoterm.id,
            "incoterm_location": self.incoterm_location,
        }

    def action_trade_create_contract(self):
        """A draft contract for these quotations of one customer."""
        customers = self.partner_id.commercial_partner_id
        if len(customers) != 1:
            raise UserError(
                self.env._("A contract covers the orders of one customer only.")
            )
        contract = self.env["trade.contract"].create(
            {
                "partner_id": customers.id,
                "user_id": (self[:1].user_id or self.env.user).id,
                "opportunity_id": self[:1].opportunity_id.id,
                "company_id": self[:1].company_id.id,
                **self[:1]._trade_contract_terms(),
            }
        )
        self.write({"trade_contract_id": contract.id})
        return contract._get_form_action()

    def action_trade_view_contract(self):
        self.ensure_one()
        return self.trade_contract_id._get_form_action()

    @api.constrains("trade_contract_id", "partner_id")
    def _check_trade_contract_partner(self):
        for order in self:
            contract = order.trade_contract_id
            if contract and contract.partner_id != order.trade_commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is with %(contract_customer)s, not "
                        "with the customer of order %(order)s.",
                        contract=contract.display_name,
                        contract_customer=contract.partner_id.display_name,
                        order=order.name,
                    )
                )

    # ------------------------------------------------------------------
    # Confirmation and hand-offs (R3.3.1, R6.1)
    # ------------------------------------------------------------------
    def _action_confirm(self):
        result = super()._action_confirm()
        self._trade_hand_off()
        self._trade_refresh_tracking()
        return result

    def action_trade_approve_floor_prices(self):
        """A business manager accepts the prices below the floor price."""
        if not self.env.user.has_group("trade_business_dept.group_trade_manager"):
            raise AccessError(
                self.env._(
                    "Only a business manager can approve prices below the floor price."
                )
            )
        for order in self:
            lines = order.order_line.filtered(
                lambda line: (
                    line.product_id.trade_floor_price
                    and line._trade_below_floor_price()
                )
            )
            lines._trade_workflow_write({"trade_floor_approved": True})
        self._trade_workflow_write({"trade_floor_approved_by_id": self.env.uid})
        return True

    def _trade_hand_off(self):
        """A hand-off (with its activity) for each department contact set in
        Settings, with what to buy, ship or invoice and by when."""
        values = []
        for order in self:
            company = order.company_id
            note = order._trade_hand_off_note()
            deadline = fields.Date.context_today(order)
            for department, user, summary in (
                (
                    "purchasing",
                    company.trade_purchasing_user_id,
                    self.env._("Purchase for order %s", order.name),
                ),
                (
                    "logistics",
                    company.trade_logistics_user_id,
                    self.env._("Plan the shipment of order %s", order.name),
                ),
                (
                    "finance",
                    company.trade_finance_user_id,
                    self.env._("Invoicing and receivable of order %s", order.name),
                ),
            ):
                if user:
                    values.append(
                        {
                            "name": summary,
                            "department": department,
                            "user_id": user.id,
                            "company_id": company.id,
                            "order_id": order.id,
                            "note": note,
                            "date_deadline": deadline,
                        }
                    )
        return self.env["trade.handoff"].sudo().create(values)

    def _trade_hand_off_note(self):
        self.ensure_one()
        rows = "".join(
            "<li>%s — %s %s</li>"
            % (
                line.name.replace("\n", " / "),
                formatLang(self.env, line.product_uom_qty),
                line.product_uom.name,
            )
            for line in self.order_line.filtered(lambda line: line.product_id)
        )
        return self.env._(
            "<p>Customer: %(customer)s<br/>Delivery promised for: %(date)s<br/>"
            "Incoterm: %(incoterm)s</p><ul>%(lines)s</ul>",
            customer=self.partner_id.display_name,
            date=format_date(self.env, self.commitment_date)
            if self.commitment_date
            else "—",
            incoterm=self.incoterm.display_name or "—",
            lines=rows,
        )

    # ------------------------------------------------------------------
    # Tracking stages and delays (R3.3.3)
    # ------------------------------------------------------------------
    def _trade_set_stage_by_hand(self, stage, reason=None):
        """Set the tracking stage by hand (production started, a move on the
        board): logged with its reason and kept until the documents go
        further. Whoever may edit the orders may move them."""
        if isinstance(stage, int):  # from a data file
            stage = self.env["trade.order.stage"].browse(stage)
        reason = reason or self.env._("Moved on the tracking board")
        logs = [
            {
                "order_id": order.id,
                "stage_from_id": order.trade_stage_id.id,
                "stage_id": stage.id,
                "manual": True,
                "reason": reason,
            }
            for order in self
            if order.trade_stage_id != stage
        ]
        self._trade_workflow_write(
            {"trade_stage_id": stage.id, "trade_stage_manual_id": stage.id}
        )
        self.env["trade.order.stage.log"].sudo().create(logs)
        for order in self:
            order.message_post(
                body=self.env._(
                    "Tracking stage set to %(stage)s by hand: %(reason)s",
                    stage=stage.name,
                    reason=reason,
                )
            )

    def action_trade_customer_received(self):
        """The customer confirmed the goods arrived."""
        not_shipped = self.filtered(lambda order: order.trade_stage_code != "shipped")
        if not_shipped:
            raise UserError(
                self.env._(
                    "Order %s is not shipped yet: the customer cannot have "
                    "received it.",
                    not_shipped[0].name,
                )
            )
        self._trade_workflow_write(
            {"trade_date_customer_received": fields.Datetime.now()}
        )
        self._trade_refresh_tracking()
        return True

    def action_trade_open_stage_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Set Tracking Stage"),
            "res_model": "trade.order.stage.set",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_trade_open_delay_notice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notify Customer of a Delay"),
            "res_model": "trade.order.delay.notice",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_trade_send_progress(self):
        """Mail the customer where the order stands (stage, dates, tracking)."""
        template = self.env.ref(
            "trade_business_dept.mail_template_trade_order_progress"
        )
        for order in self:
            order.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_trade_new_inspection(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Acceptance Inspection"),
            "res_model": "trade.order.inspection",
            "view_mode": "form",
            "target": "current",
            "context": {"default_order_id": self.id},
        }

    def _trade_tracking_numbers(self):
        """Tracking numbers of the order's done deliveries."""
        self.ensure_one()
        pickings = self.picking_ids.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.carrier_tracking_ref
            )
        )
        return ", ".join(pickings.mapped("carrier_tracking_ref"))

    def _trade_send_acceptance_notice(self):
        """After a passed inspection: ask the customer to pay and take delivery,
        with the posted invoices attached."""
        template = self.env.ref(
            "trade_business_dept.mail_template_trade_order_acceptance"
        )
        Report = self.env["ir.actions.report"]
        for order in self:
            invoices = order.invoice_ids.filtered(
                lambda move: move.state == "posted" and move.move_type == "out_invoice"
            )
            attachments = self.env["ir.attachment"]
            for invoice in invoices:
                content, _report_type = Report._render_qweb_pdf(
                    "account.account_invoices", invoice.ids
                )
                attachments |= attachments.create(
                    {
                        "name": f"{invoice.name.replace('/', '_')}.pdf",
                        "raw": content,
                        "res_model": order._name,
                        "res_id": order.id,
                        "mimetype": "application/pdf",
                    }
                )
            order.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                attachment_ids=attachments.ids,
            )
            finance_user = order.company_id.trade_finance_user_id
            if not invoices and finance_user:
                self.env["trade.handoff"].sudo().create(
                    {
                        "name": self.env._(
                            "Order %s accepted by the customer: invoice it", order.name
                        ),
                        "department": "finance",
                        "user_id": finance_user.id,
                        "company_id": order.company_id.id,
                        "order_id": order.id,
                    }
                )

    def _trade_refresh_tracking(self):
        """Recompute stage, expected shipping date and delay of confirmed orders.

        Reads the facts of all the orders in four grouped queries (purchases,
        deliveries, inspections, invoices), then writes one query per stage and
        one query for the dates, whatever the number of orders.
        """
        orders = self.filtered(lambda order: order.state == "sale")
        if not orders:
            return
        facts = orders._trade_read_tracking_facts()
        stages = {
            stage.code: stage for stage in self.env["trade.order.stage"].search([])
        }
        by_stage = defaultdict(lambda: self.browse())
        manual_cleared = self.browse()
        logs = []
        dates = []
        for order in orders:
            fact = facts[order.id]
            auto = stages.get(order._trade_stage_code(fact))
            if not auto:
                continue
            manual = order.trade_stage_manual_id
            target = manual if manual and manual.sequence > auto.sequence else auto
            if manual and target != manual:
                manual_cleared |= order
            if target != order.trade_stage_id:
                by_stage[target] |= order
                logs.append(
                    {
                        "order_id": order.id,
                        "stage_from_id": order.trade_stage_id.id,
                        "stage_id": target.id,
                        "user_id": self.env.uid,
                        "manual": False,
                    }
                )
            expected, delay_days, purchase_late = order._trade_delay(fact)
            if (expected, delay_days, purchase_late) != (
                order.trade_expected_ship_date,
                order.trade_delay_days,
                order.trade_purchase_late,
            ):
                dates.append((order.id, expected, delay_days, purchase_late))
        refresh = self.sudo()
        for stage, stage_orders in by_stage.items():
            refresh.browse(stage_orders.ids).write({"trade_stage_id": stage.id})
        if manual_cleared:
            refresh.browse(manual_cleared.ids).write({"trade_stage_manual_id": False})
        self.env["trade.order.stage.log"].sudo().create(logs)
        self._trade_write_delays(dates)

    def _trade_write_delays(self, rows):
        """One UPDATE for the dates and delays of all the orders that changed."""
        if not rows:
            return
        self.env["sale.order"].flush_model(
            [
                "trade_expected_ship_date",
                "trade_delay_days",
                "trade_is_delayed",
                "trade_purchase_late",
            ]
        )
        values = SQL(", ").join(
            SQL(
                "(%s, %s::timestamp, %s, %s)",
                order_id,
                expected,
                delay_days,
                purchase_late,
            )
            for order_id, expected, delay_days, purchase_late in rows
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE sale_order AS so
                   SET trade_expected_ship_date = v.expected,
                       trade_delay_days = v.delay_days,
                       trade_is_delayed = v.delay_days > 0,
                       trade_purchase_late = v.purchase_late
                  FROM (VALUES %s) AS v(id, expected, delay_days, purchase_late)
                 WHERE so.id = v.id
                """,
                values,
            )
        )
        self.browse([row[0] for row in rows]).invalidate_recordset(
            [
                "trade_expected_ship_date",
                "trade_delay_days",
                "trade_is_delayed",
                "trade_purchase_late",
            ]
        )

    def _trade_read_tracking_facts(self):
        """``{order_id: facts}`` from purchases, deliveries, inspections, invoices."""
        ids = self.ids
        facts = {
            order_id: {
                "purchase_lines": 0,
                "open_purchase_lines": 0,
                "planned_receipt": None,
                "deliveries": 0,
                "deliveries_done": 0,
                "deliveries_ready": 0,
                "delivery_scheduled": None,
                "delivery_done": None,
                "inspection_passed": False,
                "invoices": 0,
                "invoices_unpaid": 0,
            }
            for order_id in ids
        }
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                WITH links AS (
                    SELECT sol.order_id, pol.id AS line_id
                      FROM purchase_order_line pol
                      JOIN sale_order_line sol ON sol.id = pol.sale_line_id
                     WHERE sol.order_id = ANY(%(ids)s)
                     UNION
                    -- requests for quotation made for the order's moves
                    SELECT sol.order_id, rel.created_purchase_line_id
                      FROM stock_move_created_purchase_line_rel rel
                      JOIN stock_move sm ON sm.id = rel.move_id
                      JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                     WHERE sol.order_id = ANY(%(ids)s)
                     UNION
                    -- confirmed purchases whose receipts feed the order's moves
                    SELECT sol.order_id, receipt.purchase_line_id
                      FROM stock_move receipt
                      JOIN stock_move_move_rel chain
                        ON chain.move_orig_id = receipt.id
                      JOIN stock_move sm ON sm.id = chain.move_dest_id
                      JOIN sale_order_line sol ON sol.id = sm.sale_line_id
                     WHERE receipt.purchase_line_id IS NOT NULL
                       AND sol.order_id = ANY(%(ids)s)
                )
                SELECT links.order_id,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE pol.qty_received < pol.product_qty),
                       MAX(pol.date_planned)
                           FILTER (WHERE pol.qty_received < pol.product_qty)
                  FROM links
                  JOIN purchase_order_line pol ON pol.id = links.line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                 WHERE po.state != 'cancel'
                   AND pol.display_type IS NULL
              GROUP BY links.order_id
                """,
                ids=ids,
            )
        )
        for order_id, lines, open_lines, planned in cr.fetchall():
            facts[order_id].update(
                purchase_lines=lines,
                open_purchase_lines=open_lines,
                planned_receipt=planned,
            )
        cr.execute(
            SQL(
                """
                SELECT sp.sale_id,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE sp.state = 'done'),
                       COUNT(*) FILTER (WHERE sp.state = 'assigned'),
                       MAX(sp.scheduled_date) FILTER (WHERE sp.state != 'done'),
                       MAX(sp.date_done)
                  FROM stock_picking sp
                  JOIN stock_picking_type spt ON spt.id = sp.picking_type_id
                 WHERE sp.sale_id = ANY(%s)
                   AND spt.code = 'outgoing'
                   AND sp.state != 'cancel'
              GROUP BY sp.sale_id
                """,
                ids,
            )
        )
        for order_id, count, done, ready, scheduled, date_done in cr.fetchall():
            facts[order_id].update(
                deliveries=count,
                deliveries_done=done,
                deliveries_ready=ready,
                delivery_scheduled=scheduled,
                delivery_done=date_done,
            )
        passed = (
            self.env["trade.order.inspection"]
            .sudo()
            ._read_group(
                [
                    ("order_id", "in", ids),
                    ("state", "=", "done"),
                    ("result", "in", ("pass", "conditional")),
                ],
                ["order_id"],
            )
        )
        for (order,) in passed:
            facts[order.id]["inspection_passed"] = True
        cr.execute(
            SQL(
                """
                SELECT sol.order_id,
                       COUNT(DISTINCT am.id),
                       COUNT(DISTINCT am.id) FILTER (
                           WHERE am.payment_state
                                 NOT IN ('paid', 'in_payment', 'reversed')
                       )
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line sol ON sol.id = rel.order_line_id
                  JOIN account_move_line aml ON aml.id = rel.invoice_line_id
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE sol.order_id = ANY(%s)
                   AND am.state = 'posted'
                   AND am.move_type = 'out_invoice'
              GROUP BY sol.order_id
                """,
                ids,
            )
        )
        for order_id, invoices, unpaid in cr.fetchall():
            facts[order_id].update(invoices=invoices, invoices_unpaid=unpaid)
        return facts

    def _trade_stage_code(self, fact):
        """The furthest stage the order's documents justify."""
        self.ensure_one()
        has_purchase = bool(fact["purchase_lines"])
        received = has_purchase and not fact["open_purchase_lines"]
        shipped = bool(fact["deliveries"]) and (
            fact["deliveries_done"] == fact["deliveries"]
        )
        paid = (
            self.invoice_status == "invoiced"
            and fact["invoices"]
            and not fact["invoices_unpaid"]
        )
        if paid and (shipped or not fact["deliveries"]):
            return "closed"
        if shipped and self.trade_date_customer_received:
            return "delivered"
        if shipped:
            return "shipped"
        if fact["deliveries_ready"] and (fact["inspection_passed"] or not has_purchase):
            return "ready"
        if fact["inspection_passed"]:
            return "accepted"
        if received:
            return "inspection"
        if has_purchase:
            return "purchasing"
        return "confirmed"

    def _trade_delay(self, fact):
        """(expected shipping date, days late against the promised date,
        a purchase arrives too late to ship in time)."""
        self.ensure_one()
        lead = timedelta(days=self.company_id.trade_shipping_lead_days)
        if fact["deliveries"] and fact["deliveries_done"] == fact["deliveries"]:
            expected = fact["delivery_done"]
        else:
            candidates = [
                date
                for date in (
                    fact["planned_receipt"] and fact["planned_receipt"] + lead,
                    fact["delivery_scheduled"],
                )
                if date
            ]
            expected = max(candidates) if candidates else False
        promised = self.commitment_date
        delay_days = 0
        if expected and promised:
            delay_days = max(0, (expected.date() - promised.date()).days)
        purchase_late = bool(
            promised
            and fact["open_purchase_lines"]
            and fact["planned_receipt"]
            and fact["planned_receipt"] + lead > promised
        )
        return expected or False, delay_days, purchase_late

    @api.model
    def _cron_trade_refresh_tracking(self):
        """Scheduled: stage and delay of every open order, then alerts."""
        orders = self.search(
            [
                ("state", "=", "sale"),
                "|",
                ("trade_stage_id", "=", False),
                ("trade_stage_id.code", "!=", "closed"),
            ]
        )
        orders._trade_refresh_tracking()
        orders._trade_alert_delays()

    def _trade_alert_delays(self):
        """One activity for the salesperson of each order that will miss its
        promised date, before it is missed."""
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_delay"
        )
        now = fields.Datetime.now()
        late = self.filtered(
            lambda order: (
                order.trade_is_delayed
                and order.commitment_date
                and order.commitment_date >= now
                and order.trade_stage_code not in ("shipped", "delivered", "closed")
            )
        )
        if not late:
            return self.env["mail.activity"]
        alerted = {
            res_id
            for (res_id,) in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", late.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id("sale.order")
        values = [
            {
                "res_model_id": model_id,
                "res_id": order.id,
                "activity_type_id": activity_type.id,
                "user_id": (order.user_id or self.env.user).id,
                "date_deadline": fields.Date.context_today(order),
                "summary": order.with_context(lang=order.user_id.lang).env._(
                    "Order %(order)s will ship %(days)s day(s) after the date "
                    "promised: warn the customer",
                    order=order.name,
                    days=order.trade_delay_days,
                ),
            }
            for order in late
            if order.id not in alerted
        ]
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(values)
        )

    def _trade_create_credit_note(self, amount, label, partner=None):
        """A draft credit note of ``amount`` (company currency) for this order's
        customer, linked to its last posted invoice when there is one."""
        invoice = self.invoice_ids.filtered(
            lambda move: move.state == "posted" and move.move_type == "out_invoice"
        ).sorted("invoice_date")[-1:]
        customer = partner or self.partner_invoice_id or self.partner_id
        company = self.company_id or self.env.company
        return (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": customer.commercial_partner_id.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "invoice_origin": self.name or False,
                    "reversed_entry_id": invoice.id or False,
                    "ref": label,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": label, "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )

    def _trade_portal_ticket(self, title, description, ticket_type, urgency=None):
        """A ticket the customer reported from the portal page of this order."""
        self.ensure_one()
        urgencies = dict(self.env["trade.service.ticket"]._fields["urgency"].selection)
        return (
            self.env["trade.service.ticket"]
            .sudo()
            .create(
                {
                    "title": title,
                    "description": description,
                    "ticket_type": ticket_type,
                    "urgency": urgency if urgency in urgencies else "normal",
                    "partner_id": self.partner_id.id,
                    "sale_order_id": self.id,
                    "company_id": self.company_id.id,
                    "product_id": self.order_line.product_id[:1].id,
                }
            )
        )
