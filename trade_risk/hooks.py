from odoo.tools import SQL

from . import receivable_totals
from .models.account_move_line import OPEN_ITEM_INDEX


def uninstall_hook(env):
    """Remove the running totals of the open items and the triggers that
    keep them (journal items must not call them once the addon is gone),
    and the index of the open items the ageing read."""
    receivable_totals.uninstall(env.cr)
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(OPEN_ITEM_INDEX)))
