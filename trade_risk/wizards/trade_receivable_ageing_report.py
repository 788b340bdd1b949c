from odoo import api, fields, models
from odoo.exceptions import UserError


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

    def _ageing_context(self):
        """The context in which ``trade.receivable.ageing`` reads this
        report's ageing."""
        self.ensure_one()
        return {
            "trade_ageing_date": fields.Date.to_string(self.date),
            "trade_ageing_user_id": self.user_id.id,
            "trade_ageing_company_id": self.company_id.id,
        }

    def _ageing_lines(self):
        """The ageing lines of the report: one per customer and salesperson
        with the residual per ageing bucket (read, never stored).

        :raise UserError: a date in the future, or a salesperson asking for
            someone else's customers
        """
        Ageing = self.env["trade.receivable.ageing"].with_context(
            **self._ageing_context()
        )
        # every field in the one query (read later, each batch of records
        # would run the ageing's query again)
        columns = [name for name, field in Ageing._fields.items() if field.store]
        # a line has the same id on every date: forget those of another date
        Ageing.invalidate_model(columns)
        return Ageing.search_fetch([], columns)

    def action_open(self):
        """Show the ageing as a pivot by customer: the action reads it as of
        the report's date (the lines are not stored, the pivot and the list
        read them with Odoo's read-only methods)."""
        self.ensure_one()
        context = self._ageing_context()
        # a future date or someone else's customers: refused now, not in the pivot
        self.env["trade.receivable.ageing"].with_context(**context)._ageing_parameters()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_risk.trade_receivable_ageing_action"
        )
        action["name"] = self.display_name
        action["context"] = context
        return action

    def action_print_statements(self):
        """Customer statements as of the report's date, for every customer of
        the report."""
        self.ensure_one()
        partners = self._ageing_lines().partner_id
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
