from odoo import fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from .trade_receivable_query import AGEING_BUCKETS


class TradeReceivableAgeing(models.Model):
    """A line of an ageing report: what one customer owes per bucket, for one
    salesperson, as of the report's date.

    The lines are written by one ``INSERT ... SELECT`` of tens of thousands
    of rows and live as long as their report (a transient record: the lines
    go with it, ``ON DELETE CASCADE``). Their table is made by this model's
    ``init``, without the foreign keys and log columns the ORM would add:
    checking seven foreign keys per line cost more than computing the
    ageing itself. The queries are ``trade.receivable.query``'s.
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

    def init(self):
        """Create the lines' table, without the foreign keys and log columns
        the ORM would add. It refers to the reports' table, which is made
        first when the addon is installed."""
        if not table_exists(self.env.cr, "trade_receivable_ageing_report"):
            self.env["trade.receivable.ageing.report"]._auto_init()
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
