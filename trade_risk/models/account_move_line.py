from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from .. import receivable_totals

OPEN_ITEM_INDEX = "trade_risk_open_item_index"


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

    @api.model
    def _trade_flush_receivable_items(self):
        """Write the pending ORM changes of journal items, reconciliations
        and customers that the receivables queries (credit figures, running
        totals, ageing, statements) read in SQL."""
        self.flush_model(
            [
                "move_id",
                "partner_id",
                "account_id",
                "amount_residual",
                "balance",
                "company_id",
                "parent_state",
                "reconciled",
                "date",
                "date_maturity",
            ]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id", "amount", "company_id", "max_date"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "user_id"])

    def init(self):
        """The running totals of the open items per customer and due date
        that the credit figures read (``receivable_totals``), and a covering
        index of the open items for the receivables ageing: it reads their
        residuals from the index alone (an index-only scan), not from the
        table of every journal item. Only the items with something left to
        pay are in it, not paid items nor income or tax lines."""
        super().init()
        receivable_totals.install(self.env.cr)
        if index_exists(self.env.cr, OPEN_ITEM_INDEX):
            return
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
