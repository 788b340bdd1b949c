"""A delivery to a customer on credit hold through a real client (XML-RPC and
JSON-RPC), one login per role, R5.2.2 (issue 14).

The customer's invoice is overdue beyond the grace period: the merchandiser
cannot validate its delivery, asks for a release and cannot grant it (neither
by the button nor by writing the decision); the credit manager releases it
and the delivery leaves.

Collected only when ``trade_risk`` is among the addons under test.
"""

import uuid
from datetime import date, datetime, timedelta

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import fault as _fault
from rpc_helpers import new_user

# Not collected at all when the addon is not installed by this run.
__test__ = "trade_risk" in _addons_under_test()


def _user(admin, rpc, role, group_xmlids):
    return new_user(admin, rpc, "rpc_release", role, group_xmlids)


@pytest.fixture(scope="module")
def roles(admin, rpc):
    return {
        "salesperson": _user(
            admin, rpc, "sales", ["trade_business_dept.group_trade_salesperson"]
        ),
        "merchandiser": _user(
            admin, rpc, "merch", ["trade_business_dept.group_trade_merchandiser"]
        ),
        "credit_manager": _user(
            admin, rpc, "credit", ["trade_risk.group_trade_credit_manager"]
        ),
    }


@pytest.fixture(scope="module")
def held_delivery(admin, roles):
    """A confirmed order of a rated customer whose invoice is 25 days
    overdue (grace period: 10 days): its delivery is on credit hold."""
    sales, credit = roles["salesperson"], roles["credit_manager"]
    product_id = admin.call(
        "product.product",
        "create",
        {
            "name": f"RPC release valve {uuid.uuid4().hex[:6]}",
            "type": "consu",
            "list_price": 100.0,
            "invoice_policy": "order",
            "description_sale": "Stainless ball valve DN50, PN16",
            "taxes_id": [(6, 0, [])],
        },
    )
    customer_id = sales.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Release Customer {uuid.uuid4().hex[:8]}",
            "is_company": True,
            "user_id": sales.uid,
        },
    )
    credit.call("res.partner", "write", [customer_id], {"trade_credit_rating": "B"})
    promised = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    order_id = sales.call(
        "sale.order",
        "create",
        {
            "partner_id": customer_id,
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
                        "product_uom_qty": 5,
                        "price_unit": 100.0,
                        "tax_id": [(6, 0, [])],
                    },
                )
            ],
        },
    )
    sales.call("sale.order", "action_confirm", [order_id])
    invoice_id = admin.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": customer_id,
            "invoice_date": (date.today() - timedelta(days=55)).isoformat(),
            "invoice_date_due": (date.today() - timedelta(days=25)).isoformat(),
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": product_id,
                        "quantity": 1,
                        "price_unit": 300.0,
                        "tax_ids": [(6, 0, [])],
                    },
                )
            ],
        },
    )
    admin.call("account.move", "action_post", [invoice_id])
    picking_id = admin.call(
        "stock.picking",
        "search",
        [("sale_id", "=", order_id), ("picking_type_code", "=", "outgoing")],
    )[0]
    merchandiser = roles["merchandiser"]
    merchandiser.call(
        "stock.picking",
        "write",
        [picking_id],
        {"trade_transport_mode": "pickup", "trade_collected_by": "Driver Zhou"},
    )
    move_ids = admin.call("stock.move", "search", [("picking_id", "=", picking_id)])
    admin.call("stock.move", "write", move_ids, {"quantity": 5, "picked": True})
    return {"picking": picking_id, "order": order_id}


def _read(user, model, record_id, fields):
    return user.call(model, "read", [record_id], fields)[0]


def test_credit_manager_releases_the_held_delivery(rpc, roles, held_delivery):
    merchandiser, credit = roles["merchandiser"], roles["credit_manager"]
    picking_id = held_delivery["picking"]
    picking = _read(
        merchandiser,
        "stock.picking",
        picking_id,
        ["name", "trade_credit_hold", "trade_credit_hold_message"],
    )
    assert picking["trade_credit_hold"]
    assert (
        "overdue by more than the grace period"
        in (picking["trade_credit_hold_message"])
    )

    message = _fault(
        merchandiser.call, "stock.picking", "button_validate", [picking_id]
    )
    assert "waits for a credit manager's release" in message, message
    state = _read(merchandiser, "stock.picking", picking_id, ["state"])["state"]
    assert state != "done"

    # the merchandiser cannot create it released, nor decide it
    message = _fault(
        merchandiser.call,
        "trade.delivery.release",
        "create",
        {"picking_id": picking_id, "reason": "Paying Friday", "state": "released"},
    )
    assert "Release and Refuse buttons" in message, message
    release_id = merchandiser.call(
        "trade.delivery.release",
        "create",
        {"picking_id": picking_id, "reason": "The customer pays on Friday"},
    )
    release = _read(
        merchandiser,
        "trade.delivery.release",
        release_id,
        ["state", "amount", "hold_reason", "requested_by_id"],
    )
    assert release["state"] == "requested"
    assert release["amount"] == pytest.approx(500.0)
    assert "overdue" in release["hold_reason"]
    assert release["requested_by_id"][0] == merchandiser.uid
    message = _fault(
        merchandiser.call, "trade.delivery.release", "action_release", [release_id]
    )
    assert "Only a credit manager" in message, message
    message = _fault(
        merchandiser.call,
        "trade.delivery.release",
        "write",
        [release_id],
        {"state": "released", "decided_by_id": merchandiser.uid},
    )
    assert "Release and Refuse buttons" in message, message
    # nor through JSON-RPC with a context of its own choosing
    with pytest.raises(AssertionError, match="Release and Refuse buttons"):
        rpc.jsonrpc(
            "object",
            "execute_kw",
            rpc.db,
            merchandiser.uid,
            merchandiser.password,
            "trade.delivery.release",
            "write",
            [[release_id], {"state": "released"}],
            {"context": {"trade_workflow_bypass": True}},
        )
    message = _fault(
        merchandiser.call, "stock.picking", "button_validate", [picking_id]
    )
    assert "is requested" in message, message

    # the credit manager releases it from the delivery
    credit.call("stock.picking", "action_trade_release_credit_hold", [picking_id])
    release = _read(
        credit, "trade.delivery.release", release_id, ["state", "decided_by_id"]
    )
    assert release["state"] == "released"
    assert release["decided_by_id"][0] == credit.uid
    assert not _read(merchandiser, "stock.picking", picking_id, ["trade_credit_hold"])[
        "trade_credit_hold"
    ]

    merchandiser.call("stock.picking", "button_validate", [picking_id])
    assert _read(merchandiser, "stock.picking", picking_id, ["state"])["state"] == (
        "done"
    )
    assert _read(credit, "trade.delivery.release", release_id, ["date_shipped"])[
        "date_shipped"
    ]
