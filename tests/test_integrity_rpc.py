"""The department's rules hold against a client that writes fields itself
(XML-RPC and JSON-RPC), as the demo roles (password = login), R2.3, R3.2.3,
R3.5 (issue: every rule holds against any client).

Each test tries what a hostile or careless client would send: a workflow
field in ``create``/``write``, a context key that used to be trusted, a
portal customer reading internal fields through ``/jsonrpc``. The buttons
keep working (see the other RPC tests).
"""

import uuid

import pytest
from rpc_helpers import fault as _fault
from rpc_helpers import xmlid as _xmlid

TERMS = {
    "amount_total": 8000.0,
    "date_start": "2026-01-01",
    "date_end": "2026-12-31",
    "price_validity_date": "2026-03-31",
    "transport_mode": "sea",
    "quality_standard": "GB/T 12234-2019",
    "inspection_method": "SGS pre-shipment inspection",
    "breach_liability": "0.5% per week of delay, capped at 5%",
    "dispute_resolution": "CIETAC arbitration in Shanghai",
}
REFUSED = "cannot be written directly"


@pytest.fixture(scope="module")
def li_wei(rpc):
    return rpc.login("li.wei", "li.wei")


@pytest.fixture(scope="module")
def wang_min(rpc):
    return rpc.login("wang.min", "wang.min")


@pytest.fixture
def customer(li_wei):
    return li_wei.call(
        "res.partner",
        "create",
        {
            "name": f"Integrity Customer {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "user_id": li_wei.uid,
            "trade_customer_tier": "key",
        },
    )


@pytest.fixture
def terms(admin, customer):
    return dict(
        TERMS,
        partner_id=customer,
        payment_term_id=_xmlid(admin, "account.account_payment_term_30days"),
        incoterm_id=_xmlid(admin, "account.incoterm_FOB"),
    )


def _read(user, model, record_id, field):
    return user.call(model, "read", [record_id], [field])[0][field]


def test_contract_workflow_fields_are_refused(li_wei, terms):
    contract = li_wei.call("trade.contract", "create", terms)
    li_wei.call("trade.contract", "action_submit_review", [contract])
    for values in ({"state": "approved"}, {"revision": 7}, {"state": "draft"}):
        message = _fault(li_wei.call, "trade.contract", "write", [contract], values)
        assert REFUSED in message
    assert _read(li_wei, "trade.contract", contract, "state") == "legal_review"
    message = _fault(
        li_wei.call, "trade.contract", "create", dict(terms, state="signed")
    )
    assert REFUSED in message
    message = _fault(
        li_wei.call,
        "trade.contract",
        "write",
        [contract],
        {"amount_total": 1.0},
        context={"trade_contract_amending": True},
    )
    assert "locked" in message
    # a default from the context is ignored
    draft = li_wei.call(
        "trade.contract", "create", terms, context={"default_state": "signed"}
    )
    assert _read(li_wei, "trade.contract", draft, "state") == "draft"


def test_visit_gift_and_ticket_workflows_are_refused(li_wei, customer):
    visit = li_wei.call(
        "trade.visit", "create", {"partner_id": customer, "purpose": "Samples"}
    )
    message = _fault(li_wei.call, "trade.visit", "write", [visit], {"state": "done"})
    assert REFUSED in message
    message = _fault(li_wei.call, "trade.visit", "write", [visit], {"duration": -5})
    assert "negative" in message

    gift = li_wei.call(
        "trade.gift.declaration",
        "create",
        {
            "partner_id": customer,
            "gift_type": "gift",
            "description": "Tea set",
            "estimated_value": 900,
            "disposition": "kept",
        },
    )
    li_wei.call("trade.gift.declaration", "action_declare", [gift])
    for values in (
        {"state": "acknowledged"},
        {"acknowledged_by_id": li_wei.uid},
        {"state": "draft"},
    ):
        message = _fault(li_wei.call, "trade.gift.declaration", "write", [gift], values)
        assert REFUSED in message
    assert _read(li_wei, "trade.gift.declaration", gift, "state") == "declared"

    message = _fault(
        li_wei.call,
        "trade.service.ticket",
        "create",
        {
            "title": "Leak",
            "ticket_type": "complaint",
            "partner_id": customer,
            "state": "closed",
        },
    )
    assert REFUSED in message


def test_floor_price_approval_cannot_be_written(li_wei, wang_min, customer, admin):
    product = admin.call(
        "product.product",
        "create",
        {
            "name": f"Floor valve {uuid.uuid4().hex[:6]}",
            "list_price": 100.0,
            "trade_floor_price": 80.0,
            "description_sale": "Cast steel",
        },
    )
    order = li_wei.call(
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [
                (0, 0, {"product_id": product, "product_uom_qty": 1, "price_unit": 79})
            ],
        },
    )
    for values in (
        {"trade_floor_approved_by_id": wang_min.uid},
        {"trade_checked_price_user_id": wang_min.uid},
    ):
        message = _fault(li_wei.call, "sale.order", "write", [order], values)
        assert REFUSED in message
    li_wei.call("sale.order", "write", [order], {"trade_checked_price": True})
    assert _read(li_wei, "sale.order", order, "trade_checked_price_user_id")[0] == (
        li_wei.uid
    )
    wang_min.call("sale.order", "action_trade_approve_floor_prices", [order])
    li_wei.call(
        "sale.order",
        "write",
        [order],
        {
            "order_line": [
                (
                    0,
                    0,
                    {"product_id": product, "product_uom_qty": 1000, "price_unit": 1},
                )
            ]
        },
    )
    assert not _read(li_wei, "sale.order", order, "trade_floor_approved_by_id")


def test_portal_customer_reads_no_internal_field(admin, rpc, customer, li_wei):
    login = f"portal_{uuid.uuid4().hex[:8]}"
    contact = admin.call(
        "res.partner",
        "create",
        {"name": "Portal Buyer", "parent_id": customer, "email": f"{login}@x.test"},
    )
    admin.call(
        "res.users",
        "create",
        {
            "name": "Portal Buyer",
            "login": login,
            "password": f"{login}-pw",
            "partner_id": contact,
            "groups_id": [(6, 0, [_xmlid(admin, "base.group_portal")])],
        },
    )
    portal = rpc.login(login, f"{login}-pw")
    ticket = li_wei.call(
        "trade.service.ticket",
        "create",
        {
            "title": "Scratched paint",
            "partner_id": customer,
            "investigation": "Packer skipped the foam",
        },
    )
    db = rpc.db
    title = rpc.jsonrpc(
        "object",
        "execute_kw",
        db,
        portal.uid,
        portal.password,
        "trade.service.ticket",
        "read",
        [[ticket], ["title"]],
    )
    assert title[0]["title"] == "Scratched paint"
    for model, record, field in (
        ("trade.service.ticket", ticket, "investigation"),
        ("trade.service.ticket", ticket, "supplier_id"),
        ("res.partner", customer, "trade_customer_tier"),
    ):
        with pytest.raises(AssertionError, match="AccessError|not allowed|access"):
            rpc.jsonrpc(
                "object",
                "execute_kw",
                db,
                portal.uid,
                portal.password,
                model,
                "read",
                [[record], [field]],
            )
