"""Benchmark of the appraisal's scorecard generation over a large sales history.

Generates, in a database where ``trade_appraisal`` is installed:

- S salespeople (default 200): users in the Salesperson group with their
  employees, targets for the measured month;
- C customers (default 20,000) and 100 products with a cost;
- L customer invoice lines (default 1,000,000) over the 12 months of a year:
  posted invoices (and one credit note in ten) of 5 product lines each, with
  their receivable line, so that every move balances;
- 5 rated visits per salesperson and month.

The customers, invoices and visits are inserted with SQL (``INSERT ...
SELECT generate_series``): the ORM would need hours for a million lines.
Every column the appraisal and the accounting reports read is filled
consistently: ``account_move`` (posted ``out_invoice``/``out_refund``,
``invoice_user_id``, partner and commercial partner, company, currency,
journal, ``date`` = ``invoice_date``, untaxed and total amounts) and
``account_move_line`` (``display_type`` ``product`` with product, unit,
quantity, price, ``price_subtotal``, ``balance`` = -subtotal for an invoice
and +subtotal for a credit note, debit/credit, ``amount_currency``,
``parent_state`` ``posted``, company, currency, journal, account, partner,
date; plus the ``payment_term`` receivable line of each move).

It then times, printing wall time and SQL queries:

- the actuals of every salesperson for one month (``_compute_actuals``),
- ``action_generate_scorecards()`` of the month: first run (creates S
  scorecards of 9 lines) and second run (refreshes them),
- HR's *Data Checked* on every card of the month (refresh + state change),
- ``action_generate_scorecards()`` of the annual period (the whole year, all
  L lines),

and rolls everything back: the database is left as it was.

Usage (the test database kept by ``TRADE_KEEP_DB=1 bash scripts/test.sh`` or
the demo database of ``bash scripts/serve.sh`` will do)::

    python bench/bench_trade_appraisal.py -d trade_demo [--salespeople 200]
        [--lines 1000000] [--customers 20000] [--year 2031] [--month 6]
"""

import argparse
import time
from contextlib import contextmanager
from datetime import date

from benchlib import default_addons_path

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.tools import SQL

LINES_PER_MOVE = 5
VISITS_PER_MONTH = 5


@contextmanager
def measure(env, label, results):
    env.flush_all()
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    yield
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries_before
    results.append((label, elapsed, queries))
    print(f"{label:<62} {elapsed:8.2f} s {queries:8d} queries", flush=True)


def create_salespeople(env, count):
    group = env.ref("trade_business_dept.group_trade_salesperson")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, tracking_disable=True)
        .create(
            [
                {
                    "name": f"Bench salesperson {index:03d}",
                    "login": f"bench_appraisal_{index:03d}",
                    "groups_id": [Command.set(group.ids)],
                }
                for index in range(count)
            ]
        )
    )
    employees = (
        env["hr.employee"]
        .with_context(tracking_disable=True)
        .create(
            [
                {
                    "name": user.name,
                    "user_id": user.id,
                    "trade_base_bonus": 2000.0,
                    "trade_annual_base_bonus": 24000.0,
                }
                for user in users
            ]
        )
    )
    return users, employees


