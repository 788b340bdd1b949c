from odoo import fields, models


class TradeAppraisalInterviewRemark(models.TransientModel):
    _name = "trade.appraisal.interview.remark"
    _description = "Remarks on a Performance Interview"

    interview_id = fields.Many2one(
        comodel_name="trade.appraisal.interview",
        required=True,
        ondelete="cascade",
    )
    employee_comment = fields.Text(
        string="Your Remarks",
        required=True,
        help="What you add to the interview's record before acknowledging it.",
    )

    def action_confirm(self):
        self.ensure_one()
        self.interview_id._set_employee_comment(self.employee_comment)
        return {"type": "ir.actions.act_window_close"}
