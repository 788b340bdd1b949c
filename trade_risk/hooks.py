from odoo.tools import SQL

from . import receivable_totals
from .models.account_move_line import OPEN_ITEM_INDEX
from .models.account_partial_reconcile import RECONCILE_DATE_INDEX


def uninstall_hook(env):
    """Remove the running totals of the open items and the triggers that
    keep them (journal items must not call them once the addon is gone),
    and the indexes of the open items and of the reconciliations' dates the
    ageing read."""
    receivable_totals.uninstall(env.cr)
    for index in (OPEN_ITEM_INDEX, RECONCILE_DATE_INDEX):
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
