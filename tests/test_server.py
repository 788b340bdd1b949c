"""Smoke tests: the server answers as Odoo 18 and every addon is installed."""


def test_server_reports_odoo_18(rpc):
    version = rpc.version()
    assert version["server_version_info"][0] == 18, version
    assert rpc.jsonrpc("common", "version")["server_version_info"][0] == 18


def test_admin_can_log_in(rpc, admin):
    assert admin.uid
    [user] = admin.call("res.users", "read", [admin.uid], fields=["login"])
    assert user["login"] == "admin"


def test_every_addon_is_installed(admin, odoo_addons):
    assert odoo_addons, "no addon found in the repository"
    modules = admin.call(
        "ir.module.module",
        "search_read",
        [("name", "in", odoo_addons)],
        fields=["name", "state"],
    )
    states = {module["name"]: module["state"] for module in modules}
    assert states == dict.fromkeys(odoo_addons, "installed")
