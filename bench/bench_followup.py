"""Benchmark of the customer follow-up computation and its scheduled action.

Generates with SQL N customers (default 10,000; ``--customers 100000``) with
random tiers and salespeople, two completed visits for 60% of them and a
completed call (the "activity done" message Odoo keeps) for 40%, in the last
120 days, then times:

- reading the contact dates of a tenth of the customers and of all of them
  (``_trade_read_contact_dates``),
- the daily scheduled action (``_cron_trade_followup``) on its first run,
  which refreshes every customer's contact dates and creates the follow-up
  activities, and on its second run, which finds nothing new to do.

The job runs as Odoo's cron runs it: called again and again until it reports
nothing left, each batch committed by the job (one transaction per batch);
the script prints the number of batches, the time per batch (min, median,
max) and the total, and exits non-zero when a batch takes more than 10 s or
a run more than 10 s per 10,000 customers.

It COMMITS: run it on a throw-away copy of a database where
``trade_business_dept`` is installed (``createdb -T <db> bench_db``), which
keeps the generated customers::

    python bench/bench_followup.py -d bench_db [--customers 100000]
"""

import argparse
import sys
import time

from benchlib import (
    clone_per_row,
    default_addons_path,
    job_targets_missed,
    measure,
    run_job,
)

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

JOB = ("trade_business_dept.ir_cron_trade_followup", "_cron_trade_followup")


def generate(env, count):
    """Insert ``count`` customers with their history; return their ids."""
    cr = env.cr
    started = time.perf_counter()
    source = env["res.partner"].search([("trade_customer_tier", "!=", False)], limit=1)
    visit = env["trade.visit"].search([("state", "=", "done")], limit=1)
    users = env["res.users"].search([("share", "=", False)], limit=20).ids
    days = env.company._trade_followup_days_by_tier()
    env.flush_all()
    clone_per_row(
        cr,
        "res_partner",
        source.id,
        SQL(
            "SELECT g, (ARRAY['key', 'regular', 'prospect'])[mod(g, 3) + 1] AS tier, "
            "(%s)[mod(g * 7, %s) + 1] AS user_id, "
            "now() - (mod(g * 13, 150) + 1) * interval '1 day' AS created "
            "FROM generate_series(1, %s) AS g",
            users,
            len(users),
            count,
        ),
        {
            "name": SQL("'BENCHC/' || r.g"),
            "complete_name": SQL("'BENCHC/' || r.g"),
            "email": SQL("NULL"),
            "ref": SQL("NULL"),
            "parent_id": SQL("NULL"),
            "is_company": SQL("true"),
            "user_id": SQL("r.user_id"),
            "trade_customer_tier": SQL("r.tier"),
            "trade_followup_interval": SQL(
                "CASE r.tier WHEN 'key' THEN %s WHEN 'regular' THEN %s ELSE %s END",
                days.get("key", 14),
                days.get("regular", 30),
                days.get("prospect", 60),
            ),
            "trade_last_contact_date": SQL("NULL"),
            "trade_first_order_date": SQL("NULL"),
            "trade_is_converted": SQL("false"),
            "trade_followup_run": SQL("NULL"),
            "trade_collection_step": SQL("NULL"),
            "trade_collection_date": SQL("NULL"),
            "create_date": SQL("r.created"),
            "write_date": SQL("r.created"),
            "trade_next_followup_date": SQL(
                "(r.created::date) + CASE r.tier WHEN 'key' THEN %s "
                "WHEN 'regular' THEN %s ELSE %s END",
                days.get("key", 14),
                days.get("regular", 30),
                days.get("prospect", 60),
            ),
        },
        alias="r",
    )
    cr.execute(
        SQL(
            "UPDATE res_partner SET commercial_partner_id = id WHERE name LIKE %s",
            "BENCHC/%",
        )
    )
    cr.execute(
        SQL("SELECT id, user_id FROM res_partner WHERE name LIKE %s", "BENCHC/%")
    )
    partners = cr.fetchall()
    # two completed visits for 60% of the customers, in the last 120 days
    clone_per_row(
        cr,
        "trade_visit",
        visit.id,
        SQL(
            "SELECT p.id AS partner_id, p.user_id, now() - "
            "(mod(p.id * 31 + v, 120) + 1) * interval '1 day' AS done "
            "FROM res_partner p CROSS JOIN generate_series(1, 2) AS v "
            "WHERE p.name LIKE %s AND mod(p.id, 10) < 6",
            "BENCHC/%",
        ),
        {
            "name": SQL("'BENCHV/' || r.partner_id || '/' || r.done"),
            "partner_id": SQL("r.partner_id"),
            "user_id": SQL("r.user_id"),
            "state": SQL("'done'"),
            "date_planned": SQL("r.done - interval '1 hour'"),
            "date_done": SQL("r.done"),
        },
        alias="r",
    )
    cr.execute(SQL("SELECT count(*) FROM trade_visit WHERE name LIKE %s", "BENCHV/%"))
    visits = cr.fetchone()[0]
    # a completed call for 40% of the customers: the message Odoo posts
    cr.execute(
        SQL(
            "INSERT INTO mail_message (model, res_id, message_type, "
            "mail_activity_type_id, body, date, create_date, write_date, "
            "create_uid, write_uid) "
            "SELECT 'res.partner', p.id, 'notification', %s, '<p>Call done</p>', "
            "now() - (mod(p.id * 17, 120) + 1) * interval '1 day', now(), now(), 1, 1 "
            "FROM res_partner p WHERE p.name LIKE %s AND mod(p.id, 10) >= 6",
            env.ref("mail.mail_activity_data_call").id,
            "BENCHC/%",
        )
    )
    cr.execute(SQL("ANALYZE res_partner, trade_visit, mail_message"))
    env.invalidate_all()
    print(
        f"generated {len(partners)} customers, {visits} visits "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return [partner_id for partner_id, _user in partners]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument(
        "--batch-size",
        type=int,
        help="customers per batch (default: the system parameter, else 500)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        help="stop a run after this time (its figures are then partial)",
    )
    parser.add_argument("--addons-path", default=default_addons_path())
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    # the total scales with the customers from 10 s for 10,000
    total_target = 10.0 * args.customers / 10000
    registry = odoo.modules.registry.Registry(args.database)
    missed = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        partner_ids = generate(env, args.customers)
        cr.commit()
        Partner = env["res.partner"]
        for size in (len(partner_ids) // 10, len(partner_ids)):
            with measure(env, f"contact dates of {size} customers", width=58):
                Partner._trade_read_contact_dates(partner_ids[:size])
        tiered = Partner.search_count([("trade_customer_tier", "!=", False)])
        print(f"{tiered} customers with a tier in the database", flush=True)
        for label in ("first run", "second run"):
            times, total, left = run_job(
                env,
                *JOB,
                f"scheduled action, {label}",
                args.batch_size,
                args.max_seconds,
            )
            missed += job_targets_missed(
                label, times, total, total_target, left, "customers"
            )
            if left:
                break
            if label == "first run":
                overdue = Partner.search_count([("trade_followup_overdue", "=", True)])
                cr.execute(
                    SQL(
                        "SELECT count(*) FROM mail_activity "
                        "WHERE activity_type_id = %s",
                        env.ref(
                            "trade_business_dept.mail_activity_type_trade_followup"
                        ).id,
                    )
                )
                print(
                    f"{overdue} customers overdue, {cr.fetchone()[0]} follow-up "
                    "activities",
                    flush=True,
                )
    for line in missed:
        print(f"TARGET MISSED: {line}", flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
