"""Benchmark of the order tracking refresh (stages and delays) of open orders.

Clones, with SQL, a confirmed demo order (its line and its delivery) into N
open orders (default 20,000): a third are bought to order (a purchase line,
half of them received), delivery transfers in every state, a few passed
inspections. Then it times the scheduled action that recomputes every open
order's stage, expected shipping date and delay (`_cron_trade_refresh_tracking`):
its first run, which moves every order to its stage, and a second run with
nothing to change. The job runs as Odoo's cron runs it: called again and
again until it reports nothing left, each batch committed by the job (one
transaction per batch, as in production); the script prints the number of
batches, the time per batch (min, median, max) and the total, and exits
non-zero when a batch takes more than 10 s or a run more than 30 s per 20,000
orders.

It COMMITS: run it on a throw-away copy of a database with the demo data
(``createdb -T <demo db> bench_db``), which keeps the generated orders.

It needs a database with `trade_business_dept` and its demo data (the demo
database of `bash scripts/serve.sh`, or one kept by
`TRADE_KEEP_DB=1 bash scripts/test.sh`)::

    python bench/bench_order_tracking.py -d bench_db [--orders 200000]
"""

import argparse
import sys
import time

from benchlib import clone_times, default_addons_path, job_targets_missed, run_job

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import SQL


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
    clone_times(
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
    clone_times(
        cr,
        "sale_order_line",
        line.id,
        count,
        {"order_id": bench_order},
    )
    clone_times(
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
        clone_times(
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


def reset(env):
    """Undo what the job did to the generated orders (stages, their
    history, the activities it created, the run marks): the next run is a
    first run again, as after the generation."""
    cr = env.cr
    bench_orders = SQL("(SELECT id FROM sale_order WHERE name LIKE 'BENCH/%%')")
    cr.execute(
        SQL(
            """
            DELETE FROM mail_activity
             WHERE res_model = 'sale.order' AND res_id IN %(orders)s;
            DELETE FROM trade_order_stage_log WHERE order_id IN %(orders)s;
            UPDATE sale_order
               SET trade_stage_id = NULL, trade_tracking_run = 0,
                   trade_expected_ship_date = NULL, trade_delay_days = 0,
                   trade_is_delayed = false
             WHERE id IN %(orders)s;
            """,
            orders=bench_orders,
        )
    )
    env["ir.config_parameter"].set_param(
        "trade_business_dept.cron.order_tracking.run",
        f"{env['ir.cron']._trade_run_number('order_tracking')} done",
    )
    cr.execute(SQL("ANALYZE sale_order, mail_activity, trade_order_stage_log"))
    cr.commit()
    print("stages, history, activities and run marks of the generated orders cleared")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--orders", type=int, default=20000)
    parser.add_argument(
        "--batch-size",
        type=int,
        help="orders per batch (default: the system parameter, else 500)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        help="stop a run after this time (its figures are then partial)",
    )
    parser.add_argument(
        "--skip-generate",
        action="store_true",
        help="run the job on the orders a previous (interrupted) run generated",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help="with --skip-generate: clear what an earlier run did to the "
        "generated orders first, to time a first run again",
    )
    parser.add_argument("--addons-path", default=default_addons_path())
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    # the total scales with the orders from 30 s for 20,000
    total_target = 30.0 * args.orders / 20000
    registry = Registry(args.database)
    missed = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        if not args.skip_generate:
            generate(env, args.orders)
            cr.commit()
        elif args.reset:
            reset(env)
        Order = env["sale.order"]
        open_orders = Order.search_count([("state", "=", "sale")])
        print(f"{open_orders} open orders in the database", flush=True)
        job = (
            "trade_business_dept.ir_cron_trade_order_tracking",
            "_cron_trade_refresh_tracking",
        )
        for label in ("first run (every order moves)", "second run (nothing changes)"):
            times, total, left = run_job(
                env,
                *job,
                f"scheduled refresh, {label}",
                args.batch_size,
                args.max_seconds,
            )
            missed += job_targets_missed(
                label, times, total, total_target, left, "orders"
            )
            if left:
                break
        stages = Order._read_group(
            [("name", "like", "BENCH/")], ["trade_stage_id"], ["__count"]
        )
        print(
            "stages: " + ", ".join(f"{stage.code} {count}" for stage, count in stages),
            flush=True,
        )
    for line in missed:
        print(f"TARGET MISSED: {line}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
