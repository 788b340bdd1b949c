from odoo.exceptions import UserError
from odoo.tests import tagged

from .contract_common import TradeContractCase
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
