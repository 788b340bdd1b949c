# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

import logging
from collections import defaultdict

from odoo import api, models
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
    def _cron_check_running_totals(self, batch_size=None):
        """Daily: compare the running totals of the open items with the items
        themselves, a batch of partners at a time (``ir.cron._trade_run_batches``:
        the partners not compared yet by this run, so that an interrupted
        run goes on where it stopped), rebuild those that drifted and tell
        the credit managers and the log what was repaired, in the batch's
        transaction.

        The triggers keep the totals in every transaction; only a database
        restored or maintained with its triggers disabled lets them drift.

        :return: ``[(partner id, company id)]`` repaired by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("totals_check", 2000, batch_size)
        run = Cron._trade_run_number("totals_check")
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        todo = [("trade_totals_check_run", "!=", run)]
        repaired = []

        def check(partners):
            self._flush()
            drifted = receivable_totals.drifted(self.env.cr, partners.ids)
            if drifted:
                receivable_totals.rebuild(self.env.cr, {pid for pid, _c in drifted})
                self._report_repaired_totals(drifted)
                repaired.extend(drifted)
            Cron._trade_mark_run(partners, "trade_totals_check_run", run)

        step = Cron._trade_batch_step(Partner, todo, size, check)
        if not Cron._trade_run_batches("totals_check", [step]):
            Cron._trade_end_run("totals_check", run)
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
