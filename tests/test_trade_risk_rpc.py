"""Credit control through a real client (XML-RPC), one login per role, R5.2.

An order that would take a customer above its credit limit is refused with
the figures; the salesperson requests a credit exception and cannot approve
it, the credit manager approves it and the order confirms; two orders of one
customer confirmed at the same moment from two connections, when only one fits
under the limit: both wait at once for the customer's row lock (in two worker
processes when Odoo runs in prefork mode), one passes, the other is refused.

Collected only when ``trade_risk`` is among the addons under test.
"""

import re
import threading
import time
import uuid
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from rpc_helpers import addons_under_test as _addons_under_test
from rpc_helpers import fault as _fault
from rpc_helpers import new_user

#: Seconds both confirmations may take together (the second one waits for the
#: first one's lock, then Odoo retries it).
CONCURRENCY_TIMEOUT = 120


# Not collected at all when the addon is not installed by this run.
__test__ = "trade_risk" in _addons_under_test()


def _user(admin, rpc, role, group_xmlids):
    return new_user(admin, rpc, "rpc_risk", role, group_xmlids)


@pytest.fixture(scope="module")
def roles(admin, rpc):
    return {
        "salesperson": _user(
            admin, rpc, "sales", ["trade_business_dept.group_trade_salesperson"]
        ),
        "credit_manager": _user(
            admin, rpc, "credit", ["trade_risk.group_trade_credit_manager"]
        ),
    }


@pytest.fixture(scope="module")
def product(admin):
    """A service without tax: the order total is the amount checked."""
    return admin.call(
        "product.product",
        "create",
        {
            "name": f"RPC risk audit service {uuid.uuid4().hex[:6]}",
            "type": "service",
            "list_price": 100.0,
            "invoice_policy": "order",
            "description_sale": "Pre-shipment audit of one factory, report in English",
            "taxes_id": [(6, 0, [])],
        },
    )


def _customer(salesperson, credit_manager, limit):
    """A new customer of the salesperson; the credit manager sets its limit."""
    customer_id = salesperson.call(
        "res.partner",
        "create",
        {
            "name": f"RPC Risk Customer {uuid.uuid4().hex[:8]}",
            "is_company": True,
            "user_id": salesperson.uid,
        },
    )
    credit_manager.call("res.partner", "write", [customer_id], {"credit_limit": limit})
    return customer_id


def _quotation(salesperson, customer_id, product_id, amount):
    """A quotation ready for the department's confirmation checks: only the
    credit rules can refuse it."""
    promised = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S")
    return salesperson.call(
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
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": [(6, 0, [])],
                    },
                )
            ],
        },
    )


def _assert_figure(message, label, amount):
    """The message shows ``label`` followed by the amount (in any currency)."""
    pattern = rf"{re.escape(label)} \D{{0,6}}{re.escape(f'{amount:,.2f}')}"
    assert re.search(pattern, message), (label, amount, message)


def _read(user, model, record_id, fields):
    return user.call(model, "read", [record_id], fields)[0]


def test_over_limit_order_is_refused_with_the_figures(roles, product):
    sales, credit = roles["salesperson"], roles["credit_manager"]
    customer_id = _customer(sales, credit, 1000.0)
    first = _quotation(sales, customer_id, product, 400.0)
    sales.call("sale.order", "action_confirm", [first])
    assert _read(sales, "sale.order", first, ["state"])["state"] == "sale"

    order_id = _quotation(sales, customer_id, product, 900.0)
    order = _read(
        sales,
        "sale.order",
        order_id,
        [
            "name",
            "trade_credit_controlled",
            "trade_credit_exposure",
            "trade_credit_available",
            "trade_credit_block_message",
        ],
    )
    assert order["trade_credit_controlled"]
    assert order["trade_credit_exposure"] == pytest.approx(400.0)
    assert order["trade_credit_available"] == pytest.approx(600.0)
    assert "above its credit limit" in order["trade_credit_block_message"]

    message = _fault(sales.call, "sale.order", "action_confirm", [order_id])
    assert f"Order {order['name']} cannot be confirmed yet" in (message)
    for label, amount in (
        ("to", 1300.0),  # exposure after the order
        ("credit limit of", 1000.0),
        ("Available credit:", 600.0),
        ("this order:", 900.0),
        ("exposure now:", 400.0),
        ("confirmed orders not invoiced", 400.0),  # the first order
    ):
        _assert_figure(message, label, amount)
    assert "Request Credit Exception" in message, message
    assert _read(sales, "sale.order", order_id, ["state"])["state"] == "draft"

    partner = _read(
        credit,
        "res.partner",
        customer_id,
        ["trade_credit_exposure", "trade_credit_available", "trade_uninvoiced_amount"],
    )
    assert partner["trade_credit_exposure"] == pytest.approx(400.0)
    assert partner["trade_uninvoiced_amount"] == pytest.approx(400.0)
    assert partner["trade_credit_available"] == pytest.approx(600.0)


