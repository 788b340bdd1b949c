from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestCustomerRating(TradeBusinessDeptCase):
    """The customer rates closed tickets and completed visits himself (Odoo's
    rating); a rating typed in by staff counts only once HR accepted it
    (R3.5.3, R4.1)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Ball Valve DN50"})
        cls.reviewer_group = cls.env["trade.visit"]._trade_staff_rating_reviewer_group()
        cls.reviewer = new_test_user(
            cls.env,
            login="trade_rating_reviewer",
            name="Hu Rong",
            groups=f"base.group_user,{cls.reviewer_group}",
            tz="UTC",
        )

    def _closed_ticket(self, **values):
        ticket = (
            self.env["trade.service.ticket"]
            .with_user(self.salesperson)
            .create(
                {
                    "title": "Valves leaking",
                    "partner_id": self.key_customer.id,
                    "product_id": self.product.id,
                    "resolution": "Gaskets replaced",
                    **values,
                }
            )
        )
        ticket.action_start()
        ticket.action_resolve()
        ticket.action_close()
        return ticket

    def _request_mails(self, record):
        """The rating requests of ``record``, found by the token of its links."""
        tokens = self._pending_rating(record).mapped("access_token")
        return (
            self.env["mail.mail"]
            .search([("recipient_ids", "=", self.key_customer.id)])
            .filtered(lambda mail: any(token in mail.body_html for token in tokens))
        )

    def _pending_rating(self, record):
        return record.sudo().rating_ids.filtered(lambda rating: not rating.consumed)

    def _by_user(self, model):
        return (
            self.env[model]
            .sudo()
            ._ratings_by_user("2000-01-01", "2100-01-01", self.company)
        )

    def test_closing_a_ticket_asks_the_customer_to_rate(self):
        self.key_customer.lang = "en_US"
        # the ticket closes while the customer's rating is still to come
        ticket = self._closed_ticket()
        self.assertEqual(ticket.state, "closed")
        rating = self._pending_rating(ticket)
        self.assertEqual(rating.partner_id, self.key_customer)
        self.assertEqual(rating.rated_partner_id, self.salesperson.partner_id)
        mail = self._request_mails(ticket)
        self.assertEqual(mail.recipient_ids, self.key_customer)
        self.assertEqual(mail.author_id, self.company.partner_id)
        self.assertIn(f"/rate/{rating.access_token}/5", mail.body_html)
        # colleagues see in the chatter that it was sent, not the links
        self.assertNotIn(
            rating.access_token, "".join(ticket.message_ids.mapped("body"))
        )
        # no rating yet: nothing counts
        self.assertFalse(ticket.satisfaction_value)
        self.assertNotIn(self.salesperson.id, self._by_user("trade.service.ticket"))
        # the customer clicks, comments, and his rating counts
        ticket.sudo().rating_apply(3, token=rating.access_token, feedback="Slow")
        self.assertEqual(ticket.satisfaction_value, 3)
        self.assertEqual(ticket.satisfaction_source, "customer")
        self.assertEqual(
            self._by_user("trade.service.ticket")[self.salesperson.id], (3.0, 1)
        )

    def test_completing_a_visit_asks_the_customer_to_rate(self):
        visit = self._create_visit(self.key_customer)
        self._complete_visit(visit)
        rating = self._pending_rating(visit)
        self.assertTrue(rating)
        self.assertTrue(
            self._request_mails(visit).filtered(
                lambda mail: f"/rate/{rating.access_token}/1" in mail.body_html
            )
        )
        visit.sudo().rating_apply(5, token=rating.access_token)
        self.assertEqual(self._by_user("trade.visit")[self.salesperson.id], (5.0, 1))

    def test_the_follow_up_visit_of_a_ticket_is_rated_with_the_ticket(self):
        ticket = (
            self.env["trade.service.ticket"]
            .with_user(self.salesperson)
            .create(
                {
                    "title": "Rude driver",
                    "ticket_type": "complaint",
                    "partner_id": self.key_customer.id,
                    "handler_id": self.salesperson.id,
                    "resolution": "Apologised",
                }
            )
        )
        ticket.action_start()
        ticket.action_resolve()
        ticket.action_follow_up()
        visit = ticket.followup_visit_id.with_user(self.salesperson)
        self._complete_visit(visit)
        self.assertFalse(self._request_mails(visit))
        self.assertFalse(visit.sudo().rating_ids)

    def test_the_customer_rates_in_the_portal_chatter(self):
        ticket = self._closed_ticket()
        buyer = new_test_user(
            self.env, login="trade_rating_buyer", groups="base.group_portal"
        )
        buyer.partner_id.parent_id = self.key_customer
        # as the portal's chatter posts it: the buyer, with the access checked
        ticket.with_user(buyer).sudo().message_post(body="Well done", rating_value=5)
        self.assertEqual(ticket.satisfaction_value, 5)
        self.assertEqual(ticket.satisfaction_source, "customer")

    def test_a_staff_rating_counts_only_once_hr_accepted_it(self):
        ticket = self._closed_ticket(satisfaction="2")
        self.assertEqual(ticket.staff_rating_state, "to_review")
        self.assertFalse(ticket.satisfaction_value)
        self.assertNotIn(self.salesperson.id, self._by_user("trade.service.ticket"))
        for user in (self.salesperson, self.manager):
            if user.has_group(self.reviewer_group):
                continue
            with self.assertRaises(AccessError):
                ticket.with_user(user).action_accept_staff_rating()
        ticket.with_user(self.reviewer).action_accept_staff_rating()
        self.assertEqual(ticket.staff_rating_state, "accepted")
        self.assertEqual(ticket.staff_rating_reviewer_id, self.reviewer)
        self.assertEqual(
            (ticket.satisfaction_value, ticket.satisfaction_source), (2, "staff")
        )
        self.assertEqual(
            self._by_user("trade.service.ticket")[self.salesperson.id], (2.0, 1)
        )
        with self.assertRaisesText(UserError, "No staff-entered rating awaits"):
            ticket.with_user(self.reviewer).action_refuse_staff_rating()

    def test_nobody_reviews_his_own_ratings(self):
        ticket = self._closed_ticket(satisfaction="5", user_id=self.reviewer.id)
        with self.assertRaisesText(UserError, "his own work"):
            ticket.with_user(self.reviewer).action_accept_staff_rating()

    def test_salesperson_cannot_write_the_rating_or_its_acceptance(self):
        ticket = self._closed_ticket(satisfaction="1")
        mine = ticket.with_user(self.salesperson)
        for values in (
            {"staff_rating_state": "accepted"},
            {"staff_rating_reviewer_id": self.salesperson.id},
            {"satisfaction_value": 5.0},
            {"satisfaction_source": "customer"},
            {"rating_last_value": 5.0},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesText(UserError, "buttons"),
            ):
                mine.write(values)
        with self.assertRaisesText(UserError, "buttons"):
            self.env["trade.visit"].with_user(self.salesperson).create(
                {
                    "partner_id": self.key_customer.id,
                    "purpose": "Review",
                    "customer_rating": "5",
                    "staff_rating_state": "accepted",
                }
            )
        # nor rate in the customer's name
        rating = self._pending_rating(ticket)
        Rating = self.env["rating.rating"].with_user(self.salesperson)
        with self.assertRaises(AccessError):
            rating.with_user(self.salesperson).write({"rating": 5, "consumed": True})
        with self.assertRaises(AccessError):
            Rating.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id(ticket._name),
                    "res_id": ticket.id,
                    "partner_id": self.key_customer.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        with self.assertRaises(AccessError):
            mine.message_post(body="Great", rating_value=5)
        self.assertFalse(ticket.satisfaction_value)
        self.assertEqual(ticket.staff_rating_state, "to_review")

    def test_satisfaction_report_by_salesperson_product_and_ticket_type(self):
        rated = self._closed_ticket(
            ticket_type="quality",
            root_cause="material",
            responsibility="supplier",
            remedy="replacement",
        )
        rated.sudo().rating_apply(5, token=self._pending_rating(rated).access_token)
        typed_in = self._closed_ticket(satisfaction="1")
        visit = self._complete_visit(self._create_visit(self.key_customer))
        visit.sudo().rating_apply(3, token=self._pending_rating(visit).access_token)
        self.env.flush_all()
        Report = self.env["trade.satisfaction.report"].with_user(self.manager)
        rows = Report.search([("user_id", "=", self.salesperson.id)])
        self.assertEqual(
            sorted(
                (row.reference, row.source, row.rating, row.counted) for row in rows
            ),
            sorted(
                [
                    (rated.name, "customer", 5.0, True),
                    (typed_in.name, "staff", 1.0, False),
                    (visit.name, "customer", 3.0, True),
                ]
            ),
        )
        groups = Report._read_group(
            [("user_id", "=", self.salesperson.id), ("counted", "=", True)],
            ["product_id", "ticket_type"],
            ["rating:avg"],
        )
        self.assertIn((self.product, "quality", 5.0), groups)
        # the appraisal counts what the report counts
        self.assertEqual(
            self._by_user("trade.service.ticket")[self.salesperson.id], (5.0, 1)
        )
        with self.assertRaises(AccessError):
            self.env["trade.satisfaction.report"].with_user(self.salesperson).search([])
