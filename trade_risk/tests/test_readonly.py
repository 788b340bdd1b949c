from contextlib import contextmanager
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import TradeRiskCase

TODAY = "2026-06-30"

#: The credit figures of a customer's form (``res.partner``).
CREDIT_FIELDS = [
    "trade_credit_controlled",
    "trade_credit_exposure",
    "trade_credit_available",
    "trade_overdue_amount",
    "trade_overdue_days",
    "trade_receivable_amount",
    "trade_uninvoiced_amount",
    "trade_draft_invoice_amount",
    "trade_guarantee_amount",
]
AGEING_MEASURES = [
    "amount_not_due:sum",
    "amount_1_30:sum",
    "amount_31_60:sum",
    "amount_61_90:sum",
    "amount_over_90:sum",
    "amount_total:sum",
]


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestReadOnlyReports(TradeRiskCase):
    """The reports that only read run on a read-only cursor, as Odoo 18 runs
    the methods marked ``@api.readonly`` on the read replica
    (``db_replica_host``), and give the same figures as on the primary."""

    def setUp(self):
        super().setUp()
        self.old = self._invoice(
            self.customer, 4000.0, date(2026, 3, 1), date(2026, 4, 1)
        )
        self._pay(self.old, 1500.0, date(2026, 6, 25))
        self._invoice(
            self.customer,
            2000.0,
            date(2026, 5, 10),
            date(2026, 6, 10),
            user=self.colleague,
        )
        self._invoice(self.contact, 1000.0, date(2026, 6, 20), date(2026, 7, 20))
        self._invoice(
            self.colleague_customer, 700.0, date(2026, 6, 1), date(2026, 6, 1)
        )
        # exempt from the credit check: confirmed despite the overdue
        self._order(self.exempt_customer, 3000.0).action_confirm()
        self.env.flush_all()

    @contextmanager
    def _read_only(self, user):
        """An environment of ``user`` on a read-only cursor: in test mode
        ``registry.cursor(readonly=True)`` gives a cursor of the test's
        transaction set ``READ ONLY`` (what a replica's cursor is): PostgreSQL
        refuses any write on it."""
        self.registry.enter_test_mode(self.env.cr)
        try:
            with self.registry.cursor(readonly=True) as cr:
                yield self.env(cr=cr, user=user)
        finally:
            self.registry.leave_test_mode()

    def _same_on_read_only(self, user, function):
        """Run ``function(env)`` as ``user`` on the primary's cursor and on a
        read-only cursor: the results are equal."""
        expected = function(self.env(user=user))
        self.env.invalidate_all()
        with self._read_only(user) as env:
            found = function(env)
        self.assertEqual(found, expected)
        return found

    def test_the_cursor_is_read_only(self):
        with self._read_only(self.finance) as env:
            env.cr.execute("SHOW transaction_read_only")
            self.assertEqual(env.cr.fetchone()[0], "on", "PostgreSQL refuses writes")

    def test_entry_points_are_read_only(self):
        """The methods the web client calls are routed to the replica."""
        for model, method in (
            ("trade.dashboard", "get_dashboard"),
            ("trade.receivable.ageing", "web_read_group"),
            ("trade.receivable.ageing", "web_search_read"),
            ("trade.receivable.ageing", "read_group"),
            ("trade.receivable.ageing", "search_read"),
            ("res.partner", "web_read"),
            ("res.partner", "read"),
            ("res.partner", "web_search_read"),
        ):
            function = getattr(type(self.env[model]), method)
            self.assertTrue(getattr(function, "_readonly", False), (model, method))

    def test_dashboard_on_a_read_only_cursor(self):
        for user in (self.manager, self.salesperson, self.credit_manager):
            dashboard = self._same_on_read_only(
                user, lambda env: env["trade.dashboard"].get_dashboard()
            )
            self.assertIn(
                "receivable_ageing", [chart["key"] for chart in dashboard["charts"]]
            )

    def test_credit_figures_on_a_read_only_cursor(self):
        for user in (self.credit_manager, self.salesperson):
            figures, exempt = self._same_on_read_only(
                user,
                lambda env: (
                    env["res.partner"]
                    .browse([self.customer.id, self.exempt_customer.id])
                    .read(CREDIT_FIELDS)
                ),
            )
            self.assertEqual(figures["trade_receivable_amount"], 5500.0)
            self.assertEqual(figures["trade_overdue_amount"], 4500.0)
            if user == self.credit_manager:
                self.assertEqual(exempt["trade_uninvoiced_amount"], 3000.0)
        overdue = self._same_on_read_only(
            self.credit_manager,
            lambda env: (
                env["res.partner"].search([("trade_overdue_amount", ">", 0)]).ids
            ),
        )
        self.assertIn(self.customer.id, overdue)

    def test_ageing_on_a_read_only_cursor(self):
        for user, day in (
            (self.finance, "2026-06-30"),
            (self.finance, "2026-06-20"),
            (self.credit_manager, "2026-06-30"),
            (self.salesperson, "2026-06-30"),
            (self.salesperson, "2026-05-31"),
        ):

            def pivot(env, day=day):
                Ageing = env["trade.receivable.ageing"].with_context(
                    trade_ageing_date=day
                )
                return (
                    Ageing.web_read_group(
                        [], AGEING_MEASURES, ["partner_id", "user_id"], lazy=False
                    ),
                    Ageing.web_search_read(
                        [],
                        {"partner_id": {}, "user_id": {}, "amount_total": {}},
                        order="id",
                    ),
                )

            groups, lines = self._same_on_read_only(user, pivot)
            self.assertTrue(groups["groups"], (user.name, day))
            self.assertEqual(lines["length"], len(lines["records"]))
        # the figures as of the 20 June: the payment of the 25th not counted
        with self._read_only(self.finance) as env:
            lines = (
                env["trade.receivable.ageing"]
                .with_context(trade_ageing_date="2026-06-20")
                .search_read([("partner_id", "=", self.customer.id)], ["amount_total"])
            )
        self.assertEqual(sum(line["amount_total"] for line in lines), 7000.0)