def test_salesperson_requests_credit_manager_approves_exception(roles, product):
    sales, credit = roles["salesperson"], roles["credit_manager"]
    customer_id = _customer(sales, credit, 1000.0)
    order_id = _quotation(sales, customer_id, product, 1500.0)
    assert "1,500.00" in _fault(sales.call, "sale.order", "action_confirm", [order_id])

    # the button of the quotation opens the request prefilled
    action = sales.call(
        "sale.order", "action_trade_request_credit_exception", [order_id]
    )
    assert action["res_model"] == "trade.credit.exception"
    context = action["context"]
    assert context["default_amount"] == pytest.approx(1500.0)
    exception_id = sales.call(
        "trade.credit.exception",
        "create",
        {
            "reason": "Long-standing customer, payment agreed by wire next week",
            "amount": context["default_amount"],
        },
        context=context,
    )
    exception = _read(
        sales,
        "trade.credit.exception",
        exception_id,
        ["state", "requested_by_id", "sale_order_id", "blocking_reason", "can_decide"],
    )
    assert exception["state"] == "requested"
    assert exception["requested_by_id"][0] == sales.uid
    assert exception["sale_order_id"][0] == order_id
    assert "above its credit limit" in exception["blocking_reason"]
    assert not exception["can_decide"]
    order = _read(sales, "sale.order", order_id, ["trade_credit_exception_state"])
    assert order["trade_credit_exception_state"] == "requested"

    # the salesperson can neither approve nor force the decision
    message = _fault(
        sales.call, "trade.credit.exception", "action_approve", [exception_id]
    )
    assert "Only a credit manager can approve" in message
    message = _fault(
        sales.call,
        "trade.credit.exception",
        "write",
        [exception_id],
        {"state": "approved"},
    )
    assert "Approve and Reject buttons" in message
    assert (
        _read(sales, "trade.credit.exception", exception_id, ["state"])["state"]
        == "requested"
    )
    # still refused while the exception is only requested
    message = _fault(sales.call, "sale.order", "action_confirm", [order_id])
    assert "above its credit limit" in message

    assert _read(credit, "trade.credit.exception", exception_id, ["can_decide"])[
        "can_decide"
    ]
    credit.call("trade.credit.exception", "action_approve", [exception_id])
    exception = _read(
        sales, "trade.credit.exception", exception_id, ["state", "decided_by_id"]
    )
    assert exception["state"] == "approved"
    assert exception["decided_by_id"][0] == credit.uid

    sales.call("sale.order", "action_confirm", [order_id])
    order = _read(sales, "sale.order", order_id, ["state", "name"])
    assert order["state"] == "sale"
    messages = sales.call(
        "mail.message",
        "search_read",
        [("model", "=", "sale.order"), ("res_id", "=", order_id)],
        ["body"],
    )
    assert any(
        "Confirmed beyond the credit rules" in (message["body"] or "")
        for message in messages
    ), messages


#: The statement of ``res.partner._trade_lock_credit`` as PostgreSQL shows it.
CREDIT_LOCK_QUERY = "%FROM res_partner WHERE id IN %FOR NO KEY UPDATE%"
#: Seconds a third call must stay unanswered while every worker of a prefork
#: server waits for the customer's lock.
PROBE_WAIT = 2


def _lock_waiters(watch, count, futures):
    """Waits until ``count`` backends of the database wait for a lock in the
    credit check's statement; returns their PostgreSQL process ids. Fails if
    a confirmation is answered first or after CONCURRENCY_TIMEOUT."""
    deadline = time.monotonic() + CONCURRENCY_TIMEOUT
    waiting = []
    with watch.cursor() as cr:
        while time.monotonic() < deadline:
            cr.execute(
                "SELECT pid FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' "
                "AND query LIKE %s ORDER BY pid",
                [CREDIT_LOCK_QUERY],
            )
            waiting = [pid for (pid,) in cr.fetchall()]
            if len(waiting) >= count:
                return waiting
            answered = [oid for oid, future in futures.items() if future.done()]
            assert not answered, (
                f"orders {answered} answered while their customer's row was "
                f"locked (backends waiting for the lock: {waiting})"
            )
            time.sleep(0.05)
    raise AssertionError(
        f"{len(waiting)} of {count} confirmations waited for the customer's "
        f"lock within {CONCURRENCY_TIMEOUT}s: backends {waiting}"
    )


