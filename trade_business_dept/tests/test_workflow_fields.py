from odoo.exceptions import UserError
from odoo.tests import tagged

from .contract_common import TradeContractCase
from .order_common import TradeOrderCase
from .workflow_common import WorkflowFieldsTestMixin


@tagged("post_install", "-at_install")
class TestWorkflowFields(WorkflowFieldsTestMixin, TradeContractCase):
    """Workflow fields of the department's records change only through their
    methods, whoever calls ``create``/``write`` and with whatever context."""

    def test_contract(self):
        contract = self._contract()
        contract.action_submit_review()
        self.assertWorkflowFieldsGuarded(
            contract,
            self.salesperson | self.manager | self.legal,
            must_cover={"state", "revision", "next_revision_id"},
        )
        self.assertWorkflowFieldsGuarded(
            self._contract(),
            self.salesperson | self.manager,
            create_vals=dict(
                self._terms(),
                partner_id=self.key_customer.id,
                amount_total=100.0,
            ),
        )

    def test_contract_buttons_still_work(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "signed")
        contract.with_user(self.salesperson).action_amend(
            values={"amount_total": 6000.0}, reason="More valves"
        )
        new_revision = contract.next_revision_id
        self.assertEqual(
            (new_revision.revision, new_revision.state, new_revision.amount_total),
            (2, "legal_review", 6000.0),
        )
        self.assertFalse(contract.active)

    def test_context_keys_skip_nothing(self):
        signed = self._signed_contract()
        with self.assertRaises(UserError):
            signed.with_user(self.salesperson).with_context(
                trade_contract_amending=True
            ).write({"amount_total": 1.0})
        contract = (
            self.env["trade.contract"]
            .with_user(self.salesperson)
            .with_context(default_state="signed", default_revision=7)
            .create(
                dict(self._terms(), partner_id=self.key_customer.id, amount_total=10.0)
            )
        )
        self.assertEqual((contract.state, contract.revision), ("draft", 1))

    def test_copy_starts_over(self):
        signed = self._signed_contract()
        copy = signed.with_user(self.salesperson).copy()
        self.assertEqual((copy.state, copy.revision), ("draft", 1))


