from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

GOAL_STATES = [
    ("open", "To Do"),
    ("done", "Achieved"),
    ("missed", "Not Achieved"),
]


class TradeAppraisalGoal(models.Model):
    """An action of an interview's improvement plan: what, who, by when.

    The plan is fixed once the interview is held; the status of each action
    is then set by the employee's manager or HR with the buttons, usually at
    the next period's interview, which shows the previous plan.
    """

    _name = "trade.appraisal.goal"
    _description = "Improvement Action"
    _inherit = ["trade.workflow.mixin"]
    _order = "date_deadline, id"

    interview_id = fields.Many2one(
        comodel_name="trade.appraisal.interview",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="interview_id.company_id",
        store=True,
        index=True,
    )
    employee_id = fields.Many2one(
        related="interview_id.employee_id",
        store=True,
    )
    name = fields.Char(
        string="Action",
        required=True,
    )
    measure = fields.Char(
        string="How It Is Measured",
    )
    owner_id = fields.Many2one(
        comodel_name="res.users",
        compute="_compute_owner_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        domain="[('share', '=', False)]",
        help="Who carries the action out: the employee unless another person "
        "is named (a coach, the manager).",
    )
    date_deadline = fields.Date(
        string="Deadline",
        required=True,
    )
    state = fields.Selection(
        selection=GOAL_STATES,
        string="Status",
        required=True,
        default="open",
        copy=False,
    )
    date_reviewed = fields.Date(
        string="Status Set On",
        readonly=True,
        copy=False,
    )
    reviewed_by_id = fields.Many2one(
        comodel_name="res.users",
        string="Status Set By",
        readonly=True,
        copy=False,
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
    )

    @api.depends("interview_id")
    def _compute_owner_id(self):
        for goal in self:
            goal.owner_id = goal.owner_id or goal.interview_id.user_id

    @api.depends("state", "date_deadline")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for goal in self:
            goal.is_overdue = bool(
                goal.state == "open"
                and goal.date_deadline
                and goal.date_deadline < today
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "date_reviewed",
            "reviewed_by_id",
            "employee_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        if not self.env.su:
            goals._check_interview_open()
        return goals

    def write(self, vals):
        if not self.env.su:
            self._check_interview_open()
            if "interview_id" in vals and any(
                goal.interview_id.id != vals["interview_id"] for goal in self
            ):
                raise UserError(
                    self.env._("An action stays in the plan it was agreed in.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        self._check_interview_open()

    def action_mark_done(self):
        return self._set_status("done")

    def action_mark_missed(self):
        return self._set_status("missed")

    def action_reopen(self):
        return self._set_status("open")

    def _set_status(self, state):
        """The manager (or HR) records how the action went."""
        if not self.env.su:
            self.interview_id._check_interviewer()
        reviewed = state != "open"
        self._trade_workflow_write(
            {
                "state": state,
                "date_reviewed": reviewed and fields.Date.context_today(self),
                "reviewed_by_id": reviewed and self.env.user.id,
            },
            access=None,
        )
        for goal in self.sudo():
            # noted for the employee, in their language
            env = goal.interview_id._trade_in_reader_lang().env
            labels = dict(self._fields["state"]._description_selection(env))
            goal.interview_id.message_post(
                body=Markup("<p>%s</p>")
                % env._(
                    "Improvement action “%(action)s”: %(status)s.",
                    action=goal.name,
                    status=labels[state],
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

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
