from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date

INTERVAL_TYPES = [
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
]


class TradeMarketResearchSchedule(models.Model):
    """How often the department researches the market of a product category
    (R5.1.1 "regular market research"): the next research is due one interval
    after the last market information recorded for the category (or one of
    its sub-categories); a daily scheduled action reminds the responsible
    once per due period."""

    _name = "trade.market.research.schedule"
    _description = "Market Research Schedule"
    _inherit = ["trade.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "categ_id, id"
    _check_company_auto = True
    _rec_name = "categ_id"

    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        required=True,
        tracking=True,
        help="Market information of this category and of its sub-categories "
        "counts as its research.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    active = fields.Boolean(
        default=True,
    )
    interval_number = fields.Integer(
        string="Every",
        required=True,
        default=1,
        tracking=True,
    )
    interval_type = fields.Selection(
        selection=INTERVAL_TYPES,
        string="Interval Unit",
        required=True,
        default="months",
        tracking=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        help="Reminded when the research is due; owns the market risks the "
        "early warnings open for the category.",
    )
    date_last_research = fields.Date(
        string="Last Research",
        compute="_compute_research_dates",
        help="Date of the latest market information of the category.",
    )
    date_next_research = fields.Date(
        string="Next Research",
        compute="_compute_research_dates",
        help="One interval after the last research; the schedule's creation "
        "day when the category was never researched.",
    )
    research_due = fields.Boolean(
        compute="_compute_research_dates",
        search="_search_research_due",
    )
    date_reminded = fields.Date(
        string="Reminded for",
        readonly=True,
        copy=False,
        help="Due date of the last reminder: one reminder per due period.",
    )

    _sql_constraints = [
        (
            "categ_company_uniq",
            "unique(categ_id, company_id)",
            "A product category has one research schedule per company.",
        ),
    ]

    def _compute_research_dates(self):
        today = fields.Date.context_today(self)
        dates = {
            schedule_id: (last, next_date)
            for schedule_id, last, next_date in self.env.execute_query(
                self._research_dates_query(
                    SQL("schedule.id IN %s", tuple(self.ids) or (0,))
                )
            )
        }
        for schedule in self:
            last, next_date = dates.get(schedule.id, (False, today))
            schedule.date_last_research = last
            schedule.date_next_research = next_date
            schedule.research_due = next_date <= today

    def _search_research_due(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Operation not supported"))
        due = SQL(
            "(SELECT dates.id FROM (%s) dates WHERE dates.next_date <= %s)",
            self._research_dates_query(SQL("TRUE")),
            fields.Date.context_today(self),
        )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", due)]

    @api.model
    def _research_dates_query(self, where):
        """``(schedule id, last research, next research)`` of the schedules
        matching ``where``; the next research is one interval after the last
        one, or the schedule's creation day."""
        for model in (self, self.env["trade.market.info"]):
            model.flush_model()
        self.env["product.category"].flush_model(["parent_path"])
        return SQL(
            """
            SELECT schedule.id,
                   last.date,
                   COALESCE(
                       (last.date + CASE schedule.interval_type
                           WHEN 'days'
                           THEN make_interval(days => schedule.interval_number)
                           WHEN 'weeks'
                           THEN make_interval(weeks => schedule.interval_number)
                           ELSE make_interval(months => schedule.interval_number)
                       END)::date,
                       schedule.create_date::date
                   ) AS next_date
              FROM trade_market_research_schedule schedule
              JOIN product_category categ ON categ.id = schedule.categ_id
              LEFT JOIN LATERAL (
                    SELECT MAX(info.date) AS date
                      FROM trade_market_info info
                      JOIN product_category info_categ
                        ON info_categ.id = info.categ_id
                     WHERE info.company_id = schedule.company_id
                       AND info_categ.parent_path LIKE categ.parent_path || %s
                   ) last ON TRUE
             WHERE %s
            """,
            "%",
            where,
        )

    @api.model
    def _trade_workflow_fields(self):
        # the reminders of the daily scheduled action
        return super()._trade_workflow_fields() | {"date_reminded"}

    @api.constrains("interval_number")
    def _check_interval_number(self):
        if any(schedule.interval_number < 1 for schedule in self):
            raise ValidationError(
                self.env._(
                    "A market research schedule needs an interval of one or more."
                )
            )

    # ------------------------------------------------------------------
    # Reminders
    # ------------------------------------------------------------------
    @api.model
    def _cron_research_reminders(self, batch_size=None):
        """Daily: a "Market Research Due" activity for the responsible of each
        schedule due, once per due period, a batch at a time
        (``ir.cron._trade_run_batches``): the schedules due and not reminded
        for their due date yet, so that an interrupted run goes on with the
        others.

        :return: the schedules reminded by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("research_reminders", 200, batch_size)
        Schedule = self.sudo()
        reminded = self.browse()

        def remind(schedules):
            nonlocal reminded
            schedules._remind_research()
            # the domain reads the reminders' dates in SQL
            schedules.flush_recordset(["date_reminded"])
            reminded |= schedules

        todo = Schedule._research_reminders_todo()
        step = Cron._trade_batch_step(Schedule, todo, size, remind)
        Cron._trade_run_batches("research_reminders", [step])
        return reminded

    @api.model
    def _research_reminders_todo(self):
        """Domain of the schedules due and not reminded for their due date."""
        return [
            (
                "id",
                "in",
                SQL(
                    """(SELECT dates.id
                          FROM (%s) dates
                          JOIN trade_market_research_schedule schedule
                            ON schedule.id = dates.id
                         WHERE dates.next_date <= %s
                           AND schedule.date_reminded
                               IS DISTINCT FROM dates.next_date)""",
                    self._research_dates_query(SQL("TRUE")),
                    fields.Date.context_today(self),
                ),
            )
        ]

    def _remind_research(self):
        """A reminder for each of these schedules that has none open."""
        activity_type = self.env.ref(
            "trade_risk.mail_activity_type_trade_market_research"
        )
        planned = {
            res_id
            for (res_id,) in self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                ["res_id"],
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        today = fields.Date.context_today(self)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": schedule.id,
                    "activity_type_id": activity_type.id,
                    "user_id": schedule.user_id.id,
                    "date_deadline": max(schedule.date_next_research, today),
                    "summary": schedule._reminder_summary(),
                }
                for schedule in self
                if schedule.id not in planned
            ]
        )
        by_date = defaultdict(lambda: self.browse())
        for schedule in self:
            by_date[schedule.date_next_research] |= schedule
        for date, schedules in by_date.items():
            schedules._trade_workflow_write({"date_reminded": date}, access=None)

    def _reminder_summary(self):
        """The reminder's title, in the responsible's language."""
        self.ensure_one()
        env = self.with_context(lang=self.user_id.lang or self.env.lang).env
        if not self.date_last_research:
            return env._(
                "Research the market of %(category)s: never researched",
                category=self.categ_id.display_name,
            )
        return env._(
            "Research the market of %(category)s: last researched on %(date)s",
            category=self.categ_id.display_name,
            date=format_date(env, self.date_last_research),
        )

    def _close_reminders(self):
        """Mark the open reminders of these schedules done."""
        if not self:
            return
        activity_type = self.env.ref(
            "trade_risk.mail_activity_type_trade_market_research"
        )
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        ).action_feedback(feedback=self.env._("Market information recorded."))
