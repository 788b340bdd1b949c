from odoo import api, models
from odoo.tools import SQL

from .. import receivable_totals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.model
    def _trade_receivable_account_condition(self, alias="line"):
        """SQL condition: the line ``alias`` is on a receivable account.

        The accounts are an array computed once (an InitPlan): the lines can
        still be read in the order of an index, which a join or an ``IN``
        subquery would lose."""
        return SQL(
            """%s.account_id = ANY(ARRAY(
                   SELECT id FROM account_account
                    WHERE account_type = 'asset_receivable'))""",
            SQL.identifier(alias),
        )

    def init(self):
        """The running totals of the open items per customer and due date
        that the credit figures read (``receivable_totals``)."""
        super().init()
        receivable_totals.install(self.env.cr)
