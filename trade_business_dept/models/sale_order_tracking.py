# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..text import in_company_lang


class SaleOrder(models.Model):
    """Execution tracking of confirmed orders (R3.3.3): the stage computed from
    the purchases, receipts, inspections, deliveries and payments, the
    expected shipping date, the delay and its alerts; a stage set by hand is
    logged with its reason."""

    _inherit = "sale.order"

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
        groups="trade_business_dept.group_trade_salesperson",
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
        groups="trade_business_dept.group_trade_salesperson",
        comodel_name="trade.order.delay",
        inverse_name="order_id",
        string="Delay Notices",
        readonly=True,
    )
    trade_inspection_ids = fields.One2many(
        groups="trade_business_dept.group_trade_salesperson",
        comodel_name="trade.order.inspection",
        inverse_name="order_id",
        string="Inspections",
    )
    trade_purchase_line_ids = fields.Many2many(
        groups="trade_business_dept.group_trade_salesperson",
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

    # ------------------------------------------------------------------
    # Tracking stages and delays (R3.3.3)
    # ------------------------------------------------------------------
    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
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
        if "trade_stage_id" not in vals or self.env.su:
            return super().write(vals)
        # a move on the tracking board: a stage set by hand, logged
        vals = dict(vals)
        stage = self.env["trade.order.stage"].browse(vals.pop("trade_stage_id"))
        result = super().write(vals) if vals else True
        self._trade_set_stage_by_hand(stage)
        return result

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
            shared = in_company_lang(order)
            order.message_post(
                body=shared.env._(
                    "Tracking stage set to %(stage)s by hand: %(reason)s",
                    stage=stage.with_env(shared.env).name,
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

    def _trade_refresh_tracking(self, notify_assignees=True):
        """Recompute stage, expected shipping date and delay of confirmed orders.

        Reads the facts of all the orders in four grouped queries (purchases,
        deliveries, inspections, invoices), then writes one query per stage and
        one query for the dates, whatever the number of orders.

        :param bool notify_assignees: send the merchandisers the assignment
            message of each inspection to do (what a user's action does);
            the scheduled job and the installation create them quietly, in
            the merchandisers' activities (a first run asks for thousands)
        """
        orders = self.filtered(
            lambda order: order.state == "sale" and order.trade_in_scope
        )
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
        inspection = stages.get("inspection")
        if inspection and by_stage.get(inspection):
            by_stage[inspection]._trade_ask_for_inspection(notify_assignees)
        closed = stages.get("closed")
        if closed and by_stage.get(closed):
            by_stage[closed].sudo().trade_contract_id._trade_check_fulfilled()

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
