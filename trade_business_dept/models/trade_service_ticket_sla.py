# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_datetime


class TradeServiceTicket(models.Model):
    """Response and resolution deadlines of after-sales tickets (R3.5.1):
    set from the urgency in working hours of the company's calendar, missed
    deadlines flagged and escalated once to the after-sales manager."""

    _inherit = "trade.service.ticket"

    sla_check_run = fields.Integer(
        groups="base.group_user",
        string="Deadline Check Run",
        readonly=True,
        copy=False,
        help="Number of the run of the hourly deadline check that last "
        "checked this ticket: a run interrupted midway goes on with the "
        "tickets it has not checked yet.",
    )

    @api.depends("urgency", "date_open", "company_id")
    def _compute_deadlines(self):
        levels = {
            sla.urgency: sla for sla in self.env["trade.service.sla"].sudo().search([])
        }
        for ticket in self:
            sla = levels.get(ticket.urgency)
            if not sla or not ticket.date_open:
                ticket.date_response_deadline = False
                ticket.date_resolution_deadline = False
                continue
            ticket.date_response_deadline = ticket._trade_add_working_hours(
                sla.response_hours
            )
            ticket.date_resolution_deadline = ticket._trade_add_working_hours(
                sla.resolution_hours
            )

    def _compute_sla_breached(self):
        now = fields.Datetime.now()
        for ticket in self:
            late_response = ticket.date_response_deadline and (
                (ticket.date_first_response or now) > ticket.date_response_deadline
            )
            late_resolution = ticket.date_resolution_deadline and (
                (ticket.date_resolved or now) > ticket.date_resolution_deadline
            )
            ticket.sla_breached = bool(late_response or late_resolution)
            ticket.sla_compliance = 0.0 if ticket.sla_breached else 100.0

    def _trade_add_working_hours(self, hours):
        """``date_open`` plus working hours of the company's calendar."""
        self.ensure_one()
        calendar = self.company_id.resource_calendar_id
        if not calendar:
            return self.date_open + timedelta(hours=hours)
        return calendar.plan_hours(hours, self.date_open) or False

    def _trade_resolution_deadline_label(self):
        """The expected resolution time, in the customer's language and zone."""
        self.ensure_one()
        partner = self.partner_id
        env = self.with_context(
            lang=partner.lang, tz=partner.tz or self.env.user.tz
        ).env
        return format_datetime(env, self.date_resolution_deadline, dt_format=False)

    @api.model
    def _cron_sla_check(self, batch_size=None):
        """Hourly: update missed deadlines and escalate them to the manager
        once. A batch at a time (``ir.cron._trade_run_batches``): the open
        tickets this run has not checked yet.

        :return: the tickets escalated by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("sla_check", 1000, batch_size)
        run = Cron._trade_run_number("sla_check")
        todo = [
            ("state", "in", ("new", "in_progress")),
            ("sla_check_run", "!=", run),
        ]
        escalated = self.browse()

        def check(tickets):
            nonlocal escalated
            escalated |= tickets._trade_check_sla()
            Cron._trade_mark_run(tickets, "sla_check_run", run)

        step = Cron._trade_batch_step(self, todo, size, check)
        if not Cron._trade_run_batches("sla_check", [step]):
            Cron._trade_end_run("sla_check", run)
        return escalated

    def _trade_check_sla(self):
        """Recompute the missed deadlines of these tickets and escalate the
        newly missed ones to the after-sales manager."""
        self.env.add_to_compute(self._fields["sla_breached"], self)
        self.env.add_to_compute(self._fields["sla_compliance"], self)
        self.flush_recordset(["sla_breached", "sla_compliance"])
        to_escalate = self.filtered(lambda t: t.sla_breached and not t.sla_escalated)
        for ticket in to_escalate:
            manager = ticket._trade_service_manager()
            if manager:
                ticket.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=ticket.with_context(lang=manager.lang).env._(
                        "Ticket %s missed its deadline: step in", ticket.name
                    ),
                    user_id=manager.id,
                )
        to_escalate._trade_workflow_write({"sla_escalated": True}, access=None)
        return to_escalate

    def _trade_service_manager(self):
        self.ensure_one()
        manager = self.company_id.trade_service_manager_id
        if manager:
            return manager
        group = self.env.ref("trade_business_dept.group_trade_manager")
        return group.users.filtered(
            lambda user: (
                not user.share
                and not user._is_superuser()
                and self.company_id in user.company_ids
            )
        )[:1]