def insert_customers(env, count):
    cr = env.cr
    cr.execute(
        SQL(
            """
            INSERT INTO res_partner (name, complete_name, active, is_company, type,
                                     autopost_bills, customer_rank, create_uid,
                                     write_uid, create_date, write_date)
            SELECT 'Bench customer ' || g, 'Bench customer ' || g, TRUE, TRUE,
                   'contact', 'ask', 1, %(uid)s, %(uid)s, NOW(), NOW()
              FROM generate_series(1, %(count)s) AS g
         RETURNING id
            """,
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


def create_products(env, count):
    return env["product.product"].create(
        [
            {
                "name": f"Bench product {index:03d}",
                "list_price": 100.0 + index,
                "standard_price": 50.0 + index % 40,
            }
            for index in range(count)
        ]
    )


def insert_invoices(env, company, user_ids, customer_ids, products, lines, year):
    """Insert ``lines`` product lines in posted invoices and credit notes of
    ``year``; return the number of moves."""
    cr = env.cr
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    income = journal.default_account_id
    receivable = env["account.account"].search(
        [
            ("account_type", "=", "asset_receivable"),
            ("company_ids", "in", company.id),
        ],
        limit=1,
    )
    moves = lines // LINES_PER_MOVE
    days = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move")
    first_move = cr.fetchone()[0]
    cr.execute(
        SQL(
            """
            INSERT INTO account_move (name, move_type, state, date, invoice_date,
                                      journal_id, company_id, currency_id,
                                      partner_id, commercial_partner_id,
                                      invoice_user_id, auto_post, payment_state,
                                      create_uid, write_uid, create_date,
                                      write_date)
            SELECT 'BENCH/' || %(year)s || '/' || LPAD(g::text, 7, '0'),
                   -- one credit note in ten for every salesperson and customer
                   CASE WHEN MOD(g / 200, 10) = 0 THEN 'out_refund'
                        ELSE 'out_invoice' END,
                   'posted', day, day,
                   %(journal)s, %(company)s, %(currency)s,
                   partner, partner,
                   (%(users)s::int[])[(1 + MOD(g * 7919, %(user_count)s))::int],
                   'no', 'not_paid', %(uid)s, %(uid)s, NOW(), NOW()
              FROM (
                    SELECT g,
                           %(start)s::date + MOD(g * 31, %(days)s)::int AS day,
                           (%(customers)s::int[])[
                               (1 + MOD(g * 104729, %(customer_count)s))::int
                           ] AS partner
                      FROM generate_series(1::bigint, %(moves)s::bigint) AS g
                   ) AS source
            """,
            year=str(year),
            journal=journal.id,
            company=company.id,
            currency=company.currency_id.id,
            users=list(user_ids),
            user_count=len(user_ids),
            customers=list(customer_ids),
            customer_count=len(customer_ids),
            uid=SUPERUSER_ID,
            start=date(year, 1, 1),
            days=days,
            moves=moves,
        )
    )
    product_ids = products.ids
    uom_ids = [product.uom_id.id for product in products]
    cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, move_name, display_type, name,
                                           sequence, company_id, company_currency_id,
                                           currency_id, journal_id, account_id,
                                           partner_id, product_id, product_uom_id,
                                           quantity, price_unit, discount,
                                           price_subtotal, price_total,
                                           balance, debit, credit, amount_currency,
                                           amount_residual,
                                           amount_residual_currency,
                                           date, invoice_date, parent_state,
                                           create_uid, write_uid, create_date,
                                           write_date)
            SELECT move.id, move.name, 'product', NULL, 10 + k,
                   move.company_id, move.currency_id, move.currency_id,
                   move.journal_id, %(income)s, move.partner_id,
                   (%(products)s::int[])[product_index],
                   (%(uoms)s::int[])[product_index],
                   quantity, price, 0, quantity * price, quantity * price,
                   sign * quantity * price,
                   CASE WHEN sign > 0 THEN quantity * price ELSE 0 END,
                   CASE WHEN sign < 0 THEN quantity * price ELSE 0 END,
                   sign * quantity * price, 0, 0,
                   move.date, move.invoice_date, 'posted',
                   %(uid)s, %(uid)s, NOW(), NOW()
              FROM account_move move
              CROSS JOIN generate_series(1, %(per_move)s) AS k
              CROSS JOIN LATERAL (
                    SELECT 1 + MOD(move.id * k, 20) AS quantity,
                           (1 + MOD(move.id * k, %(product_count)s))::int
                               AS product_index,
                           50 + MOD(move.id + k * 13, 200) AS price,
                           CASE WHEN move.move_type = 'out_refund' THEN 1 ELSE -1 END
                               AS sign
                   ) AS amounts
             WHERE move.id > %(first_move)s
            """,
            income=income.id,
            products=product_ids,
            uoms=uom_ids,
            product_count=len(product_ids),
            per_move=LINES_PER_MOVE,
            uid=SUPERUSER_ID,
            first_move=first_move,
        )
    )
    # the receivable line that balances each move, and the move's totals
    cr.execute(
        SQL(
            """
            INSERT INTO account_move_line (move_id, move_name, display_type, name,
                                           sequence, company_id, company_currency_id,
                                           currency_id, journal_id, account_id,
                                           partner_id, quantity, price_unit,
                                           balance, debit, credit, amount_currency,
                                           amount_residual,
                                           amount_residual_currency,
                                           date, date_maturity, invoice_date,
                                           parent_state, create_uid, write_uid,
                                           create_date, write_date)
            SELECT move.id, move.name, 'payment_term', move.name, 1000,
                   move.company_id, move.currency_id, move.currency_id,
                   move.journal_id, %(receivable)s, move.partner_id, 1, 0,
                   -totals.balance,
                   GREATEST(-totals.balance, 0), GREATEST(totals.balance, 0),
                   -totals.balance, -totals.balance, -totals.balance,
                   move.date, move.date, move.invoice_date, 'posted',
                   %(uid)s, %(uid)s, NOW(), NOW()
              FROM account_move move
              JOIN (
                    SELECT move_id, SUM(balance) AS balance
                      FROM account_move_line
                     WHERE move_id > %(first_move)s
                  GROUP BY move_id
                   ) AS totals ON totals.move_id = move.id
            """,
            receivable=receivable.id,
            uid=SUPERUSER_ID,
            first_move=first_move,
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE account_move move
               SET amount_untaxed = totals.untaxed,
                   amount_total = totals.untaxed,
                   amount_residual = totals.untaxed,
                   amount_untaxed_signed = totals.signed,
                   amount_total_signed = totals.signed,
                   amount_residual_signed = totals.signed,
                   amount_total_in_currency_signed = totals.signed
              FROM (
                    SELECT move_id, SUM(price_subtotal) AS untaxed,
                           SUM(-balance) AS signed
                      FROM account_move_line
                     WHERE move_id > %(first_move)s AND display_type = 'product'
                  GROUP BY move_id
                   ) AS totals
             WHERE totals.move_id = move.id
            """,
            first_move=first_move,
        )
    )
    cr.execute("ANALYZE account_move")
    cr.execute("ANALYZE account_move_line")
    return moves


