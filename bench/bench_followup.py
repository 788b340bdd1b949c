"""Benchmark of the customer follow-up computation and its scheduled action.

Generates N customers (default 10,000) with completed visits, completed
activities (the "activity done" messages Odoo keeps) and open follow-up
activities in a database where ``trade_business_dept`` is installed, then
times, for the whole population and for a tenth of it:

- reading the contact dates of every customer (``_trade_read_contact_dates``),
- the daily scheduled action (``_cron_trade_followup``) on its first run,
  which creates the follow-up activities, and on its second run, which finds
  nothing new to do,

and prints the wall time and the number of SQL queries of each. Everything is
rolled back at the end: the database is left as it was.

Usage (the test database kept by ``TRADE_KEEP_DB=1 bash scripts/test.sh`` or
the demo database of ``bash scripts/serve.sh`` will do)::

    python bench/bench_followup.py -d trade_demo [--customers 10000]
"""

import argparse
import random
import time
from contextlib import contextmanager
from datetime import datetime, timedelta

from benchlib import default_addons_path

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

TIERS = ("key", "regular", "prospect")
CHANNELS = ("market_research", "trade_show", "online", "referral", "other")
TODAY = datetime.now().replace(microsecond=0)


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
    print(f"{label:<58} {elapsed:8.2f} s {queries:8d} queries", flush=True)


def generate(env, count, rng):
    """Create ``count`` customers with their history; return the partners."""
    users = env["res.users"].search([("share", "=", False)], limit=20)
    started = time.perf_counter()
    partners = env["res.partner"]
    for offset in range(0, count, 2000):
        partners |= (
            env["res.partner"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "name": f"Bench customer {offset + index:05d}",
                        "is_company": True,
                        "user_id": rng.choice(users).id,
                        "trade_customer_tier": rng.choice(TIERS),
                        "trade_acquisition_channel": rng.choice(CHANNELS),
                    }
                    for index in range(min(2000, count - offset))
                ]
            )
        )
    env.flush_all()
    # two completed visits for 60% of the customers, in the last 120 days
    visit_values = []
    for partner in partners:
        if rng.random() < 0.6:
            for _visit in range(2):
                done = TODAY - timedelta(days=rng.randint(1, 120), hours=3)
                visit_values.append(
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "date_planned": done - timedelta(hours=1),
                        "purpose": "Benchmark visit",
                        "summary": "Benchmark",
                        "state": "done",
                        "date_done": done,
                    }
                )
    env["trade.visit"].with_context(tracking_disable=True).create(visit_values)
    # a completed call for 40% of the customers: the message Odoo posts
    call_type = env.ref("mail.mail_activity_data_call")
    env["mail.message"].create(
        [
            {
                "model": "res.partner",
                "res_id": partner.id,
                "message_type": "notification",
                "mail_activity_type_id": call_type.id,
                "body": "Call done",
                "date": TODAY - timedelta(days=rng.randint(1, 120)),
            }
            for partner in partners
            if rng.random() < 0.4
        ]
    )
    env.flush_all()
    print(
        f"generated {len(partners)} customers, {len(visit_values)} visits "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return partners


def run(database, count, seed, addons_path):
    odoo.tools.config.parse_config(
        ["-d", database, "--log-level=warn", f"--addons-path={addons_path}"]
    )
    registry = Registry(database)
    rng = random.Random(seed)
    results = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        try:
            partners = generate(env, count, rng)
            Partner = env["res.partner"]
            for size in (count // 10, count):
                sample = partners[:size]
                with measure(env, f"contact dates of {size} customers", results):
                    Partner._trade_read_contact_dates(sample.ids)
            with measure(env, f"refresh stored dates of {count} customers", results):
                partners._trade_refresh_contact_dates()
            overdue = Partner.search_count([("trade_followup_overdue", "=", True)])
            print(f"{overdue} customers overdue on {datetime.now():%Y-%m-%d}")
            for size in (count // 10, count):
                env["mail.activity"].search(
                    [
                        (
                            "activity_type_id",
                            "=",
                            env.ref(
                                "trade_business_dept.mail_activity_type_trade_followup"
                            ).id,
                        )
                    ]
                ).unlink()
                scoped = partners[:size]
                other = partners - scoped
                # take the rest out of the population for the smaller run
                other.with_context(tracking_disable=True).write({"active": False})
                with measure(
                    env, f"scheduled action, first run, {size} customers", results
                ):
                    Partner._cron_trade_followup()
                with measure(
                    env, f"scheduled action, second run, {size} customers", results
                ):
                    Partner._cron_trade_followup()
                other.with_context(tracking_disable=True).write({"active": True})
        finally:
            cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--customers", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--addons-path", default=default_addons_path())
    args = parser.parse_args()
    run(args.database, args.customers, args.seed, args.addons_path)


if __name__ == "__main__":
    main()
