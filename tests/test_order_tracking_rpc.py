"""Order tracking through a real client (XML-RPC), R3.3.

A salesperson confirms an order of a buy-to-order product (make to order +
buy) and watches its stage follow the purchase, the receipt, the acceptance
inspection and the delivery done by the other departments; the refusal of an
incomplete order lists what is missing.
"""

import uuid
import xmlrpc.client
from datetime import datetime, timedelta

import pytest
from rpc_helpers import xmlid as _xmlid


@pytest.fixture(scope="module")
def salesperson(admin, rpc):
    login = f"rpc_track_{uuid.uuid4().hex[:8]}"
    admin.call(
        "res.users",
        "create",
        {
            "name": "RPC Tracking Salesperson",
            "login": login,
            "password": f"{login}-pw",
            "email": f"{login}@example.com",
            "groups_id": [
                (6, 0, [_xmlid(admin, "trade_business_dept.group_trade_salesperson")])
            ],
        },
    )
    return rpc.login(login, f"{login}-pw")


@pytest.fixture(scope="module")
def buy_to_order_product(admin):
    mto = _xmlid(admin, "stock.route_warehouse0_mto")
    admin.call("stock.route", "write", [mto], {"active": True})
    vendor = admin.call(
        "res.partner", "create", {"name": "RPC Vendor", "is_company": True}
    )
    return admin.call(
        "product.product",
        "create",
        {
            "name": f"RPC buy-to-order valve {uuid.uuid4().hex[:6]}",
            "type": "consu",
            "is_storable": True,
            "list_price": 150,
            "description_sale": "Stainless 316, PN16",
            "route_ids": [
                (6, 0, [mto, _xmlid(admin, "purchase_stock.route_warehouse0_buy")])
            ],
            "seller_ids": [(0, 0, {"partner_id": vendor, "price": 90, "delay": 3})],
        },
    )


def _stage(user, order_id):
    return user.call("sale.order", "read", [order_id], ["trade_stage_code"])[0][
        "trade_stage_code"
    ]


def _validate(admin, picking_ids):
    for picking in admin.call(
        "stock.picking", "read", picking_ids, ["move_ids", "state"]
    ):
        for move in admin.call(
            "stock.move", "read", picking["move_ids"], ["product_uom_qty"]
        ):
            admin.call(
                "stock.move",
                "write",
                [move["id"]],
                {"quantity": move["product_uom_qty"]},
            )
    # deliveries leave as a customer pick-up, recorded as the rules ask
    admin.call(
        "stock.picking",
        "write",
        picking_ids,
        {"trade_transport_mode": "pickup", "trade_collected_by": "Buyer's driver"},
    )
    admin.call("stock.picking", "button_validate", picking_ids)


def _order(salesperson, product_id, **values):
    customer = salesperson.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Tracking Customer {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "user_id": salesperson.uid,
        },
    )
    promised = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    return salesperson.call(
        "sale.order",
        "create",
        dict(
            {
                "partner_id": customer,
                "commitment_date": promised,
                "order_line": [
                    (0, 0, {"product_id": product_id, "product_uom_qty": 8})
                ],
            },
            **values,
        ),
    )


def test_stage_follows_purchase_receipt_and_delivery(
    admin, salesperson, buy_to_order_product
):
    order_id = _order(
        salesperson,
        buy_to_order_product,
        trade_checked_specification=True,
        trade_checked_quantity=True,
        trade_checked_date=True,
        trade_checked_price=True,
    )
    salesperson.call("sale.order", "action_confirm", [order_id])
    assert _stage(salesperson, order_id) == "purchasing"

    purchase_ids = admin.call(
        "purchase.order.line",
        "search_read",
        [("product_id", "=", buy_to_order_product)],
        ["order_id"],
    )
    purchase_id = purchase_ids[-1]["order_id"][0]
    admin.call("purchase.order", "button_confirm", [purchase_id])
    assert _stage(salesperson, order_id) == "purchasing"

    receipt_ids = admin.call("purchase.order", "read", [purchase_id], ["picking_ids"])[
        0
    ]["picking_ids"]
    _validate(admin, receipt_ids)
    assert _stage(salesperson, order_id) == "inspection"

    inspection_id = salesperson.call(
        "trade.order.inspection",
        "create",
        {"order_id": order_id, "result": "pass", "findings": "Conform"},
    )
    salesperson.call("trade.order.inspection", "action_validate", [inspection_id])
    assert _stage(salesperson, order_id) == "ready"

    delivery_ids = admin.call(
        "stock.picking",
        "search",
        [("sale_id", "=", order_id), ("picking_type_code", "=", "outgoing")],
    )
    _validate(admin, delivery_ids)
    assert _stage(salesperson, order_id) == "shipped"

    salesperson.call("sale.order", "action_trade_customer_received", [order_id])
    assert _stage(salesperson, order_id) == "delivered"
    history = salesperson.call(
        "trade.order.stage.log",
        "search_read",
        [("order_id", "=", order_id)],
        ["stage_id"],
        order="id",
    )
    assert [row["stage_id"][1] for row in history] == [
        "Purchasing",
        "Inspection",
        "Ready to Ship",
        "Shipped",
        "Delivered",
    ]


def test_incomplete_order_is_refused_with_the_list(salesperson, buy_to_order_product):
    order_id = _order(salesperson, buy_to_order_product, commitment_date=False)
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        salesperson.call("sale.order", "action_confirm", [order_id])
    message = refusal.value.faultString
    assert "delivery date promised" in message
    assert "verify with the customer" in message
    state = salesperson.call("sale.order", "read", [order_id], ["state"])[0]["state"]
    assert state == "draft"
