from odoo import api, fields, models


class TradeMeetingAction(models.Model):
    """An action decided in a department meeting, with its owner and deadline."""

    _name = "trade.meeting.action"
    _inherit = ["trade.workflow.mixin"]
    _description = "Meeting Action Item"
    _order = "date_deadline, id"

    meeting_id = fields.Many2one(
        comodel_name="trade.meeting",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="meeting_id.company_id",
        store=True,
        index=True,
    )
    name = fields.Char(
        string="Action Item",
        required=True,
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        domain="[('share', '=', False)]",
    )
    date_deadline = fields.Date(
        string="Deadline",
        required=True,
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("done", "Done")],
        string="Status",
        required=True,
        default="open",
    )
    activity_id = fields.Many2one(
        comodel_name="mail.activity",
        readonly=True,
        ondelete="set null",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "activity_id",
        }

    def _schedule_activities(self):
        """The owner of each open action gets an activity on the meeting."""
        for action in self.filtered(lambda a: a.state == "open" and not a.activity_id):
            activity = action.meeting_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_deadline,
                summary=action.name,
                user_id=action.owner_id.id,
            )
            action._trade_workflow_write({"activity_id": activity.id}, access=None)

    def action_done(self):
        self._trade_workflow_write({"state": "done"})
        self.activity_id.sudo().action_feedback()
        return True
