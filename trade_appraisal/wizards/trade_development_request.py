from odoo import fields, models


class TradeDevelopmentRequest(models.TransientModel):
    """The employee asks for a training: a need of their own plan."""

    _name = "trade.development.request"
    _description = "Training Request"

    plan_id = fields.Many2one(
        comodel_name="trade.development.plan",
        ondelete="cascade",
        help="Your development plan; this year's when left empty.",
    )
    name = fields.Char(
        string="Training Wanted",
        required=True,
    )
    description = fields.Text(
        string="Why",
        help="What you want to learn or improve, and what it would change in "
        "your work.",
    )

    def action_confirm(self):
        self.ensure_one()
        plan = self.plan_id or self.env["trade.development.plan"]._own_plan()
        plan._request_need(self.name.strip(), self.description)
        return {
            "type": "ir.actions.act_window",
            "res_model": "trade.development.plan",
            "res_id": plan.id,
            "view_mode": "form",
            "target": "current",
        }
