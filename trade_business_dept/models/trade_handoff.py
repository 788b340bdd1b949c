from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

DEPARTMENTS = [
    ("purchasing", "Purchasing Department"),
    ("production", "Production Department"),
    ("logistics", "Logistics Department"),
    ("finance", "Finance Department"),
]


class TradeHandoff(models.Model):
    """What the business department handed to another department (R6.1).

    Each hand-off is also an activity for the department's contact: marking
    the activity done closes the hand-off.
    """

    _name = "trade.handoff"
    _inherit = ["trade.workflow.mixin"]
    _description = "Hand-off to a Department"
    _order = "date_deadline, id"
    _check_company_auto = True

    name = fields.Char(
        string="Hand-off",
        required=True,
    )
    department = fields.Selection(
        selection=DEPARTMENTS,
        required=True,
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Handed To",
        required=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    order_id = fields.Many2one(
        comodel_name="sale.order",
        index="btree_not_null",
        ondelete="cascade",
    )
    contract_id = fields.Many2one(
        comodel_name="trade.contract",
        index="btree_not_null",
        ondelete="cascade",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
    )
    note = fields.Html(
        string="Details",
    )
    date_handed = fields.Date(
        string="Handed On",
        required=True,
        default=fields.Date.context_today,
    )
    date_deadline = fields.Date(
        string="Due Date",
        required=True,
        default=fields.Date.context_today,
    )
    state = fields.Selection(
        selection=[("open", "Open"), ("done", "Done")],
        string="Status",
        required=True,
        default="open",
        index=True,
    )
    date_planned_finish = fields.Date(
        string="Planned Finish",
        help="Production's answer: when the goods will be finished. Entering "
        "it moves the order to the Production stage.",
    )
    date_done = fields.Date(
        readonly=True,
    )
    activity_id = fields.Many2one(
        comodel_name="mail.activity",
        readonly=True,
        ondelete="set null",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )

    @api.depends("order_id.partner_id", "contract_id.partner_id")
    def _compute_partner_id(self):
        for handoff in self:
            handoff.partner_id = (
                handoff.order_id.partner_id.commercial_partner_id
                or handoff.contract_id.partner_id
            )

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for handoff in self:
            handoff.is_overdue = (
                handoff.state == "open" and handoff.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        overdue = [("state", "=", "open"), ("date_deadline", "<", today)]
        if (operator == "=") == bool(value):
            return overdue
        return ["|", ("state", "!=", "open"), ("date_deadline", ">=", today)]

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "date_done",
            "activity_id",
        }

    def write(self, vals):
        if not self.env.su:
            if "user_id" in vals and not self._trade_is_manager():
                raise UserError(
                    self.env._(
                        "Only a business manager hands a hand-off to someone else."
                    )
                )
            if "date_planned_finish" in vals:
                self._check_recipient()
        result = super().write(vals)
        if vals.get("date_planned_finish"):
            for handoff in self.filtered(
                lambda handoff: handoff.department == "production"
            ):
                handoff._trade_move_order(
                    "production",
                    handoff.env._(
                        "Production plans to finish on %s",
                        format_date(handoff.env, handoff.date_planned_finish),
                    ),
                )
        return result

    @api.model_create_multi
    def create(self, vals_list):
        """Each hand-off comes with the activity of its contact."""
        handoffs = super().create(vals_list)
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_handoff"
        )
        values = []
        for handoff in handoffs:
            record = handoff.order_id or handoff.contract_id
            if not record:
                continue
            values.append(
                {
                    "res_model_id": self.env["ir.model"]._get_id(record._name),
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "user_id": handoff.user_id.id,
                    "summary": handoff.name,
                    "note": handoff.note,
                    "date_deadline": handoff.date_deadline,
                }
            )
        activities = self.env["mail.activity"].sudo().create(values)
        for handoff, activity in zip(
            handoffs.filtered(lambda h: h.order_id or h.contract_id),
            activities,
            strict=True,
        ):
            handoff._trade_workflow_write({"activity_id": activity.id}, access=None)
        return handoffs

    def action_done(self):
        """Close the hand-offs and their activities (their recipient, or a
        business manager)."""
        self._check_recipient()
        open_handoffs = self.filtered(lambda handoff: handoff.state == "open")
        open_handoffs._trade_workflow_write(
            {"state": "done", "date_done": fields.Date.context_today(self)}
        )
        open_handoffs.activity_id.sudo().action_feedback(
            feedback=self.env._("Done on the hand-off board")
        )
        for handoff in open_handoffs.filtered(
            lambda handoff: handoff.department == "production"
        ):
            handoff._trade_move_order(
                "inspection", handoff.env._("Production finished: goods to inspect")
            )
        return True

    def _trade_is_manager(self):
        return self.env.su or self.env.user.has_group(
            "trade_business_dept.group_trade_manager"
        )

    def _check_recipient(self):
        """What was handed to a department is answered and closed by that
        department's contact (or a business manager), not by the sender."""
        if self._trade_is_manager():
            return
        others = self.filtered(lambda handoff: handoff.user_id != self.env.user)
        if others:
            raise UserError(
                self.env._(
                    "%(handoff)s was handed to %(user)s: only they or a business "
                    "manager answer and close it.",
                    handoff=others[0].name,
                    user=others[0].user_id.name,
                )
            )

    def _trade_move_order(self, stage_code, reason):
        """Production's answer moves the order's tracking stage forward (never
        back), as a stage set by hand with the reason; the production contact
        needs no right on the order for it."""
        self.ensure_one()
        order = self.order_id.sudo()
        stage = self.env["trade.order.stage"].search([("code", "=", stage_code)])
        if (
            not stage
            or order.state != "sale"
            or not order.trade_in_scope
            or order.trade_stage_id.sequence >= stage.sequence
        ):
            return
        order._trade_set_stage_by_hand(stage, reason)

    def action_open_document(self):
        self.ensure_one()
        record = self.order_id or self.contract_id
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }
