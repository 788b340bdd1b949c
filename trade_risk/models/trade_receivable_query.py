from contextlib import contextmanager
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, ormcache

from .. import receivable_totals

#: Ageing buckets: (field, first day overdue, last day overdue or None).
AGEING_BUCKETS = [
    ("amount_not_due", None, 0),
    ("amount_1_30", 1, 30),
    ("amount_31_60", 31, 60),
    ("amount_61_90", 61, 90),
    ("amount_over_90", 91, None),
]


class TradeReceivableQuery(models.AbstractModel):
    """The one home of the receivable queries of trade_risk.

    The credit figures, the collection ladder, the early warnings, the
    promises to pay, the ageing and the customer statements all read the
    customers' receivables in SQL (batched, whatever the number of journal
    items). What a receivable is, which pending ORM changes these queries
    need written first, how the running totals of the open items
    (``receivable_totals``) are read and how an item's residual on a past
    date is found are decided here, once.
    """

    _name = "trade.receivable.query"
    _description = "Receivable Queries"

    # ------------------------------------------------------------------
    # Shared conditions
    # ------------------------------------------------------------------
    @api.model
    def _receivable_account_condition(self, alias="line"):
        """SQL condition: the row ``alias`` is on a receivable account.

        The accounts are an array computed once (an InitPlan): the lines can
        still be read in the order of an index, which a join or an ``IN``
        subquery would lose."""
        return SQL(
            """%s.account_id = ANY(ARRAY(
                   SELECT id FROM account_account
                    WHERE account_type = 'asset_receivable'))""",
            SQL.identifier(alias),
        )

    @api.model
    def _company_ids(self, company):
        """Ids of the companies whose receivables count for ``company``: the
        company, its parent and their branches (Odoo 18
        ``res.company.parent_id``), as Odoo's own ``credit`` counts them (the
        journal items of the companies ``child_of`` the root company). A
        customer owes the group one amount, whichever branch invoiced it."""
        return self._group_company_ids(company.id)

    @api.model
    @ormcache("company_id")
    def _group_company_ids(self, company_id):
        # a new company clears the caches (res.company.create); a company
        # does not change its parent afterwards
        company = self.env["res.company"].sudo().browse(company_id)
        return tuple(
            self.env["res.company"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "child_of", (company.root_id or company).id)], order="id")
            .ids
        )

    @api.model
    def _flush(self):
        """Write the pending ORM changes that the receivable and credit
        queries read in SQL: journal items, reconciliations, invoices,
        customers, orders and their lines."""
        self.env["account.move.line"].flush_model(
            [
                "move_id",
                "partner_id",
                "account_id",
                "amount_residual",
                "balance",
                "company_id",
                "parent_state",
                "reconciled",
                "date",
                "date_maturity",
                "price_total",
                "quantity",
                "product_uom_id",
            ]
        )
        self.env["account.partial.reconcile"].flush_model(
            ["debit_move_id", "credit_move_id", "amount", "company_id", "max_date"]
        )
        self.env["account.move"].flush_model(
            [
                "partner_id",
                "state",
                "move_type",
                "company_id",
                "amount_total_signed",
                "invoice_user_id",
            ]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id", "user_id"])
        self.env["sale.order"].flush_model(
            ["partner_id", "state", "company_id", "currency_id"]
        )
        self.env["sale.order.line"].flush_model(
            [
                "order_id",
                "display_type",
                "is_downpayment",
                "product_uom_qty",
                "qty_invoiced",
                "price_total",
                "price_unit",
                "product_uom",
                "invoice_lines",
            ]
        )

    # ------------------------------------------------------------------
    # Running totals of the open items (credit figures, overdue)
    # ------------------------------------------------------------------
    @api.model
    def _open_totals_query(self, company, partner_ids=None):
        """SQL selecting the running totals of the open posted receivable
        items of the company (``receivable_totals``) as ``total``: per
        partner and due date, the amount left to pay and its positive part.
        ``partner_ids`` limits them to these partners (not their contacts)."""
        return SQL(
            """
            SELECT total.partner_id,
                   total.date_due,
                   total.amount_residual,
                   total.amount_positive
              FROM %(table)s total
             WHERE total.company_id IN %(companies)s
               AND total.line_count > 0
               AND %(receivable)s
               %(partners)s
            """,
            table=SQL.identifier(receivable_totals.TOTAL_TABLE),
            companies=self._company_ids(company),
            receivable=self._receivable_account_condition("total"),
            partners=SQL("AND total.partner_id IN %s", tuple(partner_ids))
            if partner_ids
            else SQL(),
        )

    @api.model
    def _read_overdue(self, company, partner_ids=None):
        """``{commercial partner id: (overdue amount, days overdue)}`` of the
        customers with receivables past due today, in one query."""
        self._flush()
        today = fields.Date.context_today(self)
        partner_filter = (
            SQL("AND partner.commercial_partner_id IN %s", tuple(partner_ids))
            if partner_ids
            else SQL()
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       SUM(total.amount_positive),
                       MIN(total.date_due)
                  FROM (%(totals)s) total
                  JOIN res_partner partner ON partner.id = total.partner_id
                 WHERE total.amount_positive > 0
                   AND total.date_due < %(today)s
                   %(partner_filter)s
                 GROUP BY partner.commercial_partner_id
                """,
                totals=self._open_totals_query(company),
                today=today,
                partner_filter=partner_filter,
            )
        )
        return {
            partner_id: (amount, (today - oldest).days)
            for partner_id, amount, oldest in rows
        }

    @api.model
    def _read_customer_receivables(self, company, family, grace_date):
        """What the customers owe on their posted receivables: the running
        totals per partner and due date (a row per due date however many
        items), added up per customer.

        :param dict family: ``{partner id: commercial partner id}`` of the
            customers and their contacts
        :return: ``{commercial partner id: (residual, overdue, overdue
            beyond grace_date, oldest due date overdue or None)}``
        """
        today = fields.Date.context_today(self)
        rows = self.env.execute_query(self._open_totals_query(company, family))
        receivables = {}
        for partner_id, due, residual, positive in rows:
            totals = receivables.setdefault(family[partner_id], [0.0, 0.0, 0.0, None])
            totals[0] += residual
            if positive and due < today:
                totals[1] += positive
                if due < grace_date:
                    totals[2] += positive
                if totals[3] is None or due < totals[3]:
                    totals[3] = due
        return {partner_id: tuple(totals) for partner_id, totals in receivables.items()}

    @api.model
    def _overdue_items(self, customer, company, branches=True):
        """Overdue receivable lines of a customer today, oldest first.

        :param bool branches: with those of the company's parent and branches
            (as the overdue figures); without, the company's own (a dispute
            links the invoices of its own company)
        """
        today = fields.Date.context_today(self)
        company_ids = self._company_ids(company) if branches else (company.id,)
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    ("partner_id.commercial_partner_id", "=", customer.id),
                    ("company_id", "in", company_ids),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("amount_residual", ">", 0),
                    ("date_maturity", "<", today),
                ],
                order="date_maturity, id",
            )
        )

    @api.model
    def _read_received_since_promises(self, promises):
        """``{promise id: amount}``: what the customer of each promise paid
        on its receivables, in the promise's company or another of its group,
        from the day of the promise to its date."""
        self._flush()
        return dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT promise.id, -SUM(line.balance)
                      FROM trade_payment_promise promise
                      JOIN res_partner partner
                        ON partner.commercial_partner_id = promise.partner_id
                      JOIN account_move_line line ON line.partner_id = partner.id
                      JOIN account_move move ON move.id = line.move_id
                      JOIN res_company promise_company
                        ON promise_company.id = promise.company_id
                      JOIN res_company line_company
                        ON line_company.id = line.company_id
                     WHERE promise.id IN %(promises)s
                       AND move.move_type = 'entry'
                       -- a payment in any company of the promise's group
                       AND split_part(line_company.parent_path, '/', 1)
                           = split_part(promise_company.parent_path, '/', 1)
                       AND line.parent_state = 'posted'
                       AND %(receivable)s
                       AND line.balance < 0
                       AND line.date >= promise.date
                       AND line.date <= promise.date_promised
                     GROUP BY promise.id
                    """,
                    promises=tuple(promises.ids),
                    receivable=self._receivable_account_condition(),
                )
            )
        )

    # ------------------------------------------------------------------
    # Open items on a date (ageing, statements)
    # ------------------------------------------------------------------
    @api.model
    def _matched_after_query(self, company, date):
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
                   WHERE company_id IN %(companies)s AND max_date > %(date)s
                  UNION ALL
                  SELECT credit_move_id, -amount
                    FROM account_partial_reconcile
                   WHERE company_id IN %(companies)s AND max_date > %(date)s
              ) partials
             GROUP BY line_id
            """,
            companies=self._company_ids(company),
            date=date,
        )

    @api.model
    def _receivable_line_condition(self, company, date):
        """SQL condition on ``account_move_line line``: a posted receivable
        item of the company dated on or before ``date``."""
        return SQL(
            """line.company_id IN %(companies)s
               AND %(receivable)s
               AND line.parent_state = 'posted'
               AND line.date <= %(date)s""",
            companies=self._company_ids(company),
            date=date,
            receivable=self._receivable_account_condition(),
        )

    @api.model
    def _open_lines_query(self, company, date):
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
            matched_after=self._matched_after_query(company, date),
            receivable_line=self._receivable_line_condition(company, date),
        )

    @api.model
    def _open_amounts_query(self, company, date):
        """SQL of the amounts open on ``date`` of a company's receivables,
        for adding up (the ageing), with the salesperson of their invoice.

        They are the running totals of the open items today
        (``receivable_totals``: one row per partner, due date and invoice
        salesperson, whatever the number of items), corrected by what
        changed after the date only: less the items open today but dated
        after it, plus what reconciliations dated after it matched with
        items dated on or before it. The history before the date is never
        read.
        Columns: ``partner_id``, ``invoice_user_id`` (or ``NULL``), ``due``,
        ``amount``.
        """
        return SQL(
            "%s UNION ALL %s",
            self._open_totals_amounts_query(company),
            self._changed_after_amounts_query(company, date),
        )

    @api.model
    def _open_totals_amounts_query(self, company):
        """The part of ``_open_amounts_query`` read from the running totals
        of the open items today (same columns)."""
        return SQL(
            """
            SELECT total.partner_id,
                   NULLIF(total.user_id, 0) AS invoice_user_id,
                   total.date_due AS due,
                   total.amount_residual AS amount
              FROM %(table)s total
             WHERE total.company_id IN %(companies)s
               AND total.line_count > 0
               AND %(receivable_total)s
            """,
            table=SQL.identifier(receivable_totals.TOTAL_TABLE),
            companies=self._company_ids(company),
            receivable_total=self._receivable_account_condition("total"),
        )

    @api.model
    def _changed_after_amounts_query(self, company, date):
        """The part of ``_open_amounts_query`` that changed after ``date``
        (same columns): less the items open today dated after it, plus what
        reconciliations dated after it matched with items dated on or
        before it. Nothing as of today unless items or reconciliations are
        dated in the future."""
        return SQL(
            """
            SELECT line.partner_id,
                   move.invoice_user_id,
                   COALESCE(line.date_maturity, line.date) AS due,
                   -line.amount_residual AS amount
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
             WHERE line.company_id IN %(companies)s
               AND %(receivable)s
               AND line.date > %(date)s
               AND line.parent_state = 'posted'
               AND line.reconciled IS NOT TRUE
               AND line.amount_residual != 0
               AND line.partner_id IS NOT NULL
             UNION ALL
            %(matched_debit)s
             UNION ALL
            %(matched_credit)s
            """,
            companies=self._company_ids(company),
            receivable=self._receivable_account_condition(),
            date=date,
            matched_debit=self._matched_after_amounts_query(company, date, "debit"),
            matched_credit=self._matched_after_amounts_query(company, date, "credit"),
        )

    @api.model
    def _matched_after_amounts_query(self, company, date, side):
        """SQL of what each reconciliation dated after ``date`` matched with
        the ``side`` (``debit`` or ``credit``) item dated on or before it,
        with the item's partner, invoice salesperson and due date: one row
        per reconciliation, positive on debit items. Joined row to row
        (not added up per item first), the database reads the
        reconciliations and their items by hash joins.
        """
        column = {"debit": "debit_move_id", "credit": "credit_move_id"}[side]
        return SQL(
            """
            SELECT line.partner_id,
                   move.invoice_user_id,
                   COALESCE(line.date_maturity, line.date),
                   %(sign)s * partial.amount
              FROM account_partial_reconcile partial
              JOIN account_move_line line ON line.id = partial.%(column)s
              JOIN account_move move ON move.id = line.move_id
             WHERE partial.company_id IN %(companies)s
               AND partial.max_date > %(date)s
               AND %(receivable_line)s
            """,
            sign=1 if side == "debit" else -1,
            column=SQL.identifier(column),
            companies=self._company_ids(company),
            date=date,
            receivable_line=self._receivable_line_condition(company, date),
        )

    @api.model
    def _open_items_query(self, company, date, partner_ids=None):
        """The open lines of ``_open_lines_query`` with their customer and
        salesperson (the invoice's, else the customer's).

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
            lines=self._open_lines_query(company, date),
            partner_filter=partner_filter,
        )

    @api.model
    def _ageing_bucket_case(self, date):
        """SQL ``CASE`` giving the index in ``AGEING_BUCKETS`` of the open
        amounts ``lines`` as of ``date``: due on or after the first day of
        the bucket (date comparisons are cheaper than date arithmetic on a
        million lines)."""
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
        return SQL("CASE %s END", SQL(" ").join(buckets))

    @api.model
    def _ageing_bucket_conditions(self, date):
        """SQL conditions on ``lines.due``, one per bucket of
        ``AGEING_BUCKETS`` (in that order), as ``_ageing_bucket_case``
        decides them: due on or after the first day of the bucket and
        before the first day of the next."""
        conditions = []
        for index, (_name, first, _last) in enumerate(AGEING_BUCKETS):
            parts = []
            if first is None:
                parts.append(SQL("lines.due >= %s", date))
            else:
                parts.append(SQL("lines.due <= %s", date - timedelta(days=first)))
            if 0 < index < len(AGEING_BUCKETS) - 1:
                next_first = AGEING_BUCKETS[index + 1][1]
                parts.append(SQL("lines.due > %s", date - timedelta(days=next_first)))
            conditions.append(SQL(" AND ").join(parts))
        return conditions

    @api.model
    def _ageing_query(self, company, date, user_id=None):
        """SQL of the ageing as of ``date``: one row per customer and
        salesperson with ``commercial_partner_id``, ``user_id``, the residual
        per bucket of ``AGEING_BUCKETS`` (in that order), ``total`` and
        ``overdue``.

        The open amounts (``_open_amounts_query``) are added up in one
        grouping per partner and invoice salesperson, a sum per bucket: the
        running totals (which the database may add up in parallel) apart
        from what changed since the date; only those sums (one row per
        partner and salesperson) are joined to the customers.

        The sums are taken in ``float8`` (30% less time than ``numeric``
        sums over the totals of a million items) and rounded to the
        decimals of the company's currency. They are exact to the cent: the
        amounts are multiples of the currency's unit, each converted within
        a relative 1.1e-16, and a sum of ``n`` of them is off by at most
        ``n`` times 1.1e-16 times the sum of their absolute values, far
        below half a cent for any customer (100 million spread over 100,000
        due dates: 0.0011); a sum converted back to ``numeric`` keeps 15
        significant digits, the cents of any sum under 10,000 billion. The
        tests and the benchmark compare them with the open items added up
        one by one in ``numeric``.

        :param int user_id: restrict to the customers and invoices of this
            salesperson
        """
        digits = company.currency_id.decimal_places
        per_bucket = SQL(", ").join(
            SQL(
                "SUM(lines.amount::float8) FILTER (WHERE %s) AS %s",
                condition,
                SQL.identifier(f"bucket_{index}"),
            )
            for index, condition in enumerate(self._ageing_bucket_conditions(date))
        )
        sums = SQL(", ").join(
            SQL(
                "COALESCE(ROUND(SUM(per_partner.%s)::numeric, %s), 0) AS %s",
                SQL.identifier(f"bucket_{index}"),
                digits,
                SQL.identifier(f"bucket_{index}"),
            )
            for index in range(len(AGEING_BUCKETS))
        )
        buckets = [
            SQL("per_customer.%s", SQL.identifier(f"bucket_{index}"))
            for index in range(len(AGEING_BUCKETS))
        ]
        user = SQL("COALESCE(per_partner.invoice_user_id, commercial.user_id)")
        return SQL(
            """
            SELECT per_customer.*,
                   %(total)s AS total,
                   %(overdue)s AS overdue
              FROM (
                  SELECT partner.commercial_partner_id,
                         %(user)s AS user_id,
                         %(sums)s
                    FROM (
                        SELECT lines.partner_id,
                               lines.invoice_user_id,
                               %(per_bucket)s
                          FROM (%(totals)s) lines
                         GROUP BY 1, 2
                         UNION ALL
                        SELECT lines.partner_id,
                               lines.invoice_user_id,
                               %(per_bucket)s
                          FROM (%(changes)s) lines
                         GROUP BY 1, 2
                    ) per_partner
                    JOIN res_partner partner ON partner.id = per_partner.partner_id
                    JOIN res_partner commercial
                      ON commercial.id = partner.commercial_partner_id
                   WHERE %(user_filter)s
                   GROUP BY 1, 2
              ) per_customer
            """,
            total=SQL(" + ").join(buckets),
            overdue=SQL(" + ").join(buckets[1:]),
            user=user,
            sums=sums,
            per_bucket=per_bucket,
            totals=self._open_totals_amounts_query(company),
            changes=self._changed_after_amounts_query(company, date),
            user_filter=SQL("%s = %s", user, user_id) if user_id else SQL("TRUE"),
        )

    @api.model
    def _set_reporting_settings(self):
        """For the rest of the transaction, run the reporting queries over the
        whole receivables without PostgreSQL's JIT compilation (on a million
        lines it costs more than the query) and with room to group in
        memory. ``SET LOCAL`` writes nothing: it is allowed on a read-only
        transaction (a read replica)."""
        cr = self.env.cr
        cr.execute("SELECT current_setting('jit', true)")
        if cr.fetchone()[0] is not None:
            cr.execute("SET LOCAL jit = off")
        cr.execute("SET LOCAL work_mem = '64MB'")

    @contextmanager
    def _reporting_settings(self):
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
