from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestActuals(TradeAppraisalCase):
    def _actuals(self, users=None, period=None):
        period = period or self.period
        return period._compute_actuals(users or self.salesperson | self.colleague)

    def test_sales_are_posted_invoices_minus_credit_notes_untaxed(self):
        tax = self.env["account.tax"].create(
            {"name": "VAT 13% (test)", "amount": 13, "type_tax_use": "sale"}
        )
        self._invoice(self.salesperson, self.customer, [(10, 100.0, tax)])
        self._invoice(self.salesperson, self.customer_2, [(2, 250.0)])
        self._invoice(
            self.salesperson, self.customer, [(3, 100.0)], move_type="out_refund"
        )
        # not counted: a draft, another month, another salesperson
        self._invoice(self.salesperson, self.customer, [(50, 100.0)], post=False)
        self._invoice(
            self.salesperson,
            self.customer,
            [(50, 100.0)],
            invoice_date=date(2021, 4, 1),
        )
        self._invoice(self.colleague, self.customer_3, [(1, 700.0)])
        actuals = self._actuals()
        sales, lines = actuals["sales_amount"][self.salesperson.id]
        self.assertAlmostEqual(sales, 1000 + 500 - 300)
        self.assertEqual(lines, 3)
        self.assertAlmostEqual(actuals["sales_amount"][self.colleague.id][0], 700)

    def test_sales_in_a_foreign_currency_count_in_company_currency(self):
        foreign = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [
                    ("id", "!=", self.company.currency_id.id),
                    ("name", "in", ("EUR", "CNY")),
                ],
                limit=1,
            )
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "name": date(2021, 3, 1),
                "rate": 2.0,  # 2 foreign units for one unit of company currency
                "company_id": self.company.id,
            }
        )
        self._invoice(self.salesperson, self.customer, [(10, 100.0)], currency=foreign)
        sales, _count = self._actuals()["sales_amount"][self.salesperson.id]
        self.assertAlmostEqual(sales, 500.0)

    def test_profit_is_sales_minus_the_product_cost(self):
        self._invoice(self.salesperson, self.customer, [(10, 100.0)])
        self._invoice(
            self.salesperson, self.customer, [(2, 100.0)], move_type="out_refund"
        )
        profit, _count = self._actuals()["profit"][self.salesperson.id]
        # 8 valves sold net at 100, bought at 60
        self.assertAlmostEqual(profit, 8 * (100 - 60))

    def test_profit_uses_the_order_cost_when_invoiced_from_a_sale_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 5,
                            "price_unit": 100.0,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        self.assertEqual(order.order_line.purchase_price, 60.0)
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.write({"invoice_date": date(2021, 3, 20)})
        invoice.action_post()
        self.assertEqual(invoice.invoice_user_id, self.salesperson)
        # the product's cost changes after the sale: the order's cost counts
        self.product.standard_price = 90.0
        sales, _count = self._actuals()["sales_amount"][self.salesperson.id]
        profit, _count = self._actuals()["profit"][self.salesperson.id]
        self.assertAlmostEqual(sales, 500.0)
        self.assertAlmostEqual(profit, 5 * (100 - 60))

    def test_new_customers_are_those_with_a_first_invoice_in_the_period(self):
        # customer_2 already bought in February: not new in March
        self._invoice(
            self.colleague, self.customer_2, [(1, 100.0)], invoice_date=date(2021, 2, 5)
        )
        self._invoice(self.salesperson, self.customer_2, [(1, 100.0)])
        # customer is new in March, twice invoiced: counted once
        self._invoice(
            self.salesperson, self.customer, [(1, 100.0)], invoice_date=date(2021, 3, 3)
        )
        self._invoice(self.salesperson, self.customer, [(1, 100.0)])
        # customer_3's first invoice is the colleague's: it counts for her
        self._invoice(
            self.colleague, self.customer_3, [(1, 100.0)], invoice_date=date(2021, 3, 2)
        )
        self._invoice(self.salesperson, self.customer_3, [(1, 100.0)])
        # a contact of a known company is not a new customer
        contact = self.env["res.partner"].create(
            {"name": "Zhou Jianguo", "parent_id": self.customer_2.id}
        )
        self._invoice(self.salesperson, contact, [(1, 100.0)])
        actuals = self._actuals()["new_customers"]
        self.assertEqual(actuals[self.salesperson.id][0], 1)
        self.assertEqual(actuals[self.colleague.id][0], 1)

    def test_satisfaction_is_the_average_rating_of_completed_visits(self):
        self._visit(self.salesperson, self.customer, 5)
        self._visit(self.salesperson, self.customer_2, 4)
        self._visit(self.salesperson, self.customer_3, 2)
        # not counted: no rating, another month, not completed
        self._visit(self.salesperson, self.customer, False)
        self._visit(self.salesperson, self.customer, 1, done_on=datetime(2021, 4, 1, 1))
        self._visit(self.salesperson, self.customer, 1).write({"state": "cancelled"})
        average, ratings = self._actuals()["satisfaction"][self.salesperson.id]
        self.assertAlmostEqual(average, 11 / 3)
        self.assertEqual(ratings, 3)
        self.assertNotIn(self.colleague.id, self._actuals()["satisfaction"])

    def test_closed_tickets_count_once_with_their_follow_up_visit(self):
        with freeze_time("2021-03-10 08:00:00"):
            ticket = self.env["trade.service.ticket"].create(
                {
                    "title": "Cartons crushed",
                    "ticket_type": "complaint",
                    "partner_id": self.customer.id,
                    "user_id": self.salesperson.id,
                    "handler_id": self.salesperson.id,
                }
            )
            ticket.action_start()
            ticket.resolution = "Cartons replaced"
            ticket.action_resolve()
            ticket.action_follow_up()
            visit = ticket.followup_visit_id
            visit.write({"summary": "Customer satisfied", "customer_rating": "4"})
            visit.action_done()
            ticket.action_close()
            # the customer rates the ticket, and the follow-up visit too
            self._customer_rates(ticket, 4)
            self._customer_rates(visit, 1)
            other = self.env["trade.service.ticket"].create(
                {
                    "title": "Question",
                    "partner_id": self.customer_2.id,
                    "user_id": self.salesperson.id,
                    "satisfaction": "2",
                }
            )
            other.action_start()
            other.resolution = "Answered"
            other.action_resolve()
            other.action_close()
        self.assertEqual(ticket.satisfaction, "4")
        # the staff-entered "2" waits for HR: only the customer's 4 counts
        self.assertEqual(self._actuals()["satisfaction"][self.salesperson.id], (4.0, 1))
        other.with_user(self.hr_user).action_accept_staff_rating()
        average, count = self._actuals()["satisfaction"][self.salesperson.id]
        self.assertEqual((average, count), (3.0, 2))

    def test_no_customer_rating_counts_nothing(self):
        """Leaving out a bad rating gains nothing: a visit without the
        customer's rating is not counted, a typed-in one only once HR
        accepted it, and the customer's own rating wins over it."""
        self._visit(self.salesperson, self.customer, 2)
        self._visit(self.salesperson, self.customer_2, False)
        typed_in = self._visit(self.salesperson, self.customer_3, False, staff_rating=5)
        self.assertEqual(self._actuals()["satisfaction"][self.salesperson.id], (2.0, 1))
        self.assertEqual(typed_in.staff_rating_state, "to_review")
        # the salesperson's manager is not HR
        with self.assertRaises(AccessError):
            typed_in.with_user(self.manager).action_accept_staff_rating()
        with self.assertRaisesText(UserError, "buttons"):
            typed_in.with_user(self.manager).write({"staff_rating_state": "accepted"})
        typed_in.with_user(self.hr_user).action_accept_staff_rating()
        self.assertEqual(typed_in.staff_rating_reviewer_id, self.hr_user)
        self.assertEqual(self._actuals()["satisfaction"][self.salesperson.id], (3.5, 2))
        # the customer rates himself after all: his rating replaces the staff's
        self._customer_rates(typed_in, 3)
        self.assertEqual(typed_in.satisfaction_source, "customer")
        self.assertEqual(self._actuals()["satisfaction"][self.salesperson.id], (2.5, 2))

    def test_hr_refuses_a_staff_rating_and_a_change_withdraws_an_acceptance(self):
        typed_in = self._visit(self.salesperson, self.customer, False, staff_rating=5)
        typed_in.with_user(self.hr_user).action_refuse_staff_rating()
        self.assertEqual(typed_in.staff_rating_state, "refused")
        self.assertNotIn(self.salesperson.id, self._actuals()["satisfaction"])
        other = self._visit(self.salesperson, self.customer_2, False, staff_rating=4)
        other.with_user(self.hr_user).action_accept_staff_rating()
        self.assertIn(self.salesperson.id, self._actuals()["satisfaction"])
        # a business manager corrects the done visit: HR must look again
        other.with_user(self.manager).customer_rating = "5"
        self.assertEqual(other.staff_rating_state, "to_review")
        self.assertFalse(other.staff_rating_reviewer_id)
        self.assertNotIn(self.salesperson.id, self._actuals()["satisfaction"])

    def test_satisfaction_days_are_those_of_the_company_time_zone(self):
        self.company.partner_id.tz = "Asia/Shanghai"
        # 1 April 2021, 06:00 in Shanghai is still 31 March in UTC
        self._visit(
            self.salesperson, self.customer, 5, done_on=datetime(2021, 3, 31, 22, 0)
        )
        self.assertNotIn(self.salesperson.id, self._actuals()["satisfaction"])

    def test_satisfaction_sources_are_a_hook(self):
        Actuals = type(self.env["trade.appraisal.actuals"])
        original = Actuals._satisfaction_sources

        def sources(actuals):
            return [*original(actuals), "_satisfaction_ratings_test"]

        def ratings(actuals, company, users, date_from, date_to):
            return {self.salesperson.id: (1.0, 1)}

        self.patch(Actuals, "_satisfaction_sources", sources)
        self.startPatcher(
            patch.object(Actuals, "_satisfaction_ratings_test", ratings, create=True)
        )
        self._visit(self.salesperson, self.customer, 5)
        average, count = self._actuals()["satisfaction"][self.salesperson.id]
        self.assertEqual((average, count), (3.0, 2))

    def test_actuals_take_the_same_number_of_queries_for_any_number_of_people(self):
        users = self.salesperson | self.colleague
        self._invoice(self.salesperson, self.customer, [(1, 100.0)])
        self._visit(self.colleague, self.customer, 4)
        many_users = users | self.manager | self.other_manager | self.merchandiser
        self.period._compute_actuals(many_users)  # warm the caches
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        self.period._compute_actuals(self.salesperson)
        few = self.env.cr.sql_log_count - before
        before = self.env.cr.sql_log_count
        self.period._compute_actuals(many_users)
        many = self.env.cr.sql_log_count - before
        self.assertEqual(few, many)
        # one grouped query per source (sales and profit, new customers,
        # visits, tickets) and three to switch JIT off and back
        self.assertLessEqual(many, 7)
