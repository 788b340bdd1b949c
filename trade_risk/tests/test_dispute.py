from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TradeRiskCase


@tagged("post_install", "-at_install")
class TestDispute(TradeRiskCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls.env["trade.contract"].create(
            {
                "partner_id": cls.customer.id,
                "user_id": cls.salesperson.id,
                "amount_total": 50000.0,
            }
        )

    def _dispute(self, user=None, **values):
        return (
            self.env["trade.dispute"]
            .with_user(user or self.credit_manager)
            .create(
                dict(
                    {
                        "subject": "Valves rejected at arrival",
                        "dispute_type": "quality",
                        "contract_id": self.contract.id,
                        "claim_amount": 12000.0,
                    },
                    **values,
                )
            )
        )

    def test_dispute_takes_its_counterparty_from_the_contract(self):
        dispute = self._dispute()
        self.assertEqual(dispute.partner_id, self.customer)
        self.assertEqual(dispute.resolution_method, "negotiation")
        self.assertEqual(dispute.state, "open")
        self.assertTrue(dispute.name.startswith("DSP/"))

    def test_bad_disputes_are_refused(self):
        with self.assertRaisesText(ValidationError, "must be positive"):
            self._dispute(claim_amount=0.0)
        with self.assertRaisesText(ValidationError, "is with Hongda"):
            self._dispute(partner_id=self.colleague_customer.id)

    def test_negotiation_then_arbitration_then_litigation(self):
        dispute = self._dispute(venue="—")
        self.flush_tracking()
        dispute.action_escalate()
        self.assertEqual(dispute.resolution_method, "arbitration")
        self.assertFalse(dispute.venue, "a new venue for the new step")
        dispute.write({"venue": "CIETAC Shanghai", "case_number": "SHA-2026-118"})
        dispute.action_escalate()
        self.assertEqual(dispute.resolution_method, "litigation")
        with self.assertRaisesText(UserError, "already in litigation"):
            dispute.action_escalate()
        self.flush_tracking()
        self.assertIn(
            "resolution_method",
            dispute.sudo().message_ids.tracking_value_ids.field_id.mapped("name"),
        )

    def test_closing_needs_the_outcome(self):
        dispute = self._dispute()
        with self.assertRaisesText(UserError, "Set the outcome"):
            dispute.action_close()
        dispute.write(
            {
                "outcome": "settled",
                "outcome_amount": 8000.0,
                "outcome_note": "Replacement of 40 valves and 8,000 paid back",
            }
        )
        dispute.action_close()
        self.assertEqual(dispute.state, "closed")
        self.assertTrue(dispute.date_closed)
        with self.assertRaisesText(UserError, "is not open"):
            dispute.action_escalate()
        dispute.action_reopen()
        self.assertEqual(dispute.state, "open")

    def test_legal_handles_salespeople_read_their_customers(self):
        dispute = self._dispute(user=self.legal)
        dispute.with_user(self.legal).action_escalate()
        as_salesperson = dispute.with_user(self.salesperson)
        self.assertEqual(as_salesperson.claim_amount, 12000.0)
        with self.assertRaises(AccessError):
            as_salesperson.write({"claim_amount": 1.0})
        with self.assertRaises(AccessError):
            as_salesperson.action_escalate()
        with self.assertRaises(AccessError):
            dispute.with_user(self.colleague).read(["subject"])

    @freeze_time("2026-06-30")
    def test_escalation_from_overdue_receivables(self):
        self.contract.write({"state": "signed", "date_signed": date(2026, 1, 10)})
        old = self._invoice(self.customer, 7000.0, date(2026, 3, 1), date(2026, 3, 31))
        self._invoice(self.customer, 2000.0, date(2026, 6, 20), date(2026, 7, 20))
        with self.assertRaises(AccessError):
            self.customer.with_user(self.salesperson).action_trade_escalate_dispute()
        action = self.contact.with_user(
            self.credit_manager
        ).action_trade_escalate_dispute()
        dispute = self.env["trade.dispute"].browse(action["res_id"])
        self.assertEqual(dispute.partner_id, self.customer)
        self.assertEqual(dispute.contract_id, self.contract)
        self.assertEqual(dispute.dispute_type, "payment")
        self.assertEqual(dispute.claim_amount, 7000.0)
        self.assertEqual(dispute.invoice_ids, old)
        with self.assertRaisesText(UserError, "no overdue receivable"):
            self.colleague_customer.with_user(
                self.credit_manager
            ).action_trade_escalate_dispute()
