#!/usr/bin/env bash
# Command of the docker `odoo` service: on first start, creates the demo
# database with every addon of the repository (mounted at /mnt/extra-addons)
# and demo data, then runs Odoo on it.
set -euo pipefail

DB="${TRADE_DB:-trade_demo}"
ADDONS_ROOT=/mnt/extra-addons
CONF=/etc/odoo/odoo.conf

list_addons() {
    local dir names=()
    for dir in "$ADDONS_ROOT"/*/; do
        [ -f "$dir/__manifest__.py" ] && names+=("$(basename "$dir")")
    done
    local IFS=,
    echo "${names[*]}"
}

# Prints the addons not yet installed in the database (all when it is missing).
addons_to_install() {
    python3 - "$CONF" "$DB" "$1" <<'PY'
import configparser
import sys

import psycopg2

conf_file, db, addons = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
conf = configparser.ConfigParser()
conf.read(conf_file)
opts = conf["options"]
params = {
    "host": opts.get("db_host"),
    "port": opts.get("db_port"),
    "user": opts.get("db_user"),
    "password": opts.get("db_password"),
}
installed = set()
try:
    conn = psycopg2.connect(dbname=db, **params)
except psycopg2.OperationalError:
    conn = None  # no database yet
if conn:
    with conn.cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module')")
        if cr.fetchone()[0]:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed'"
            )
            installed = {name for (name,) in cr.fetchall()}
    conn.close()
print(",".join(a for a in addons if a and a not in installed))
PY
}

addons="$(list_addons)"
if [ -z "$addons" ]; then
    echo "no addon found in $ADDONS_ROOT" >&2
    exit 1
fi
missing="$(addons_to_install "$addons")"
if [ -n "$missing" ]; then
    echo "Creating/updating database $DB with $missing and demo data..."
    odoo -c "$CONF" -d "$DB" -i "$missing" --stop-after-init
fi
exec odoo -c "$CONF" -d "$DB" --db-filter="^${DB}\$" "$@"
