#!/usr/bin/env bash
# The whole test suite: lint, the addons' Odoo tests on a throw-away database,
# the cross-addon tests in tests/ against a running Odoo. See README.md.
#
# Usage: bash scripts/test.sh [--addons a,b] [--no-lint] [--keep-db]
# Last line printed: "N passed, N failed, N skipped"; exit 0 only if N failed is 0.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

setup_done=false
report_setup_failure() {
    local rc=$?
    if [ "$setup_done" = false ]; then
        echo "The environment could not be prepared (exit $rc): see the message above." >&2
        echo "0 passed, 1 failed"
        exit 1
    fi
}
trap report_setup_failure EXIT

trade_env_setup
setup_done=true
trap - EXIT

exec "$TRADE_PY" "$TRADE_REPO/scripts/run_tests.py" "$@"
