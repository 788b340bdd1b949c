"""Appraisal through a real client (XML-RPC), R4.

HR generates the month's scorecards from the invoices: a new invoice and a
credit note of the salesperson show on their card after regeneration; a
colleague cannot read the card, and the salesperson does not see it before
HR publishes it.

Collected only when ``trade_appraisal`` is among the addons under test.
"""

import random
import uuid
import xmlrpc.client

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import xmlid as _xmlid

# Not collected at all when the addon is not installed by this run.
__test__ = "trade_appraisal" in _addons_under_test()


def _salesperson(admin, rpc, role):
    login = f"rpc_appr_{role}_{uuid.uuid4().hex[:8]}"
    user_id = admin.call(
        "res.users",
        "create",
        {
            "name": f"RPC Appraisal {role}",
            "login": login,
            "password": f"{login}-pw",
            "email": f"{login}@example.com",
            "tz": "UTC",
            "groups_id": [
                (6, 0, [_xmlid(admin, "trade_business_dept.group_trade_salesperson")])
            ],
        },
    )
    employee_id = admin.call(
        "hr.employee",
        "create",
        {"name": f"RPC Appraisal {role}", "user_id": user_id, "trade_base_bonus": 1000},
    )
    return rpc.login(login, f"{login}-pw"), employee_id


@pytest.fixture(scope="module")
def setup(admin, rpc):
    salesperson, employee_id = _salesperson(admin, rpc, "sales")
    colleague, _colleague_employee = _salesperson(admin, rpc, "colleague")
    year, month = random.randint(2015, 2019), random.randint(1, 12)
    period_id = admin.call(
        "trade.appraisal.period",
        "create",
        {"period_type": "monthly", "date_start": f"{year}-{month:02d}-01"},
    )
    product_id = admin.call(
        "product.product",
        "create",
        {"name": "RPC valve", "list_price": 100.0, "standard_price": 60.0},
    )
    customer_id = admin.call(
        "res.partner",
        "create",
        {"name": f"RPC Appraisal Customer {uuid.uuid4().hex[:6]}", "is_company": True},
    )
    return {
        "salesperson": salesperson,
        "colleague": colleague,
        "employee_id": employee_id,
        "period_id": period_id,
        "product_id": product_id,
        "customer_id": customer_id,
        "date": f"{year}-{month:02d}-15",
    }


def _post_move(admin, setup, move_type, quantity):
    move_id = admin.call(
        "account.move",
        "create",
        {
            "move_type": move_type,
            "partner_id": setup["customer_id"],
            "invoice_date": setup["date"],
            "invoice_user_id": setup["salesperson"].uid,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": setup["product_id"],
                        "quantity": quantity,
                        "price_unit": 100.0,
                        "tax_ids": [(6, 0, [])],
                    },
                )
            ],
        },
    )
    admin.call("account.move", "action_post", [move_id])
    return move_id


def _card_lines(admin, setup):
    card_ids = admin.call(
        "trade.appraisal.scorecard",
        "search",
        [
            ("period_id", "=", setup["period_id"]),
            ("employee_id", "=", setup["employee_id"]),
        ],
    )
    assert len(card_ids) == 1
    lines = admin.call(
        "trade.appraisal.scorecard.line",
        "search_read",
        [("scorecard_id", "=", card_ids[0])],
        ["code", "actual", "target", "score"],
    )
    return card_ids[0], {line["code"]: line for line in lines}


def test_card_reflects_invoices_and_credit_notes_after_regeneration(admin, setup):
    _post_move(admin, setup, "out_invoice", 15)
    admin.call(
        "trade.appraisal.period", "action_generate_scorecards", [setup["period_id"]]
    )
    card_id, lines = _card_lines(admin, setup)
    assert lines["sales_amount"]["actual"] == 1500.0
    assert lines["profit"]["actual"] == 600.0
    assert lines["new_customers"]["actual"] == 1.0

    _post_move(admin, setup, "out_invoice", 5)
    _post_move(admin, setup, "out_refund", 3)
    result = admin.call(
        "trade.appraisal.period", "action_generate_scorecards", [setup["period_id"]]
    )
    assert "0 scorecards created" in result["params"]["message"]
    same_card_id, lines = _card_lines(admin, setup)
    assert same_card_id == card_id
    assert lines["sales_amount"]["actual"] == 1700.0
    assert lines["profit"]["actual"] == 680.0


def test_a_colleague_cannot_read_the_card(admin, setup):
    admin.call(
        "trade.appraisal.period", "action_generate_scorecards", [setup["period_id"]]
    )
    card_id, _lines = _card_lines(admin, setup)
    colleague = setup["colleague"]
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        colleague.call("trade.appraisal.scorecard", "read", [card_id], ["total_score"])
    assert "AccessError" in refusal.value.faultString or "access" in (
        refusal.value.faultString
    )
    assert (
        colleague.call("trade.appraisal.scorecard", "search", [("id", "=", card_id)])
        == []
    )
    assert (
        colleague.call(
            "trade.appraisal.scorecard.line", "search", [("scorecard_id", "=", card_id)]
        )
        == []
    )
    # not even the salesperson reads the card before HR publishes it
    with pytest.raises(xmlrpc.client.Fault):
        setup["salesperson"].call(
            "trade.appraisal.scorecard", "read", [card_id], ["total_score"]
        )
    # and a salesperson cannot generate scorecards
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        colleague.call(
            "trade.appraisal.period", "action_generate_scorecards", [setup["period_id"]]
        )
    assert "HR" in refusal.value.faultString
