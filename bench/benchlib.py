"""What the benchmarks share."""

import os
import statistics
import time
from contextlib import contextmanager

import odoo
from odoo.tools import SQL

#: no batch of a scheduled job may take longer (seconds)
BATCH_TARGET = 10.0

#: the ageing's amount per bucket (trade.receivable.ageing), total last
AGEING_AMOUNTS = (
    "amount_not_due",
    "amount_1_30",
    "amount_31_60",
    "amount_61_90",
    "amount_over_90",
    "amount_total",
)


def default_addons_path():
    """Odoo's own addons folder and this repository."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    odoo_addons = os.path.join(
        os.path.dirname(os.path.dirname(odoo.__file__)), "addons"
    )
    return ",".join(path for path in (odoo_addons, repo) if os.path.isdir(path))


@contextmanager
def measure(env, label, width=52):
    """Print the wall time and the SQL queries of the block, the ORM's
    pending writes included."""
    env.flush_all()
    env.invalidate_all()
    queries_before = env.cr.sql_log_count
    started = time.perf_counter()
    yield
    env.flush_all()
    elapsed = time.perf_counter() - started
    queries = env.cr.sql_log_count - queries_before
    print(f"{label:<{width}} {elapsed:8.2f} s {queries:8d} queries", flush=True)


def table_columns(cr, table):
    """The columns of ``table`` but its id, in their order."""
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name != 'id' ORDER BY ordinal_position",
            table,
        )
    )
    return [name for (name,) in cr.fetchall()]


def _insert_copies(cr, table, source, copies, overrides):
    names = table_columns(cr, table)
    cr.execute(
        SQL(
            "INSERT INTO %s (%s) SELECT %s FROM %s AS src CROSS JOIN %s "
            "WHERE src.id = %s",
            SQL.identifier(table),
            SQL(", ").join(SQL.identifier(name) for name in names),
            SQL(", ").join(
                overrides.get(name, SQL.identifier("src", name)) for name in names
            ),
            SQL.identifier(table),
            copies,
            source,
        )
    )
    return cr.rowcount


def clone_per_row(cr, table, source, rows, overrides, alias="g"):
    """Insert a copy of the row ``source`` of ``table`` per row of the query
    ``rows`` (aliased ``alias``); ``overrides`` maps a column to an SQL
    expression of ``src`` (the source row) and the alias. Return the number
    of rows inserted."""
    return _insert_copies(
        cr,
        table,
        source,
        SQL("(%s) AS %s", rows, SQL.identifier(alias)),
        overrides,
    )


def clone_times(cr, table, source, count, overrides):
    """Insert ``count`` copies of the row ``source`` of ``table``;
    ``overrides`` maps a column to an SQL expression of ``g`` (the copy's
    number, 1..count) and ``src`` (the source row)."""
    return _insert_copies(
        cr, table, source, SQL("generate_series(1, %s) AS g", count), overrides
    )


def run_job(env, xmlid, method, label, batch_size=None, max_seconds=None):
    """Run the scheduled job as Odoo's ``ir.cron._run_job`` does: a progress
    record per call, the job called until it reports nothing left, each batch
    committed by the job itself. Return the time of each batch (from the end
    of the previous batch's commit to the end of its own), the total and what
    is left when ``max_seconds`` stopped the run before its end."""
    cr = env.cr
    Cron = env["ir.cron"]
    cron_class = type(Cron)
    original = cron_class._trade_batch_done
    ends = []

    def timed_batch_done(self, done, remaining):
        result = original(self, done, remaining)
        ends.append(time.perf_counter())
        return result

    cron_class._trade_batch_done = timed_batch_done
    times = []
    calls = 0
    started = time.perf_counter()
    try:
        while True:
            cron, progress = env.ref(xmlid)._add_progress()
            cr.commit()
            call_started = time.perf_counter()
            del ends[:]
            kwargs = {"batch_size": batch_size} if batch_size else {}
            getattr(cron.env[cron.model_id.model], method)(**kwargs)
            env.flush_all()
            cr.commit()
            calls += 1
            previous = call_started
            for end in ends:
                times.append(end - previous)
                previous = end
            if not progress.remaining:
                break
            if max_seconds and time.perf_counter() - started > max_seconds:
                break
    finally:
        cron_class._trade_batch_done = original
    total = time.perf_counter() - started
    ordered = sorted(times)
    left = progress.remaining
    print(
        f"{label}: {len(times)} batches in {calls} calls, total {total:.2f} s, "
        f"per batch min {ordered[0]:.2f} s, median {statistics.median(ordered):.2f} s, "
        f"max {ordered[-1]:.2f} s"
        + (f", STOPPED after {max_seconds} s with {left} left" if left else ""),
        flush=True,
    )
    return times, total, left


def job_targets_missed(label, times, total, total_target, left, records):
    """What a run of a batched job (``run_job``) missed of its targets: a
    batch over ``BATCH_TARGET``, the total over ``total_target``, ``left``
    ``records`` not done."""
    missed = []
    if max(times) > BATCH_TARGET:
        missed.append(f"{label}: a batch took {max(times):.2f} s > {BATCH_TARGET} s")
    if total > total_target:
        missed.append(f"{label}: {total:.2f} s > {total_target:.2f} s")
    if left:
        missed.append(f"{label}: stopped with {left} {records} left")
    return missed
