#!/usr/bin/env bash
# Exports the translation template of addons of this repository and merges it
# into their existing translations.
#
# Usage: bash scripts/i18n_export.sh <addon> [<addon>...]
#
# For each addon: creates a throw-away database, installs the addon, writes
# <addon>/i18n/<addon>.pot, runs msgmerge on every <addon>/i18n/*.po (new
# strings appear untranslated, no fuzzy guesses) and drops the database.
#
# Settings (environment):
#   TRADE_I18N_TEMPLATE_DB  copy this database (and its filestore) instead of
#                           starting from an empty one; faster when it already
#                           has the addon's dependencies installed
#   PYTHON                  interpreter with Odoo 18 importable (default:
#                           .venv/bin/python of the repository if it exists,
#                           else python3)
#   PGHOST, PGPORT, PGUSER, PGPASSWORD  PostgreSQL connection, as for psql
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ -n "${PYTHON:-}" ]; then
    PY="$PYTHON"
elif [ -x "$REPO/.venv/bin/python" ]; then
    PY="$REPO/.venv/bin/python"
else
    PY=python3
fi

usage() {
    echo "Usage: bash scripts/i18n_export.sh <addon> [<addon>...]" >&2
    exit 2
}

[ "$#" -ge 1 ] || usage
case "$1" in -h | --help) usage ;; esac

for tool in createdb dropdb psql msgmerge; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "ERROR: $tool not found (install PostgreSQL's client and gettext)." >&2
        exit 1
    }
done

# Odoo's addons folder: the "addons" directory next to the odoo package.
ODOO_ADDONS="$("$PY" -c 'import os, odoo; print(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))), "addons"))')" || {
    echo "ERROR: $PY cannot import odoo; set PYTHON to an interpreter with Odoo 18." >&2
    exit 1
}
[ -d "$ODOO_ADDONS/web" ] || {
    echo "ERROR: $ODOO_ADDONS is not Odoo's addons folder (no web addon in it)." >&2
    exit 1
}
ADDONS_PATH="$ODOO_ADDONS,$REPO"

# Odoo's database options from the PG* variables.
DB_ARGS=()
[ -n "${PGHOST:-}" ] && DB_ARGS+=("--db_host=$PGHOST")
[ -n "${PGPORT:-}" ] && DB_ARGS+=("--db_port=$PGPORT")
[ -n "${PGUSER:-}" ] && DB_ARGS+=("--db_user=$PGUSER")
[ -n "${PGPASSWORD:-}" ] && DB_ARGS+=("--db_password=$PGPASSWORD")

odoo() {
    "$PY" -m odoo --addons-path="$ADDONS_PATH" "${DB_ARGS[@]}" "$@"
}

# Filestore folder of a database, as Odoo computes it.
filestore_of() {
    "$PY" - "$1" <<'PY'
import sys

import odoo

odoo.tools.config.parse_config([])
print(odoo.tools.config.filestore(sys.argv[1]))
PY
}

CURRENT_DB=""
TMP_POT=""
drop_current_db() {
    [ -n "$TMP_POT" ] && rm -f "$TMP_POT"
    [ -n "$CURRENT_DB" ] || return 0
    dropdb "$CURRENT_DB" || echo "WARNING: could not drop database $CURRENT_DB" >&2
    local store
    store="$(filestore_of "$CURRENT_DB" 2>/dev/null)" && [ -n "$store" ] && rm -rf "$store"
    CURRENT_DB=""
}
trap drop_current_db EXIT
trap 'exit 130' INT TERM

export_addon() {
    local addon=$1 db pot po template="${TRADE_I18N_TEMPLATE_DB:-}"
    if [ ! -f "$REPO/$addon/__manifest__.py" ]; then
        echo "ERROR: $addon is not an addon of $REPO (no $addon/__manifest__.py)." >&2
        return 1
    fi
    db="i18n_export_${addon}_$$"
    db="${db:0:63}"
    pot="$REPO/$addon/i18n/$addon.pot"
    mkdir -p "$REPO/$addon/i18n"

    echo "[$addon] creating database $db${template:+ from $template}" >&2
    if [ -n "$template" ]; then
        createdb -T "$template" "$db"
        CURRENT_DB="$db"
        local src dst
        src="$(filestore_of "$template")"
        dst="$(filestore_of "$db")"
        if [ -d "$src" ]; then
            mkdir -p "$(dirname "$dst")"
            cp -a "$src" "$dst"
        fi
    else
        createdb "$db"
        CURRENT_DB="$db"
    fi

    echo "[$addon] installing" >&2
    odoo -d "$db" -i "$addon" --stop-after-init --log-level=warn

    echo "[$addon] exporting $pot" >&2
    # Written aside first: a failed export leaves the previous template intact.
    TMP_POT="$(mktemp --suffix=.pot)"
    odoo -d "$db" --i18n-export="$TMP_POT" --modules="$addon" --stop-after-init --log-level=warn
    if [ ! -s "$TMP_POT" ]; then
        echo "ERROR: the export of $addon wrote nothing" >&2
        return 1
    fi
    cat "$TMP_POT" >"$pot"
    rm -f "$TMP_POT"
    TMP_POT=""

    shopt -s nullglob
    for po in "$REPO/$addon/i18n/"*.po; do
        echo "[$addon] merging into $po" >&2
        msgmerge --quiet --update --no-fuzzy-matching --backup=none "$po" "$pot"
    done
    shopt -u nullglob

    drop_current_db
}

for addon in "$@"; do
    addon="$(basename "${addon%/}")"
    export_addon "$addon"
done
