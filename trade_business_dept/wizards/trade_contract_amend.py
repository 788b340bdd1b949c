from odoo import api, fields, models

from ..models.trade_contract import TERM_FIELDS, TRANSPORT_MODES


class TradeContractAmend(models.TransientModel):
    """The changed terms of an approved or signed contract, and why."""

    _name = "trade.contract.amend"
    _description = "Amend a Contract"

    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        required=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id",
    )
    reason = fields.Text(
        required=True,
        help="Why the terms change; the legal reviewer and the departments read it.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
    )
    amount_total = fields.Monetary(
        string="Contract Amount",
        currency_field="currency_id",
    )
    date_start = fields.Date(string="Valid From")
    date_end = fields.Date(string="Valid Until")
    price_validity_date = fields.Date(string="Prices Valid Until")
    payment_term_id = fields.Many2one(
        comodel_name="account.payment.term",
        string="Payment Terms",
    )
    incoterm_id = fields.Many2one(
        comodel_name="account.incoterms",
    )
    incoterm_location = fields.Char()
    transport_mode = fields.Selection(
        selection=TRANSPORT_MODES,
        string="Delivery Method",
    )
    quality_standard = fields.Text()
    inspection_method = fields.Text(string="Inspection and Acceptance")
    breach_liability = fields.Text(string="Liability for Breach")
    dispute_resolution = fields.Text()
    note = fields.Html(string="Other Terms")
    quality_standard_zh = fields.Text(string="Quality Standard (Chinese)")
    inspection_method_zh = fields.Text(string="Inspection and Acceptance (Chinese)")
    breach_liability_zh = fields.Text(string="Liability for Breach (Chinese)")
    dispute_resolution_zh = fields.Text(string="Dispute Resolution (Chinese)")
    note_zh = fields.Html(string="Other Terms (Chinese)")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        contract = self.env["trade.contract"].browse(values.get("contract_id"))
        for field_name in self._amendable_fields():
            if contract and field_name in fields_list:
                value = contract[field_name]
                values[field_name] = value.id if hasattr(value, "_name") else value
        return values

    def _amendable_fields(self):
        return [name for name in TERM_FIELDS if name in self._fields]

    def action_confirm(self):
        self.ensure_one()
        values = {}
        for field_name in self._amendable_fields():
            value = self[field_name]
            values[field_name] = value.id if hasattr(value, "_name") else value
        return self.contract_id.action_amend(values=values, reason=self.reason)
