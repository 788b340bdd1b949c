# A fake addon's extension of sale.order, registered by its test only.
# pylint: disable=consider-merging-classes-inherited

"""Throw-away models of the extension-point tests, registered for the test only
with odoo-test-helper's ``FakeModelLoader`` (as OCA's base_tier_validation)."""

from odoo import api, fields, models


class TradeFakeCase(models.Model):
    """A record with a reference and a workflow, as another addon would add."""

    _name = "trade.fake.case"
    _description = "Fake Case of the Tests"
    _inherit = ["trade.reference.mixin", "trade.workflow.mixin"]
    _trade_sequence_code = "trade.fake.case"

    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
    )
    note = fields.Char()
    state = fields.Selection(
        selection=[("new", "New"), ("approved", "Approved")],
        default="new",
        required=True,
    )
    approved_by_id = fields.Many2one(comodel_name="res.users")

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"state", "approved_by_id"}

    def action_approve(self):
        self._trade_workflow_write(
            {"state": "approved", "approved_by_id": self.env.uid}
        )
        return True


class SaleOrder(models.Model):
    """A fake addon adds a confirmation rule and a protected field."""

    _inherit = "sale.order"

    def _trade_confirmation_rules(self):
        return [*super()._trade_confirmation_rules(), "_fake_check_customer_reference"]

    def _fake_check_customer_reference(self):
        if self.client_order_ref:
            return []
        return ["give the customer's purchase order reference"]

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"client_order_ref"}