def insert_visits(env, company, user_ids, customer_ids, year):
    cr = env.cr
    count = len(user_ids) * VISITS_PER_MONTH * 12
    cr.execute(
        SQL(
            """
            INSERT INTO trade_visit (name, company_id, partner_id,
                                     commercial_partner_id, user_id, visit_type,
                                     date_planned, date_done, purpose, summary,
                                     state, customer_rating, create_uid, write_uid,
                                     create_date, write_date)
            SELECT 'BENCH-VISIT-' || g, %(company)s, partner, partner,
                   (%(users)s::int[])[(1 + MOD(g, %(user_count)s))::int], 'on_site',
                   done, done, 'Bench visit', 'Bench visit', 'done',
                   (1 + MOD(g * 7, 5))::text, %(uid)s, %(uid)s, NOW(), NOW()
              FROM (
                    SELECT g,
                           %(start)s::timestamp + MOD(g * 37, 364) * INTERVAL '1 day'
                               + INTERVAL '9 hours' AS done,
                           (%(customers)s::int[])[
                               (1 + MOD(g * 13, %(customer_count)s))::int
                           ] AS partner
                      FROM generate_series(1::bigint, %(count)s::bigint) AS g
                   ) AS source
            """,
            company=company.id,
            users=list(user_ids),
            user_count=len(user_ids),
            uid=SUPERUSER_ID,
            start=date(year, 1, 1),
            customers=list(customer_ids),
            customer_count=len(customer_ids),
            count=count,
        )
    )
    return count


def create_targets(env, period, employees):
    codes = {
        "sales_amount": 90000.0,
        "profit": 30000.0,
        "new_customers": 5,
        "satisfaction": 4.0,
    }
    env["trade.appraisal.target"].create(
        [
            {
                "period_id": period.id,
                "employee_id": employee.id,
                "indicator_id": env.ref(f"trade_appraisal.indicator_{code}").id,
                "target": target,
            }
            for employee in employees
            for code, target in codes.items()
        ]
    )


def run(args):
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    registry = Registry(args.database)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            company = env.company
            company.partner_id.tz = "UTC"
            # only the bench's salespeople are appraised
            env["hr.employee"].search([("trade_appraisal_enabled", "=", True)]).write(
                {"trade_appraisal_enabled": False}
            )
            started = time.perf_counter()
            users, employees = create_salespeople(env, args.salespeople)
            customer_ids = insert_customers(env, args.customers)
            products = create_products(env, 100)
            env.flush_all()
            moves = insert_invoices(
                env, company, users.ids, customer_ids, products, args.lines, args.year
            )
            visits = insert_visits(env, company, users.ids, customer_ids, args.year)
            Period = env["trade.appraisal.period"]
            month = Period.create(
                {"period_type": "monthly", "date_start": date(args.year, args.month, 1)}
            )
            year = Period.create(
                {"period_type": "annual", "date_start": date(args.year, 1, 1)}
            )
            create_targets(env, month, employees)
            env.flush_all()
            env.invalidate_all()
            cr.execute(
                "SELECT COUNT(*) FROM account_move_line WHERE display_type = 'product'"
            )
            product_lines = cr.fetchone()[0]
            print(
                f"generated {len(users)} salespeople, {len(customer_ids)} customers, "
                f"{moves} invoices and credit notes with {args.lines} product lines "
                f"({product_lines} product lines in the database), {visits} visits "
                f"in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            size = len(users)
            with measure(env, f"actuals of {size} salespeople, one month", results):
                month._compute_actuals(users)
            with measure(
                env, f"generate {size} monthly scorecards, first run", results
            ):
                month.action_generate_scorecards()
            with measure(
                env, f"generate {size} monthly scorecards, second run", results
            ):
                month.action_generate_scorecards()
            cards = month.scorecard_ids
            with measure(env, f"HR's Data Checked on {len(cards)} scorecards", results):
                cards.action_collect()
            with measure(
                env, f"generate {size} annual scorecards (whole year)", results
            ):
                year.action_generate_scorecards()
            sample = cards[:1]
            print(
                f"sample: {sample.name}: sales {sample.line_ids[0].actual:,.2f}, "
                f"total {sample.total_score}, grade {sample.grade}",
                flush=True,
            )
        finally:
            if args.keep_data:
                cr.commit()
            else:
                cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--salespeople", type=int, default=200)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--year", type=int, default=2031)
    parser.add_argument("--month", type=int, default=6)
    parser.add_argument("--addons-path", default=default_addons_path())
    parser.add_argument(
        "--keep-data",
        action="store_true",
        help="commit the generated data instead of rolling it back (only on a "
        "throw-away copy of a database, to study the query plans)",
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
