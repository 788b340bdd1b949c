# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models


class SaleOrder(models.Model):
    """Cross-role projects started from an order (R6.2.3) and their tasks."""

    _inherit = "sale.order"

    trade_project_ids = fields.One2many(
        comodel_name="project.project",
        inverse_name="trade_sale_order_id",
        string="Cross-Role Projects",
        groups="base.group_user",
    )
    trade_project_task_count = fields.Integer(
        string="Project Tasks",
        compute="_compute_trade_project_task_count",
        groups="base.group_user",
    )

    def _compute_trade_project_task_count(self):
        counts = self.env["project.project"]._trade_task_counts(
            "trade_sale_order_id", self
        )
        for order in self:
            order.trade_project_task_count = counts.get(order._origin.id, 0)

    def action_trade_start_project(self):
        """Start the order's cross-role project from the department's
        template: its members, their duties and its milestones."""
        self.ensure_one()
        projects = self.env["project.project"]
        projects._trade_check_can_start(self, self.user_id)
        projects._trade_check_not_started(self, self.sudo().trade_project_ids)
        project = projects._trade_start(
            self.env._(
                "%(order)s – %(customer)s",
                order=self.name,
                customer=self.partner_id.commercial_partner_id.name,
            ),
            self.company_id,
            self.user_id or self.env.user,
            self.partner_id.commercial_partner_id,
            order=self,
        )
        return project._trade_form_action()

    def action_trade_view_project_tasks(self):
        self.ensure_one()
        return self.trade_project_ids._trade_tasks_action()
