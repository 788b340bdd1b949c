"""The credit rules hold against any client (issue 13), over XML-RPC and
JSON-RPC, with the demo logins (password = login).

``li.wei`` (salesperson) and ``chen.jing`` (merchandiser) cannot approve
their own credit exception by writing it, with or without the context key
that once opened that path; an exception approved for one customer does not
cover the quotation once its customer changed; an investigation cannot be
written concluded; a risk's score follows likelihood and impact only;
``zhang.lei`` does not read the credit figures of li.wei's customer; a
portal customer reads none of our credit fields through
``/web/dataset/call_kw``. Credit stays with the customer that owes: li.wei
cannot move a contact with invoices to another company nor forge a credit
profile; the company billed is checked at confirmation and an approval lapses
when the invoice address or the payment terms change; li.wei cannot lower or
close a credit early warning of sun.hao, nor date a promise to pay in 2099.
The buttons still work for ``sun.hao`` (credit manager).

Collected only when ``trade_risk`` is among the addons under test.
"""

import http.cookiejar
import itertools
import json
import urllib.request
import uuid
from datetime import datetime, timedelta

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import fault as _fault

_json_ids = itertools.count(1)


# Not collected at all when the addon is not installed by this run.
__test__ = "trade_risk" in _addons_under_test()


def _read(user, model, record_id, fields):
    return user.call(model, "read", [record_id], fields)[0]


@pytest.fixture(scope="module")
def demo(rpc):
    """The demo logins of the department, password = login."""
    return {
        login: rpc.login(login, login)
        for login in ("li.wei", "chen.jing", "zhang.lei", "wang.min", "sun.hao")
    }


@pytest.fixture(scope="module")
def product(admin):
    """A service without tax: the order total is the amount checked."""
    return admin.call(
        "product.product",
        "create",
        {
            "name": f"RPC integrity audit {uuid.uuid4().hex[:6]}",
            "type": "service",
            "list_price": 100.0,
            "invoice_policy": "order",
            "description_sale": "Pre-shipment audit of one factory",
            "taxes_id": [(6, 0, [])],
        },
    )


def _customer(demo, limit=1000.0):
    """A new customer of li.wei; sun.hao gives it a credit limit."""
    customer_id = demo["li.wei"].call(
        "res.partner",
        "create",
        {
            "name": f"RPC Integrity Customer {uuid.uuid4().hex[:8]}",
            "is_company": True,
            "user_id": demo["li.wei"].uid,
        },
    )
    demo["sun.hao"].call("res.partner", "write", [customer_id], {"credit_limit": limit})
    return customer_id


def _quotation(user, customer_id, product_id, amount):
    """A quotation only the credit rules can refuse."""
    promised = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    return user.call(
        "sale.order",
        "create",
        {
            "partner_id": customer_id,
            "user_id": user.uid,
            "commitment_date": promised,
            "trade_checked_specification": True,
            "trade_checked_quantity": True,
            "trade_checked_date": True,
            "trade_checked_price": True,
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": product_id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": [(6, 0, [])],
                    },
                )
            ],
        },
    )


def _request(user, order_id):
    """A credit exception requested with the quotation's button."""
    action = user.call(
        "sale.order", "action_trade_request_credit_exception", [order_id]
    )
    return user.call(
        "trade.credit.exception",
        "create",
        {"reason": "Peak-season order", "amount": action["context"]["default_amount"]},
        context=action["context"],
    )


@pytest.mark.parametrize("login", ["li.wei", "chen.jing"])
def test_own_exception_cannot_be_approved_by_writing(demo, product, login):
    user = demo[login]
    customer_id = _customer(demo)
    order_id = _quotation(user, customer_id, product, 1500.0)
    exception_id = _request(user, order_id)
    message = _fault(
        user.call,
        "trade.credit.exception",
        "write",
        [exception_id],
        {
            "state": "approved",
            "decided_by_id": demo["sun.hao"].uid,
            "date_decision": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
        },
        context={"trade_exception_decision": True},
    )
    assert "Approve and Reject buttons" in message
    exception = _read(
        user, "trade.credit.exception", exception_id, ["state", "decided_by_id"]
    )
    assert exception == {
        "id": exception_id,
        "state": "requested",
        "decided_by_id": False,
    }
    assert "above its credit limit" in _fault(
        user.call, "sale.order", "action_confirm", [order_id]
    )

    # the button path: sun.hao approves, the order confirms
    demo["sun.hao"].call("trade.credit.exception", "action_approve", [exception_id])
    user.call("sale.order", "action_confirm", [order_id])
    assert _read(user, "sale.order", order_id, ["state"])["state"] == "sale"


