from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ROLES = [
    ("self", "Self-evaluation"),
    ("peer", "Peer Evaluation"),
    ("supervisor", "Supervisor Evaluation"),
]
EDITABLE_FIELDS = {"score", "strengths", "improvements"}


class TradeAppraisalEvaluation(models.Model):
    _name = "trade.appraisal.evaluation"
    _description = "Annual Appraisal Evaluation"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "scorecard_id, role, id"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('period_type', '=', 'annual')]",
    )
    employee_id = fields.Many2one(
        related="scorecard_id.employee_id",
        string="Evaluated Employee",
        store=True,
        index=True,
    )
    period_id = fields.Many2one(
        related="scorecard_id.period_id",
        store=True,
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id",
        store=True,
        index=True,
    )
    evaluator_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    role = fields.Selection(
        selection=ROLES,
        required=True,
    )
    score = fields.Float(
        digits=(5, 2),
        help="0 to 100.",
    )
    strengths = fields.Text()
    improvements = fields.Text(
        string="Areas to Improve",
    )
    state = fields.Selection(
        selection=[
            ("requested", "To Do"),
            ("submitted", "Submitted"),
        ],
        string="Status",
        required=True,
        default="requested",
        tracking=True,
        copy=False,
    )
    date_submitted = fields.Date(
        string="Submitted On",
        readonly=True,
        copy=False,
    )

    _sql_constraints = [
        (
            "evaluator_unique",
            "unique(scorecard_id, evaluator_id, role)",
            "This person already evaluates the employee in this role.",
        ),
    ]

    @api.depends("employee_id", "period_id", "role")
    def _compute_display_name(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        for evaluation in self:
            evaluation.display_name = self.env._(
                "%(role)s of %(employee)s, %(period)s",
                role=roles.get(evaluation.role, ""),
                employee=evaluation.employee_id.name,
                period=evaluation.period_id.name,
            )

    @api.constrains("score")
    def _check_score(self):
        for evaluation in self:
            if not 0 <= evaluation.score <= 100:
                raise ValidationError(
                    self.env._("An evaluation score is between 0 and 100.")
                )

    @api.constrains("role", "evaluator_id", "scorecard_id")
    def _check_evaluator(self):
        for evaluation in self:
            card = evaluation.scorecard_id
            if card.period_type != "annual":
                raise ValidationError(
                    self.env._(
                        "Self, peer and supervisor evaluations belong to the annual "
                        "appraisal, not to %(card)s.",
                        card=card.name,
                    )
                )
            is_employee = evaluation.evaluator_id == card.employee_id.user_id
            if (evaluation.role == "self") != is_employee:
                raise ValidationError(
                    self.env._(
                        "%(employee)s writes their own self-evaluation and is "
                        "not their own peer or supervisor.",
                        employee=card.employee_id.name,
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "scorecard_id",
            "employee_id",
            "period_id",
            "company_id",
            "evaluator_id",
            "role",
            "state",
            "date_submitted",
        }

    @api.model_create_multi
    def create(self, vals_list):
        # who evaluates whom stays between the evaluator, the manager and HR:
        # nobody follows an evaluation (see _message_subscribe)
        return super(
            TradeAppraisalEvaluation, self.with_context(mail_create_nosubscribe=True)
        ).create(vals_list)

    def write(self, vals):
        if not self.env.su and EDITABLE_FIELDS.intersection(vals):
            self._check_evaluator_can_edit()
        return super().write(vals)

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Evaluations have no followers.

        Any employee can read ``mail.followers``, so a follower of a peer
        evaluation would tell the evaluated employee who evaluates them. The
        evaluator works from the evaluation's activity; the manager and HR
        from the scorecard. Subscriptions (the activity's assignee, the Follow
        button) are therefore dropped.
        """
        return True

    def action_submit(self):
        self._check_evaluator_can_edit()
        for evaluation in self:
            if evaluation.score < 1:
                raise UserError(
                    self.env._(
                        "Give a score between 1 and 100 before submitting %(name)s.",
                        name=evaluation.display_name,
                    )
                )
        self._trade_workflow_write(
            {"state": "submitted", "date_submitted": fields.Date.context_today(self)}
        )
        self.activity_ids.sudo().action_feedback()
        return True

    def _check_evaluator_can_edit(self):
        for evaluation in self:
            if not self.env.su and evaluation.evaluator_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Only %(evaluator)s can fill in this evaluation.",
                        evaluator=evaluation.evaluator_id.name,
                    )
                )
            if evaluation.state != "requested":
                raise UserError(
                    self.env._(
                        "%(name)s is already submitted.",
                        name=evaluation.display_name,
                    )
                )
            card = evaluation.sudo().scorecard_id
            if card.state not in ("draft", "collected"):
                raise UserError(
                    self.env._(
                        "The annual appraisal %(card)s is already scored: "
                        "evaluations are closed.",
                        card=card.name,
                    )
                )

    def _schedule_activity(self):
        """One activity per evaluator, created in one batch."""
        activity_type = self.env.ref(
            "trade_appraisal.mail_activity_type_trade_appraisal_evaluation"
        )
        deadline = fields.Date.context_today(self) + timedelta(
            days=activity_type.delay_count
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .sudo()
            .create(
                [
                    {
                        "activity_type_id": activity_type.id,
                        "res_model_id": model_id,
                        "res_id": evaluation.id,
                        "user_id": evaluation.evaluator_id.id,
                        # the evaluator's activity, in the evaluator's language
                        "summary": evaluation.with_context(
                            lang=evaluation.evaluator_id.lang
                        ).display_name,
                        "date_deadline": deadline,
                    }
                    for evaluation in self
                ]
            )
        )
