# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

import logging
from collections import defaultdict

from odoo import api, models
from odoo.tools import SQL
from odoo.tools.i18n import format_list

from .. import receivable_totals

_logger = logging.getLogger(__name__)


class TradeReceivableQuery(models.AbstractModel):
    """The self-check of the running totals of the open items (a daily
    scheduled job): the triggers keep them in every transaction, but a
    database restored or maintained with its triggers disabled would let
    them drift silently."""

    _inherit = "trade.receivable.query"

    @api.model
    def _cron_check_running_totals(self, batch_size=2000):
        """Daily: compare the running totals of the open items with the items
        themselves, a batch of partners at a time (committed one by one,
        with the job's progress), rebuild those that drifted and tell the
        credit managers and the log what was repaired.

        The triggers keep the totals in every transaction; only a database
        restored or maintained with its triggers disabled lets them drift.

        :return: ``[(partner id, company id)]`` repaired
        """
        self._flush()
        partner_ids = [
            partner_id
            for (partner_id,) in self.env.execute_query(
                SQL("SELECT id FROM res_partner ORDER BY id")
            )
        ]
        repaired = []
        for start in range(0, len(partner_ids), batch_size):
            batch = partner_ids[start : start + batch_size]
            drifted = receivable_totals.drifted(self.env.cr, batch)
            if drifted:
                receivable_totals.rebuild(self.env.cr, {pid for pid, _c in drifted})
                repaired += drifted
            done = start + len(batch)
            # one batch per transaction: no lock held for long
            self.env["ir.cron"]._trade_batch_done(done, len(partner_ids) - done)
        if repaired:
            self._report_repaired_totals(repaired)
        return repaired

    @api.model
    def _report_repaired_totals(self, repaired):
        """Log the repair and notify each company's credit manager of the
        customers whose credit figures were wrong before it."""
        _logger.warning(
            "Running totals of the open receivable items differed from the items "
            "for %s partner(s) and company(ies), rebuilt: %s",
            len(repaired),
            repaired[:50],
        )
        by_company = defaultdict(set)
        for partner_id, company_id in repaired:
            by_company[company_id].add(partner_id)
        Partner = self.env["res.partner"].sudo()
        for company in self.env["res.company"].sudo().browse(list(by_company)):
            manager = company.trade_credit_manager_id
            if not manager:
                continue
            customers = Partner.browse(by_company[company.id]).commercial_partner_id
            env = self.with_context(lang=manager.lang or company.partner_id.lang).env
            company.partner_id.message_notify(
                partner_ids=manager.partner_id.ids,
                subject=env._("Credit figures repaired"),
                body=env._(
                    "The running totals of the open receivables of %(company)s "
                    "differed from the journal items (triggers disabled during "
                    "a restore or maintenance?) and were rebuilt for: "
                    "%(customers)s. Their credit figures and checks are right "
                    "again; decisions taken on them before may deserve a look.",
                    company=company.name,
                    customers=format_list(env, customers.mapped("display_name")),
                ),
            )
