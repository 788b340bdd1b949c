from odoo import api, fields, models


class TradeServiceAction(models.Model):
    """A corrective or preventive action of a quality case, with its owner."""

    _name = "trade.service.action"
    _description = "Corrective or Preventive Action"
    _order = "date_due, id"

    ticket_id = fields.Many2one(
        comodel_name="trade.service.ticket",
        required=True,
        index=True,
        ondelete="cascade",
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
    done = fields.Boolean()

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
