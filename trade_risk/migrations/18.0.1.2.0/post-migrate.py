from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The early warnings' scheduled action calls ``_cron_early_warnings``
    (methods of the addon's own models lost their ``trade_`` prefix); its
    code is data the update does not rewrite (``noupdate``)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("trade_risk.ir_cron_trade_early_warnings", raise_if_not_found=False)
    if cron and "_cron_trade_early_warnings" in (cron.code or ""):
        cron.code = cron.code.replace(
            "_cron_trade_early_warnings", "_cron_early_warnings"
        )
