"""The appraisal's rules against a client that writes fields directly and
sends context keys (issue 13), over XML-RPC and JSON-RPC as the demo users
(password = login): li.wei and zhang.lei (salespeople), wang.min (business
manager), liu.fang (Appraisal HR) and the demo portal customer.

Collected only when ``trade_appraisal`` is among the addons under test.
"""

import uuid
import xmlrpc.client

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import xmlid as _xmlid

EVALUATION = "trade.appraisal.evaluation"


# Not collected at all when the addon is not installed by this run.
__test__ = "trade_appraisal" in _addons_under_test()


def _refused(user, model, method, *args, **kw):
    """The call fails; returns Odoo's message."""
    with pytest.raises(xmlrpc.client.Fault) as refusal:
        user.call(model, method, *args, **kw)
    return refusal.value.faultString


@pytest.fixture(scope="module")
def demo(rpc):
    return {
        login: rpc.login(login, login)
        for login in ("li.wei", "zhang.lei", "wang.min", "liu.fang")
    }


@pytest.fixture(scope="module")
def employees(admin):
    return {
        "li.wei": _xmlid(admin, "trade_appraisal.employee_li_wei_demo"),
        "zhang.lei": _xmlid(admin, "trade_appraisal.employee_zhang_lei_demo"),
    }


def _score(admin, line_id):
    return admin.call("trade.appraisal.scorecard.line", "read", [line_id], ["score"])[
        0
    ]["score"]


def test_manager_cannot_approve_an_award_himself(admin, demo, employees):
    manager, hr = demo["wang.min"], demo["liu.fang"]
    values = {
        "name": f"RPC award {uuid.uuid4().hex[:6]}",
        "employee_id": employees["zhang.lei"],
        "award_type": "teamwork",
        "amount": 800.0,
        "reason": "Covered the trade show alone",
    }
    message = _refused(
        manager, "trade.appraisal.award", "create", dict(values, state="approved")
    )
    assert "cannot be written directly" in message
    award_id = manager.call(
        "trade.appraisal.award",
        "create",
        values,
        context={"default_state": "approved"},
    )
    _refused(
        manager,
        "trade.appraisal.award",
        "write",
        [award_id],
        {"state": "approved", "decided_by_id": hr.uid},
    )
    _refused(manager, "trade.appraisal.award", "action_approve", [award_id])
    fields = ["state", "decided_by_id"]
    award = admin.call("trade.appraisal.award", "read", [award_id], fields)[0]
    assert (award["state"], award["decided_by_id"]) == ("proposed", False)
    # HR approves with the button
    hr.call("trade.appraisal.award", "action_approve", [award_id])
    award = admin.call("trade.appraisal.award", "read", [award_id], fields)[0]
    assert (award["state"], award["decided_by_id"][0]) == ("approved", hr.uid)


def test_appeal_decision_stays_on_the_appealed_card(admin, demo):
    hr = demo["liu.fang"]
    # Zhang Lei appealed last month's card; Li Wei's card of the month is not
    # part of her appeal
    appeal_id = _xmlid(admin, "trade_appraisal.appeal_zhang_month_1_demo")
    li_card_id = _xmlid(admin, "trade_appraisal.scorecard_li_month_1_demo")
    li_line_id = admin.call(
        "trade.appraisal.scorecard.line",
        "search",
        [("scorecard_id", "=", li_card_id), ("code", "=", "communication")],
    )[0]
    before = _score(admin, li_line_id)
    message = _refused(
        hr,
        "trade.appraisal.appeal.decide",
        "create",
        {
            "appeal_id": appeal_id,
            "decision": "adjusted",
            "note": "Lower it",
            "line_ids": [(0, 0, {"scorecard_line_id": li_line_id, "new_score": 5})],
        },
    )
    assert "decides on the scores of" in message
    _refused(
        hr,
        "trade.appraisal.adjustment",
        "create",
        {
            "appeal_id": appeal_id,
            "line_id": li_line_id,
            "old_score": before,
            "new_score": 5,
        },
    )
    assert _score(admin, li_line_id) == before
    assert not admin.call(
        "trade.appraisal.adjustment", "search", [("line_id", "=", li_line_id)]
    )


def test_direct_writes_of_scores_and_states_are_refused(admin, demo):
    manager, hr, li = demo["wang.min"], demo["liu.fang"], demo["li.wei"]
    card_id = _xmlid(admin, "trade_appraisal.scorecard_li_month_1_demo")
    fields = ["state", "total_score", "published_by_id"]
    before = admin.call("trade.appraisal.scorecard", "read", [card_id], fields)[0]
    for user, values in [
        (manager, {"total_score": 5.0}),
        (manager, {"state": "final"}),
        (hr, {"published_by_id": manager.uid}),
        (hr, {"state": "draft"}),
    ]:
        message = _refused(
            user, "trade.appraisal.scorecard", "write", [card_id], values
        )
        assert "cannot be written directly" in message
    after = admin.call("trade.appraisal.scorecard", "read", [card_id], fields)[0]
    assert after == before
    # a salesperson hands in a submission only with its button
    period_id = _xmlid(admin, "trade_appraisal.period_month_0_demo")
    _refused(
        li,
        "trade.appraisal.submission",
        "create",
        {
            "period_id": period_id,
            "sales_report": "<p>Direct</p>",
            "state": "submitted",
        },
    )


def test_former_context_keys_skip_no_weight_check(admin, demo):
    hr = demo["liu.fang"]
    indicator_id = _xmlid(admin, "trade_appraisal.indicator_sales_amount")
    weight = admin.call(
        "trade.appraisal.indicator", "read", [indicator_id], ["weight"]
    )[0]["weight"]
    for key in ("install_mode", "trade_appraisal_weights_batch"):
        message = _refused(
            hr,
            "trade.appraisal.indicator",
            "write",
            [indicator_id],
            {"weight": weight + 5},
            context={key: True},
        )
        assert "add up to 100" in message
    assert (
        admin.call("trade.appraisal.indicator", "read", [indicator_id], ["weight"])[0][
            "weight"
        ]
        == weight
    )


def test_peer_evaluators_are_invisible_to_the_evaluated_employee(
    admin, demo, employees
):
    li, zhang, manager = demo["li.wei"], demo["zhang.lei"], demo["wang.min"]
    year_id = _xmlid(admin, "trade_appraisal.period_year_demo")
    card = admin.call(
        "trade.appraisal.scorecard",
        "search_read",
        [("period_id", "=", year_id), ("employee_id", "=", employees["li.wei"])],
        ["state"],
    )[0]
    if card["state"] in ("draft", "collected"):
        # the manager asks Zhang Lei for a peer evaluation of Li Wei
        wizard_id = manager.call(
            "trade.appraisal.peer.request",
            "create",
            {
                "scorecard_id": card["id"],
                "peer_ids": [(6, 0, [employees["zhang.lei"]])],
            },
        )
        manager.call("trade.appraisal.peer.request", "action_confirm", [wizard_id])
    peer = admin.call(
        EVALUATION,
        "search_read",
        [("scorecard_id", "=", card["id"]), ("evaluator_id", "=", zhang.uid)],
        ["state"],
    )
    if not peer:
        pytest.skip("Li Wei's annual appraisal is already scored in this database")
    peer_id = peer[0]["id"]
    if peer[0]["state"] == "requested":
        zhang.call(EVALUATION, "write", [peer_id], {"score": 75, "strengths": "Calm"})
        zhang.call(EVALUATION, "action_submit", [peer_id])
    zhang_partner = admin.call("res.users", "read", [zhang.uid], ["partner_id"])[0][
        "partner_id"
    ][0]

    # followers
    followers = li.call(
        "mail.followers",
        "search_read",
        [("res_model", "=", EVALUATION)],
        ["partner_id", "res_id"],
    )
    assert zhang_partner not in [row["partner_id"][0] for row in followers]
    assert peer_id not in [row["res_id"] for row in followers]
    # activities
    activities = li.call(
        "mail.activity",
        "search_read",
        [("res_model", "=", EVALUATION)],
        ["user_id", "res_id"],
    )
    assert zhang.uid not in [row["user_id"][0] for row in activities]
    assert peer_id not in [row["res_id"] for row in activities]
    # messages
    messages = li.call(
        "mail.message",
        "search_read",
        [("model", "=", EVALUATION)],
        ["author_id", "res_id"],
    )
    assert peer_id not in [row["res_id"] for row in messages]
    assert zhang_partner not in [
        row["author_id"][0] for row in messages if row["author_id"]
    ]
    # notifications
    notifications = li.call(
        "mail.notification", "search_read", [], ["res_partner_id", "mail_message_id"]
    )
    message_ids = [row["mail_message_id"][0] for row in notifications]
    # (admin is Appraisal HR: he reads every message on an evaluation)
    on_evaluations = set(
        admin.call(
            "mail.message",
            "search",
            [("id", "in", message_ids), ("model", "=", EVALUATION)],
        )
    )
    assert not [
        row
        for row in notifications
        if row["mail_message_id"][0] in on_evaluations
        and row["res_partner_id"]
        and row["res_partner_id"][0] == zhang_partner
    ]
    # the evaluation itself
    _refused(li, EVALUATION, "read", [peer_id], ["evaluator_id"])
    # while the manager sees who evaluates
    assert manager.call(EVALUATION, "search", [("id", "=", peer_id)]) == [peer_id]


