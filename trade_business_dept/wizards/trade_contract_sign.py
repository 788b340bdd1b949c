from odoo import api, fields, models
from odoo.exceptions import UserError


class TradeContractSign(models.TransientModel):
    _name = "trade.contract.sign"
    _description = "Record a Contract Signature"

    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        required=True,
        readonly=True,
    )
    document = fields.Binary(
        string="Scan of the Signed Original",
    )
    document_name = fields.Char()
    attachment_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Already Attached Scan",
        domain="[('res_model', '=', 'trade.contract'), ('res_id', '=', contract_id)]",
        help="Choose the scan if it was already attached to the contract.",
    )
    date_signed = fields.Date(
        string="Signing Date",
        required=True,
        default=fields.Date.context_today,
    )
    company_signatory_id = fields.Many2one(
        comodel_name="res.users",
        string="Our Signatory",
        required=True,
        domain="[('id', 'in', allowed_signatory_ids)]",
    )
    allowed_signatory_ids = fields.Many2many(
        related="contract_id.company_id.trade_signatory_ids",
    )
    customer_signatory = fields.Char(
        required=True,
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        contract = self.env["trade.contract"].browse(values.get("contract_id"))
        if contract:
            values.setdefault("company_signatory_id", contract.company_signatory_id.id)
            values.setdefault("customer_signatory", contract.customer_signatory)
            values.setdefault("attachment_id", contract.signed_attachment_id.id)
        return values

    def action_confirm(self):
        self.ensure_one()
        contract = self.contract_id
        attachment = self.attachment_id
        if self.document:
            attachment = self.env["ir.attachment"].create(
                {
                    "name": self.document_name
                    or self.env._("Signed original %s", contract.display_name),
                    "datas": self.document,
                    "res_model": contract._name,
                    "res_id": contract.id,
                }
            )
        if not attachment:
            raise UserError(
                self.env._(
                    "Attach the scan of the original signed and sealed by both "
                    "parties, or choose it among the contract's attachments."
                )
            )
        contract.write(
            {
                "signed_attachment_id": attachment.id,
                "date_signed": self.date_signed,
                "company_signatory_id": self.company_signatory_id.id,
                "customer_signatory": self.customer_signatory,
            }
        )
        contract.action_sign()
        return {"type": "ir.actions.act_window_close"}
