from datetime import datetime, time

from odoo import Command, api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    trade_requirement_ids = fields.One2many(
        comodel_name="trade.requirement.line",
        inverse_name="lead_id",
        string="Customer Requirements",
        copy=True,
    )
    trade_contract_ids = fields.One2many(
        comodel_name="trade.contract",
        inverse_name="opportunity_id",
        string="Contracts",
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_contract_count = fields.Integer(
        string="Contract Count",
        compute="_compute_trade_contract_count",
        groups="trade_business_dept.group_trade_salesperson",
    )

    @api.depends("trade_contract_ids")
    def _compute_trade_contract_count(self):
        for lead in self:
            lead.trade_contract_count = len(lead.trade_contract_ids)

    def _prepare_opportunity_quotation_context(self):
        """The requirements become the quotation's lines; the earliest
        required date becomes its commitment date."""
        context = super()._prepare_opportunity_quotation_context()
        requirements = self.trade_requirement_ids
        if not requirements:
            return context
        context["default_order_line"] = [
            Command.create(line_values)
            for line_values in requirements._prepare_order_line_values()
        ]
        dates = [line.date_required for line in requirements if line.date_required]
        if dates:
            context["default_commitment_date"] = fields.Datetime.to_string(
                datetime.combine(min(dates), time(12, 0))
            )
        return context

    def action_trade_create_contract(self):
        """A draft contract for the opportunity, with its open quotations."""
        self.ensure_one()
        orders = self.order_ids.filtered(lambda order: order.state != "cancel")
        contract = self.env["trade.contract"].create(
            {
                "partner_id": (
                    self.partner_id.commercial_partner_id or orders.partner_id
                )[:1].id,
                "user_id": (self.user_id or self.env.user).id,
                "opportunity_id": self.id,
                "company_id": (self.company_id or self.env.company).id,
                **orders[:1]._trade_contract_terms(),
            }
        )
        orders.write({"trade_contract_id": contract.id})
        return contract._get_form_action()

    def action_trade_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.trade_contract_action"
        )
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action
