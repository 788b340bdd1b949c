# shellcheck shell=bash
# Development environment of the repository: sourced by serve.sh and test.sh.
#
#   source scripts/env.sh && trade_env_setup
#
# prepares (idempotently; fast when nothing changed) a virtual environment with
# Odoo 18.0 and the dev tools, and a reachable PostgreSQL, then exports:
#   TRADE_REPO              the repository root
#   TRADE_PY                the virtual environment's python
#   TRADE_ADDONS_ROOT       the folder whose subfolders are the addons to run
#   TRADE_ODOO_ADDONS_PATH  value for Odoo's --addons-path
# and defines trade_odoo (runs Odoo with the addons path and the DB options
# taken from PGHOST/PGPORT/PGUSER/PGPASSWORD) and trade_addons (prints the
# addons as a comma-separated list).
#
# Settings: ODOO_SRC, TRADE_VENV, TRADE_PYTHON, TRADE_ADDONS_ROOT, PGHOST,
# PGPORT, PGUSER, PGPASSWORD (see README.md).

TRADE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRADE_VENV="${TRADE_VENV:-$TRADE_REPO/.venv}"
TRADE_ADDONS_ROOT="$(cd "${TRADE_ADDONS_ROOT:-$TRADE_REPO}" 2>/dev/null && pwd ||
    echo "${TRADE_ADDONS_ROOT:-$TRADE_REPO}")"
TRADE_PY="$TRADE_VENV/bin/python"
TRADE_ODOO_GIT_URL="https://github.com/odoo/odoo.git"
TRADE_ODOO_BRANCH="18.0"
export TRADE_REPO TRADE_VENV TRADE_ADDONS_ROOT TRADE_PY

trade_log() { echo "[env] $*" >&2; }

# Prints an error; the caller returns 1 right after (set -e then stops).
trade_fail() {
    echo "" >&2
    echo "ERROR: $*" >&2
}

# --- Python -----------------------------------------------------------------

trade_check_python_version() {
    local py=$1 version
    version="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" || {
        trade_fail "cannot run $py"
        return 1
    }
    case "$version" in
    3.10 | 3.11 | 3.12) ;;
    *)
        trade_fail "$py is Python $version; Odoo 18.0 needs Python 3.10, 3.11" \
            "or 3.12. Set TRADE_PYTHON to such an interpreter."
        return 1
        ;;
    esac
}

# Sets TRADE_ODOO_MODE (system | source) and TRADE_ODOO_SRC_DIR.
trade_choose_odoo() {
    local base=$1
    TRADE_ODOO_SRC_DIR=""
    if [ -n "${ODOO_SRC:-}" ]; then
        trade_check_odoo_tree "$ODOO_SRC" || return 1
        TRADE_ODOO_MODE=source
        TRADE_ODOO_SRC_DIR="$(cd "$ODOO_SRC" && pwd)"
        return 0
    fi
    if "$base" -c 'import sys, odoo.release as r; sys.exit(r.version_info[0] != 18)' \
        >/dev/null 2>&1; then
        TRADE_ODOO_MODE=system
        return 0
    fi
    TRADE_ODOO_MODE=source
    TRADE_ODOO_SRC_DIR="$TRADE_REPO/.odoo-src"
    if [ ! -f "$TRADE_ODOO_SRC_DIR/odoo/release.py" ]; then
        trade_log "no Odoo 18 in $base: cloning Odoo $TRADE_ODOO_BRANCH into $TRADE_ODOO_SRC_DIR"
        rm -rf "$TRADE_ODOO_SRC_DIR"
        if ! git clone --depth 1 --branch "$TRADE_ODOO_BRANCH" "$TRADE_ODOO_GIT_URL" \
            "$TRADE_ODOO_SRC_DIR" >&2; then
            rm -rf "$TRADE_ODOO_SRC_DIR"
            trade_fail "Odoo 18.0 was not found and could not be cloned from $TRADE_ODOO_GIT_URL.
Provide Odoo 18.0 in one of these ways, then run again:
  - set ODOO_SRC to an Odoo 18.0 source checkout (the folder holding odoo/ and addons/);
  - or install Odoo 18 into python3 (e.g. pip install -e <odoo-18.0-checkout>),
    so that python3 -c 'import odoo' works."
            return 1
        fi
    fi
    trade_check_odoo_tree "$TRADE_ODOO_SRC_DIR"
}

trade_check_odoo_tree() {
    local src=$1
    if [ ! -f "$src/odoo/release.py" ]; then
        trade_fail "ODOO_SRC=$src is not an Odoo source checkout (no odoo/release.py)." \
            "Set ODOO_SRC to an Odoo 18.0 checkout, or unset it and install Odoo 18 in python3."
        return 1
    fi
    if ! grep -Eq '^version_info *= *\(18,' "$src/odoo/release.py"; then
        trade_fail "$src is not Odoo 18.0 (see $src/odoo/release.py)."
        return 1
    fi
}

trade_python_version() {
    "$1" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo none
}

