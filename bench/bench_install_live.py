"""Benchmark of installing the three addons into an Odoo that already runs a
business (issue 17.3).

Starting from a database where Odoo's apps that the addons extend are
installed *with Odoo's demo data* (crm, sale_management, sale_crm,
sale_stock, sale_purchase_stock, stock_delivery, purchase, account, hr,
sale_margin, and project, calendar and portal_rating that
``trade_business_dept`` depends on too), without the three addons, it:

1. copies it into a throw-away database (``createdb -T``);
2. generates with SQL a live business on plain Odoo (no column of the
   addons is written): C customers (default 10,000), N sales orders (default
   20,000) cloned from a confirmed demo order, two lines each: 70 % confirmed
   and open with their delivery waiting, ready or done, 15 % done (locked,
   delivered and invoiced), 10 % cancelled with their delivery, 5 %
   quotations; one open order in three bought to order (a purchase order
   with its line linked to the sales line, half of them received); and L
   receivable journal items (default 1,000,000) of posted customer invoices
   of ten instalments with their income lines, payments and the partial and
   full reconciliations (``account.partial.reconcile``) that leave 80 % of
   the instalments open, with the generator of ``bench_trade_risk.py``; then
   ``VACUUM ANALYZE``;
3. takes a snapshot of every existing document: counts by state of the
   sales orders (and invoice status, lock), deliveries, stock moves,
   purchases, journal entries (and payment states), and checksums of
   ``(id, state, …, amount_residual)`` of each of them and of the journal
   items;
4. times ``odoo -i trade_business_dept,trade_risk,trade_appraisal
   --stop-after-init --without-demo=all`` and prints the time of each
   module and the longest steps read from the log's timestamps;
5. checks: every open (confirmed) order has its tracking stage, the running
   totals of trade_risk (``trade_risk_receivable_total``) equal the open
   items they sum, the snapshot is unchanged, no ERROR or CRITICAL line in
   the log.

Target: the installation in under 2 minutes with 1,000,000 journal items.
The exit status is non-zero when the target is missed or a check fails.

Odoo's demo data is used because the generated orders, deliveries and
purchases are clones of a confirmed demo order, its delivery and a demo
purchase line (products, warehouse, locations, picking types and taxes come
with them). The addons are installed without their own demo data, as an
admin installs them on a live database.

Usage::

    # once: the base database (about 6 minutes)
    createdb live_base
    python3 -m odoo -d live_base --stop-after-init -i crm,sale_management,\\
sale_crm,sale_stock,sale_purchase_stock,stock_delivery,purchase,account,hr,\\
sale_margin,project,calendar,portal_rating
    # each run (keeps the throw-away copy: --drop removes it at the end)
    python bench/bench_install_live.py --template live_base -d live_bench \\
        [-c odoo.conf] [--orders 20000] [--lines 1000000] [--customers 10000]
"""

import argparse
import os
import re
import subprocess
import sys
import time
from datetime import datetime

from bench_trade_risk import insert_customers, insert_invoices, insert_payments
from benchlib import clone_per_row, default_addons_path, run_job

import odoo
from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

ADDONS = "trade_business_dept,trade_risk,trade_appraisal"
TARGET = 120.0
RECEIVABLE_TOTALS = "trade_risk_receivable_total"

#: what is compared before and after the installation, on the rows that
#: existed before it: (label, table, columns counted by, columns checksummed)
SNAPSHOT = (
    (
        "sale orders",
        "sale_order",
        "state, locked, invoice_status",
        "state, locked, invoice_status, amount_total, partner_id, user_id, "
        "team_id, date_order, commitment_date",
    ),
    (
        "sale order lines",
        "sale_order_line",
        "state, invoice_status",
        "product_uom_qty, qty_delivered, qty_invoiced, qty_to_invoice, "
        "invoice_status, price_subtotal",
    ),
    (
        "deliveries",
        "stock_picking",
        "state",
        "state, scheduled_date, date_deadline, date_done, sale_id",
    ),
    (
        "stock moves",
        "stock_move",
        "state",
        "state, product_uom_qty, quantity, picking_id, sale_line_id, date",
    ),
    (
        "purchases",
        "purchase_order",
        "state, receipt_status",
        "state, receipt_status, amount_total, date_planned",
    ),
    (
        "purchase lines",
        "purchase_order_line",
        None,
        "product_qty, qty_received, sale_line_id, date_planned",
    ),
    (
        "journal entries",
        "account_move",
        "move_type, state, payment_state",
        "state, payment_state, amount_total, amount_residual",
    ),
    (
        "journal items",
        "account_move_line",
        "parent_state, reconciled",
        "parent_state, balance, amount_residual, reconciled, partner_id, "
        "account_id, date_maturity, full_reconcile_id",
    ),
    (
        "reconciliations",
        "account_partial_reconcile",
        None,
        "debit_move_id, credit_move_id, amount, max_date",
    ),
    ("payments", "account_payment", "state", "state, amount, move_id"),
)

#: per order g (1..N): the order's kind by g % 20
ORDER_KINDS = """
    CASE
        WHEN MOD(g, 20) < 14 THEN 'open'
        WHEN MOD(g, 20) < 17 THEN 'done'
        WHEN MOD(g, 20) < 19 THEN 'cancel'
        ELSE 'quotation'
    END
"""


def log(message):
    print(message, flush=True)


def demo_sources(env):
    """A confirmed demo order of one storable product line with one
    outgoing delivery of one move, and a demo purchase line."""
    cr = env.cr
    cr.execute(
        """
        SELECT so.id, MIN(sol.id), MIN(sp.id), MIN(sm.id)
          FROM sale_order so
          JOIN sale_order_line sol ON sol.order_id = so.id
          JOIN stock_picking sp ON sp.sale_id = so.id
          JOIN stock_move sm ON sm.picking_id = sp.id AND sm.sale_line_id = sol.id
         WHERE so.state = 'sale' AND sol.display_type IS NULL
      GROUP BY so.id
        HAVING COUNT(DISTINCT sol.id) = 1 AND COUNT(DISTINCT sp.id) = 1
           AND COUNT(DISTINCT sm.id) = 1
      ORDER BY so.id
         LIMIT 1
        """
    )
    order = cr.fetchone()
    if not order:
        sys.exit("no confirmed demo order with one line and one delivery")
    cr.execute(
        """
        SELECT pol.id, pol.order_id FROM purchase_order_line pol
          JOIN purchase_order po ON po.id = pol.order_id
         WHERE po.state = 'purchase' AND pol.display_type IS NULL
      ORDER BY pol.id LIMIT 1
        """
    )
    purchase = cr.fetchone()
    if not purchase:
        sys.exit("no confirmed demo purchase order")
    return order, purchase