def test_exception_lapses_when_the_customer_changes(demo, product):
    li, sun = demo["li.wei"], demo["sun.hao"]
    customer_id, other_id = _customer(demo), _customer(demo)
    order_id = _quotation(li, customer_id, product, 1500.0)
    exception_id = _request(li, order_id)
    sun.call("trade.credit.exception", "action_approve", [exception_id])

    li.call("sale.order", "write", [order_id], {"partner_id": other_id})
    state = _read(li, "trade.credit.exception", exception_id, ["state"])["state"]
    assert state == "lapsed"
    message = _fault(li.call, "sale.order", "action_confirm", [order_id])
    assert "lapsed when the order's customer changed" in message
    assert _read(li, "sale.order", order_id, ["state"])["state"] == "draft"


def test_credit_stays_with_the_customer_that_owes(admin, demo, product):
    """li.wei cannot move a contact with an invoice to a company exempt from
    credit control, make it a company of its own, or forge a credit profile
    on a contact or a branch; sun.hao can move it."""
    li, sun = demo["li.wei"], demo["sun.hao"]
    customer_id, exempt_id = _customer(demo), _customer(demo, limit=10**7)
    sun.call("res.partner", "write", [exempt_id], {"trade_credit_uncontrolled": True})
    contact_id = li.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Integrity Buyer {uuid.uuid4().hex[:6]}",
            "parent_id": customer_id,
        },
    )
    admin.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": contact_id,
            "invoice_line_ids": [
                (0, 0, {"product_id": product, "quantity": 1, "price_unit": 500.0})
            ],
        },
    )
    for values in (
        {"parent_id": exempt_id},
        {"parent_id": False},
        {"is_company": True},
    ):
        message = _fault(li.call, "res.partner", "write", [contact_id], values)
        assert "only a credit manager" in message
    assert "follows its Company" in _fault(
        li.call,
        "res.partner",
        "write",
        [contact_id],
        {"commercial_partner_id": exempt_id},
    )
    li.call(
        "res.partner",
        "write",
        [contact_id],
        {"trade_credit_uncontrolled": True, "trade_credit_rating": "A"},
    )
    contact = _read(
        li,
        "res.partner",
        contact_id,
        ["commercial_partner_id", "trade_credit_uncontrolled", "trade_credit_rating"],
    )
    assert contact["commercial_partner_id"][0] == customer_id
    assert (contact["trade_credit_uncontrolled"], contact["trade_credit_rating"]) == (
        False,
        False,
    )
    assert "Only a credit manager can give" in _fault(
        li.call,
        "res.partner",
        "create",
        {
            "name": f"RPC Integrity Branch {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "parent_id": exempt_id,
            "trade_credit_uncontrolled": True,
        },
    )
    sun.call("res.partner", "write", [contact_id], {"parent_id": exempt_id})
    contact = _read(li, "res.partner", contact_id, ["trade_credit_uncontrolled"])
    assert contact["trade_credit_uncontrolled"] is True


