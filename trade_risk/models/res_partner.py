import operator as py_operator
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from .. import receivable_totals
from .res_company import COLLECTION_STEPS
from .trade_credit_policy import CREDIT_RATINGS

#: Credit profile fields only a credit manager may change on a customer.
CREDIT_PROFILE_FIELDS = (
    "trade_credit_rating",
    "trade_credit_term_days",
    "trade_prepayment_ratio",
)

CREDIT_MANAGER = "trade_risk.group_trade_credit_manager"

#: Groups that see every customer's receivables and credit figures (the
#: ageing, the statements, exposure...); a salesperson sees those of the
#: customers assigned to them. Business managers are credit managers too.
ALL_RECEIVABLES_GROUPS = (
    CREDIT_MANAGER,
    "account.group_account_invoice",
)

#: Computed credit figures of a customer, empty for users who may not see them.
CREDIT_FIGURE_FIELDS = (
    "trade_credit_controlled",
    "trade_credit_exposure",
    "trade_credit_available",
    "trade_overdue_amount",
    "trade_overdue_days",
    "trade_receivable_amount",
    "trade_uninvoiced_amount",
    "trade_draft_invoice_amount",
    "trade_guarantee_amount",
)

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
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Odoo's own credit limit: every change is part of the audit trail (R5.1).
    credit_limit = fields.Float(tracking=True)

    trade_credit_rating = fields.Selection(
        selection=CREDIT_RATINGS,
        string="Credit Rating",
        tracking=True,
        index=True,
        copy=False,
        help="Set by a credit manager, usually when concluding a credit "
        "investigation. The rating's policy gives the default credit term, "
        "prepayment ratio and credit limit.",
        groups="base.group_user",
    )
    trade_credit_term_days = fields.Integer(
        string="Credit Term (days)",
        compute="_compute_trade_credit_terms",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Longest payment term granted to the customer: orders with longer "
        "payment terms are refused. Defaults to the rating's policy.",
        groups="base.group_user",
    )
    trade_prepayment_ratio = fields.Float(
        string="Prepayment Ratio",
        compute="_compute_trade_credit_terms",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Share of each order the customer pays before it is confirmed. "
        "Defaults to the rating's policy.",
        groups="base.group_user",
    )
    trade_credit_editable = fields.Boolean(
        compute="_compute_trade_credit_editable",
        groups="base.group_user",
    )
    trade_credit_visible = fields.Boolean(
        string="Credit Figures Visible",
        compute="_compute_trade_credit_visible",
        help="The current user may see the customer's credit figures: its "
        "salesperson, the credit managers (business managers included) and "
        "finance. For others the figures stay empty, as the ageing and the "
        "statements do.",
        groups="base.group_user",
    )
    trade_credit_controlled = fields.Boolean(
        string="Under Credit Control",
        compute="_compute_trade_credit_figures",
        help="Customers with a credit rating or a credit limit: their orders "
        "are checked against the credit rules when confirmed.",
        groups="base.group_user",
    )
    trade_credit_exposure = fields.Monetary(
        string="Credit Exposure",
        compute="_compute_trade_credit_figures",
        currency_field="currency_id",
        help="Unpaid posted receivables, confirmed orders not invoiced yet and "
        "draft invoices of the customer and its contacts, in company currency.",
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
    trade_credit_investigation_ids = fields.One2many(
        comodel_name="trade.credit.investigation",
        inverse_name="partner_id",
        string="Credit Investigations",
        groups="base.group_user",
    )
    trade_credit_guarantee_ids = fields.One2many(
        comodel_name="trade.credit.guarantee",
        inverse_name="partner_id",
        string="Guarantees",
        groups="base.group_user",
    )
    trade_credit_exception_ids = fields.One2many(
        comodel_name="trade.credit.exception",
        inverse_name="partner_id",
        string="Credit Exceptions",
        groups="base.group_user",
    )
    trade_payment_promise_ids = fields.One2many(
        comodel_name="trade.payment.promise",
        inverse_name="partner_id",
        string="Promises to Pay",
        groups="base.group_user",
    )
    trade_dispute_ids = fields.One2many(
        comodel_name="trade.dispute",
        inverse_name="partner_id",
        string="Disputes",
        groups="base.group_user",
    )
    trade_collection_step = fields.Selection(
        selection=COLLECTION_STEPS,
        string="Collection Step",
        company_dependent=True,
        copy=False,
        readonly=True,
        help="Last step of the collection ladder taken for the current overdue "
        "receivables; cleared when they are paid.",
        groups="base.group_user",
    )
    trade_collection_date = fields.Date(
        string="Collection Step Date",
        company_dependent=True,
        copy=False,
        readonly=True,
        groups="base.group_user",
    )
    trade_collection_paused = fields.Boolean(
        string="Collection Paused",
        compute="_compute_trade_collection_paused",
        help="An open promise to pay has not reached its date: the collection "
        "ladder waits.",
        groups="base.group_user",
    )

    @api.depends("trade_credit_rating", "company_id")
    def _compute_trade_credit_terms(self):
        Policy = self.env["trade.credit.policy"]
        for partner in self:
            company = partner.company_id or self.env.company
            days, ratio, _multiplier = Policy._trade_policy_values(
                company, partner.trade_credit_rating
            )
            partner.trade_credit_term_days = days
            partner.trade_prepayment_ratio = ratio

    @api.depends_context("uid")
    def _compute_trade_credit_editable(self):
        self.trade_credit_editable = self.env.su or self.env.user.has_group(
            CREDIT_MANAGER
        )

    @api.depends("commercial_partner_id.user_id")
    @api.depends_context("uid")
    def _compute_trade_credit_visible(self):
        visible = self._trade_credit_visible_partners()
        for partner in self:
            partner.trade_credit_visible = partner.commercial_partner_id in visible

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
        overdue = self._trade_read_overdue(self.env.company)
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

    @api.depends(
        "trade_payment_promise_ids.state", "trade_payment_promise_ids.date_promised"
    )
    def _compute_trade_collection_paused(self):
        today = fields.Date.context_today(self)
        for partner in self:
            promises = partner.commercial_partner_id.trade_payment_promise_ids
            partner.trade_collection_paused = any(
                promise.state == "open" and promise.date_promised >= today
                for promise in promises
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _trade_workflow_fields(self):
        # the collection ladder and the credit check write these; the rating,
        # term and ratio are the credit managers' (see
        # ``_trade_check_credit_profile_access``)
        return super()._trade_workflow_fields() | {
            "trade_collection_step",
            "trade_collection_date",
            "trade_credit_check_date",
        }

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + list(CREDIT_PROFILE_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        if not self._trade_is_credit_manager():
            for vals in vals_list:
                if not vals.get("parent_id") and any(
                    vals.get(name) for name in CREDIT_PROFILE_FIELDS
                ):
                    raise AccessError(
                        self.env._(
                            "Only a credit manager can give %(customer)s a credit "
                            "rating, term or prepayment ratio.",
                            customer=vals.get("name") or self.env._("a customer"),
                        )
                    )
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            if partner.trade_credit_rating and "credit_limit" not in vals:
                partner._trade_apply_rating_limit(previous_rating=False)
        return partners

    def write(self, vals):
        self._trade_check_credit_profile_access(vals)
        previous = {}
        if "trade_credit_rating" in vals and "credit_limit" not in vals:
            previous = {partner.id: partner.trade_credit_rating for partner in self}
        result = super().write(vals)
        for partner in self.filtered(lambda p: p.id in previous):
            if partner.trade_credit_rating != previous[partner.id]:
                partner._trade_apply_rating_limit(previous[partner.id])
        return result

    def _trade_is_credit_manager(self):
        return self.env.su or self.env.user.has_group(CREDIT_MANAGER)

    @api.model
    def _trade_sees_all_credit(self):
        """Whether the current user sees every customer's credit figures,
        receivables ageing and statements: credit managers (business
        managers included) and finance."""
        return self.env.su or any(
            self.env.user.has_group(group) for group in ALL_RECEIVABLES_GROUPS
        )

    def _trade_credit_visible_partners(self):
        """The customers (commercial partners) of these partners whose credit
        figures the current user may see: all for credit managers and
        finance, a salesperson's own customers otherwise."""
        customers = self.commercial_partner_id
        if self._trade_sees_all_credit():
            return customers
        return customers.filtered(lambda customer: customer.user_id == self.env.user)

    def _trade_check_credit_profile_access(self, vals):
        """Only credit managers change a customer's rating, term or
        prepayment ratio; contacts merely copy their company's values."""
        protected = [name for name in CREDIT_PROFILE_FIELDS if name in vals]
        if not protected or self._trade_is_credit_manager():
            return
        for partner in self:
            if partner.commercial_partner_id != partner:
                continue
            for name in protected:
                field = self._fields[name]
                new_value = field.convert_to_record(
                    field.convert_to_cache(vals[name], partner), partner
                )
                if new_value != partner[name]:
                    raise AccessError(
                        self.env._(
                            "Only a credit manager can change the %(field)s of "
                            "%(customer)s.",
                            field=field.get_description(self.env)["string"],
                            customer=partner.display_name,
                        )
                    )

    def _trade_apply_rating_limit(self, previous_rating):
        """Give a newly rated customer its rating's credit limit, unless its
        limit was set by hand (it is neither zero nor the previous rating's)."""
        self.ensure_one()
        if self.commercial_partner_id != self or not self.trade_credit_rating:
            return
        company = self.company_id or self.env.company
        Policy = self.env["trade.credit.policy"]
        base = company.trade_credit_base_limit
        previous_limit = (
            base * Policy._trade_policy_values(company, previous_rating)[2]
            if previous_rating
            else 0.0
        )
        partner = self.sudo().with_company(company)
        currency = company.currency_id
        if not currency.is_zero(partner.credit_limit) and currency.compare_amounts(
            partner.credit_limit, previous_limit
        ):
            return
        multiplier = Policy._trade_policy_values(company, self.trade_credit_rating)[2]
        partner.credit_limit = base * multiplier

    # ------------------------------------------------------------------
    # Credit figures (R5.1)
    # ------------------------------------------------------------------
    def _trade_flush_credit_data(self):
        """Write pending ORM changes the credit queries read."""
        self.env["account.move.line"]._trade_flush_receivable_items()
        self.env["account.move"].flush_model(
            ["partner_id", "state", "move_type", "company_id", "amount_total_signed"]
        )
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
            ]
        )

    @api.model
    def _trade_open_receivable_totals(self, company, partner_ids=None):
        """SQL selecting the running totals of the open posted receivable
        items of the company (``receivable_totals``) as ``total``: per
        partner and due date, the amount left to pay, its positive part and
        the number of items. ``partner_ids`` limits them to these partners
        (not their contacts)."""
        return SQL(
            """
            SELECT total.partner_id,
                   total.date_due,
                   total.amount_residual,
                   total.amount_positive
              FROM %(table)s total
             WHERE total.company_id = %(company)s
               AND total.line_count > 0
               AND %(receivable)s
               %(partners)s
            """,
            table=SQL.identifier(receivable_totals.TOTAL_TABLE),
            company=company.id,
            receivable=self.env[
                "account.move.line"
            ]._trade_receivable_account_condition("total"),
            partners=SQL("AND total.partner_id IN %s", tuple(partner_ids))
            if partner_ids
            else SQL(),
        )

    def _trade_read_overdue(self, company, partner_ids=None):
        """``{commercial partner id: (overdue amount, days overdue)}`` of the
        customers with receivables past due today, in one query."""
        self._trade_flush_credit_data()
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
                totals=self._trade_open_receivable_totals(company),
                today=today,
                partner_filter=partner_filter,
            )
        )
        return {
            partner_id: (amount, (today - oldest).days)
            for partner_id, amount, oldest in rows
        }

    def _trade_credit_figures(self, company=None):
        """Credit figures of the customers of these partners, in company
        currency, in a constant number of queries whatever their number and
        the number of their receivables.

        :return: ``{commercial partner id: dict}`` with the keys of
            ``EMPTY_FIGURES``: receivable, overdue, overdue_beyond_grace,
            overdue_days, uninvoiced, draft_invoices, guarantees, limit,
            exposure, available, controlled
        """
        company = company or self.env.company
        commercial_ids = tuple(
            {pid for pid in self.commercial_partner_id._origin.ids if pid}
        )
        figures = defaultdict(lambda: dict(EMPTY_FIGURES))
        if not commercial_ids:
            return figures
        self._trade_flush_credit_data()
        today = fields.Date.context_today(self)
        grace_date = today - timedelta(days=company.trade_credit_grace_days)
        currency = company.currency_id
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

        # 1. posted receivables not paid yet (payments not matched count too):
        # the running totals per partner and due date, a row per due date
        # however many items, added up per customer here
        rows = self.env.execute_query(
            self._trade_open_receivable_totals(company, family)
        )
        receivables = defaultdict(lambda: [0.0, 0.0, 0.0, None])
        for partner_id, due, residual, positive in rows:
            totals = receivables[family[partner_id]]
            totals[0] += residual
            if positive and due < today:
                totals[1] += positive
                if due < grace_date:
                    totals[2] += positive
                if totals[3] is None or due < totals[3]:
                    totals[3] = due
        rows = [(partner_id, *totals) for partner_id, totals in receivables.items()]
        for partner_id, residual, overdue, beyond_grace, oldest in rows:
            values = figures[partner_id]
            values["receivable"] = residual or 0.0
            values["overdue"] = overdue or 0.0
            values["overdue_beyond_grace"] = beyond_grace or 0.0
            values["overdue_days"] = (today - oldest).days if oldest else 0

        # 2. confirmed orders: what is left to invoice, taxes included; the
        # down payments invoiced are deducted until the final invoice does it
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       sale.currency_id,
                       SUM(CASE
                           WHEN line.is_downpayment
                               THEN -line.price_unit * line.qty_invoiced
                           WHEN line.product_uom_qty > 0
                               THEN line.price_total
                                    * GREATEST(
                                        line.product_uom_qty - line.qty_invoiced, 0)
                                    / line.product_uom_qty
                           ELSE 0
                       END)
                  FROM sale_order_line line
                  JOIN sale_order sale ON sale.id = line.order_id
                  JOIN res_partner partner ON partner.id = sale.partner_id
                 WHERE partner.commercial_partner_id IN %(partners)s
                   AND sale.company_id = %(company)s
                   AND sale.state = 'sale'
                   AND line.display_type IS NULL
                 GROUP BY partner.commercial_partner_id, sale.currency_id
                """,
                partners=commercial_ids,
                company=company.id,
            )
        )
        Currency = self.env["res.currency"]
        for partner_id, currency_id, amount in rows:
            figures[partner_id]["uninvoiced"] += Currency.browse(currency_id)._convert(
                amount or 0.0, currency, company, today
            )

        # 3. draft customer invoices and credit notes (signed, company currency)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT move.partner_id, SUM(move.amount_total_signed)
                  FROM account_move move
                 WHERE move.partner_id IN %(partners)s
                   AND move.company_id = %(company)s
                   AND move.state = 'draft'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                 GROUP BY move.partner_id
                """,
                partners=tuple(family),
                company=company.id,
            )
        )
        for partner_id, amount in rows:
            figures[family[partner_id]]["draft_invoices"] += amount or 0.0

        # 4. guarantees valid today
        guarantees = (
            self.env["trade.credit.guarantee"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", commercial_ids),
                    ("company_id", "=", company.id),
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
                amount, currency, company, today
            )

        # 5. limits and ratings (company-dependent limit, one read)
        customers = self.browse(commercial_ids).sudo().with_company(company)
        customers.fetch(["credit_limit", "trade_credit_rating"])
        for customer in customers:
            values = figures[customer.id]
            values["limit"] = customer.credit_limit
            values["controlled"] = bool(
                customer.trade_credit_rating or customer.credit_limit > 0
            )
            values["exposure"] = currency.round(
                values["receivable"] + values["uninvoiced"] + values["draft_invoices"]
            )
            values["available"] = currency.round(
                values["limit"] + values["guarantees"] - values["exposure"]
            )
        return figures

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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _trade_check_credit_manager(self):
        if not self._trade_is_credit_manager():
            raise AccessError(
                self.env._("Only a credit manager can change a customer's credit.")
            )

    def action_trade_apply_credit_policy(self):
        """Reset term, prepayment ratio and credit limit to the rating's policy."""
        self._trade_check_credit_manager()
        Policy = self.env["trade.credit.policy"]
        for partner in self:
            if not partner.trade_credit_rating:
                raise UserError(
                    self.env._(
                        "%(customer)s has no credit rating: set one first.",
                        customer=partner.display_name,
                    )
                )
            company = partner.company_id or self.env.company
            days, ratio, multiplier = Policy._trade_policy_values(
                company, partner.trade_credit_rating
            )
            partner.write(
                {
                    "trade_credit_term_days": days,
                    "trade_prepayment_ratio": ratio,
                    "credit_limit": company.trade_credit_base_limit * multiplier,
                }
            )
        return True

    def _trade_open_action(self, xmlid, extra_context=None):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            **(extra_context or {}),
        }
        return action

    def action_trade_view_credit_investigations(self):
        return self._trade_open_action("trade_risk.trade_credit_investigation_action")

    def action_trade_view_credit_guarantees(self):
        return self._trade_open_action("trade_risk.trade_credit_guarantee_action")

    def action_trade_view_credit_exceptions(self):
        return self._trade_open_action("trade_risk.trade_credit_exception_action")

    def action_trade_view_disputes(self):
        return self._trade_open_action("trade_risk.trade_dispute_action")

    def action_trade_view_collection(self):
        return self._trade_open_action("trade_risk.trade_collection_action_action")

    def action_trade_record_promise(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Promise to Pay"),
            "res_model": "trade.payment.promise",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.commercial_partner_id.id,
                "default_amount": self.commercial_partner_id.trade_overdue_amount,
            },
        }

    def action_trade_escalate_dispute(self):
        """Open a dispute for the customer's overdue receivables (R5.2)."""
        self.ensure_one()
        dispute = self.env["trade.dispute"]._trade_create_for_overdue(
            self.commercial_partner_id
        )
        return dispute._get_records_action(name=self.env._("Dispute"))

    def action_trade_print_statement(self):
        return self.env.ref(
            "trade_risk.action_report_trade_customer_statement"
        ).report_action(self.commercial_partner_id)

    # ------------------------------------------------------------------
    # Collection ladder (R5.2)
    # ------------------------------------------------------------------
    @api.model
    def _cron_trade_collection(self):
        """Daily: settle the promises that fell due, forget the due dates
        left without open items, then take the next step
        of the collection ladder for each overdue customer of each company."""
        self.env["trade.payment.promise"]._trade_settle_due_promises()
        receivable_totals.remove_empty(self.env.cr)
        for company in self.env["res.company"].search([]):
            self.with_company(company)._trade_run_collection_ladder(company)

    @api.model
    def _trade_run_collection_ladder(self, company):
        """One step at most per customer and per day, in the ladder's order,
        never a step twice for the same overdue period.

        :return: the ``trade.collection.action`` records logged
        """
        today = fields.Date.context_today(self)
        Partner = self.sudo().with_company(company)
        overdue = self._trade_read_overdue(company)

        # customers who paid: the ladder starts again at their next delay
        laddered = Partner.search([("trade_collection_step", "!=", False)])
        settled = laddered.filtered(lambda partner: partner.id not in overdue)
        if settled:
            settled._trade_workflow_write(
                {"trade_collection_step": False, "trade_collection_date": False},
                access=None,
            )
            for partner in settled:
                partner.message_post(
                    body=self.env._(
                        "No receivable overdue any more: the collection ladder of "
                        "%(company)s is reset.",
                        company=company.name,
                    )
                )

        promised = {
            partner.id
            for (partner,) in self.env["trade.payment.promise"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "open"),
                    ("date_promised", ">=", today),
                ],
                ["partner_id"],
            )
        }
        ladder = company._trade_collection_ladder()
        steps = [step for step, _days in ladder]
        todo = defaultdict(lambda: Partner.browse())
        for partner in Partner.browse(list(overdue)):
            if partner.id in promised or partner.trade_collection_date == today:
                continue
            current = partner.trade_collection_step
            index = steps.index(current) + 1 if current else 0
            if index >= len(steps):
                continue
            step, threshold = ladder[index]
            if overdue[partner.id][1] >= threshold:
                todo[step] |= partner

        log_values = []
        for step, partners in todo.items():
            assignees = getattr(self, f"_trade_collection_{step}")(
                partners, overdue, company
            )
            partners._trade_workflow_write(
                {"trade_collection_step": step, "trade_collection_date": today},
                access=None,
            )
            log_values += [
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "step": step,
                    "date": today,
                    "overdue_amount": overdue[partner.id][0],
                    "overdue_days": overdue[partner.id][1],
                    "user_id": assignees.get(partner.id, False),
                }
                for partner in partners
            ]
        return self.env["trade.collection.action"].sudo().create(log_values)

    def _trade_collection_recipient(self):
        """The contact who receives collection mails: the invoice address."""
        self.ensure_one()
        return self.browse(self.address_get(["invoice"])["invoice"])

    def _trade_collection_mail(self, template_xmlid):
        template = self.env.ref(template_xmlid)
        for partner in self:
            recipient = partner._trade_collection_recipient()
            partner.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=recipient.ids,
            )

    def _trade_collection_activities(self, activity_type, users, summaries):
        """One activity per customer, for ``users[partner.id]``."""
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": partner.id,
                        "activity_type_id": activity_type.id,
                        "user_id": users[partner.id],
                        "date_deadline": today,
                        "summary": summaries[partner.id],
                    }
                    for partner in self
                ]
            )
        )

    def _trade_collection_reminder(self, partners, overdue, company):
        partners._trade_collection_mail(
            "trade_risk.mail_template_trade_payment_reminder"
        )
        return {}

    def _trade_collection_follow_up(
        self, overdue, company, activity_type, summary, manager_first=False
    ):
        """Plan a follow-up activity of ``activity_type`` per customer, for
        its salesperson or, with ``manager_first``, the credit manager (each
        standing in for the other, else the current user).

        :param summary: ``summary(env, customer=, amount=, days=)`` returns
            the activity's summary, called in the assignee's language
        :return: ``{partner id: assigned user id}``
        """
        users, summaries = {}, {}
        for partner in self:
            assignees = (partner.user_id, company.trade_credit_manager_id)
            if manager_first:
                assignees = assignees[::-1]
            user = assignees[0] or assignees[1] or self.env.user
            users[partner.id] = user.id
            amount, days = overdue[partner.id]
            env = self.with_context(lang=user.lang or self.env.lang).env
            summaries[partner.id] = summary(
                env,
                customer=partner.display_name,
                amount=formatLang(env, amount, currency_obj=company.currency_id),
                days=days,
            )
        self._trade_collection_activities(activity_type, users, summaries)
        return users

    def _trade_collection_call(self, partners, overdue, company):
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("mail.mail_activity_data_call"),
            lambda env, **values: env._(
                "Call %(customer)s about %(amount)s overdue for %(days)s days",
                **values,
            ),
        )

    def _trade_collection_notice(self, partners, overdue, company):
        partners._trade_collection_mail("trade_risk.mail_template_trade_formal_notice")
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("trade_risk.mail_activity_type_trade_collection"),
            lambda env, **values: env._(
                "Formal notice sent to %(customer)s (%(amount)s, %(days)s days "
                "overdue): follow up",
                **values,
            ),
            manager_first=True,
        )

    def _trade_collection_legal(self, partners, overdue, company):
        return partners._trade_collection_follow_up(
            overdue,
            company,
            self.env.ref("trade_risk.mail_activity_type_trade_legal_escalation"),
            lambda env, **values: env._(
                "Legal escalation: %(customer)s owes %(amount)s overdue for "
                "%(days)s days; open a dispute",
                **values,
            ),
            manager_first=True,
        )

    def _trade_overdue_items(self, company=None):
        """Overdue receivable lines of this customer today, oldest first."""
        self.ensure_one()
        company = company or self.env.company
        today = fields.Date.context_today(self)
        return (
            self.env["account.move.line"]
            .sudo()
            .search(
                [
                    (
                        "partner_id.commercial_partner_id",
                        "=",
                        self.commercial_partner_id.id,
                    ),
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("amount_residual", ">", 0),
                    ("date_maturity", "<", today),
                ],
                order="date_maturity, id",
            )
        )
