from odoo import api, fields, models

from odoo.addons.trade_business_dept.text import in_company_lang


class TradeRiskAction(models.Model):
    _name = "trade.risk.action"
    _description = "Risk Mitigation Action"
    _inherit = ["trade.workflow.mixin"]
    _order = "state desc, date_deadline, id"

    risk_id = fields.Many2one(
        comodel_name="trade.risk",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="risk_id.company_id",
        store=True,
        index=True,
    )
    name = fields.Char(
        string="Action",
        required=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(
        string="Deadline",
    )
    state = fields.Selection(
        selection=[("todo", "To Do"), ("done", "Done")],
        default="todo",
        required=True,
        readonly=True,
    )
    note = fields.Text(
        string="Result",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"state"}

    def action_done(self):
        self._trade_workflow_write({"state": "done"})
        for action in self:
            action.risk_id.message_post(
                body=in_company_lang(action.risk_id).env._(
                    "Mitigation action done: %(action)s",
                    action=action.name,
                )
            )
        return True
