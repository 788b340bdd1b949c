"""Two companies through a real client (XML-RPC), issue 17.6: a user working
in both switches companies with ``context.allowed_company_ids`` as the web
client's company switcher does; each company numbers and sees its own
records and keeps its own settings; a user of one company cannot reach the
other's, whatever context he sends."""

import uuid

import pytest
from rpc_helpers import fault, new_user

MANAGER = "trade_business_dept.group_trade_manager"


def _in(*companies):
    """The context of the company switcher with ``companies`` ticked."""
    return {"context": {"allowed_company_ids": list(companies)}}


@pytest.fixture(scope="module")
def companies(admin):
    main = admin.call("res.users", "read", [admin.uid], ["company_id"])[0][
        "company_id"
    ][0]
    cny = admin.call(
        "res.currency", "search", [("name", "=", "CNY")], context={"active_test": False}
    )[0]
    admin.call("res.currency", "write", [cny], {"active": True})
    other = admin.call(
        "res.company",
        "create",
        {"name": f"RPC Multi-company {uuid.uuid4().hex[:6]}", "currency_id": cny},
    )
    return main, other


@pytest.fixture(scope="module")
def users(admin, rpc, companies):
    main, other = companies
    both = new_user(admin, rpc, "rpc_mc", "manager_ab", [MANAGER])
    only_main = new_user(admin, rpc, "rpc_mc", "manager_a", [MANAGER])
    admin.call(
        "res.users",
        "write",
        [both.uid],
        {"company_ids": [(6, 0, [main, other])], "company_id": main},
    )
    admin.call(
        "res.users",
        "write",
        [only_main.uid],
        {"company_ids": [(6, 0, [main])], "company_id": main},
    )
    return both, only_main


@pytest.fixture(scope="module")
def customer(admin):
    return admin.call(
        "res.partner", "create", {"name": "RPC Multi-company Buyer", "is_company": True}
    )


def _visit(user, customer, *companies):
    return user.call(
        "trade.visit",
        "create",
        {"partner_id": customer, "user_id": user.uid, "purpose": "Quarterly review"},
        **_in(*companies),
    )


def test_each_company_numbers_and_sees_its_own_records(companies, users, customer):
    main, other = companies
    both, only_main = users
    visit_main = _visit(both, customer, main)
    visit_other = _visit(both, customer, other, main)
    ids = [visit_main, visit_other]
    read = both.call(
        "trade.visit", "read", ids, ["company_id", "name"], **_in(main, other)
    )
    by_id = {row["id"]: row for row in read}
    assert by_id[visit_main]["company_id"][0] == main
    assert by_id[visit_other]["company_id"][0] == other
    # a new company starts its own numbering
    assert by_id[visit_other]["name"].endswith("/0001")
    domain = [("id", "in", ids)]
    assert both.call("trade.visit", "search", domain, **_in(main)) == [visit_main]
    assert both.call("trade.visit", "search", domain, **_in(other)) == [visit_other]
    assert sorted(both.call("trade.visit", "search", domain, **_in(main, other))) == (
        sorted(ids)
    )
    # a user of the first company only
    assert only_main.call("trade.visit", "search", domain) == [visit_main]
    assert "access" in fault(
        only_main.call, "trade.visit", "read", [visit_other], ["name"]
    )
    assert fault(only_main.call, "trade.visit", "search", domain, **_in(other)), (
        "a company he does not work in cannot be ticked"
    )


def test_settings_are_per_company(admin, companies):
    main, other = companies
    before = admin.call("res.company", "read", [main], ["trade_followup_days_key"])[0]
    settings = admin.call(
        "res.config.settings", "create", {"trade_followup_days_key": 9}, **_in(other)
    )
    admin.call("res.config.settings", "execute", [settings], **_in(other))
    values = admin.call(
        "res.company",
        "read",
        [main, other],
        ["trade_followup_days_key", "trade_followup_days_regular"],
    )
    by_id = {row["id"]: row for row in values}
    assert by_id[other]["trade_followup_days_key"] == 9
    assert by_id[other]["trade_followup_days_regular"] == 30, "the others kept"
    assert by_id[main]["trade_followup_days_key"] == before["trade_followup_days_key"]