@tagged("post_install", "-at_install")
class TestWorkflowFieldsOfOperations(WorkflowFieldsTestMixin, TradeOrderCase):
    """Customers, visits, orders, shipments, after-sales and meetings: the
    protected fields of each model, tried as every department role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.roles = cls.salesperson | cls.merchandiser | cls.manager
        cls.goods = cls.env["product.product"].create(
            {
                "name": "Gate valve DN100",
                "type": "consu",
                "list_price": 150.0,
                "description_sale": "Cast steel WCB, PN25",
            }
        )

    def _confirmed_order(self):
        order = self._order(product=self.goods)
        order.action_confirm()
        return order

    def test_customer(self):
        self.assertWorkflowFieldsGuarded(
            self.key_customer,
            self.roles,
            create_vals={"name": "Xinhua Pumps", "is_company": True},
            must_cover={"trade_last_contact_date", "trade_next_followup_date"},
        )

    def test_visit(self):
        visit = self._create_visit(self.key_customer)
        self.assertWorkflowFieldsGuarded(
            visit,
            self.roles,
            create_vals={
                "partner_id": self.key_customer.id,
                "purpose": "Samples",
            },
            must_cover={"state", "date_done"},
        )
        # the example of the issue: written done without a summary
        with self.assertRaises(UserError):
            visit.with_user(self.salesperson).write({"state": "done"})
        self.assertEqual(visit.state, "planned")

    def test_feedback_gift_meeting(self):
        feedback = (
            self.env["trade.customer.feedback"]
            .with_user(self.salesperson)
            .create({"partner_id": self.key_customer.id, "feedback": "Too slow"})
        )
        self.assertWorkflowFieldsGuarded(
            feedback,
            self.roles,
            create_vals={"partner_id": self.key_customer.id, "feedback": "Late"},
            must_cover={"state"},
        )
        gift = (
            self.env["trade.gift.declaration"]
            .with_user(self.salesperson)
            .create(
                {
                    "partner_id": self.key_customer.id,
                    "gift_type": "gift",
                    "description": "Tea set",
                    "estimated_value": 800,
                    "disposition": "kept",
                }
            )
        )
        gift.action_declare()
        self.assertWorkflowFieldsGuarded(
            gift,
            self.salesperson | self.manager,
            must_cover={"state", "acknowledged_by_id", "date_acknowledged"},
        )
        meeting = (
            self.env["trade.meeting"]
            .with_user(self.manager)
            .create({"attendee_ids": [(6, 0, self.salesperson.ids)]})
        )
        self.assertWorkflowFieldsGuarded(
            meeting,
            self.manager,
            create_vals={},
            must_cover={"state", "calendar_event_id", "order_confirmed_count"},
        )
        action = (
            self.env["trade.meeting.action"]
            .with_user(self.manager)
            .create(
                {
                    "meeting_id": meeting.id,
                    "name": "Call Hongda about the tender",
                    "owner_id": self.salesperson.id,
                    "date_deadline": "2026-12-31",
                }
            )
        )
        self.assertWorkflowFieldsGuarded(
            action, self.manager | self.salesperson, must_cover={"state"}
        )

    def test_order_and_lines(self):
        order = self._order(product=self.goods)
        self.assertWorkflowFieldsGuarded(
            order,
            self.roles,
            create_vals={"partner_id": self.key_customer.id},
            must_cover={
                "trade_checked_price_user_id",
                "trade_floor_approved_by_id",
                "trade_stage_manual_id",
                "trade_is_delayed",
            },
        )
        self.assertWorkflowFieldsGuarded(
            order.order_line,
            self.roles,
            create_vals={
                "order_id": order.id,
                "product_id": self.goods.id,
                "product_uom_qty": 1,
            },
            must_cover={"trade_floor_approved"},
        )

    def test_shipment_inspection_handoff(self):
        order = self._confirmed_order()
        inspection = (
            self.env["trade.order.inspection"]
            .with_user(self.merchandiser)
            .create({"order_id": order.id})
        )
        self.assertWorkflowFieldsGuarded(
            inspection,
            self.roles,
            create_vals={"order_id": order.id},
            must_cover={"state"},
        )
        delivery = order.picking_ids[:1]
        self.assertWorkflowFieldsGuarded(
            delivery,
            self.roles,
            must_cover={"trade_date_delivered", "trade_eta_overdue"},
        )
        incident = (
            self.env["trade.logistics.incident"]
            .with_user(self.merchandiser)
            .create(
                {
                    "picking_id": delivery.id,
                    "incident_type": "damage",
                    "description": "Crate crushed",
                }
            )
        )
        self.assertWorkflowFieldsGuarded(
            incident,
            self.roles,
            create_vals={
                "picking_id": delivery.id,
                "incident_type": "delay",
                "description": "Late",
            },
            must_cover={"state", "claim_state", "credit_note_id"},
        )
        handoff = order.env["trade.handoff"].search([("order_id", "=", order.id)])[:1]
        self.assertTrue(handoff)
        self.assertWorkflowFieldsGuarded(
            handoff,
            self.roles | self.purchasing_user,
            must_cover={"state", "date_done", "activity_id"},
        )

    def test_ticket_and_actions(self):
        ticket = (
            self.env["trade.service.ticket"]
            .with_user(self.salesperson)
            .create(
                {
                    "title": "Leaking flange",
                    "ticket_type": "complaint",
                    "partner_id": self.key_customer.id,
                }
            )
        )
        self.assertWorkflowFieldsGuarded(
            ticket,
            self.roles,
            create_vals={
                "title": "Scratched paint",
                "ticket_type": "quality",
                "partner_id": self.key_customer.id,
            },
            must_cover={
                "state",
                "date_open",
                "date_first_response",
                "date_closed",
                "sla_breached",
                "followup_visit_id",
            },
        )
        action = (
            self.env["trade.service.action"]
            .with_user(self.salesperson)
            .create(
                {
                    "ticket_id": ticket.id,
                    "name": "Check the gaskets",
                    "owner_id": self.merchandiser.id,
                    "date_due": "2026-12-31",
                }
            )
        )
        self.assertWorkflowFieldsGuarded(
            action,
            self.roles,
            create_vals={
                "ticket_id": ticket.id,
                "name": "Retrain the packers",
                "owner_id": self.merchandiser.id,
                "date_due": "2026-12-31",
            },
            must_cover={"done"},
        )