def test_portal_reads_no_appraisal_setting(rpc, admin):
    portal = rpc.login("portal", "portal")
    company_id = admin.call("res.users", "read", [portal.uid], ["company_id"])[0][
        "company_id"
    ][0]
    with pytest.raises(AssertionError) as refusal:
        rpc.jsonrpc(
            "object",
            "execute_kw",
            rpc.db,
            portal.uid,
            "portal",
            "res.company",
            "read",
            [
                [company_id],
                ["trade_appraisal_appeal_days", "trade_appraisal_weight_peer"],
            ],
        )
    assert "AccessError" in str(refusal.value) or "access" in str(refusal.value)
    # the fields the portal pages show stay readable
    assert rpc.jsonrpc(
        "object",
        "execute_kw",
        rpc.db,
        portal.uid,
        "portal",
        "res.company",
        "read",
        [[company_id], ["name"]],
    )


def _award(admin, award_id):
    fields = ["state", "amount", "decided_by_id", "proposed_by_id"]
    award = admin.call("trade.appraisal.award", "read", [award_id], fields)[0]
    return {
        name: value[0] if isinstance(value, list) else value
        for name, value in award.items()
    }


def test_hr_decides_no_award_of_her_own_and_none_changes_once_decided(
    admin, demo, employees
):
    hr, manager = demo["liu.fang"], demo["wang.min"]
    liu_fang = _xmlid(admin, "trade_appraisal.employee_liu_fang_demo")
    wang_min = _xmlid(admin, "trade_appraisal.employee_wang_min_demo")
    values = {
        "name": f"RPC award {uuid.uuid4().hex[:6]}",
        "award_type": "other",
        "amount": 50000.0,
        "reason": "Organised the year-end party",
    }
    # the attack: HR proposes an award for herself and approves it
    message = _refused(
        hr, "trade.appraisal.award", "create", dict(values, employee_id=liu_fang)
    )
    assert "for themselves" in message
    # nor a manager for himself
    _refused(
        manager, "trade.appraisal.award", "create", dict(values, employee_id=wang_min)
    )
    # one proposed for her by another HR officer is decided by someone else
    own_id = admin.call(
        "trade.appraisal.award", "create", dict(values, employee_id=liu_fang)
    )
    for method in ("action_approve", "action_reject"):
        assert "is yours" in _refused(hr, "trade.appraisal.award", method, [own_id])
    assert _award(admin, own_id)["state"] == "proposed"

    # once approved, the amount is what was approved
    award_id = manager.call(
        "trade.appraisal.award",
        "create",
        dict(values, employee_id=employees["zhang.lei"], amount=800.0),
    )
    hr.call("trade.appraisal.award", "action_approve", [award_id])
    message = _refused(
        hr, "trade.appraisal.award", "write", [award_id], {"amount": 999999}
    )
    assert "Set it back to proposed" in message
    _refused(
        hr,
        "trade.appraisal.award",
        "write",
        [award_id],
        {"employee_id": employees["li.wei"]},
    )
    award = _award(admin, award_id)
    assert (award["state"], award["amount"], award["decided_by_id"]) == (
        "approved",
        800.0,
        hr.uid,
    )
    # changing it takes Back to Proposed and a new decision by someone else
    hr.call("trade.appraisal.award", "action_reset_to_proposed", [award_id])
    hr.call("trade.appraisal.award", "write", [award_id], {"amount": 999999})
    assert "You proposed" in _refused(
        hr, "trade.appraisal.award", "action_approve", [award_id]
    )
    award = _award(admin, award_id)
    assert (award["state"], award["proposed_by_id"], award["decided_by_id"]) == (
        "proposed",
        hr.uid,
        False,
    )


