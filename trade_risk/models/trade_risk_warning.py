# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from odoo.addons.trade_business_dept.text import in_company_lang, join_names


class TradeRisk(models.Model):
    """Early warnings (R5.2): a daily scheduled action runs a list of small
    rules per company; each returns the warnings it finds, and a warning
    opens a risk in the register or updates the open risk of the same key.
    Another addon adds a rule by extending :meth:`_early_warning_rules`."""

    _inherit = "trade.risk"

    @api.model
    def _cron_early_warnings(self, batch_size=None):
        """Daily: open or update the risks the early warnings point at, and
        remind the owners of the risks due for review.

        A batch at a time (``ir.cron._trade_run_batches``), selected by
        state: the companies this run has not checked, the warnings of the
        company this run has not raised, the risks due for review without a
        review activity.

        :return: the risks opened or updated by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("early_warnings", 200, batch_size)
        run = Cron._trade_run_number("early_warnings")
        raised = self.browse()

        def company_step(company):
            # the risks are the company's shared records: in its language
            risks = (
                self.sudo()
                .with_company(company)
                .with_context(lang=company.partner_id.lang or self.env.lang)
            )
            found = {}

            def step():
                nonlocal raised
                if company.sudo().trade_warning_run == run:
                    return 0, 0
                if "warnings" not in found:
                    # once per call of the job: the batches do not change them
                    found["warnings"] = risks._early_warnings(company)
                done_keys = set(
                    risks.search(
                        [
                            ("company_id", "=", company.id),
                            ("warning_run", "=", run),
                        ]
                    ).mapped("warning_key")
                )
                pending = [
                    warning
                    for warning in found["warnings"]
                    if warning["warning_key"] not in done_keys
                ]
                batch = pending[:size]
                touched = risks._raise_warnings(company, batch)
                Cron._trade_mark_run(touched, "warning_run", run)
                raised |= touched
                left = len(pending) - len(batch)
                if not left:
                    Cron._trade_mark_run(company, "trade_warning_run", run)
                return len(batch), left

            return step

        def reviews():
            reminded = self._remind_reviews(limit=size)
            return len(reminded), self.sudo().search_count(
                self._review_reminder_domain()
            )

        steps = [
            company_step(company) for company in self.env["res.company"].search([])
        ]
        if Cron._trade_run_batches("early_warnings", [*steps, reviews]) == 0:
            Cron._trade_end_run("early_warnings", run)
        return raised

    @api.model
    def _early_warning_rules(self):
        """Names of the methods that look for early warnings in a company.

        Each is called with the company and returns a list of warnings, dicts
        with ``warning_type`` (a value of ``WARNING_TYPES``, which an addon
        extends with ``selection_add``), ``warning_key`` (the same key for the
        same subject: a second warning updates the risk), ``name``,
        ``category``, ``likelihood``, ``impact``, ``description`` and
        optionally ``partner_id``, ``product_id``, ``owner_id``.
        """
        return ["_warn_overdue", "_warn_exposure", "_warn_cost", "_warn_carrier"]

    @api.model
    def _early_warnings(self, company):
        """The warnings of every rule for ``company``."""
        return [
            warning
            for rule in self._early_warning_rules()
            for warning in getattr(self, rule)(company)
        ]

    @api.model
    def _raise_warnings(self, company, warnings):
        """Open a risk per warning, or update the open risk of the same key.

        :param list warnings: dicts as returned by the rules of
            :meth:`_early_warning_rules`
        :return: the risks opened or updated
        """
        if not warnings:
            return self.browse()
        Risk = self.sudo().with_company(company)
        existing = {
            risk.warning_key: risk
            for risk in Risk.search(
                [
                    ("company_id", "=", company.id),
                    ("state", "!=", "closed"),
                    ("warning_key", "in", [w["warning_key"] for w in warnings]),
                ]
            )
        }
        touched = Risk.browse()
        new_warnings = []
        for warning in warnings:
            risk = existing.get(warning["warning_key"])
            if risk:
                risk._update_from_warning(warning)
                touched |= risk
            else:
                new_warnings.append(warning)
        return touched | Risk._open_from_warnings(company, new_warnings)

    def _update_from_warning(self, warning):
        """The open risk of the warning's key: its likelihood, impact and
        description follow the warning, with a note when they change."""
        self.ensure_one()
        changes = {
            name: warning[name]
            for name in ("likelihood", "impact", "description")
            if self[name] != warning[name]
        }
        self._trade_workflow_write(
            dict(changes, date_last_warning=fields.Date.context_today(self)),
            access=None,
        )
        if changes:
            self.message_post(
                body=in_company_lang(self).env._(
                    "Early warning updated: %(description)s",
                    description=warning["description"],
                )
            )

    @api.model
    def _open_from_warnings(self, company, warnings):
        """A new risk per warning, due for review today."""
        today = fields.Date.context_today(self)
        created = self.create(
            [
                dict(
                    warning,
                    company_id=company.id,
                    date_last_warning=today,
                    review_date=today,
                )
                for warning in warnings
            ]
        )
        for risk in created:
            risk.message_post(
                body=in_company_lang(risk).env._(
                    "Opened by an early warning: %(description)s",
                    description=risk.description,
                )
            )
        return created

    @api.model
    def _warning_level(self, value, high, medium):
        """Likelihood or impact of a warning: 5 from ``high``, 4 from
        ``medium``, else 3 (a warning is at least possible)."""
        return 5 if value >= high else 4 if value >= medium else 3

    @api.model
    def _overdue_impact(self, share):
        """Impact of an overdue amount, by its share of the credit limit."""
        return 2 if share < 0.25 else 3 if share < 0.5 else 4 if share < 1 else 5

    def _warning_owner(self, company, partner=None):
        user = company.trade_credit_manager_id or (partner and partner.user_id)
        return user.id if user else False

    # ------------------------------------------------------------------
    # The rules
    # ------------------------------------------------------------------
    @api.model
    def _warn_overdue(self, company):
        """A customer overdue for longer than the threshold of Settings (in
        the parent company: a branch's figures are its group's)."""
        if company.parent_id:
            return []
        threshold = company.trade_risk_overdue_days
        overdue = {
            partner_id: values
            for partner_id, values in self.env["trade.receivable.query"]
            ._read_overdue(company)
            .items()
            if values[1] >= threshold
        }
        partners = (
            self.env["res.partner"].sudo().with_company(company).browse(list(overdue))
        )
        currency = company.currency_id
        warnings = []
        for partner in partners:
            amount, days = overdue[partner.id]
            # the limit of the customer's credit policy (its own, or the
            # default policy's)
            limit = partner._trade_credit_policy(company)["limit"]
            share = amount / limit if limit > 0 else 0.5
            warnings.append(
                {
                    "warning_type": "overdue",
                    "warning_key": f"overdue:{partner.id}",
                    "name": self.env._(
                        "%(customer)s: receivables overdue", customer=partner.name
                    ),
                    "category": "credit",
                    "partner_id": partner.id,
                    "owner_id": self._warning_owner(company, partner),
                    "likelihood": self._warning_level(
                        days, 2 * threshold, 1.5 * threshold
                    ),
                    "impact": self._overdue_impact(share),
                    "description": self.env._(
                        "%(customer)s owes %(amount)s overdue, the oldest for "
                        "%(days)s days (warning from %(threshold)s days).",
                        customer=partner.name,
                        amount=formatLang(self.env, amount, currency_obj=currency),
                        days=days,
                        threshold=threshold,
                    ),
                }
            )
        return warnings

    @api.model
    def _warn_exposure(self, company):
        """A customer whose exposure is above the share of its limit (plus
        valid guarantees) set in Settings (in the parent company: a branch's
        figures are its group's)."""
        if company.parent_id:
            return []
        ratio = company.trade_risk_exposure_ratio
        limited = self._exposure_warning_customers(company)
        figures = limited._trade_credit_figures(company)
        currency = company.currency_id
        warnings = []
        for partner in limited:
            values = figures[partner.id]
            allowed = values["limit"] + values["guarantees"]
            if allowed <= 0 or values["exposure"] <= ratio * allowed:
                continue
            used = values["exposure"] / allowed
            warnings.append(
                {
                    "warning_type": "exposure",
                    "warning_key": f"exposure:{partner.id}",
                    "name": self.env._(
                        "%(customer)s: exposure near the credit limit",
                        customer=partner.name,
                    ),
                    "category": "credit",
                    "partner_id": partner.id,
                    "owner_id": self._warning_owner(company, partner),
                    "likelihood": self._warning_level(used, 1, 0.95),
                    "impact": 4 if partner.trade_credit_rating in ("C", "D") else 3,
                    "description": self.env._(
                        "Exposure of %(customer)s is %(exposure)s, %(used)s%% of its "
                        "credit limit and guarantees (%(allowed)s); warning above "
                        "%(ratio)s%%.",
                        customer=partner.name,
                        exposure=formatLang(
                            self.env, values["exposure"], currency_obj=currency
                        ),
                        used=formatLang(self.env, used * 100, digits=0),
                        allowed=formatLang(self.env, allowed, currency_obj=currency),
                        ratio=formatLang(self.env, ratio * 100, digits=0),
                    ),
                }
            )
        return warnings

    @api.model
    def _exposure_warning_customers(self, company):
        """The customers whose exposure may come near a credit limit: those
        with a limit of their own and, when the default credit policy gives
        credit, the customers without a rating that owe or have orders to
        invoice (the others have no exposure to compare)."""
        Partner = self.env["res.partner"].sudo().with_company(company)
        customers = Partner.search([("credit_limit", ">", 0)]).commercial_partner_id
        if company.trade_credit_default_limit <= 0:
            return customers
        Query = self.env["trade.receivable.query"]
        Query._flush()
        owing = [
            partner_id
            for (partner_id,) in self.env.execute_query(
                SQL(
                    """
                    SELECT DISTINCT partner.commercial_partner_id
                      FROM (%(totals)s) total
                      JOIN res_partner partner ON partner.id = total.partner_id
                     WHERE total.amount_residual != 0
                    UNION
                    SELECT DISTINCT partner.commercial_partner_id
                      FROM sale_order sale
                      JOIN res_partner partner ON partner.id = sale.partner_id
                     WHERE sale.state = 'sale'
                       AND sale.company_id IN %(companies)s
                       AND sale.invoice_status != 'invoiced'
                    """,
                    totals=Query._open_totals_query(company),
                    companies=Query._company_ids(company),
                )
            )
        ]
        unrated = Partner.browse(owing).filtered(
            lambda partner: (
                not partner.trade_credit_rating
                and not partner.trade_credit_uncontrolled
            )
        )
        return customers | unrated

    @api.model
    def _carrier_incident_counts(self, company, since):
        """``[(carrier, incidents, shipments)]`` of the company since
        ``since``: outgoing shipments done and logistics incidents."""
        shipments = dict(
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("picking_type_code", "=", "outgoing"),
                    ("state", "=", "done"),
                    ("trade_carrier_partner_id", "!=", False),
                    ("date_done", ">=", since),
                ],
                ["trade_carrier_partner_id"],
                ["__count"],
            )
        )
        incidents = (
            self.env["trade.logistics.incident"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("carrier_id", "!=", False),
                    ("date", ">=", since),
                ],
                ["carrier_id"],
                ["__count"],
            )
        )
        return [
            (carrier, count, max(shipments.get(carrier, 0), count))
            for carrier, count in incidents
        ]

    @api.model
    def _warn_carrier(self, company):
        """A carrier whose incidents (damage, loss, delay) exceed the share of
        its shipments set in Settings over the review period."""
        rate_limit = company.trade_risk_carrier_incident_rate
        days = company.trade_risk_carrier_period_days
        since = fields.Date.context_today(self) - timedelta(days=days)
        warnings = []
        for carrier, incident_count, shipped in self._carrier_incident_counts(
            company, since
        ):
            rate = incident_count / shipped
            if rate <= rate_limit:
                continue
            warnings.append(
                {
                    "warning_type": "carrier",
                    "warning_key": f"carrier:{carrier.id}",
                    "name": self.env._(
                        "%(carrier)s: too many shipping incidents",
                        carrier=carrier.name,
                    ),
                    "category": "logistics",
                    "partner_id": carrier.id,
                    "owner_id": self._warning_owner(company),
                    "likelihood": self._warning_level(
                        rate, 3 * rate_limit, 2 * rate_limit
                    ),
                    "impact": 3,
                    "description": self.env._(
                        "%(carrier)s had %(incidents)s incidents for %(shipments)s "
                        "shipments in the last %(days)s days (%(rate)s%%; warning "
                        "above %(limit)s%%).",
                        carrier=carrier.name,
                        incidents=incident_count,
                        shipments=shipped,
                        days=days,
                        rate=formatLang(self.env, rate * 100, digits=0),
                        limit=formatLang(self.env, rate_limit * 100, digits=0),
                    ),
                }
            )
        return warnings

    @api.model
    def _open_lines_by_product(self, company):
        """``{product: sale order lines}`` of the company's confirmed orders
        not fully delivered whose cost at confirmation is known."""
        self.env["sale.order.line"].flush_model(
            [
                "state",
                "company_id",
                "product_id",
                "trade_cost_at_confirmation",
                "qty_delivered",
                "product_uom_qty",
            ]
        )
        line_ids = [
            line_id
            for (line_id,) in self.env.execute_query(
                SQL(
                    """
                    SELECT id FROM sale_order_line
                     WHERE state = 'sale'
                       AND company_id = %s
                       AND product_id IS NOT NULL
                       AND trade_cost_at_confirmation > 0
                       AND qty_delivered < product_uom_qty
                    """,
                    company.id,
                )
            )
        ]
        lines = (
            self.env["sale.order.line"].sudo().with_company(company).browse(line_ids)
        )
        by_product = defaultdict(lambda: self.env["sale.order.line"].sudo())
        for line in lines:
            by_product[line.product_id] |= line
        return by_product

    @api.model
    def _warn_cost(self, company):
        """A product whose cost moved by more than the share set in Settings
        since open confirmed orders were priced."""
        threshold = company.trade_risk_cost_change
        warnings = []
        for product, lines in self._open_lines_by_product(company).items():
            cost = product.standard_price
            change = max(
                (
                    (cost - line.trade_cost_at_confirmation)
                    / line.trade_cost_at_confirmation
                    for line in lines
                ),
                key=abs,
            )
            if abs(change) <= threshold:
                continue
            moved = lines.filtered(
                lambda line, cost=cost: (
                    abs(cost - line.trade_cost_at_confirmation)
                    > threshold * line.trade_cost_at_confirmation
                )
            )
            warnings.append(
                self._cost_warning(company, product, cost, change, moved, threshold)
            )
        return warnings

    @api.model
    def _cost_warning(self, company, product, cost, change, lines, threshold):
        """The warning of a product whose cost moved by ``change`` (a share)
        since the open order ``lines`` were priced."""
        currency = company.currency_id
        margin_effect = sum(
            (cost - line.trade_cost_at_confirmation)
            * (line.product_uom_qty - line.qty_delivered)
            for line in lines
        )
        return {
            "warning_type": "cost",
            "warning_key": f"cost:{product.id}",
            "name": self.env._(
                "%(product)s: cost moved since orders were priced",
                product=product.display_name,
            ),
            "category": "market",
            "product_id": product.id,
            "owner_id": self._warning_owner(company),
            "likelihood": 4,
            "impact": self._warning_level(abs(change), 3 * threshold, 2 * threshold),
            "description": self.env._(
                "The cost of %(product)s is now %(cost)s, %(change)s%% from "
                "the cost when open orders %(orders)s were confirmed; "
                "effect on their margin: %(effect)s (warning above "
                "%(threshold)s%%).",
                product=product.display_name,
                cost=formatLang(self.env, cost, currency_obj=currency),
                change=formatLang(self.env, change * 100, digits=1),
                orders=join_names(self.env, sorted(set(lines.order_id.mapped("name")))),
                effect=formatLang(self.env, -margin_effect, currency_obj=currency),
                threshold=formatLang(self.env, threshold * 100, digits=0),
            ),
        }

    # ------------------------------------------------------------------
    # Reviews
    # ------------------------------------------------------------------
    @api.model
    def _review_reminder_domain(self):
        """The risks due for review whose owner has no review activity."""
        activity_type = self.env.ref("trade_risk.mail_activity_type_trade_risk_review")
        return [
            ("state", "!=", "closed"),
            ("review_date", "<=", fields.Date.context_today(self)),
            ("owner_id", "!=", False),
            ("activity_ids", "not any", [("activity_type_id", "=", activity_type.id)]),
        ]

    @api.model
    def _remind_reviews(self, limit=None):
        """One review activity for the owner of each risk due for review,
        ``limit`` of them at most (a batch of the daily job).

        :return: the review activities created
        """
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("trade_risk.mail_activity_type_trade_risk_review")
        due = self.sudo().search(
            self._review_reminder_domain(), limit=limit, order="id"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                [
                    {
                        "res_model_id": model_id,
                        "res_id": risk.id,
                        "activity_type_id": activity_type.id,
                        "user_id": risk.owner_id.id,
                        "date_deadline": today,
                        "summary": risk._review_summary(),
                    }
                    for risk in due
                ]
            )
        )

    def _review_summary(self):
        """The review activity's title, in its owner's language."""
        self.ensure_one()
        env = self.with_context(lang=self.owner_id.lang or self.env.lang).env
        return env._(
            "Review risk %(risk)s (score %(score)s)", risk=self.name, score=self.score
        )