# What the venv was built from: mode, Odoo source and requirement hashes.
trade_venv_stamp() {
    local base=$1
    echo "mode=$TRADE_ODOO_MODE src=$TRADE_ODOO_SRC_DIR"
    echo "python=$(trade_python_version "$base")"
    echo "dev.txt=$(sha256sum <"$TRADE_REPO/requirements/dev.txt")"
    if [ "$TRADE_ODOO_MODE" = source ]; then
        echo "odoo.txt=$(sha256sum <"$TRADE_REPO/requirements/odoo.txt")"
    fi
}

trade_create_venv() {
    local base=$1 want_system=false
    [ "$TRADE_ODOO_MODE" = system ] && want_system=true
    if [ -f "$TRADE_VENV/pyvenv.cfg" ]; then
        if grep -Eq "^include-system-site-packages *= *$want_system" "$TRADE_VENV/pyvenv.cfg" &&
            [ "$(trade_python_version "$TRADE_PY")" = "$(trade_python_version "$base")" ]; then
            return 0
        fi
        trade_log "recreating $TRADE_VENV (other Python, or Odoo now comes from: $TRADE_ODOO_MODE)"
        rm -rf "$TRADE_VENV"
    elif [ -e "$TRADE_VENV" ] && [ -n "$(ls -A "$TRADE_VENV" 2>/dev/null)" ]; then
        trade_fail "$TRADE_VENV exists but is not a virtual environment; remove it or set TRADE_VENV."
        return 1
    fi
    trade_log "creating virtual environment $TRADE_VENV"
    if [ "$want_system" = true ]; then
        "$base" -m venv --system-site-packages "$TRADE_VENV"
    else
        "$base" -m venv "$TRADE_VENV"
    fi
}

trade_prepare_venv() {
    local base="${TRADE_PYTHON:-python3}" stamp_file="$TRADE_VENV/.trade-env-stamp" stamp
    command -v "$base" >/dev/null 2>&1 || {
        trade_fail "$base not found: install Python 3.10-3.12 or set TRADE_PYTHON."
        return 1
    }
    base="$(command -v "$base")"
    trade_check_python_version "$base" || return 1
    trade_choose_odoo "$base" || return 1
    stamp="$(trade_venv_stamp "$base")"
    if [ -x "$TRADE_PY" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
        return 0
    fi
    trade_create_venv "$base" || return 1
    rm -f "$stamp_file"
    local pip=("$TRADE_PY" -m pip install --disable-pip-version-check --quiet)
    if [ "$TRADE_ODOO_MODE" = source ]; then
        trade_log "installing Odoo's requirements and Odoo from $TRADE_ODOO_SRC_DIR"
        "${pip[@]}" -r "$TRADE_REPO/requirements/odoo.txt" || return 1
        "${pip[@]}" --use-pep517 --no-deps -e "$TRADE_ODOO_SRC_DIR" || return 1
    fi
    trade_log "installing requirements/dev.txt"
    "${pip[@]}" -r "$TRADE_REPO/requirements/dev.txt" || return 1
    echo "$stamp" >"$stamp_file"
}

# Checks the venv's Odoo and sets TRADE_ODOO_ADDONS_PATH: Odoo's own addons
# folders (odoo/addons and the source tree's addons/) plus TRADE_ADDONS_ROOT.
trade_export_odoo_paths() {
    local out
    out="$("$TRADE_PY" - "$TRADE_ADDONS_ROOT" <<'PY'
import os
import sys

import odoo
import odoo.addons
import odoo.release

if odoo.release.version_info[0] != 18:
    sys.exit(f"Odoo {odoo.release.version} found in {odoo.__path__[0]}, need 18.0")
paths = list(odoo.addons.__path__)
source_addons = os.path.join(os.path.dirname(odoo.__path__[0]), "addons")
if os.path.isdir(os.path.join(source_addons, "web")):
    paths.append(source_addons)
paths.append(sys.argv[1])
unique = []
for path in map(os.path.realpath, paths):
    if path not in unique:
        unique.append(path)
print(",".join(unique))
PY
)" || {
        trade_fail "the virtual environment $TRADE_VENV has no working Odoo 18." \
            "Remove it (rm -rf $TRADE_VENV) and run again; set ODOO_SRC to an Odoo" \
            "18.0 checkout or install Odoo 18 in python3."
        return 1
    }
    TRADE_ODOO_ADDONS_PATH="$out"
    export TRADE_ODOO_ADDONS_PATH
}

# --- PostgreSQL ---------------------------------------------------------------

trade_as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            runuser -u postgres -- "$@"
        else
            su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
        fi
    elif command -v sudo >/dev/null 2>&1; then
        sudo -n -u postgres -- "$@"
    else
        return 1
    fi
}

