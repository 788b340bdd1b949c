"""Logistics and after-sales through a real client (XML-RPC), R3.4 and R3.5.

Ships an insured order with a tracking number, records a damage incident with
its claim and credit note, and takes a complaint from new to closed with its
deadlines, follow-up and the customer's satisfaction.
"""

import uuid
import xmlrpc.client

import pytest
from rpc_helpers import xmlid as _xmlid


@pytest.fixture(scope="module")
def company_id(admin):
    return admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]


@pytest.fixture(scope="module")
def merchandiser(admin, rpc):
    login = f"rpc_merch_{uuid.uuid4().hex[:8]}"
    admin.call(
        "res.users",
        "create",
        {
            "name": "RPC Merchandiser",
            "login": login,
            "password": f"{login}-pw",
            "email": f"{login}@example.com",
            "groups_id": [
                (
                    6,
                    0,
                    [
                        _xmlid(admin, "trade_business_dept.group_trade_merchandiser"),
                        _xmlid(admin, "stock.group_stock_user"),
                    ],
                )
            ],
        },
    )
    return rpc.login(login, f"{login}-pw")


@pytest.fixture(scope="module")
def shipped(admin, merchandiser, company_id):
    """An order of 10 valves shipped by an approved carrier, insured."""
    settings = ["trade_order_checks", "trade_insurance_threshold"]
    before = admin.call("res.company", "read", [company_id], settings)[0]
    admin.call(
        "res.company",
        "write",
        [company_id],
        {
            "trade_order_checks": False,
            "trade_insurance_threshold": 500,
            "trade_insurance_cover_percent": 110,
        },
    )
    carrier = admin.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Carrier {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "trade_is_carrier": True,
            "trade_carrier_approved": True,
            "trade_carrier_qualification_expiry": "2035-12-31",
            "trade_carrier_tracking_url": "https://track.example.com/{ref}",
        },
    )
    customer = admin.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Logistics Customer {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "email": "buyer@rpc.test",
        },
    )
    product = admin.call(
        "product.product",
        "create",
        {"name": "RPC valve (consumable)", "type": "consu", "list_price": 100},
    )
    order = admin.call(
        "sale.order",
        "create",
        {
            "partner_id": customer,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 10})],
        },
    )
    admin.call("sale.order", "action_confirm", [order])
    picking = admin.call(
        "stock.picking",
        "search",
        [("sale_id", "=", order), ("picking_type_code", "=", "outgoing")],
    )[0]
    yield {
        "carrier": carrier,
        "customer": customer,
        "order": order,
        "picking": picking,
    }
    admin.call(
        "res.company",
        "write",
        [company_id],
        {name: before[name] for name in settings},
    )


def _validate(user, picking):
    moves = user.call("stock.picking", "read", [picking], ["move_ids"])[0]["move_ids"]
    for move in user.call("stock.move", "read", moves, ["product_uom_qty"]):
        user.call(
            "stock.move", "write", [move["id"]], {"quantity": move["product_uom_qty"]}
        )
    return user.call("stock.picking", "button_validate", [picking])


def test_ship_an_insured_order_with_tracking(merchandiser, shipped):
    picking = shipped["picking"]
    merchandiser.call(
        "stock.picking",
        "write",
        [picking],
        {
            "trade_transport_mode": "sea",
            "trade_carrier_partner_id": shipped["carrier"],
            "trade_transport_contract_ref": "COSCO-2026-017",
            "carrier_tracking_ref": "RPC-TRACK-1",
            "trade_transport_document_number": "BL-2026-001",
            "trade_insured_amount": 1000,
        },
    )
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        _validate(merchandiser, picking)
    assert "falls short by" in refusal.value.faultString
    merchandiser.call(
        "stock.picking", "write", [picking], {"trade_insured_amount": 1100}
    )
    _validate(merchandiser, picking)
    data = merchandiser.call(
        "stock.picking",
        "read",
        [picking],
        ["state", "trade_transport_document_type", "message_ids"],
    )[0]
    assert data["state"] == "done"
    assert data["trade_transport_document_type"] == "bl"
    bodies = merchandiser.call("mail.message", "read", data["message_ids"], ["body"])
    assert any("track.example.com/RPC-TRACK-1" in m["body"] for m in bodies)


