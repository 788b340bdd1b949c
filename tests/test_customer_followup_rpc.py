"""Customer development through a real client (XML-RPC / JSON-RPC), R3.1.

A salesperson registers a key customer, plans and completes a visit and reads
the next follow-up date; bad input is refused with a message and leaves
nothing behind; a colleague cannot read the visit.
"""

import uuid
import xmlrpc.client
from datetime import date, datetime, timedelta, timezone

import pytest


def _new_salesperson(admin, rpc, name):
    login = f"rpc_{name}_{uuid.uuid4().hex[:8]}"
    group_id = admin.call(
        "ir.model.data",
        "check_object_reference",
        "trade_business_dept",
        "group_trade_salesperson",
    )[1]
    admin.call(
        "res.users",
        "create",
        {
            "name": f"RPC {name}",
            "login": login,
            "password": f"{login}-pw",
            "email": f"{login}@example.com",
            "tz": "UTC",
            "groups_id": [(6, 0, [group_id])],
        },
    )
    return rpc.login(login, f"{login}-pw")


@pytest.fixture
def salesperson(admin, rpc):
    return _new_salesperson(admin, rpc, "li")


@pytest.fixture
def colleague(admin, rpc):
    return _new_salesperson(admin, rpc, "zhang")


def _create_key_customer(user, name="RPC Key Customer"):
    return user.call(
        "res.partner",
        "create",
        {
            "name": f"{name} {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "user_id": user.uid,
            "trade_customer_tier": "key",
            "trade_acquisition_channel": "trade_show",
            "trade_business_needs": "Stainless valves",
        },
    )


def _read_one(user, model, record_id, fields):
    return user.call(model, "read", [record_id], fields)[0]


def test_salesperson_creates_key_customer_and_completes_a_visit(salesperson):
    customer_id = _create_key_customer(salesperson)
    customer = _read_one(
        salesperson,
        "res.partner",
        customer_id,
        ["trade_followup_interval", "trade_last_contact_date"],
    )
    assert customer["trade_followup_interval"] == 14
    assert customer["trade_last_contact_date"] is False

    visit_id = salesperson.call(
        "trade.visit",
        "create",
        {
            "partner_id": customer_id,
            "purpose": "Present the valve range",
            "talking_points": "ISO 9001, lead time",
        },
    )
    visit = _read_one(
        salesperson,
        "trade.visit",
        visit_id,
        ["state", "user_id", "customer_background"],
    )
    assert visit["state"] == "planned"
    assert visit["user_id"][0] == salesperson.uid
    assert "Stainless valves" in visit["customer_background"]

    salesperson.call(
        "trade.visit",
        "write",
        [visit_id],
        {"summary": "Tender for 12 000 valves", "next_step": "Send the offer"},
    )
    salesperson.call("trade.visit", "action_done", [visit_id])

    today = datetime.now(timezone.utc).date()
    customer = _read_one(
        salesperson,
        "res.partner",
        customer_id,
        [
            "trade_last_contact_date",
            "trade_next_followup_date",
            "trade_followup_overdue",
            "activity_ids",
        ],
    )
    assert date.fromisoformat(customer["trade_last_contact_date"]) == today
    assert date.fromisoformat(
        customer["trade_next_followup_date"]
    ) == today + timedelta(days=14)
    assert customer["trade_followup_overdue"] is False
    # the next step is an activity on the visit, not on the customer that
    # every salesperson reads
    assert not customer["activity_ids"]
    visit = _read_one(salesperson, "trade.visit", visit_id, ["activity_ids"])
    assert len(visit["activity_ids"]) == 1, "the next step became an activity"
    overdue_ids = salesperson.call(
        "res.partner", "search", [("trade_followup_overdue", "=", True)]
    )
    assert customer_id not in overdue_ids


def test_completing_without_summary_is_refused_and_changes_nothing(salesperson):
    customer_id = _create_key_customer(salesperson)
    visit_id = salesperson.call(
        "trade.visit", "create", {"partner_id": customer_id, "purpose": "Check"}
    )
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        salesperson.call("trade.visit", "action_done", [visit_id])
    assert "summary" in refusal.value.faultString
    visit = _read_one(salesperson, "trade.visit", visit_id, ["state", "date_done"])
    assert visit == {"id": visit_id, "state": "planned", "date_done": False}


def test_negative_interval_is_refused_over_rpc(salesperson):
    customer_id = _create_key_customer(salesperson)
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        salesperson.call(
            "res.partner", "write", [customer_id], {"trade_followup_interval": -3}
        )
    assert "at least one day" in refusal.value.faultString
    customer = _read_one(
        salesperson, "res.partner", customer_id, ["trade_followup_interval"]
    )
    assert customer["trade_followup_interval"] == 14


def test_colleague_cannot_read_the_visit(salesperson, colleague):
    customer_id = _create_key_customer(salesperson)
    visit_id = salesperson.call(
        "trade.visit", "create", {"partner_id": customer_id, "purpose": "Private"}
    )
    assert colleague.call("trade.visit", "search", [("id", "=", visit_id)]) == []
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        colleague.call("trade.visit", "read", [visit_id], ["purpose"])
    assert "AccessError" in refusal.value.faultString or "access" in (
        refusal.value.faultString.lower()
    )


def test_json_rpc_reads_the_follow_up_fields(rpc, salesperson):
    customer_id = _create_key_customer(salesperson)
    records = rpc.jsonrpc(
        "object",
        "execute_kw",
        rpc.db,
        salesperson.uid,
        salesperson.password,
        "res.partner",
        "search_read",
        [[("id", "=", customer_id)]],
        {"fields": ["trade_customer_tier", "trade_next_followup_date"]},
    )
    assert records[0]["trade_customer_tier"] == "key"
    assert records[0]["trade_next_followup_date"]
