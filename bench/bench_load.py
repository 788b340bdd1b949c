"""Load benchmark: simulated users of the department against Odoo in prefork mode.

Starts Odoo on 127.0.0.1 in prefork mode with 1, 2 and 4 HTTP workers in
turn (no cron worker: in production the scheduled jobs run on their own
nodes) on a benchmark database, and for each setting runs N simulated users
(default 8) for a bounded time (default 60 s) over JSON-RPC, as the demo
roles of the department through the web client's route
(``/web/dataset/call_kw`` with a session), each user doing its role's daily
mix with a short think time (uniform 0 to 1 s) between two operations:

- ``li.wei`` (salesperson): logs a completed visit, creates a quotation for
  a customer with credit room and confirms it (the credit check locks the
  customer's row), opens an after-sales ticket, loads the dashboard, reads a
  customer's credit figures;
- ``wang.min`` (manager): the dashboard, the receivables ageing, credit figures;
- ``sun.hao`` (credit manager): credit figures, the receivables ageing, the
  dashboard;
- ``chen.jing`` (merchandiser): after-sales tickets, the dashboard.

The dashboard is the OWL dashboard's server call
(``trade.dashboard.get_dashboard``); the credit figures are what the
customer's form reads (``trade_credit_exposure``, ``trade_credit_available``,
``trade_overdue_amount``, ``trade_uninvoiced_amount``); the
ageing is what the ageing menu does (a ``trade.receivable.ageing.report`` as
of today, ``action_open``, then the pivot's grouping of the ageing by customer
with the action's context, computed when read).

It prints, per worker setting, the throughput (operations per second) and
p50/p95 per operation, and the errors that reached a user (a fault or an HTTP
error answered to a call: serialisation failures that Odoo retried by itself
and then answered are not errors). The exit status is non-zero when any error
reached a user, when the server logged an error, or when a target is missed:
at 2 workers, p95 of every read (dashboard, credit figures, ageing) under
2 s and p95 of every write operation under 5 s.

The database: with ``--template`` (e.g. the demo database), it is created
as a copy of it and filled with volume by ``bench_trade_risk.py``'s SQL
generator (``--customers`` customers, default 2,000, sharing ``--lines``
open receivable lines, default 100,000, invoices over the last 240 days,
part paid), then vacuumed. Without ``--template`` the database must exist
(with the demo data: the demo users log in with their login as password).

Usage::

    python bench/bench_load.py -d bench_load --template trade_demo
        [--workers 1,2,4] [--users 8] [--duration 60] [--port 18140]

The figures are in bench/README.md.
"""

import argparse
import http.cookiejar
import itertools
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from argparse import Namespace
from datetime import datetime, timedelta
from pathlib import Path

from benchlib import AGEING_AMOUNTS, default_addons_path

REPO = Path(__file__).resolve().parent.parent
ODOO_SERVER = REPO / "scripts" / "odoo_server.py"

#: The simulated users cycle through these logins (the department's mix).
ROTATION = (
    "li.wei",
    "chen.jing",
    "sun.hao",
    "li.wei",
    "wang.min",
    "li.wei",
    "chen.jing",
    "sun.hao",
)
#: Each role's operations and their weights.
MIX = {
    "li.wei": {"visit": 3, "quotation": 3, "ticket": 1, "dashboard": 2, "credit": 1},
    "wang.min": {"dashboard": 3, "ageing": 1, "credit": 1},
    "sun.hao": {"credit": 3, "ageing": 2, "dashboard": 1},
    "chen.jing": {"ticket": 3, "dashboard": 2},
}
READS = ("dashboard", "credit", "ageing")
WRITES = ("visit", "quotation", "ticket")
#: The targets, checked at TARGET_WORKERS workers (seconds, p95).
TARGET_WORKERS = 2
READ_P95_TARGET = 2.0
WRITE_P95_TARGET = 5.0
CREDIT_FIELDS = [
    "trade_credit_exposure",
    "trade_credit_available",
    "trade_overdue_amount",
    "trade_uninvoiced_amount",
]
RPC_TIMEOUT = 300
RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[^\s:]+): ?(?P<message>.*)$"
)
#: The errors of a statement that Odoo's ``retrying`` runs again.
CONCURRENT_UPDATE_RE = re.compile(
    r"could not serialize access|deadlock detected|could not obtain lock"
)
_ids = itertools.count(1)


