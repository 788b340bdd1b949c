from collections import defaultdict
from contextlib import contextmanager
from datetime import datetime, time, timedelta

import pytz

from odoo import api, models
from odoo.tools import SQL


class TradeAppraisalActuals(models.AbstractModel):
    """The actual value of each computed indicator for each salesperson.

    Every figure is a grouped query over all the salespeople at once, never a
    query per person. Another addon adds or replaces a figure through the two
    lists, as OCA's ``_risk_field_list``:

    - :meth:`_actual_sources`: methods giving the actuals of one or more
      indicator codes;
    - :meth:`_satisfaction_sources`: methods giving customer ratings, averaged
      together into the satisfaction indicator.

    The figures of visits and tickets come from ``trade_business_dept``'s own
    methods (``_ratings_by_user``): its tables stay its own.
    """

    _name = "trade.appraisal.actuals"
    _description = "Appraisal Actuals"

    @api.model
    def _collect(self, company, users, date_from, date_to):
        """The actuals of ``users`` (``res.users``, the salespeople) in
        ``company`` from ``date_from`` to ``date_to`` (dates, included).

        :return: ``{code: {user_id: (value, number_of_data_points)}}``; a
            salesperson missing from a code's dict has no data for it.
        """
        actuals = defaultdict(dict)
        if not users:
            return actuals
        with self._without_jit():
            for source in self._actual_sources():
                figures = getattr(self, source)(company, users, date_from, date_to)
                for code, by_user in figures.items():
                    actuals[code].update(by_user)
        return actuals

    @api.model
    def _actual_sources(self):
        """Hook: names of the methods that give the actuals.

        Each method takes ``(company, users, date_from, date_to)`` and returns
        ``{code: {user_id: (value, number_of_data_points)}}`` from grouped
        queries; a later source's figure of a code and salesperson replaces an
        earlier one.
        """
        return ["_actuals_invoices", "_actuals_new_customers", "_actuals_satisfaction"]

    @api.model
    def _satisfaction_sources(self):
        """Hook: names of the methods that give the satisfaction ratings.

        Each method takes ``(company, users, date_from, date_to)`` and returns
        ``{user_id: (sum_of_ratings_1_to_5, number_of_ratings)}`` from one
        grouped query.
        """
        return ["_satisfaction_ratings_visits", "_satisfaction_ratings_tickets"]

    # ------------------------------------------------------------------
    # Sales and profit
    # ------------------------------------------------------------------
    @api.model
    def _actuals_invoices(self, company, users, date_from, date_to):
        """Sales and profit of each salesperson, in one grouped query.

        Sales = posted customer invoices minus credit notes, untaxed, in
        company currency (the product lines' balance), attributed to the
        invoice's salesperson (``invoice_user_id``) by invoice date.

        Profit = sales minus the cost of the goods (:meth:`_line_cost_sql`).
        """
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT move.invoice_user_id,
                       SUM(-line.balance),
                       SUM(-line.balance) - SUM(%(cost)s),
                       COUNT(*)
                  FROM account_move move
                  JOIN account_move_line line ON line.move_id = move.id
             LEFT JOIN product_product product ON product.id = line.product_id
             LEFT JOIN product_template template
                    ON template.id = product.product_tmpl_id
             LEFT JOIN uom_uom product_uom ON product_uom.id = template.uom_id
             LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
             LEFT JOIN %(order_cost)s order_cost
                    ON order_cost.invoice_line_id = line.id
                 WHERE move.company_id = %(company_id)s
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.state = 'posted'
                   AND move.invoice_date BETWEEN %(date_from)s AND %(date_to)s
                   AND move.invoice_user_id IN %(user_ids)s
                   AND line.display_type = 'product'
              GROUP BY move.invoice_user_id
                """,
                cost=self._line_cost_sql(company),
                order_cost=self._order_cost_sql(),
                company_id=company.id,
                date_from=date_from,
                date_to=date_to,
                user_ids=tuple(users.ids),
            )
        )
        actuals = {"sales_amount": {}, "profit": {}}
        for user_id, sales, profit, count in self.env.cr.fetchall():
            actuals["sales_amount"][user_id] = (sales, count)
            actuals["profit"][user_id] = (profit, count)
        return actuals

    @api.model
    def _line_cost_sql(self, company):
        """The cost of an invoice line's goods, given back by a credit note:
        the cost recorded on the sale order line (``purchase_price`` of
        sale_margin, converted with the invoice's rate) when the line comes
        from an order, otherwise the product's current cost
        (``standard_price``) times the quantity in the product's unit."""
        product = self.env["product.product"].with_company(company)
        standard_price = product._field_to_sql("product", "standard_price")
        return SQL(
            """
            CASE WHEN move.move_type = 'out_refund' THEN -1 ELSE 1 END
            * CASE
                WHEN order_cost.unit_cost IS NOT NULL
                THEN line.quantity * order_cost.unit_cost
                     * COALESCE(
                         ABS(line.balance) / NULLIF(ABS(line.amount_currency), 0),
                         1)
                WHEN line.product_id IS NOT NULL
                THEN line.quantity / COALESCE(NULLIF(line_uom.factor, 0), 1)
                     * COALESCE(product_uom.factor, 1)
                     * COALESCE(%(standard_price)s, 0)
                ELSE 0
              END
            """,
            standard_price=standard_price,
        )

    @api.model
    def _order_cost_sql(self):
        """The unit cost of the order lines behind each invoice line."""
        return SQL(
            """
            (
                SELECT rel.invoice_line_id,
                       AVG(order_line.purchase_price) AS unit_cost
                  FROM sale_order_line_invoice_rel rel
                  JOIN sale_order_line order_line ON order_line.id = rel.order_line_id
              GROUP BY rel.invoice_line_id
            )
            """
        )

    # ------------------------------------------------------------------
    # New customers
    # ------------------------------------------------------------------
    @api.model
    def _actuals_new_customers(self, company, users, date_from, date_to):
        """Customers whose first posted invoice falls in the period, counted
        for the salesperson of that first invoice, in one query."""
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
                company_id=company.id,
                date_from=date_from,
                date_to=date_to,
                user_ids=tuple(users.ids),
            )
        )
        return {
            "new_customers": {
                user_id: (count, count) for user_id, count in self.env.cr.fetchall()
            }
        }

    # ------------------------------------------------------------------
    # Customer satisfaction
    # ------------------------------------------------------------------
    @api.model
    def _actuals_satisfaction(self, company, users, date_from, date_to):
        """Average customer satisfaction (1–5) of each salesperson over every
        rating source; a salesperson without any rating has no entry (no
        score rather than zero)."""
        wanted = set(users.ids)
        totals = defaultdict(lambda: [0.0, 0])
        for source in self._satisfaction_sources():
            ratings = getattr(self, source)(company, users, date_from, date_to)
            for user_id, (rating_sum, rating_count) in ratings.items():
                if user_id in wanted:
                    totals[user_id][0] += rating_sum
                    totals[user_id][1] += rating_count
        return {
            "satisfaction": {
                user_id: (rating_sum / rating_count, rating_count)
                for user_id, (rating_sum, rating_count) in totals.items()
                if rating_count
            }
        }

    @api.model
    def _satisfaction_ratings_visits(self, company, users, date_from, date_to):
        """Ratings of the visits completed in the period: the customer's,
        else a staff-entered one that HR accepted."""
        start, end = self._datetime_bounds(company, date_from, date_to)
        return self.env["trade.visit"].sudo()._ratings_by_user(start, end, company)

    @api.model
    def _satisfaction_ratings_tickets(self, company, users, date_from, date_to):
        """Satisfaction with the after-sales tickets closed in the period, for
        their salesperson: the customer's rating, else a staff-entered one
        that HR accepted."""
        start, end = self._datetime_bounds(company, date_from, date_to)
        return (
            self.env["trade.service.ticket"]
            .sudo()
            ._ratings_by_user(start, end, company)
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    @api.model
    def _datetime_bounds(self, company, date_from, date_to):
        """The first instant of ``date_from`` and the instant after
        ``date_to`` in UTC, the days being those of the company's time zone."""
        tz = pytz.timezone(company.partner_id.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        return (
            start.astimezone(pytz.utc).replace(tzinfo=None),
            end.astimezone(pytz.utc).replace(tzinfo=None),
        )

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
