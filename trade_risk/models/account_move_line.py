from odoo import models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from .. import receivable_totals

OPEN_ITEM_INDEX = "trade_risk_open_item_index"


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def init(self):
        """The running totals of the open items per customer and due date
        that the credit figures read (``receivable_totals``), and a covering
        index of the open items for the receivables ageing
        (``trade.receivable.query``): it reads their
        residuals from the index alone (an index-only scan), not from the
        table of every journal item. Only the items with something left to
        pay are in it, not paid items nor income or tax lines."""
        result = super().init()
        if not index_exists(self.env.cr, OPEN_ITEM_INDEX):
            self._trade_create_open_item_index()
        # after the index: the totals are first filled from it
        receivable_totals.install(self.env.cr)
        return result

    def _trade_create_open_item_index(self):
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX %(index)s ON account_move_line
                       (company_id, partner_id)
                       INCLUDE (move_id, account_id, amount_residual,
                                date_maturity, date)
                 WHERE reconciled IS NOT TRUE
                   AND parent_state = 'posted'
                   AND amount_residual != 0
                """,
                index=SQL.identifier(OPEN_ITEM_INDEX),
            )
        )
