from odoo import api, fields, models
from odoo.exceptions import UserError


class TradeLogisticsIncident(models.Model):
    """Damage, loss or delay of a shipment: the claim against the carrier and
    the compensation of the customer (R3.4.2)."""

    _name = "trade.logistics.incident"
    _description = "Logistics Incident"
    _inherit = [
        "trade.reference.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.logistics.incident"

    picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Shipment",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing')]",
    )
    company_id = fields.Many2one(
        related="picking_id.company_id",
        store=True,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    sale_order_id = fields.Many2one(
        related="picking_id.sale_id",
        string="Order",
        store=True,
    )
    partner_id = fields.Many2one(
        related="picking_id.partner_id",
        string="Customer",
        store=True,
    )
    carrier_id = fields.Many2one(
        related="picking_id.trade_carrier_partner_id",
        store=True,
        index="btree_not_null",
    )
    incident_type = fields.Selection(
        selection=[("damage", "Damage"), ("loss", "Loss"), ("delay", "Delay")],
        string="Type",
        required=True,
        tracking=True,
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    description = fields.Text(
        required=True,
    )
    carrier_claim_amount = fields.Monetary(
        string="Claim against the Carrier",
        currency_field="company_currency_id",
        tracking=True,
    )
    claim_state = fields.Selection(
        selection=[
            ("none", "Not Claimed"),
            ("claimed", "Claimed"),
            ("accepted", "Accepted by the Carrier"),
            ("rejected", "Rejected by the Carrier"),
            ("paid", "Paid by the Carrier"),
        ],
        string="Claim Status",
        required=True,
        default="none",
        tracking=True,
    )
    customer_compensation_amount = fields.Monetary(
        string="Compensation to the Customer",
        currency_field="company_currency_id",
        tracking=True,
    )
    credit_note_id = fields.Many2one(
        comodel_name="account.move",
        readonly=True,
        copy=False,
    )
    ticket_id = fields.Many2one(
        comodel_name="trade.service.ticket",
        string="After-sales Ticket",
        copy=False,
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("closed", "Closed")],
        string="Status",
        required=True,
        default="open",
        tracking=True,
    )

    @api.constrains("carrier_claim_amount", "customer_compensation_amount")
    def _check_amounts(self):
        for incident in self:
            if (
                incident.carrier_claim_amount < 0
                or incident.customer_compensation_amount < 0
            ):
                raise UserError(
                    self.env._("Claim and compensation amounts cannot be negative.")
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "claim_state",
            "credit_note_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        incidents = super().create(vals_list)
        incidents.carrier_id.sudo().action_trade_rate_carriers()
        for incident in incidents.filtered("sale_order_id"):
            follower = incident.sale_order_id._trade_follower_user()
            if follower and follower != self.env.user:
                incident.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=incident.with_context(lang=follower.lang).env._(
                        "Logistics incident on an order you follow: %s",
                        incident.name,
                    ),
                    user_id=follower.id,
                )
        return incidents

    def action_claim(self):
        for incident in self:
            if not incident.carrier_id:
                raise UserError(
                    self.env._(
                        "Incident %s has no carrier to claim from.", incident.name
                    )
                )
            if incident.carrier_claim_amount <= 0:
                raise UserError(
                    self.env._(
                        "Enter the amount claimed from the carrier for incident %s.",
                        incident.name,
                    )
                )
        self._trade_workflow_write({"claim_state": "claimed"})
        return True

    def action_create_credit_note(self):
        """A draft credit note for the compensation, on the customer's invoice."""
        self.ensure_one()
        if self.credit_note_id:
            raise UserError(
                self.env._("Incident %s already has its credit note.", self.name)
            )
        if self.customer_compensation_amount <= 0:
            raise UserError(
                self.env._(
                    "Enter the compensation agreed with the customer before making "
                    "the credit note."
                )
            )
        credit_note = self.sale_order_id._trade_create_credit_note(
            self.customer_compensation_amount,
            self.env._(
                "Compensation for incident %(incident)s (%(type)s)",
                incident=self.name,
                type=dict(
                    self._fields["incident_type"]._description_selection(self.env)
                )[self.incident_type],
            ),
            partner=self.partner_id,
        )
        self._trade_workflow_write({"credit_note_id": credit_note.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit_note.id,
            "view_mode": "form",
        }

    def action_close(self):
        self._trade_workflow_write({"state": "closed"})
        return True

    def action_reopen(self):
        self._trade_workflow_write({"state": "open"})
        return True
