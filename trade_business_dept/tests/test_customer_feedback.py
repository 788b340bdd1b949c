from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestCustomerFeedback(TradeBusinessDeptCase):
    def _log(self, user=None, **values):
        return (
            self.env["trade.customer.feedback"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": self.key_customer.id,
                        "channel": "phone",
                        "sentiment": "negative",
                        "feedback": "Late delivery of the last order",
                    },
                    **values,
                )
            )
        )

    def test_closing_feedback_needs_the_action_taken(self):
        entry = self._log()
        with self.assertRaisesText(UserError, "action taken"):
            entry.action_mark_done()
        self.assertEqual(entry.state, "open")
        entry.action_taken = "Weekly delivery report agreed"
        entry.action_mark_done()
        self.assertEqual(entry.state, "done")
        entry.action_reopen()
        self.assertEqual(entry.state, "open")

    def test_feedback_shows_on_customer_and_in_its_name(self):
        entry = self._log()
        self.assertIn(entry, self.key_customer.trade_feedback_ids)
        self.assertIn("Late delivery", entry.display_name)
        self.assertIn(self.key_customer.name, entry.display_name)

    def test_salesperson_sees_own_customers_feedback_only(self):
        mine = self._log()
        theirs = self._log(user=self.colleague, partner_id=self.colleague_customer.id)
        visible = (
            self.env["trade.customer.feedback"]
            .with_user(self.salesperson)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(visible, mine)
        merchandiser_view = (
            self.env["trade.customer.feedback"]
            .with_user(self.merchandiser)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(merchandiser_view, mine | theirs)
