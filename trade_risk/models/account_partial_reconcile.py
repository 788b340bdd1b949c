from odoo import models
from odoo.tools.sql import create_index

RECONCILE_DATE_INDEX = "trade_risk_partial_reconcile_date_index"


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def init(self):
        """Reconciliations indexed by their date (``max_date``): the ageing
        reads only those dated after its date (none or a few as of today, the
        last days' as of a past date) instead of every reconciliation. The
        index is the addon's own (dropped at uninstall), not a flag on
        Odoo's field."""
        result = super().init()
        create_index(self.env.cr, RECONCILE_DATE_INDEX, self._table, ['"max_date"'])
        return result
