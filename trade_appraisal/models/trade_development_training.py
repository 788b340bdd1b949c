from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

TRAINING_KINDS = [
    ("course", "Course"),
    ("coaching", "Coaching"),
    ("mentoring", "Mentoring"),
    ("on_the_job", "On-the-job Training"),
]
TRAINING_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class TradeDevelopmentTraining(models.Model):
    """A course or a coaching of a development plan, with its dates and, once
    done, its outcome."""

    _name = "trade.development.training"
    _description = "Course or Coaching"
    _inherit = ["trade.workflow.mixin"]
    _order = "date_start, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        comodel_name="trade.development.plan",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    employee_id = fields.Many2one(
        related="plan_id.employee_id",
        store=True,
        index=True,
    )
    company_id = fields.Many2one(
        related="plan_id.company_id",
        store=True,
        index=True,
    )
    need_id = fields.Many2one(
        comodel_name="trade.development.need",
        string="For the Need",
        index=True,
        domain="[('plan_id', '=', plan_id)]",
        check_company=True,
    )
    name = fields.Char(
        string="Course or Coaching",
        required=True,
    )
    kind = fields.Selection(
        selection=TRAINING_KINDS,
        required=True,
        default="course",
    )
    trainer = fields.Char(
        string="Provider or Coach",
    )
    date_start = fields.Date(
        string="Start",
        required=True,
    )
    date_end = fields.Date(
        string="End",
    )
    state = fields.Selection(
        selection=TRAINING_STATES,
        string="Status",
        required=True,
        default="planned",
        copy=False,
    )
    outcome = fields.Text(
        help="What the employee learnt or changed; required to mark it done.",
    )

    @api.constrains("date_start", "date_end", "need_id", "plan_id")
    def _check_dates_and_need(self):
        for training in self:
            if training.date_end and training.date_end < training.date_start:
                raise ValidationError(
                    self.env._(
                        "%(training)s ends before it starts.", training=training.name
                    )
                )
            if training.need_id and training.need_id.plan_id != training.plan_id:
                raise ValidationError(
                    self.env._(
                        "%(training)s answers a need of its own plan.",
                        training=training.name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "employee_id",
            "company_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        trainings = super().create(vals_list)
        if not self.env.su:
            trainings.plan_id._check_manager()
            trainings.plan_id._check_open()
        return trainings

    def write(self, vals):
        if not self.env.su:
            self.plan_id._check_manager()
            self.plan_id._check_open()
            if "plan_id" in vals and any(
                training.plan_id.id != vals["plan_id"] for training in self
            ):
                raise UserError(self.env._("A course or coaching stays on its plan."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if not self.env.su:
            self.plan_id._check_open()
        if any(training.state == "done" for training in self):
            raise UserError(
                self.env._("A course or coaching that took place cannot be deleted.")
            )

    def action_done(self):
        """The training took place: its outcome is recorded."""
        self.plan_id._check_manager()
        self.plan_id._check_open()
        for training in self:
            if training.state != "planned":
                raise UserError(
                    self.env._(
                        "Only a planned course or coaching can be marked done: "
                        "%(training)s.",
                        training=training.name,
                    )
                )
            if not (training.outcome or "").strip():
                raise UserError(
                    self.env._(
                        "Record the outcome of %(training)s: what the employee "
                        "learnt or changed.",
                        training=training.name,
                    )
                )
        self._trade_workflow_write({"state": "done"}, access=None)
        return True

    def action_cancel(self):
        self.plan_id._check_manager()
        self.plan_id._check_open()
        if any(training.state != "planned" for training in self):
            raise UserError(
                self.env._("Only a planned course or coaching can be cancelled.")
            )
        self._trade_workflow_write({"state": "cancelled"}, access=None)
        return True
