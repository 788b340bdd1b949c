from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

#: Ageing buckets: (field, first day overdue, last day overdue or None).
AGEING_BUCKETS = [
    ("amount_not_due", None, 0),
    ("amount_1_30", 1, 30),
    ("amount_31_60", 31, 60),
    ("amount_61_90", 61, 90),
    ("amount_over_90", 91, None),
]


class TradeReceivableAgeing(models.Model):
    """A line of an ageing report: what one customer owes per bucket, for one
    salesperson, as of the report's date.

    The lines are written by one ``INSERT ... SELECT`` of tens of thousands
    of rows and live as long as their report (a transient record: the lines
    go with it, ``ON DELETE CASCADE``). Their table is made here, without
    the foreign keys and log columns the ORM would add: checking seven
    foreign keys per line cost more than computing the ageing itself.
    """

    _name = "trade.receivable.ageing"
    _description = "Receivables Ageing Line"
    _auto = False
    _order = "amount_total desc, id"

    report_id = fields.Many2one(
        comodel_name="trade.receivable.ageing.report",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(
        string="As of",
        related="report_id.date",
    )
    company_id = fields.Many2one(
        related="report_id.company_id",
    )
    currency_id = fields.Many2one(
        related="report_id.company_id.currency_id",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        readonly=True,
        help="Salesperson of the invoice, or the customer's for payments.",
    )
    amount_not_due = fields.Monetary(string="Not Due", readonly=True)
    amount_1_30 = fields.Monetary(string="1-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_over_90 = fields.Monetary(string="Over 90 Days", readonly=True)
    amount_total = fields.Monetary(string="Total Due", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)

    @api.model
    def _trade_create_table(self):
        """Create the lines' table (called by the report's ``init``: the
        table refers to the reports' one)."""
        columns = SQL(", ").join(
            SQL("%s numeric NOT NULL DEFAULT 0", SQL.identifier(name))
            for name in (
                *(name for name, _first, _last in AGEING_BUCKETS),
                "amount_total",
                "amount_overdue",
            )
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS trade_receivable_ageing (
                    id serial PRIMARY KEY,
                    report_id integer NOT NULL
                        REFERENCES trade_receivable_ageing_report (id)
                        ON DELETE CASCADE,
                    partner_id integer NOT NULL,
                    user_id integer,
                    %s
                );
                CREATE INDEX IF NOT EXISTS trade_receivable_ageing_report_id_index
                    ON trade_receivable_ageing (report_id);
                """,
                columns,
            )
        )

    @api.model
    def _trade_matched_after_query(self, company, date):
        """SQL of what reconciliations dated after ``date`` matched, per
        journal item (``line_id``, ``amount``: positive on debit items):
        added to an item's residual today, it gives its residual on the
        date."""
        return SQL(
            """
            SELECT line_id, SUM(amount) AS amount
              FROM (
                  SELECT debit_move_id AS line_id, amount
                    FROM account_partial_reconcile
                   WHERE company_id = %(company)s AND max_date > %(date)s
                  UNION ALL
                  SELECT credit_move_id, -amount
                    FROM account_partial_reconcile
                   WHERE company_id = %(company)s AND max_date > %(date)s
              ) partials
             GROUP BY line_id
            """,
            company=company.id,
            date=date,
        )

    @api.model
    def _trade_receivable_line_condition(self, company, date):
        """SQL condition on ``account_move_line line``: a posted receivable
        item of the company dated on or before ``date``."""
        return SQL(
            """line.company_id = %(company)s
               AND %(receivable)s
               AND line.parent_state = 'posted'
               AND line.date <= %(date)s""",
            company=company.id,
            date=date,
            receivable=self.env[
                "account.move.line"
            ]._trade_receivable_account_condition(),
        )

    @api.model
    def _trade_open_lines_query(self, company, date):
        """SQL selecting the receivable lines of a company open on ``date``,
        one row per line (for the customer statement).

        The residual as of the date is the line's residual today plus what
        reconciliations dated after that day matched with it, so the ageing of
        any past date is exact, and only the lines open today or matched since
        the date are read (not the whole history of the receivables).
        Columns: ``line_id``, ``move_id``, ``partner_id``, ``due`` (due
        date), ``residual`` (company currency).
        """
        return SQL(
            """
            WITH matched_after AS (%(matched_after)s)
            SELECT line.id AS line_id,
                   line.move_id,
                   line.partner_id,
                   COALESCE(line.date_maturity, line.date) AS due,
                   line.amount_residual + COALESCE(matched_after.amount, 0) AS residual
              FROM account_move_line line
              LEFT JOIN matched_after ON matched_after.line_id = line.id
             WHERE %(receivable_line)s
               AND (line.reconciled IS NOT TRUE OR matched_after.line_id IS NOT NULL)
               AND line.amount_residual + COALESCE(matched_after.amount, 0) != 0
            """,
            matched_after=self._trade_matched_after_query(company, date),
            receivable_line=self._trade_receivable_line_condition(company, date),
        )

    @api.model
    def _trade_open_amounts_query(self, company, date):
        """SQL of the amounts open on ``date`` of a company's receivable
        lines, for adding up (the ageing): the same sums as
        ``_trade_open_lines_query`` but a line matched since the date may
        come twice (its residual today, then what was matched since).

        The residuals today are read from ``trade_risk_open_item_index``
        alone (an index-only scan of the open items) and the few lines
        matched since the date are added to them, rather than every line
        being joined to the reconciliations.
        Columns: ``move_id``, ``partner_id``, ``due``, ``amount``.
        """
        receivable_line = self._trade_receivable_line_condition(company, date)
        return SQL(
            """
            WITH matched_after AS (%(matched_after)s)
            SELECT line.move_id,
                   line.partner_id,
                   COALESCE(line.date_maturity, line.date) AS due,
                   line.amount_residual AS amount
              FROM account_move_line line
             WHERE %(receivable_line)s
               AND line.reconciled IS NOT TRUE
               AND line.amount_residual != 0
             UNION ALL
            SELECT line.move_id,
                   line.partner_id,
                   COALESCE(line.date_maturity, line.date),
                   matched_after.amount
              FROM matched_after
              JOIN account_move_line line ON line.id = matched_after.line_id
             WHERE %(receivable_line)s
            """,
            matched_after=self._trade_matched_after_query(company, date),
            receivable_line=receivable_line,
        )

    @api.model
    def _trade_open_items_query(self, company, date, partner_ids=None):
        """The open lines of ``_trade_open_lines_query`` with their customer
        and salesperson (the invoice's, else the customer's).

        Columns: ``line_id``, ``move_id``, ``commercial_partner_id``,
        ``user_id``, ``due``, ``residual``.

        :param list partner_ids: restrict to these commercial partners
        """
        partner_filter = (
            SQL("AND partner.commercial_partner_id IN %s", tuple(partner_ids))
            if partner_ids
            else SQL()
        )
        return SQL(
            """
            SELECT lines.line_id,
                   lines.move_id,
                   partner.commercial_partner_id,
                   COALESCE(move.invoice_user_id, commercial.user_id) AS user_id,
                   lines.due,
                   lines.residual
              FROM (%(lines)s) lines
              JOIN account_move move ON move.id = lines.move_id
              JOIN res_partner partner ON partner.id = lines.partner_id
              JOIN res_partner commercial
                ON commercial.id = partner.commercial_partner_id
             WHERE TRUE %(partner_filter)s
            """,
            lines=self._trade_open_lines_query(company, date),
            partner_filter=partner_filter,
        )

    @api.model
    def _trade_ageing_query(self, company, date, user_id=None):
        """SQL of the ageing as of ``date``: one row per customer and
        salesperson with ``commercial_partner_id``, ``user_id``, the residual
        per bucket of ``AGEING_BUCKETS`` (in that order), ``total`` and
        ``overdue``.

        The open lines are first added up per partner, invoice salesperson
        and bucket, and only those sums are joined to the customers: the
        joins and the grouping handle thousands of rows, not millions.

        :param int user_id: restrict to the customers and invoices of this
            salesperson
        """
        # due on or after the first day of the bucket (date comparisons are
        # cheaper than date arithmetic on a million lines)
        buckets = []
        for index, (_name, first, _last) in enumerate(AGEING_BUCKETS):
            if first is None:
                condition = SQL("lines.due >= %s", date)
            elif index == len(AGEING_BUCKETS) - 1:
                condition = SQL("TRUE")
            else:
                next_first = AGEING_BUCKETS[index + 1][1]
                condition = SQL("lines.due > %s", date - timedelta(days=next_first))
            buckets.append(SQL("WHEN %s THEN %s", condition, index))
        sums = SQL(", ").join(
            SQL(
                "COALESCE(SUM(per_bucket.amount) FILTER "
                "(WHERE per_bucket.bucket = %s), 0)",
                index,
            )
            for index in range(len(AGEING_BUCKETS))
        )
        user = SQL("COALESCE(per_bucket.invoice_user_id, commercial.user_id)")
        return SQL(
            """
            SELECT partner.commercial_partner_id,
                   %(user)s AS user_id,
                   %(sums)s,
                   SUM(per_bucket.amount) AS total,
                   COALESCE(SUM(per_bucket.amount) FILTER (
                       WHERE per_bucket.bucket > 0), 0) AS overdue
              FROM (
                  SELECT lines.partner_id,
                         move.invoice_user_id,
                         CASE %(buckets)s END AS bucket,
                         SUM(lines.amount) AS amount
                    FROM (%(lines)s) lines
                    JOIN account_move move ON move.id = lines.move_id
                   GROUP BY 1, 2, 3
              ) per_bucket
              JOIN res_partner partner ON partner.id = per_bucket.partner_id
              JOIN res_partner commercial
                ON commercial.id = partner.commercial_partner_id
             WHERE %(user_filter)s
             GROUP BY 1, 2
            """,
            user=user,
            sums=sums,
            buckets=SQL(" ").join(buckets),
            lines=self._trade_open_amounts_query(company, date),
            user_filter=SQL("%s = %s", user, user_id) if user_id else SQL("TRUE"),
        )

    @contextmanager
    def _trade_reporting_settings(self):
        """Run a reporting query over the whole receivables without
        PostgreSQL's JIT compilation (on a million lines it costs more than
        the query) and with room to group in memory; the previous settings
        come back afterwards."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit', true), current_setting('work_mem')")
        jit, work_mem = cr.fetchone()
        if jit is not None:
            cr.execute("SET LOCAL jit = off")
        cr.execute("SET LOCAL work_mem = '64MB'")
        try:
            yield
        finally:
            if jit is not None:
                cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))
            cr.execute(SQL("SELECT set_config('work_mem', %s, true)", work_mem))

    @api.model
    def _trade_flush_receivables(self):
        """Write pending ORM changes the ageing and statement queries read."""
        self.env["account.move.line"]._trade_flush_receivable_items()
        self.env["account.move"].flush_model(["invoice_user_id"])
