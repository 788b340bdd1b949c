#!/usr/bin/env bash
# Compatibility run: install Odoo's apps the addons extend plus the addons
# with demo data on a throw-away database, run Odoo's own post_install tests
# of sale, sale_stock, purchase, crm, ... and fail on any test failing beyond
# the committed baseline (scripts/compat_baseline.txt). See
# scripts/test_compat.py.
#
# Usage: bash scripts/test_compat.sh [--baseline] [--db <database>] [--keep-db]
#   --baseline  regenerate scripts/compat_baseline.txt on a database WITHOUT
#               the addons
# Last line printed: "N passed, N failed"; exit 0 only if N failed is 0.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
trade_env_setup
exec "$TRADE_PY" "$TRADE_REPO/scripts/test_compat.py" "$@"
