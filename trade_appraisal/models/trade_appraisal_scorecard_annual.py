# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round

from .trade_appraisal_scorecard import PUBLISHED_STATES

ANNUAL_PARTS = ("monthly", "self", "peer", "supervisor")
#: Set by the generation from the year's results and the settings, or stored
#: results of the evaluations.
ANNUAL_WORKFLOW_FIELDS = {
    "monthly_average_score",
    "monthly_card_count",
    "weight_monthly",
    "weight_self",
    "weight_peer",
    "weight_supervisor",
    "self_score",
    "peer_score",
    "peer_count",
    "supervisor_score",
    "has_self_score",
    "has_supervisor_score",
}


class TradeAppraisalScorecard(models.Model):
    """The annual appraisal (R4.2.2): the average of the year's published
    monthly totals, the self, peer and supervisor evaluations (360), each
    with the weight set in Settings; a missing part counts for nothing and
    the others count proportionally."""

    _inherit = "trade.appraisal.scorecard"

    evaluation_ids = fields.One2many(
        comodel_name="trade.appraisal.evaluation",
        inverse_name="scorecard_id",
        string="Evaluations",
        groups="trade_business_dept.group_trade_manager,"
        "trade_appraisal.group_trade_appraisal_hr",
    )
    monthly_average_score = fields.Float(
        string="Average Monthly Score",
        digits=(5, 2),
        readonly=True,
        help="Average total of the year's published monthly scorecards.",
    )
    monthly_card_count = fields.Integer(
        string="Monthly Scorecards",
        readonly=True,
    )
    weight_monthly = fields.Float(
        string="Weight of Monthly Scores",
        digits=(5, 2),
        readonly=True,
    )
    weight_self = fields.Float(
        string="Weight of Self-evaluation",
        digits=(5, 2),
        readonly=True,
    )
    weight_peer = fields.Float(
        string="Weight of Peer Evaluation",
        digits=(5, 2),
        readonly=True,
    )
    weight_supervisor = fields.Float(
        string="Weight of Supervisor Evaluation",
        digits=(5, 2),
        readonly=True,
    )
    self_score = fields.Float(
        string="Self-evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
    )
    peer_score = fields.Float(
        string="Peer Evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
        help="Average of the peers' submitted scores; who gave which score "
        "is not shown to the employee.",
    )
    peer_count = fields.Integer(
        string="Peer Evaluations Received",
        compute="_compute_evaluation_scores",
        store=True,
    )
    supervisor_score = fields.Float(
        string="Supervisor Evaluation",
        digits=(5, 2),
        compute="_compute_evaluation_scores",
        store=True,
    )
    has_self_score = fields.Boolean(
        string="Self-evaluation Submitted",
        compute="_compute_evaluation_scores",
        store=True,
    )
    has_supervisor_score = fields.Boolean(
        string="Supervisor Evaluation Submitted",
        compute="_compute_evaluation_scores",
        store=True,
    )

    @api.depends("evaluation_ids.state", "evaluation_ids.score")
    def _compute_evaluation_scores(self):
        for card in self:
            submitted = card.evaluation_ids.filtered(
                lambda evaluation: evaluation.state == "submitted"
            )
            by_role = defaultdict(list)
            for evaluation in submitted:
                by_role[evaluation.role].append(evaluation.score)
            card.has_self_score = bool(by_role["self"])
            card.self_score = by_role["self"][0] if by_role["self"] else 0.0
            card.has_supervisor_score = bool(by_role["supervisor"])
            card.supervisor_score = (
                sum(by_role["supervisor"]) / len(by_role["supervisor"])
                if by_role["supervisor"]
                else 0.0
            )
            card.peer_count = len(by_role["peer"])
            card.peer_score = (
                float_round(sum(by_role["peer"]) / len(by_role["peer"]), 2)
                if by_role["peer"]
                else 0.0
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | ANNUAL_WORKFLOW_FIELDS

    def action_request_peer_evaluations(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Peer Evaluations"),
            "res_model": "trade.appraisal.peer.request",
            "view_mode": "form",
            "target": "new",
            "context": {"default_scorecard_id": self.id},
        }

    def _check_ready_to_score(self):
        self.ensure_one()
        if self.period_type == "annual" and not self.has_supervisor_score:
            raise UserError(
                self.env._(
                    "Submit the supervisor evaluation of %(employee)s before "
                    "scoring the annual appraisal %(card)s.",
                    employee=self.employee_id.name,
                    card=self.name,
                )
            )
        return super()._check_ready_to_score()

    def _annual_values(self, monthly):
        """The card's year: its monthly results and the weights of the parts.

        :param monthly: the result of :meth:`_monthly_results`
        """
        self.ensure_one()
        average, count = monthly["cards"].get(self.employee_id.id, (0.0, 0))
        weights = self.company_id._trade_appraisal_annual_weights()
        return {
            "monthly_average_score": float_round(average, 2),
            "monthly_card_count": count,
            **{f"weight_{part}": weights[part] for part in ANNUAL_PARTS},
        }

    def _annual_parts(self):
        """``[(weight, score)]`` of the parts of the annual appraisal that
        have a score; a missing part counts for nothing and the others count
        proportionally."""
        self.ensure_one()
        available = {
            "monthly": (self.monthly_card_count > 0, self.monthly_average_score),
            "self": (self.has_self_score, self.self_score),
            "peer": (self.peer_count > 0, self.peer_score),
            "supervisor": (self.has_supervisor_score, self.supervisor_score),
        }
        return [
            (self[f"weight_{part}"], score)
            for part, (present, score) in available.items()
            if present
        ]

    def _monthly_results(self):
        """The year's published monthly results of the annual cards' employees:
        ``{"cards": {employee_id: (average_total, count)},
        "lines": {(employee_id, indicator_id): (average_score, average_actual)}}``."""
        period = self.period_id
        domain = [
            ("employee_id", "in", self.employee_id.ids),
            ("period_type", "=", "monthly"),
            ("company_id", "=", period.company_id.id),
            ("date_start", ">=", period.date_start),
            ("date_start", "<=", period.date_end),
            ("state", "in", PUBLISHED_STATES),
        ]
        Scorecard = self.env["trade.appraisal.scorecard"].sudo()
        cards = {
            employee.id: (average, count)
            for employee, average, count in Scorecard._read_group(
                domain, ["employee_id"], ["total_score:avg", "__count"]
            )
        }
        lines = {
            (employee.id, indicator.id): (score, actual)
            for employee, indicator, score, actual in self.env[
                "trade.appraisal.scorecard.line"
            ]
            .sudo()
            ._read_group(
                [
                    ("scorecard_id", "in", Scorecard._search(domain)),
                    ("is_scored", "=", True),
                ],
                ["employee_id", "indicator_id"],
                ["score:avg", "actual:avg"],
            )
        }
        return {"cards": cards, "lines": lines}

    def _ensure_evaluations(self):
        """Request the self-evaluation and the supervisor evaluation of annual
        cards that do not have them yet."""
        Evaluation = self.env["trade.appraisal.evaluation"].sudo()
        existing = {
            (evaluation.scorecard_id.id, evaluation.role)
            for evaluation in Evaluation.search([("scorecard_id", "in", self.ids)])
        }
        values = []
        for card in self:
            evaluators = {
                "self": card.employee_id.user_id,
                "supervisor": card._supervisor_user(),
            }
            for role, user in evaluators.items():
                if user and (card.id, role) not in existing:
                    values.append(
                        {"scorecard_id": card.id, "role": role, "evaluator_id": user.id}
                    )
        evaluations = Evaluation.create(values)
        evaluations._schedule_activity()
        return evaluations
