# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models


class ResPartner(models.Model):
    """The tasks of a customer's cross-role projects (R6.2.3)."""

    _inherit = "res.partner"

    trade_project_task_count = fields.Integer(
        string="Project Tasks",
        compute="_compute_trade_project_task_count",
        groups="base.group_user",
    )

    def _compute_trade_project_task_count(self):
        counts = self.env["project.project"]._trade_task_counts(
            "trade_partner_id", self
        )
        for partner in self:
            partner.trade_project_task_count = counts.get(partner._origin.id, 0)

    def action_trade_view_project_tasks(self):
        self.ensure_one()
        projects = self.env["project.project"].search(
            [
                ("trade_kind", "=", "cross_role"),
                ("trade_partner_id", "=", self.commercial_partner_id.id),
            ]
        )
        return projects._trade_tasks_action()
