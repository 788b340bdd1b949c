"""Helpers shared by the cross-addon tests (plain functions; the fixtures are
in conftest.py)."""

import os
import uuid
import xmlrpc.client
from pathlib import Path

import pytest


def addons_under_test():
    """The addons installed by this run (TRADE_ODOO_ADDONS), else every addon
    of the repository."""
    names = os.environ.get("TRADE_ODOO_ADDONS")
    if names:
        return {name for name in names.split(",") if name}
    root = Path(os.environ.get("TRADE_ADDONS_ROOT") or Path(__file__).parent.parent)
    return {path.parent.name for path in root.glob("*/__manifest__.py")}


def xmlid(admin, xml_id):
    """The database id of ``module.name``."""
    module, name = xml_id.split(".")
    return admin.call("ir.model.data", "check_object_reference", module, name)[1]


def _title(prefix):
    """``rpc_release`` -> ``RPC Release``."""
    first, *rest = prefix.split("_")
    return " ".join([first.upper(), *(word.capitalize() for word in rest)])


def new_user(admin, rpc, prefix, role, group_xmlids):
    """A user of ``group_xmlids`` created by the admin, logged in: its login
    is ``<prefix>_<role>_<random>``, its name ``<Prefix> <role>``."""
    login = f"{prefix}_{role}_{uuid.uuid4().hex[:8]}"
    admin.call(
        "res.users",
        "create",
        {
            "name": f"{_title(prefix)} {role}",
            "login": login,
            "password": f"{login}-pw",
            "email": f"{login}@example.com",
            "tz": "UTC",
            "groups_id": [(6, 0, [xmlid(admin, xml_id) for xml_id in group_xmlids])],
        },
    )
    return rpc.login(login, f"{login}-pw")


def fault(call, *args, **kwargs):
    """The message of the fault ``call(*args, **kwargs)`` must raise."""
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(*args, **kwargs)
    return caught.value.faultString
