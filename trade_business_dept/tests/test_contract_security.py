from odoo.exceptions import AccessError
from odoo.tests import tagged

from .contract_common import TradeContractCase


@tagged("post_install", "-at_install")
class TestContractSecurity(TradeContractCase):
    def test_salesperson_sees_own_customers_contracts_only(self):
        mine = self._contract()
        theirs = self._contract(
            user=self.colleague, partner_id=self.colleague_customer.id
        )
        Contract = self.env["trade.contract"]
        self.assertEqual(
            Contract.with_user(self.salesperson).search(
                [("id", "in", (mine | theirs).ids)]
            ),
            mine,
        )
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesperson).read(["amount_total"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesperson).write({"note": "<p>x</p>"})

    def test_review_history_follows_the_contract(self):
        theirs = self._contract(
            user=self.colleague, partner_id=self.colleague_customer.id
        )
        theirs.action_submit_review()
        reviews = self.env["trade.contract.review"].with_user(self.salesperson)
        self.assertFalse(reviews.search([("contract_id", "=", theirs.id)]))
        self.assertEqual(
            self.env["trade.contract.review"]
            .with_user(self.colleague)
            .search([("contract_id", "=", theirs.id)]),
            theirs.review_ids,
        )

    def test_merchandiser_reads_all_but_changes_none_of_others(self):
        contract = self._contract()
        merchandiser_view = contract.with_user(self.merchandiser)
        self.assertEqual(merchandiser_view.amount_total, 5000.0)
        with self.assertRaises(AccessError):
            merchandiser_view.write({"note": "<p>x</p>"})

    def test_legal_reads_and_reviews_but_does_not_create(self):
        contract = self._contract()
        contract.action_submit_review()
        self.assertEqual(
            self.env["trade.contract"]
            .with_user(self.legal)
            .search([("id", "=", contract.id)]),
            contract,
        )
        with self.assertRaises(AccessError):
            self.env["trade.contract"].with_user(self.legal).create(
                {"partner_id": self.key_customer.id}
            )

    def test_plain_employee_has_no_access(self):
        contract = self._contract()
        with self.assertRaises(AccessError):
            contract.with_user(self.employee).read(["name"])
