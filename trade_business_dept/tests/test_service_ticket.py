from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestServiceTicket(TradeOrderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Office hours (UTC)",
                "tz": "UTC",
                "attendance_ids": [
                    Command.clear(),
                    *[
                        Command.create(
                            {
                                "name": f"Day {day} {period}",
                                "dayofweek": str(day),
                                "hour_from": start,
                                "hour_to": end,
                                "day_period": period,
                            }
                        )
                        for day in range(5)
                        for start, end, period in (
                            (8, 12, "morning"),
                            (13, 17, "afternoon"),
                        )
                    ],
                ],
            }
        )
        cls.company.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "trade_service_manager_id": cls.manager.id,
            }
        )
        cls.env.ref("trade_business_dept.trade_service_sla_normal").write(
            {"response_hours": 8, "resolution_hours": 40}
        )
        cls.env.ref("trade_business_dept.trade_service_sla_high").write(
            {"response_hours": 4, "resolution_hours": 24}
        )

    def _ticket(self, **values):
        ticket_values = {
            "title": "Valves leaking at the flange",
            "ticket_type": "feedback",
            "partner_id": self.key_customer.id,
            "description": "Three of twenty valves leak under 16 bar",
        }
        ticket_values.update(values)
        return (
            self.env["trade.service.ticket"]
            .with_user(self.salesperson)
            .create(ticket_values)
        )

    def test_deadlines_count_working_hours_across_the_weekend(self):
        # Friday 16:00: one hour left that day, then Monday
        with freeze_time("2026-03-06 16:00:00"):
            ticket = self._ticket(urgency="normal")
        self.assertEqual(ticket.date_response_deadline, datetime(2026, 3, 9, 16, 0))
        self.assertEqual(ticket.date_resolution_deadline, datetime(2026, 3, 13, 16, 0))
        with freeze_time("2026-03-07 10:00:00"):  # Saturday
            urgent = self._ticket(urgency="high")
        self.assertEqual(urgent.date_response_deadline, datetime(2026, 3, 9, 12, 0))
        self.assertEqual(urgent.date_resolution_deadline, datetime(2026, 3, 11, 17, 0))

    def test_acknowledgement_states_the_expected_resolution(self):
        with freeze_time("2026-03-06 16:00:00"):
            ticket = self._ticket()
        self.assertTrue(ticket.name.startswith("AS/"))
        acknowledgement = ticket.message_ids.filtered(
            lambda m: "we expect to solve it" in (m.body or "").lower()
        )
        self.assertEqual(len(acknowledgement), 1)
        self.assertIn("03/13/2026", acknowledgement.body)
        self.assertIn(self.key_customer, acknowledgement.notified_partner_ids)

    def test_missed_deadline_is_flagged_and_escalated_once(self):
        with freeze_time("2026-03-06 16:00:00"):
            ticket = self._ticket()
            on_time = self._ticket()
            on_time.action_start()
        self.assertFalse(ticket.sla_breached)
        with freeze_time("2026-03-09 17:00:00"):
            escalated = self.env["trade.service.ticket"]._cron_sla_check()
            self.env["trade.service.ticket"]._cron_sla_check()
        self.assertEqual(escalated, ticket)
        self.assertTrue(ticket.sla_breached)
        self.assertEqual(ticket.sla_compliance, 0.0)
        self.assertFalse(on_time.sla_breached)
        self.assertEqual(on_time.sla_compliance, 100.0)
        escalations = ticket.activity_ids.filtered(lambda a: a.user_id == self.manager)
        self.assertEqual(len(escalations), 1)
        self.assertIn(ticket.name, escalations.summary)

    def test_complaint_needs_a_handler(self):
        ticket = self._ticket(ticket_type="complaint")
        with self.assertRaisesText(UserError, "Name the person who handles"):
            ticket.action_start()
        self.assertEqual(ticket.state, "new")
        ticket.handler_id = self.merchandiser
        ticket.action_start()
        self.assertEqual(ticket.state, "in_progress")
        self.assertTrue(ticket.date_first_response)

    def test_quality_case_needs_cause_responsibility_and_remedy(self):
        ticket = self._ticket(ticket_type="quality")
        ticket.action_start()
        with self.assertRaises(UserError) as refusal:
            ticket.action_resolve()
        for label in ("Root Cause", "Responsibility", "Remedy", "Resolution"):
            self.assertIn(label, str(refusal.exception))
        self.assertEqual(ticket.state, "in_progress")
        ticket.write(
            {
                "root_cause": "manufacturing",
                "responsibility": "supplier",
                "remedy": "replacement",
                "resolution": "Three valves replaced",
            }
        )
        ticket.action_resolve()
        self.assertEqual(ticket.state, "resolved")
        self.assertTrue(ticket.date_resolved)

    def test_return_remedy_starts_a_return_transfer(self):
        stock_product = self.env["product.product"].create(
            {"name": "Gasket", "type": "consu", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            stock_product, self.env.ref("stock.stock_location_stock"), 50
        )
        order = self._order(product=stock_product, quantity=6)
        order.action_confirm()
        delivery = order.picking_ids
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.write({"trade_transport_mode": "pickup", "trade_collected_by": "Zhou"})
        delivery.button_validate()
        ticket = self._ticket(
            ticket_type="quality", sale_order_id=order.id, remedy="return"
        )
        ticket.action_start()
        ticket.action_create_return()
        returned = ticket.return_picking_id
        self.assertEqual(returned.picking_type_code, "incoming")
        self.assertEqual(returned.move_ids.product_uom_qty, 6)
        self.assertEqual(returned.return_id, delivery)

    def test_refund_remedy_starts_a_draft_credit_note(self):
        order = self._order()
        order.action_confirm()
        ticket = self._ticket(
            ticket_type="quality", sale_order_id=order.id, remedy="refund"
        )
        with self.assertRaisesText(UserError, "amount to refund"):
            ticket.action_create_credit_note()
        ticket.remedy_amount = 150.0
        ticket.action_create_credit_note()
        self.assertEqual(ticket.credit_note_id.move_type, "out_refund")
        self.assertEqual(ticket.credit_note_id.state, "draft")
        self.assertEqual(ticket.credit_note_id.amount_untaxed, 150.0)

    def test_corrective_actions_must_be_done_before_closing(self):
        ticket = self._ticket(ticket_type="quality")
        ticket.action_start()
        ticket.write(
            {
                "root_cause": "packaging",
                "responsibility": "logistics",
                "remedy": "replacement",
                "resolution": "Replaced",
                "satisfaction": "4",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Double-wall cartons for valves",
                            "owner_id": self.merchandiser.id,
                            "date_due": "2026-12-31",
                        }
                    )
                ],
            }
        )
        owner_activity = ticket.activity_ids.filtered(
            lambda a: a.user_id == self.merchandiser
        )
        self.assertEqual(owner_activity.summary, "Double-wall cartons for valves")
        ticket.action_resolve()
        with self.assertRaisesText(UserError, "open corrective actions"):
            ticket.action_close()
        with self.assertRaises(UserError):
            ticket.action_ids.with_user(self.colleague).write({"done": True})
        with self.assertRaises(UserError):
            ticket.action_ids.with_user(self.colleague).action_mark_done()
        ticket.action_ids.with_user(self.merchandiser).action_mark_done()
        self.assertTrue(ticket.action_ids.done)
        self.assertFalse(
            ticket.activity_ids.filtered(lambda a: a.user_id == self.merchandiser)
        )
        ticket.action_close()
        self.assertEqual(ticket.state, "closed")

    def test_complaint_follow_up_visit_and_satisfaction(self):
        ticket = self._ticket(ticket_type="complaint", handler_id=self.salesperson.id)
        ticket.action_start()
        ticket.resolution = "Apology and 5% discount on the next order"
        ticket.action_resolve()
        with self.assertRaisesText(UserError, "needs its follow-up"):
            ticket.action_close()
        ticket.action_follow_up()
        visit = ticket.followup_visit_id
        self.assertEqual(visit.partner_id, self.key_customer)
        self.assertEqual(visit.state, "planned")
        self.assertIn(ticket.name, visit.purpose)
        visit.write(
            {"summary": "Customer happy with the discount", "customer_rating": "4"}
        )
        visit.action_done()
        ticket.action_close()
        self.assertEqual(ticket.state, "closed")
        # what the customer said on the phone is a staff-entered rating: it
        # waits for HR and does not count yet
        self.assertEqual(ticket.satisfaction, "4")
        self.assertEqual(ticket.staff_rating_state, "to_review")
        self.assertFalse(ticket.satisfaction_value)

    def test_ticket_from_an_email(self):
        self.key_contact.email = "zhou@hongda.test"
        ticket = self.env["trade.service.ticket"].message_new(
            {
                "subject": "Wrong flange drilling",
                "email_from": "zhou@hongda.test",
                "author_id": self.key_contact.id,
                "body": "The flanges are drilled to ANSI, we ordered DIN.",
            }
        )
        self.assertEqual(ticket.title, "Wrong flange drilling")
        self.assertEqual(ticket.partner_id, self.key_contact)
        self.assertEqual(ticket.commercial_partner_id, self.key_customer)
        self.assertEqual(ticket.user_id, self.salesperson)
        self.assertTrue(ticket.date_response_deadline)

    def test_failed_inspection_opens_a_quality_case(self):
        order = self._order()
        order.action_confirm()
        self._receive(self._purchase(order))
        inspection = self._inspect(
            order, result="fail", findings="Wrong flange standard"
        )
        ticket = self.env["trade.service.ticket"].search(
            [("sale_order_id", "=", order.id)]
        )
        self.assertEqual(ticket.ticket_type, "quality")
        self.assertEqual(ticket.urgency, "high")
        self.assertIn(inspection.name, ticket.title)
        self.assertEqual(ticket.description, "Wrong flange standard")
        # internal: the merchandiser and the salesperson follow it, the
        # customer is neither told nor shown it on the portal
        self.assertTrue(ticket.is_internal)
        self.assertEqual(ticket.handler_id, order.user_id)
        self.assertNotIn(self.key_customer, ticket.message_partner_ids)
        self.assertIn(self.salesperson.partner_id, ticket.message_partner_ids)
        self.assertFalse(
            ticket.message_ids.filtered(
                lambda message: (
                    self.key_customer in message.partner_ids
                    or message.message_type == "comment"
                )
            )
        )
        portal_user = new_test_user(
            self.env,
            login="trade_portal_inspection",
            groups="base.group_portal",
            partner_id=self.key_contact.id,
        )
        self.assertFalse(
            self.env["trade.service.ticket"]
            .with_user(portal_user)
            .search([("id", "=", ticket.id)])
        )

    def test_conditional_inspection_accepts_and_opens_a_case(self):
        order = self._order()
        order.trade_merchandiser_id = self.merchandiser
        order.action_confirm()
        self._receive(self._purchase(order))
        self._inspect(order, result="conditional", findings="Two cartons dented")
        ticket = self.env["trade.service.ticket"].search(
            [("sale_order_id", "=", order.id)]
        )
        self.assertTrue(ticket.is_internal)
        self.assertEqual(ticket.urgency, "normal")
        self.assertEqual(ticket.handler_id, self.merchandiser)
        self.assertIn(self.merchandiser.partner_id, ticket.message_partner_ids)
        self.assertIn(order.trade_stage_code, ("accepted", "ready"))

    def test_salesperson_sees_own_customers_tickets(self):
        mine = self._ticket()
        theirs = self.env["trade.service.ticket"].create(
            {"title": "Other", "partner_id": self.colleague_customer.id}
        )
        Ticket = self.env["trade.service.ticket"]
        both = mine | theirs
        self.assertEqual(
            Ticket.with_user(self.salesperson).search([("id", "in", both.ids)]), mine
        )
        self.assertEqual(
            Ticket.with_user(self.merchandiser).search([("id", "in", both.ids)]), both
        )

    def test_portal_customer_sees_only_own_tickets(self):
        portal_user = new_test_user(
            self.env,
            login="trade_portal_hongda",
            groups="base.group_portal",
            partner_id=self.key_contact.id,
        )
        mine = self._ticket()
        theirs = self.env["trade.service.ticket"].create(
            {"title": "Other", "partner_id": self.colleague_customer.id}
        )
        visible = (
            self.env["trade.service.ticket"]
            .with_user(portal_user)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)

    def test_compliance_rate_in_the_analysis(self):
        with freeze_time("2026-03-06 16:00:00"):
            late = self._ticket()
            on_time = self._ticket()
            on_time.action_start()
        with freeze_time("2026-03-10 09:00:00"):
            self.env["trade.service.ticket"]._cron_sla_check()
        groups = self.env["trade.service.ticket"]._read_group(
            [("id", "in", (late | on_time).ids)], [], ["sla_compliance:avg"]
        )
        self.assertEqual(groups[0][0], 50.0)

    def test_form_computes_salesperson_and_supplier(self):
        order = self._order()
        form = Form(self.env["trade.service.ticket"].with_user(self.merchandiser))
        form.title = "Noise"
        form.partner_id = self.key_customer
        form.sale_order_id = order
        form.product_id = self.buy_product
        ticket = form.save()
        self.assertEqual(ticket.user_id, self.salesperson)
        self.assertEqual(ticket.supplier_id, self.vendor)