def test_the_company_billed_is_checked_and_bound(demo, product):
    """An order billed to a customer over its limit is refused; a credit
    exception lapses when the invoice address or the payment terms change."""
    li, sun = demo["li.wei"], demo["sun.hao"]
    customer_id, payer_id = _customer(demo, limit=10**7), _customer(demo)
    payer_name = _read(li, "res.partner", payer_id, ["name"])["name"]
    order_id = _quotation(li, customer_id, product, 1500.0)
    li.call("sale.order", "write", [order_id], {"partner_invoice_id": payer_id})
    message = _fault(li.call, "sale.order", "action_confirm", [order_id])
    assert payer_name in message
    assert "above its credit limit" in message

    exception_id = _request(li, order_id)
    sun.call("trade.credit.exception", "action_approve", [exception_id])
    li.call("sale.order", "write", [order_id], {"partner_invoice_id": customer_id})
    state = _read(li, "trade.credit.exception", exception_id, ["state"])["state"]
    assert state == "lapsed"

    order_id = _quotation(li, payer_id, product, 1500.0)
    exception_id = _request(li, order_id)
    sun.call("trade.credit.exception", "action_approve", [exception_id])
    current = _read(li, "sale.order", order_id, ["payment_term_id"])
    terms_id = li.call(
        "account.payment.term",
        "search",
        [("id", "!=", (current["payment_term_id"] or [False])[0])],
        limit=1,
    )[0]
    li.call("sale.order", "write", [order_id], {"payment_term_id": terms_id})
    state = _read(li, "trade.credit.exception", exception_id, ["state"])["state"]
    assert state == "lapsed"
    assert "payment terms changed" in _fault(
        li.call, "sale.order", "action_confirm", [order_id]
    )


def test_credit_warning_is_the_credit_manager_s(demo):
    """li.wei can neither lower nor close the early warning raised on his
    customer's exposure for sun.hao; he can add a note."""
    li = demo["li.wei"]
    risk_ids = li.call(
        "trade.risk",
        "search",
        [
            ("category", "=", "credit"),
            ("warning_type", "!=", False),
            ("state", "!=", "closed"),
            ("partner_id.user_id", "=", li.uid),
        ],
    )
    assert risk_ids, "the demo data raises an exposure warning for li.wei's customer"
    risk_id = risk_ids[0]
    before = _read(li, "trade.risk", risk_id, ["likelihood", "owner_id", "state"])
    for values in (
        {"likelihood": 1},
        {"impact": 1},
        {"category": "market"},
        {"owner_id": li.uid},
    ):
        message = _fault(li.call, "trade.risk", "write", [risk_id], values)
        assert "only a credit manager" in message
    li.call("trade.risk", "write", [risk_id], {"closing_note": "Customer paid"})
    assert "only a credit manager" in _fault(
        li.call, "trade.risk", "action_close", [risk_id]
    )
    after = _read(li, "trade.risk", risk_id, ["likelihood", "owner_id", "state"])
    assert after == before
    li.call("trade.risk", "write", [risk_id], {"closing_note": False})


def test_promise_to_pay_is_bounded(demo):
    """li.wei cannot pause the collection ladder until 2099."""
    li, sun = demo["li.wei"], demo["sun.hao"]
    customer_id = _customer(demo)
    values = {"partner_id": customer_id, "amount": 500.0, "date_promised": "2099-12-31"}
    assert "more than 30 days after the promise" in _fault(
        li.call, "trade.payment.promise", "create", values
    )
    soon = (datetime.now() + timedelta(days=20)).strftime("%Y-%m-%d")
    promise_id = li.call(
        "trade.payment.promise", "create", dict(values, date_promised=soon)
    )
    assert "ask a credit manager" in _fault(
        li.call,
        "trade.payment.promise",
        "write",
        [promise_id],
        {"date_promised": "2099-12-31"},
    )
    sun.call(
        "trade.payment.promise",
        "write",
        [promise_id],
        {"date_promised": (datetime.now() + timedelta(days=90)).strftime("%Y-%m-%d")},
    )


def test_investigation_and_risk_follow_their_buttons(demo):
    li, sun = demo["li.wei"], demo["sun.hao"]
    customer_id = _customer(demo)
    investigation_id = li.call(
        "trade.credit.investigation",
        "create",
        {
            "partner_id": customer_id,
            "conclusion": "Sound balance sheet",
            "proposed_rating": "B",
        },
    )
    _fault(
        li.call,
        "trade.credit.investigation",
        "write",
        [investigation_id],
        {"state": "done", "concluded_by_id": sun.uid},
        context={"trade_investigation_conclude": True},
    )
    values = _read(
        li, "trade.credit.investigation", investigation_id, ["state", "concluded_by_id"]
    )
    assert (values["state"], values["concluded_by_id"]) == ("draft", False)
    sun.call("trade.credit.investigation", "action_conclude", [investigation_id])
    values = _read(
        li, "trade.credit.investigation", investigation_id, ["state", "concluded_by_id"]
    )
    assert (values["state"], values["concluded_by_id"][0]) == ("done", sun.uid)

    risk_id = li.call(
        "trade.risk",
        "create",
        {
            "name": "Customer pays later and later",
            "partner_id": customer_id,
            "likelihood": 2,
            "impact": 2,
        },
    )
    _fault(li.call, "trade.risk", "write", [risk_id], {"score": 25})
    assert _read(li, "trade.risk", risk_id, ["score"])["score"] == 4


