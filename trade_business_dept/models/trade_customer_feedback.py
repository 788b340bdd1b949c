from odoo import api, fields, models
from odoo.exceptions import UserError

from ..text import join_names


class TradeCustomerFeedback(models.Model):
    _name = "trade.customer.feedback"
    _description = "Customer Feedback"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "feedback"
    _check_company_auto = True

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    visit_id = fields.Many2one(
        comodel_name="trade.visit",
        index="btree_not_null",
        check_company=True,
        ondelete="set null",
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
    )
    channel = fields.Selection(
        selection=[
            ("visit", "Visit"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("meeting", "Meeting"),
            ("other", "Other"),
        ],
        required=True,
        default="phone",
    )
    sentiment = fields.Selection(
        selection=[
            ("positive", "Positive"),
            ("neutral", "Neutral"),
            ("negative", "Negative"),
        ],
        default="neutral",
        tracking=True,
    )
    feedback = fields.Text(
        required=True,
    )
    action_taken = fields.Text(
        tracking=True,
        help="What the company did about this feedback.",
    )
    responsible_id = fields.Many2one(
        comodel_name="res.users",
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.user,
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("done", "Acted On")],
        string="Status",
        required=True,
        default="open",
        tracking=True,
    )

    @api.depends("feedback", "partner_id")
    def _compute_display_name(self):
        for entry in self:
            text = (entry.feedback or "").strip().splitlines()
            entry.display_name = "%s: %s" % (
                entry.partner_id.display_name or "",
                (text[0][:60] if text else ""),
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
        }

    def action_mark_done(self):
        missing = self.filtered(lambda entry: not (entry.action_taken or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Describe the action taken before closing the feedback of %s.",
                    join_names(self.env, missing.partner_id.mapped("display_name")),
                )
            )
        self._trade_workflow_write({"state": "done"})
        return True

    def action_reopen(self):
        self._trade_workflow_write({"state": "open"})
        return True