def generate_orders(env, count, customer_ids, user_ids):
    """The sales orders, their lines, deliveries, stock moves and purchases."""
    cr = env.cr
    (order, line, picking, move), (purchase_line, purchase) = demo_sources(env)
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE live_order AS
            SELECT g, %(kind)s AS kind,
                   (%(customers)s::int[])[(1 + MOD(g * 7, %(customer_count)s))::int]
                       AS partner_id,
                   (%(users)s::int[])[(1 + MOD(g * 11, %(user_count)s))::int]
                       AS user_id,
                   NULL::int AS id
              FROM generate_series(1, %(count)s) AS g
            """,
            kind=SQL(ORDER_KINDS),
            customers=list(customer_ids),
            customer_count=len(customer_ids),
            users=list(user_ids),
            user_count=len(user_ids),
            count=count,
        )
    )
    state = SQL(
        "CASE g.kind WHEN 'cancel' THEN 'cancel' WHEN 'quotation' THEN "
        "(ARRAY['draft', 'sent'])[MOD(g.g, 2) + 1] ELSE 'sale' END"
    )
    clone_per_row(
        cr,
        "sale_order",
        order,
        SQL("SELECT * FROM live_order"),
        {
            "name": SQL("'LIVE/SO/' || LPAD(g.g::text, 6, '0')"),
            "state": state,
            "locked": SQL("g.kind = 'done'"),
            "invoice_status": SQL(
                "CASE g.kind WHEN 'done' THEN 'invoiced' WHEN 'open' THEN "
                "(ARRAY['no', 'no', 'no', 'to invoice'])[MOD(g.g / 20, 4) + 1] "
                "ELSE 'no' END"
            ),
            "partner_id": SQL("g.partner_id"),
            "partner_invoice_id": SQL("g.partner_id"),
            "partner_shipping_id": SQL("g.partner_id"),
            "user_id": SQL("g.user_id"),
            "procurement_group_id": SQL("NULL"),
            "date_order": SQL("NOW() - MOD(g.g, 120) * INTERVAL '1 day'"),
            "commitment_date": SQL("NOW() + (MOD(g.g, 60) - 10) * INTERVAL '1 day'"),
            "client_order_ref": SQL("NULL"),
            "origin": SQL("NULL"),
            "opportunity_id": SQL("NULL"),
        },
    )
    cr.execute(
        """
        UPDATE live_order SET id = so.id FROM sale_order so
         WHERE so.name = 'LIVE/SO/' || LPAD(live_order.g::text, 6, '0')
        """
    )
    cr.execute("CREATE UNIQUE INDEX ON live_order (g)")
    cr.execute("ANALYZE live_order")
    # two lines per order; an open order's goods delivered when its delivery
    # is done (one in four), a done order's delivered and invoiced
    cr.execute("CREATE TEMP TABLE live_line (g int, k int, kind text, id int)")
    clone_per_row(
        cr,
        "sale_order_line",
        line,
        SQL("SELECT o.*, k FROM live_order o CROSS JOIN generate_series(1, 2) AS k"),
        {
            "order_id": SQL("g.id"),
            "order_partner_id": SQL("g.partner_id"),
            "salesman_id": SQL("g.user_id"),
            "state": state,
            "sequence": SQL("10 * g.k"),
            "product_uom_qty": SQL("src.product_uom_qty * g.k"),
            "price_subtotal": SQL("src.price_subtotal * g.k"),
            "price_tax": SQL("src.price_tax * g.k"),
            "price_total": SQL("src.price_total * g.k"),
            "untaxed_amount_to_invoice": SQL(
                "CASE WHEN g.kind = 'open' AND MOD(g.g / 20, 4) = 3 "
                "THEN src.price_subtotal * g.k ELSE 0 END"
            ),
            "untaxed_amount_invoiced": SQL(
                "CASE WHEN g.kind = 'done' THEN src.price_subtotal * g.k ELSE 0 END"
            ),
            "qty_delivered": SQL(
                "CASE WHEN g.kind = 'done' OR (g.kind = 'open' "
                "AND MOD(g.g / 20, 4) = 3) THEN src.product_uom_qty * g.k "
                "ELSE 0 END"
            ),
            "qty_invoiced": SQL(
                "CASE WHEN g.kind = 'done' THEN src.product_uom_qty * g.k ELSE 0 END"
            ),
            "qty_to_invoice": SQL(
                "CASE WHEN g.kind = 'open' AND MOD(g.g / 20, 4) = 3 "
                "THEN src.product_uom_qty * g.k ELSE 0 END"
            ),
            "invoice_status": SQL(
                "CASE g.kind WHEN 'done' THEN 'invoiced' WHEN 'open' THEN "
                "(ARRAY['no', 'no', 'no', 'to invoice'])[MOD(g.g / 20, 4) + 1] "
                "ELSE 'no' END"
            ),
        },
    )
    cr.execute(
        """
        INSERT INTO live_line (g, k, kind, id)
        SELECT o.g, sol.sequence / 10, o.kind, sol.id
          FROM live_order o JOIN sale_order_line sol ON sol.order_id = o.id
        """
    )
    cr.execute("CREATE UNIQUE INDEX ON live_line (g, k)")
    cr.execute("ANALYZE live_line")
    cr.execute(
        """
        UPDATE sale_order so
           SET amount_untaxed = t.untaxed, amount_tax = t.tax,
               amount_total = t.total
          FROM (SELECT order_id, SUM(price_subtotal) AS untaxed,
                       SUM(price_tax) AS tax, SUM(price_total) AS total
                  FROM sale_order_line sol JOIN live_order o ON o.id = sol.order_id
              GROUP BY order_id) AS t
         WHERE t.order_id = so.id
        """
    )
    # deliveries of the confirmed and the cancelled orders
    picking_state = SQL(
        "CASE g.kind WHEN 'done' THEN 'done' WHEN 'cancel' THEN 'cancel' ELSE "
        "(ARRAY['waiting', 'confirmed', 'assigned', 'done'])[MOD(g.g / 20, 4) + 1] "
        "END"
    )
    pickings = clone_per_row(
        cr,
        "stock_picking",
        picking,
        SQL("SELECT * FROM live_order WHERE kind != 'quotation'"),
        {
            "name": SQL("'LIVE/OUT/' || LPAD(g.g::text, 6, '0')"),
            "origin": SQL("'LIVE/SO/' || LPAD(g.g::text, 6, '0')"),
            "sale_id": SQL("g.id"),
            "partner_id": SQL("g.partner_id"),
            "user_id": SQL("g.user_id"),
            "group_id": SQL("NULL"),
            "backorder_id": SQL("NULL"),
            "state": picking_state,
            "scheduled_date": SQL("NOW() + MOD(g.g, 50) * INTERVAL '1 day'"),
            "date_deadline": SQL("NULL"),
            "date_done": SQL(
                "CASE WHEN %s = 'done' THEN NOW() - MOD(g.g, 30) * "
                "INTERVAL '1 day' END",
                picking_state,
            ),
        },
    )
    cr.execute(
        """
        CREATE TEMP TABLE live_picking AS
        SELECT o.g, sp.id, sp.state FROM live_order o
          JOIN stock_picking sp ON sp.sale_id = o.id
        """
    )
    cr.execute("CREATE UNIQUE INDEX ON live_picking (g)")
    cr.execute("ANALYZE live_picking")
    moves = clone_per_row(
        cr,
        "stock_move",
        move,
        SQL(
            "SELECT l.*, p.id AS picking, p.state AS picking_state, "
            "o.partner_id FROM live_line l JOIN live_picking p ON p.g = l.g "
            "JOIN live_order o ON o.g = l.g"
        ),
        {
            "picking_id": SQL("g.picking"),
            "sale_line_id": SQL("g.id"),
            "partner_id": SQL("g.partner_id"),
            "group_id": SQL("NULL"),
            "origin": SQL("'LIVE/SO/' || LPAD(g.g::text, 6, '0')"),
            "reference": SQL("'LIVE/OUT/' || LPAD(g.g::text, 6, '0')"),
            "state": SQL("g.picking_state"),
            "product_uom_qty": SQL("src.product_uom_qty * g.k"),
            "product_qty": SQL("src.product_qty * g.k"),
            "quantity": SQL(
                "CASE WHEN g.picking_state IN ('assigned', 'done') "
                "THEN src.product_uom_qty * g.k ELSE 0 END"
            ),
            "picked": SQL("g.picking_state = 'done'"),
            "date": SQL("NOW() - MOD(g.g, 30) * INTERVAL '1 day'"),
        },
    )
    # one open order in three bought to order: a purchase order of one line
    # linked to the order's first line, half of them received
    cr.execute(
        """
        CREATE TEMP TABLE live_purchase AS
        SELECT o.g, l.id AS sale_line, NULL::int AS id FROM live_order o
          JOIN live_line l ON l.g = o.g AND l.k = 1
         WHERE o.kind = 'open' AND MOD(o.g, 3) = 0
        """
    )
    purchases = clone_per_row(
        cr,
        "purchase_order",
        purchase,
        SQL("SELECT * FROM live_purchase"),
        {
            "name": SQL("'LIVE/PO/' || LPAD(g.g::text, 6, '0')"),
            "origin": SQL("'LIVE/SO/' || LPAD(g.g::text, 6, '0')"),
            "group_id": SQL("NULL"),
            "date_order": SQL("NOW() - MOD(g.g, 60) * INTERVAL '1 day'"),
            "date_planned": SQL("NOW() + MOD(g.g, 70) * INTERVAL '1 day'"),
            "receipt_status": SQL(
                "CASE WHEN MOD(g.g / 3, 2) = 0 THEN 'full' ELSE 'pending' END"
            ),
        },
    )
    cr.execute(
        """
        UPDATE live_purchase SET id = po.id FROM purchase_order po
         WHERE po.name = 'LIVE/PO/' || LPAD(live_purchase.g::text, 6, '0')
        """
    )
    clone_per_row(
        cr,
        "purchase_order_line",
        purchase_line,
        SQL("SELECT * FROM live_purchase"),
        {
            "order_id": SQL("g.id"),
            "sale_line_id": SQL("g.sale_line"),
            "sale_order_id": SQL(
                "(SELECT order_id FROM sale_order_line WHERE id = g.sale_line)"
            ),
            "product_qty": SQL("10"),
            "product_uom_qty": SQL("10"),
            "qty_received": SQL("CASE WHEN MOD(g.g / 3, 2) = 0 THEN 10 ELSE 0 END"),
            "date_planned": SQL("NOW() + MOD(g.g, 70) * INTERVAL '1 day'"),
        },
    )
    return pickings, moves, purchases


def generate(env, args):
    cr = env.cr
    company = env.company
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
        "today": fields.Date.context_today(env["res.partner"]),
        "sale_journal": sale_journal.id,
        "bank_journal": bank_journal.id,
        "income": sale_journal.default_account_id.id,
        "bank": bank_journal.default_account_id.id,
        "receivable": receivable.id,
    }
    user_ids = env["res.users"].search([("share", "=", False)], limit=20).ids
    customer_ids = insert_customers(env, args.customers, user_ids)
    cr.execute("ANALYZE res_partner")
    pickings, moves, purchases = generate_orders(
        env, args.orders, customer_ids, user_ids
    )
    log(
        f"generated {args.customers} customers, {args.orders} sales orders with "
        f"{2 * args.orders} lines, {pickings} deliveries with {moves} stock moves, "
        f"{purchases} purchase orders in {time.perf_counter() - started:.1f} s"
    )
    started = time.perf_counter()
    cr.execute("SELECT COALESCE(MAX(id), 0) FROM account_move_line")
    first_line = cr.fetchone()[0]
    invoices = insert_invoices(
        env, accounts, [("LIVE/INV/", customer_ids, args.lines)], user_ids, []
    )
    partials = insert_payments(env, accounts, first_line)
    cr.execute(
        SQL(
            """
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE display_type = 'payment_term'),
                   COUNT(*) FILTER (WHERE display_type = 'payment_term'
                                      AND reconciled IS NOT TRUE)
              FROM account_move_line WHERE id > %s
            """,
            first_line,
        )
    )
    items, receivable_items, open_items = cr.fetchone()
    log(
        f"generated {invoices} posted invoices, {items} journal items "
        f"({receivable_items} receivable, {open_items} open), "
        f"{partials} partial reconciliations in "
        f"{time.perf_counter() - started:.1f} s"
    )


def snapshot(cr, last_ids=None):
    """``{label: (counts, checksum)}`` of the rows whose id is at most the
    table's in ``last_ids`` (the last ids before the installation, read when
    not given), and the last ids."""
    if last_ids is None:
        last_ids = {}
        for _label, table, _group, _columns in SNAPSHOT:
            cr.execute(
                SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table))
            )
            last_ids[table] = cr.fetchone()[0]
    result = {}
    for label, table, group, checked in SNAPSHOT:
        counts = []
        if group:
            cr.execute(
                SQL(
                    "SELECT %(group)s, COUNT(*) FROM %(table)s WHERE id <= %(last)s "
                    "GROUP BY %(group)s ORDER BY %(group)s",
                    group=SQL(group),
                    table=SQL.identifier(table),
                    last=last_ids[table],
                )
            )
            counts = cr.fetchall()
        cr.execute(
            SQL(
                "SELECT COUNT(*), md5(string_agg(concat_ws('|', id, %(columns)s), "
                "',' ORDER BY id)) FROM %(table)s WHERE id <= %(last)s",
                columns=SQL(checked),
                table=SQL.identifier(table),
                last=last_ids[table],
            )
        )
        result[label] = (counts, cr.fetchone())
    return result, last_ids


def odoo_command(args, extra):
    command = [sys.executable, "-m", "odoo"]
    if args.config:
        command += ["-c", args.config]
    command += [
        "-d",
        args.database,
        f"--addons-path={args.addons_path}",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--no-http",
    ]
    return command + extra


LOG_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \d+ (\w+) (\S+) ([\w.]+): (.*)$"
)


def read_log(path):
    """``[(datetime, level, logger, message)]`` of the log's lines."""
    entries = []
    with open(path, encoding="utf-8", errors="replace") as file:
        for line in file:
            match = LOG_LINE.match(line.rstrip("\n"))
            if match:
                stamp = datetime.strptime(match.group(1), "%Y-%m-%d %H:%M:%S,%f")
                entries.append((stamp, match.group(2), match.group(4), match.group(5)))
    return entries


