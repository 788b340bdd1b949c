from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestMeetingRhythm(TradeBusinessDeptCase):
    """R6.2.1: the weekly and the monthly meeting plan themselves, their
    agenda is prepared the day before, a meeting without minutes is flagged
    to the manager once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Meeting = cls.env["trade.meeting"]
        Meeting.search([]).unlink()
        (cls.env["res.company"].search([]) - cls.company).write(
            {"trade_meeting_auto": False}
        )
        cls.manager.tz = "Asia/Shanghai"
        cls.company.write(
            {
                "trade_meeting_auto": True,
                # Mondays 09:00 and the first Tuesday of the month 10:30,
                # Shanghai time (UTC+8)
                "trade_meeting_weekly_day": "0",
                "trade_meeting_weekly_hour": 9.0,
                "trade_meeting_monthly_rule": "weekday",
                "trade_meeting_monthly_weekday": "1",
                "trade_meeting_monthly_hour": 10.5,
                "trade_meeting_organizer_id": cls.manager.id,
                "trade_meeting_missed_hours": 24,
            }
        )
        cls.env["crm.team"].search([("trade_business_dept", "=", True)]).write(
            {"user_id": cls.manager.id}
        )

    def _meetings(self, meeting_type=None):
        domain = [("company_id", "=", self.company.id)]
        if meeting_type:
            domain.append(("meeting_type", "=", meeting_type))
        return self.env["trade.meeting"].search(domain, order="date")

    def _run(self):
        return self.env["trade.meeting"]._cron_meeting_rhythm()

    def test_plans_one_meeting_per_week_and_month(self):
        # Wednesday 4 March 2026: this week's Monday and March's first
        # Tuesday are past
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
            monthly = self._meetings("monthly")
            self.assertEqual(len(weekly), 1)
            self.assertEqual(len(monthly), 1)
            # Monday 9 March 09:00 and Tuesday 7 April 10:30 in Shanghai, in UTC
            self.assertEqual(weekly.date, datetime(2026, 3, 9, 1, 0))
            self.assertEqual(monthly.date, datetime(2026, 4, 7, 2, 30))
            self.assertEqual(weekly.organizer_id, self.manager)
            self.assertTrue(weekly.scheduled)
            self.assertTrue(weekly.calendar_event_id)
            # the weekly meeting reviews the week before it
            self.assertEqual(str(weekly.date_from), "2026-03-02")
            self.assertEqual(str(monthly.date_from), "2026-03-01")
            # run twice: nothing more
            self._run()
            self.assertEqual(self._meetings(), weekly | monthly)
        # the next week, the following Monday's meeting; the month keeps its one
        with freeze_time("2026-03-10 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
            self.assertEqual(len(weekly), 2)
            self.assertEqual(weekly[-1].date, datetime(2026, 3, 16, 1, 0))
            self.assertEqual(self._meetings("monthly"), monthly)

    def test_meeting_planned_by_hand_counts(self):
        with freeze_time("2026-03-04 08:00:00"):
            own = (
                self.env["trade.meeting"]
                .with_user(self.manager)
                .create({"meeting_type": "weekly", "date": datetime(2026, 3, 12, 6)})
            )
            self._run()
            self.assertEqual(self._meetings("weekly"), own)
            self.assertFalse(own.scheduled)

    def test_monthly_on_a_day_of_the_month(self):
        self.company.write(
            {"trade_meeting_monthly_rule": "day", "trade_meeting_monthly_day": 31}
        )
        with freeze_time("2026-04-01 00:00:00"):
            self._run()
            # the last day of a shorter month
            self.assertEqual(
                self._meetings("monthly").date, datetime(2026, 4, 30, 2, 30)
            )

    def test_organiser_defaults_to_the_department_manager(self):
        self.company.trade_meeting_organizer_id = False
        self.assertEqual(self.company._trade_meeting_organizer(), self.manager)
        self.company.trade_meeting_organizer_id = self.second_manager
        self.assertEqual(self.company._trade_meeting_organizer(), self.second_manager)

    def test_agenda_prepared_the_day_before(self):
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
            self.assertFalse(weekly.agenda_prepared_on)
            visits_before = weekly.visit_done_count
            # a visit done in the week the meeting reviews
            self._complete_visit(self._create_visit(self.key_customer))
        # Sunday 8 March, Shanghai (the meeting is on Monday morning there)
        with freeze_time("2026-03-08 03:00:00"):
            self._run()
            self.assertEqual(weekly.agenda_prepared_on, datetime(2026, 3, 8, 3, 0))
            self.assertEqual(weekly.visit_done_count, visits_before + 1)
            self.assertIn("2026-03-02", weekly.agenda)
        with freeze_time("2026-03-08 09:00:00"):
            self._run()
            self.assertEqual(weekly.agenda_prepared_on, datetime(2026, 3, 8, 3, 0))

    def test_meeting_planned_the_day_before_is_prepared_at_once(self):
        with freeze_time("2026-03-08 03:00:00"):
            planned, prepared, _flagged = self._run()
            weekly = self._meetings("weekly")
            self.assertEqual(weekly.date, datetime(2026, 3, 9, 1, 0))
            self.assertIn(weekly, planned & prepared)
            self.assertTrue(weekly.agenda_prepared_on)

    def test_missed_meeting_flagged_once(self):
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
        # Monday 9 March 01:00 UTC + 24 hours: not yet
        with freeze_time("2026-03-09 20:00:00"):
            self._run()
            self.assertFalse(weekly.missed)
        with freeze_time("2026-03-10 02:00:00"):
            self._run()
            self.assertTrue(weekly.missed)
            activity = weekly.missed_activity_id
            self.assertEqual(activity.user_id, self.manager)
            self.assertIn("No minutes", activity.summary)
            # the meeting's time in the manager's zone (09:00 in Shanghai)
            self.assertIn("9:00", activity.summary)
            self.assertIn(
                weekly, self.env["trade.meeting"].search([("missed", "=", True)])
            )
            self._run()
            self.assertEqual(
                weekly.activity_ids.filtered(lambda a: a.user_id == self.manager),
                activity,
            )
        # minutes recorded late: the meeting is held, the flag cleared
        weekly.with_user(self.manager).minutes = "<p>Reviewed the tenders.</p>"
        weekly.with_user(self.manager).action_hold()
        self.assertFalse(weekly.missed)
        self.assertFalse(activity.exists())

    def test_meeting_with_minutes_is_not_flagged(self):
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
            weekly.with_user(self.manager).minutes = "<p>Done, to be held.</p>"
        with freeze_time("2026-03-12 00:00:00"):
            self._run()
            self.assertFalse(weekly.missed)

    def test_nobody_writes_the_flag(self):
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
            weekly = self._meetings("weekly")
        # refused to a salesperson (an AccessError is a UserError too)
        with self.assertRaises(UserError):
            weekly.with_user(self.salesperson).write({"missed": True})
        with self.assertRaises(AccessError):
            weekly.with_user(self.salesperson).write({"minutes": "<p>Held</p>"})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            weekly.with_user(self.manager).write({"missed": True})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            weekly.with_user(self.manager).write({"agenda_prepared_on": "2026-03-08"})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            self.env["trade.meeting"].with_user(self.manager).create(
                {"meeting_type": "weekly", "missed": True}
            )

    def test_rhythm_off(self):
        self.company.trade_meeting_auto = False
        with freeze_time("2026-03-04 08:00:00"):
            self._run()
        self.assertFalse(self._meetings())
