from unittest.mock import patch

from odoo import api
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstallColumns(TransactionCase):
    """Installed on a database with customers, the credit terms are set with
    SQL to what their computation gives without a rating (0), not computed
    partner by partner."""

    def test_credit_terms_of_existing_customers(self):
        self.env.cr.execute(
            "ALTER TABLE res_partner DROP COLUMN trade_credit_rating, "
            "DROP COLUMN trade_credit_term_days, DROP COLUMN trade_prepayment_ratio"
        )
        computed = []
        add_to_compute = api.Environment.add_to_compute

        def record(env, field, records):
            computed.append(field.name)
            return add_to_compute(env, field, records)

        with patch.object(api.Environment, "add_to_compute", record):
            self.registry.init_models(
                self.env.cr, ["res.partner"], {"module": "trade_risk"}, True
            )
        self.assertNotIn("trade_credit_term_days", computed)
        self.assertNotIn("trade_prepayment_ratio", computed)
        self.env.cr.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE trade_credit_term_days = 0 "
            "AND trade_prepayment_ratio = 0) FROM res_partner"
        )
        partners, without_terms = self.env.cr.fetchone()
        self.assertEqual(without_terms, partners)
        self.env.invalidate_all()
        partner = self.env["res.partner"].search([], limit=1)
        self.assertEqual(
            self.env["trade.credit.policy"]._policy_values(
                partner.company_id or self.env.company, partner.trade_credit_rating
            )[:2],
            (partner.trade_credit_term_days, partner.trade_prepayment_ratio),
        )
