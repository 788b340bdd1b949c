from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..text import in_company_lang


class TradeMeeting(models.Model):
    """Weekly or monthly meeting of the business department (R6.2).

    The agenda is filled in from the figures of the period the meeting
    reviews and carries over the open action items of the previous meeting;
    the action items decided become activities of their owners.
    """

    _name = "trade.meeting"
    _description = "Department Meeting"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    meeting_type = fields.Selection(
        selection=[
            ("weekly", "Weekly Meeting"),
            ("monthly", "Monthly Meeting"),
            ("project", "Project Progress Meeting"),
        ],
        string="Type",
        required=True,
        default="weekly",
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    project_id = fields.Many2one(
        comodel_name="project.project",
        index="btree_not_null",
        ondelete="cascade",
        domain="[('trade_kind', '=', 'cross_role')]",
        help="The cross-role project whose progress the meeting reviews.",
    )
    date = fields.Datetime(
        string="Meeting Time",
        required=True,
        tracking=True,
        default=lambda self: fields.Datetime.now().replace(minute=0, second=0),
    )
    duration = fields.Float(
        string="Duration (hours)",
        default=1.0,
    )
    date_from = fields.Date(
        string="Reviewed From",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    date_to = fields.Date(
        string="Reviewed Until",
        compute="_compute_period",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    organizer_id = fields.Many2one(
        comodel_name="res.users",
        string="Chaired By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    attendee_ids = fields.Many2many(
        comodel_name="res.users",
        string="Attendees",
        domain="[('share', '=', False)]",
    )
    calendar_event_id = fields.Many2one(
        comodel_name="calendar.event",
        readonly=True,
        copy=False,
    )
    previous_meeting_id = fields.Many2one(
        comodel_name="trade.meeting",
        compute="_compute_previous_meeting_id",
        store=True,
    )
    carried_action_ids = fields.Many2many(
        comodel_name="trade.meeting.action",
        string="Open Actions Carried Over",
        compute="_compute_carried_action_ids",
    )
    # Figures of the reviewed period
    new_prospect_count = fields.Integer(string="New Prospects", readonly=True)
    visit_done_count = fields.Integer(string="Visits Done", readonly=True)
    contract_signed_count = fields.Integer(string="Contracts Signed", readonly=True)
    order_confirmed_count = fields.Integer(string="Orders Confirmed", readonly=True)
    order_delayed_count = fields.Integer(string="Orders Delayed", readonly=True)
    ticket_opened_count = fields.Integer(string="Tickets Opened", readonly=True)
    ticket_breached_count = fields.Integer(
        string="Tickets Past Their Deadline", readonly=True
    )
    agenda = fields.Html(
        sanitize_style=True,
    )
    minutes = fields.Html(
        help="What was said and decided.",
    )
    action_ids = fields.One2many(
        comodel_name="trade.meeting.action",
        inverse_name="meeting_id",
        string="Action Items",
    )
    state = fields.Selection(
        selection=[("planned", "Planned"), ("held", "Held")],
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        copy=False,
    )

    @api.depends("meeting_type", "date_from", "date_to", "project_id", "date")
    def _compute_name(self):
        labels = dict(self._fields["meeting_type"]._description_selection(self.env))
        for meeting in self:
            if meeting.meeting_type == "project":
                meeting.name = self.env._(
                    "Progress meeting: %(project)s, %(date)s",
                    project=meeting.project_id.name or "",
                    date=fields.Date.to_string(
                        fields.Date.context_today(
                            meeting, meeting.date or fields.Datetime.now()
                        )
                    ),
                )
                continue
            if not meeting.date_from:
                meeting.name = labels.get(meeting.meeting_type, "")
                continue
            meeting.name = self.env._(
                "%(type)s: %(start)s – %(end)s",
                type=labels[meeting.meeting_type],
                start=fields.Date.to_string(meeting.date_from),
                end=fields.Date.to_string(meeting.date_to),
            )

    @api.depends("meeting_type", "date")
    def _compute_period(self):
        """A weekly meeting reviews the previous week (Monday to Sunday), a
        monthly one the previous month, a project's progress meeting the
        two weeks before it."""
        for meeting in self:
            day = fields.Date.context_today(
                meeting, meeting.date or fields.Datetime.now()
            )
            if meeting.meeting_type == "project":
                meeting.date_from = day - timedelta(days=14)
                meeting.date_to = day
            elif meeting.meeting_type == "monthly":
                first = day.replace(day=1) - relativedelta(months=1)
                meeting.date_from = first
                meeting.date_to = first + relativedelta(months=1, days=-1)
            else:
                monday = day - timedelta(days=day.weekday())
                meeting.date_from = monday - timedelta(days=7)
                meeting.date_to = monday - timedelta(days=1)

    @api.depends("meeting_type", "date", "company_id", "project_id")
    def _compute_previous_meeting_id(self):
        for meeting in self:
            meeting.previous_meeting_id = self.search(
                [
                    ("meeting_type", "=", meeting.meeting_type),
                    ("company_id", "=", meeting.company_id.id),
                    ("project_id", "=", meeting.project_id.id),
                    ("date", "<", meeting.date),
                    ("id", "!=", meeting._origin.id or 0),
                ],
                order="date desc",
                limit=1,
            )

    @api.depends("previous_meeting_id.action_ids.state")
    def _compute_carried_action_ids(self):
        for meeting in self:
            meeting.carried_action_ids = (
                meeting.previous_meeting_id.action_ids.filtered(
                    lambda action: action.state == "open"
                )
            )

    @api.constrains("meeting_type", "project_id")
    def _check_project(self):
        for meeting in self:
            if (meeting.meeting_type == "project") != bool(meeting.project_id):
                raise UserError(
                    self.env._(
                        "A progress meeting belongs to a project, and only a "
                        "progress meeting does (%s).",
                        meeting.name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for meeting in self:
            if meeting.date_to < meeting.date_from:
                raise UserError(
                    self.env._(
                        "The reviewed period of %s ends before it starts.", meeting.name
                    )
                )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "state",
            "calendar_event_id",
            "new_prospect_count",
            "visit_done_count",
            "contract_signed_count",
            "order_confirmed_count",
            "order_delayed_count",
            "ticket_opened_count",
            "ticket_breached_count",
        }

    @api.model_create_multi
    def create(self, vals_list):
        meetings = super().create(vals_list)
        meetings._refresh_agenda()
        meetings._sync_calendar_event()
        return meetings

    def write(self, vals):
        if {"meeting_type", "project_id"} & set(vals):
            self._check_project_leader(vals)
        result = super().write(vals)
        if {"date", "duration", "attendee_ids", "name", "organizer_id"} & set(vals):
            self._sync_calendar_event()
        return result

    def _check_project_leader(self, vals):
        """A salesperson's meeting stays a progress meeting of a project they
        lead: the record rules check the meeting before the change only."""
        user = self.env.user
        if self.env.su or user.has_group("trade_business_dept.group_trade_manager"):
            return
        project = self.env["project.project"].browse(vals.get("project_id"))
        for meeting in self:
            meeting_type = vals.get("meeting_type", meeting.meeting_type)
            leader = (project if "project_id" in vals else meeting.project_id).user_id
            if meeting_type != "project" or leader != user:
                raise AccessError(
                    self.env._(
                        "Only a business manager changes a department meeting; "
                        "a project's leader plans its progress meetings."
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_refresh_agenda(self):
        self._refresh_agenda()
        return True

    def action_hold(self):
        """The meeting took place: minutes recorded, action items handed out."""
        for meeting in self:
            if meeting.state != "planned":
                raise UserError(
                    self.env._("Meeting %s is already recorded as held.", meeting.name)
                )
            if not meeting._has_minutes():
                raise UserError(
                    self.env._(
                        "Write the minutes of %s before recording it as held.",
                        meeting.name,
                    )
                )
        self._trade_workflow_write({"state": "held"})
        self.action_ids._schedule_activities()
        return True

    def action_print_minutes(self):
        return self.env.ref(
            "trade_business_dept.action_report_trade_meeting"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _has_minutes(self):
        self.ensure_one()
        text = Markup(self.minutes or "").striptags() if self.minutes else ""
        return bool(text.strip())

    def _period_bounds(self):
        """UTC datetimes of the reviewed period (whole days, inclusive)."""
        self.ensure_one()
        start = datetime.combine(self.date_from, time.min)
        end = datetime.combine(self.date_to + timedelta(days=1), time.min)
        return start, end

    def _read_figures(self):
        """The department's figures of the reviewed period, one grouped query
        per subject."""
        self.ensure_one()
        start, end = self._period_bounds()
        company = [("company_id", "in", [self.company_id.id, False])]
        env = self.sudo().env
        prospects = env["res.partner"]._read_group(
            [
                ("trade_customer_tier", "!=", False),
                ("create_date", ">=", start),
                ("create_date", "<", end),
                *company,
            ],
            ["trade_acquisition_channel"],
            ["__count"],
        )
        channels = dict(
            env["res.partner"]
            ._fields["trade_acquisition_channel"]
            ._description_selection(self.env)
        )
        sale_company = [("company_id", "=", self.company_id.id)]
        return {
            "new_prospect_count": sum(count for _channel, count in prospects),
            "prospects_by_channel": [
                (channels.get(channel, self.env._("Unknown")), count)
                for channel, count in prospects
            ],
            "visit_done_count": env["trade.visit"].search_count(
                [
                    ("state", "=", "done"),
                    ("date_done", ">=", start),
                    ("date_done", "<", end),
                    *sale_company,
                ]
            ),
            "contract_signed_count": env["trade.contract"].search_count(
                [
                    ("state", "in", ("signed", "done")),
                    ("date_signed", ">=", self.date_from),
                    ("date_signed", "<=", self.date_to),
                    *sale_company,
                ]
            ),
            "order_confirmed_count": env["sale.order"].search_count(
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<", end),
                    *sale_company,
                ]
            ),
            "order_delayed_count": env["sale.order"].search_count(
                [("state", "=", "sale"), ("trade_is_delayed", "=", True), *sale_company]
            ),
            "ticket_opened_count": env["trade.service.ticket"].search_count(
                [("date_open", ">=", start), ("date_open", "<", end), *sale_company]
            ),
            "ticket_breached_count": env["trade.service.ticket"].search_count(
                [
                    ("sla_breached", "=", True),
                    ("state", "!=", "closed"),
                    *sale_company,
                ]
            ),
            "extra": self._extra_figures(),
        }

    def _extra_figures(self):
        """``[(label, value)]`` added to the agenda by other addons (e.g. the
        overdue receivables of the credit control addon)."""
        return []

    def _refresh_agenda(self):
        """Fill the agenda in, in the company's language: the whole department
        reads it, whoever refreshes it."""
        for meeting in self:
            shared = in_company_lang(meeting)
            if meeting.meeting_type == "project":
                meeting._trade_workflow_write(
                    {"agenda": shared._render_project_agenda()}
                )
                continue
            figures = shared._read_figures()
            meeting._trade_workflow_write(
                {key: value for key, value in figures.items() if key in meeting._fields}
                | {"agenda": shared._render_agenda(figures)}
            )

    def _render_agenda(self, figures):
        self.ensure_one()
        _ = self.env._
        rows = [
            (_("New prospects"), figures["new_prospect_count"]),
            *[
                (_("… from %s", channel), count)
                for channel, count in figures["prospects_by_channel"]
            ],
            (_("Visits done"), figures["visit_done_count"]),
            (_("Contracts signed"), figures["contract_signed_count"]),
            (_("Orders confirmed"), figures["order_confirmed_count"]),
            (_("Orders delayed (now)"), figures["order_delayed_count"]),
            (_("After-sales tickets opened"), figures["ticket_opened_count"]),
            (_("Open tickets past their deadline"), figures["ticket_breached_count"]),
            *figures["extra"],
        ]
        table = Markup("").join(
            Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (label, value)
            for label, value in rows
        )
        carried = self.carried_action_ids
        carried_items = Markup("").join(
            Markup("<li>%s — %s (%s)</li>")
            % (
                action.name,
                action.owner_id.name,
                fields.Date.to_string(action.date_deadline),
            )
            for action in carried
        )
        return Markup(
            "<h4>%(title)s</h4><table class='table table-sm'>%(table)s</table>"
            "<h4>%(carried_title)s</h4>%(carried)s"
            "<h4>%(plan_title)s</h4><p><br></p>"
        ) % {
            "title": _(
                "Results of %(start)s – %(end)s",
                start=fields.Date.to_string(self.date_from),
                end=fields.Date.to_string(self.date_to),
            ),
            "table": table,
            "carried_title": _("Open actions from the previous meeting"),
            "carried": Markup("<ul>%s</ul>") % carried_items
            if carried
            else escape(_("None.")),
            "plan_title": _(
                "Plan for the next period: goals, problems to solve and who does what"
            ),
        }

    def _render_project_agenda(self):
        """The agenda of a progress meeting: the project's milestones with
        their deadlines, its open and overdue tasks, the open actions of the
        previous progress meeting."""
        self.ensure_one()
        _ = self.env._
        project = self.project_id.sudo()
        today = fields.Date.context_today(self)
        milestones = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                milestone.name,
                fields.Date.to_string(milestone.deadline) or "",
                _("Reached")
                if milestone.is_reached
                else _("Late")
                if milestone.deadline and milestone.deadline < today
                else _("To do"),
            )
            for milestone in project.milestone_ids.sorted(
                lambda milestone: (not milestone.deadline, milestone.deadline)
            )
        )
        open_tasks = project.task_ids.filtered(lambda task: not task.is_closed)
        overdue = open_tasks.filtered(
            lambda task: (
                task.date_deadline
                and fields.Date.context_today(self, task.date_deadline) < today
            )
        )
        carried_items = Markup("").join(
            Markup("<li>%s — %s (%s)</li>")
            % (
                action.name,
                action.owner_id.name,
                fields.Date.to_string(action.date_deadline),
            )
            for action in self.carried_action_ids
        )
        return Markup(
            "<h4>%(milestones_title)s</h4>"
            "<table class='table table-sm'>%(milestones)s</table>"
            "<h4>%(tasks_title)s</h4><p>%(tasks)s</p>"
            "<h4>%(carried_title)s</h4>%(carried)s"
            "<h4>%(plan_title)s</h4><p>%(plan)s</p>"
        ) % {
            "milestones_title": _("Milestones"),
            "milestones": milestones,
            "tasks_title": _("Tasks"),
            "tasks": _(
                "%(open)s open tasks, %(overdue)s of them overdue.",
                open=len(open_tasks),
                overdue=len(overdue),
            ),
            "carried_title": _("Open actions from the previous meeting"),
            "carried": Markup("<ul>%s</ul>") % carried_items
            if carried_items
            else escape(_("None.")),
            "plan_title": _("Plan until the next meeting"),
            "plan": _("Problems to solve, who does what and by when."),
        }

    def _sync_calendar_event(self):
        """Keep the meeting on Odoo's calendar with its attendees."""
        for meeting in self:
            values = {
                "name": meeting.name,
                "start": meeting.date,
                "stop": meeting.date + timedelta(hours=meeting.duration or 1.0),
                "user_id": meeting.organizer_id.id,
                "partner_ids": [
                    Command.set(
                        (meeting.attendee_ids | meeting.organizer_id).partner_id.ids
                    )
                ],
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": meeting.id,
            }
            if meeting.calendar_event_id:
                meeting.calendar_event_id.sudo().write(values)
            else:
                event = (
                    self.env["calendar.event"]
                    .sudo()
                    .with_context(no_mail_to_attendees=True)
                    .create(values)
                )
                meeting._trade_workflow_write(
                    {"calendar_event_id": event.id}, access=None
                )
