from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from odoo.addons.trade_business_dept.text import join_names

from ..models.trade_receivable_query import AGEING_BUCKETS


class ReportTradeCustomerStatement(models.AbstractModel):
    _name = "report.trade_risk.report_customer_statement"
    _description = "Customer Statement"

    @api.model
    def _get_report_values(self, docids, data=None):
        data = data or {}
        date = fields.Date.to_date(data.get("date")) or fields.Date.context_today(self)
        ids = docids or data.get("partner_ids") or []
        partners = self.env["res.partner"].browse(ids).commercial_partner_id
        partners.check_access("read")
        self._check_own_customers(partners)
        company = (
            self.env["res.company"].browse(data.get("company_id")) or self.env.company
        )
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(self.env._("You have no access to this company."))
        return {
            "doc_ids": partners.ids,
            "doc_model": "res.partner",
            "docs": partners,
            "company": company,
            "currency": company.currency_id,
            "statement_date": date,
            "statements": self._statements(partners, company, date),
        }

    @api.model
    def _check_own_customers(self, partners):
        others = partners - partners._trade_credit_visible_partners()
        if others:
            raise AccessError(
                self.env._(
                    "You can print the statements of your own customers only, not "
                    "of %(customers)s.",
                    customers=join_names(self.env, others.mapped("display_name")),
                )
            )

    @api.model
    def _read_open_items(self, partners, company, date):
        """The open items of the customers on ``date``, one dict per item,
        ordered by customer and due date, in one query."""
        Query = self.env["trade.receivable.query"]
        Query._flush()
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT items.commercial_partner_id AS partner_id,
                       move.name AS reference,
                       move.ref AS customer_reference,
                       move.move_type,
                       COALESCE(move.invoice_date, move.date) AS date,
                       items.due,
                       line.balance AS original,
                       items.residual,
                       GREATEST(%(date)s - items.due, 0) AS days_overdue
                  FROM (%(items)s) items
                  JOIN account_move_line line ON line.id = items.line_id
                  JOIN account_move move ON move.id = items.move_id
                 ORDER BY items.commercial_partner_id, items.due, move.name, line.id
                """,
                date=date,
                items=Query._open_items_query(company, date, partners.ids),
            )
        )

    @api.model
    def _bucket_index(self, days):
        """Index in ``AGEING_BUCKETS`` of an item overdue by ``days``."""
        for index, (_name, first, last) in enumerate(AGEING_BUCKETS):
            if (first is None and days == 0) or (
                first is not None and days >= first and (last is None or days <= last)
            ):
                return index
        return None

    @api.model
    def _statements(self, partners, company, date):
        """``{partner id: {"lines": [...], "buckets": [...], "total": x,
        "promises": recordset}}`` for the open items on ``date``, in one query
        (those of the company, its parent and branches)."""
        company_ids = self.env["trade.receivable.query"]._company_ids(company)
        statements = {
            partner.id: {
                "lines": [],
                "buckets": [0.0] * len(AGEING_BUCKETS),
                "total": 0.0,
                "promises": partner.trade_payment_promise_ids.filtered(
                    lambda promise: (
                        promise.state == "open" and promise.company_id.id in company_ids
                    )
                ),
            }
            for partner in partners
        }
        totals = defaultdict(float)
        for row in self._read_open_items(partners, company, date):
            statement = statements[row["partner_id"]]
            statement["lines"].append(row)
            index = self._bucket_index(row["days_overdue"] if row["due"] < date else 0)
            if index is not None:
                statement["buckets"][index] += row["residual"]
            totals[row["partner_id"]] += row["residual"]
        for partner_id, total in totals.items():
            statements[partner_id]["total"] = total
        return statements