def test_record_a_damage_incident(merchandiser, shipped):
    incident = merchandiser.call(
        "trade.logistics.incident",
        "create",
        {
            "picking_id": shipped["picking"],
            "incident_type": "damage",
            "description": "Two cartons crushed",
            "carrier_claim_amount": 200,
            "customer_compensation_amount": 200,
        },
    )
    merchandiser.call("trade.logistics.incident", "action_claim", [incident])
    merchandiser.call(
        "trade.logistics.incident", "action_create_credit_note", [incident]
    )
    data = merchandiser.call(
        "trade.logistics.incident",
        "read",
        [incident],
        ["claim_state", "credit_note_id", "carrier_id"],
    )[0]
    assert data["claim_state"] == "claimed"
    assert data["carrier_id"][0] == shipped["carrier"]
    assert data["credit_note_id"]
    carrier = merchandiser.call(
        "res.partner",
        "read",
        [shipped["carrier"]],
        ["trade_carrier_incident_count", "trade_carrier_shipment_count"],
    )[0]
    assert carrier["trade_carrier_incident_count"] == 1
    assert carrier["trade_carrier_shipment_count"] == 1


def test_complaint_from_new_to_closed(merchandiser, shipped):
    ticket = merchandiser.call(
        "trade.service.ticket",
        "create",
        {
            "title": "Cartons crushed on arrival",
            "ticket_type": "complaint",
            "urgency": "high",
            "partner_id": shipped["customer"],
            "sale_order_id": shipped["order"],
        },
    )
    data = merchandiser.call(
        "trade.service.ticket",
        "read",
        [ticket],
        ["date_response_deadline", "date_resolution_deadline", "state"],
    )[0]
    assert data["state"] == "new"
    assert data["date_response_deadline"] and data["date_resolution_deadline"]
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        merchandiser.call("trade.service.ticket", "action_start", [ticket])
    assert "Name the person who handles" in refusal.value.faultString
    merchandiser.call(
        "trade.service.ticket", "write", [ticket], {"handler_id": merchandiser.uid}
    )
    merchandiser.call("trade.service.ticket", "action_start", [ticket])
    merchandiser.call(
        "trade.service.ticket",
        "write",
        [ticket],
        {"resolution": "Replacement cartons and 5% discount"},
    )
    merchandiser.call("trade.service.ticket", "action_resolve", [ticket])
    merchandiser.call("trade.service.ticket", "action_follow_up", [ticket])
    # what the customer said on the phone, typed in by staff
    merchandiser.call("trade.service.ticket", "write", [ticket], {"satisfaction": "5"})
    # the ticket closes while the customer's own rating is still to come
    merchandiser.call("trade.service.ticket", "action_close", [ticket])
    # the typed-in rating counts only once HR accepted it: not the handler
    for values in ({"staff_rating_state": "accepted"}, {"satisfaction_value": 5.0}):
        with pytest.raises(xmlrpc.client.Fault) as refusal:
            merchandiser.call("trade.service.ticket", "write", [ticket], values)
        assert "cannot be written directly" in refusal.value.faultString
    with pytest.raises(xmlrpc.client.Fault):
        merchandiser.call(
            "trade.service.ticket", "action_accept_staff_rating", [ticket]
        )
    data = merchandiser.call(
        "trade.service.ticket",
        "read",
        [ticket],
        [
            "state",
            "satisfaction",
            "sla_breached",
            "date_first_response",
            "date_resolved",
            "followup_visit_id",
            "staff_rating_state",
            "satisfaction_value",
        ],
    )[0]
    assert data["state"] == "closed"
    assert data["satisfaction"] == "5"
    assert data["staff_rating_state"] == "to_review"
    assert data["satisfaction_value"] == 0
    assert data["sla_breached"] is False
    assert data["date_first_response"] and data["date_resolved"]
    assert data["followup_visit_id"]
