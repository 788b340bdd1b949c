#!/usr/bin/env bash
# Runs Odoo on http://localhost:${PORT:-8069} with every addon of the repository
# installed, with demo data, in the database ${TRADE_DB:-trade_demo} (created
# on first run). Log in as admin / admin. Extra arguments go to Odoo.
#
# Usage: bash scripts/serve.sh [odoo options, e.g. --dev=xml]
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
trade_env_setup

DB="${TRADE_DB:-trade_demo}"
PORT="${PORT:-8069}"

# Prints the addons (comma-separated) not yet installed in the database.
addons_to_install() {
    "$TRADE_PY" - "$DB" "$1" <<'PY'
import sys

import psycopg2

db, addons = sys.argv[1], [a for a in sys.argv[2].split(",") if a]
conn = psycopg2.connect(dbname="postgres")
with conn.cursor() as cr:
    cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
    exists = cr.fetchone()
conn.close()
installed = set()
if exists:
    conn = psycopg2.connect(dbname=db)
    with conn.cursor() as cr:
        cr.execute("SELECT to_regclass('ir_module_module')")
        if cr.fetchone()[0]:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed'"
                " AND name = ANY(%s)",
                [addons],
            )
            installed = {name for (name,) in cr.fetchall()}
    conn.close()
print(",".join(a for a in addons if a not in installed))
PY
}

# Says what to install when the PDFs cannot print (README: "Printing PDFs").
check_pdf_tools() {
    if ! command -v wkhtmltopdf >/dev/null 2>&1; then
        echo "NOTE: wkhtmltopdf is missing: documents print as HTML, not PDF" \
            "(Debian: apt-get install wkhtmltopdf fonts-noto-cjk)." >&2
    elif ! fc-list : family 2>/dev/null | grep -c "Noto Sans CJK SC" >/dev/null; then
        echo "NOTE: the Chinese fonts are missing: Chinese text is left out of" \
            "the PDFs (Debian: apt-get install fonts-noto-cjk)." >&2
    fi
}

main() {
    local addons missing
    check_pdf_tools
    addons="$(trade_addons)"
    if [ -z "$addons" ]; then
        echo "ERROR: no addon (folder with a __manifest__.py) in $TRADE_ADDONS_ROOT" >&2
        exit 1
    fi
    missing="$(addons_to_install "$addons")"
    if [ -n "$missing" ]; then
        echo "Installing $missing with demo data into database $DB (first run: a few minutes)..."
        trade_odoo -d "$DB" -i "$missing" --stop-after-init --http-port "$PORT" \
            --max-cron-threads 0
    fi
    echo "Odoo: http://localhost:$PORT  (database $DB, login admin / admin)"
    trade_db_args
    exec "$TRADE_PY" "$TRADE_REPO/scripts/odoo_server.py" -d "$DB" --db-filter="^${DB}\$" \
        --addons-path="$TRADE_ODOO_ADDONS_PATH" "${TRADE_DB_ARGS[@]}" \
        --http-port "$PORT" "$@"
}

main "$@"
