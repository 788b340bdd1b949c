from . import controllers
from . import models
from . import report
from . import wizards
from .uninstall import drop_blocking_foreign_keys


def post_init_hook(env):
    """Give the orders confirmed before the installation their tracking stage;
    activate Simplified Chinese, the language of the Chinese documents."""
    env["sale.order"].search(
        [("state", "=", "sale"), ("trade_in_scope", "=", True)]
    )._trade_refresh_tracking(notify_assignees=False)
    env["res.lang"]._trade_activate()


def uninstall_hook(env):
    """Let Odoo delete the addon's data without restricting foreign keys."""
    drop_blocking_foreign_keys(env, "trade_business_dept")
