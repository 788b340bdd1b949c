# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models


class TradeContract(models.Model):
    """Cross-role projects started from a contract (R6.2.3) and their tasks."""

    _inherit = "trade.contract"

    trade_project_ids = fields.One2many(
        comodel_name="project.project",
        inverse_name="trade_contract_id",
        string="Cross-Role Projects",
    )
    trade_project_task_count = fields.Integer(
        string="Project Tasks",
        compute="_compute_trade_project_task_count",
    )

    def _compute_trade_project_task_count(self):
        counts = self.env["project.project"]._trade_task_counts(
            "trade_contract_id", self
        )
        for contract in self:
            contract.trade_project_task_count = counts.get(contract._origin.id, 0)

    def action_trade_start_project(self):
        """Start the contract's cross-role project from the department's
        template: its members, their duties and its milestones (those of the
        contract's order when it has a single one)."""
        self.ensure_one()
        projects = self.env["project.project"]
        projects._trade_check_can_start(self, self.user_id)
        projects._trade_check_not_started(self, self.sudo().trade_project_ids)
        orders = self.sale_order_ids.filtered(lambda order: order.state != "cancel")
        project = projects._trade_start(
            self.env._(
                "%(contract)s – %(customer)s",
                contract=self.name,
                customer=self.partner_id.name,
            ),
            self.company_id,
            self.user_id or self.env.user,
            self.partner_id,
            order=orders if len(orders) == 1 else None,
            contract=self,
        )
        return project._trade_form_action()

    def action_trade_view_project_tasks(self):
        self.ensure_one()
        return self.trade_project_ids._trade_tasks_action()
