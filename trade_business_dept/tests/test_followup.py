from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestFollowup(TradeBusinessDeptCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.followup_type = cls.env.ref(
            "trade_business_dept.mail_activity_type_trade_followup"
        )

    def _followup_activities(self, partners):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", self.followup_type.id),
            ]
        )

    def _visited_on(self, partner, day, user=None):
        visit = self._create_visit(partner, user=user)
        with freeze_time(day):
            self._complete_visit(visit)
        return visit

    def test_next_followup_from_creation_without_contact(self):
        partner = self.env["res.partner"].create(
            {"name": "Fresh Prospect", "trade_customer_tier": "prospect"}
        )
        self.assertFalse(partner.trade_last_contact_date)
        self.assertEqual(
            partner.trade_next_followup_date,
            partner.create_date.date() + timedelta(days=60),
        )

    def test_completed_visit_sets_last_contact(self):
        self._visited_on(self.key_customer, "2026-03-02 10:00:00")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 3, 2))
        self.assertEqual(self.key_customer.trade_next_followup_date, date(2026, 3, 16))

    def test_planned_and_cancelled_visits_are_not_contacts(self):
        self._create_visit(self.key_customer)
        cancelled = self._create_visit(self.key_customer)
        cancelled.action_cancel()
        self.assertFalse(self.key_customer.trade_last_contact_date)

    def test_latest_contact_wins(self):
        self._visited_on(self.key_customer, "2026-03-02 10:00:00")
        self._visited_on(self.key_customer, "2026-02-01 10:00:00")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 3, 2))

    def test_visit_to_a_contact_counts_for_the_company(self):
        self._visited_on(self.key_contact, "2026-04-10 08:00:00")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 4, 10))
        self.assertEqual(self.key_customer.trade_next_followup_date, date(2026, 4, 24))

    def test_completed_activity_on_customer_counts(self):
        with freeze_time("2026-05-05 09:00:00"):
            activity = self.key_customer.with_user(self.salesperson).activity_schedule(
                "mail.mail_activity_data_call",
                user_id=self.salesperson.id,
            )
            activity.with_user(self.salesperson).action_feedback(feedback="Called")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 5, 5))

    def test_completed_activity_on_opportunity_counts(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Q3 valves tender",
                "type": "opportunity",
                "partner_id": self.key_contact.id,
                "user_id": self.salesperson.id,
            }
        )
        with freeze_time("2026-06-01 09:00:00"):
            activity = lead.activity_schedule(
                "mail.mail_activity_data_call", user_id=self.salesperson.id
            )
            activity.with_user(self.salesperson).action_feedback(feedback="Done")
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 6, 1))

    def test_confirmed_order_counts_quotation_does_not(self):
        product = self.env["product.product"].create({"name": "Pump", "list_price": 9})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.key_customer.id,
                "date_order": datetime(2026, 7, 1, 8, 0),
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.assertFalse(self.key_customer.trade_last_contact_date)
        with freeze_time("2026-07-03 08:00:00"):
            order.action_confirm()
        self.assertEqual(
            self.key_customer.trade_last_contact_date, order.date_order.date()
        )

    def test_overdue_is_searchable(self):
        self._visited_on(self.key_customer, "2026-01-05 10:00:00")
        self._visited_on(self.colleague_customer, "2026-01-20 10:00:00")
        Partner = self.env["res.partner"]
        with freeze_time("2026-01-25"):
            overdue = Partner.search([("trade_followup_overdue", "=", True)])
            on_time = Partner.search([("trade_followup_overdue", "=", False)])
            self.assertIn(self.key_customer, overdue)
            self.assertNotIn(self.colleague_customer, overdue)
            self.assertIn(self.colleague_customer, on_time)
            self.assertNotIn(self.key_customer, on_time)
            self.assertEqual(
                Partner.search([("trade_followup_overdue", "!=", False)]), overdue
            )
            self.key_customer.invalidate_recordset(["trade_followup_overdue"])
            self.assertTrue(self.key_customer.trade_followup_overdue)

    def test_cron_gives_one_activity_to_the_salesperson(self):
        self._visited_on(self.key_customer, "2026-01-05 10:00:00")
        with freeze_time("2026-01-25"):
            self.env["res.partner"]._cron_trade_followup()
            activity = self._followup_activities(self.key_customer)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.salesperson)
            self.assertEqual(activity.date_deadline, date(2026, 1, 25))
            self.assertIn("01/19/2026", activity.summary)
            # a second run the same day or the next never duplicates it
            self.env["res.partner"]._cron_trade_followup()
        with freeze_time("2026-01-26"):
            self.env["res.partner"]._cron_trade_followup()
        self.assertEqual(len(self._followup_activities(self.key_customer)), 1)

    def test_cron_leaves_on_time_and_unassigned_customers_alone(self):
        unassigned = self.env["res.partner"].create(
            {"name": "Nobody's Customer", "trade_customer_tier": "key"}
        )
        supplier = self.env["res.partner"].create(
            {"name": "A Supplier", "user_id": self.salesperson.id}
        )
        self._visited_on(unassigned, "2026-01-05 10:00:00")
        self._visited_on(supplier, "2026-01-05 10:00:00")
        self._visited_on(self.colleague_customer, "2026-01-20 10:00:00")
        with freeze_time("2026-02-01"):
            self.assertTrue(unassigned.trade_followup_overdue)
            self.env["res.partner"]._cron_trade_followup()
        self.assertFalse(
            self._followup_activities(unassigned | supplier | self.colleague_customer)
        )

    def test_done_followup_resets_the_cadence(self):
        self._visited_on(self.key_customer, "2026-01-05 10:00:00")
        with freeze_time("2026-01-25 09:00:00"):
            self.env["res.partner"]._cron_trade_followup()
            activity = self._followup_activities(self.key_customer)
            activity.with_user(self.salesperson).action_feedback(
                feedback="Called Mr. Zhou"
            )
            self.assertEqual(
                self.key_customer.trade_last_contact_date, date(2026, 1, 25)
            )
            self.assertEqual(
                self.key_customer.trade_next_followup_date, date(2026, 2, 8)
            )
            self.env["res.partner"]._cron_trade_followup()
            self.assertFalse(self._followup_activities(self.key_customer))
        with freeze_time("2026-02-10"):
            self.env["res.partner"]._cron_trade_followup()
            self.assertEqual(len(self._followup_activities(self.key_customer)), 1)

    def test_cron_refreshes_contact_dates_written_outside_the_orm(self):
        self._visited_on(self.key_customer, "2026-03-02 10:00:00")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET trade_last_contact_date = NULL WHERE id = %s",
            [self.key_customer.id],
        )
        self.key_customer.invalidate_recordset()
        self.env["res.partner"]._cron_trade_followup()
        self.assertEqual(self.key_customer.trade_last_contact_date, date(2026, 3, 2))

    def _cron_queries(self, count):
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk customer {count}-{index}",
                    "trade_customer_tier": "key",
                    "user_id": (self.salesperson | self.colleague)[index % 2].id,
                }
                for index in range(count)
            ]
        )
        with freeze_time("2026-01-02 10:00:00"):
            self.env["trade.visit"].create(
                [
                    {
                        "partner_id": partner.id,
                        "user_id": partner.user_id.id,
                        "purpose": "Bulk",
                        "summary": "Bulk visit",
                    }
                    for partner in partners
                ]
            ).action_done()
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2026-02-01"):
            before = self.env.cr.sql_log_count
            self.env["res.partner"]._cron_trade_followup()
            self.env.flush_all()
            queries = self.env.cr.sql_log_count - before
        self.assertEqual(len(self._followup_activities(partners)), count)
        self.env["mail.activity"].search(
            [("activity_type_id", "=", self.followup_type.id)]
        ).unlink()
        return queries

    def test_cron_query_count_does_not_grow_with_customers(self):
        small = self._cron_queries(4)
        large = self._cron_queries(40)
        self.assertLessEqual(large, small + 5, f"{small} queries for 4, {large} for 40")

    def test_my_overdue_followups_menu(self):
        self._visited_on(self.key_customer, "2026-01-05 10:00:00")
        self._visited_on(self.colleague_customer, "2025-11-01 10:00:00", self.colleague)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.res_partner_action_trade_overdue"
        )
        with freeze_time("2026-01-25"):
            domain = safe_eval(action["domain"], {"uid": self.salesperson.id})
            mine = self.env["res.partner"].with_user(self.salesperson).search(domain)
        self.assertEqual(mine, self.key_customer)
