"""The performance interview through a real client (XML-RPC and JSON-RPC),
issue 15 point 2.

HR publishes a salesperson's monthly scorecard, the business manager (the
demo user wang.min) holds the interview with its improvement plan, and the
salesperson acknowledges it with the interview's button: a colleague cannot,
and nobody writes the acknowledgement's fields directly.

Collected only when ``trade_appraisal`` is among the addons under test.
"""

import random
import uuid
import xmlrpc.client

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import xmlid as _xmlid

INTERVIEW = "trade.appraisal.interview"


# Not collected at all when the addon is not installed by this run.
__test__ = "trade_appraisal" in _addons_under_test()


def _refused(user, model, method, *args, **kw):
    """The call fails; returns Odoo's message."""
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        user.call(model, method, *args, **kw)
    return refusal.value.faultString


def _new_salesperson(admin, rpc):
    login = f"rpc_interview_{uuid.uuid4().hex[:8]}"
    user_id = admin.call(
        "res.users",
        "create",
        {
            "name": f"RPC Interview {login[-8:]}",
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
        {
            "name": f"RPC Interview {login[-8:]}",
            "user_id": user_id,
            "parent_id": _xmlid(admin, "trade_appraisal.employee_wang_min_demo"),
            "department_id": _xmlid(
                admin, "trade_appraisal.hr_department_business_demo"
            ),
        },
    )
    return rpc.login(login, f"{login}-pw"), employee_id


def _period(admin):
    """A past month no other test uses."""
    Period = "trade.appraisal.period"
    while True:
        start = f"{random.randint(2005, 2012)}-{random.randint(1, 12):02d}-01"
        if not admin.call(
            Period,
            "search",
            [("period_type", "=", "monthly"), ("date_start", "=", start)],
        ):
            return admin.call(
                Period, "create", {"period_type": "monthly", "date_start": start}
            )


def _published_card(admin, hr, manager, employee_id):
    period_id = _period(admin)
    for code, target in (("sales_amount", 1000), ("profit", 400), ("new_customers", 2)):
        admin.call(
            "trade.appraisal.target",
            "create",
            {
                "period_id": period_id,
                "employee_id": employee_id,
                "indicator_id": _xmlid(admin, f"trade_appraisal.indicator_{code}"),
                "target": target,
            },
        )
    hr.call("trade.appraisal.period", "action_generate_scorecards", [period_id])
    [card_id] = admin.call(
        "trade.appraisal.scorecard",
        "search",
        [("period_id", "=", period_id), ("employee_id", "=", employee_id)],
    )
    hr.call("trade.appraisal.scorecard", "action_collect", [card_id])
    manual_lines = admin.call(
        "trade.appraisal.scorecard.line",
        "search",
        [("scorecard_id", "=", card_id), ("kind", "=", "manual")],
    )
    manager.call("trade.appraisal.scorecard.line", "write", manual_lines, {"score": 75})
    manager.call(
        "trade.appraisal.scorecard",
        "write",
        [card_id],
        {"ability_comment": "Knows the range", "attitude_comment": "Reliable"},
    )
    manager.call("trade.appraisal.scorecard", "action_score", [card_id])
    hr.call("trade.appraisal.scorecard", "action_publish", [card_id])
    return card_id


@pytest.fixture(scope="module")
def held_interview(admin, rpc):
    employee, employee_id = _new_salesperson(admin, rpc)
    hr = rpc.login("liu.fang", "liu.fang")
    manager = rpc.login("wang.min", "wang.min")
    card_id = _published_card(admin, hr, manager, employee_id)
    interview_id = manager.call(
        INTERVIEW,
        "create",
        {
            "scorecard_id": card_id,
            "strengths": "Answers every customer the same day",
            "gaps": "Quotations followed up late",
            "goal_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Follow up every quotation within three days",
                        "date_deadline": "2031-12-31",
                    },
                )
            ],
        },
    )
    manager.call(INTERVIEW, "action_done", [interview_id])
    return {
        "employee": employee,
        "manager": manager,
        "colleague": rpc.login("zhang.lei", "zhang.lei"),
        "interview_id": interview_id,
    }


def test_the_employee_acknowledges_his_interview(held_interview, rpc):
    employee = held_interview["employee"]
    interview_id = held_interview["interview_id"]
    [before] = employee.call(
        INTERVIEW,
        "read",
        [interview_id],
        ["state", "can_acknowledge", "acknowledged_by_id", "goal_ids"],
    )
    assert before["state"] == "done"
    assert before["can_acknowledge"] is True
    assert before["acknowledged_by_id"] is False
    assert len(before["goal_ids"]) == 1

    # nobody writes the acknowledgement directly, over XML-RPC or JSON-RPC
    for user in (employee, held_interview["manager"]):
        _refused(
            user,
            INTERVIEW,
            "write",
            [interview_id],
            {"acknowledged_by_id": employee.uid},
        )
    with pytest.raises(AssertionError):
        rpc.jsonrpc(
            "object",
            "execute_kw",
            rpc.db,
            employee.uid,
            employee.password,
            INTERVIEW,
            "write",
            [[interview_id], {"date_acknowledged": "2031-01-01 10:00:00"}],
        )
    # a colleague cannot acknowledge it for him, nor can the manager
    _refused(
        held_interview["colleague"], INTERVIEW, "action_acknowledge", [interview_id]
    )
    assert "acknowledges" in _refused(
        held_interview["manager"], INTERVIEW, "action_acknowledge", [interview_id]
    )

    employee.call(INTERVIEW, "action_acknowledge", [interview_id])
    [after] = employee.call(
        INTERVIEW,
        "read",
        [interview_id],
        ["acknowledged_by_id", "date_acknowledged", "can_acknowledge"],
    )
    assert after["acknowledged_by_id"][0] == employee.uid
    assert after["date_acknowledged"]
    assert after["can_acknowledge"] is False
    assert "once" in _refused(employee, INTERVIEW, "action_acknowledge", [interview_id])
