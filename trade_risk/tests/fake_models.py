# A fake addon's extension of sale.order and trade.risk, registered by its test
# only.
# pylint: disable=consider-merging-classes-inherited

"""Throw-away models of the extension-point tests, registered for the test only
with odoo-test-helper's ``FakeModelLoader`` (as OCA's base_tier_validation)."""

from odoo import api, fields, models


class SaleOrder(models.Model):
    """A fake addon adds a credit rule: customers under credit control buy
    with an Incoterm."""

    _inherit = "sale.order"

    def _trade_credit_rules(self):
        return [*super()._trade_credit_rules(), "_fake_credit_check_incoterm"]

    def _fake_credit_check_incoterm(self, figures, pending, detailed):
        if self.incoterm:
            return []
        return ["agree an Incoterm with a customer under credit control"]


class TradeRisk(models.Model):
    """A fake addon adds an early warning: a rated customer without e-mail
    cannot be reminded of its overdue receivables."""

    _inherit = "trade.risk"

    warning_type = fields.Selection(
        selection_add=[("fake_email", "Customer without E-mail")],
    )

    @api.model
    def _early_warning_rules(self):
        return [*super()._early_warning_rules(), "_fake_warn_email"]

    @api.model
    def _fake_warn_email(self, company):
        customers = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("is_company", "=", True),
                    ("trade_credit_rating", "!=", False),
                    ("email", "=", False),
                ]
            )
        )
        return [
            {
                "warning_type": "fake_email",
                "warning_key": f"fake_email:{customer.id}",
                "name": f"{customer.name}: no e-mail",
                "category": "credit",
                "partner_id": customer.id,
                "likelihood": 3,
                "impact": 2,
                "description": f"{customer.name} has no e-mail for reminders.",
            }
            for customer in customers
        ]
