"""What the benchmarks share."""

import os

import odoo


def default_addons_path():
    """Odoo's own addons folder and this repository."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    odoo_addons = os.path.join(
        os.path.dirname(os.path.dirname(odoo.__file__)), "addons"
    )
    return ",".join(path for path in (odoo_addons, repo) if os.path.isdir(path))
