from odoo import api, fields, models
from odoo.exceptions import UserError


class TradeServiceAction(models.Model):
    """A corrective or preventive action of a quality case, with its owner."""

    _name = "trade.service.action"
    _inherit = ["trade.workflow.mixin"]
    _description = "Corrective or Preventive Action"
    _order = "date_due, id"

    ticket_id = fields.Many2one(
        comodel_name="trade.service.ticket",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id",
        store=True,
        index=True,
    )
    name = fields.Char(
        string="Action",
        required=True,
    )
    action_type = fields.Selection(
        selection=[("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        domain="[('share', '=', False)]",
    )
    date_due = fields.Date(
        string="Due Date",
        required=True,
    )
    done = fields.Boolean(
        readonly=True,
        copy=False,
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"done"}

    @api.model_create_multi
    def create(self, vals_list):
        actions = super().create(vals_list)
        for action in actions:
            action.ticket_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_due,
                summary=action.name,
                user_id=action.owner_id.id,
            )
        return actions

    def action_mark_done(self):
        """The owner, the ticket's handler or a business manager closes the
        action; the owner's activity closes with it."""
        user = self.env.user
        manager = user.has_group("trade_business_dept.group_trade_manager")
        others = self.filtered(
            lambda action: user not in (action.owner_id | action.ticket_id.handler_id)
        )
        if others and not manager:
            raise UserError(
                self.env._(
                    "Only its owner, the ticket's handler or a business manager "
                    "can mark the action %s done.",
                    others[0].name,
                )
            )
        self._trade_workflow_write({"done": True}, access="read")
        activities = self.ticket_id.activity_ids.filtered(
            lambda activity: any(
                activity.summary == action.name and activity.user_id == action.owner_id
                for action in self
            )
        )
        activities.sudo().action_feedback()
        return True
