"""Contracts through a real client (XML-RPC), one login per role, R3.2.

The salesperson drafts and submits, cannot approve; the legal reviewer
approves or rejects; the signature needs the scan of the original; the
manager amends; the terms stay locked; orders above the threshold need a
signed contract when the setting is on.
"""

import base64
import uuid
import xmlrpc.client

import pytest
from rpc_helpers import new_user
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


def _user(admin, rpc, role, group_xmlids):
    return new_user(admin, rpc, "rpc", role, group_xmlids)


@pytest.fixture(scope="module")
def roles(admin, rpc):
    roles = {
        "salesperson": _user(
            admin, rpc, "sales", ["trade_business_dept.group_trade_salesperson"]
        ),
        "legal": _user(admin, rpc, "legal", ["trade_business_dept.group_trade_legal"]),
        "manager": _user(
            admin, rpc, "manager", ["trade_business_dept.group_trade_manager"]
        ),
    }
    # the manager signs for the company (Settings: authorised signatories)
    company = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]
    admin.call(
        "res.company",
        "write",
        [company["company_id"][0]],
        {"trade_signatory_ids": [(4, roles["manager"].uid)]},
    )
    return roles


@pytest.fixture
def terms(admin):
    return dict(
        TERMS,
        payment_term_id=_xmlid(admin, "account.account_payment_term_30days"),
        incoterm_id=_xmlid(admin, "account.incoterm_FOB"),
    )


def _customer(user):
    return user.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Contract Customer {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "user_id": user.uid,
            "trade_customer_tier": "key",
        },
    )


def _state(user, contract_id):
    return user.call("trade.contract", "read", [contract_id], ["state"])[0]["state"]


def _fault(call, *args):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call(*args)
    return fault.value.faultString


def test_contract_from_draft_to_signed_by_role(roles, terms):
    sales, legal = roles["salesperson"], roles["legal"]
    contract_id = sales.call(
        "trade.contract", "create", dict(terms, partner_id=_customer(sales))
    )
    sales.call("trade.contract", "action_submit_review", [contract_id])
    assert _state(sales, contract_id) == "legal_review"

    message = _fault(
        sales.call, "trade.contract", "action_legal_approve", [contract_id]
    )
    assert "legal department" in message
    message = _fault(
        sales.call, "trade.contract", "write", [contract_id], {"quality_standard": "x"}
    )
    assert "locked" in message
    message = _fault(legal.call, "trade.contract", "create", {"partner_id": 1})
    assert "AccessError" in message or "not allowed" in message

    legal.call(
        "trade.contract",
        "action_legal_approve",
        [contract_id],
        comment="Checked via RPC",
    )
    assert _state(sales, contract_id) == "approved"

    message = _fault(sales.call, "trade.contract", "action_sign", [contract_id])
    assert "signed and sealed original" in message
    attachment_id = sales.call(
        "ir.attachment",
        "create",
        {
            "name": "signed.pdf",
            "datas": base64.b64encode(b"%PDF-1.4 scan").decode(),
            "res_model": "trade.contract",
            "res_id": contract_id,
        },
    )
    sales.call(
        "trade.contract",
        "write",
        [contract_id],
        {
            "signed_attachment_id": attachment_id,
            "date_signed": "2026-01-05",
            "company_signatory_id": roles["manager"].uid,
            "customer_signatory": "Zhou Jianguo",
        },
    )
    sales.call("trade.contract", "action_sign", [contract_id])
    assert _state(sales, contract_id) == "signed"
    message = _fault(sales.call, "ir.attachment", "unlink", [attachment_id])
    assert "signed original" in message

    reviews = legal.call(
        "trade.contract.review",
        "search_read",
        [("contract_id", "=", contract_id)],
        ["decision", "comment"],
        order="id",
    )
    assert [review["decision"] for review in reviews] == ["submitted", "approved"]
    assert reviews[1]["comment"] == "Checked via RPC"


def test_rejection_needs_a_reason_over_rpc(roles, terms):
    sales, legal = roles["salesperson"], roles["legal"]
    contract_id = sales.call(
        "trade.contract", "create", dict(terms, partner_id=_customer(sales))
    )
    sales.call("trade.contract", "action_submit_review", [contract_id])
    message = _fault(legal.call, "trade.contract", "action_legal_reject", [contract_id])
    assert "reason" in message
    legal.call(
        "trade.contract", "action_legal_reject", [contract_id], reason="Cap too low"
    )
    assert _state(sales, contract_id) == "draft"


def test_missing_term_is_named_over_rpc(roles, terms):
    sales = roles["salesperson"]
    contract_id = sales.call(
        "trade.contract",
        "create",
        dict(terms, partner_id=_customer(sales), breach_liability=False),
    )
    message = _fault(
        sales.call, "trade.contract", "action_submit_review", [contract_id]
    )
    assert "Liability for Breach" in message
    assert _state(sales, contract_id) == "draft"


def test_manager_amends_a_signed_contract(roles, terms):
    sales, legal, manager = roles["salesperson"], roles["legal"], roles["manager"]
    contract_id = sales.call(
        "trade.contract", "create", dict(terms, partner_id=_customer(sales))
    )
    sales.call("trade.contract", "action_submit_review", [contract_id])
    legal.call("trade.contract", "action_legal_approve", [contract_id])
    action = manager.call(
        "trade.contract",
        "action_amend",
        [contract_id],
        values={"transport_mode": "air"},
        reason="Faster delivery",
    )
    new_id = action["res_id"]
    new = manager.call(
        "trade.contract",
        "read",
        [new_id],
        ["state", "revision", "transport_mode", "previous_revision_id"],
    )[0]
    assert new["state"] == "legal_review"
    assert new["revision"] == 2
    assert new["transport_mode"] == "air"
    assert new["previous_revision_id"][0] == contract_id
    old = manager.call(
        "trade.contract",
        "search_read",
        [("id", "=", contract_id), ("active", "=", False)],
        ["next_revision_id"],
    )
    assert old[0]["next_revision_id"][0] == new_id


def test_order_needs_a_signed_contract_when_configured(admin, roles):
    sales = roles["salesperson"]
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    admin.call(
        "res.company",
        "write",
        [company_id],
        {
            "trade_contract_required": True,
            "trade_contract_min_amount": 100,
            "trade_contract_tier_key": True,
        },
    )
    try:
        product_id = admin.call(
            "product.product",
            "create",
            {"name": "RPC valve", "list_price": 50, "description_sale": "Brass, PN10"},
        )
        order_id = sales.call(
            "sale.order",
            "create",
            {
                "partner_id": _customer(sales),
                "commitment_date": "2030-01-15 10:00:00",
                "trade_checked_specification": True,
                "trade_checked_quantity": True,
                "trade_checked_date": True,
                "trade_checked_price": True,
                "order_line": [
                    (0, 0, {"product_id": product_id, "product_uom_qty": 10})
                ],
            },
        )
        message = _fault(sales.call, "sale.order", "action_confirm", [order_id])
        assert "needs a signed contract" in message
        state = sales.call("sale.order", "read", [order_id], ["state"])[0]["state"]
        assert state == "draft"
    finally:
        admin.call(
            "res.company", "write", [company_id], {"trade_contract_required": False}
        )
