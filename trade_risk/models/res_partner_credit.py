# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

import operator as py_operator
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

SEARCH_OPERATORS = {
    "=": py_operator.eq,
    "!=": py_operator.ne,
    "<": py_operator.lt,
    "<=": py_operator.le,
    ">": py_operator.gt,
    ">=": py_operator.ge,
}

#: Figures of a customer with no receivable, order, invoice or guarantee.
EMPTY_FIGURES = {
    "receivable": 0.0,
    "overdue": 0.0,
    "overdue_beyond_grace": 0.0,
    "overdue_days": 0,
    "uninvoiced": 0.0,
    "draft_invoices": 0.0,
    "guarantees": 0.0,
    "limit": 0.0,
    "exposure": 0.0,
    "available": 0.0,
    "controlled": False,
    "policy": False,
    "term_days": None,
    "prepayment_ratio": 0.0,
    "partner_id": False,
}


class ResPartner(models.Model):
    """A customer's credit figures (R5.1), read in a constant number of
    queries whatever the number of customers and of their receivables, and
    the lock that serialises the credit checks of a customer (R5.2)."""

    _inherit = "res.partner"

    trade_credit_controlled = fields.Boolean(
        string="Under Credit Control",
        compute="_compute_trade_credit_figures",
        help="Every customer but those a credit manager exempted: the orders of "
        "the department are checked against the credit rules when confirmed, "
        "its deliveries wait for a release while the customer is on credit "
        "hold.",
        groups="base.group_user",
    )
    trade_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        help="Unpaid posted receivables, confirmed orders not invoiced yet (taxes "
        "included, down payments invoiced deducted) and draft invoices (not draft "
        "credit notes) of the customer and its contacts, in the company and its "
        "parent and branches, in company currency.",
        groups="base.group_user",
    )
    trade_credit_available = fields.Monetary(
        string="Available Credit",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        help="Credit limit plus valid guarantees minus exposure.",
        groups="base.group_user",
    )
    trade_overdue_amount = fields.Monetary(
        string="Overdue Amount",
        compute="_compute_trade_credit_figures",
        search="_search_trade_overdue_amount",
        currency_field="currency_id",
        help="Receivables of the customer and its contacts past their due date.",
        groups="base.group_user",
    )
    trade_overdue_days = fields.Integer(
        string="Days Overdue",
        compute="_compute_trade_credit_figures",
        help="Days since the oldest unpaid receivable fell due.",
        groups="base.group_user",
    )
    trade_receivable_amount = fields.Monetary(
        string="Unpaid Receivables",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        groups="base.group_user",
    )
    trade_uninvoiced_amount = fields.Monetary(
        string="Confirmed Orders not Invoiced",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        groups="base.group_user",
    )
    trade_draft_invoice_amount = fields.Monetary(
        string="Draft Invoices",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        groups="base.group_user",
    )
    trade_guarantee_amount = fields.Monetary(
        string="Valid Guarantees",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        help="Guarantees valid today: they add to the available credit.",
        groups="base.group_user",
    )
    trade_credit_check_date = fields.Datetime(
        string="Last Credit Check",
        readonly=True,
        copy=False,
        help="When an order of this customer was last checked at confirmation.",
        groups="base.group_user",
    )
    trade_totals_check_run = fields.Integer(
        string="Running Totals Check Run",
        readonly=True,
        copy=False,
        help="Number of the run of the daily check of the running totals that "
        "last compared this partner's: a run interrupted midway goes on with "
        "the partners not compared yet.",
        groups="base.group_user",
    )

    @api.depends_context("company", "uid")
    def _compute_trade_credit_figures(self):
        visible = self._trade_credit_visible_partners()
        figures = visible._trade_credit_figures(self.env.company)
        for partner in self:
            # others' customers: empty figures, as in the ageing (R5.1)
            values = (
                figures[partner.commercial_partner_id._origin.id]
                if partner.commercial_partner_id in visible
                else EMPTY_FIGURES
            )
            partner.trade_credit_controlled = values["controlled"]
            partner.trade_credit_exposure = values["exposure"]
            partner.trade_credit_available = values["available"]
            partner.trade_overdue_amount = values["overdue"]
            partner.trade_overdue_days = values["overdue_days"]
            partner.trade_receivable_amount = values["receivable"]
            partner.trade_uninvoiced_amount = values["uninvoiced"]
            partner.trade_draft_invoice_amount = values["draft_invoices"]
            partner.trade_guarantee_amount = values["guarantees"]

    def _search_trade_overdue_amount(self, operator, value):
        if operator not in SEARCH_OPERATORS or not isinstance(value, int | float):
            raise UserError(
                self.env._(
                    "The overdue amount can only be compared with a number "
                    "(=, !=, <, <=, >, >=)."
                )
            )
        compare = SEARCH_OPERATORS[operator]
        overdue = self.env["trade.receivable.query"]._read_overdue(self.env.company)
        if not self._trade_sees_all_credit():
            # a salesperson finds the overdue customers among their own only:
            # the others' figures are as empty for the search as for reading
            own = set(
                self.search([("user_id", "=", self.env.uid)])
                ._trade_credit_visible_partners()
                .ids
            )
            overdue = {pid: values for pid, values in overdue.items() if pid in own}
        matching = [
            pid for pid, (amount, _days) in overdue.items() if compare(amount, value)
        ]
        if compare(0.0, value):
            others = [pid for pid in overdue if pid not in matching]
            return [("commercial_partner_id", "not in", others)]
        return [("commercial_partner_id", "in", matching)]

    @api.model
    def _trade_workflow_fields(self):
        # written by the credit check's lock
        return super()._trade_workflow_fields() | {
            "trade_credit_check_date",
            "trade_totals_check_run",
        }

    # ------------------------------------------------------------------
    # Credit figures (R5.1)
    # ------------------------------------------------------------------
    def _trade_credit_figures(self, company=None):
        """Credit figures of the customers of these partners, in company
        currency, in a constant number of queries whatever their number and
        the number of their receivables.

        :return: ``{commercial partner id: dict}`` with the keys of
            ``EMPTY_FIGURES``: receivable, overdue, overdue_beyond_grace,
            overdue_days, uninvoiced, draft_invoices, guarantees, limit,
            exposure, available, controlled, partner_id (the commercial
            partner's id), and the credit policy that
            applies (see ``_trade_credit_policy``): policy, term_days,
            prepayment_ratio
        """
        company = company or self.env.company
        commercial_ids = tuple(
            {pid for pid in self.commercial_partner_id._origin.ids if pid}
        )
        figures = defaultdict(lambda: dict(EMPTY_FIGURES))
        if not commercial_ids:
            return figures
        self.env["trade.receivable.query"]._flush()
        # {partner id: commercial partner id} of the customers and contacts
        family = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, commercial_partner_id FROM res_partner "
                    "WHERE commercial_partner_id IN %s",
                    commercial_ids,
                )
            )
        )
        self._trade_add_receivables(figures, company, family)
        self._trade_add_uninvoiced(figures, company, commercial_ids)
        self._trade_add_draft_invoices(figures, company, family)
        self._trade_add_guarantees(figures, company, commercial_ids)
        self._trade_add_limits(figures, company, commercial_ids)
        return figures

    @api.model
    def _trade_add_receivables(self, figures, company, family):
        """1. Posted receivables not paid yet (payments not matched count
        too), the part overdue and the part overdue beyond the grace
        period, from the running totals of the open items."""
        today = fields.Date.context_today(self)
        grace_date = today - timedelta(days=company.trade_credit_grace_days)
        receivables = self.env["trade.receivable.query"]._read_customer_receivables(
            company, family, grace_date
        )
        for partner_id, (residual, overdue, beyond, oldest) in receivables.items():
            values = figures[partner_id]
            values["receivable"] = residual or 0.0
            values["overdue"] = overdue or 0.0
            values["overdue_beyond_grace"] = beyond or 0.0
            values["overdue_days"] = (today - oldest).days if oldest else 0

    @api.model
    def _trade_add_uninvoiced(self, figures, company, commercial_ids):
        """2. Confirmed orders: what is left to invoice, taxes included,
        counted for the customer billed (the order's invoice address), which
        will owe the invoice.

        A line's share not invoiced yet counts at its price with taxes; a
        draft credit note does not make it invoiceable again until it is
        posted (see ``_trade_add_draft_invoices``). The down payments
        invoiced are deducted as invoiced, taxes included, whatever their
        kind (percentage or fixed, tax included or not): they are in the
        receivables or the draft invoices already, until the final invoice
        deducts them from the order's lines.

        In company currency: an order in another currency at its own rate
        (``sale.order.currency_rate``, the rate of its date, fixed when it is
        confirmed), the down payments at their invoices' rates (the amounts
        of the receivables); only an order of another company of the group
        keeping its books in another currency is converted at today's rate."""
        rows = self.env.execute_query(
            SQL(
                """
                WITH line AS (
                    SELECT line.id, line.is_downpayment, line.product_uom_qty,
                           line.qty_invoiced, line.price_total, line.product_uom,
                           COALESCE(NULLIF(sale.currency_rate, 0), 1) AS rate,
                           company.currency_id, partner.commercial_partner_id
                      FROM sale_order_line line
                      JOIN sale_order sale ON sale.id = line.order_id
                      JOIN res_company company ON company.id = sale.company_id
                      JOIN res_partner partner
                        ON partner.id = sale.partner_invoice_id
                     WHERE partner.commercial_partner_id IN %(partners)s
                       AND sale.company_id IN %(companies)s
                       AND sale.state = 'sale'
                       AND line.display_type IS NULL
                ), invoiced AS (%(invoiced)s)
                SELECT line.commercial_partner_id,
                       line.currency_id,
                       SUM(CASE
                           WHEN line.is_downpayment
                               THEN -COALESCE(invoiced.amount, 0)
                           WHEN line.product_uom_qty > 0
                               THEN line.price_total
                                    * GREATEST(
                                        line.product_uom_qty - line.qty_invoiced
                                        - COALESCE(invoiced.draft_refund_qty, 0),
                                        0)
                                    / line.product_uom_qty
                                    / line.rate
                           ELSE 0
                       END)
                  FROM line
                  LEFT JOIN invoiced ON invoiced.order_line_id = line.id
                 GROUP BY line.commercial_partner_id, line.currency_id
                """,
                partners=commercial_ids,
                companies=self.env["trade.receivable.query"]._company_ids(company),
                invoiced=self._trade_invoiced_lines_query(),
            )
        )
        today = fields.Date.context_today(self)
        Currency = self.env["res.currency"]
        for partner_id, currency_id, amount in rows:
            figures[partner_id]["uninvoiced"] += Currency.browse(currency_id)._convert(
                amount or 0.0, company.currency_id, company, today
            )

    @api.model
    def _trade_invoiced_lines_query(self):
        """SQL, per order line of the CTE ``line``: ``amount``, what its
        invoices not cancelled invoiced with taxes (credit notes deducted,
        draft credit notes not), in company currency at the invoices' rates,
        and ``draft_refund_qty``, the quantity of its draft credit notes, in
        the line's unit, which Odoo already deducts from ``qty_invoiced``."""
        return SQL(
            """
            SELECT rel.order_line_id,
                   SUM(CASE
                       WHEN move.move_type = 'out_refund' AND move.state = 'draft'
                           THEN 0
                       WHEN move.move_type = 'out_refund'
                           THEN -item.price_total * %(rate)s
                       ELSE item.price_total * %(rate)s
                   END) AS amount,
                   SUM(CASE
                       WHEN move.move_type = 'out_refund' AND move.state = 'draft'
                           THEN item.quantity
                                / COALESCE(item_uom.factor, 1)
                                * COALESCE(line_uom.factor, 1)
                       ELSE 0
                   END) AS draft_refund_qty
              FROM line
              JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = line.id
              JOIN account_move_line item ON item.id = rel.invoice_line_id
              JOIN account_move move ON move.id = item.move_id
              LEFT JOIN uom_uom item_uom ON item_uom.id = item.product_uom_id
              LEFT JOIN uom_uom line_uom ON line_uom.id = line.product_uom
             WHERE move.state != 'cancel'
               AND move.move_type IN ('out_invoice', 'out_refund')
             GROUP BY rel.order_line_id
            """,
            # the invoice's rate: its company-currency amount over its own
            rate=SQL(
                "COALESCE(ABS(item.balance) / NULLIF(ABS(item.amount_currency), 0), 1)"
            ),
        )

    @api.model
    def _trade_add_draft_invoices(self, figures, company, family):
        """3. Draft customer invoices (company currency). Draft credit notes
        do not count until they are posted: credit control is cautious, and
        a credit note lowers what the customer owes once someone approved it
        by posting it."""
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.partner_id, SUM(move.amount_total_signed)
                  FROM account_move move
                 WHERE move.partner_id IN %(partners)s
                   AND move.company_id IN %(companies)s
                   AND move.state = 'draft'
                   AND move.move_type = 'out_invoice'
                 GROUP BY move.partner_id
                """,
                partners=tuple(family),
                companies=self.env["trade.receivable.query"]._company_ids(company),
            )
        )
        for partner_id, amount in rows:
            figures[family[partner_id]]["draft_invoices"] += amount or 0.0

    @api.model
    def _trade_add_guarantees(self, figures, company, commercial_ids):
        """4. Guarantees valid today, converted to company currency."""
        today = fields.Date.context_today(self)
        guarantees = (
            self.env["trade.credit.guarantee"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", commercial_ids),
                    (
                        "company_id",
                        "in",
                        self.env["trade.receivable.query"]._company_ids(company),
                    ),
                    ("state", "=", "valid"),
                    ("date_start", "<=", today),
                    ("date_expiry", ">=", today),
                ],
                ["partner_id", "currency_id"],
                ["amount:sum"],
            )
        )
        for partner, guarantee_currency, amount in guarantees:
            figures[partner.id]["guarantees"] += guarantee_currency._convert(
                amount, company.currency_id, company, today
            )

    @api.model
    def _trade_add_limits(self, figures, company, commercial_ids):
        """5. The credit policy of each customer (its rating's, its own limit,
        the company's default policy, or none when exempted) with its limit
        (company-dependent, one read), then the exposure and the available
        credit."""
        currency = company.currency_id
        customers = self.browse(commercial_ids).sudo().with_company(company)
        customers.fetch(
            [
                "credit_limit",
                "trade_credit_rating",
                "trade_credit_uncontrolled",
                "trade_credit_term_days",
                "trade_prepayment_ratio",
            ]
        )
        for customer in customers:
            values = figures[customer.id]
            values["partner_id"] = customer.id
            policy = customer._trade_credit_policy(company)
            values["limit"] = policy["limit"]
            values["controlled"] = policy["controlled"]
            values["policy"] = policy["policy"]
            values["term_days"] = policy["term_days"]
            values["prepayment_ratio"] = policy["prepayment_ratio"]
            values["exposure"] = currency.round(
                values["receivable"] + values["uninvoiced"] + values["draft_invoices"]
            )
            values["available"] = currency.round(
                values["limit"] + values["guarantees"] - values["exposure"]
            )

    def _trade_lock_credit(self):
        """Serialise the credit checks of these customers until the end of the
        transaction.

        Locks the customers' rows in a fixed order, then writes their last
        credit check date. A second transaction confirming an order of the
        same customer waits for the lock; when the first one commits, the
        second fails with a serialisation error (its snapshot is older than
        the first one's write) and Odoo retries it from the start: the retry
        sees the first order in the exposure. Without the write, the second
        transaction would get the lock but keep computing on its old snapshot.
        """
        ids = tuple(sorted(self.commercial_partner_id.ids))
        if not ids:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id IN %s ORDER BY id "
                "FOR NO KEY UPDATE",
                ids,
            ),
            log_exceptions=False,
        )
        cr.execute(
            SQL(
                "UPDATE res_partner SET trade_credit_check_date = "
                "(now() AT TIME ZONE 'UTC') WHERE id IN %s",
                ids,
            ),
            log_exceptions=False,
        )
        self.browse(ids).invalidate_recordset(["trade_credit_check_date"])
