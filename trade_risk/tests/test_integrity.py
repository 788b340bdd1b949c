from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import TradeRiskCase

MERCHANDISER = "trade_business_dept.group_trade_merchandiser"


class TradeRiskIntegrityCase(TradeRiskCase):
    """The customer owes 95,000 of a limit of 100,000: a quotation of 20,000
    is refused by the credit rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = cls._new_user("risk_merch_chen", "Chen Jing", MERCHANDISER)

    def setUp(self):
        super().setUp()
        self._invoice(self.customer, 95000.0, due_date=self.days_ago(-60))

    def _request(self, order, user=None, reason="Long-standing key customer"):
        """A credit exception requested with the quotation's button."""
        user = user or self.salesperson
        action = order.with_user(user).action_trade_request_credit_exception()
        with Form(
            self.env["trade.credit.exception"]
            .with_user(user)
            .with_context(**action["context"])
        ) as form:
            form.reason = reason
        return form.record.with_env(self.env)

    def _approved(self, order):
        exception = self._request(order)
        exception.with_user(self.credit_manager).action_approve()
        self.assertEqual(exception.state, "approved")
        return exception


@tagged("post_install", "-at_install")
class TestContextKeys(TradeRiskIntegrityCase):
    """The context keys that once opened a privileged path change nothing
    when a client sends them (STYLE rule 22)."""

    def test_trade_exception_decision(self):
        for user in (self.salesperson, self.merchandiser):
            with self.subTest(user=user.login):
                order = self._order(self.customer, 20000.0, user=user)
                exception = self._request(order, user=user)
                with self.assertRaisesText(AccessError, "Approve and Reject buttons"):
                    exception.with_user(user).with_context(
                        trade_exception_decision=True
                    ).write(
                        {
                            "state": "approved",
                            "decided_by_id": self.second_credit_manager.id,
                            "date_decision": fields.Datetime.now(),
                        }
                    )
                self.assertEqual(exception.state, "requested")
                self.assertFalse(exception.decided_by_id)
                with self.assertRaisesText(UserError, "above its credit limit"):
                    order.with_user(user).action_confirm()
                self.assertEqual(order.state, "draft")

    def test_trade_investigation_conclude(self):
        investigation = (
            self.env["trade.credit.investigation"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.customer.id,
                    "conclusion": "Sound balance sheet",
                    "proposed_rating": "A",
                }
            )
        )
        with self.assertRaises(UserError):
            investigation.with_context(trade_investigation_conclude=True).with_user(
                self.salesperson
            ).write({"state": "done", "concluded_by_id": self.credit_manager.id})
        self.assertEqual(investigation.state, "draft")
        self.assertFalse(investigation.concluded_by_id)

        investigation.with_user(self.credit_manager).action_conclude()
        self.assertEqual(investigation.state, "done")
        self.assertEqual(investigation.concluded_by_id, self.credit_manager)
        self.assertEqual(self.customer.trade_credit_rating, "A")
        for user in (self.salesperson, self.credit_manager):
            with self.assertRaisesText(UserError, "cannot be changed"):
                investigation.with_user(user).with_context(
                    trade_investigation_conclude=True
                ).write({"conclusion": "Rewritten afterwards"})
        self.assertEqual(investigation.conclusion, "Sound balance sheet")

    def test_trade_credit_batch(self):
        """The key counted other orders in the exposure: sent by a client, it
        no longer changes the credit check of an order."""
        big = self._order(self.customer, 50000.0)
        order = self._order(self.customer, 4000.0)
        forged = order.with_user(self.salesperson).with_context(
            trade_credit_batch=[big.id, order.id]
        )
        self.assertFalse(forged.trade_credit_block_message)
        forged.action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestCreditExceptionBinding(TradeRiskIntegrityCase):
    """A credit exception is bound to the customer, the order and the amount
    approved: it lapses when they change (STYLE rule 23)."""

    def test_exception_lapses_when_the_customer_changes(self):
        self._invoice(self.colleague_customer, 95000.0, due_date=self.days_ago(-60))
        order = self._order(self.customer, 20000.0)
        exception = self._approved(order)
        sales_order = order.with_user(self.salesperson)
        sales_order.write({"partner_id": self.colleague_customer.id})
        self.assertEqual(exception.state, "lapsed")
        self.assertEqual(exception.partner_id, self.customer)
        self.assertEqual(order.trade_credit_exception_state, "lapsed")
        with self.assertRaisesText(UserError, "lapsed when the order's customer"):
            sales_order.action_confirm()
        self.assertEqual(order.state, "draft")
        # back to the first customer: the lapsed approval stays lapsed
        sales_order.write({"partner_id": self.customer.id})
        self.assertEqual(exception.state, "lapsed")
        with self.assertRaisesText(UserError, "above its credit limit"):
            sales_order.action_confirm()
        # a new request goes through the normal path
        second = self._approved(order)
        sales_order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertIn(
            second.name, " ".join(order.message_ids.mapped("preview")), "logged"
        )

    def test_requested_exception_lapses_and_cannot_be_approved(self):
        order = self._order(self.customer, 20000.0)
        exception = self._request(order)
        order.with_user(self.salesperson).partner_id = self.colleague_customer
        self.assertEqual(exception.state, "lapsed")
        self.assertFalse(exception.activity_ids)
        with self.assertRaisesText(UserError, "lapsed"):
            exception.with_user(self.credit_manager).action_approve()
        self.assertEqual(exception.state, "lapsed")

    def test_exception_lapses_when_the_order_grows(self):
        order = self._order(self.customer, 20000.0)
        exception = self._approved(order)
        # smaller: still covered
        order.order_line.with_user(self.salesperson).price_unit = 19000.0
        self.assertEqual(exception.state, "approved")
        # bigger: lapsed, even if it shrinks again
        order.order_line.with_user(self.salesperson).price_unit = 25000.0
        self.assertEqual(exception.state, "lapsed")
        with self.assertRaisesText(UserError, "20,000.00 only"):
            order.with_user(self.salesperson).action_confirm()
        order.order_line.with_user(self.salesperson).price_unit = 19000.0
        self.assertEqual(exception.state, "lapsed")
        with self.assertRaisesText(UserError, "lapsed when the order changed"):
            order.with_user(self.salesperson).action_confirm()
        second = self._approved(order)
        self.assertEqual(second.amount, 19000.0)
        # a line added after the approval
        order.with_user(self.salesperson).write(
            {
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1000,
                            "price_unit": 1.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ]
            }
        )
        self.assertEqual(second.state, "lapsed")
        with self.assertRaisesText(UserError, "19,000.00 only"):
            order.with_user(self.salesperson).action_confirm()

    def test_exception_request_and_approval_still_work(self):
        order = self._order(self.customer, 20000.0)
        exception = self._request(order)
        self.assertEqual(
            (exception.state, exception.requested_by_id, exception.partner_id),
            ("requested", self.salesperson, self.customer),
        )
        exception.with_user(self.credit_manager).action_approve()
        self.assertEqual(exception.decided_by_id, self.credit_manager)
        self.assertTrue(exception.date_decision)
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")


