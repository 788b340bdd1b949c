import calendar
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .trade_appraisal_indicator import AVERAGED_CODES

HR_GROUP = "trade_appraisal.group_trade_appraisal_hr"
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
        self._check_hr()
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
        self._check_hr()
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
    def _cron_create_periods(self):
        """Create the month's period on its last day (and the year's on 31
        December), then generate their scorecards. A period missed by a few
        days (server down on the last day) is created on the next run."""
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
        if periods:
            periods.action_generate_scorecards()
        return periods

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_hr(self):
        if not (self.env.su or self.env.user.has_group(HR_GROUP)):
            raise AccessError(
                self.env._(
                    "Only the HR department (Appraisal HR) manages appraisal "
                    "periods and generates scorecards."
                )
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

    def _datetime_bounds(self, date_from, date_to):
        """The period's first and last instants in UTC, the period's days being
        those of the company's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

    def _compute_actuals(self, users, date_from=None, date_to=None):
        """The actual of each computed indicator for each salesperson.

        :param users: ``res.users`` (the salespeople)
        :return: ``{code: {user_id: (value, number_of_data_points)}}``; a
            salesperson missing from a code's dict has no data for it.
        """
        self.ensure_one()
        date_from = date_from or self.date_start
        date_to = date_to or self.date_end
        actuals = defaultdict(dict)
        if not users:
            return actuals
        with self._without_jit():
            for user_id, sales, profit, count in self._invoice_actuals(
                users, date_from, date_to
            ):
                actuals["sales_amount"][user_id] = (sales, count)
                actuals["profit"][user_id] = (profit, count)
            actuals["new_customers"] = self._new_customer_actuals(
                users, date_from, date_to
            )
            actuals["satisfaction"] = self._satisfaction_actuals(
                users, date_from, date_to
            )
        return actuals

    @contextmanager
    def _without_jit(self):
        """Run the grouped queries without PostgreSQL's JIT compilation.

        On a large sales history their estimated cost crosses
        ``jit_above_cost``: compiling them then takes seconds (more than the
        query itself) and never pays back on a query run once a month. The
        previous setting is restored afterwards."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit', true)")
        previous = cr.fetchone()[0]
        if previous is None:  # a server without the setting
            yield
            return
        cr.execute("SET LOCAL jit = off")
        try:
            yield
        finally:
            cr.execute(SQL("SELECT set_config('jit', %s, true)", previous))

    def _invoice_actuals(self, users, date_from, date_to):
        """Sales and profit of each salesperson, in one grouped query.

        Sales = posted customer invoices minus credit notes, untaxed, in
        company currency (the product lines' balance), attributed to the
        invoice's salesperson (``invoice_user_id``) by invoice date.

        Profit = sales minus the cost of the goods: the cost recorded on the
        sale order line (``purchase_price`` of sale_margin, converted with the
        invoice's rate) when the invoice line comes from an order, otherwise
        the product's current cost (``standard_price``) times the quantity in
        the product's unit. Credit notes give the cost back.

        :return: rows ``(user_id, sales, profit, number_of_lines)``
        """
        self.ensure_one()
        product = self.env["product.product"].with_company(self.company_id)
        standard_price = product._field_to_sql("product", "standard_price")
        query = SQL(
            """
            SELECT move.invoice_user_id,
                   SUM(-line.balance),
                   SUM(-line.balance) - SUM(
                       CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
                       * CASE
                           WHEN order_cost.unit_cost IS NOT NULL
                           THEN line.quantity * order_cost.unit_cost
                                * COALESCE(
                                    ABS(line.balance)
                                    / NULLIF(ABS(line.amount_currency), 0),
                                    1)
                           WHEN line.product_id IS NOT NULL
                           THEN line.quantity / COALESCE(NULLIF(line_uom.factor, 0), 1)
                                * COALESCE(product_uom.factor, 1)
                                * COALESCE(%(standard_price)s, 0)
                           ELSE 0
                         END
                   ),
                   COUNT(*)
              FROM account_move move
              JOIN account_move_line line ON line.move_id = move.id
         LEFT JOIN product_product product ON product.id = line.product_id
         LEFT JOIN product_template template ON template.id = product.product_tmpl_id
         LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
         LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
         LEFT JOIN (
                SELECT rel.invoice_line_id,
                       AVG(order_line.purchase_price) AS unit_cost
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
              GROUP BY rel.invoice_line_id
               ) order_cost ON order_cost.invoice_line_id = line.id
             WHERE move.company_id = %(company_id)s
               AND move.move_type IN ('out_invoice', 'out_refund')
               AND move.state = 'posted'
               AND move.invoice_date BETWEEN %(date_from)s AND %(date_to)s
               AND move.invoice_user_id IN %(user_ids)s
               AND line.display_type = 'product'
          GROUP BY move.invoice_user_id
            """,
            standard_price=standard_price,
            company_id=self.company_id.id,
            date_from=date_from,
            date_to=date_to,
            user_ids=tuple(users.ids),
        )
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env.cr.execute(query)
        return self.env.cr.fetchall()

    def _new_customer_actuals(self, users, date_from, date_to):
        """Customers whose first posted invoice falls in the period, counted
        for the salesperson of that first invoice, in one query.

        :return: ``{user_id: (number_of_new_customers, same)}``
        """
        self.ensure_one()
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT first_invoice.invoice_user_id, COUNT(*)
                  FROM (
                        SELECT DISTINCT ON (move.commercial_partner_id)
                               move.commercial_partner_id,
                               move.invoice_user_id,
                               move.invoice_date
                          FROM account_move move
                         WHERE move.company_id = %(company_id)s
                           AND move.move_type = 'out_invoice'
                           AND move.state = 'posted'
                           AND move.invoice_date <= %(date_to)s
                           AND move.commercial_partner_id IN (
                                SELECT period_move.commercial_partner_id
                                  FROM account_move period_move
                                 WHERE period_move.company_id = %(company_id)s
                                   AND period_move.move_type = 'out_invoice'
                                   AND period_move.state = 'posted'
                                   AND period_move.invoice_date
                                       BETWEEN %(date_from)s AND %(date_to)s
                           )
                      ORDER BY move.commercial_partner_id, move.invoice_date, move.id
                       ) first_invoice
                 WHERE first_invoice.invoice_date >= %(date_from)s
                   AND first_invoice.invoice_user_id IN %(user_ids)s
              GROUP BY first_invoice.invoice_user_id
                """,
                company_id=self.company_id.id,
                date_from=date_from,
                date_to=date_to,
                user_ids=tuple(users.ids),
            )
        )
        return {user_id: (count, count) for user_id, count in self.env.cr.fetchall()}

    def _satisfaction_actuals(self, users, date_from, date_to):
        """Average customer satisfaction (1–5) of each salesperson over every
        rating source; a salesperson without any rating has no entry (no
        score rather than zero).

        :return: ``{user_id: (average, number_of_ratings)}``
        """
        self.ensure_one()
        totals = defaultdict(lambda: [0.0, 0])
        for source in self._satisfaction_sources():
            ratings = getattr(self, source)(users, date_from, date_to)
            for user_id, (rating_sum, rating_count) in ratings.items():
                totals[user_id][0] += rating_sum
                totals[user_id][1] += rating_count
        return {
            user_id: (rating_sum / rating_count, rating_count)
            for user_id, (rating_sum, rating_count) in totals.items()
            if rating_count
        }

    def _satisfaction_sources(self):
        """Hook: names of the methods that give the satisfaction ratings.

        Each method takes ``(users, date_from, date_to)`` and returns
        ``{user_id: (sum_of_ratings_1_to_5, number_of_ratings)}`` from one
        grouped query.
        """
        return ["_satisfaction_ratings_visits", "_satisfaction_ratings_tickets"]

    def _satisfaction_ratings_visits(self, users, date_from, date_to):
        """Ratings given by customers on completed visits in the period."""
        self.ensure_one()
        start, end = self._datetime_bounds(date_from, date_to)
        self.env["trade.visit"].flush_model(
            ["state", "customer_rating", "date_done", "user_id", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT visit.user_id, SUM(visit.customer_rating::integer), COUNT(*)
                  FROM trade_visit visit
                 WHERE visit.company_id = %(company_id)s
                   AND visit.state = 'done'
                   AND visit.customer_rating IS NOT NULL
                   AND visit.date_done >= %(start)s
                   AND visit.date_done < %(end)s
                   AND visit.user_id IN %(user_ids)s
                   -- a ticket's follow-up visit is counted with its ticket
                   AND NOT EXISTS (
                       SELECT 1
                         FROM trade_service_ticket ticket
                        WHERE ticket.followup_visit_id = visit.id
                          AND ticket.satisfaction IS NOT NULL
                   )
              GROUP BY visit.user_id
                """,
                company_id=self.company_id.id,
                start=start,
                end=end,
                user_ids=tuple(users.ids),
            )
        )
        return {
            user_id: (rating_sum, rating_count)
            for user_id, rating_sum, rating_count in self.env.cr.fetchall()
        }

    def _satisfaction_ratings_tickets(self, users, date_from, date_to):
        """Satisfaction recorded on the after-sales tickets closed in the
        period, for their salesperson."""
        self.ensure_one()
        start, end = self._datetime_bounds(date_from, date_to)
        self.env["trade.service.ticket"].flush_model(
            ["state", "satisfaction", "date_closed", "user_id", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT ticket.user_id, SUM(ticket.satisfaction::integer), COUNT(*)
                  FROM trade_service_ticket ticket
                 WHERE ticket.company_id = %(company_id)s
                   AND ticket.state = 'closed'
                   AND ticket.satisfaction IS NOT NULL
                   AND ticket.date_closed >= %(start)s
                   AND ticket.date_closed < %(end)s
                   AND ticket.user_id IN %(user_ids)s
              GROUP BY ticket.user_id
                """,
                company_id=self.company_id.id,
                start=start,
                end=end,
                user_ids=tuple(users.ids),
            )
        )
        return {
            user_id: (rating_sum, rating_count)
            for user_id, rating_sum, rating_count in self.env.cr.fetchall()
        }

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
