#!/usr/bin/env bash
# Upgrade test: install the addons as they were at a past commit with demo
# data, upgrade them to the working tree (-u), check the logs and run the
# cross-addon RPC suite on the upgraded database. See scripts/test_upgrade.py.
#
# Usage: bash scripts/test_upgrade.sh [<past commit>] [--keep-db]
# Last line printed: "N passed, N failed"; exit 0 only if N failed is 0.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
trade_env_setup
exec "$TRADE_PY" "$TRADE_REPO/scripts/test_upgrade.py" "$@"
