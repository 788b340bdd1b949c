"""Benchmark of the order tracking refresh (stages and delays) of open orders.

Clones, with SQL, a confirmed demo order (its line and its delivery) into N
open orders (default 20,000): a third are bought to order (a purchase line,
half of them received), delivery transfers in every state, a few passed
inspections. Then it times the scheduled action that recomputes every open
order's stage, expected shipping date and delay (`_cron_trade_refresh_tracking`):
its first run, which moves every order to its stage, and a second run with
nothing to change; and prints wall time and SQL query counts. Everything is
rolled back at the end.

It needs a database with `trade_business_dept` and its demo data (the demo
database of `bash scripts/serve.sh`, or one kept by
`TRADE_KEEP_DB=1 bash scripts/test.sh`)::

    python bench/bench_order_tracking.py -d trade_demo [--orders 20000]
"""

import argparse
import time
from contextlib import contextmanager

from benchlib import default_addons_path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL


@contextmanager
def measure(env, label):
    env.flush_all()
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    yield
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries_before
    print(f"{label:<52} {elapsed:8.2f} s {queries:8d} queries", flush=True)


def columns(cr, table):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall()]


def clone(cr, table, source, count, overrides):
    """Insert ``count`` copies of the row ``source`` of ``table``.

    ``overrides`` maps a column to an SQL expression that may use ``g`` (the
    copy's number, 1..count) and ``src`` (the source row).
    """
    names = columns(cr, table)
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s AS src "
            "CROSS JOIN generate_series(1, %s) AS g WHERE src.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                overrides.get(name, SQL.identifier("src", name)) for name in names
            ),
            SQL.identifier(table),
            count,
            source,
        )
    )


def generate(env, count):
    cr = env.cr
    order = env.ref("trade_business_dept.sale_order_hongda_demo")
    line = order.order_line[:1]
    delivery = order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")[
        :1
    ]
    purchase_line = env["purchase.order.line"].search([], limit=1)
    inspector = env.ref("base.user_admin")
    env.flush_all()
    started = time.perf_counter()
    bench_order = SQL("(SELECT id FROM sale_order WHERE name = 'BENCH/' || g)")
    clone(
        cr,
        "sale_order",
        order.id,
        count,
        {
            "name": SQL("'BENCH/' || g"),
            "trade_stage_id": SQL("NULL"),
            "trade_stage_manual_id": SQL("NULL"),
            "trade_contract_id": SQL("NULL"),
            "procurement_group_id": SQL("NULL"),
            "commitment_date": SQL("now() + (mod(g, 60) - 10) * interval '1 day'"),
            "trade_expected_ship_date": SQL("NULL"),
            "trade_delay_days": SQL("0"),
            "trade_is_delayed": SQL("false"),
        },
    )
    cr.execute(SQL("CREATE INDEX bench_so_name ON sale_order (name)"))
    clone(
        cr,
        "sale_order_line",
        line.id,
        count,
        {"order_id": bench_order},
    )
    clone(
        cr,
        "stock_picking",
        delivery.id,
        count,
        {
            "name": SQL("'BENCH/OUT/' || g"),
            "sale_id": bench_order,
            "state": SQL(
                "(ARRAY['confirmed', 'assigned', 'assigned', 'done'])[mod(g, 4) + 1]"
            ),
            "scheduled_date": SQL("now() + mod(g, 50) * interval '1 day'"),
            "date_done": SQL("CASE WHEN mod(g, 4) = 3 THEN now() ELSE NULL END"),
        },
    )
    if purchase_line:
        clone(
            cr,
            "purchase_order_line",
            purchase_line.id,
            count // 3,
            {
                "sale_line_id": SQL(
                    "(SELECT sol.id FROM sale_order_line sol JOIN sale_order so "
                    "ON so.id = sol.order_id WHERE so.name = 'BENCH/' || (g * 3))"
                ),
                "product_qty": SQL("10"),
                "qty_received": SQL("CASE WHEN mod(g, 2) = 0 THEN 10 ELSE 0 END"),
                "date_planned": SQL("now() + mod(g, 70) * interval '1 day'"),
            },
        )
    cr.execute(
        SQL(
            """
            INSERT INTO trade_order_inspection
                   (name, order_id, company_id, inspector_id, date, result, state,
                    create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/INSP/' || so.id, so.id, so.company_id, %s, now(), 'pass',
                   'done', 1, 1, now(), now()
              FROM sale_order so
             WHERE so.name LIKE %s AND mod(so.id, 7) = 0
            """,
            inspector.id,
            "BENCH/%",
        )
    )
    cr.execute(SQL("ANALYZE"))
    print(
        f"generated {count} open orders in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument("--addons-path", default=default_addons_path())
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            generate(env, args.orders)
            Order = env["sale.order"]
            open_orders = Order.search_count([("state", "=", "sale")])
            print(f"{open_orders} open orders in the database", flush=True)
            with measure(env, "scheduled refresh, first run (every order moves)"):
                Order._cron_trade_refresh_tracking()
            with measure(env, "scheduled refresh, second run (nothing changes)"):
                Order._cron_trade_refresh_tracking()
            stages = Order._read_group(
                [("name", "like", "BENCH/")], ["trade_stage_id"], ["__count"]
            )
            print(
                "stages: "
                + ", ".join(f"{stage.code} {count}" for stage, count in stages),
                flush=True,
            )
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
