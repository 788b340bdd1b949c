# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models


class SaleOrder(models.Model):
    """The tracking's scheduled job and what it tells the people who follow
    the orders: the delay alert before the promised date is missed, the
    acceptance inspection to do when the goods arrive (R3.3.3)."""

    _inherit = "sale.order"

    trade_tracking_run = fields.Integer(
        string="Tracking Refresh Run",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Number of the run of the tracking job that last refreshed this "
        "order: a run interrupted midway goes on with the orders it has not "
        "refreshed yet.",
    )

    def _trade_ask_for_inspection(self, notify_assignees=True):
        """The goods are received: the merchandiser (else the salesperson)
        gets the acceptance inspection to do, once per order; with
        ``notify_assignees``, with Odoo's assignment message."""
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_inspection"
        )
        asked = {
            res_id
            for (res_id,) in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id("sale.order")
        values = []
        for order in self.filtered(lambda order: order.id not in asked):
            user = order._trade_follower_user() or self.env.user
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": order.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": order.with_context(lang=user.lang).env._(
                        "Goods of order %s received: inspect them against the contract",
                        order.name,
                    ),
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=not notify_assignees)
            .create(values)
        )

    @api.model
    def _cron_trade_refresh_tracking(self, batch_size=None):
        """Scheduled: stage and delay of every open order, then alerts.

        A batch of orders at a time (``ir.cron._trade_run_batches``): the
        open orders this run has not refreshed yet.

        :return: the delay activities created by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("order_tracking", 500, batch_size)
        run = Cron._trade_run_number("order_tracking")
        todo = [
            ("state", "=", "sale"),
            ("trade_in_scope", "=", True),
            "|",
            ("trade_stage_id", "=", False),
            ("trade_stage_id.code", "!=", "closed"),
            ("trade_tracking_run", "!=", run),
        ]
        alerts = self.env["mail.activity"]

        def refresh(orders):
            nonlocal alerts
            orders._trade_refresh_tracking(notify_assignees=False)
            alerts |= orders._trade_alert_delays()
            Cron._trade_mark_run(orders, "trade_tracking_run", run)

        step = Cron._trade_batch_step(self, todo, size, refresh)
        if not Cron._trade_run_batches("order_tracking", [step]):
            Cron._trade_end_run("order_tracking", run)
        return alerts

    def _trade_alert_delays(self):
        """One activity for the merchandiser who follows each order that will
        miss its promised date (its salesperson when it has none), before it
        is missed."""
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_delay"
        )
        now = fields.Datetime.now()
        late = self.filtered(
            lambda order: (
                order.trade_is_delayed
                and order.commitment_date
                and order.commitment_date >= now
                and order.trade_stage_code not in ("shipped", "delivered", "closed")
            )
        )
        if not late:
            return self.env["mail.activity"]
        alerted = {
            res_id
            for (res_id,) in self.env["mail.activity"]._read_group(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "in", late.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id("sale.order")
        values = [
            {
                "res_model_id": model_id,
                "res_id": order.id,
                "activity_type_id": activity_type.id,
                "user_id": (order._trade_follower_user() or self.env.user).id,
                "date_deadline": fields.Date.context_today(order),
                "summary": order.with_context(
                    lang=order._trade_follower_user().lang
                ).env._(
                    "Order %(order)s will ship %(days)s day(s) after the date "
                    "promised: warn the customer",
                    order=order.name,
                    days=order.trade_delay_days,
                ),
            }
            for order in late
            if order.id not in alerted
        ]
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(values)
        )
