"""What a client could change of other people's business (found by trying
the product over XML-RPC as each demo role): customers, tiers, carriers,
visits, tickets, hand-offs, delay notices, gifts, contracts."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestOwnershipRules(TradeContractCase):
    def test_a_salesperson_cannot_take_a_colleagues_customer(self):
        theirs = self.colleague_customer.with_user(self.salesperson)
        with self.assertRaisesText(UserError, "hand the customer over"):
            theirs.write({"user_id": self.salesperson.id})
        self.assertEqual(self.colleague_customer.user_id, self.colleague)
        # his own customer he hands over; a manager moves any customer
        self.key_customer.with_user(self.salesperson).user_id = self.colleague
        self.colleague_customer.with_user(self.manager).user_id = self.salesperson
        self.assertEqual(self.colleague_customer.user_id, self.salesperson)

    def test_tier_removed_by_a_manager_only_and_no_tier_needs_a_contract(self):
        with self.assertRaisesText(UserError, "remove the tier"):
            self.key_customer.with_user(self.salesperson).trade_customer_tier = False
        self.key_customer.with_user(self.salesperson).trade_customer_tier = "regular"
        self.company.write(
            {
                "trade_contract_required": True,
                "trade_contract_min_amount": 0.0,
                "trade_contract_tier_prospect": True,
            }
        )
        self.key_customer.with_user(self.manager).trade_customer_tier = False
        order = self._quotation()
        with self.assertRaisesText(UserError, "needs a signed contract"):
            order.action_confirm()

    def test_carriers_are_approved_by_merchandisers_and_managers(self):
        carrier = self.env["res.partner"].create(
            {"name": "Quick Freight", "is_company": True, "trade_is_carrier": True}
        )
        for values in (
            {"trade_carrier_approved": True},
            {"trade_carrier_qualification_expiry": "2099-12-31"},
            {"trade_carrier_rating": "5"},
        ):
            with self.assertRaisesText(UserError, "approves a carrier"):
                carrier.with_user(self.salesperson).write(values)
        with self.assertRaisesText(UserError, "approves a carrier"):
            self.env["res.partner"].with_user(self.salesperson).create(
                {
                    "name": "Own Carrier",
                    "trade_is_carrier": True,
                    "trade_carrier_approved": True,
                }
            )
        carrier.with_user(self.merchandiser).trade_carrier_approved = True
        self.assertTrue(carrier.trade_carrier_approved)

    def test_visits_belong_to_their_salesperson(self):
        with self.assertRaisesText(UserError, "plans his own visits"):
            self._create_visit(self.key_customer, user=self.salesperson).with_user(
                self.salesperson
            ).create(
                {
                    "partner_id": self.colleague_customer.id,
                    "user_id": self.colleague.id,
                    "purpose": "Rate it",
                }
            )
        visit = self._create_visit(self.key_customer)
        self._complete_visit(visit, customer_rating="3")
        for values in (
            {"user_id": self.colleague.id},
            {"partner_id": self.key_contact.id},
        ):
            with self.assertRaisesText(UserError, "locked"):
                visit.with_user(self.salesperson).write(values)
        # a merchandiser plans a visit for a salesperson
        planned = (
            self.env["trade.visit"]
            .with_user(self.merchandiser)
            .create(
                {
                    "partner_id": self.key_customer.id,
                    "user_id": self.salesperson.id,
                    "purpose": "Samples",
                }
            )
        )
        self.assertEqual(planned.user_id, self.salesperson)

    def test_closed_ticket_outcome_is_locked(self):
        ticket = (
            self.env["trade.service.ticket"]
            .with_user(self.salesperson)
            .create(
                {
                    "title": "Late documents",
                    "partner_id": self.key_customer.id,
                    "resolution": "Sent",
                    "satisfaction": "2",
                }
            )
        )
        ticket.action_start()
        ticket.action_resolve()
        ticket.action_close()
        for values in ({"satisfaction": "5"}, {"user_id": self.colleague.id}):
            with self.assertRaisesText(UserError, "closed"):
                ticket.with_user(self.salesperson).write(values)
        ticket.with_user(self.manager).satisfaction = "3"
        self.assertEqual(ticket.satisfaction, "3")

    def test_hand_offs_are_answered_by_their_recipient(self):
        production = self._new_user(
            "trade_own_production", "Production", "base.group_user"
        )
        self.company.trade_production_user_id = production
        self.product.is_storable = True
        order = self._quotation()
        order.action_confirm()
        handoff = self.env["trade.handoff"].search(
            [("order_id", "=", order.id), ("department", "=", "production")]
        )
        with self.assertRaisesText(UserError, "only they or a business manager"):
            handoff.with_user(self.salesperson).action_done()
        with self.assertRaisesText(UserError, "only they or a business manager"):
            handoff.with_user(
                self.salesperson
            ).date_planned_finish = fields.Date.today()
        with self.assertRaisesText(UserError, "hands a hand-off"):
            handoff.with_user(self.salesperson).user_id = self.salesperson
        handoff.with_user(production).action_done()
        self.assertEqual(handoff.state, "done")

    def test_delay_notices_are_records_of_what_was_announced(self):
        order = self._quotation()
        order.commitment_date = fields.Datetime.now() + timedelta(days=10)
        order.action_confirm()
        Delay = self.env["trade.order.delay"]
        with self.assertRaisesText(UserError, "cannot be written directly"):
            Delay.with_user(self.salesperson).create(
                {
                    "order_id": order.id,
                    "reason": "made up",
                    "new_date": fields.Datetime.now() + timedelta(days=30),
                    "notified": True,
                }
            )
        wizard = (
            self.env["trade.order.delay.notice"]
            .with_user(self.salesperson)
            .create(
                {
                    "order_id": order.id,
                    "reason": "Port congestion in Ningbo",
                    "new_date": fields.Datetime.now() + timedelta(days=20),
                    "notify_customer": False,
                }
            )
        )
        wizard.action_confirm()
        delay = Delay.search([("order_id", "=", order.id)])
        self.assertEqual(delay.user_id, self.salesperson)
        with self.assertRaisesText(UserError, "cannot be written directly"):
            delay.with_user(self.salesperson).write({"reason": "Nothing"})
        # a colleague does not read the delays of another salesperson's orders
        self.assertFalse(
            Delay.with_user(self.colleague).search([("id", "=", delay.id)])
        )

    def test_gifts_are_declared_by_who_received_them(self):
        with self.assertRaisesText(UserError, "cannot be written directly"):
            self.env["trade.gift.declaration"].with_user(self.manager).create(
                {
                    "user_id": self.salesperson.id,
                    "partner_id": self.key_customer.id,
                    "gift_type": "gift",
                    "description": "Wine",
                    "estimated_value": 500,
                    "disposition": "kept",
                }
            )

    def test_a_contract_covers_its_current_revision_up_to_its_amount(self):
        self.company.write(
            {"trade_contract_required": True, "trade_contract_min_amount": 0.0}
        )
        first = self._quotation(quantity=10, price=100.0)
        first.order_line.tax_id = False
        contract = self._signed_contract(orders=first)
        self.assertEqual(contract.amount_total, 1000.0)
        first.action_confirm()
        more = self._quotation(quantity=5, price=100.0)
        more.order_line.tax_id = False
        more.trade_contract_id = contract
        with self.assertRaisesText(UserError, "above the contract's"):
            more.action_confirm()
        # after an amendment, the orders go under the new revision
        contract.with_user(self.salesperson).action_amend(
            values={"amount_total": 2000.0}, reason="Second batch"
        )
        late = self._quotation(quantity=1, price=100.0)
        late.trade_contract_id = contract
        with self.assertRaisesText(UserError, "replaced by revision 2"):
            late.action_confirm()
        with self.assertRaisesText(UserError, "cannot be written directly"):
            contract.with_user(self.salesperson).write({"active": True})

    def test_an_approved_line_moved_to_another_order_loses_its_approval(self):
        self.product.trade_floor_price = 90.0
        self.product.description_sale = "Cast steel"
        approved = self._quotation(quantity=1, price=79.0)
        approved.with_user(self.manager).action_trade_approve_floor_prices()
        line = approved.order_line
        self.assertTrue(line.trade_floor_approved)
        other = self._quotation(partner=self.colleague_customer, user=self.colleague)
        other.with_user(self.manager).write({"order_line": [Command.link(line.id)]})
        self.assertFalse(line.trade_floor_approved)
