from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.misc import format_date


class TradeServicePlanAction(models.Model):
    """One action of a key customer's service plan (R3.1.3): what is promised,
    who does it and by when. The plan's summary stays the customer's text;
    its actions are followed here, overdue ones become activities of their
    owners and a figure of the manager's dashboard."""

    _name = "trade.service.plan.action"
    _inherit = ["trade.workflow.mixin"]
    _description = "Service Plan Action"
    _order = "state desc, date_due, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Key Customer",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain="[('is_company', '=', True), ('trade_customer_tier', '=', 'key')]",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    name = fields.Char(
        string="Action",
        required=True,
    )
    description = fields.Text()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_due = fields.Date(
        string="Due Date",
        required=True,
    )
    state = fields.Selection(
        selection=[("todo", "To Do"), ("done", "Done"), ("cancelled", "Cancelled")],
        string="Status",
        required=True,
        default="todo",
        copy=False,
    )
    date_done = fields.Date(
        string="Done On",
        readonly=True,
        copy=False,
    )
    note = fields.Text()
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        search="_search_is_overdue",
    )
    overdue_notified = fields.Boolean(
        string="Owner Told of the Delay",
        readonly=True,
        copy=False,
    )
    overdue_activity_id = fields.Many2one(
        comodel_name="mail.activity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = (
                action.state == "todo"
                and bool(action.date_due)
                and action.date_due < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        overdue = [
            ("state", "=", "todo"),
            ("date_due", "<", fields.Date.context_today(self)),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "date_done",
            "overdue_notified",
            "overdue_activity_id",
        }

    def write(self, vals):
        result = super().write(vals)
        if "date_due" in vals:
            # a new due date: the owner is told again if it passes too
            self.filtered("overdue_notified")._trade_workflow_write(
                {"overdue_notified": False}, access=None
            )
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        self._trade_check_state("todo")
        self._trade_workflow_write(
            {"state": "done", "date_done": fields.Date.context_today(self)}
        )
        self._trade_close_overdue_activities()
        return True

    def action_cancel(self):
        self._trade_check_state("todo")
        self._trade_workflow_write({"state": "cancelled"})
        self._trade_close_overdue_activities()
        return True

    def action_reopen(self):
        if any(action.state == "todo" for action in self):
            raise UserError(
                self.env._("Only done or cancelled actions can be reopened.")
            )
        self._trade_workflow_write(
            {"state": "todo", "date_done": False, "overdue_notified": False}
        )
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _trade_check_state(self, state):
        for action in self:
            if action.state != state:
                raise UserError(
                    self.env._("The action “%s” is no longer to do.", action.name)
                )

    def _trade_close_overdue_activities(self):
        self.overdue_activity_id.sudo().action_feedback(
            feedback=self.env._("The service plan action is closed.")
        )

    @api.model
    def _cron_service_plan(self, batch_size=None):
        """Daily: the salesperson of each key customer whose service plan is
        due for review gets one review activity per review date; the owner of
        each overdue action one activity. A batch at a time
        (``ir.cron._trade_run_batches``): the customers not notified of
        their review date yet, then the overdue actions not notified yet, so
        that an interrupted run goes on with the others.

        :return: ``(customers to review, overdue actions)`` handled by this
            call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("service_plan", 200, batch_size)
        Partner = self.env["res.partner"]
        to_review = [
            ("trade_customer_tier", "=", "key"),
            ("trade_service_plan_review_date", "<=", fields.Date.context_today(self)),
            ("user_id", "!=", False),
            (
                "id",
                "in",
                SQL(
                    """(SELECT id FROM res_partner
                         WHERE trade_service_plan_review_notified
                               IS DISTINCT FROM trade_service_plan_review_date)"""
                ),
            ),
        ]
        overdue = [("is_overdue", "=", True), ("overdue_notified", "=", False)]
        handled = {"res.partner": Partner, self._name: self.browse()}

        def step_of(model, domain, method):
            def process(batch):
                getattr(batch, method)()
                # the review dates notified are read in SQL by the next batch
                Partner.flush_model(["trade_service_plan_review_notified"])
                handled[model._name] |= batch

            return Cron._trade_batch_step(model, domain, size, process)

        Partner.flush_model(["trade_service_plan_review_notified"])
        Cron._trade_run_batches(
            "service_plan",
            [
                step_of(Partner, to_review, "_trade_schedule_service_plan_reviews"),
                step_of(self, overdue, "_trade_notify_overdue"),
            ],
        )
        return handled["res.partner"], handled[self._name]

    def _trade_notify_overdue(self):
        """One activity for the owner of each overdue action, on the customer,
        in the owner's language."""
        for action in self:
            env = action.with_context(lang=action.user_id.lang).env
            activity = action.partner_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._(
                    "Service plan action overdue since %(date)s: %(action)s",
                    date=format_date(env, action.date_due),
                    action=action.name,
                ),
                note=action.description or "",
                user_id=action.user_id.id,
            )
            action._trade_workflow_write(
                {"overdue_notified": True, "overdue_activity_id": activity.id},
                access=None,
            )