def breakdown(entries, top=8):
    """The time of each module and the longest gaps between log lines (what
    ran after the line before the gap)."""
    for _stamp, _level, logger, message in entries:
        if logger == "odoo.modules.loading" and re.match(
            r"Module trade_\w+ loaded in", message
        ):
            log(f"  {message}")
    gaps = sorted(
        (
            (later[0] - earlier[0]).total_seconds(),
            earlier[3][:110],
            earlier[0].strftime("%H:%M:%S"),
        )
        for earlier, later in zip(entries, entries[1:], strict=False)
    )[-top:]
    log("  longest steps (seconds after the log line):")
    for seconds, message, stamp in reversed(gaps):
        log(f"  {seconds:7.2f} s  {stamp}  {message}")


def install(args):
    log_path = os.path.abspath(args.log)
    command = odoo_command(
        args,
        [
            "-i",
            ADDONS,
            "--without-demo=all",
            "--log-level=info",
            f"--logfile={log_path}",
        ],
    )
    if os.path.exists(log_path):
        os.unlink(log_path)
    log(f"installing: {' '.join(command)}")
    started = time.perf_counter()
    result = subprocess.run(command, check=False)
    elapsed = time.perf_counter() - started
    return elapsed, result.returncode, read_log(log_path)


def check_stages(cr, failures, expect_all):
    """Every confirmed order in the department's scope has its stage (when
    ``expect_all``, every confirmed order); no order outside has one."""
    cr.execute(
        """
        SELECT COUNT(*),
               COUNT(*) FILTER (WHERE team.trade_business_dept IS TRUE
                                   OR company.trade_scope_all_orders IS TRUE),
               COUNT(*) FILTER (WHERE (team.trade_business_dept IS TRUE
                                       OR company.trade_scope_all_orders IS TRUE)
                                  AND so.trade_stage_id IS NULL),
               COUNT(*) FILTER (WHERE team.trade_business_dept IS NOT TRUE
                                  AND company.trade_scope_all_orders IS NOT TRUE
                                  AND so.trade_stage_id IS NOT NULL)
          FROM sale_order so
          JOIN res_company company ON company.id = so.company_id
          LEFT JOIN crm_team team ON team.id = so.team_id
         WHERE so.state = 'sale'
        """
    )
    confirmed, in_scope, without_stage, outside_with_stage = cr.fetchone()
    cr.execute(
        """
        SELECT stage.code, COUNT(*) FROM sale_order so
          JOIN trade_order_stage stage ON stage.id = so.trade_stage_id
         WHERE so.state = 'sale' GROUP BY 1 ORDER BY 2 DESC
        """
    )
    stages = ", ".join(f"{code} {count}" for code, count in cr.fetchall())
    log(
        f"tracking stages: {confirmed} confirmed orders, {in_scope} in the "
        f"department's scope, {without_stage} of them without a stage, "
        f"{outside_with_stage} outside with one ({stages or 'no stage'})"
    )
    if without_stage or outside_with_stage:
        failures.append(
            f"{without_stage} orders of the department without a stage, "
            f"{outside_with_stage} outside with one"
        )
    if expect_all and in_scope != confirmed:
        failures.append(f"{confirmed - in_scope} confirmed orders not in scope")


