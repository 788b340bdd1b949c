from odoo import fields, models


class AccountPartialReconcile(models.Model):
    """Reconciliations, indexed by their date (``max_date``): the ageing
    reads only those dated after its date (none or a few as of today, the
    last days' as of a past date) instead of every reconciliation."""

    _inherit = "account.partial.reconcile"

    max_date = fields.Date(index=True)