@tagged("post_install", "-at_install")
class TestWorkflowButtons(TradeRiskIntegrityCase):
    """The examples of issue 13 are refused; the buttons still work for the
    right role."""

    def test_risk_score_follows_likelihood_and_impact_only(self):
        risk = (
            self.env["trade.risk"]
            .with_user(self.salesperson)
            .create(
                {
                    "name": "Customer slows down its payments",
                    "partner_id": self.customer.id,
                    "likelihood": 2,
                    "impact": 2,
                }
            )
        )
        for values in ({"score": 25}, {"level": "critical"}, {"state": "closed"}):
            with self.assertRaises(UserError):
                risk.write(values)
        risk.invalidate_recordset()
        self.assertEqual((risk.score, risk.level, risk.state), (4, "low", "identified"))
        risk.write({"likelihood": 5, "impact": 5})
        self.assertEqual((risk.score, risk.level), (25, "critical"))

        risk.action_ids = [Command.create({"name": "Ask for a bank guarantee"})]
        risk.action_start_mitigation()
        self.assertEqual(risk.state, "mitigating")
        with self.assertRaises(UserError):
            risk.action_ids.write({"state": "done"})
        risk.action_ids.action_done()
        self.assertEqual(risk.action_ids.state, "done")
        risk.action_monitor()
        risk.closing_note = "Guarantee received"
        risk.action_close()
        self.assertEqual(risk.state, "closed")
        risk.action_reopen()
        self.assertEqual(risk.state, "identified")

    def test_guarantee_validated_terms_are_fixed(self):
        guarantee = (
            self.env["trade.credit.guarantee"]
            .with_user(self.credit_manager)
            .create(
                {
                    "name": "BG-77",
                    "partner_id": self.customer.id,
                    "amount": 10000.0,
                    "date_expiry": self.days_ago(-90),
                    "attachment_ids": [
                        Command.create({"name": "bg-77.pdf", "raw": b"%PDF scan"})
                    ],
                }
            )
        )
        with self.assertRaises(UserError):
            guarantee.write({"state": "valid"})
        guarantee.action_validate()
        self.assertEqual(guarantee.state, "valid")
        self.assertEqual(self.customer.trade_guarantee_amount, 10000.0)
        with self.assertRaisesText(UserError, "release it and record a new one"):
            guarantee.write({"amount": 1e7})
        guarantee.note = "Kept in the safe"
        guarantee.action_release()
        self.assertEqual(guarantee.state, "released")

    def test_dispute_moves_with_its_buttons(self):
        dispute = (
            self.env["trade.dispute"]
            .with_user(self.legal)
            .create(
                {
                    "subject": "Unpaid valves",
                    "partner_id": self.customer.id,
                    "claim_amount": 20000.0,
                }
            )
        )
        for values in (
            {"state": "closed"},
            {"date_closed": fields.Date.today()},
            {"resolution_method": "litigation"},
        ):
            with self.assertRaises(UserError):
                dispute.write(values)
        dispute.action_escalate()
        self.assertEqual(dispute.resolution_method, "arbitration")
        dispute.write({"outcome": "settled", "outcome_note": "Paid in two parts"})
        dispute.action_close()
        self.assertEqual(
            (dispute.state, dispute.date_closed), ("closed", fields.Date.today())
        )
        dispute.action_reopen()
        self.assertEqual(dispute.state, "open")

    def test_promise_recorded_and_cancelled(self):
        Promise = self.env["trade.payment.promise"].with_user(self.salesperson)
        values = {
            "partner_id": self.customer.id,
            "date_promised": self.days_ago(-10),
            "amount": 5000.0,
        }
        for forged in (
            {"state": "kept"},
            {"user_id": self.colleague.id},
            {"date": self.days_ago(100)},
            {"amount_received": 5000.0},
        ):
            with self.assertRaises(UserError):
                Promise.create(dict(values, **forged))
        promise = Promise.create(values)
        self.assertEqual(
            (promise.state, promise.user_id, promise.date),
            ("open", self.salesperson, fields.Date.context_today(promise)),
        )
        with self.assertRaises(UserError):
            promise.write({"user_id": self.colleague.id})
        promise.action_cancel()
        self.assertEqual(promise.state, "cancelled")
        copy = promise.copy()
        self.assertEqual((copy.state, copy.user_id), ("open", self.salesperson))


