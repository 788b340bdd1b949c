"""Fixtures of the cross-addon tests.

These tests talk to a running Odoo like a real client does, through XML-RPC and
JSON-RPC. Run them with ``bash scripts/test.sh``: it installs the addons in a
throw-away database, starts Odoo on it in prefork mode (2 HTTP workers, a cron
worker running the scheduled jobs meanwhile) and sets TRADE_ODOO_URL,
TRADE_ODOO_DB, TRADE_ODOO_ADMIN_PASSWORD, TRADE_ODOO_ADDONS and
TRADE_ODOO_WORKERS. A few tests also watch the server's transactions in its
database (libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD).
"""

import itertools
import json
import os
import urllib.request
import xmlrpc.client
from pathlib import Path

import pytest

RPC_TIMEOUT = 300
_json_ids = itertools.count(1)


def _require_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(
            f"{name} is not set: run the cross-addon tests through "
            "`bash scripts/test.sh`, which starts Odoo on a test database.",
            pytrace=False,
        )
    return value


class _TimeoutTransport(xmlrpc.client.Transport):
    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = RPC_TIMEOUT
        return connection


class OdooUser:
    """A logged-in user: ``call(model, method, *args, **kw)`` is execute_kw."""

    def __init__(self, rpc, login, uid, password):
        self.rpc = rpc
        self.login = login
        self.uid = uid
        self.password = password

    def call(self, model, method, *args, **kw):
        return self.rpc.object.execute_kw(
            self.rpc.db, self.uid, self.password, model, method, list(args), kw
        )

    def __repr__(self):
        return f"<OdooUser {self.login} uid={self.uid}>"


class OdooRpc:
    """Talks to one Odoo database over XML-RPC (and JSON-RPC)."""

    def __init__(self, url, db, admin_password):
        self.url = url.rstrip("/")
        self.db = db
        self.admin_password = admin_password
        self.common = self._proxy("common")
        self.object = self._proxy("object")
        self._admin = None

    def _proxy(self, service):
        return xmlrpc.client.ServerProxy(
            f"{self.url}/xmlrpc/2/{service}",
            allow_none=True,
            transport=_TimeoutTransport(),
        )

    def version(self):
        return self.common.version()

    def login(self, login, password):
        uid = self.common.authenticate(self.db, login, password, {})
        if not uid:
            raise AssertionError(f"Odoo refused the login {login!r} on {self.db}")
        return OdooUser(self, login, uid, password)

    @property
    def admin(self):
        if self._admin is None:
            self._admin = self.login("admin", self.admin_password)
        return self._admin

    def jsonrpc(self, service, method, *args):
        """Calls /jsonrpc, e.g. jsonrpc("object", "execute_kw", db, uid, ...)."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": list(args)},
            "id": next(_json_ids),
        }
        request = urllib.request.Request(
            f"{self.url}/jsonrpc",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=RPC_TIMEOUT) as response:
            answer = json.load(response)
        if answer.get("error"):
            raise AssertionError(f"JSON-RPC error: {answer['error']}")
        return answer["result"]


@pytest.fixture(scope="session")
def odoo_url():
    return _require_env("TRADE_ODOO_URL").rstrip("/")


@pytest.fixture(scope="session")
def odoo_db():
    return _require_env("TRADE_ODOO_DB")


@pytest.fixture(scope="session")
def odoo_admin_password():
    return _require_env("TRADE_ODOO_ADMIN_PASSWORD")


@pytest.fixture(scope="session")
def odoo_addons():
    """The addons under test (every addon of the repository by default)."""
    names = os.environ.get("TRADE_ODOO_ADDONS")
    if names:
        return sorted(name for name in names.split(",") if name)
    root = Path(os.environ.get("TRADE_ADDONS_ROOT") or Path(__file__).parent.parent)
    return sorted(p.parent.name for p in root.glob("*/__manifest__.py"))


@pytest.fixture(scope="session")
def odoo_workers():
    """Odoo's HTTP workers (TRADE_ODOO_WORKERS, set by scripts/test.sh, which
    starts Odoo in prefork mode); 0: the threaded server."""
    return int(os.environ.get("TRADE_ODOO_WORKERS") or 0)


@pytest.fixture(scope="session")
def odoo_pg(odoo_db):
    """Opens a PostgreSQL connection to the server's database, for the tests
    that watch the server's transactions from outside (locks held, backends
    waiting): libpq's settings (PGHOST, PGPORT, PGUSER, PGPASSWORD), as the
    server's. Closed at the end of the session."""
    import psycopg2  # Odoo's dependency, in the test environment

    connections = []

    def connect(autocommit=False):
        conn = psycopg2.connect(dbname=odoo_db, connect_timeout=10)
        conn.autocommit = autocommit
        connections.append(conn)
        return conn

    yield connect
    for conn in connections:
        conn.close()


@pytest.fixture(scope="session")
def rpc(odoo_url, odoo_db, odoo_admin_password):
    """Client factory: ``rpc.login(login, password)``, ``rpc.admin``."""
    return OdooRpc(odoo_url, odoo_db, odoo_admin_password)


@pytest.fixture(scope="session")
def admin(rpc):
    """The admin user, logged in: ``admin.call(model, method, *args, **kw)``."""
    return rpc.admin


@pytest.fixture(scope="session", autouse=True)
def department_scope(admin, odoo_addons):
    """The department's rules for every order of the test database: the tests
    create users of their own, who belong to no sales team. The scope itself
    (team marked as the business department) has tests inside the addon."""
    if "trade_business_dept" not in odoo_addons:
        yield
        return
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    company_id = company["company_id"][0]
    before = admin.call(
        "res.company", "read", [company_id], ["trade_scope_all_orders"]
    )[0]["trade_scope_all_orders"]
    admin.call("res.company", "write", [company_id], {"trade_scope_all_orders": True})
    yield
    admin.call("res.company", "write", [company_id], {"trade_scope_all_orders": before})


#: The default credit policy during the cross-addon tests: the tests' new
#: customers have no credit rating and buy on credit; the shipped cautious
#: policy (no credit, the whole order paid in advance) has tests of its own.
TEST_DEFAULT_CREDIT_POLICY = {
    "trade_credit_default_limit": 100000000.0,
    "trade_credit_default_term_days": 3650,
    "trade_credit_default_prepayment": 0.0,
}


@pytest.fixture(scope="session", autouse=True)
def credit_default_policy(admin, odoo_addons):
    """Credit for the tests' customers without a rating (trade_risk's default
    credit policy), restored at the end."""
    if "trade_risk" not in odoo_addons:
        yield
        return
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    company_id = company["company_id"][0]
    before = admin.call(
        "res.company", "read", [company_id], list(TEST_DEFAULT_CREDIT_POLICY)
    )[0]
    before.pop("id")
    admin.call("res.company", "write", [company_id], TEST_DEFAULT_CREDIT_POLICY)
    yield
    admin.call("res.company", "write", [company_id], before)
