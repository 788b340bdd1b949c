"""Benchmark of the credit exposure and the receivables ageing of trade_risk.

Inserts with SQL, in a database where ``trade_risk`` is installed:

- P customers (default 10,000) sharing L open receivable lines (default
  1,000,000) between them: the *exposure customer* has E of them (default
  100,000), a *small customer* S (default 1,000), the other P - 2 customers
  the rest;
- posted customer invoices of 10 instalments each: one receivable line
  (``payment_term``) per instalment, due from 9 to 90 days after the
  invoice, invoices spread over the last 240 days (so the lines fall in
  every ageing bucket, some not due yet), and the income line that balances
  the move;
- one instalment in five partly paid, and for the other customers one in
  five fully paid, by one posted payment per customer, matched with the
  instalments by ``account_partial_reconcile`` rows: ``amount_residual``,
  ``reconciled`` and the partials agree, as Odoo's reconciliation leaves
  them, so both Odoo's ``credit`` (the residual of the unreconciled lines)
  and the ageing (the balance less the partials dated on or before the day)
  find the same receivables;
- for the exposure and the small customer, confirmed sale orders not
  invoiced and draft invoices (with the ORM).

It then times, printing the median wall time of a few runs and the number
of SQL queries:

(a) the exposure of the small and of the exposure customer:
    ``_trade_credit_figures(company)``, reading ``trade_credit_exposure``
    (what the customer's form does), and, side by side, reading Odoo's own
    ``credit`` field of the same customer;
(b) the ageing of all the receivables as of today (and as of 30 days ago):
    what a click on the ageing report's button does (creating the
    ``trade.receivable.ageing.report``, ``action_open()`` and the pivot's
    ``web_read_group`` by customer), and, side by side, reading ``credit``
    for the P customers, with how many times faster the ageing is;
(c) what keeping the running totals of the open items costs accounting:
    posting 20 invoices and registering their payment with the ORM, with the
    totals' triggers and with them disabled (each run rolled back);

checks that the running totals agree with the open items they sum, that
the figures agree (the exposure customer's receivable and the ageing's
totals against ``credit``) and that the ageing of a sample of customers (one
in SAMPLE_EVERY) agrees to the cent with their open items added up one by
one, as of today and 30 days ago.

The generated data is committed and ``VACUUM ANALYZE`` run on the tables it
filled before timing, as a live database is after autovacuum passed (the
visibility map lets the open items be read from their index alone, and the
planner knows the tables' sizes): **run it on a throw-away copy** of a
database (``createdb -T trade_demo bench_risk``), which keeps the data.
``--rollback`` measures inside the generating transaction instead and
leaves the database as it was (slower figures: nothing is vacuumed).

Targets, checked at full size (the defaults): the exposure of the customer
with 100,000 open receivable lines in under 50 ms with the same number of
queries as with 1,000 lines; the ageing of 10,000
customers over 1,000,000 lines as of today in under 1 s, as of 30 days ago
in under 3 s; the dashboard in under 3 s. The exit status is non-zero
when a target is missed.

Usage (a copy of a database with ``trade_risk`` installed)::

    createdb -T trade_demo bench_risk
    python bench/bench_trade_risk.py -d bench_risk [--partners 10000]
        [--lines 1000000] [--exposure-lines 100000] [--small-lines 1000]
        [--runs 5]
    # again on the same data (an earlier run's, the sizes found)
    python bench/bench_trade_risk.py -d bench_risk --reuse
"""

import argparse
import gc
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

from benchlib import AGEING_AMOUNTS, default_addons_path

import odoo
from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

RECEIVABLE_TOTALS = "trade_risk_receivable_total"
TOTALS_TRIGGERS = (
    "trade_risk_receivable_total_insert",
    "trade_risk_receivable_total_update",
    "trade_risk_receivable_total_delete",
)
COST_INVOICES = 20

INSTALMENTS = 10
ORDERS = 10
DRAFT_INVOICES = 5
PAYMENT_AGE = 3

FULL_PARTNERS = 10_000
FULL_LINES = 1_000_000
FULL_EXPOSURE_LINES = 100_000
EXPOSURE_TARGET = 0.050
#: The ageing of every customer as of today, and as of 30 days ago.
AGEING_TARGET = 1.0
AGEING_PAST_TARGET = 3.0
#: Customers whose ageing is checked against their open items, one in ...
SAMPLE_EVERY = 50
#: The dashboard of the department, every card and chart, in seconds.
DASHBOARD_TARGET = 3.0


@contextmanager
def measure(env, samples):
    """Append ``(seconds, queries)`` of the block to ``samples``."""
    env.flush_all()
    env.invalidate_all()
    # the environments of an earlier run (``sudo()``, ``with_company()``...)
    # go now, not in the middle of a run: every run sets them up again
    gc.collect()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    yield
    env.flush_all()
    samples.append(
        (time.perf_counter() - started, env.cr.sql_log_count - queries_before)
    )


