from odoo.tools import SQL


def migrate(cr, version):
    """The credit figures read the running totals of the open items
    (``receivable_totals``) and the ageing reads ``trade_risk_open_item_index``
    (both created by ``account.move.line.init``): the covering index of the
    open items per due date the credit figures used to read is dropped."""
    cr.execute(
        SQL(
            "DROP INDEX IF EXISTS %s",
            SQL.identifier("trade_risk_open_receivable_index"),
        )
    )
