"""Uninstall the addons from a database and check that they leave nothing
behind and that Odoo still sells, delivers, invoices and gets paid.

Used by scripts/run_tests.py at the end of a full run (the test database is
dropped afterwards); can also be run alone on a database you can lose:

    .venv/bin/python scripts/check_uninstall.py --db <db> --addons-path <odoo's folders>

The addons are uninstalled one by one in reverse order of dependency
(trade_appraisal, trade_risk, trade_business_dept) as an admin would from
*Apps*. What they had created is listed first: the tables of their models,
the columns of their fields on Odoo's tables, their menus and scheduled
actions, and every PostgreSQL table, view, trigger, function and index whose
name starts with ``trade_``. After the uninstall none of it may remain. Odoo
keeps the addons' demo records of its own models that other records use (a
customer with invoices), as it does for any addon: they are only printed.
Then, as the administrator, a quotation for a stored product is confirmed, its
delivery validated, its invoice posted and paid in full (rolled back).

The last line printed is ``RESULTS <json>``: a list of [name, ok, detail].
"""

import argparse
import json
import sys

ADDONS = ("trade_appraisal", "trade_risk", "trade_business_dept")

PG_OBJECTS = {
    "table or view": """
        SELECT c.relname FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p')
           AND c.relname LIKE 'trade\\_%%'
    """,
    "index": """
        SELECT indexname FROM pg_indexes
         WHERE schemaname = current_schema() AND indexname LIKE 'trade\\_%%'
    """,
    "trigger": """
        SELECT tgname FROM pg_trigger
         WHERE NOT tgisinternal AND tgname LIKE 'trade\\_%%'
    """,
    "function": """
        SELECT p.proname FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = current_schema() AND p.proname LIKE 'trade\\_%%'
    """,
}


def odoo_env(db):
    import odoo  # noqa: PLC0415 - after parse_config, in the worker process

    registry = odoo.modules.registry.Registry(db)
    return registry


def snapshot(env):
    """What the addons created: {kind: sorted list of names}."""
    cr = env.cr
    data = env["ir.model.data"].search([("module", "in", ADDONS)])
    by_model = {}
    for row in data:
        by_model.setdefault(row.model, []).append(row.res_id)
    models = env["ir.model"].browse(by_model.get("ir.model", []))
    field_ids = by_model.get("ir.model.fields", [])
    shared = env["ir.model.data"].search(
        [
            ("model", "=", "ir.model.fields"),
            ("res_id", "in", field_ids),
            ("module", "not in", ADDONS),
        ]
    )
    # fields of Odoo that an addon only redefines (credit_limit, ...) stay
    fields = env["ir.model.fields"].browse(
        set(field_ids) - set(shared.mapped("res_id"))
    )
    found = {
        "model table": sorted(
            env[model.model]._table
            for model in models
            if model.model in env
            and env[model.model]._original_module in ADDONS
            and env[model.model]._auto
            and not env[model.model]._abstract
        ),
        "column": sorted(
            f"{env[field.model]._table}.{field.name}"
            for field in fields
            if field.store
            and field.model in env
            and field.ttype not in ("one2many", "many2many")
            and env[field.model]._auto
            and not env[field.model]._abstract
            and env[field.model]._original_module not in ADDONS
        ),
        "menu": sorted(map(str, by_model.get("ir.ui.menu", []))),
        "scheduled action": sorted(map(str, by_model.get("ir.cron", []))),
    }
    for kind, query in PG_OBJECTS.items():
        cr.execute(query)
        found[kind] = sorted(name for (name,) in cr.fetchall())
    return found


def leftovers(cr, before):
    """What of ``before`` still exists."""
    left = {}
    for kind, query in PG_OBJECTS.items():
        cr.execute(query)
        left[kind] = sorted(name for (name,) in cr.fetchall())
    cr.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_schema = current_schema() AND table_name = ANY(%s)",
        [before["model table"]],
    )
    left["model table"] = sorted(name for (name,) in cr.fetchall())
    cr.execute(
        "SELECT table_name || '.' || column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
        " AND table_name || '.' || column_name = ANY(%s)",
        [before["column"]],
    )
    left["column"] = sorted(name for (name,) in cr.fetchall())
    for kind, table in (("menu", "ir_ui_menu"), ("scheduled action", "ir_cron")):
        cr.execute(
            f"SELECT id::text FROM {table} WHERE id = ANY(%s::int[])",  # noqa: S608
            [before[kind] or []],
        )
        left[kind] = sorted(name for (name,) in cr.fetchall())
    return {kind: names for kind, names in left.items() if names}