def repeat(env, runs, function):
    """Median time and the queries of ``runs`` calls of ``function``, after
    a first call that fills Odoo's caches (registry, ormcache)."""
    function()
    samples = []
    for _run in range(runs):
        with measure(env, samples):
            function()
    times = [seconds for seconds, _queries in samples]
    queries = sorted({count for _seconds, count in samples})
    return statistics.median(times), queries


def insert_customers(env, count, user_ids):
    """Insert ``count`` customers (their own commercial partner) with a
    salesperson; return their ids."""
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, active, is_company, type,
                                     autopost_bills, customer_rank, user_id,
                                     create_uid, write_uid, create_date, write_date)
            SELECT 'Bench risk customer ' || g, 'Bench risk customer ' || g, TRUE,
                   TRUE, 'contact', 'ask', 1,
                   (%(users)s::int[])[(1 + MOD(g * 7, %(user_count)s))::int],
                   %(uid)s, %(uid)s, NOW(), NOW()
              FROM generate_series(1, %(count)s) AS g
         RETURNING id
            """,
            users=list(user_ids),
            user_count=len(user_ids),
            uid=SUPERUSER_ID,
            count=count,
        )
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)",
            ids,
        )
    )
    return ids


def insert_invoices(env, accounts, groups, user_ids, not_fully_paid_ids):
    """Insert posted invoices of ``INSTALMENTS`` receivable lines each.

    ``groups`` is a list of ``(prefix, customer ids, receivable lines)``: the
    invoices of a group go to its customers in turn. The invoices of all the
    groups are interleaved, as time interleaves a customer's invoices with
    the others' (the lines of one customer are spread over the whole table),
    each invoice's lines following it: its instalments and its income line.

    One instalment in five is partly paid (40 %); one in five is fully paid
    too, except for the customers of ``not_fully_paid_ids``. The residuals
    are set here; the payments and partials by :func:`insert_payments`.
    """
    cr = env.cr
    company = accounts["company"]
    sources = []
    moves = 0
    for index, (prefix, customer_ids, lines) in enumerate(groups):
        count = max(lines // INSTALMENTS, 1)
        moves += count
        sources.append(
            SQL(
                """
                SELECT %(prefix)s || LPAD(g::text, 7, '0') AS name,
                       (g - 0.5) / %(count)s AS position, %(index)s AS grp,
                       %(today)s::date - MOD(g * 37, 240)::int AS day,
                       (%(customers)s::int[])[
                           (1 + MOD(g, %(customer_count)s))::int
                       ] AS partner,
                       (%(users)s::int[])[(1 + MOD(g * 13, %(user_count)s))::int]
                           AS salesperson
                  FROM generate_series(1::bigint, %(count)s::bigint) AS g
                """,
                prefix=prefix,
                count=count,
                index=index,
                today=accounts["today"],
                customers=list(customer_ids),
                customer_count=len(customer_ids),
                users=list(user_ids),
                user_count=len(user_ids),
            )
        )
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move")
    first_move = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                      invoice_date_due, journal_id, company_id,
                                      currency_id, partner_id,
                                      commercial_partner_id, invoice_user_id,
                                      auto_post, payment_state, create_uid,
                                      write_uid, create_date, write_date)
            SELECT name, 'out_invoice', 'posted', day, day, day + %(last_due)s,
                   %(journal)s, %(company)s, %(currency)s, partner, partner,
                   salesperson, 'no', 'not_paid', %(uid)s, %(uid)s, NOW(), NOW()
              FROM (%(sources)s) AS source
          ORDER BY position, grp
            """,
            last_due=INSTALMENTS * 9,
            journal=accounts["sale_journal"],
            company=company.id,
            currency=company.currency_id.id,
            uid=SUPERUSER_ID,
            sources=SQL(" UNION ALL ").join(sources),
        )
    )
    # the planner must know the new invoices before the lines refer to them:
    # with the statistics of a small table, the foreign key checks of a
    # million lines would each scan the invoices
    cr.execute("ANALYZE account_move")
    cr.execute("ANALYZE res_partner")
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move_line")
    first_line = cr.fetchone()[0]
    # each invoice's instalments (k >= 1: receivable lines with their
    # residual) and its income line (k = 0), in the invoices' order
    cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, move_name, display_type, name,
                                           sequence, company_id, company_currency_id,
                                           currency_id, journal_id, account_id,
                                           partner_id, quantity, price_unit,
                                           price_subtotal, price_total,
                                           balance, debit, credit, amount_currency,
                                           amount_residual,
                                           amount_residual_currency, reconciled,
                                           date, date_maturity, invoice_date,
                                           parent_state, create_uid, write_uid,
                                           create_date, write_date)
            SELECT move.id, move.name,
                   CASE WHEN k = 0 THEN 'product' ELSE 'payment_term' END,
                   CASE WHEN k = 0 THEN 'Bench goods' ELSE move.name END,
                   CASE WHEN k = 0 THEN 10 ELSE 1000 + k END,
                   move.company_id, move.currency_id, move.currency_id,
                   move.journal_id,
                   CASE WHEN k = 0 THEN %(income)s ELSE %(receivable)s END,
                   move.partner_id, 1,
                   CASE WHEN k = 0 THEN -amount ELSE 0 END,
                   CASE WHEN k = 0 THEN -amount END,
                   CASE WHEN k = 0 THEN -amount END,
                   amount, GREATEST(amount, 0), GREATEST(-amount, 0), amount,
                   CASE WHEN k = 0 THEN 0 ELSE amount - paid END,
                   CASE WHEN k = 0 THEN 0 ELSE amount - paid END,
                   CASE WHEN k = 0 THEN NULL ELSE paid = amount END,
                   move.date,
                   CASE WHEN k = 0 THEN NULL ELSE move.date + k * 9 END,
                   move.invoice_date, 'posted', %(uid)s, %(uid)s, NOW(), NOW()
              FROM account_move move
              CROSS JOIN generate_series(0, %(instalments)s) AS k
              CROSS JOIN LATERAL (
                    SELECT CASE
                               WHEN k = 0 THEN -(
                                   SELECT SUM(100 + MOD(move.id * j * 7, 900))
                                     FROM generate_series(1, %(instalments)s) AS j
                               )
                               ELSE 100 + MOD(move.id * k * 7, 900)
                           END::numeric AS amount
                   ) AS instalment
              CROSS JOIN LATERAL (
                    SELECT CASE
                               WHEN k = 0 THEN 0
                               WHEN MOD(move.id + k, 5) = 0
                                   THEN ROUND(amount * 0.4, 2)
                               WHEN MOD(move.id + k, 5) = 1
                                    AND move.partner_id != ALL(%(not_fully_paid)s)
                                   THEN amount
                               ELSE 0
                           END AS paid
                   ) AS payment
             WHERE move.id > %(first_move)s
          ORDER BY move.id, k
            """,
            income=accounts["income"],
            receivable=accounts["receivable"],
            uid=SUPERUSER_ID,
            instalments=INSTALMENTS,
            not_fully_paid=list(not_fully_paid_ids),
            first_move=first_move,
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE account_move move
               SET amount_untaxed = totals.amount,
                   amount_total = totals.amount,
                   amount_residual = totals.residual,
                   amount_untaxed_signed = totals.amount,
                   amount_total_signed = totals.amount,
                   amount_residual_signed = totals.residual,
                   amount_total_in_currency_signed = totals.amount,
                   payment_state = CASE
                       WHEN totals.residual = 0 THEN 'paid'
                       WHEN totals.residual < totals.amount THEN 'partial'
                       ELSE 'not_paid'
                   END
              FROM (
                    SELECT move_id, SUM(balance) AS amount,
                           SUM(amount_residual) AS residual
                      FROM account_move_line
                     WHERE id > %(first_line)s AND display_type = 'payment_term'
                  GROUP BY move_id
                   ) AS totals
             WHERE totals.move_id = move.id
            """,
            first_line=first_line,
        )
    )
    return moves


