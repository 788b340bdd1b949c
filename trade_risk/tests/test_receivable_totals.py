from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.trade_risk import receivable_totals

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestReceivableTotals(TradeRiskCase):
    """The running totals of the open items stay equal to the sums of the
    journal items through everything accounting does to them."""

    def _items_per_due_date(self):
        """The open items summed from the journal items themselves, per
        partner, company, account, due date and invoice salesperson."""
        self.env.flush_all()
        return {
            tuple(key): (residual, positive, count)
            for *key, residual, positive, count in self.env.execute_query(
                SQL(
                    """
                    SELECT line.partner_id, line.company_id, line.account_id,
                           COALESCE(line.date_maturity, line.date),
                           COALESCE(move.invoice_user_id, 0),
                           SUM(line.amount_residual),
                           SUM(GREATEST(line.amount_residual, 0)),
                           COUNT(*)
                      FROM account_move_line line
                      JOIN account_move move ON move.id = line.move_id
                     WHERE line.reconciled IS NOT TRUE
                       AND line.parent_state = 'posted'
                       AND line.amount_residual != 0
                       AND line.partner_id IS NOT NULL
                       AND line.account_id IS NOT NULL
                     GROUP BY 1, 2, 3, 4, 5
                    """
                )
            )
        }

    def _totals(self):
        self.env.flush_all()
        return {
            tuple(key): (residual, positive, count)
            for *key, residual, positive, count in self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, company_id, account_id, date_due, user_id,
                           amount_residual, amount_positive, line_count
                      FROM %s
                     WHERE line_count != 0
                    """,
                    SQL.identifier(receivable_totals.TOTAL_TABLE),
                )
            )
        }

    def assertTotalsMatchItems(self, message=None):
        self.assertEqual(self._totals(), self._items_per_due_date(), message)

    def _receivable(self):
        return self._figures()["receivable"]

    def _figures(self):
        return self.customer._trade_credit_figures(self.company)[self.customer.id]

    def test_totals_follow_posting_payment_and_reversal(self):
        self.assertTotalsMatchItems("filled from the items at installation")
        invoice = self._invoice(self.customer, 10000.0, due_date=self.days_ago(20))
        other = self._invoice(self.contact, 3000.0, due_date=self.days_ago(20))
        self.assertTotalsMatchItems("posting")
        self.assertEqual(self._receivable(), 13000.0)
        self.assertEqual(self._figures()["overdue"], 13000.0)
        self.assertEqual(self._figures()["overdue_days"], 20)

        payment = self._pay(invoice, 4000.0)
        self.assertTotalsMatchItems("partial payment")
        self.assertEqual(self._receivable(), 9000.0)

        self._pay(invoice)
        self._pay(other)
        self.assertTotalsMatchItems("full payment")
        self.assertEqual(self._receivable(), 0.0)
        self.assertEqual(self._figures()["overdue_days"], 0)

        payment.move_id.line_ids.remove_move_reconcile()
        self.assertTotalsMatchItems("unreconciled")
        self.assertEqual(self._receivable(), 0.0, "4,000 open, 4,000 paid")
        self.assertEqual(self._figures()["overdue"], 4000.0)

        payment.action_draft()
        self.assertTotalsMatchItems("payment reset to draft")
        self.assertEqual(self._receivable(), 4000.0)

        invoice.button_draft()
        self.assertTotalsMatchItems("invoice reset to draft")
        self.assertEqual(self._receivable(), -6000.0, "the second payment")
        invoice.button_cancel()
        other.button_draft()
        other.unlink()
        payment.action_cancel()
        self.assertTotalsMatchItems("cancelled and deleted")
        self.assertEqual(self._receivable(), -9000.0, "two payments unmatched")

    def test_totals_follow_credit_notes_and_due_date_changes(self):
        invoice = self._invoice(self.customer, 8000.0, due_date=self.days_ago(5))
        refund = self._invoice(self.customer, 3000.0, move_type="out_refund")
        self.assertEqual(self._receivable(), 5000.0)
        (invoice | refund).line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.assertTotalsMatchItems("credit note matched")
        self.assertEqual(self._figures()["overdue"], 5000.0)

        term_line = invoice.line_ids.filtered("date_maturity")
        term_line.date_maturity = self.days_ago(40)
        self.assertTotalsMatchItems("due date moved")
        self.assertEqual(self._figures()["overdue_days"], 40)
        self.assertEqual(self._figures()["overdue_beyond_grace"], 5000.0)

    def test_totals_follow_the_invoice_salesperson(self):
        invoice = self._invoice(self.customer, 2500.0, due_date=self.days_ago(10))
        self._pay(invoice, 500.0)
        self.assertTotalsMatchItems("the invoice's salesperson")
        invoice.invoice_user_id = self.colleague
        self.assertTotalsMatchItems("the posted invoice changed salesperson")
        invoice.invoice_user_id = False
        self.assertTotalsMatchItems("the invoice without salesperson")
        self.assertEqual(self._receivable(), 2000.0)

    def test_totals_follow_several_due_dates_and_currencies(self):
        self.payment_term_30.write(
            {
                "line_ids": [
                    Command.clear(),
                    Command.create(
                        {"value": "percent", "value_amount": 40, "nb_days": 0}
                    ),
                    Command.create(
                        {"value": "percent", "value_amount": 60, "nb_days": 30}
                    ),
                ]
            }
        )
        currency = (self.env.ref("base.EUR") | self.env.ref("base.CHF")).filtered(
            lambda other: other != self.currency
        )[:1]
        currency.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": currency.id,
                "company_id": self.company.id,
                "name": "2020-01-01",
                "rate": 0.5,
            }
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "currency_id": currency.id,
                "invoice_date": self.days_ago(10),
                "invoice_payment_term_id": self.payment_term_30.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 1000.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertTotalsMatchItems("two instalments in a foreign currency")
        self.assertEqual(self._receivable(), 2000.0, "in company currency")
        self.assertEqual(self._figures()["overdue"], 800.0, "the first instalment")
        self._pay(invoice, 200.0)
        self.assertTotalsMatchItems("paid in the invoice's currency")
        self.assertEqual(self._receivable(), 1600.0)

    def test_totals_follow_sql_changes_and_are_rebuilt(self):
        invoice = self._invoice(self.customer, 6000.0)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE account_move_line SET amount_residual = amount_residual / 2 "
                "WHERE move_id = %s AND amount_residual != 0",
                invoice.id,
            )
        )
        self.env.invalidate_all()
        self.assertTotalsMatchItems("changed by SQL")
        self.assertEqual(self._receivable(), 3000.0)

        receivable_totals.uninstall(self.env.cr)
        triggers = self.env.execute_query(
            SQL(
                "SELECT tgname FROM pg_trigger WHERE tgname IN %s",
                tuple(receivable_totals.TRIGGERS.values()),
            )
        )
        self.assertFalse(triggers, "uninstalling removes the triggers")
        # accounting works without them
        self._invoice(self.customer, 1000.0, user=self.salesperson)
        receivable_totals.install(self.env.cr)
        self.assertTotalsMatchItems("rebuilt when installed again")
        self.assertIn(
            self.salesperson.id,
            {key[4] for key in self._totals() if key[0] == self.customer.id},
            "filled with the invoices' salesperson",
        )
        self.assertEqual(self._receivable(), 4000.0)

    def test_empty_due_dates_are_forgotten_by_the_daily_run(self):
        invoice = self._invoice(self.customer, 500.0)
        self._pay(invoice)
        self.env.flush_all()
        query = SQL(
            "SELECT COUNT(*) FROM %s WHERE line_count = 0",
            SQL.identifier(receivable_totals.TOTAL_TABLE),
        )
        self.assertTrue(self.env.execute_query(query)[0][0])
        self.env["res.partner"]._cron_trade_collection()
        self.assertEqual(self.env.execute_query(query)[0][0], 0)
        self.assertTotalsMatchItems()

    def test_figures_cost_the_same_for_one_or_many_items(self):
        self._invoice(self.customer, 100.0)
        self._figures()  # fills the registry's caches (the company's group)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._figures()
        few = self.env.cr.sql_log_count - before
        for day in range(30):
            self._invoice(self.customer, 100.0, due_date=self.days_ago(day))
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        figures = self._figures()
        self.assertEqual(self.env.cr.sql_log_count - before, few)
        self.assertEqual(figures["receivable"], 3100.0)
        self.assertEqual(figures["overdue"], 2900.0)