def kept_records(cr):
    """Demo records of Odoo's models that Odoo keeps because other records use
    them (a customer with invoices, an employee with payslips...)."""
    cr.execute(
        "SELECT model, count(*) FROM ir_model_data"
        " WHERE module = ANY(%s) GROUP BY model",
        [list(ADDONS)],
    )
    return ", ".join(f"{count} {model}" for model, count in sorted(cr.fetchall()))


def uninstall(db, name):
    import odoo  # noqa: PLC0415

    with odoo_env(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        module = env["ir.module.module"].search([("name", "=", name)])
        if module.state != "installed":
            return False, f"{name} is {module.state or 'unknown'} before the uninstall"
        module.button_immediate_uninstall()
    with odoo_env(db).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        state = env["ir.module.module"].search([("name", "=", name)]).state
    return state == "uninstalled", f"{name}: {state}"


def odoo_still_sells(db):
    """Quotation, confirmation, delivery, invoice and payment as the admin."""
    import odoo  # noqa: PLC0415
    from odoo import Command  # noqa: PLC0415

    registry = odoo_env(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env = env(user=env.ref("base.user_admin"))
        try:
            partner = env["res.partner"].create({"name": "After Uninstall Ltd"})
            product = env["product.product"].create(
                {
                    "name": "After Uninstall Widget",
                    "type": "consu",
                    "is_storable": True,
                    "list_price": 100.0,
                    "invoice_policy": "delivery",
                }
            )
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 3})
                    ],
                }
            )
            order.action_confirm()
            picking = order.picking_ids
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
            picking.button_validate()
            invoice = order._create_invoices()
            invoice.action_post()
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
            states = (order.state, picking.state, invoice.state, invoice.payment_state)
            ok = states[:3] == ("sale", "done", "posted") and states[3] in (
                "paid",
                "in_payment",
            )
            detail = "order {}, delivery {}, invoice {} and {}".format(*states)
        except Exception as exc:  # noqa: BLE001 - reported as a failed check
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        finally:
            cr.rollback()
    return ok, detail


def check(db):
    import odoo  # noqa: PLC0415

    results = []
    with odoo_env(db).cursor() as cr:
        before = snapshot(odoo.api.Environment(cr, odoo.SUPERUSER_ID, {}))
    counts = ", ".join(f"{len(v)} {k}(s)" for k, v in before.items() if v)
    print(f"created by the addons: {counts}", flush=True)
    for name in ADDONS:
        try:
            ok, detail = uninstall(db, name)
        except Exception as exc:  # noqa: BLE001 - reported as a failed check
            ok, detail = False, f"{name}: {type(exc).__name__}: {exc}"
        results.append((f"uninstall {name}", ok, detail))
        if not ok:
            return results
    with odoo_env(db).cursor() as cr:
        left = leftovers(cr, before)
        kept = kept_records(cr)
    if kept:
        print(f"records kept by Odoo because they are in use: {kept}", flush=True)
    detail = "; ".join(
        f"{kind}: {', '.join(names[:10])}" for kind, names in left.items()
    )
    results.append(("uninstall: nothing left behind", not left, detail or counts))
    results.append(("uninstall: Odoo still sells", *odoo_still_sells(db)))
    return results


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-option", action="append", default=[])
    args = parser.parse_args(argv)
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        ["-d", args.db, f"--addons-path={args.addons_path}", *args.db_option]
    )
    results = check(args.db)
    for name, ok, detail in results:
        print(f"{name}: {'passed' if ok else 'FAILED'} ({detail})", flush=True)
    print("RESULTS " + json.dumps(results))
    return 0 if all(ok for _name, ok, _detail in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
