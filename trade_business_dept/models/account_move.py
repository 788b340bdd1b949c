from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _invoice_paid_hook(self):
        result = super()._invoice_paid_hook()
        self.invoice_line_ids.sale_line_ids.order_id.sudo()._trade_refresh_tracking()
        return result