def check_totals(cr, failures):
    """The running totals of trade_risk equal the open items they sum."""
    cr.execute(
        SQL(
            """
            WITH items AS (
                SELECT line.partner_id, line.company_id, line.account_id,
                       COALESCE(line.date_maturity, line.date) AS date_due,
                       COALESCE(move.invoice_user_id, 0) AS user_id,
                       SUM(line.amount_residual) AS amount_residual,
                       SUM(GREATEST(line.amount_residual, 0)) AS amount_positive,
                       COUNT(*) AS line_count
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.reconciled IS NOT TRUE AND line.parent_state = 'posted'
                   AND line.amount_residual != 0 AND line.partner_id IS NOT NULL
                   AND line.account_id IS NOT NULL
              GROUP BY 1, 2, 3, 4, 5
            ), totals AS (
                SELECT * FROM %(table)s
                 WHERE line_count != 0 OR amount_residual != 0
                    OR amount_positive != 0
            )
            SELECT (SELECT COUNT(*) FROM totals),
                   (SELECT SUM(line_count) FROM totals),
                   (SELECT SUM(amount_residual) FROM totals),
                   COUNT(*) FILTER (
                       WHERE items.amount_residual
                                 IS DISTINCT FROM totals.amount_residual
                          OR items.amount_positive
                                 IS DISTINCT FROM totals.amount_positive
                          OR items.line_count IS DISTINCT FROM totals.line_count
                   )
              FROM items FULL JOIN totals
                   USING (partner_id, company_id, account_id, date_due, user_id)
            """,
            table=SQL.identifier(RECEIVABLE_TOTALS),
        )
    )
    rows, items, residual, differ = cr.fetchone()
    log(
        f"running totals: {rows} rows (partner, account, due date, salesperson) "
        f"for {items} "
        f"open items, residual {residual or 0:,.2f}; {differ} differ from the "
        "items"
    )
    if differ or not rows:
        failures.append(f"{differ} running totals differ from the open items")


