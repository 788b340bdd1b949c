# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.tools.misc import format_datetime


class TradeMeeting(models.Model):
    """The department's meeting rhythm (R6.2.1): a daily job plans the weekly
    and the monthly meeting at the weekday and time of the Settings, prepares
    their agenda the day before and flags to the manager a meeting whose
    minutes were not recorded in time."""

    _inherit = "trade.meeting"

    scheduled = fields.Boolean(
        string="Planned by the Rhythm",
        readonly=True,
        copy=False,
        help="Planned by the daily job from the meeting rhythm of the Settings.",
    )
    agenda_prepared_on = fields.Datetime(
        readonly=True,
        copy=False,
    )
    missed = fields.Boolean(
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The meeting time is past and no minutes were recorded within "
        "the hours of the Settings: the manager was told.",
    )
    missed_activity_id = fields.Many2one(
        comodel_name="mail.activity",
        string="Missed Meeting Activity",
        readonly=True,
        copy=False,
        ondelete="set null",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "scheduled",
            "agenda_prepared_on",
            "missed",
            "missed_activity_id",
        }

    def action_hold(self):
        """Minutes recorded late still count: the flag and the manager's
        activity are cleared."""
        result = super().action_hold()
        late = self.filtered("missed")
        if late:
            late.missed_activity_id.sudo().action_feedback(
                feedback=self.env._("The minutes are recorded.")
            )
            late._trade_workflow_write({"missed": False}, access=None)
        return result

    # ------------------------------------------------------------------
    # The daily job
    # ------------------------------------------------------------------
    @api.model
    def _cron_meeting_rhythm(self, batch_size=None):
        """Daily: for each company on the rhythm, plan the next weekly and
        monthly meeting, prepare the agenda of tomorrow's meetings and flag
        the meetings without minutes, a batch at a time
        (``ir.cron._trade_run_batches``). Each step selects by state, so that
        an interrupted run goes on where it stopped: the companies not
        planned by this run (``trade_meeting_rhythm_run``), the meetings
        whose agenda is not prepared (``agenda_prepared_on``), those not
        flagged yet (``missed``).

        :return: ``(planned, prepared, flagged)`` meetings of this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("meeting_rhythm", 100, batch_size)
        run = Cron._trade_run_number("meeting_rhythm")
        now = fields.Datetime.now()
        Company = self.env["res.company"]
        companies = Company.search([("trade_meeting_auto", "=", True)])
        to_plan = [
            ("trade_meeting_auto", "=", True),
            ("trade_meeting_rhythm_run", "!=", run),
        ]
        result = {"planned": self.browse(), "prepared": self.browse()}
        result["flagged"] = self.browse()

        def plan(batch):
            for company in batch:
                result["planned"] |= self._trade_plan_meetings(company, now)
            Cron._trade_mark_run(batch, "trade_meeting_rhythm_run", run)

        def step_of(key, select, method):
            def step():
                # the meetings just planned for tomorrow are prepared in the
                # same run
                todo = select(companies, now)
                batch = todo[:size]
                method(batch)
                result[key] |= batch
                return len(batch), len(todo) - len(batch)

            return step

        left = Cron._trade_run_batches(
            "meeting_rhythm",
            [
                Cron._trade_batch_step(Company, to_plan, size, plan),
                step_of(
                    "prepared",
                    self._trade_meetings_to_prepare,
                    lambda meetings: meetings._trade_prepare_agenda(now),
                ),
                step_of(
                    "flagged",
                    self._trade_meetings_to_flag,
                    lambda meetings: meetings._trade_flag_missed(),
                ),
            ],
        )
        if not left:
            Cron._trade_end_run("meeting_rhythm", run)
        return result["planned"], result["prepared"], result["flagged"]

    @api.model
    def _trade_plan_meetings(self, company, now):
        """The next weekly and monthly meeting of the company, unless one of
        that type already falls in that week or month."""
        organizer = company._trade_meeting_organizer()
        if not organizer:
            return self.browse()
        tz = pytz.timezone(organizer.tz or company.partner_id.tz or "UTC")
        today = pytz.utc.localize(now).astimezone(tz).date()
        vals_list = []
        for meeting_type in ("weekly", "monthly"):
            start, slot = self._trade_next_slot(company, meeting_type, today, tz, now)
            end = (
                start + timedelta(days=7)
                if meeting_type == "weekly"
                else start + relativedelta(months=1)
            )
            exists = self.search_count(
                [
                    ("company_id", "=", company.id),
                    ("meeting_type", "=", meeting_type),
                    ("date", ">=", self._trade_utc(tz, start, 0.0)),
                    ("date", "<", self._trade_utc(tz, end, 0.0)),
                ],
                limit=1,
            )
            if not exists:
                vals_list.append(
                    {
                        "meeting_type": meeting_type,
                        "date": slot,
                        "company_id": company.id,
                        "organizer_id": organizer.id,
                        "attendee_ids": [
                            Command.set(
                                self._trade_rhythm_attendees(company, meeting_type).ids
                            )
                        ],
                        "scheduled": True,
                    }
                )
        if not vals_list:
            return self.browse()
        # names and agenda in the company's language, periods in the
        # organiser's days
        return (
            self.with_company(company)
            .with_context(lang=company.partner_id.lang, tz=tz.zone)
            ._trade_workflow_create(vals_list)
        )

    @api.model
    def _trade_next_slot(self, company, meeting_type, today, tz, now):
        """``(first day of the week or month, UTC meeting time)`` of the next
        meeting of this type still to come."""
        if meeting_type == "weekly":
            start = today - timedelta(days=today.weekday())
            hour = company.trade_meeting_weekly_hour
            step = relativedelta(weeks=1)
        else:
            start = today.replace(day=1)
            hour = company.trade_meeting_monthly_hour
            step = relativedelta(months=1)
        for period in (start, start + step):
            day = self._trade_meeting_day(company, meeting_type, period)
            slot = self._trade_utc(tz, day, hour)
            if slot > now:
                return period, slot
        return period, slot

    @api.model
    def _trade_meeting_day(self, company, meeting_type, period):
        """The day of the meeting in the week or month starting on ``period``."""
        if meeting_type == "weekly":
            return period + timedelta(days=int(company.trade_meeting_weekly_day))
        if company.trade_meeting_monthly_rule == "day":
            last = (period + relativedelta(months=1, days=-1)).day
            return period.replace(day=min(company.trade_meeting_monthly_day, last))
        weekday = int(company.trade_meeting_monthly_weekday)
        return period + timedelta(days=(weekday - period.weekday()) % 7)

    @api.model
    def _trade_utc(self, tz, day, hour):
        """Naive UTC datetime of ``hour`` (float) on ``day`` in zone ``tz``."""
        minutes = round(hour * 60)
        local = datetime.combine(day, time(minutes // 60, minutes % 60))
        return tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _trade_rhythm_attendees(self, company, meeting_type):
        """Those of the previous meeting of the type, else the members of the
        business department's teams."""
        previous = self.search(
            [("company_id", "=", company.id), ("meeting_type", "=", meeting_type)],
            order="date desc",
            limit=1,
        )
        if previous.attendee_ids:
            return previous.attendee_ids
        teams = self.env["crm.team"].search(
            [
                ("trade_business_dept", "=", True),
                ("company_id", "in", [company.id, False]),
            ]
        )
        return (teams.member_ids | teams.user_id).filtered(lambda user: not user.share)

    @api.model
    def _trade_meetings_to_prepare(self, companies, now):
        """Planned meetings of tomorrow or today whose agenda was not prepared
        since the day before them (in the organiser's days)."""
        meetings = self.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "planned"),
                ("date", ">", now),
                ("date", "<", now + timedelta(days=2)),
            ]
        )
        return meetings.filtered(lambda meeting: meeting._trade_agenda_due(now))

    def _trade_agenda_due(self, now):
        self.ensure_one()
        tz = pytz.timezone(
            self.organizer_id.tz or self.company_id.partner_id.tz or "UTC"
        )
        day_before = pytz.utc.localize(self.date).astimezone(tz).date() - timedelta(
            days=1
        )
        since = self._trade_utc(tz, day_before, 0.0)
        if now < since:
            return False
        return not self.agenda_prepared_on or self.agenda_prepared_on < since

    def _trade_prepare_agenda(self, now):
        """The figures of the reviewed period, complete the day before; the
        chair and the attendees find the agenda in the meeting."""
        for meeting in self:
            company = meeting.company_id
            meeting = meeting.with_company(company).with_context(
                lang=company.partner_id.lang
            )
            meeting._refresh_agenda()
            meeting._trade_workflow_write({"agenda_prepared_on": now}, access=None)

    @api.model
    def _trade_meetings_to_flag(self, companies, now):
        """Planned meetings without minutes whose hours for them are over."""
        meetings = self.search(
            [
                ("company_id", "in", companies.ids),
                ("state", "=", "planned"),
                ("missed", "=", False),
                ("date", "<", now),
            ]
        )
        return meetings.filtered(
            lambda meeting: (
                meeting.date
                + timedelta(hours=meeting.company_id.trade_meeting_missed_hours)
                <= now
                and not meeting._has_minutes()
            )
        )

    def _trade_flag_missed(self):
        """Flag the meetings as missed and tell the manager, once."""
        for meeting in self.filtered(lambda meeting: not meeting.missed):
            manager = meeting.company_id._trade_department_manager()
            activity = self.env["mail.activity"]
            if manager:
                env = meeting.with_context(lang=manager.lang).env
                tz = manager.tz or meeting.organizer_id.tz or "UTC"
                activity = meeting.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=env._(
                        "No minutes for the meeting of %(date)s: hold it or "
                        "record what was decided",
                        date=format_datetime(
                            env, meeting.date, tz=tz, dt_format="short"
                        ),
                    ),
                    user_id=manager.id,
                )
            meeting._trade_workflow_write(
                {"missed": True, "missed_activity_id": activity.id}, access=None
            )
