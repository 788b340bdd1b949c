from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .contract_common import TradeContractCase
from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestMeetings(TradeOrderCase):
    def _meeting(self, **values):
        return (
            self.env["trade.meeting"]
            .with_user(self.manager)
            .create(
                dict({"attendee_ids": [Command.set(self.salesperson.ids)]}, **values)
            )
        )

    def test_period_reviewed(self):
        weekly = self._meeting(meeting_type="weekly", date=datetime(2026, 3, 11, 9, 0))
        self.assertEqual(
            (weekly.date_from, weekly.date_to), (date(2026, 3, 2), date(2026, 3, 8))
        )
        monthly = self._meeting(
            meeting_type="monthly", date=datetime(2026, 3, 11, 9, 0)
        )
        self.assertEqual(
            (monthly.date_from, monthly.date_to), (date(2026, 2, 1), date(2026, 2, 28))
        )
        self.assertIn("2026-02-01", monthly.name)

    def test_agenda_in_the_companys_language(self):
        """The whole department reads the agenda: it is written in the
        company's language, whoever refreshes it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.manager.lang = "en_US"
        meeting = self._meeting(date=fields.Datetime.now() + timedelta(days=7))
        meeting.with_user(self.manager).action_refresh_agenda()
        self.assertIn("新增潜在客户", meeting.agenda)
        self.assertNotIn("New prospects", meeting.agenda)

    def test_agenda_shows_the_figures_of_the_week(self):
        """A meeting next week reviews this week: the figures count what the
        department did this week (the difference with the data already there)."""
        next_week = fields.Datetime.now() + timedelta(days=7)
        before = self._meeting(date=next_week)
        prospects = self.env["res.partner"].create(
            [
                {
                    "name": "Fair lead A",
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "trade_show",
                },
                {
                    "name": "Fair lead B",
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "trade_show",
                },
                {
                    "name": "Web lead",
                    "trade_customer_tier": "prospect",
                    "trade_acquisition_channel": "online",
                },
            ]
        )
        visit = self._create_visit(prospects[0], date_planned=fields.Datetime.now())
        self._complete_visit(visit)
        order = self._order()
        order.action_confirm()
        ticket = self.env["trade.service.ticket"].create(
            {"title": "Noise", "partner_id": self.key_customer.id}
        )
        after = self._meeting(date=next_week)
        self.assertEqual(after.new_prospect_count - before.new_prospect_count, 3)
        self.assertEqual(after.visit_done_count - before.visit_done_count, 1)
        self.assertEqual(after.order_confirmed_count - before.order_confirmed_count, 1)
        self.assertEqual(after.ticket_opened_count - before.ticket_opened_count, 1)
        self.assertIn("Trade Show", after.agenda)
        self.assertIn(str(after.visit_done_count), after.agenda)
        self.assertTrue(ticket)

    def test_open_actions_are_carried_over(self):
        first = self._meeting(date=datetime(2026, 3, 4, 9, 0))
        first.write(
            {
                "minutes": "<p>Reviewed the Q1 pipeline</p>",
                "action_ids": [
                    Command.create(
                        {
                            "name": "Call back the Hamburg importer",
                            "owner_id": self.salesperson.id,
                            "date_deadline": date(2026, 3, 9),
                        }
                    ),
                    Command.create(
                        {
                            "name": "Send the German catalogue",
                            "owner_id": self.colleague.id,
                            "date_deadline": date(2026, 3, 6),
                        }
                    ),
                ],
            }
        )
        first.action_hold()
        call_back, catalogue = (
            first.action_ids.filtered(lambda a, name=name: a.name.startswith(name))
            for name in ("Call back", "Send")
        )
        catalogue.action_done()
        second = self._meeting(date=datetime(2026, 3, 11, 9, 0))
        self.assertEqual(second.previous_meeting_id, first)
        self.assertEqual(second.carried_action_ids, call_back)
        self.assertIn("Call back the Hamburg importer", second.agenda)
        self.assertNotIn("Send the German catalogue", second.agenda)

    def test_holding_needs_minutes_and_hands_out_the_actions(self):
        meeting = self._meeting()
        meeting.action_ids = [
            Command.create(
                {
                    "name": "Visit Hongda about the Q3 tender",
                    "owner_id": self.salesperson.id,
                    "date_deadline": date(2026, 12, 15),
                }
            )
        ]
        with self.assertRaisesText(UserError, "Write the minutes"):
            meeting.action_hold()
        meeting.minutes = "<p>Decided to push the valve range</p>"
        meeting.action_hold()
        self.assertEqual(meeting.state, "held")
        action = meeting.action_ids
        self.assertEqual(action.activity_id.user_id, self.salesperson)
        self.assertEqual(action.activity_id.date_deadline, date(2026, 12, 15))
        action.activity_id.with_user(self.salesperson).action_feedback(feedback="Done")
        self.assertEqual(action.state, "done")

    def test_meeting_is_on_the_calendar(self):
        meeting = self._meeting(date=datetime(2026, 3, 11, 9, 0), duration=1.5)
        event = meeting.calendar_event_id
        self.assertEqual(event.start, datetime(2026, 3, 11, 9, 0))
        self.assertEqual(event.stop, datetime(2026, 3, 11, 10, 30))
        self.assertIn(self.salesperson.partner_id, event.partner_ids)
        meeting.date = datetime(2026, 3, 12, 9, 0)
        self.assertEqual(event.start, datetime(2026, 3, 12, 9, 0))

    def test_minutes_pdf(self):
        meeting = self._meeting()
        meeting.minutes = "<p>Agreed the new price list</p>"
        meeting.action_hold()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("trade_business_dept.report_trade_meeting", meeting.ids)[
                0
            ]
            .decode()
        )
        self.assertIn("Agreed the new price list", html)
        self.assertIn(meeting.name, html)

    def test_salespeople_read_meetings_managers_run_them(self):
        meeting = self._meeting()
        self.assertEqual(meeting.with_user(self.salesperson).name, meeting.name)
        with self.assertRaises(AccessError):
            meeting.with_user(self.salesperson).write({"minutes": "<p>x</p>"})
        with self.assertRaises(AccessError):
            self.env["trade.meeting"].with_user(self.salesperson).create({})

    def test_department_channel(self):
        channel = self.env.ref("trade_business_dept.discuss_channel_business_dept")
        newcomer = self._new_user(
            "trade_newcomer", "Newcomer", "trade_business_dept.group_trade_salesperson"
        )
        self.assertIn(newcomer.partner_id, channel.channel_member_ids.partner_id)


@tagged("post_install", "-at_install")
class TestHandoffBoard(TradeContractCase):
    def _confirmed_order(self):
        order = self._quotation()
        order.action_confirm()
        return order

    def test_confirmation_hands_off_to_each_department(self):
        order = self._confirmed_order()
        handoffs = self.env["trade.handoff"].search([("order_id", "=", order.id)])
        self.assertEqual(
            sorted(handoffs.mapped("department")),
            ["finance", "logistics", "purchasing"],
        )
        purchase = handoffs.filtered(lambda h: h.department == "purchasing")
        self.assertEqual(purchase.user_id, self.purchasing_user)
        self.assertEqual(purchase.partner_id, self.key_customer)
        self.assertEqual(purchase.activity_id.res_id, order.id)
        purchase.activity_id.with_user(self.purchasing_user).action_feedback(
            feedback="Ordered"
        )
        self.assertEqual(purchase.state, "done")
        self.assertTrue(purchase.date_done)

    def test_overdue_hand_offs(self):
        order = self._confirmed_order()
        handoffs = self.env["trade.handoff"].search([("order_id", "=", order.id)])
        with freeze_time(fields.Date.today() + timedelta(days=31)):
            overdue = self.env["trade.handoff"].search(
                [("id", "in", handoffs.ids), ("is_overdue", "=", True)]
            )
            self.assertEqual(overdue, handoffs)
            handoffs[0].action_done()
            self.assertNotIn(
                handoffs[0],
                self.env["trade.handoff"].search([("is_overdue", "=", True)]),
            )

    def test_deadlines_follow_the_promised_date(self):
        """Purchasing orders within two days; production and logistics are
        ready by the shipping date (promised date minus the days from receipt
        to shipping); finance invoices by the promised date."""
        self.company.trade_shipping_lead_days = 3
        order = self._quotation()
        today = fields.Date.context_today(order)
        order.commitment_date = fields.Datetime.now() + timedelta(days=20)
        order.action_confirm()
        deadlines = {
            handoff.department: handoff.date_deadline
            for handoff in self.env["trade.handoff"].search(
                [("order_id", "=", order.id)]
            )
        }
        self.assertEqual(deadlines["purchasing"], today + timedelta(days=2))
        self.assertEqual(deadlines["logistics"], today + timedelta(days=17))
        self.assertEqual(deadlines["finance"], today + timedelta(days=20))

    def test_production_answers_and_moves_the_order(self):
        production_user = self._new_user(
            "trade_production", "Production", "base.group_user"
        )
        self.company.trade_production_user_id = production_user
        # made to order: nothing in stock, the delivery waits for production
        self.product.is_storable = True
        order = self._confirmed_order()
        self.assertEqual(order.trade_stage_code, "confirmed")
        handoff = self.env["trade.handoff"].search(
            [("order_id", "=", order.id), ("department", "=", "production")]
        )
        self.assertEqual(handoff.user_id, production_user)
        self.assertIn(order.name, handoff.name)
        self.assertIn("Stainless valve DN50", handoff.note)
        mine = handoff.with_user(production_user)
        mine.date_planned_finish = fields.Date.today() + timedelta(days=12)
        self.assertEqual(order.trade_stage_code, "production")
        log = order.trade_stage_log_ids.filtered("manual")
        self.assertIn("Production plans to finish", log.reason)
        self.assertEqual(log.user_id, production_user)
        mine.action_done()
        self.assertEqual(order.trade_stage_code, "inspection")
        self.assertEqual(handoff.state, "done")

    def test_each_department_sees_what_it_was_handed(self):
        order = self._confirmed_order()
        handoffs = self.env["trade.handoff"].search([("order_id", "=", order.id)])
        mine = (
            self.env["trade.handoff"]
            .with_user(self.finance_user)
            .search([("id", "in", handoffs.ids)])
        )
        self.assertEqual(mine.department, "finance")
        self.assertEqual(
            self.env["trade.handoff"]
            .with_user(self.salesperson)
            .search([("id", "in", handoffs.ids)]),
            handoffs,
        )

    def test_contract_amendment_is_handed_off(self):
        contract = self._signed_contract()
        action = contract.action_amend(
            values={"transport_mode": "air"}, reason="Faster"
        )
        handoffs = self.env["trade.handoff"].search(
            [("contract_id", "=", action["res_id"])]
        )
        self.assertEqual(len(handoffs), 3)
        self.assertIn("Delivery Method", handoffs[0].note)


@tagged("post_install", "-at_install")
class TestDocumentsAndDashboard(TradeContractCase):
    def test_customer_documents_in_one_list(self):
        contract = self._contract()
        order = self._quotation()
        Attachment = self.env["ir.attachment"]
        files = Attachment.create(
            [
                {
                    "name": "business card.png",
                    "raw": b"x",
                    "res_model": "res.partner",
                    "res_id": self.key_contact.id,
                },
                {
                    "name": "contract draft.pdf",
                    "raw": b"x",
                    "res_model": "trade.contract",
                    "res_id": contract.id,
                },
                {
                    "name": "drawing.pdf",
                    "raw": b"x",
                    "res_model": "sale.order",
                    "res_id": order.id,
                },
                {
                    "name": "other.pdf",
                    "raw": b"x",
                    "res_model": "res.partner",
                    "res_id": self.colleague_customer.id,
                },
            ]
        )
        action = self.key_customer.action_trade_view_documents()
        found = Attachment.search(action["domain"])
        self.assertEqual(found & files, files[:3])
