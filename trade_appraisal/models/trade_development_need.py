from odoo import api, fields, models
from odoo.exceptions import UserError

NEED_SOURCES = [
    ("score", "Low Indicator Score"),
    ("coaching", "Coaching after a Low Grade"),
    ("request", "Own Request"),
    ("manager", "Manager"),
]
NEED_STATES = [
    ("proposed", "Proposed"),
    ("agreed", "Agreed"),
    ("declined", "Declined"),
    ("met", "Met"),
]


class TradeDevelopmentNeed(models.Model):
    """A training need of a development plan and where it comes from: an
    indicator scored under the threshold, coaching after a low grade, the
    employee's own request or the manager. The manager agrees or declines
    it, and marks it met once the training has brought what was needed."""

    _name = "trade.development.need"
    _description = "Training Need"
    _inherit = ["trade.workflow.mixin"]
    _order = "plan_id, state, id"
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
    name = fields.Char(
        string="Need",
        required=True,
    )
    description = fields.Text()
    source = fields.Selection(
        selection=NEED_SOURCES,
        required=True,
        default="manager",
    )
    indicator_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator",
        readonly=True,
        help="The indicator whose low score proposed the need.",
    )
    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        readonly=True,
        help="The scorecard that proposed the need.",
    )
    score = fields.Float(
        digits=(5, 2),
        readonly=True,
        help="The indicator's score (or the total, for coaching) on that scorecard.",
    )
    state = fields.Selection(
        selection=NEED_STATES,
        string="Status",
        required=True,
        default="proposed",
        copy=False,
    )
    training_ids = fields.One2many(
        comodel_name="trade.development.training",
        inverse_name="need_id",
        string="Courses and Coaching",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "source",
            "indicator_id",
            "scorecard_id",
            "score",
            "employee_id",
            "company_id",
        }

    @api.model_create_multi
    def create(self, vals_list):
        needs = super().create(vals_list)
        if not self.env.su:
            needs.plan_id._check_manager()
            needs.plan_id._check_open()
        return needs

    def write(self, vals):
        if not self.env.su:
            self.plan_id._check_manager()
            self.plan_id._check_open()
            if "plan_id" in vals and any(
                need.plan_id.id != vals["plan_id"] for need in self
            ):
                raise UserError(self.env._("A need stays on its plan."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_from_appraisal(self):
        if self.env.su:
            return
        self.plan_id._check_open()
        kept = self.filtered(lambda need: need.source != "manager")
        if kept:
            raise UserError(
                self.env._(
                    "%(need)s comes from the appraisal or the employee's request: "
                    "decline it instead of deleting it.",
                    need=kept[0].name,
                )
            )

    def action_agree(self):
        return self._set_status("agreed", ("proposed", "declined"))

    def action_decline(self):
        return self._set_status("declined", ("proposed", "agreed"))

    def action_met(self):
        return self._set_status("met", ("agreed",))

    def _set_status(self, state, allowed_from):
        self.plan_id._check_manager()
        self.plan_id._check_open()
        wrong = self.filtered(lambda need: need.state not in allowed_from)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(need)s is %(state)s.",
                    need=wrong[0].name,
                    state=states[wrong[0].state],
                )
            )
        self._trade_workflow_write({"state": state}, access=None)
        return True
