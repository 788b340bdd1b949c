from odoo import api, fields, models
from odoo.exceptions import UserError


class TradeAppraisalGoal(models.Model):
    _name = "trade.appraisal.goal"
    _description = "Improvement Goal"
    _order = "date_deadline, id"

    interview_id = fields.Many2one(
        comodel_name="trade.appraisal.interview",
        required=True,
        index=True,
        ondelete="cascade",
    )
    employee_id = fields.Many2one(
        related="interview_id.employee_id",
        store=True,
    )
    name = fields.Char(
        string="Goal",
        required=True,
    )
    measure = fields.Char(
        string="How It Is Measured",
    )
    date_deadline = fields.Date(
        string="Deadline",
        required=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        if not self.env.su:
            goals._check_interview_open()
        return goals

    def write(self, vals):
        if not self.env.su:
            self._check_interview_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        self._check_interview_open()

    def _check_interview_open(self):
        held = self.interview_id.filtered(lambda interview: interview.state == "done")
        if held:
            raise UserError(
                self.env._(
                    "%(interview)s is held; its improvement plan can no longer change.",
                    interview=held[0].display_name,
                )
            )
        if not self.env.su:
            self.interview_id._check_interviewer()
