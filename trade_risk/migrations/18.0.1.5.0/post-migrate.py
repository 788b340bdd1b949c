import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: Record rules of the stored ageing lines, which belonged to a report; the
#: ageing is now read from the running totals and has no report any more.
OBSOLETE_RULES = (
    "trade_risk.trade_receivable_ageing_rule_own_report",
    "trade_risk.trade_receivable_ageing_rule_finance",
)


def migrate(cr, version):
    """From 18.0.1.5.0 the receivables ageing is computed when read (an SQL
    model on the running totals) instead of stored lines of a report. The
    rules of the lines live in a ``noupdate`` file, so the update keeps them:
    drop the two that read the report, point the company rule at the line's
    own company, and drop the table of the stored lines."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid in OBSOLETE_RULES:
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.unlink()
    company_rule = env.ref(
        "trade_risk.trade_receivable_ageing_rule_company", raise_if_not_found=False
    )
    if company_rule:
        company_rule.domain_force = "[('company_id', 'in', company_ids)]"
    cr.execute(SQL("DROP TABLE IF EXISTS trade_receivable_ageing"))
    _logger.info(
        "trade_risk: the receivables ageing is read from the running totals; "
        "the stored ageing lines and their report rules are removed"
    )