trade_start_local_clusters() {
    if ! command -v pg_lsclusters >/dev/null 2>&1 || ! command -v pg_ctlcluster >/dev/null 2>&1; then
        return 0
    fi
    local clusters ver name port status rest
    clusters="$(pg_lsclusters --no-header 2>/dev/null)"
    if [ -z "$clusters" ]; then
        trade_fail "PostgreSQL is installed but has no cluster: create one with" \
            "'pg_createcluster --start 15 main' (as root), or set PGHOST to a server."
        return 1
    fi
    # The cluster(s) on the wanted port, or all of them if none is there.
    if awk -v p="${PGPORT:-5432}" '$3 == p {found=1} END {exit !found}' <<<"$clusters"; then
        clusters="$(awk -v p="${PGPORT:-5432}" '$3 == p' <<<"$clusters")"
    fi
    while read -r ver name port status rest; do
        [ "$status" = online ] && continue
        trade_log "starting PostgreSQL cluster $ver/$name (port $port)"
        if [ "$(id -u)" = 0 ]; then
            pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 || true
        else
            trade_as_postgres pg_ctlcluster "$ver" "$name" start >&2 || true
        fi
    done <<<"$clusters"
}

trade_wait_local_pg() {
    local tries=30
    until pg_isready -q; do
        tries=$((tries - 1))
        [ "$tries" -gt 0 ] || return 1
        sleep 1
    done
}

trade_ensure_role() {
    local role="${PGUSER:-$(id -un)}" err
    if [ "$role" = postgres ]; then
        trade_fail "Odoo refuses to connect as the 'postgres' role: run as another OS user" \
            "or set PGUSER to another (superuser or createdb) role."
        return 1
    fi
    err="$(psql -X -w -d postgres -tAc 'SELECT 1' 2>&1 >/dev/null)" && return 0
    if [[ "$err" == *"role \"$role\" does not exist"* ]]; then
        trade_log "creating PostgreSQL superuser role $role"
        trade_as_postgres createuser -s "$role" >&2 || {
            trade_fail "cannot create the PostgreSQL role '$role'. As an administrator run:" \
                "sudo -u postgres createuser -s $role"
            return 1
        }
        err="$(psql -X -w -d postgres -tAc 'SELECT 1' 2>&1 >/dev/null)" && return 0
    fi
    trade_fail "cannot connect to PostgreSQL as '$role': $err"
    return 1
}

# Remote server (PGHOST set): wait for it, touch nothing local.
trade_wait_remote_pg() {
    local waited="${TRADE_PG_WAIT:-60}"
    "$TRADE_PY" - "$waited" <<'PY' || {
import sys
import time

import psycopg2

deadline = time.monotonic() + float(sys.argv[1])
while True:
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=5).close()
        break
    except psycopg2.OperationalError as exc:
        if time.monotonic() > deadline:
            sys.exit(f"cannot connect to PostgreSQL: {str(exc).strip()}")
        time.sleep(1)
PY
        trade_fail "PostgreSQL at PGHOST=$PGHOST${PGPORT:+ PGPORT=$PGPORT} is not reachable" \
            "with PGUSER=${PGUSER:-$(id -un)} (see the message above)."
        return 1
    }
}

trade_prepare_postgres() {
    if [ -n "${PGHOST:-}" ]; then
        trade_wait_remote_pg
        return
    fi
    if ! command -v pg_isready >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
        trade_fail "PostgreSQL was not found. Install it (Debian/Ubuntu:" \
            "'apt-get install -y postgresql') or point PGHOST/PGPORT/PGUSER/PGPASSWORD" \
            "at a PostgreSQL 12+ server."
        return 1
    fi
    if ! pg_isready -q; then
        trade_start_local_clusters || return 1
        trade_wait_local_pg || {
            trade_fail "PostgreSQL does not accept connections (pg_isready failed)." \
                "Start it (e.g. 'pg_ctlcluster --skip-systemctl-redirect 15 main start')" \
                "or set PGHOST/PGPORT to a running server."
            return 1
        }
    fi
    trade_ensure_role
}

# --- What the scripts use ---------------------------------------------------------

# Odoo's database options from the PG* variables (libpq reads them too, but
# Odoo's own checks look at its options).
trade_db_args() {
    TRADE_DB_ARGS=()
    [ -n "${PGHOST:-}" ] && TRADE_DB_ARGS+=("--db_host=$PGHOST")
    [ -n "${PGPORT:-}" ] && TRADE_DB_ARGS+=("--db_port=$PGPORT")
    [ -n "${PGUSER:-}" ] && TRADE_DB_ARGS+=("--db_user=$PGUSER")
    [ -n "${PGPASSWORD:-}" ] && TRADE_DB_ARGS+=("--db_password=$PGPASSWORD")
    return 0
}

trade_odoo() {
    trade_db_args
    "$TRADE_PY" -m odoo --addons-path="$TRADE_ODOO_ADDONS_PATH" "${TRADE_DB_ARGS[@]}" "$@"
}

# Every direct subfolder of TRADE_ADDONS_ROOT holding a __manifest__.py.
trade_addons() {
    local dir names=()
    for dir in "$TRADE_ADDONS_ROOT"/*/; do
        [ -f "$dir/__manifest__.py" ] && names+=("$(basename "$dir")")
    done
    local IFS=,
    echo "${names[*]}"
}

trade_env_setup() {
    trade_prepare_venv || return 1
    trade_export_odoo_paths || return 1
    trade_prepare_postgres || return 1
}
