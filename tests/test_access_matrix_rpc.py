"""Who may read, write, create and delete each record of the addons: the
role x model x operation matrix as one table, checked over XML-RPC with a
user of each role (issue: every rule holds against any client).

Each cell is four letters, ``r`` ``w`` ``c`` ``u`` (unlink), or ``-`` where
the role has no such right on the model at all; which records the right
covers is the record rules' business (own customers, own department, ...),
tested inside the addons. Models and roles of addons that are not installed
are skipped.
"""

import uuid

import pytest
from rpc_helpers import xmlid as _xmlid

ROLES = {
    "salesperson": "trade_business_dept.group_trade_salesperson",
    "merchandiser": "trade_business_dept.group_trade_merchandiser",
    "manager": "trade_business_dept.group_trade_manager",
    "legal": "trade_business_dept.group_trade_legal",
    "credit": "trade_risk.group_trade_credit_manager",
    "hr": "trade_appraisal.group_trade_appraisal_hr",
    "employee": "base.group_user",
    "portal": "base.group_portal",
}
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}

#: model: cells of salesperson, merchandiser, manager, legal, credit, hr,
#: employee and portal, in the order of ROLES.
MATRIX = {
    "trade.appraisal.adjustment": "r--- r--- r--- r--- r--- r--- r--- ----",
    "trade.appraisal.appeal": "r--- r--- rw-- r--- r--- rw-- r--- ----",
    "trade.appraisal.award": "r--- r--- rwc- r--- r--- rwcu r--- ----",
    "trade.appraisal.evaluation": "rw-- rw-- rw-- rw-- rw-- rw-u rw-- ----",
    "trade.appraisal.goal": "r--- r--- rwcu r--- r--- rwcu r--- ----",
    "trade.appraisal.grade": "r--- r--- r--- r--- r--- rwcu r--- ----",
    "trade.appraisal.indicator": "r--- r--- r--- r--- r--- rwcu r--- ----",
    "trade.appraisal.indicator.band": "r--- r--- r--- r--- r--- rwcu r--- ----",
    "trade.appraisal.interview": "r--- r--- rwcu r--- r--- rwcu r--- ----",
    "trade.appraisal.period": "r--- r--- r--- r--- r--- rwcu r--- ----",
    "trade.appraisal.scorecard": "r--- r--- rw-- r--- r--- rw-u r--- ----",
    "trade.appraisal.scorecard.line": "r--- r--- rw-- r--- r--- r--- r--- ----",
    "trade.appraisal.submission": "rwcu rwcu rwcu rwcu rwcu rwcu rwcu ----",
    "trade.appraisal.target": "r--- r--- r--- r--- r--- rwcu r--- ----",
    "trade.collection.action": "r--- r--- r--- ---- r--- ---- ---- ----",
    "trade.contract": "rwcu rwcu rwcu rw-- r--- ---- ---- ----",
    "trade.contract.review": "r--- r--- r--- r--- ---- ---- ---- ----",
    "trade.credit.exception": "rwc- rwc- rwc- ---- rwc- ---- ---- ----",
    "trade.credit.guarantee": "r--- r--- rwcu ---- rwcu ---- ---- ----",
    "trade.credit.investigation": "rwc- rwc- rwcu ---- rwcu ---- ---- ----",
    "trade.credit.policy": "r--- r--- rwcu r--- rwcu r--- r--- ----",
    "trade.customer.feedback": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.delivery.release": "rwc- rwc- rwc- ---- rwc- ---- ---- ----",
    "trade.development.need": "r--- r--- rwcu r--- r--- rwcu r--- ----",
    "trade.development.plan": "r--- r--- rw-- r--- r--- rw-u r--- ----",
    "trade.development.training": "r--- r--- rwcu r--- r--- rwcu r--- ----",
    "trade.dispute": "r--- r--- rwc- rwc- rwc- ---- ---- ----",
    "trade.gift.declaration": "rwc- rwc- rwcu rwc- rwc- rwc- rwc- ----",
    "trade.handoff": "rwc- rwc- rwcu rw-- rw-- rw-- rw-- ----",
    "trade.logistics.incident": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.market.info": "rwcu rwcu rwcu ---- r--- ---- ---- ----",
    "trade.market.research.schedule": "r--- r--- rwcu ---- r--- ---- ---- ----",
    "trade.meeting": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.meeting.action": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.order.delay": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.order.inspection": "rwc- rwc- rwcu ---- ---- ---- ---- ----",
    "trade.order.stage": "r--- r--- rw-- r--- r--- r--- r--- r---",
    "trade.order.stage.log": "r--- r--- r--- ---- ---- ---- ---- ----",
    "trade.payment.promise": "rwc- rwc- rwcu ---- rwcu ---- ---- ----",
    "trade.project.member": "r--- r--- rwcu r--- r--- r--- r--- ----",
    "trade.receivable.ageing": "r--- r--- r--- ---- r--- ---- ---- ----",
    "trade.requirement.line": "rwcu rwcu rwcu ---- ---- ---- ---- ----",
    "trade.risk": "rwc- rwc- rwcu ---- rwcu ---- ---- ----",
    "trade.risk.action": "rwcu rwcu rwcu ---- rwcu ---- ---- ----",
    "trade.satisfaction.report": "---- ---- r--- ---- ---- r--- ---- ----",
    "trade.service.action": "rwcu rwcu rwcu ---- ---- ---- ---- ----",
    "trade.service.plan.action": "rwcu rwcu rwcu ---- ---- ---- ---- ----",
    "trade.service.sla": "r--- r--- rwcu r--- r--- r--- r--- ----",
    "trade.service.ticket": "rwc- rwc- rwcu ---- ---- ---- ---- r---",
    "trade.visit": "rwcu rwcu rwcu ---- ---- ---- ---- ----",
}


@pytest.fixture(scope="module")
def role_users(admin, rpc):
    users = {}
    for role, group in ROLES.items():
        group_id = _xmlid(admin, group)
        if not group_id:
            continue
        login = f"rpc_matrix_{role}_{uuid.uuid4().hex[:6]}"
        values = {
            "name": f"Matrix {role}",
            "login": login,
            "password": f"{login}-pw",
            "groups_id": [(6, 0, [group_id])],
        }
        admin.call("res.users", "create", values)
        users[role] = rpc.login(login, f"{login}-pw")
    return users


def test_access_matrix(admin, role_users):
    installed = {
        model["model"]
        for model in admin.call(
            "ir.model", "search_read", [("model", "=like", "trade.%")], ["model"]
        )
    }
    differences = []
    for model, cells in MATRIX.items():
        if model not in installed:
            continue
        for role, expected in zip(ROLES, cells.split(), strict=True):
            user = role_users.get(role)
            if not user:
                continue
            actual = "".join(
                letter if user.call(model, "has_access", [], operation) else "-"
                for letter, operation in OPERATIONS.items()
            )
            if actual != expected:
                differences.append(f"{model} / {role}: {actual} instead of {expected}")
    assert not differences, "\n".join(differences)
    # every model of the addons with records is in the table
    transient = {
        row["model"]
        for row in admin.call(
            "ir.model",
            "search_read",
            [("model", "in", sorted(installed)), ("transient", "=", True)],
            ["model"],
        )
    }
    missing = []
    for model in sorted(installed - set(MATRIX) - transient):
        try:
            admin.call(model, "search_count", [])
        except Exception:  # an abstract model: no records, no rights
            continue
        missing.append(model)
    assert not missing, f"add these models to the matrix: {missing}"