@tagged("post_install", "-at_install")
class TestCreditConfidentiality(TradeRiskIntegrityCase):
    """A customer's credit figures are read by its salesperson, the business
    managers, credit managers and finance only, as its ageing and statements
    are (R5.1)."""

    FIGURES = (
        "trade_credit_exposure",
        "trade_credit_available",
        "trade_overdue_amount",
        "trade_overdue_days",
        "trade_receivable_amount",
        "trade_uninvoiced_amount",
        "trade_draft_invoice_amount",
        "trade_guarantee_amount",
        "trade_credit_controlled",
    )

    def setUp(self):
        super().setUp()
        self._invoice(
            self.colleague_customer,
            30000.0,
            invoice_date=self.days_ago(40),
            due_date=self.days_ago(30),
        )

    def test_figures_per_role(self):
        for user in (self.salesperson, self.merchandiser):
            with self.subTest(user=user.login):
                partner = self.colleague_customer.with_user(user)
                self.assertFalse(partner.trade_credit_visible)
                values = partner.read(self.FIGURES)[0]
                self.assertFalse(any(values[name] for name in self.FIGURES), values)
        for user in (self.colleague, self.manager, self.credit_manager, self.finance):
            with self.subTest(user=user.login):
                partner = self.colleague_customer.with_user(user)
                self.assertTrue(partner.trade_credit_visible)
                self.assertEqual(partner.trade_credit_exposure, 30000.0)
                self.assertEqual(partner.trade_overdue_amount, 30000.0)
                self.assertEqual(partner.trade_overdue_days, 30)
        own = self.customer.with_user(self.salesperson)
        self.assertEqual(own.trade_credit_exposure, 95000.0)
        # the contact shows its company's figures to the same people
        self.assertEqual(
            self.contact.with_user(self.salesperson).trade_receivable_amount, 95000.0
        )

    def test_overdue_search_stays_within_own_customers(self):
        domain = [("trade_overdue_amount", ">", 0), ("is_company", "=", True)]
        Partner = self.env["res.partner"]
        self.assertNotIn(
            self.colleague_customer, Partner.with_user(self.salesperson).search(domain)
        )
        self.assertIn(
            self.colleague_customer, Partner.with_user(self.colleague).search(domain)
        )
        self.assertIn(
            self.colleague_customer, Partner.with_user(self.finance).search(domain)
        )

    def test_customer_lists_open_for_every_salesperson(self):
        view = self.env.ref("trade_risk.res_partner_view_list_trade_credit")
        for user in (self.salesperson, self.merchandiser, self.colleague):
            Partner = self.env["res.partner"].with_user(user)
            names = Partner.get_views([(view.id, "list")])["views"]["list"]["arch"]
            self.assertIn("trade_credit_exposure", names)
            records = Partner.web_search_read(
                [("id", "in", (self.customer | self.colleague_customer).ids)],
                {
                    "trade_credit_visible": {},
                    "trade_credit_exposure": {},
                    "trade_overdue_amount": {},
                    "trade_credit_rating": {},
                },
            )["records"]
            self.assertEqual(len(records), 2)
            by_id = {record["id"]: record for record in records}
            self.assertEqual(
                by_id[self.colleague_customer.id]["trade_credit_visible"],
                user == self.colleague,
            )

    def test_orders_of_others_show_no_figures(self):
        order = self._order(self.colleague_customer, 80000.0, user=self.colleague)
        message = order.with_user(self.colleague).trade_credit_block_message
        self.assertIn("30,000.00", message)
        as_merchandiser = order.with_user(self.merchandiser)
        self.assertFalse(as_merchandiser.trade_credit_visible)
        self.assertEqual(as_merchandiser.trade_credit_exposure, 0.0)
        message = as_merchandiser.trade_credit_block_message
        self.assertIn("above its credit limit", message)
        self.assertNotIn("30,000.00", message)
        self.assertNotIn("100,000.00", message)
        with self.assertRaises(UserError) as refusal:
            as_merchandiser.action_confirm()
        self.assertNotIn("30,000.00", str(refusal.exception))
        with self.assertRaises(AccessError):
            as_merchandiser.action_trade_request_credit_exception()
        with self.assertRaises(AccessError):
            self.env["trade.credit.exception"].with_user(self.merchandiser).create(
                {"sale_order_id": order.id, "amount": 80000.0, "reason": "Urgent"}
            )

    def test_statement_like_the_figures(self):
        report = self.env["report.trade_risk.report_customer_statement"]
        with self.assertRaises(AccessError):
            report.with_user(self.salesperson)._get_report_values(
                self.colleague_customer.ids
            )
        values = report.with_user(self.colleague)._get_report_values(
            self.colleague_customer.ids
        )
        self.assertEqual(
            values["statements"][self.colleague_customer.id]["total"], 30000.0
        )


