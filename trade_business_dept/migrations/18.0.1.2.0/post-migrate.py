"""18.0.1.2.0: Simplified Chinese, the language of the Chinese documents.

A new installation activates it (post_init_hook); a database upgraded from an
earlier version gets it here, so that the Chinese contract prints at once
(it would otherwise be activated on its first print).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.lang"]._trade_activate()