def test_credit_figures_of_another_salesperson_customer(demo, product):
    li = demo["li.wei"]
    customer_id = _customer(demo, limit=5000.0)
    li.call(
        "sale.order", "action_confirm", [_quotation(li, customer_id, product, 700.0)]
    )
    figures = [
        "trade_credit_visible",
        "trade_credit_exposure",
        "trade_uninvoiced_amount",
    ]
    for login, visible in (
        ("li.wei", True),
        ("wang.min", True),
        ("sun.hao", True),
        ("zhang.lei", False),
        ("chen.jing", False),
    ):
        values = _read(demo[login], "res.partner", customer_id, figures)
        if visible:
            assert values["trade_credit_exposure"] == pytest.approx(700.0), login
            assert values["trade_uninvoiced_amount"] == pytest.approx(700.0), login
        else:
            assert not values["trade_credit_exposure"], (login, values)
            assert not values["trade_uninvoiced_amount"], (login, values)
        assert values["trade_credit_visible"] is visible, login
    # the customer lists open for every salesperson
    rows = demo["zhang.lei"].call(
        "res.partner",
        "search_read",
        [("user_id", "!=", False)],
        ["trade_credit_exposure", "trade_overdue_amount"],
        limit=50,
    )
    assert rows


class _Session:
    """A browser-like session: ``/web/session/authenticate``, then
    ``/web/dataset/call_kw`` as the web client and the portal pages call it."""

    def __init__(self, url, db, login, password):
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self._post(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )

    def _post(self, path, params):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": params,
            "id": next(_json_ids),
        }
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self.opener.open(request, timeout=120) as response:
            return json.load(response)

    def call_kw(self, model, method, *args):
        return self._post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )


def test_portal_customer_reads_no_credit_field(admin, demo, product, odoo_url, odoo_db):
    li = demo["li.wei"]
    customer_id = _customer(demo)
    admin.call("res.partner", "write", [customer_id], {"trade_credit_rating": "B"})
    contact_id = li.call(
        "res.partner",
        "create",
        {
            "name": "RPC Portal Buyer",
            "parent_id": customer_id,
            "email": f"buyer-{uuid.uuid4().hex[:6]}@example.com",
        },
    )
    login = f"rpc_portal_{uuid.uuid4().hex[:8]}"
    portal_group = admin.call(
        "ir.model.data", "check_object_reference", "base", "group_portal"
    )[1]
    admin.call(
        "res.users",
        "create",
        {
            "login": login,
            "password": f"{login}-pw",
            "partner_id": contact_id,
            "groups_id": [(6, 0, [portal_group])],
        },
    )
    order_id = _quotation(li, contact_id, product, 1500.0)
    # what sending the quotation does: the buyer follows it, sees it on the portal
    li.call("sale.order", "message_subscribe", [order_id], [contact_id])

    session = _Session(odoo_url, odoo_db, login, f"{login}-pw")
    answer = session.call_kw("sale.order", "read", [order_id], ["name"])
    assert "result" in answer, answer
    for model, record_id, field in (
        ("res.partner", contact_id, "trade_credit_rating"),
        ("res.partner", customer_id, "trade_credit_rating"),
        ("res.partner", customer_id, "trade_credit_exposure"),
        ("sale.order", order_id, "trade_credit_block_message"),
    ):
        answer = session.call_kw(model, "read", [record_id], [field])
        assert "error" in answer, (model, field, answer)
        assert "AccessError" in answer["error"]["data"]["name"], answer