@tagged("post_install", "-at_install")
class TestPortalReadsNoInternalField(TradeRiskIntegrityCase):
    """A portal customer reads none of the credit fields of his company or of
    his quotations (STYLE rule 24)."""

    def test_portal_user(self):
        portal = new_test_user(
            self.env,
            login="risk_portal_zhou",
            groups="base.group_portal",
            partner_id=self.contact.id,
        )
        order = self._order(self.contact, 20000.0)
        order.message_subscribe(self.contact.ids)
        as_portal = order.with_user(portal)
        self.assertEqual(as_portal.read(["name"])[0]["name"], order.name)
        for name in (
            "trade_credit_block_message",
            "trade_credit_exposure",
            "trade_credit_exception_ids",
            "trade_prepayment_required",
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                as_portal.read([name])
        for partner in (self.contact, self.customer):
            for name in ("trade_credit_rating", "trade_credit_exposure"):
                with self.subTest(field=name), self.assertRaises(AccessError):
                    partner.with_user(portal).read([name])
        for model in ("res.partner", "sale.order", "res.company"):
            Model = self.env[model]
            ours = {
                name
                for name, field in Model._fields.items()
                if "trade_risk" in (field._modules or ())
            }
            self.assertTrue(ours, model)
            visible = set(Model.with_user(portal).fields_get())
            self.assertFalse(ours & visible, model)


@tagged("post_install", "-at_install")
class TestPortalJsonRpc(HttpCase):
    """Through ``/web/dataset/call_kw``, as the portal's own pages call it, a
    portal customer reads his quotation but none of our credit fields; his
    portal pages still open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Portal Credit Customer",
                "is_company": True,
                "trade_credit_rating": "B",
                "credit_limit": 1000.0,
            }
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Portal Buyer",
                "parent_id": cls.customer.id,
                "email": "buyer@portal-credit.test",
            }
        )
        new_test_user(
            cls.env,
            login="risk_portal_rpc",
            groups="base.group_portal",
            partner_id=cls.contact.id,
        )
        # the department's rules (credit control included) for every order
        cls.env.company.trade_scope_all_orders = True
        product = cls.env["product.product"].create(
            {"name": "Portal valve", "type": "service", "list_price": 5000.0}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.contact.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1,
                            "price_unit": 5000.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        cls.order.action_quotation_sent()

    def _call_kw(self, model, method, *args):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": {}},
        )

    def test_portal_customer(self):
        self.assertTrue(self.order.sudo().trade_credit_block_message)
        self.authenticate("risk_portal_rpc", "risk_portal_rpc")
        for url in ("/my/home", "/my/quotes", f"/my/orders/{self.order.id}"):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
        self.assertIn(self.order.name, response.text)
        self.assertNotIn("credit limit", response.text)
        order = self._call_kw("sale.order", "read", [self.order.id], ["name"])
        self.assertEqual(order[0]["name"], self.order.name)
        for model, record, field in (
            ("res.partner", self.customer.id, "trade_credit_rating"),
            ("res.partner", self.contact.id, "trade_credit_rating"),
            ("res.partner", self.contact.id, "trade_credit_exposure"),
            ("sale.order", self.order.id, "trade_credit_block_message"),
            ("sale.order", self.order.id, "trade_credit_available"),
        ):
            with self.subTest(model=model, field=field):
                with self.assertRaises(JsonRpcException) as error:
                    self._call_kw(model, "read", [record], [field])
                self.assertIn("AccessError", str(error.exception))
