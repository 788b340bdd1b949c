from . import receivable_totals


def uninstall_hook(env):
    """Remove the running totals of the open items and the triggers that
    keep them: journal items must not call them once the addon is gone."""
    receivable_totals.uninstall(env.cr)