def test_hr_decides_an_appeal_only_with_the_managers_findings(admin, demo):
    hr, manager, li = demo["liu.fang"], demo["wang.min"], demo["li.wei"]
    appeal_id = _xmlid(admin, "trade_appraisal.appeal_zhang_month_1_demo")
    fields = ["state", "manager_opinion", "opinion_by_id"]
    before = admin.call("trade.appraisal.appeal", "read", [appeal_id], fields)[0]
    # the attack: HR writes the department's findings, then decides alone
    message = _refused(
        hr,
        "trade.appraisal.appeal",
        "write",
        [appeal_id],
        {"manager_opinion": "Looked into it: the scores stand."},
    )
    assert "written by their business manager" in message
    _refused(
        li, "trade.appraisal.appeal", "write", [appeal_id], {"manager_opinion": "x"}
    )
    for user in (hr, manager):
        message = _refused(
            user,
            "trade.appraisal.appeal",
            "write",
            [appeal_id],
            {"opinion_by_id": manager.uid},
        )
        assert "cannot be written directly" in message
    if not before["manager_opinion"]:
        wizard_id = hr.call(
            "trade.appraisal.appeal.decide",
            "create",
            {"appeal_id": appeal_id, "decision": "upheld", "note": "Fair"},
        )
        message = _refused(
            hr, "trade.appraisal.appeal.decide", "action_confirm", [wizard_id]
        )
        assert "department's findings" in message
    after = admin.call("trade.appraisal.appeal", "read", [appeal_id], fields)[0]
    assert after == before


def test_nobody_writes_the_employees_remarks_on_an_interview(admin, demo):
    hr, manager = demo["liu.fang"], demo["wang.min"]
    # Zhang Lei's held interview waits for her acknowledgement
    interview_id = _xmlid(admin, "trade_appraisal.interview_zhang_month_2_demo")
    fields = ["employee_comment", "interviewer_id"]
    before = admin.call("trade.appraisal.interview", "read", [interview_id], fields)[0]
    for user in (hr, manager):
        for values in (
            {"employee_comment": "Agrees with everything"},
            {"interviewer_id": hr.uid},
        ):
            _refused(user, "trade.appraisal.interview", "write", [interview_id], values)
        _refused(
            user,
            "trade.appraisal.interview.remark",
            "action_confirm",
            [
                user.call(
                    "trade.appraisal.interview.remark",
                    "create",
                    {"interview_id": interview_id, "employee_comment": "Agrees"},
                )
            ],
        )
    after = admin.call("trade.appraisal.interview", "read", [interview_id], fields)[0]
    assert after == before
    # Zhang Lei writes them herself, before acknowledging
    zhang = demo["zhang.lei"]
    remarks = f"Fair record {uuid.uuid4().hex[:6]}"
    wizard_id = zhang.call(
        "trade.appraisal.interview.remark",
        "create",
        {"interview_id": interview_id, "employee_comment": remarks},
    )
    zhang.call("trade.appraisal.interview.remark", "action_confirm", [wizard_id])
    assert (
        admin.call("trade.appraisal.interview", "read", [interview_id], fields)[0][
            "employee_comment"
        ]
        == remarks
    )


def test_hr_does_not_agree_to_her_own_training_request(demo):
    hr = demo["liu.fang"]
    # HR requests training on her own plan but does not agree to it herself
    wizard_id = hr.call("trade.development.request", "create", {"name": "Excel course"})
    hr.call("trade.development.request", "action_confirm", [wizard_id])
    need_ids = hr.call(
        "trade.development.need",
        "search",
        [("plan_id.user_id", "=", hr.uid), ("state", "=", "proposed")],
    )
    assert need_ids
    message = _refused(hr, "trade.development.need", "action_agree", need_ids)
    assert "your own development plan" in message
