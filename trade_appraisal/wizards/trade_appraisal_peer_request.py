from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from ..models.roles import is_hr


class TradeAppraisalPeerRequest(models.TransientModel):
    _name = "trade.appraisal.peer.request"
    _description = "Request Peer Evaluations"

    scorecard_id = fields.Many2one(
        comodel_name="trade.appraisal.scorecard",
        required=True,
        ondelete="cascade",
    )
    employee_id = fields.Many2one(
        related="scorecard_id.employee_id",
    )
    company_id = fields.Many2one(
        related="scorecard_id.company_id",
    )
    peer_ids = fields.Many2many(
        comodel_name="hr.employee",
        string="Peers",
        domain="[('company_id', '=', company_id), ('user_id', '!=', False), "
        "('id', '!=', employee_id)]",
        help="Colleagues who work with the employee. Each gets an evaluation "
        "to fill in; the employee sees only the average of the peers' scores.",
    )

    def action_confirm(self):
        self.ensure_one()
        card = self.scorecard_id
        if not (is_hr(self.env) or self.env.user in card._managers()):
            raise AccessError(
                self.env._(
                    "Peer evaluations of %(employee)s are requested by their "
                    "business manager or HR.",
                    employee=card.employee_id.name,
                )
            )
        if card.period_type != "annual" or card.state not in ("draft", "collected"):
            raise UserError(
                self.env._(
                    "Peer evaluations are requested for an annual appraisal before "
                    "it is scored; %(card)s is not.",
                    card=card.name,
                )
            )
        peers = self.peer_ids.sudo()
        if not peers:
            raise UserError(self.env._("Choose at least one peer."))
        if card.employee_id in peers or not all(peers.mapped("user_id")):
            raise UserError(
                self.env._(
                    "Peers are colleagues with a user account, not %(employee)s "
                    "themselves.",
                    employee=card.employee_id.name,
                )
            )
        Evaluation = self.env["trade.appraisal.evaluation"].sudo()
        asked = set(
            Evaluation.search(
                [("scorecard_id", "=", card.id), ("role", "=", "peer")]
            ).evaluator_id.ids
        )
        evaluations = Evaluation.create(
            [
                {
                    "scorecard_id": card.id,
                    "role": "peer",
                    "evaluator_id": user.id,
                }
                for user in peers.user_id
                if user.id not in asked
            ]
        )
        evaluations._schedule_activity()
        return {"type": "ir.actions.act_window_close"}