class CallError(Exception):
    """A fault or an HTTP error answered to a call: an error a user sees."""


class Client:
    """One user of the web client: a session (cookie) opened by
    ``/web/session/authenticate``, then ``/web/dataset/call_kw`` as the web
    client calls the server (the route on which Odoo serves ``@api.readonly``
    methods on a read-only cursor, from the replica when one is configured).
    The session is stored in the data directory the workers share: any worker
    serves any call."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login = url, db, login
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        info = self.post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        self.uid = info.get("uid")
        if not self.uid:
            raise CallError(f"Odoo refused the login {login!r}")

    def post(self, path, params):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(_ids),
        }
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        try:
            with self.opener.open(request, timeout=RPC_TIMEOUT) as response:
                answer = json.load(response)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise CallError(f"{path}: {exc}") from exc
        if answer.get("error"):
            data = answer["error"].get("data") or {}
            raise CallError(f"{data.get('name')}: {data.get('message')}")
        return answer["result"]

    def call(self, model, method, *args, **kw):
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kw},
        )


# --- the operations ------------------------------------------------------------


def op_visit(client, ctx, rng):
    visit_id = client.call(
        "trade.visit",
        "create",
        {"partner_id": rng.choice(ctx["own_customers"]), "purpose": "Load test visit"},
    )
    client.call(
        "trade.visit",
        "write",
        [visit_id],
        {"summary": "Discussed the next order", "next_step": "Send the offer"},
    )
    client.call("trade.visit", "action_done", [visit_id])


def op_quotation(client, ctx, rng):
    promised = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    order_id = client.call(
        "sale.order",
        "create",
        {
            "partner_id": rng.choice(ctx["own_customers"]),
            "commitment_date": promised,
            "trade_checked_specification": True,
            "trade_checked_quantity": True,
            "trade_checked_date": True,
            "trade_checked_price": True,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": ctx["product"],
                        "product_uom_qty": rng.randint(1, 5),
                        "price_unit": 100.0,
                        "tax_id": [(6, 0, [])],
                    },
                )
            ],
        },
    )
    client.call("sale.order", "action_confirm", [order_id])


def op_ticket(client, ctx, rng):
    client.call(
        "trade.service.ticket",
        "create",
        {
            "title": "Load test: cartons damaged",
            "ticket_type": "complaint",
            "urgency": "normal",
            "partner_id": rng.choice(ctx["own_customers"]),
        },
    )


def op_dashboard(client, _ctx, _rng):
    client.call("trade.dashboard", "get_dashboard")


def op_credit(client, ctx, rng):
    client.call(
        "res.partner", "read", [rng.choice(ctx["credit_customers"])], CREDIT_FIELDS
    )


def op_ageing(client, _ctx, _rng):
    """What the ageing menu does: the report as of today (a transient
    record), its action, then the pivot's grouping by customer of the ageing
    read when asked (Odoo's read-only ``read_group``)."""
    report = "trade.receivable.ageing.report"
    report_id = client.call(report, "create", {})
    action = client.call(report, "action_open", [report_id])
    client.call(
        "trade.receivable.ageing",
        "read_group",
        [],
        [f"{name}:sum" for name in AGEING_AMOUNTS],
        ["partner_id"],
        lazy=False,
        context=action["context"],
    )


OPERATIONS = {
    "visit": op_visit,
    "quotation": op_quotation,
    "ticket": op_ticket,
    "dashboard": op_dashboard,
    "credit": op_credit,
    "ageing": op_ageing,
}


# --- the database --------------------------------------------------------------


def prepare_database(args):
    """A copy of ``--template`` with volume (bench_trade_risk's generator)."""
    subprocess.run(["dropdb", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-T", args.template, args.database], check=True)
    import bench_trade_risk  # its generator, in this folder

    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-d", args.database, "--log-level=warn", f"--addons-path={args.addons_path}"]
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        bench_trade_risk.generate(
            env,
            Namespace(
                partners=args.customers,
                lines=args.lines,
                exposure_lines=args.lines // 10,
                small_lines=min(1000, args.lines // 10),
            ),
        )
        cr.commit()
        bench_trade_risk.vacuum(cr)


def setup(url, db):
    """Log the demo users in; a product; customers of the salesperson with
    credit room (set by the credit manager), whom the visits, quotations and
    tickets are for; the customers whose credit figures each role reads."""
    logins = sorted(set(ROTATION))
    clients = {login: Client(url, db, login, login) for login in logins}
    admin = Client(url, db, "admin", "admin")
    product = admin.call(
        "product.product",
        "create",
        {
            "name": f"Load test service {uuid.uuid4().hex[:6]}",
            "type": "service",
            "list_price": 100.0,
            "invoice_policy": "order",
            "description_sale": "Pre-shipment audit of one factory, report in English",
            "taxes_id": [(6, 0, [])],
        },
    )
    sales, credit = clients["li.wei"], clients["sun.hao"]
    own = []
    for index in range(8):
        customer_id = sales.call(
            "res.partner",
            "create",
            {
                "name": f"Load test customer {index} {uuid.uuid4().hex[:4]}",
                "is_company": True,
                "user_id": sales.uid,
            },
        )
        credit.call("res.partner", "write", [customer_id], {"credit_limit": 1e12})
        own.append(customer_id)
    ctx = {}
    for login, client in clients.items():
        readable = client.call(
            "res.partner",
            "search",
            [("name", "like", "Bench risk customer"), ("is_company", "=", True)],
            limit=200,
        )
        ctx[login] = {
            "product": product,
            "own_customers": own,
            "credit_customers": readable or own,
        }
    return ctx


# --- the server ------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(args, workers, log_path):
    port = args.port or free_port()
    gevent_port = args.gevent_port or free_port()
    cmd = [
        sys.executable,
        str(ODOO_SERVER),
        "-d",
        args.database,
        f"--db-filter=^{re.escape(args.database)}$",
        f"--addons-path={args.addons_path}",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--log-level=info",
    ]
    log = open(log_path, "w", encoding="utf-8")  # closed by stop_server
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.log = log
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"Odoo exited {proc.returncode}: see {log_path}")
        try:
            with urllib.request.urlopen(url + "/web/health", timeout=5) as response:
                if response.status == 200:
                    return proc, url
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(1)
    stop_server(proc)
    raise SystemExit(f"Odoo did not answer on {url}: see {log_path}")


def stop_server(proc):
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
            proc.wait(wait)
        except ProcessLookupError:
            break
        except subprocess.TimeoutExpired:
            continue
    proc.log.close()


def server_log_errors(path):
    """The ERROR and CRITICAL records of the server's log, and the number of
    statements that failed on a concurrent update and that Odoo ran again by
    itself (``odoo.sql_db`` logs them as a bad query, then
    ``odoo.service.model`` retries the whole request: not an error)."""
    errors, retried = [], 0
    records = []
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        match = RECORD_RE.match(line)
        if match:
            records.append([match, []])
        elif records:
            records[-1][1].append(line)
    for match, extra in records:
        if match["level"] not in ("ERROR", "CRITICAL"):
            continue
        text = "\n".join([match["message"], *extra])
        if match["logger"] == "odoo.sql_db" and CONCURRENT_UPDATE_RE.search(text):
            retried += 1
        else:
            errors.append(f"{match['logger']}: {match['message']}")
    return errors, retried


# --- the load ----------------------------------------------------------------------


def simulated_user(index, url, db, ctx, deadline, think, samples, errors):
    login = ROTATION[index % len(ROTATION)]
    rng = random.Random(index)
    mix = MIX[login]
    names, weights = list(mix), list(mix.values())
    client = Client(url, db, login, login)
    while time.monotonic() < deadline:
        name = rng.choices(names, weights)[0]
        started = time.monotonic()
        try:
            OPERATIONS[name](client, ctx[login], rng)
        except CallError as exc:
            errors.append((name, login, str(exc)[:300]))
        else:
            samples.append((name, time.monotonic() - started))
        time.sleep(rng.uniform(0, think))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def run_setting(args, workers, log_dir):
    log_path = log_dir / f"bench-load-{workers}-workers.log"
    proc, url = start_server(args, workers, log_path)
    try:
        ctx = setup(url, args.database)
        samples, errors = [], []
        deadline = time.monotonic() + args.duration
        started = time.monotonic()
        load_before = os.getloadavg()[0]
        threads = [
            threading.Thread(
                target=simulated_user,
                args=(
                    i,
                    url,
                    args.database,
                    ctx,
                    deadline,
                    args.think,
                    samples,
                    errors,
                ),
                daemon=True,
            )
            for i in range(args.users)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.duration + RPC_TIMEOUT)
        elapsed = time.monotonic() - started
        load = (load_before, os.getloadavg()[0])
    finally:
        stop_server(proc)
    log_errors, retried = server_log_errors(log_path)
    return samples, errors, elapsed, load, (log_errors, retried), log_path


def report(workers, samples, errors, elapsed, load, log):
    """Prints the figures of one setting; returns {operation: p95}."""
    log_errors, retried = log
    print(
        f"\n{workers} worker(s): {len(samples)} operations in {elapsed:.0f} s, "
        f"{len(samples) / elapsed:.1f} operations/s, {len(errors)} error(s) "
        f"reaching a user, {retried} statement(s) retried by Odoo on a "
        f"concurrent update, {len(log_errors)} error(s) in the server log; "
        f"machine load average {load[0]:.1f} before, {load[1]:.1f} after "
        f"({os.cpu_count()} CPUs)"
    )
    print(f"  {'operation':<12} {'count':>6} {'p50 s':>8} {'p95 s':>8}")
    p95 = {}
    for name in OPERATIONS:
        values = [seconds for op, seconds in samples if op == name]
        if not values:
            continue
        p95[name] = percentile(values, 0.95)
        print(
            f"  {name:<12} {len(values):>6} {statistics.median(values):>8.3f} "
            f"{p95[name]:>8.3f}"
        )
    for name, login, message in errors[:5]:
        print(f"  error in {name} as {login}: {message}")
    for line in log_errors[:5]:
        print(f"  server log: {line[:300]}")
    return p95


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--template", help="create the database as a copy of it")
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--gevent-port", type=int, default=0)
    parser.add_argument("--addons-path", default=default_addons_path())
    parser.add_argument("--log-dir", default=str(REPO / ".test-logs"))
    args = parser.parse_args()
    if not 1 <= args.users <= 64 or not 1 <= args.duration <= 3600:
        parser.error("--users from 1 to 64, --duration from 1 to 3600 s")
    settings = [int(value) for value in args.workers.split(",") if value]
    log_dir = Path(args.log_dir)
    log_dir.mkdir(parents=True, exist_ok=True)
    if args.template:
        started = time.monotonic()
        prepare_database(args)
        print(
            f"database {args.database} prepared in {time.monotonic() - started:.0f} s"
        )
    print(
        f"{args.users} simulated users, {args.duration:.0f} s per setting, "
        f"think time 0-{args.think:g} s, workers {settings}"
    )
    failures = []
    for workers in settings:
        samples, errors, elapsed, load, log, log_path = run_setting(
            args, workers, log_dir
        )
        p95 = report(workers, samples, errors, elapsed, load, log)
        log_errors = log[0]
        if errors:
            failures.append(
                f"{workers} worker(s): {len(errors)} error(s) reached a user"
            )
        if log_errors:
            failures.append(f"{workers} worker(s): errors in {log_path}")
        if workers == TARGET_WORKERS:
            for name, seconds in p95.items():
                target = READ_P95_TARGET if name in READS else WRITE_P95_TARGET
                if seconds >= target:
                    failures.append(
                        f"{name} at {workers} workers: "
                        f"p95 {seconds:.2f} s >= {target:g} s"
                    )
    for failure in failures:
        print(f"TARGET MISSED: {failure}", file=sys.stderr)
    if not failures:
        print("\nno error reached a user; targets met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