def _confirm_together(rpc, user, order_ids, odoo_pg, customer_id, workers):
    """Confirm each order from its own thread and XML-RPC connection, all
    sent together while the test holds the customer's row lock; once every
    confirmation waits for that lock in the server, release it.

    When the server runs in prefork mode with as many HTTP workers as
    orders, a worker serves one request at a time: each confirmation then
    holds a worker of its own, and a third call (``version``) sent meanwhile
    is answered only once the lock is released and a worker is free.

    Return ``{order id: (result, sent at, answered at)}`` with result
    "confirmed" or the refusal, the backends that waited for the lock at once,
    and ``(probe answered at, lock released at)`` (None when not probed)."""
    barrier = threading.Barrier(len(order_ids))
    # one client per thread: a ServerProxy is not thread-safe and keeps its
    # HTTP connection, two of them talk to the server at the same time
    clients = {
        order_id: type(rpc)(rpc.url, rpc.db, rpc.admin_password).login(
            user.login, user.password
        )
        for order_id in order_ids
    }
    prober = type(rpc)(rpc.url, rpc.db, rpc.admin_password)

    def confirm(order_id):
        client = clients[order_id]
        barrier.wait(timeout=CONCURRENCY_TIMEOUT)
        sent = time.monotonic()
        try:
            client.call("sale.order", "action_confirm", [order_id])
        except xmlrpc.client.Fault as refusal:
            return refusal.faultString, sent, time.monotonic()
        return "confirmed", sent, time.monotonic()

    def probe():
        prober.version()
        return time.monotonic()

    gate, watch = odoo_pg(), odoo_pg(autocommit=True)
    probing = workers == len(order_ids)
    with ThreadPoolExecutor(max_workers=len(order_ids) + 1) as executor:
        with gate.cursor() as cr:
            cr.execute(
                "SELECT id FROM res_partner WHERE id = %s FOR UPDATE", [customer_id]
            )
        try:
            futures = {oid: executor.submit(confirm, oid) for oid in order_ids}
            waiting = _lock_waiters(watch, len(order_ids), futures)
            probed = executor.submit(probe) if probing else None
            if probed:
                time.sleep(PROBE_WAIT)
        finally:
            released = time.monotonic()
            gate.rollback()  # releases the row: the confirmations go on
        results = {
            oid: future.result(timeout=CONCURRENCY_TIMEOUT)
            for oid, future in futures.items()
        }
        probe_times = (probed.result(CONCURRENCY_TIMEOUT), released) if probed else None
    return results, waiting, probe_times


def test_two_orders_confirmed_together_only_one_fits(
    rpc, roles, product, odoo_pg, odoo_workers
):
    sales, credit = roles["salesperson"], roles["credit_manager"]
    customer_id = _customer(sales, credit, 1000.0)
    # A first order, confirmed alone: a customer's first confirmation writes
    # its record (first order date...). Then two buyers of the customer order
    # together: confirming notifies the order's contact, which writes the
    # buyer's record (signup), not the customer's. So nothing but the credit
    # check's lock on the customer makes the two confirmations wait for each
    # other: with ``res.partner._trade_lock_credit`` disabled, both orders
    # pass and this test fails.
    first = _quotation(sales, customer_id, product, 100.0)
    sales.call("sale.order", "action_confirm", [first])
    buyer_ids = [
        sales.call(
            "res.partner",
            "create",
            {
                "name": f"RPC Risk Buyer {n}",
                "parent_id": customer_id,
                "type": "contact",
            },
        )
        for n in (1, 2)
    ]
    order_ids = [
        _quotation(sales, buyer_ids[0], product, 500.0),
        _quotation(sales, buyer_ids[1], product, 600.0),
    ]
    # each fits alone, not both
    for order_id in order_ids:
        order = _read(sales, "sale.order", order_id, ["trade_credit_block_message"])
        assert not order["trade_credit_block_message"]

    results, waiting, probe = _confirm_together(
        rpc, sales, order_ids, odoo_pg, customer_id, odoo_workers
    )

    # both requests were in flight at once: each was sent before the other
    # one's answer came back, and both waited in the server at the same time
    # for the customer's lock
    (_r1, sent_1, answered_1), (_r2, sent_2, answered_2) = results.values()
    assert sent_1 < answered_2 and sent_2 < answered_1, results
    assert len(waiting) == 2, waiting
    if odoo_workers == 2:
        # prefork with two workers: each confirmation held a worker of its
        # own (a third call waited for one of them to be free)
        answered, released = probe
        assert answered > released, (
            f"a third call was answered {released - answered:.1f} s before the "
            "lock was released: the two confirmations did not hold both workers"
        )
    confirmed = [oid for oid, (result, *_t) in results.items() if result == "confirmed"]
    refused = [result for result, *_t in results.values() if result != "confirmed"]
    assert len(confirmed) == 1, results
    assert len(refused) == 1, results
    assert "above its credit limit" in refused[0], refused[0]
    # the refusal counts the order confirmed at the same moment in the exposure
    amounts = dict(zip(order_ids, (500.0, 600.0), strict=True))
    passed = amounts[confirmed[0]]
    other = amounts[next(oid for oid in order_ids if oid != confirmed[0])]
    _assert_figure(refused[0], "to", 1200.0)
    _assert_figure(refused[0], "this order:", other)
    _assert_figure(refused[0], "exposure now:", 100.0 + passed)

    states = {
        order["id"]: order["state"]
        for order in sales.call("sale.order", "read", order_ids, ["state"])
    }
    assert states == {
        oid: "sale" if oid == confirmed[0] else "draft" for oid in order_ids
    }
    exposure = _read(credit, "res.partner", customer_id, ["trade_credit_exposure"])
    assert exposure["trade_credit_exposure"] == pytest.approx(100.0 + passed)
