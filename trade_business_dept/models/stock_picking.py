from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.i18n import format_list
from odoo.tools.misc import formatLang
from odoo.tools.sql import column_exists

from ..install_columns import create_empty_column
from .trade_contract import TRANSPORT_MODES

#: How goods leave: one of the transport modes, or collected by the customer.
SHIPPING_MODES = [*TRANSPORT_MODES, ("pickup", "Customer Pick-up")]

#: Modes shipped under a transport contract with the carrier (R3.4.1).
CONTRACT_MODES = ("sea", "air", "rail")

#: Transport document of each mode (bill of lading, air waybill, ...).
TRANSPORT_DOCUMENTS = {
    "sea": "bl",
    "air": "awb",
    "road": "cmr",
    "rail": "waybill",
    "express": "waybill",
    "multimodal": "bl",
}


class StockPicking(models.Model):
    _name = "stock.picking"
    _inherit = ["stock.picking", "trade.workflow.mixin"]

    trade_transport_mode = fields.Selection(
        groups="base.group_user",
        selection=SHIPPING_MODES,
        string="Transport Mode",
        tracking=True,
    )
    trade_carrier_partner_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.partner",
        string="Logistics Carrier",
        tracking=True,
        domain="[('trade_is_carrier', '=', True)]",
        index="btree_not_null",
    )
    trade_collected_by = fields.Char(
        groups="base.group_user",
        string="Collected By",
        tracking=True,
        help="Customer pick-up: who collected the goods (name and ID).",
    )
    trade_transport_contract_ref = fields.Char(
        groups="base.group_user",
        string="Transport Contract",
        help="Reference of the transport contract signed with the carrier.",
    )
    trade_packing_instructions = fields.Text(
        groups="base.group_user",
        string="Packing and Loading Instructions",
    )
    trade_etd = fields.Datetime(
        groups="base.group_user",
        string="ETD",
        tracking=True,
        help="Estimated time of departure.",
    )
    trade_eta = fields.Datetime(
        groups="base.group_user",
        string="ETA",
        tracking=True,
        help="Estimated time of arrival at the customer.",
    )
    trade_transport_document_type = fields.Selection(
        groups="base.group_user",
        selection=[
            ("bl", "Bill of Lading (B/L)"),
            ("awb", "Air Waybill (AWB)"),
            ("cmr", "Road Consignment Note (CMR)"),
            ("waybill", "Waybill"),
        ],
        string="Transport Document",
        compute="_compute_trade_transport_document_type",
        store=True,
        readonly=False,
    )
    trade_transport_document_number = fields.Char(
        groups="base.group_user",
        string="Transport Document Number",
        tracking=True,
    )
    trade_shipment_value = fields.Monetary(
        groups="base.group_user",
        string="Value Shipped",
        compute="_compute_trade_shipment_value",
        currency_field="trade_company_currency_id",
        help="Sales value of the goods of this transfer, company currency.",
    )
    trade_company_currency_id = fields.Many2one(
        groups="base.group_user",
        related="company_id.currency_id",
        string="Company Currency",
    )
    trade_insured_amount = fields.Monetary(
        groups="base.group_user",
        string="Insured Amount",
        currency_field="trade_company_currency_id",
        tracking=True,
    )
    trade_insurance_policy = fields.Char(
        groups="base.group_user",
        string="Insurance Policy",
        tracking=True,
    )
    trade_insurer_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.partner",
        string="Insurer",
    )
    trade_date_delivered = fields.Datetime(
        groups="base.group_user",
        string="Delivered On",
        tracking=True,
        copy=False,
        help="When the customer took delivery.",
    )
    trade_eta_overdue = fields.Boolean(
        groups="base.group_user",
        string="Past ETA",
        copy=False,
        help="Shipped, past its ETA and not confirmed delivered.",
    )
    trade_incident_ids = fields.One2many(
        groups="trade_business_dept.group_trade_salesperson",
        comodel_name="trade.logistics.incident",
        inverse_name="picking_id",
        string="Incidents",
    )

    def _trade_reader_lang(self):
        # the department's deliveries; Odoo tracks the others as it does
        return self.sale_id.trade_in_scope and super()._trade_reader_lang()

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "trade_date_delivered",
            "trade_eta_overdue",
        }

    def _auto_init(self):
        """The transport document of the deliveries there are when the
        field is installed follows their transport mode in one SQL statement
        instead of being computed delivery by delivery (``install_columns``):
        none on a new installation, where the mode is new too."""
        cr = self.env.cr
        if create_empty_column(self, "trade_transport_document_type") and (
            column_exists(cr, self._table, "trade_transport_mode")
        ):
            cr.execute(
                SQL(
                    """
                    UPDATE stock_picking
                       SET trade_transport_document_type = document.type
                      FROM (VALUES %s) AS document(mode, type)
                     WHERE trade_transport_mode = document.mode
                    """,
                    SQL(", ").join(
                        SQL("(%s, %s)", mode, document)
                        for mode, document in TRANSPORT_DOCUMENTS.items()
                    ),
                )
            )
        return super()._auto_init()

    @api.depends("trade_transport_mode")
    def _compute_trade_transport_document_type(self):
        for picking in self:
            picking.trade_transport_document_type = TRANSPORT_DOCUMENTS.get(
                picking.trade_transport_mode
            )

    @api.depends(
        "move_ids.product_uom_qty", "move_ids.sale_line_id.price_reduce_taxexcl"
    )
    def _compute_trade_shipment_value(self):
        for picking in self:
            company = picking.company_id
            value = 0.0
            for move in picking.move_ids.filtered("sale_line_id"):
                line = move.sale_line_id
                order = line.order_id
                quantity = move.product_uom._compute_quantity(
                    move.quantity or move.product_uom_qty, line.product_uom
                )
                value += order.currency_id._convert(
                    line.price_reduce_taxexcl * quantity,
                    company.currency_id,
                    company,
                    order.date_order or fields.Date.context_today(picking),
                )
            picking.trade_shipment_value = value

    def _action_done(self):
        self._trade_check_before_shipping()
        result = super()._action_done()
        # the orders' tracking is the department's, whoever ships (a
        # storekeeper may not read the sales orders)
        pickings = self.sudo()
        orders = (
            pickings.sale_id
            | pickings.move_ids.purchase_line_id.order_id._trade_sale_orders()
            | pickings.move_ids.move_dest_ids.picking_id.sale_id
        )
        orders._trade_refresh_tracking()
        self._trade_send_tracking_information()
        return result

    def _trade_check_before_shipping(self):
        """Refuse to ship what the shipping rules refuse, all at once."""
        problems = [
            problem
            for picking in self.filtered(
                lambda p: (
                    p.picking_type_code == "outgoing"
                    and p.sudo().sale_id.trade_in_scope
                )
            )
            for rule in picking._trade_shipping_rules()
            for problem in getattr(picking, rule)()
        ]
        if problems:
            raise UserError(
                self.env._("These shipments cannot leave:\n- %s", "\n- ".join(problems))
            )

    def _trade_shipping_rules(self):
        """Names of the methods that check a delivery before it leaves (R3.4).

        Each returns the list of problems it finds for this delivery (each
        sentence names it), empty when it may leave. Another addon adds a
        rule by extending this list.
        """
        return [
            "_trade_check_transport",
            "_trade_check_carrier",
            "_trade_check_insurance",
        ]

    def _trade_check_transport(self):
        """R3.4.1: a chosen transport mode, a carrier and, by sea, air or rail,
        the transport contract; or a customer pick-up with who collected."""
        _ = self.env._
        mode = self.trade_transport_mode
        missing = []
        if not mode:
            missing.append(_("the transport mode (or a customer pick-up)"))
        elif mode == "pickup":
            if not (self.trade_collected_by or "").strip():
                missing.append(_("who collected the goods"))
        else:
            if not self.trade_carrier_partner_id:
                missing.append(_("the carrier"))
            if (
                mode in CONTRACT_MODES
                and not (self.trade_transport_contract_ref or "").strip()
            ):
                missing.append(_("the reference of the transport contract"))
        if not missing:
            return []
        return [
            _(
                "%(picking)s needs %(missing)s",
                picking=self.name,
                missing=format_list(self.env, missing),
            )
        ]

    def _trade_check_carrier(self):
        """An approved carrier whose qualification is valid today."""
        carrier = self.trade_carrier_partner_id
        refusal = carrier and carrier._trade_carrier_refusal(
            fields.Date.context_today(self)
        )
        if not refusal:
            return []
        return [
            self.env._("%(picking)s: %(reason)s", picking=self.name, reason=refusal)
        ]

    def _trade_check_insurance(self):
        """Cargo insurance of at least the required cover, when we ship (a
        customer pick-up travels at the customer's risk)."""
        if self.trade_transport_mode == "pickup":
            return []
        shortfall = self._trade_insurance_shortfall()
        return [shortfall] if shortfall else []

    def _trade_insurance_shortfall(self):
        """The message when the insured amount is below the required cover."""
        self.ensure_one()
        company = self.company_id
        threshold = company.trade_insurance_threshold
        value = self.trade_shipment_value
        currency = company.currency_id
        if not threshold or currency.compare_amounts(value, threshold) < 0:
            return False
        required = currency.round(value * company.trade_insurance_cover_percent / 100)
        if currency.compare_amounts(self.trade_insured_amount, required) >= 0:
            return False
        return self.env._(
            "%(picking)s is worth %(value)s and must be insured for at least "
            "%(required)s (%(percent)s%%); the insured amount %(insured)s falls short "
            "by %(missing)s",
            picking=self.name,
            value=formatLang(self.env, value, currency_obj=currency),
            required=formatLang(self.env, required, currency_obj=currency),
            percent=formatLang(
                self.env, company.trade_insurance_cover_percent, digits=0
            ),
            insured=formatLang(
                self.env, self.trade_insured_amount, currency_obj=currency
            ),
            missing=formatLang(
                self.env, required - self.trade_insured_amount, currency_obj=currency
            ),
        )

    def _trade_tracking_url(self):
        self.ensure_one()
        pattern = self.trade_carrier_partner_id.trade_carrier_tracking_url
        if not pattern or not self.carrier_tracking_ref:
            return False
        return pattern.replace("{ref}", self.carrier_tracking_ref)

    def _trade_send_tracking_information(self):
        """Tell the customer how to follow the goods just shipped."""
        template = self.env.ref("trade_business_dept.mail_template_trade_shipment")
        for picking in self.filtered(
            lambda p: (
                p.picking_type_code == "outgoing"
                and p.state == "done"
                and p.sudo().sale_id.trade_in_scope
                and p.partner_id
                and (p.carrier_tracking_ref or p.trade_carrier_partner_id)
            )
        ):
            picking.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=picking.partner_id.ids,
            )

    def action_trade_confirm_delivery(self):
        not_shipped = self.filtered(lambda picking: picking.state != "done")
        if not_shipped:
            raise UserError(
                self.env._("Transfer %s is not shipped yet.", not_shipped[0].name)
            )
        self._trade_workflow_write(
            {"trade_date_delivered": fields.Datetime.now(), "trade_eta_overdue": False}
        )
        return True

    def action_trade_new_incident(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Logistics Incident"),
            "res_model": "trade.logistics.incident",
            "view_mode": "form",
            "target": "current",
            "context": {"default_picking_id": self.id},
        }

    @api.model
    def _cron_trade_eta_overdue(self, batch_size=None):
        """Daily: flag shipments past their ETA and not delivered; one activity
        for the merchandiser of each. A batch at a time
        (``ir.cron._trade_run_batches``): the shipments not flagged yet.

        :return: the shipments flagged by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("eta_overdue", 500, batch_size)
        todo = [
            ("picking_type_code", "=", "outgoing"),
            ("state", "=", "done"),
            ("trade_eta", "<", fields.Datetime.now()),
            ("trade_date_delivered", "=", False),
            ("trade_eta_overdue", "=", False),
        ]
        flagged = self.browse()

        def flag(overdue):
            nonlocal flagged
            overdue._trade_flag_eta_overdue()
            flagged |= overdue

        step = Cron._trade_batch_step(self, todo, size, flag)
        Cron._trade_run_batches("eta_overdue", [step])
        return flagged

    def _trade_flag_eta_overdue(self):
        self._trade_workflow_write({"trade_eta_overdue": True}, access=None)
        for picking in self:
            order = picking.sale_id
            user = (
                order.trade_merchandiser_id
                or picking.company_id.trade_logistics_user_id
                or order.user_id
                or self.env.user
            )
            picking.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=picking.with_context(lang=user.lang).env._(
                    "Shipment past its ETA and not delivered: check with the carrier"
                ),
                user_id=user.id,
            )