def insert_payments(env, accounts, first_line):
    """One posted payment per customer for what its invoices inserted after
    ``first_line`` had paid, matched with them by partial reconciliations."""
    cr = env.cr
    company = accounts["company"]
    pay_date = accounts["today"] - timedelta(days=PAYMENT_AGE)
    # statistics of the new lines: the joins below need them
    cr.execute("ANALYZE account_move_line")
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move")
    first_move = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, ref, move_type, state, date,
                                      journal_id, company_id, currency_id,
                                      partner_id, commercial_partner_id,
                                      auto_post, amount_total, amount_total_signed,
                                      create_uid, write_uid, create_date,
                                      write_date)
            SELECT 'BENCH/PAY/' || LPAD(paid.partner_id::text, 8, '0'),
                   'Bench payment', 'entry', 'posted', %(pay_date)s,
                   %(journal)s, %(company)s, %(currency)s,
                   paid.partner_id, paid.partner_id, 'no', paid.amount, paid.amount,
                   %(uid)s, %(uid)s, NOW(), NOW()
              FROM (
                    SELECT partner_id, SUM(balance - amount_residual) AS amount
                      FROM account_move_line
                     WHERE id > %(first_line)s
                       AND display_type = 'payment_term'
                       AND balance > amount_residual
                  GROUP BY partner_id
                   ) AS paid
            """,
            pay_date=pay_date,
            journal=accounts["bank_journal"],
            company=company.id,
            currency=company.currency_id.id,
            uid=SUPERUSER_ID,
            first_line=first_line,
        )
    )
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move_line")
    first_payment_line = cr.fetchone()[0]
    # the bank line and the receivable line (fully matched) of each payment
    cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, move_name, display_type, name,
                                           sequence, company_id, company_currency_id,
                                           currency_id, journal_id, account_id,
                                           partner_id, balance, debit, credit,
                                           amount_currency, amount_residual,
                                           amount_residual_currency, reconciled,
                                           date, date_maturity, parent_state,
                                           create_uid, write_uid, create_date,
                                           write_date)
            SELECT move.id, move.name, 'product', move.ref, side.sequence,
                   move.company_id, move.currency_id, move.currency_id,
                   move.journal_id, side.account, move.partner_id,
                   side.sign * move.amount_total,
                   CASE WHEN side.sign > 0 THEN move.amount_total ELSE 0 END,
                   CASE WHEN side.sign < 0 THEN move.amount_total ELSE 0 END,
                   side.sign * move.amount_total,
                   side.residual * move.amount_total,
                   side.residual * move.amount_total, side.sign < 0,
                   move.date, move.date, 'posted', %(uid)s, %(uid)s, NOW(), NOW()
              FROM account_move move
              CROSS JOIN (
                    VALUES (1, %(bank)s, 1, 1), (2, %(receivable)s, -1, 0)
                   ) AS side(sequence, account, sign, residual)
             WHERE move.id > %(first_move)s
            """,
            bank=accounts["bank"],
            receivable=accounts["receivable"],
            uid=SUPERUSER_ID,
            first_move=first_move,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id,
                                                   amount, debit_amount_currency,
                                                   credit_amount_currency,
                                                   company_id, debit_currency_id,
                                                   credit_currency_id, max_date,
                                                   create_uid, write_uid,
                                                   create_date, write_date)
            WITH payment AS MATERIALIZED (
                SELECT id, partner_id, currency_id, date
                  FROM account_move_line
                 WHERE id > %(first_payment_line)s AND account_id = %(receivable)s
            )
            SELECT invoice.id, payment.id,
                   invoice.balance - invoice.amount_residual,
                   invoice.balance - invoice.amount_residual,
                   invoice.balance - invoice.amount_residual,
                   invoice.company_id, invoice.currency_id, payment.currency_id,
                   GREATEST(invoice.date, payment.date),
                   %(uid)s, %(uid)s, NOW(), NOW()
              FROM account_move_line invoice
              JOIN payment ON payment.partner_id = invoice.partner_id
             WHERE invoice.id > %(first_line)s
               AND invoice.id <= %(first_payment_line)s
               AND invoice.display_type = 'payment_term'
               AND invoice.balance > invoice.amount_residual
            """,
            uid=SUPERUSER_ID,
            first_payment_line=first_payment_line,
            receivable=accounts["receivable"],
            first_line=first_line,
        )
    )
    return cr.rowcount


def create_orders_and_drafts(env, customers):
    """Confirmed sale orders not invoiced and draft invoices (ORM)."""
    # the department's confirmation checklist is not what is measured here
    env.company.trade_order_checks = False
    product = env["product.product"].create(
        {"name": "Bench risk service", "type": "service", "list_price": 250.0}
    )
    orders = (
        env["sale.order"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_uom_qty": 2 + index,
                                "price_unit": 250.0,
                                "tax_id": [Command.clear()],
                            }
                        )
                        for index in range(3)
                    ],
                }
                for customer in customers
                for _order in range(ORDERS)
            ]
        )
    )
    orders.action_confirm()
    env["account.move"].with_context(tracking_disable=True).create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "quantity": 4,
                            "price_unit": 250.0,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
            for customer in customers
            for _invoice in range(DRAFT_INVOICES)
        ]
    )


def generate(env, args):
    cr = env.cr
    company = env.company
    today = fields.Date.context_today(env["res.partner"])
    started = time.perf_counter()
    sale_journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    bank_journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
    )
    receivable = env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.id),
        ],
        limit=1,
    )
    accounts = {
        "company": company,
        "today": today,
        "sale_journal": sale_journal.id,
        "bank_journal": bank_journal.id,
        "income": sale_journal.default_account_id.id,
        "bank": bank_journal.default_account_id.id,
        "receivable": receivable.id,
    }
    user_ids = env["res.users"].search([("share", "=", False)], limit=20).ids
    Partner = env["res.partner"].with_context(tracking_disable=True)
    exposure_customer, small_customer = Partner.create(
        [
            {
                "name": "Bench exposure customer",
                "is_company": True,
                "credit_limit": 50_000_000.0,
                "user_id": user_ids[0],
            },
            {
                "name": "Bench small customer",
                "is_company": True,
                "credit_limit": 500_000.0,
                "user_id": user_ids[0],
            },
        ]
    )
    create_orders_and_drafts(env, exposure_customer | small_customer)
    env.flush_all()
    others = args.partners - 2
    other_ids = insert_customers(env, others, user_ids)
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move_line")
    first_line = cr.fetchone()[0]
    moves = insert_invoices(
        env,
        accounts,
        [
            ("BENCH/RISK/E/", exposure_customer.ids, args.exposure_lines),
            ("BENCH/RISK/S/", small_customer.ids, args.small_lines),
            (
                "BENCH/RISK/C/",
                other_ids,
                args.lines - args.exposure_lines - args.small_lines,
            ),
        ],
        user_ids,
        (exposure_customer | small_customer).ids,
    )
    partials = insert_payments(env, accounts, first_line)
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE account_move")
    cr.execute("ANALYZE account_move_line")
    cr.execute("ANALYZE account_partial_reconcile")
    env.invalidate_all()
    cr.execute(
        SQL(
            """
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE reconciled IS NOT TRUE),
                   COUNT(*) FILTER (WHERE partner_id = %(exposure)s
                                      AND reconciled IS NOT TRUE),
                   COUNT(DISTINCT partner_id)
              FROM account_move_line
             WHERE account_id = %(receivable)s AND id > %(first_line)s
               AND display_type = 'payment_term'
            """,
            exposure=exposure_customer.id,
            receivable=receivable.id,
            first_line=first_line,
        )
    )
    lines, open_lines, exposure_open, customers = cr.fetchone()
    print(
        f"generated {customers} customers, {moves} invoices with {lines} "
        f"receivable lines ({open_lines} open, {exposure_open} of the exposure "
        f"customer), {partials} partial reconciliations, "
        f"{2 * ORDERS} confirmed orders and {2 * DRAFT_INVOICES} draft invoices "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    customer_ids = exposure_customer.ids + small_customer.ids + other_ids
    return exposure_customer, small_customer, customer_ids, lines


def reuse(env, args):
    """The customers and receivable lines generated by an earlier run in this
    database (``--reuse``), as ``generate`` returns them; their numbers
    replace the sizes of ``args``."""
    cr = env.cr
    Partner = env["res.partner"]
    exposure_customer = Partner.search(
        [("name", "=", "Bench exposure customer")], order="id desc", limit=1
    )
    small_customer = Partner.search(
        [("name", "=", "Bench small customer")], order="id desc", limit=1
    )
    if not exposure_customer or not small_customer:
        sys.exit("--reuse: no data of an earlier run in this database")
    cr.execute(
        """
        SELECT id FROM res_partner
         WHERE name LIKE 'Bench risk customer %' AND id = commercial_partner_id
         ORDER BY id
        """
    )
    other_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """
        SELECT COUNT(*) FROM account_move_line
         WHERE display_type = 'payment_term' AND move_name LIKE 'BENCH/RISK/%'
        """
    )
    lines = cr.fetchone()[0]
    for customer, name in ((exposure_customer, "exposure"), (small_customer, "small")):
        cr.execute(
            "SELECT COUNT(*) FROM account_move_line WHERE partner_id = %s"
            " AND display_type = 'payment_term' AND reconciled IS NOT TRUE",
            [customer.id],
        )
        setattr(args, f"{name}_lines", cr.fetchone()[0])
    args.partners, args.lines = 2 + len(other_ids), lines
    print(
        f"reusing {2 + len(other_ids)} customers and {lines} receivable lines "
        f"of an earlier run",
        flush=True,
    )
    customer_ids = exposure_customer.ids + small_customer.ids + other_ids
    return exposure_customer, small_customer, customer_ids, lines


def row(label, seconds, queries, results):
    counts = "/".join(str(count) for count in queries)
    results.append((label, seconds, queries))
    shown = f"{seconds * 1000:9.1f} ms" if seconds < 1 else f"{seconds:9.2f} s "
    print(f"{label:<66} {shown} {counts:>8} queries", flush=True)


def bench_exposure(env, customer, lines, runs, results):
    company = env.company

    def figures():
        customer.browse(customer.id)._trade_credit_figures(company)

    def exposure():
        customer.browse(customer.id).trade_credit_exposure  # noqa: B018

    def credit():
        customer.browse(customer.id).credit  # noqa: B018

    measured = {}
    for key, label, function in (
        ("figures", "_trade_credit_figures(company)", figures),
        ("exposure", "read trade_credit_exposure", exposure),
        ("credit", "read Odoo's credit", credit),
    ):
        seconds, queries = repeat(env, runs, function)
        row(
            f"exposure, 1 customer, {lines:>7} open lines: {label}",
            seconds,
            queries,
            results,
        )
        measured[key] = (seconds, queries)
    return measured


def bench_ageing(env, customer_ids, partners, lines, runs, results):
    Report = env["trade.receivable.ageing.report"]
    Ageing = env["trade.receivable.ageing"]
    measures = [f"{name}:sum" for name in AGEING_AMOUNTS]
    today = fields.Date.context_today(Report)
    measured = {}
    for key, day in (("today", today), ("past", today - timedelta(days=30))):
        reports = []

        def click(day=day, reports=reports):
            # the Show Ageing button, then the pivot's rows by customer
            report = Report.create({"date": day})
            action = report.action_open()
            Ageing.with_context(**action["context"]).web_read_group(
                [], measures, ["partner_id"], lazy=False
            )
            reports.append(report)

        seconds, queries = repeat(env, runs, click)
        label = f"ageing as of {day} ({'today' if key == 'today' else '30 days ago'})"
        row(f"{label}, {partners} customers, {lines} lines", seconds, queries, results)
        measured[key] = (seconds, queries, reports[-1])

    def credit():
        env["res.partner"].browse(customer_ids).mapped("credit")

    seconds, queries = repeat(env, runs, credit)
    row(f"read Odoo's credit of {partners} customers", seconds, queries, results)
    measured["credit"] = (seconds, queries)
    for key in ("today", "past"):
        print(
            f"ageing {'as of today' if key == 'today' else 'of 30 days ago'}: "
            f"{seconds / measured[key][0]:.1f}x faster than reading Odoo's credit "
            f"of the same customers",
            flush=True,
        )
    return measured


def open_item_ageing(env, date, partner_ids):
    """``{(customer id, salesperson id): [amount per bucket]}`` added up from
    the open items on ``date`` one by one (the customer statement's query),
    the reference the ageing must agree with."""
    Query = env["trade.receivable.query"]
    company = env.company
    buckets = {}
    rows = env.execute_query(
        SQL(
            "SELECT lines.commercial_partner_id, lines.user_id, %s, lines.residual"
            " FROM (%s) lines",
            Query._ageing_bucket_case(date),
            Query._open_items_query(company, date, partner_ids),
        )
    )
    for partner_id, user_id, bucket, residual in rows:
        amounts = buckets.setdefault((partner_id, user_id), [0.0] * 5)
        amounts[bucket] += residual
    return buckets


def check_ageing_sample(env, customer_ids, reports):
    """The ageing of one customer in SAMPLE_EVERY (and of the exposure
    customer) agrees to the cent with their open items added up one by one,
    as of today and 30 days ago: print the checks, return whether they
    pass."""
    sample = customer_ids[::SAMPLE_EVERY]
    currency = env.company.currency_id
    ok = True
    for report in reports:
        expected = open_item_ageing(env, report.date, sample)
        lines = report._ageing_lines().filtered(
            lambda line, sample=set(sample): line.partner_id.id in sample
        )
        found = {
            (line.partner_id.id, line.user_id.id or None): [
                line.amount_not_due,
                line.amount_1_30,
                line.amount_31_60,
                line.amount_61_90,
                line.amount_over_90,
            ]
            for line in lines
        }
        differ = [
            key
            for key in set(expected) | set(found)
            if any(
                currency.compare_amounts(a, b)
                for a, b in zip(
                    expected.get(key, [0.0] * 5), found.get(key, [0.0] * 5), strict=True
                )
            )
        ]
        print(
            f"ageing as of {report.date} of {len(sample)} customers against their "
            f"open items: {len(found)} lines, {len(differ)} differ",
            flush=True,
        )
        for key in sorted(differ)[:3]:
            print(
                f"  customer {key[0]}, salesperson {key[1]}: open items "
                f"{expected.get(key)}, ageing {found.get(key)}",
                flush=True,
            )
        ok = ok and not differ and bool(found)
    return ok


def bench_totals_cost(env, customer, runs, results):
    """What keeping the running totals costs accounting: posting invoices
    and registering their payment with the triggers, then with the
    triggers disabled. Each run is rolled back."""
    cr = env.cr
    product = env["product.product"].search(
        [("name", "=", "Bench risk service")], limit=1
    )

    def post_and_pay():
        invoices = (
            env["account.move"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id,
                                    "quantity": 1 + index,
                                    "price_unit": 250.0,
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                    for index in range(COST_INVOICES)
                ]
            )
        )
        invoices.action_post()
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create({"group_payment": True})._create_payments()

    measured = {}
    for key, label in (
        ("with", "with the running totals"),
        ("without", "triggers disabled"),
    ):
        samples = []
        for _run in range(runs + 1):
            env.flush_all()
            cr.execute("SAVEPOINT bench_totals_cost")
            if key == "without":
                for trigger in TOTALS_TRIGGERS:
                    cr.execute(
                        SQL(
                            "ALTER TABLE account_move_line DISABLE TRIGGER %s",
                            SQL.identifier(trigger),
                        )
                    )
            with measure(env, samples):
                post_and_pay()
            cr.execute("ROLLBACK TO SAVEPOINT bench_totals_cost")
            env.invalidate_all(flush=False)
            env.registry.clear_cache()
        samples = samples[1:]  # the first run fills the caches
        seconds = statistics.median(seconds for seconds, _queries in samples)
        queries = sorted({count for _seconds, count in samples})
        row(
            f"post and pay {COST_INVOICES} invoices (ORM), {label}",
            seconds,
            queries,
            results,
        )
        measured[key] = (seconds, queries)
    return measured


def check_totals(env):
    """The running totals agree with the open items they sum: print the
    check, return whether it passes."""
    env.flush_all()
    env.cr.execute(
        SQL(
            """
            WITH items AS (
                SELECT line.partner_id, line.company_id, line.account_id,
                       COALESCE(line.date_maturity, line.date) AS date_due,
                       COALESCE(move.invoice_user_id, 0) AS user_id,
                       SUM(line.amount_residual) AS amount_residual,
                       COUNT(*) AS line_count
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.reconciled IS NOT TRUE
                   AND line.parent_state = 'posted'
                   AND line.amount_residual != 0 AND line.partner_id IS NOT NULL
                 GROUP BY 1, 2, 3, 4, 5
            ), totals AS (
                SELECT partner_id, company_id, account_id, date_due, user_id,
                       amount_residual, line_count
                  FROM %(totals)s WHERE line_count != 0
            )
            SELECT (SELECT COUNT(*) FROM totals),
                   (SELECT SUM(line_count) FROM totals),
                   COUNT(*)
              FROM items FULL JOIN totals
                   USING (partner_id, company_id, account_id, date_due, user_id)
             WHERE items.amount_residual IS DISTINCT FROM totals.amount_residual
                OR items.line_count IS DISTINCT FROM totals.line_count
            """,
            totals=SQL.identifier(RECEIVABLE_TOTALS),
        )
    )
    rows, items, differ = env.cr.fetchone()
    print(
        f"running totals: {rows} rows (partner, account, due date, salesperson) "
        f"for {items} "
        f"open items, {differ} differ from the items",
        flush=True,
    )
    return not differ


def check_figures(env, exposure_customer, customer_ids, report):
    """The exposure's receivable and the ageing's totals agree with Odoo's
    ``credit``: print the checks, return whether they all pass."""
    env.invalidate_all()
    company = env.company
    figures = exposure_customer._trade_credit_figures(company)[exposure_customer.id]
    credit = exposure_customer.credit
    print(
        f"exposure customer: receivable {figures['receivable']:,.2f} "
        f"(credit {credit:,.2f}), overdue {figures['overdue']:,.2f} "
        f"({figures['overdue_days']} days), orders {figures['uninvoiced']:,.2f}, "
        f"draft invoices {figures['draft_invoices']:,.2f}, "
        f"exposure {figures['exposure']:,.2f}",
        flush=True,
    )
    ok = company.currency_id.compare_amounts(figures["receivable"], credit) == 0
    ok = ok and figures["uninvoiced"] > 0 and figures["draft_invoices"] > 0
    partners = env["res.partner"].browse(customer_ids)
    credits = dict(zip(partners.ids, partners.mapped("credit"), strict=True))
    report_lines = report._ageing_lines()
    totals = {}
    for line in report_lines:
        totals[line.partner_id.id] = totals.get(line.partner_id.id, 0.0) + (
            line.amount_total
        )
    differences = [
        pid
        for pid, amount in credits.items()
        if company.currency_id.compare_amounts(totals.get(pid, 0.0), amount)
    ]
    buckets = {name: sum(report_lines.mapped(name)) for name in AGEING_AMOUNTS[:-1]}
    print(
        f"ageing as of {report.date}: {len(report_lines)} lines, "
        + ", ".join(f"{name[7:]} {amount:,.0f}" for name, amount in buckets.items())
        + f"; total {sum(totals.values()):,.2f}, credit of the customers "
        f"{sum(credits.values()):,.2f}, {len(differences)} customers differ",
        flush=True,
    )
    return ok and not differences and all(buckets.values())


def vacuum(cr):
    """What autovacuum does to the tables the data went into: visibility map
    and planner statistics."""
    started = time.perf_counter()
    connection = cr._cnx
    connection.autocommit = True
    try:
        with connection.cursor() as raw:
            for table in (
                "account_move_line",
                "account_move",
                "account_partial_reconcile",
                RECEIVABLE_TOTALS,
                "res_partner",
                "sale_order",
                "sale_order_line",
            ):
                raw.execute(f"VACUUM ANALYZE {table}")
    finally:
        connection.autocommit = False
    seconds = time.perf_counter() - started
    print(f"vacuum analyze of the generated data in {seconds:.1f} s")


def bench_dashboard(env, partners, lines, runs, results):
    """The department's dashboard (every card and chart, the receivables by
    ageing bucket included) as its demo manager and salesperson, or as the
    superuser without the demo data."""
    measured = {}
    for xmlid in (
        "trade_business_dept.user_manager_demo",
        "trade_business_dept.user_salesperson_li_demo",
    ):
        user = env.ref(xmlid, raise_if_not_found=False)
        if not user and measured:
            continue
        Dashboard = (
            env["trade.dashboard"].with_user(user) if user else env["trade.dashboard"]
        )
        login = user.login if user else "superuser"

        def load(Dashboard=Dashboard):
            Dashboard.get_dashboard()

        seconds, queries = repeat(env, runs, load)
        row(
            f"dashboard as {login}, {partners} customers, {lines} lines",
            seconds,
            queries,
            results,
        )
        measured[login] = (seconds, queries)
    return measured


def run(args):
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    registry = Registry(args.database)
    failures = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            if args.reuse:
                exposure_customer, small_customer, customer_ids, lines = reuse(
                    env, args
                )
            else:
                exposure_customer, small_customer, customer_ids, lines = generate(
                    env, args
                )
            if not args.rollback:
                cr.commit()
                vacuum(cr)
            results = []
            print(f"{'':<66} {'median':>12} {'':>8} (of {args.runs} runs)")
            small = bench_exposure(
                env, small_customer, args.small_lines, args.runs, results
            )
            large = bench_exposure(
                env, exposure_customer, args.exposure_lines, args.runs, results
            )
            ageing = bench_ageing(
                env, customer_ids, len(customer_ids), lines, args.runs, results
            )
            dashboard = bench_dashboard(
                env, len(customer_ids), lines, args.runs, results
            )
            if not check_figures(
                env, exposure_customer, customer_ids, ageing["today"][2]
            ):
                failures.append("the figures do not agree with Odoo's credit")
            if not check_ageing_sample(
                env, customer_ids, [ageing["today"][2], ageing["past"][2]]
            ):
                failures.append("the ageing does not agree with the open items")
            if not check_totals(env):
                failures.append("the running totals differ from the items")
            bench_totals_cost(env, exposure_customer, args.runs, results)
            for key in ("figures", "exposure"):
                if small[key][1] != large[key][1] or len(large[key][1]) != 1:
                    failures.append(
                        f"{key}: {small[key][1]} queries with {args.small_lines} "
                        f"lines, {large[key][1]} with {args.exposure_lines}"
                    )
            full = (
                args.partners >= FULL_PARTNERS
                and args.lines >= FULL_LINES
                and args.exposure_lines >= FULL_EXPOSURE_LINES
            )
            if full:
                for key in ("figures", "exposure"):
                    if large[key][0] >= EXPOSURE_TARGET:
                        failures.append(
                            f"{key} of {args.exposure_lines} lines: "
                            f"{large[key][0] * 1000:.1f} ms >= 50 ms"
                        )
                for login, (seconds, _queries) in dashboard.items():
                    if seconds >= DASHBOARD_TARGET:
                        failures.append(f"dashboard as {login}: {seconds:.2f} s >= 3 s")
                for key, target in (
                    ("today", AGEING_TARGET),
                    ("past", AGEING_PAST_TARGET),
                ):
                    if ageing[key][0] >= target:
                        failures.append(
                            f"ageing of {len(customer_ids)} customers ({key}): "
                            f"{ageing[key][0]:.2f} s >= {target:g} s"
                        )
            else:
                print("(smaller than the targets' sizes: times not checked)")
        finally:
            if args.rollback:
                cr.rollback()
            else:
                cr.commit()
    for failure in failures:
        print(f"TARGET MISSED: {failure}", file=sys.stderr)
    if not failures:
        print("targets met" if full else "queries constant, figures agree")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=FULL_PARTNERS)
    parser.add_argument("--lines", type=int, default=FULL_LINES)
    parser.add_argument("--exposure-lines", type=int, default=FULL_EXPOSURE_LINES)
    parser.add_argument("--small-lines", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--addons-path", default=default_addons_path())
    parser.add_argument(
        "--rollback",
        action="store_true",
        help="measure in the generating transaction and roll it back (no "
        "vacuum: slower figures, the database is left as it was)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time the data an earlier run generated in this database instead "
        "of generating more (the sizes are those found)",
    )
    args = parser.parse_args()
    if args.partners < 3 or args.lines < args.exposure_lines + args.small_lines:
        parser.error("need 3 customers or more and --lines >= the two customers'")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
