from odoo import api, fields, models
from odoo.exceptions import UserError

from ..text import in_company_lang, join_names


class TradeOrderInspection(models.Model):
    """Acceptance inspection of an order's goods against the contract (R3.3.3)."""

    _name = "trade.order.inspection"
    _description = "Order Acceptance Inspection"
    _inherit = [
        "trade.reference.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.order.inspection"

    order_id = fields.Many2one(
        comodel_name="sale.order",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('state', '=', 'sale')]",
    )
    company_id = fields.Many2one(
        related="order_id.company_id",
        store=True,
    )
    partner_id = fields.Many2one(
        related="order_id.partner_id",
        string="Customer",
    )
    inspector_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date = fields.Date(
        required=True,
        tracking=True,
        default=fields.Date.context_today,
    )
    result = fields.Selection(
        selection=[
            ("pass", "Passed"),
            ("conditional", "Passed with Conditions"),
            ("fail", "Failed"),
        ],
        tracking=True,
    )
    findings = fields.Text(
        help="What was checked against the contract and what was found.",
    )
    photo_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Photos",
        help="Pictures taken during the inspection.",
    )
    state = fields.Selection(
        selection=[("draft", "To Do"), ("done", "Done")],
        string="Status",
        required=True,
        default="draft",
        tracking=True,
        copy=False,
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
        }

    def action_validate(self):
        """Record the result: a pass accepts the order and asks the customer to
        pay and pick up; a failure goes to after-sales."""
        for inspection in self:
            if inspection.state != "draft":
                raise UserError(
                    self.env._("Inspection %s is already recorded.", inspection.name)
                )
            missing = []
            if not inspection.result:
                missing.append(self.env._("the result"))
            if (
                inspection.result in ("fail", "conditional")
                and not (inspection.findings or "").strip()
            ):
                missing.append(self.env._("the findings"))
            if missing:
                raise UserError(
                    self.env._(
                        "Inspection %(inspection)s needs %(missing)s before it is "
                        "recorded.",
                        inspection=inspection.name,
                        missing=join_names(self.env, missing),
                    )
                )
        self._trade_workflow_write({"state": "done"})
        passed = self.filtered(lambda inspection: inspection.result != "fail")
        passed.order_id._trade_refresh_tracking()
        passed.order_id._trade_send_acceptance_notice()
        self.filtered(
            lambda inspection: inspection.result in ("fail", "conditional")
        )._open_quality_follow_up()
        return True

    def _open_quality_follow_up(self):
        """A failed or conditional inspection opens an internal quality case
        for the merchandiser who follows the order and its salesperson, with
        the findings. The customer is not told: the salesperson decides what
        to tell him (the delay notice, or a reply on the case)."""
        Ticket = self.env["trade.service.ticket"]
        tickets = Ticket._trade_workflow_create(
            [
                {
                    "title": self.env._(
                        "Inspection %(inspection)s: %(result)s",
                        inspection=inspection.name,
                        result=dict(
                            self._fields["result"]._description_selection(self.env)
                        )[inspection.result],
                    ),
                    "ticket_type": "quality",
                    "is_internal": True,
                    "urgency": "high" if inspection.result == "fail" else "normal",
                    "partner_id": inspection.order_id.partner_id.id,
                    "sale_order_id": inspection.order_id.id,
                    "company_id": inspection.company_id.id,
                    "product_id": inspection.order_id.order_line.product_id[:1].id,
                    "handler_id": (
                        inspection.order_id.trade_merchandiser_id
                        or inspection.order_id.user_id
                        or self.env.user
                    ).id,
                    "description": inspection.findings,
                }
                for inspection in self
            ]
        )
        for inspection, ticket in zip(self, tickets, strict=True):
            order = inspection.order_id
            staff = (order.trade_merchandiser_id | order.user_id).partner_id
            ticket.sudo().message_subscribe(partner_ids=staff.ids)
            inspection.message_post(
                body=in_company_lang(inspection).env._(
                    "Internal quality case %s opened.", ticket.name
                )
            )
        return tickets
