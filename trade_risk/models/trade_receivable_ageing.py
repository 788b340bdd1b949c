from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .trade_receivable_query import AGEING_BUCKETS

#: the ageing's line id: commercial partner id * ID_FACTOR + salesperson id
ID_FACTOR = 10_000_000
#: what a customer's name (``display_name``) is made of
PARTNER_NAME_FIELDS = [
    "name",
    "type",
    "is_company",
    "parent_id",
    "company_name",
    "commercial_company_name",
    "email",
    "vat",
]


class TradeReceivableAgeing(models.Model):
    """A line of the receivables ageing: what one customer owes per bucket,
    for one salesperson, as of a date.

    Nothing is stored: the model reads the query of
    ``trade.receivable.query._ageing_query`` (``_table_query``) for the
    date, salesperson and company of its context (``trade_ageing_date``,
    ``trade_ageing_user_id``, ``trade_ageing_company_id``: today, every
    salesperson the user may see and the current company by default). The
    pivot and the list read it with Odoo's read-only methods (``web_read_group``,
    ``web_search_read``, ``read``), which Odoo 18 serves from the read
    replica (``db_replica_host``) when there is one. Who is not a credit
    manager, finance or a business manager only ever reads the lines of
    his own customers and invoices.

    A line's id is the customer's id times ``ID_FACTOR`` plus the
    salesperson's (0 for none): the same line keeps its id from one read to
    the next. It keeps it on another date too: code reading the ageing of
    two dates in one transaction forgets the lines of the first before
    reading the second (``invalidate_model``, as
    ``trade.receivable.ageing.report._ageing_lines`` does).
    """

    _name = "trade.receivable.ageing"
    _description = "Receivables Ageing Line"
    _auto = False
    _order = "amount_total desc, id"

    date = fields.Date(string="As of", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
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
    def _ageing_parameters(self):
        """``(company, date, salesperson id or None)`` of the ageing to read,
        from the context; the salesperson is the user himself for who may
        not see every customer's receivables.

        :raise UserError: a date in the future, or a salesperson asking for
            someone else's, or a value that is not a date or a record's id
            (any RPC client can send these keys)
        """
        context = self.env.context
        today = fields.Date.context_today(self)
        try:
            date = fields.Date.to_date(context.get("trade_ageing_date")) or today
        except (TypeError, ValueError):
            raise UserError(
                self.env._(
                    "%(value)s is not a date.", value=context.get("trade_ageing_date")
                )
            ) from None
        if date > today:
            raise UserError(
                self.env._(
                    "The ageing is computed as of today or a past date, not %(date)s.",
                    date=date,
                )
            )
        # the context only chooses among what the user may read: one of the
        # companies he works in, himself unless he sees every customer
        company = self.env.company
        company_id = context.get("trade_ageing_company_id")
        if company_id:
            company = self.env.companies.filtered(lambda c: c.id == company_id)
            if not company:
                raise UserError(
                    self.env._(
                        "You can only age the receivables of the companies you are "
                        "working in."
                    )
                )
        user_id = context.get("trade_ageing_user_id") or None
        if user_id is not None and (
            not isinstance(user_id, int) or isinstance(user_id, bool)
        ):
            raise UserError(
                self.env._("%(value)s is not a salesperson.", value=user_id)
            )
        if not self.env["res.partner"]._trade_sees_all_credit():
            if user_id and user_id != self.env.uid:
                raise UserError(
                    self.env._("You can only age your own customers' receivables.")
                )
            user_id = self.env.uid
        return company, date, user_id

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """The names of the customers of the groups (10,000 in the pivot by
        customer) read in one query before Odoo formats the groups, instead
        of one query per 1,000 customers."""
        partner_ids = [
            row["partner_id"].id
            for row in rows_dict
            if isinstance(row.get("partner_id"), models.BaseModel) and row["partner_id"]
        ]
        if len(partner_ids) > 1:
            self.env["res.partner"].sudo().browse(partner_ids).fetch(
                PARTNER_NAME_FIELDS
            )
        return super()._read_group_format_result(rows_dict, lazy_groupby)

    @property
    def _table_query(self):
        """The ageing as of the context's date, one row per customer and
        salesperson. Only reads: the pending ORM changes it depends on are
        written first (none in a read-only request), and the query runs
        without PostgreSQL's JIT compilation (``SET LOCAL``, allowed on a
        read-only transaction)."""
        company, date, user_id = self._ageing_parameters()
        Query = self.env["trade.receivable.query"]
        Query._flush()
        Query._set_reporting_settings()
        columns = SQL(", ").join(
            SQL(
                "ageing.%s AS %s",
                SQL.identifier(f"bucket_{index}"),
                SQL.identifier(name),
            )
            for index, (name, _first, _last) in enumerate(AGEING_BUCKETS)
        )
        return SQL(
            """
            SELECT ageing.commercial_partner_id::bigint * %(factor)s
                       + COALESCE(ageing.user_id, 0) AS id,
                   %(date)s::date AS date,
                   %(company)s AS company_id,
                   ageing.commercial_partner_id AS partner_id,
                   ageing.user_id,
                   %(columns)s,
                   ageing.total AS amount_total,
                   ageing.overdue AS amount_overdue
              FROM (%(ageing)s) ageing
            """,
            factor=ID_FACTOR,
            date=date,
            company=company.id,
            columns=columns,
            ageing=Query._ageing_query(company, date, user_id),
        )
