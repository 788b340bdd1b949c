from odoo import fields, models


class TradeContractLegalDecision(models.TransientModel):
    _name = "trade.contract.legal.decision"
    _description = "Legal Review Decision"

    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        required=True,
        readonly=True,
    )
    decision = fields.Selection(
        selection=[("approve", "Approve"), ("reject", "Reject")],
        required=True,
        default="approve",
    )
    comment = fields.Text(
        string="Comments",
        help="Required to reject: tell the salesperson what to change.",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.decision == "approve":
            self.contract_id.action_legal_approve(comment=self.comment)
        else:
            self.contract_id.action_legal_reject(reason=self.comment)
        return {"type": "ir.actions.act_window_close"}
