from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.trade_receivable_query import AGEING_BUCKETS


class TradeReceivableAgeingReport(models.TransientModel):
    _name = "trade.receivable.ageing.report"
    _description = "Receivables Ageing Report"

    date = fields.Date(
        string="As of",
        required=True,
        default=fields.Date.context_today,
        help="Receivables open on this day, aged against it: reconciliations "
        "dated later do not count.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        domain="[('share', '=', False)]",
        help="Only the customers and invoices of this salesperson.",
    )
    line_ids = fields.One2many(
        comodel_name="trade.receivable.ageing",
        inverse_name="report_id",
        string="Lines",
    )

    @api.depends("date", "company_id")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Receivables ageing as of %(date)s", date=report.date or ""
            )

    @api.constrains("company_id")
    def _check_company_id(self):
        """A report of a company the user works in: the ageing is read in SQL,
        without the record rules that hide the other companies' items."""
        if not self.env.su and self.company_id - self.env.companies:
            raise UserError(
                self.env._(
                    "You can only age the receivables of the companies you are "
                    "working in."
                )
            )

    def _sees_all_receivables(self):
        return self.env["res.partner"]._trade_sees_all_credit()

    def _fill_lines(self):
        """Fill the report's lines in one INSERT ... SELECT: one line per
        customer and salesperson with the residual per ageing bucket."""
        self.ensure_one()
        if self.date > fields.Date.context_today(self):
            raise UserError(
                self.env._(
                    "The ageing is computed as of today or a past date, not %(date)s.",
                    date=self.date,
                )
            )
        Query = self.env["trade.receivable.query"]
        user_id = self.user_id.id
        if not self._sees_all_receivables():
            if user_id and user_id != self.env.uid:
                raise UserError(
                    self.env._("You can only age your own customers' receivables.")
                )
            user_id = self.env.uid
        Query._flush()
        self.env.cr.execute(
            SQL("DELETE FROM trade_receivable_ageing WHERE report_id = %s", self.id)
        )
        query = SQL(
            """
            INSERT INTO trade_receivable_ageing (
                report_id, partner_id, user_id,
                %(bucket_columns)s, amount_total, amount_overdue
            )
            SELECT %(report)s, ageing.* FROM (%(ageing)s) ageing
            """,
            bucket_columns=SQL(", ").join(
                SQL.identifier(name) for name, _first, _last in AGEING_BUCKETS
            ),
            report=self.id,
            ageing=Query._ageing_query(self.company_id, self.date, user_id),
        )
        with Query._reporting_settings():
            self.env.cr.execute(query)
        self.env["trade.receivable.ageing"].invalidate_model()
        return self.line_ids

    def action_open(self):
        """Compute the ageing and show it as a pivot by customer."""
        self.ensure_one()
        self._fill_lines()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_risk.trade_receivable_ageing_action"
        )
        action["name"] = self.display_name
        action["domain"] = [("report_id", "=", self.id)]
        action["context"] = {"trade_ageing_report_id": self.id}
        return action

    def action_print_statements(self):
        """Customer statements as of the report's date, for every customer of
        the report (or the ones selected in the list)."""
        self.ensure_one()
        if not self.line_ids:
            self._fill_lines()
        partners = self.line_ids.partner_id
        if not partners:
            raise UserError(
                self.env._(
                    "No customer has receivables open on %(date)s.", date=self.date
                )
            )
        return self.env.ref(
            "trade_risk.action_report_trade_customer_statement"
        ).report_action(
            partners,
            data={
                "date": fields.Date.to_string(self.date),
                "partner_ids": partners.ids,
                "company_id": self.company_id.id,
            },
        )
