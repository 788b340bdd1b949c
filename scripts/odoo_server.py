"""Odoo's command line, as ``odoo-bin``: ``python scripts/odoo_server.py [options]``.

The scripts start Odoo through this file instead of ``python -m odoo`` when it
runs with ``--workers``: Odoo's prefork server starts its gevent (websocket)
process by running ``sys.executable sys.argv[0] gevent ...``, and with
``-m odoo`` ``sys.argv[0]`` is ``odoo/__main__.py``, which cannot run as a
script (relative import): the gevent process would fail and be started again
and again.
"""

import os

# as odoo-bin: the server's time zone in UTC before the time module is used
os.environ["TZ"] = "UTC"

import odoo.cli  # noqa: E402 - after the time zone, as odoo-bin

if __name__ == "__main__":
    odoo.cli.main()
