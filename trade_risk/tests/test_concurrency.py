import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.service.model import (
    MAX_TRIES_ON_CONCURRENCY_FAILURE,
    PG_CONCURRENCY_EXCEPTIONS_TO_RETRY,
)
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import SQL, mute_logger

#: Company settings the test changes, restored afterwards.
SETTINGS = {
    # the department's rules (credit control included) for every order
    "trade_scope_all_orders": True,
    "trade_order_checks": False,
    "trade_contract_required": False,
}

TIMEOUT = 60


@tagged("post_install", "-at_install")
class TestConcurrentConfirmation(BaseCase):
    """Two orders of one customer confirmed at the same moment from two
    database cursors (two threads), as two users clicking Confirm together.

    The records are committed (each thread has its own transaction, as the
    server would) and removed afterwards. Each confirmation runs inside
    Odoo's ``retrying``, like every RPC and HTTP request of the server.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        cls.order_ids = []
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            cls.saved_settings = {name: company[name] for name in SETTINGS}
            company.write(SETTINGS)
            cls.customer_ids = []
            cls.product_id = (
                env["product.product"]
                .create(
                    {
                        "name": "Concurrency test valve",
                        "type": "service",
                        "list_price": 600.0,
                        "invoice_policy": "order",
                        "taxes_id": [Command.clear()],
                    }
                )
                .id
            )
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            orders = env["sale.order"].search([("partner_id", "in", cls.customer_ids)])
            orders.with_context(disable_cancel_warning=True).action_cancel()
            orders.unlink()
            env["product.product"].browse(cls.product_id).active = False
            env["res.partner"].browse(cls.customer_ids).active = False
            env.ref("base.main_company").write(cls.saved_settings)

    def _quotations(self, *amounts):
        """A new customer with a credit limit of 1,000 and its quotations."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            customer = env["res.partner"].create(
                {
                    "name": "Concurrent Confirmation Test Co",
                    "is_company": True,
                    "credit_limit": 1000.0,
                }
            )
            self.customer_ids.append(customer.id)
            orders = env["sale.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": self.product_id,
                                    "product_uom_qty": 1,
                                    "price_unit": amount,
                                    "tax_id": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for amount in amounts
                ]
            )
            return orders.ids

    @staticmethod
    def _retrying(func, env):
        """What ``odoo.service.model.retrying`` does around every request of
        the server: on a serialisation failure, roll back and start again in a
        new transaction. (``retrying`` itself resets the registry, which waits
        for the lock the test runner holds.)"""
        for attempt in range(1, MAX_TRIES_ON_CONCURRENCY_FAILURE + 1):
            try:
                result = func()
                env.flush_all()
                return result
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                if attempt == MAX_TRIES_ON_CONCURRENCY_FAILURE:
                    raise
                env.cr.rollback()
                env.clear()
                env.registry.reset_changes()
                time.sleep(random.uniform(0.0, 0.2 * attempt))
        return None

    def _confirm_together(self, order_ids):
        """Confirm each order in its own thread and transaction, all starting
        together; return ``{order id: "confirmed" | refusal message}``."""
        barrier = threading.Barrier(len(order_ids))

        def confirm(order_id):
            with self.registry.cursor() as cr:
                # the test runner holds the registry lock while it runs the
                # tests: give the cursor its transaction without asking for it
                cr.transaction = Transaction(self.registry)
                # notification mails are queued, not sent after commit: sending
                # opens the registry again, which waits for the runner's lock
                env = api.Environment(
                    cr, SUPERUSER_ID, {"mail_notify_force_send": False}
                )
                order = env["sale.order"].browse(order_id)
                # both transactions have read the database (their snapshot is
                # taken) before either confirms
                self.assertEqual(order.state, "draft")
                barrier.wait(timeout=TIMEOUT)
                try:
                    self._retrying(order.action_confirm, env)
                except UserError as refusal:
                    cr.rollback()
                    return str(refusal)
                return "confirmed"

        with ThreadPoolExecutor(max_workers=len(order_ids)) as executor:
            futures = {oid: executor.submit(confirm, oid) for oid in order_ids}
            return {
                oid: future.result(timeout=TIMEOUT) for oid, future in futures.items()
            }

    def _states(self, order_ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return env["sale.order"].browse(order_ids).mapped("state")

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_only_one_of_two_simultaneous_orders_passes_when_one_fits(self):
        order_ids = self._quotations(600.0, 600.0)
        results = self._confirm_together(order_ids)
        confirmed = [oid for oid, result in results.items() if result == "confirmed"]
        refused = [result for result in results.values() if result != "confirmed"]
        self.assertEqual(len(confirmed), 1, results)
        self.assertEqual(len(refused), 1, results)
        self.assertIn("above its credit limit", refused[0])
        self.assertIn("1,200.00", refused[0], "the other order is in the exposure")
        self.assertEqual(sorted(self._states(order_ids)), ["draft", "sale"])

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_two_simultaneous_orders_that_fit_both_pass(self):
        order_ids = self._quotations(300.0, 400.0)
        results = self._confirm_together(order_ids)
        self.assertEqual(set(results.values()), {"confirmed"}, results)
        self.assertEqual(self._states(order_ids), ["sale", "sale"])


@tagged("post_install", "-at_install")
class TestConcurrentReceivables(BaseCase):
    """Two transactions changing open items of the same customer and due
    date at once (two cursors, two threads): the running totals of the open
    items make the second one wait and start again, and end up equal to the
    items."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            cls.customer_id = (
                env["res.partner"]
                .create({"name": "Concurrent Receivables Test Co", "is_company": True})
                .id
            )
            invoices = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": cls.customer_id,
                        "invoice_date": "2026-01-10",
                        "invoice_date_due": "2026-02-10",
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "name": "Concurrency test valve",
                                    "price_unit": amount,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for amount in (700.0, 300.0)
                ]
            )
            invoices.action_post()
            cls.invoice_ids = invoices.ids
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            invoices = env["account.move"].browse(cls.invoice_ids)
            invoices.button_draft()
            invoices.unlink()
            env["res.partner"].browse(cls.customer_id).active = False

    def _receivable_line(self, env, invoice_id):
        return (
            env["account.move"]
            .browse(invoice_id)
            .line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
        )

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_second_change_waits_and_starts_again(self):
        first_written = threading.Event()
        second_started = threading.Event()
        attempts = []

        def move_due_date(invoice_id, first):
            with self.registry.cursor() as cr:
                cr.transaction = Transaction(self.registry)
                env = api.Environment(cr, SUPERUSER_ID, {})
                line = self._receivable_line(env, invoice_id)
                self.assertEqual(str(line.date_maturity), "2026-02-10")
                if not first:
                    first_written.wait(timeout=TIMEOUT)

                def change():
                    attempts.append(invoice_id)
                    if not first:
                        second_started.set()
                    self._receivable_line(env, invoice_id).date_maturity = "2026-03-10"
                    env.flush_all()

                TestConcurrentConfirmation._retrying(change, env)
                if first:
                    first_written.set()
                    # the second transaction is now waiting for this one
                    second_started.wait(timeout=TIMEOUT)
                    time.sleep(0.5)

        with ThreadPoolExecutor(max_workers=2) as executor:
            futures = [
                executor.submit(move_due_date, invoice_id, index == 0)
                for index, invoice_id in enumerate(self.invoice_ids)
            ]
            for future in futures:
                future.result(timeout=TIMEOUT)

        self.assertEqual(
            attempts.count(self.invoice_ids[1]), 2, "the second one started again"
        )
        with self.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    SELECT date_due, amount_residual, line_count
                      FROM trade_risk_receivable_total
                     WHERE partner_id = %s AND line_count != 0
                    """,
                    self.customer_id,
                )
            )
            self.assertEqual(cr.fetchall(), [(date(2026, 3, 10), 1000.0, 2)])
