from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestVisit(TradeBusinessDeptCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Valves Q3",
                "type": "opportunity",
                "partner_id": cls.key_customer.id,
                "user_id": cls.salesperson.id,
            }
        )

    def test_plan_visit_with_form(self):
        form = Form(self.env["trade.visit"].with_user(self.salesperson))
        form.partner_id = self.key_customer
        form.purpose = "Collect the Q3 demand"
        form.talking_points = "Lead time, ISO certificates"
        visit = form.save()
        self.assertTrue(visit.name.startswith("VIS/"))
        # the calendar and the breadcrumbs show the customer with the reference
        self.assertEqual(visit.display_name, f"{visit.name} · {self.key_customer.name}")
        self.assertEqual(visit.state, "planned")
        self.assertEqual(visit.user_id, self.salesperson)
        self.assertIn("Stainless valves", visit.customer_background)
        self.assertIn("ISO 9001", visit.customer_background)

    def test_purpose_is_required(self):
        form = Form(self.env["trade.visit"].with_user(self.salesperson))
        form.partner_id = self.key_customer
        with self.assertRaises(AssertionError):
            form.save()

    def test_complete_without_summary_is_refused(self):
        visit = self._create_visit(self.key_customer)
        for empty in (False, "   \n "):
            visit.summary = empty
            with self.assertRaisesText(UserError, "summary"):
                visit.action_done()
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.date_done)
        self.assertFalse(self.key_customer.trade_last_contact_date)

    def test_complete_points_customer_and_opportunity_to_the_visit(self):
        visit = self._create_visit(self.key_contact, opportunity_id=self.opportunity.id)
        self._complete_visit(
            visit.with_user(self.salesperson),
            summary="Tender agreed",
            customer_feedback="Price 3% too high",
        )
        self.assertEqual(visit.state, "done")
        self.assertTrue(visit.date_done)
        for record in (self.key_customer, self.key_contact, self.opportunity):
            bodies = " ".join(record.message_ids.mapped("body"))
            self.assertIn(visit.name, bodies, record.display_name)
            # the content stays on the visit, which not every reader of the
            # customer may read
            self.assertNotIn("Tender agreed", bodies)
            self.assertNotIn("3% too high", bodies)
        messages = (
            self.env["mail.message"]
            .with_user(self.colleague)
            .search(
                [("model", "=", "res.partner"), ("res_id", "=", self.key_customer.id)]
            )
        )
        self.assertNotIn("Tender agreed", " ".join(messages.mapped("body")))

    def test_tracking_and_notes_in_the_readers_language(self):
        """An English salesperson completes a visit in a Chinese department:
        the status change Odoo records, the note on the shared customer and
        the next step's activity (his own) are each in their reader's
        language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env.company.partner_id.lang = "zh_CN"
        self.salesperson.lang = "en_US"
        visit = self._create_visit(self.key_customer)
        self.flush_tracking()  # planned and completed in two transactions
        self._complete_visit(
            visit.with_user(self.salesperson), next_step="Send the tender offer"
        )
        self.flush_tracking()
        tracking = self.env["mail.tracking.value"].search(
            [
                ("mail_message_id.model", "=", "trade.visit"),
                ("mail_message_id.res_id", "=", visit.id),
                ("field_id.name", "=", "state"),
            ]
        )
        self.assertEqual(tracking.old_value_char, "已计划")
        self.assertEqual(tracking.new_value_char, "已完成")
        body = self.key_customer.message_ids[0].body
        self.assertNotIn("Visit completed", body)
        self.assertIn(visit.name, body)
        self.assertIn("Next step after visit", visit.activity_ids.summary)

    def test_negative_duration_is_refused(self):
        with self.assertRaisesText(ValidationError, "duration"):
            self._create_visit(self.key_customer, duration=-5)

    def test_next_step_becomes_an_activity(self):
        visit = self._create_visit(
            self.key_customer, opportunity_id=self.opportunity.id
        )
        self._complete_visit(
            visit,
            next_step="Send the tender offer",
            next_step_date=date(2026, 3, 9),
        )
        # on the visit, not on the opportunity or the customer, which other
        # salespeople read
        self.assertFalse(self.opportunity.activity_ids)
        activity = visit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.salesperson)
        self.assertEqual(activity.date_deadline, date(2026, 3, 9))
        self.assertIn("Send the tender offer", activity.note)
        notes = (
            self.env["mail.activity"]
            .with_user(self.colleague)
            .search([("note", "ilike", "tender offer")])
        )
        self.assertFalse(notes)

    def test_next_step_without_date_is_due_in_three_days(self):
        visit = self._create_visit(self.key_customer)
        with freeze_time("2026-03-02 10:00:00"):
            self._complete_visit(visit, next_step="Call back about samples")
        activity = visit.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 3, 5))
        # doing the next step counts as a contact with the customer
        with freeze_time("2026-03-04 10:00:00"):
            activity.with_user(self.salesperson).action_feedback(feedback="Called")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 3, 4))

    def test_customer_feedback_goes_to_the_feedback_log(self):
        visit = self._create_visit(self.key_contact)
        self._complete_visit(visit, customer_feedback="Price 3% too high")
        feedback = self.key_customer.trade_feedback_ids
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.visit_id, visit)
        self.assertEqual(feedback.channel, "visit")
        self.assertEqual(feedback.state, "open")
        self.assertEqual(feedback.feedback, "Price 3% too high")

    def test_no_feedback_no_activity_when_left_empty(self):
        visit = self._create_visit(self.key_customer)
        self._complete_visit(visit)
        self.assertFalse(self.key_customer.trade_feedback_ids)
        self.assertFalse(self.key_customer.activity_ids)

    def test_cancel_and_plan_again(self):
        visit = self._create_visit(self.key_customer)
        visit.action_cancel()
        self.assertEqual(visit.state, "cancelled")
        with self.assertRaisesText(UserError, "Only planned visits"):
            visit.action_done()
        visit.action_plan_again()
        self.assertEqual(visit.state, "planned")

    def test_done_visit_cannot_be_cancelled_completed_again_or_deleted(self):
        visit = self._create_visit(self.key_customer)
        self._complete_visit(visit)
        with self.assertRaisesText(UserError, "cannot be cancelled"):
            visit.action_cancel()
        with self.assertRaisesText(UserError, "Only planned visits"):
            visit.action_done()
        with self.assertRaisesText(UserError, "cannot be deleted"):
            visit.unlink()
        planned = self._create_visit(self.key_customer)
        planned.with_user(self.salesperson).unlink()
        self.assertFalse(planned.exists())

    def test_visit_count_and_action_on_customer(self):
        self._create_visit(self.key_customer)
        self._create_visit(self.key_contact)
        self.assertEqual(self.key_customer.trade_visit_count, 2)
        action = self.key_customer.action_trade_view_visits()
        self.assertEqual(
            self.env["trade.visit"].search(action["domain"]),
            self.key_customer.trade_visit_ids | self.key_contact.trade_visit_ids,
        )
        plan = self.key_customer.action_trade_plan_visit()
        self.assertEqual(plan["context"]["default_partner_id"], self.key_customer.id)

    def test_visit_report_renders(self):
        visit = self._create_visit(self.key_customer, talking_points="ISO certificates")
        self._complete_visit(
            visit, summary="Tender for 12 000 valves", customer_rating="4"
        )
        # the customer rates the visit from the e-mail
        token = visit.sudo().rating_ids.filtered(lambda r: not r.consumed).access_token
        visit.sudo().rating_apply(5, token=token, feedback="Clear offer")
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            "trade_business_dept.report_trade_visit", visit.ids
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        for text in (
            visit.name,
            "Tender for 12 000 valves",
            "ISO certificates",
            "Clear offer",
            "Satisfaction Entered by Staff",
            "Awaiting HR",
        ):
            self.assertIn(text, html)

    def test_record_of_a_done_visit_is_locked(self):
        visit = self._create_visit(self.key_customer)
        self._complete_visit(
            visit.with_user(self.salesperson), customer_rating="2", summary="Late"
        )
        for values in (
            {"customer_rating": "5"},
            {"summary": "All fine"},
            {"customer_feedback": "Happy"},
        ):
            with self.assertRaisesText(UserError, "locked"):
                visit.with_user(self.salesperson).write(values)
        self.assertEqual(visit.customer_rating, "2")
        # a business manager corrects it, and the chatter keeps the change
        visit.with_user(self.manager).write({"customer_rating": "3"})
        self.flush_tracking()
        self.assertEqual(visit.customer_rating, "3")
        self.assertTrue(
            visit.sudo().message_ids.tracking_value_ids.filtered(
                lambda value: value.field_id.name == "customer_rating"
            )
        )
