import calendar
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .roles import check_hr
from .trade_appraisal_indicator import AVERAGED_CODES

#: Days after a period's end during which the scheduled action still creates
#: it if it was not running on the last day.
CATCH_UP_DAYS = 7


class TradeAppraisalPeriod(models.Model):
    _name = "trade.appraisal.period"
    _description = "Appraisal Period"
    _order = "date_start desc, period_type, id"
    _check_company_auto = True

    name = fields.Char(
        compute="_compute_name",
        store=True,
        readonly=True,
    )
    period_type = fields.Selection(
        selection=[
            ("monthly", "Monthly"),
            ("annual", "Annual"),
        ],
        required=True,
        default="monthly",
    )
    date_start = fields.Date(
        required=True,
        help="First day of the month or of the year.",
    )
    date_end = fields.Date(
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    scorecard_ids = fields.One2many(
        comodel_name="trade.appraisal.scorecard",
        inverse_name="period_id",
        string="Scorecards",
    )
    scorecards_pending = fields.Boolean(
        string="Scorecards Being Generated",
        readonly=True,
        copy=False,
        help="Created by the scheduled action, which generates its scorecards "
        "a batch of employees at a time: still employees without one.",
    )
    scorecard_count = fields.Integer(
        string="Number of Scorecards",
        compute="_compute_scorecard_count",
    )

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, period_type, date_start)",
            "This period already exists.",
        ),
    ]

    @api.depends("period_type", "date_start")
    def _compute_name(self):
        for period in self:
            if not period.date_start:
                period.name = False
            elif period.period_type == "annual":
                period.name = f"{period.date_start.year}"
            else:
                period.name = period.date_start.strftime("%Y-%m")

    @api.depends("period_type", "date_start")
    def _compute_date_end(self):
        for period in self:
            period.date_end = period._default_date_end()

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["trade.appraisal.scorecard"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.scorecard_count = counts.get(period._origin, 0)

    @api.constrains("period_type", "date_start", "date_end")
    def _check_dates(self):
        for period in self:
            start = period.date_start
            if period.period_type == "annual":
                if (start.month, start.day) != (1, 1) or (
                    period.date_end != period._default_date_end()
                ):
                    raise ValidationError(
                        self.env._(
                            "An annual period runs from 1 January to 31 December: "
                            "%(start)s – %(end)s does not.",
                            start=start,
                            end=period.date_end,
                        )
                    )
            elif start.day != 1 or period.date_end != period._default_date_end():
                raise ValidationError(
                    self.env._(
                        "A monthly period runs from the first to the last day of "
                        "a month: %(start)s – %(end)s does not.",
                        start=start,
                        end=period.date_end,
                    )
                )

    def _default_date_end(self):
        """Last day of the month (monthly) or of the year (annual) of the start."""
        self.ensure_one()
        start = self.date_start
        if not start:
            return False
        if self.period_type == "annual":
            return date(start.year, 12, 31)
        return date(
            start.year, start.month, calendar.monthrange(start.year, start.month)[1]
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_scorecards(self):
        if self.scorecard_ids:
            raise UserError(
                self.env._(
                    "Period %(period)s has scorecards: delete its draft scorecards "
                    "first.",
                    period=self.scorecard_ids[0].period_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_scorecards(self):
        """Create the missing scorecard of every appraised employee and refresh
        the data of the cards nobody has published yet.

        Idempotent: one scorecard per employee and period (also a database
        constraint); published, appealed and final cards are never touched.
        """
        check_hr(self.env, self._hr_only_message())
        self.env["trade.appraisal.indicator"]._check_active_weight_total()
        Scorecard = self.env["trade.appraisal.scorecard"].sudo()
        created = refreshed = untouched = 0
        for period in self.sudo():
            employees = period._appraised_employees()
            indicators = self.env["trade.appraisal.indicator"].search(
                [("active", "=", True), ("weight", ">", 0)]
            )
            existing = Scorecard.search([("period_id", "=", period.id)])
            have_card = set(existing.employee_id.ids)
            new_cards = Scorecard.with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True
            ).create(
                [
                    period._scorecard_values(employee, indicators)
                    for employee in employees
                    if employee.id not in have_card
                ]
            )
            open_cards = existing.filtered(lambda card: card._is_open()) | new_cards
            open_cards._refresh_from_data()
            created += len(new_cards)
            refreshed += len(open_cards) - len(new_cards)
            untouched += len(existing) - (len(open_cards) - len(new_cards))
        message = self.env._(
            "%(created)s scorecards created, %(refreshed)s refreshed, "
            "%(untouched)s already published left as they are.",
            created=created,
            refreshed=refreshed,
            untouched=untouched,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Scorecards generated"),
                "message": message,
                "type": "success",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_view_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_appraisal.trade_appraisal_scorecard_action"
        )
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_copy_previous_targets(self):
        """Give every employee without a target the one of the previous period
        of the same type."""
        check_hr(self.env, self._hr_only_message())
        Target = self.env["trade.appraisal.target"]
        for period in self:
            previous = self.search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("period_type", "=", period.period_type),
                    ("date_start", "<", period.date_start),
                ],
                order="date_start desc",
                limit=1,
            )
            if not previous:
                raise UserError(
                    self.env._(
                        "There is no period before %(period)s to copy targets from.",
                        period=period.name,
                    )
                )
            present = {
                (target.employee_id.id, target.indicator_id.id)
                for target in Target.search([("period_id", "=", period.id)])
            }
            Target.create(
                [
                    {
                        "period_id": period.id,
                        "employee_id": target.employee_id.id,
                        "indicator_id": target.indicator_id.id,
                        "target": target.target,
                    }
                    for target in Target.search([("period_id", "=", previous.id)])
                    if (target.employee_id.id, target.indicator_id.id) not in present
                ]
            )
        return True

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_create_periods(self, batch_size=None):
        """Create the month's period on its last day (and the year's on 31
        December), then generate their scorecards. A period missed by a few
        days (server down on the last day) is created on the next run.

        The scorecards a batch of employees at a time
        (``ir.cron._trade_run_batches``): the employees of a period created
        by this job who have no scorecard yet.

        :return: the periods created by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("appraisal_periods", 100, batch_size)
        created = self.browse()

        def create_periods():
            nonlocal created
            created = self._create_due_periods()
            Cron._trade_mark_run(created, "scorecards_pending", True)
            return len(created), 0

        def generate():
            pending = self.sudo().search(
                [("scorecards_pending", "=", True)], order="id"
            )
            if not pending:
                return 0, 0
            period = pending[0]
            cards, left = period._generate_scorecards_batch(size)
            if not left:
                Cron._trade_mark_run(period, "scorecards_pending", False)
            return len(cards) + (0 if left else 1), left + len(pending) - 1

        Cron._trade_run_batches("appraisal_periods", [create_periods, generate])
        return created

    @api.model
    def _create_due_periods(self):
        """The periods due (see :meth:`_cron_create_periods`) that do not
        exist yet, created without their scorecards."""
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        year_start = today.replace(month=1, day=1)
        wanted = [
            ("monthly", month_start - relativedelta(months=1)),
            ("annual", year_start - relativedelta(years=1)),
        ]
        if today == month_start + relativedelta(months=1, days=-1):
            wanted.append(("monthly", month_start))
        if (today.month, today.day) == (12, 31):
            wanted.append(("annual", year_start))
        periods = self.browse()
        for company in self.env["res.company"].search([]):
            for period_type, start in wanted:
                period = self.search(
                    [
                        ("company_id", "=", company.id),
                        ("period_type", "=", period_type),
                        ("date_start", "=", start),
                    ]
                )
                if period:
                    continue
                end = self.new(
                    {"period_type": period_type, "date_start": start}
                )._default_date_end()
                if end != today and today - end > timedelta(days=CATCH_UP_DAYS):
                    continue
                periods |= self.create(
                    {
                        "period_type": period_type,
                        "date_start": start,
                        "company_id": company.id,
                    }
                )
        return periods

    def _generate_scorecards_batch(self, limit):
        """The scorecards of at most ``limit`` appraised employees of this
        period who have none yet, with their data (what
        :meth:`action_generate_scorecards` does for a new period).

        :return: ``(scorecards created, employees left without one)``
        """
        self.ensure_one()
        check_hr(self.env, self._hr_only_message())
        self.env["trade.appraisal.indicator"]._check_active_weight_total()
        period = self.sudo()
        Scorecard = self.env["trade.appraisal.scorecard"].sudo()
        have_card = set(
            Scorecard.search([("period_id", "=", period.id)]).employee_id.ids
        )
        missing = period._appraised_employees().filtered(
            lambda employee: employee.id not in have_card
        )
        indicators = self.env["trade.appraisal.indicator"].search(
            [("active", "=", True), ("weight", ">", 0)]
        )
        cards = Scorecard.with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        ).create(
            [
                period._scorecard_values(employee, indicators)
                for employee in missing[:limit]
            ]
        )
        cards._refresh_from_data()
        return cards, len(missing) - len(cards)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _hr_only_message(self):
        return self.env._(
            "Only the HR department (Appraisal HR) manages appraisal periods and "
            "generates scorecards."
        )

    def _appraised_employees(self):
        """The employees who get a scorecard in this period."""
        self.ensure_one()
        return (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.company_id.id),
                    ("trade_appraisal_enabled", "=", True),
                    ("user_id", "!=", False),
                ]
            )
        )

    def _scorecard_values(self, employee, indicators):
        self.ensure_one()
        return {
            "period_id": self.id,
            "employee_id": employee.id,
            "company_id": self.company_id.id,
            "line_ids": [
                fields.Command.create(
                    {
                        "indicator_id": indicator.id,
                        "sequence": indicator.sequence,
                        "weight": indicator.weight,
                        "cap_percent": indicator.cap_percent,
                    }
                )
                for indicator in indicators
            ],
        }

    def _compute_actuals(self, users, date_from=None, date_to=None):
        """The actual of each computed indicator for each salesperson in the
        period (or from ``date_from`` to ``date_to``), from
        ``trade.appraisal.actuals``.

        :param users: ``res.users`` (the salespeople)
        :return: ``{code: {user_id: (value, number_of_data_points)}}``; a
            salesperson missing from a code's dict has no data for it.
        """
        self.ensure_one()
        return self.env["trade.appraisal.actuals"]._collect(
            self.company_id,
            users,
            date_from or self.date_start,
            date_to or self.date_end,
        )

    def _targets(self, employees):
        """Targets of the employees in this period.

        An annual period without its own target for an employee adds up (or,
        for satisfaction, averages) the targets of the year's months.

        :return: ``{(employee_id, indicator_id): target}``
        """
        self.ensure_one()
        Target = self.env["trade.appraisal.target"].sudo()
        targets = {
            (target.employee_id.id, target.indicator_id.id): target.target
            for target in Target.search(
                [("period_id", "=", self.id), ("employee_id", "in", employees.ids)]
            )
        }
        if self.period_type == "annual":
            monthly = Target._read_group(
                [
                    ("period_id.company_id", "=", self.company_id.id),
                    ("period_id.period_type", "=", "monthly"),
                    ("period_id.date_start", ">=", self.date_start),
                    ("period_id.date_start", "<=", self.date_end),
                    ("employee_id", "in", employees.ids),
                ],
                ["employee_id", "indicator_id"],
                ["target:sum", "target:avg"],
            )
            for employee, indicator, total, average in monthly:
                key = (employee.id, indicator.id)
                if key not in targets:
                    averaged = indicator.code in AVERAGED_CODES
                    targets[key] = average if averaged else total
        return targets
