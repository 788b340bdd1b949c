from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_contract_original(self):
        self._trade_check_signed_original()

    def write(self, vals):
        if {"datas", "raw", "res_model", "res_id"} & set(vals):
            self._trade_check_signed_original()
        return super().write(vals)

    def _trade_check_signed_original(self):
        """The signed original of a contract is kept: managers excepted."""
        if self.env.user.has_group("trade_business_dept.group_trade_manager"):
            return
        contract_attachments = self.filtered(
            lambda attachment: attachment.res_model == "trade.contract"
        )
        if not contract_attachments:
            return
        originals = (
            self.env["trade.contract"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("signed_attachment_id", "in", contract_attachments.ids)])
        )
        if originals:
            raise UserError(
                self.env._(
                    "This file is the signed original of a contract: only a "
                    "business manager can delete or replace it."
                )
            )
