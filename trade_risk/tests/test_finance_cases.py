from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.trade_business_dept.tests.cron_common import (
    CronBatchesMixin,
    Interrupted,
)

from .. import receivable_totals
from ..receivable_totals import TRIGGERS, drifted
from .common import TradeRiskCase

QUERY_LOGGER = "odoo.addons.trade_risk.models.trade_receivable_totals_check"


class TradeFinanceCase(TradeRiskCase):
    """An order of 2 x 1,000.00 plus 15% tax (2,300.00) and Odoo's own
    invoicing of it; the exposure checked against Odoo's open receivable
    items (``credit``) plus the orders not invoiced plus the draft invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax_15 = cls.env["account.tax"].create(
            {
                "name": "VAT 15% risk test",
                "amount": 15.0,
                "amount_type": "percent",
                "type_tax_use": "sale",
                "company_id": cls.company.id,
            }
        )
        cls.tax_15_included = cls.tax_15.copy(
            {
                "name": "VAT 15% included risk test",
                "price_include_override": "tax_included",
            }
        )

    def _taxed_order(self, tax=None, price_unit=1000.0, quantity=2):
        order = self._order(self.customer, price_unit)
        order.order_line.write(
            {
                "product_uom_qty": quantity,
                "price_unit": price_unit,
                "tax_id": [Command.set((tax or self.tax_15).ids)],
            }
        )
        return order

    def _invoice_order(self, order, method="delivered", **values):
        """Invoice the order with Odoo's wizard: a down payment (percentage
        or fixed) or the regular (final) invoice, left in draft."""
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": method, **values})
        )
        wizard.create_invoices()
        return order.invoice_ids.filtered(lambda move: move.state == "draft")

    def _exposure(self, partner=None, company=None):
        partner = partner or self.customer
        company = company or self.company
        self.env.invalidate_all()
        return partner._trade_credit_figures(company)[partner.id]

    def assertExposure(self, amount, receivable=None, company=None):
        """The exposure is ``amount``; the receivables in it are Odoo's
        open items of the customer (``credit``, in the company's group)."""
        figures = self._exposure(company=company)
        self.assertAlmostEqual(figures["exposure"], amount, places=2)
        credit = self.customer.with_company(company or self.company).credit
        self.assertAlmostEqual(figures["receivable"], credit, places=2)
        if receivable is not None:
            self.assertAlmostEqual(figures["receivable"], receivable, places=2)
        return figures


@tagged("post_install", "-at_install")
class TestDownPayments(TradeFinanceCase):
    """Down payments are deducted from the order with their tax, whatever
    their kind, from the draft to the final invoice (issue 20, point 1)."""

    def _down_payment_cycle(self, order, down_payment, **wizard_values):
        order.action_confirm()
        self.assertExposure(2300.0, receivable=0.0)
        invoice = self._invoice_order(order, **wizard_values)
        self.assertAlmostEqual(invoice.amount_total, down_payment, places=2)
        figures = self.assertExposure(2300.0, receivable=0.0)
        self.assertAlmostEqual(figures["draft_invoices"], down_payment, places=2)
        self.assertAlmostEqual(figures["uninvoiced"], 2300.0 - down_payment, places=2)
        invoice.action_post()
        self.assertExposure(2300.0, receivable=down_payment)
        self._pay(invoice)
        self.assertExposure(2300.0 - down_payment, receivable=0.0)
        final = self._invoice_order(order)
        self.assertAlmostEqual(final.amount_total, 2300.0 - down_payment, places=2)
        figures = self.assertExposure(2300.0 - down_payment, receivable=0.0)
        self.assertAlmostEqual(figures["uninvoiced"], 0.0, places=2)
        final.action_post()
        self.assertExposure(2300.0 - down_payment, receivable=2300.0 - down_payment)
        self._pay(final)
        self.assertExposure(0.0, receivable=0.0)

    def test_percentage_down_payment_with_tax(self):
        self._down_payment_cycle(
            self._taxed_order(), 690.0, method="percentage", amount=30
        )

    def test_fixed_down_payment_tax_included(self):
        self._down_payment_cycle(
            self._taxed_order(), 1150.0, method="fixed", fixed_amount=1150.0
        )

    def test_down_payment_on_prices_tax_included(self):
        order = self._taxed_order(self.tax_15_included, price_unit=1150.0)
        self.assertAlmostEqual(order.amount_total, 2300.0, places=2)
        self._down_payment_cycle(order, 690.0, method="percentage", amount=30)

    def test_unpaid_down_payment_and_final_invoice(self):
        order = self._taxed_order()
        order.action_confirm()
        self._invoice_order(order, method="percentage", amount=30).action_post()
        final = self._invoice_order(order)
        self.assertExposure(2300.0, receivable=690.0)
        final.action_post()
        self.assertExposure(2300.0, receivable=2300.0)

    def test_down_payment_near_the_limit_lets_the_next_order_through(self):
        order = self._taxed_order()
        order.action_confirm()
        invoice = self._invoice_order(order, method="percentage", amount=30)
        invoice.action_post()
        self._pay(invoice)
        # 1,610.00 of exposure: 390.00 left of a limit of 2,000.00
        self.customer.credit_limit = 2000.0
        self._order(self.customer, 390.0).action_confirm()
        with self.assertRaisesText(UserError, "above its credit limit"):
            self._order(self.customer, 0.01).action_confirm()


@tagged("post_install", "-at_install")
class TestBranches(TradeFinanceCase):
    """A company and its branches (Odoo 18 ``res.company.parent_id``): the
    figures and the checks of either are the group's, as Odoo's ``credit``
    (issue 20, point 2)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["res.company"].create(
            {"name": "Risk Test Branch", "parent_id": cls.company.id}
        )
        # the branch invoices on the parent's chart of accounts
        cls.customer.with_company(
            cls.branch
        ).property_account_receivable_id = cls.customer.property_account_receivable_id

    def _branch_invoice(self, amount, **values):
        move = (
            self.env["account.move"]
            .with_company(self.branch)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": self.branch.id,
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product.id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                    **values,
                }
            )
        )
        move.action_post()
        return move

    def test_branch_invoice_counts_in_the_parent_and_the_branch(self):
        invoice = self._branch_invoice(
            1000.0,
            invoice_date=self.days_ago(60),
            invoice_date_due=self.days_ago(30),
        )
        self.assertEqual(invoice.company_id, self.branch)
        for company in (self.company, self.branch):
            figures = self.assertExposure(1000.0, receivable=1000.0, company=company)
            self.assertEqual(figures["overdue"], 1000.0)
            self.assertEqual(figures["overdue_days"], 30)
        overdue = self.env["trade.receivable.query"]._read_overdue(self.company)
        self.assertEqual(overdue[self.customer.id], (1000.0, 30))
        # the parent's credit check sees it: overdue beyond the grace period
        order = self._order(self.customer, 100.0)
        with self.assertRaisesText(UserError, "overdue by more than the grace"):
            order.action_confirm()

    def test_branch_orders_and_drafts_count_in_the_parent(self):
        self.customer.credit_limit = 5000.0
        self._branch_invoice(1000.0)
        draft = self._branch_invoice(500.0)
        draft.button_draft()
        self.assertExposure(1500.0, receivable=1000.0)
        order = self._order(self.customer, 3600.0)
        with self.assertRaisesText(UserError, "5,100.00"):
            order.action_confirm()
        order.order_line.price_unit = 3500.0
        order.action_confirm()
        self.assertExposure(5000.0, company=self.branch)

    def test_parent_ageing_and_statement_include_the_branch(self):
        self._branch_invoice(
            700.0, invoice_date=self.days_ago(50), invoice_date_due=self.days_ago(45)
        )
        self._invoice(self.customer, 300.0)
        report = self.env["trade.receivable.ageing.report"].create({})
        lines = report._ageing_lines().filtered(
            lambda line: line.partner_id == self.customer
        )
        self.assertEqual(sum(lines.mapped("amount_total")), 1000.0)
        self.assertEqual(sum(lines.mapped("amount_31_60")), 700.0)
        statement = self.env["report.trade_risk.report_customer_statement"]
        values = statement._statements(self.customer, self.company, report.date)[
            self.customer.id
        ]
        self.assertEqual(values["total"], 1000.0)

    def test_one_collection_ladder_for_the_group(self):
        self._branch_invoice(
            1000.0, invoice_date=self.days_ago(40), invoice_date_due=self.days_ago(20)
        )
        self.env["res.partner"]._cron_trade_collection()
        actions = self.env["trade.collection.action"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(actions.company_id, self.company, "one ladder, the parent's")
        self.assertEqual(actions.step, "reminder")
        self.assertEqual(actions.overdue_amount, 1000.0)


@tagged("post_install", "-at_install")
class TestDraftCreditNotes(TradeFinanceCase):
    """A draft credit note lowers nothing until it is posted (issue 20,
    point 3)."""

    def test_draft_credit_note_lowers_the_exposure_once_posted(self):
        self._invoice(self.customer, 2300.0)
        self.assertExposure(2300.0, receivable=2300.0)
        credit_note = self._invoice(
            self.customer, 1500.0, post=False, move_type="out_refund"
        )
        figures = self.assertExposure(2300.0, receivable=2300.0)
        self.assertEqual(figures["draft_invoices"], 0.0)
        credit_note.action_post()
        self.assertExposure(800.0, receivable=800.0)

    def test_draft_credit_note_of_an_order_invoice(self):
        order = self._taxed_order()
        order.action_confirm()
        invoice = self._invoice_order(order)
        invoice.action_post()
        self.assertExposure(2300.0, receivable=2300.0)
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "Wrong quantity", "journal_id": invoice.journal_id.id})
        )
        credit_note = self.env["account.move"].browse(reversal.refund_moves()["res_id"])
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(order.order_line.qty_invoiced, 0.0, "Odoo counts drafts")
        figures = self.assertExposure(2300.0, receivable=2300.0)
        self.assertEqual(figures["uninvoiced"], 0.0)
        credit_note.action_post()
        # the order is to invoice again, the receivable paid by the credit note
        figures = self.assertExposure(2300.0, receivable=0.0)
        self.assertAlmostEqual(figures["uninvoiced"], 2300.0, places=2)


@tagged("post_install", "-at_install")
class TestRunningTotalsSelfCheck(CronBatchesMixin, TradeFinanceCase):
    """A scheduled job finds and repairs running totals that drifted from
    the open items (issue 20, point 4)."""

    def _set_triggers(self, enabled):
        self.env.flush_all()
        for trigger in TRIGGERS.values():
            self.env.cr.execute(
                SQL(
                    "ALTER TABLE account_move_line %s TRIGGER %s",
                    SQL("ENABLE" if enabled else "DISABLE"),
                    SQL.identifier(trigger),
                )
            )

    def _all_partner_ids(self):
        return [
            pid
            for (pid,) in self.env.execute_query(
                SQL("SELECT id FROM res_partner ORDER BY id")
            )
        ]

    def test_job_repairs_totals_changed_behind_the_triggers(self):
        first = self._invoice(self.customer, 1000.0)
        self.assertExposure(1000.0, receivable=1000.0)
        Query = self.env["trade.receivable.query"]
        with self.assertNoLogs(QUERY_LOGGER, "WARNING"):
            self.assertEqual(Query._cron_check_running_totals(batch_size=50), [])

        # a restore or maintenance with the triggers disabled: an invoice
        # posted and an item changed in SQL leave the totals behind
        self._set_triggers(False)
        self._invoice(self.customer, 500.0)
        line = first.line_ids.filtered(
            lambda item: item.account_id.account_type == "asset_receivable"
        )
        self.env.cr.execute(
            SQL(
                "UPDATE account_move_line SET amount_residual = 600 WHERE id = %s",
                line.id,
            )
        )
        self._set_triggers(True)
        self.env.invalidate_all()
        self.assertEqual(self._exposure()["receivable"], 1000.0, "drifted")
        self.assertEqual(self.customer.credit, 1100.0)

        with self.assertLogs(QUERY_LOGGER, "WARNING") as logs:
            repaired = Query._cron_check_running_totals(batch_size=50)
        self.assertIn((self.customer.id, self.company.id), repaired)
        self.assertIn("rebuilt", logs.output[0])
        self.assertExposure(1100.0, receivable=1100.0)
        self.assertEqual(drifted(self.env.cr, self._all_partner_ids()), [])
        message = self.env["mail.message"].search(
            [
                ("partner_ids", "in", self.credit_manager.partner_id.ids),
                ("subject", "=", "Credit figures repaired"),
            ]
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Hongda Machinery Risk Test", message.body)
        # nothing left to repair
        with self.assertNoLogs(QUERY_LOGGER, "WARNING"):
            self.assertEqual(Query._cron_check_running_totals(), [])

    def test_totals_of_a_partner_without_items_any_more(self):
        invoice = self._invoice(self.customer, 700.0)
        self._set_triggers(False)
        self.env.cr.execute(
            SQL(
                "UPDATE account_move_line SET reconciled = TRUE, amount_residual = 0 "
                "WHERE move_id = %s",
                invoice.id,
            )
        )
        self._set_triggers(True)
        self.assertEqual(self._exposure()["receivable"], 700.0, "drifted")
        with self.assertLogs(QUERY_LOGGER, "WARNING"):
            self.env["trade.receivable.query"]._cron_check_running_totals()
        self.assertEqual(self._exposure()["receivable"], 0.0)

    def test_interrupted_check_does_not_redo_finished_batches(self):
        """A batch of partners a call; a run interrupted midway goes on with
        the partners it did not compare yet (issue 18.1)."""
        job = (
            "trade_risk.ir_cron_trade_receivable_totals_check",
            "_cron_check_running_totals",
        )
        self.env["ir.config_parameter"].set_param(
            "trade_business_dept.cron.time_budget", "0.000001"
        )
        self._invoice(self.customer, 800.0)
        self._set_triggers(False)
        self._invoice(self.customer, 200.0)
        self._set_triggers(True)
        original = receivable_totals.drifted
        batches = []

        def recording(cr, partner_ids):
            batches.append(set(partner_ids))
            return original(cr, partner_ids)

        def interrupted(cr, partner_ids):
            batches.append(set(partner_ids))
            raise Interrupted

        with patch.object(receivable_totals, "drifted", recording):
            __, done, remaining = self._call(*job, batch_size=50)
            self.assertEqual(done, 50)
            self.assertTrue(remaining)
            finished = set(batches[0])
            with (
                patch.object(receivable_totals, "drifted", interrupted),
                self.assertRaises(Interrupted),
                self.env.cr.savepoint(),
            ):
                self._call(*job, batch_size=50)
            lost = set(batches[1])
            del batches[:]
            with self.assertLogs(QUERY_LOGGER, "WARNING"):
                calls = self._run(*job, batch_size=50)
        after = [partner_id for batch in batches for partner_id in batch]
        self.assertFalse(finished & set(after), "a finished batch was redone")
        self.assertLessEqual(lost, set(after), "the interrupted batch was lost")
        self.assertEqual(len(after), len(set(after)))
        partners = set(self._all_partner_ids())
        self.assertEqual(finished | set(after), partners, "every partner compared")
        self.assertTrue(all(len(batch) <= 50 for batch in batches))
        self.assertEqual(calls[-1][1], 0)
        self.assertExposure(1000.0, receivable=1000.0)
        self.assertEqual(drifted(self.env.cr, list(partners)), [])
        # the next run compares every partner again
        with patch.object(receivable_totals, "drifted", recording):
            del batches[:]
            self._run(*job, batch_size=500)
        self.assertEqual(set().union(*batches), partners)
