from odoo import api, models
from odoo.tools import SQL
from odoo.tools.sql import index_exists

OPEN_RECEIVABLE_INDEX = "trade_risk_open_receivable_index"


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
        """A covering index of the open items, for the credit figures of a
        customer: its lines are read from the index alone (index-only scan),
        in the order of their due dates, without visiting the table. Only the lines
        with something left to pay are in it: paid items and income or tax
        lines are not."""
        super().init()
        if index_exists(self.env.cr, OPEN_RECEIVABLE_INDEX):
            return
        self.env.cr.execute(
            SQL(
                """
                CREATE INDEX %(index)s ON account_move_line
                       (partner_id, date_maturity)
                       INCLUDE (account_id, company_id, amount_residual, date)
                 WHERE reconciled IS NOT TRUE
                   AND parent_state = 'posted'
                   AND amount_residual != 0
                """,
                index=SQL.identifier(OPEN_RECEIVABLE_INDEX),
            )
        )
