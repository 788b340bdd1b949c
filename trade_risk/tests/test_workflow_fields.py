from odoo import Command
from odoo.tests import tagged

from odoo.addons.trade_business_dept.tests.workflow_common import (
    WorkflowFieldsTestMixin,
)

from .common import TradeRiskCase

MERCHANDISER = "trade_business_dept.group_trade_merchandiser"


@tagged("post_install", "-at_install")
class TestWorkflowFields(WorkflowFieldsTestMixin, TradeRiskCase):
    """Every workflow and decision field of the credit and risk records,
    written or created directly by each role of the department, is refused
    and left unchanged: only the records' own methods set them (issue 13)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.merchandiser = cls._new_user("risk_merch_chen", "Chen Jing", MERCHANDISER)
        cls.roles = (
            cls.salesperson
            | cls.merchandiser
            | cls.manager
            | cls.credit_manager
            | cls.finance
        )

    def test_credit_exception(self):
        order = self._order(self.customer, 500.0)
        exception = (
            self.env["trade.credit.exception"]
            .with_user(self.salesperson)
            .create({"sale_order_id": order.id, "amount": 500.0, "reason": "Key"})
        )
        other_order = self._order(self.customer, 700.0)
        self.assertWorkflowFieldsGuarded(
            exception.with_env(self.env),
            self.roles,
            create_vals={
                "sale_order_id": other_order.id,
                "amount": 700.0,
                "reason": "Season order",
            },
            must_cover={
                "state",
                "decided_by_id",
                "date_decision",
                "partner_id",
                "requested_by_id",
                "exposure_at_request",
            },
        )

    def test_credit_investigation(self):
        investigation = self.env["trade.credit.investigation"].create(
            {"partner_id": self.customer.id, "user_id": self.salesperson.id}
        )
        self.assertWorkflowFieldsGuarded(
            investigation,
            self.roles,
            create_vals={"partner_id": self.customer.id, "source": "agency"},
            must_cover={"state", "concluded_by_id"},
        )

    def test_credit_guarantee(self):
        guarantee = self.env["trade.credit.guarantee"].create(
            {
                "name": "BG-1",
                "partner_id": self.customer.id,
                "amount": 5000.0,
                "date_expiry": self.days_ago(-60),
            }
        )
        self.assertWorkflowFieldsGuarded(
            guarantee,
            self.roles,
            create_vals={
                "name": "BG-2",
                "partner_id": self.customer.id,
                "amount": 5000.0,
                "date_expiry": self.days_ago(-60),
            },
            must_cover={"state"},
        )

    def test_dispute(self):
        dispute = self.env["trade.dispute"].create(
            {
                "subject": "Unpaid valves",
                "partner_id": self.customer.id,
                "claim_amount": 1000.0,
            }
        )
        self.assertWorkflowFieldsGuarded(
            dispute,
            self.roles | self.legal,
            create_vals={
                "subject": "Unpaid flanges",
                "partner_id": self.customer.id,
                "claim_amount": 500.0,
            },
            must_cover={"state", "date_opened", "date_closed"},
        )

    def test_risk_and_its_actions(self):
        risk = self.env["trade.risk"].create(
            {
                "name": "Customer slows down its payments",
                "partner_id": self.customer.id,
                "owner_id": self.salesperson.id,
                "likelihood": 2,
                "impact": 2,
                "action_ids": [Command.create({"name": "Call the CFO"})],
            }
        )
        self.assertWorkflowFieldsGuarded(
            risk,
            self.roles,
            create_vals={"name": "Port strike", "partner_id": self.customer.id},
            must_cover={"state", "score", "level", "warning_type", "warning_key"},
        )
        self.assertWorkflowFieldsGuarded(
            risk.action_ids,
            self.roles,
            create_vals={"risk_id": risk.id, "name": "Ask for a guarantee"},
            must_cover={"state"},
        )

    def test_payment_promise(self):
        promise = self.env["trade.payment.promise"].create(
            {
                "partner_id": self.customer.id,
                "date_promised": self.days_ago(-10),
                "amount": 800.0,
                "user_id": self.salesperson.id,
            }
        )
        self.assertWorkflowFieldsGuarded(
            promise,
            self.roles,
            create_vals={
                "partner_id": self.customer.id,
                "date_promised": self.days_ago(-20),
                "amount": 300.0,
            },
            must_cover={"state", "amount_received", "user_id", "date"},
            # the other user the table tries may be the one creating, who
            # records his own promise: see TestWorkflowButtons for user_id
            skip={"user_id"},
        )

    def test_collection_log(self):
        log = self.env["trade.collection.action"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "step": "reminder",
                "date": self.days_ago(1),
                "overdue_amount": 100.0,
                "overdue_days": 8,
            }
        )
        self.assertWorkflowFieldsGuarded(
            log,
            self.roles,
            create_vals={
                "partner_id": self.customer.id,
                "company_id": self.company.id,
                "step": "call",
                "date": self.days_ago(0),
            },
            must_cover={"step", "date", "overdue_amount", "partner_id", "user_id"},
        )

    def test_customer_order_and_line(self):
        # records for the links tried below, whatever the database holds
        self.env["trade.credit.exception"].create(
            {
                "sale_order_id": self._order(self.customer, 90.0).id,
                "amount": 90.0,
                "reason": "Other order",
            }
        )
        self._customer_payment(self.customer, 50.0)
        self.assertWorkflowFieldsGuarded(
            self.customer,
            self.roles,
            create_vals={"name": "New Customer Co", "is_company": True},
            must_cover={
                "trade_collection_step",
                "trade_collection_date",
                "trade_credit_check_date",
            },
        )
        order = self._order(self.customer, 500.0)
        self.assertWorkflowFieldsGuarded(
            order,
            self.salesperson | self.merchandiser | self.manager,
            create_vals={"partner_id": self.customer.id},
            must_cover={"trade_credit_exception_ids", "trade_prepayment_ids"},
        )
        self.assertWorkflowFieldsGuarded(
            order.order_line,
            self.salesperson | self.merchandiser | self.manager,
            create_vals={
                "order_id": order.id,
                "product_id": self.product.id,
                "product_uom_qty": 1,
                "price_unit": 10.0,
            },
            must_cover={"trade_cost_at_confirmation"},
        )

    def test_market_info(self):
        info = (
            self.env["trade.market.info"]
            .with_user(self.salesperson)
            .create({"product_id": self.product.id, "price": 900.0})
        )
        self.assertWorkflowFieldsGuarded(
            info.with_env(self.env),
            self.roles,
            create_vals={"product_id": self.product.id, "price": 850.0},
            # the other user tried may be the creating role itself, whose own
            # name is the default: recording in a colleague's name is refused
            # in TestMarketResearch.test_only_own_market_info_is_changed
            skip={"user_id"},
            must_cover={"name", "user_id"},
        )

    def test_market_research_schedule(self):
        schedule = self.env["trade.market.research.schedule"].create(
            {"categ_id": self.product.categ_id.id, "user_id": self.salesperson.id}
        )
        self.assertWorkflowFieldsGuarded(
            schedule,
            self.roles,
            must_cover={"date_reminded"},
        )