def check_snapshot(cr, failures, before, last_ids, when):
    after, _last_ids = snapshot(cr, last_ids)
    changed = [label for label in before if before[label] != after[label]]
    for label in changed:
        log(f"CHANGED {label}: {before[label]} -> {after[label]}")
    log(
        f"existing documents {when}: {len(before) - len(changed)} of "
        f"{len(before)} snapshots unchanged"
    )
    if changed:
        failures.append(f"changed {when}: {', '.join(changed)}")


def enter_scope(args, failures, before, last_ids):
    """What the admin does next: mark the teams of the confirmed orders as
    the business department; time the tracking job that gives their orders
    a stage, and check."""
    registry = Registry.new(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        teams = env["sale.order"].search([("state", "=", "sale")]).team_id
        teams.write({"trade_business_dept": True})
        env.flush_all()
        cr.commit()
        log(
            f"teams {', '.join(teams.mapped('name'))} marked as the business department"
        )
        # as Odoo's cron runs it: called again until nothing is left, a
        # transaction per batch
        __, elapsed, __ = run_job(
            env,
            "trade_business_dept.ir_cron_trade_order_tracking",
            "_cron_trade_refresh_tracking",
            "tracking job",
        )
        check_stages(cr, failures, expect_all=True)
        check_snapshot(cr, failures, before, last_ids, "after the tracking job")
    return elapsed


def database_exists(name):
    with odoo.sql_db.db_connect("postgres").cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def generate_business(args):
    """Generate the live business, vacuum and analyze it; keep a copy in
    ``--generated`` when given."""
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tz": "UTC"})
        cr.execute(
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            "AND name LIKE 'trade\\_%'"
        )
        if cr.fetchall():
            sys.exit(f"{args.template} has addons of this project installed")
        generate(env, args)
    started = time.perf_counter()
    db = odoo.sql_db.db_connect(args.database)
    with db.cursor() as cr:
        cr._cnx.autocommit = True
        cr.execute(
            "VACUUM ANALYZE sale_order, sale_order_line, stock_picking, "
            "stock_move, purchase_order, purchase_order_line, res_partner, "
            "account_move, account_move_line, account_partial_reconcile"
        )
        cr._cnx.autocommit = False
    log(
        f"vacuum analyze of the generated data in {time.perf_counter() - started:.1f} s"
    )
    if args.generated:
        Registry.delete(args.database)
        odoo.sql_db.close_db(args.database)
        subprocess.run(["createdb", "-T", args.database, args.generated], check=True)
        log(f"generated business kept in {args.generated}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", required=True, help="throw-away copy")
    parser.add_argument(
        "--template", required=True, help="database with Odoo's apps, no addons"
    )
    parser.add_argument("-c", "--config", help="Odoo configuration file")
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--addons-path", default=default_addons_path())
    parser.add_argument("--log", default="bench_install_live.log")
    parser.add_argument(
        "--generated",
        help="database keeping the generated business: copied instead of "
        "generating again when it exists, created after the generation "
        "otherwise",
    )
    parser.add_argument("--drop", action="store_true", help="drop the copy at the end")
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="stop after generating (with --generated: to keep it for later runs)",
    )
    args = parser.parse_args()
    config_args = ["-d", args.database, "--log-level=warn"]
    if args.config:
        config_args = ["-c", args.config, *config_args]
    odoo.tools.config.parse_config([*config_args, f"--addons-path={args.addons_path}"])
    subprocess.run(["dropdb", "--if-exists", args.database], check=True)
    if args.generated and database_exists(args.generated):
        log(f"the live business generated earlier: a copy of {args.generated}")
        subprocess.run(["createdb", "-T", args.generated, args.database], check=True)
    else:
        subprocess.run(["createdb", "-T", args.template, args.database], check=True)
        generate_business(args)
        if args.generate_only:
            return
    db = odoo.sql_db.db_connect(args.database)
    with db.cursor() as cr:
        # a production database: Odoo installs a new module's demo data on a
        # database with demo data whatever --without-demo says
        cr.execute("UPDATE ir_module_module SET demo = FALSE")
        before, last_ids = snapshot(cr)
    for label in ("sale orders", "deliveries", "journal entries"):
        log(
            f"{label} by state: "
            + "; ".join(
                " ".join(str(value) for value in row) for row in before[label][0]
            )
        )
    log(f"journal items: {before['journal items'][1][0]}")
    elapsed, returncode, entries = install(args)
    log(f"install of {ADDONS}: {elapsed:.1f} s (exit status {returncode})")
    breakdown(entries)
    failures = []
    if returncode:
        failures.append(f"odoo exited with status {returncode}")
    errors = [entry for entry in entries if entry[1] in ("ERROR", "CRITICAL")]
    for _stamp, level, logger, message in errors[:10]:
        log(f"{level} {logger}: {message[:200]}")
    if errors:
        failures.append(f"{len(errors)} ERROR/CRITICAL lines in the log")
    warnings = [entry for entry in entries if entry[1] == "WARNING"]
    log(f"log: {len(errors)} errors, {len(warnings)} warnings")
    for _stamp, _level, logger, message in warnings[:10]:
        log(f"  WARNING {logger}: {message[:160]}")
    if elapsed > TARGET:
        failures.append(f"install took {elapsed:.1f} s (target {TARGET:.0f} s)")
    odoo.sql_db.close_db(args.database)
    db = odoo.sql_db.db_connect(args.database)
    with db.cursor() as cr:
        check_stages(cr, failures, expect_all=False)
        check_totals(cr, failures)
        check_snapshot(cr, failures, before, last_ids, "after the installation")
    if not returncode:
        enter_scope(args, failures, before, last_ids)
    if args.drop:
        odoo.sql_db.close_all()
        subprocess.run(["dropdb", args.database], check=True)
    if failures:
        for failure in failures:
            log(f"FAILED: {failure}")
        sys.exit(1)
    log("target met, checks passed")


if __name__ == "__main__":
    main()
