# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date, formatLang

#: Days of our orders compared by the demand warning: the last ones against
#: the same number of days before them.
ORDER_PERIOD_DAYS = 30


class TradeRisk(models.Model):
    """Early warnings of the market research (R5.1.1, R5.2): two rules of the
    early warnings' list (see ``trade_risk_warning.py``), category *market*,
    owned by the responsible of the category's research schedule (the credit
    manager when there is none).

    - price: a price observed on the market within the watch period of
      Settings lies below our average selling price of the product over the
      same period (confirmed order lines, without taxes; the product's sales
      price when it was not sold) by more than the price gap of Settings;
    - demand: the demand of a category was reported falling at least the
      number of times of Settings within the watch period, or our orders of
      a category with a research schedule (and its sub-categories) over the
      last 30 days fell by more than the order drop of Settings against the
      30 days before.
    """

    _inherit = "trade.risk"

    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        index="btree_not_null",
        help="The product category a market risk is about.",
    )

    @api.model
    def _early_warning_rules(self):
        return [
            *super()._early_warning_rules(),
            "_warn_market_price",
            "_warn_market_demand",
        ]

    @api.model
    def _market_owners(self, company):
        """``function(category) -> user id``: the responsible of the research
        schedule of the category or of its nearest parent, else the credit
        manager."""
        schedules = (
            self.env["trade.market.research.schedule"]
            .sudo()
            .search([("company_id", "=", company.id)])
        )
        by_path = {
            schedule.categ_id.parent_path: schedule.user_id.id for schedule in schedules
        }
        fallback = self._warning_owner(company)

        def owner(categ):
            paths = [path for path in by_path if categ.parent_path.startswith(path)]
            return by_path[max(paths, key=len)] if paths else fallback

        return owner

    @api.model
    def _market_since(self, company):
        today = fields.Date.context_today(self)
        return today - timedelta(days=company.trade_risk_market_days)

    @api.model
    def _order_amounts(self, company, domain, date_from, date_to):
        """``{product: amount}``: our confirmed orders dated from
        ``date_from`` to before ``date_to``, without taxes, in the company's
        currency."""
        today = fields.Date.context_today(self)
        amounts = defaultdict(float)
        for product, currency, subtotal in (
            self.env["sale.order.line"]
            .sudo()
            .with_company(company)
            ._read_group(
                [
                    *domain,
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("order_id.date_order", ">=", date_from),
                    ("order_id.date_order", "<", date_to),
                ],
                ["product_id", "currency_id"],
                ["price_subtotal:sum"],
            )
        ):
            amounts[product] += currency._convert(
                subtotal, company.currency_id, company, today
            )
        return amounts

    @api.model
    def _our_average_prices(self, company, products, since):
        """``{product: (average price, sold)}`` in the company's currency per
        unit of the product's unit of measure: the confirmed order lines
        since ``since`` without taxes, or the sales price when it was not
        sold (``sold`` is False)."""
        today = fields.Date.context_today(self)
        totals = defaultdict(lambda: [0.0, 0.0])
        for product, uom, currency, subtotal, quantity in (
            self.env["sale.order.line"]
            .sudo()
            .with_company(company)
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "sale"),
                    ("product_id", "in", products.ids),
                    ("product_uom_qty", ">", 0),
                    ("order_id.date_order", ">=", since),
                ],
                ["product_id", "product_uom", "currency_id"],
                ["price_subtotal:sum", "product_uom_qty:sum"],
            )
        ):
            totals[product][0] += currency._convert(
                subtotal, company.currency_id, company, today
            )
            totals[product][1] += uom._compute_quantity(quantity, product.uom_id)
        prices = {}
        for product in products:
            amount, quantity = totals.get(product, (0.0, 0.0))
            if quantity > 0:
                prices[product] = (amount / quantity, True)
            elif product.lst_price > 0:
                prices[product] = (product.lst_price, False)
        return prices

    # ------------------------------------------------------------------
    # The rules
    # ------------------------------------------------------------------
    @api.model
    def _warn_market_price(self, company):
        """A product observed on the market below our average selling price
        by more than the price gap of Settings (see the class docstring)."""
        threshold = company.trade_risk_market_price_gap
        since = self._market_since(company)
        infos = (
            self.env["trade.market.info"]
            .sudo()
            .with_company(company)
            .search(
                [
                    ("company_id", "=", company.id),
                    ("product_id", "!=", False),
                    ("price", ">", 0),
                    ("date", ">=", since),
                ]
            )
        )
        by_product = defaultdict(lambda: self.env["trade.market.info"].sudo())
        for info in infos:
            by_product[info.product_id] |= info
        ours = self._our_average_prices(
            company, infos.product_id.with_company(company), since
        )
        owner = self._market_owners(company)
        currency = company.currency_id
        warnings = []
        for product, observations in by_product.items():
            if product not in ours:
                continue
            reference, sold = ours[product]
            gaps = {
                info: (reference - info._company_price()) / reference
                for info in observations
            }
            below = [info for info, gap in gaps.items() if gap > threshold]
            if not below:
                continue
            lowest = max(below, key=gaps.get)
            warnings.append(
                {
                    "warning_type": "market_price",
                    "warning_key": f"market_price:{product.id}",
                    "name": self.env._(
                        "%(product)s: market price below ours",
                        product=product.display_name,
                    ),
                    "category": "market",
                    "product_id": product.id,
                    "categ_id": product.categ_id.id,
                    "owner_id": owner(product.categ_id),
                    # several observations below our price: the likelier
                    "likelihood": self._warning_level(len(below), 3, 2),
                    "impact": self._warning_level(
                        gaps[lowest], 2 * threshold, 1.5 * threshold
                    ),
                    "description": self._market_price_description(
                        lowest, gaps[lowest], reference, sold, len(below)
                    )
                    + " "
                    + self.env._(
                        "Our reference: %(reference)s; warning above a gap of "
                        "%(threshold)s%% over %(days)s days.",
                        reference=formatLang(
                            self.env, reference, currency_obj=currency
                        ),
                        threshold=formatLang(self.env, threshold * 100, digits=0),
                        days=company.trade_risk_market_days,
                    ),
                }
            )
        return warnings

    def _market_price_description(self, info, gap, reference, sold, count):
        values = {
            "product": info.product_id.display_name,
            "price": formatLang(self.env, info.price, currency_obj=info.currency_id),
            "competitor": info.competitor or self.env._("the market"),
            "market": info.country_id.name or info.region or self.env._("our market"),
            "date": format_date(self.env, info.date),
            "gap": formatLang(self.env, gap * 100, digits=0),
            "count": count,
        }
        if sold:
            return self.env._(
                "%(competitor)s sells %(product)s at %(price)s in %(market)s "
                "(observed on %(date)s), %(gap)s%% below our average selling "
                "price; %(count)s observation(s) below it.",
                **values,
            )
        return self.env._(
            "%(competitor)s sells %(product)s at %(price)s in %(market)s "
            "(observed on %(date)s), %(gap)s%% below our sales price; "
            "%(count)s observation(s) below it.",
            **values,
        )

    @api.model
    def _warn_market_demand(self, company):
        """A category whose demand was reported falling, or whose orders
        dropped (see the class docstring)."""
        since = self._market_since(company)
        reports = dict(
            self.env["trade.market.info"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", company.id),
                    ("demand_trend", "=", "falling"),
                    ("date", ">=", since),
                ],
                ["categ_id"],
                ["__count"],
            )
        )
        needed = company.trade_risk_market_falling_reports
        watched = (
            self.env["trade.market.research.schedule"]
            .sudo()
            .search([("company_id", "=", company.id)])
            .categ_id
        )
        categories = watched | self.env["product.category"].browse(
            [categ.id for categ, count in reports.items() if count >= needed]
        )
        if not categories:
            return []
        changes = self._order_changes(company, categories)
        drop_limit = company.trade_risk_market_order_drop
        owner = self._market_owners(company)
        warnings = []
        for categ in categories:
            falling = reports.get(categ, 0)
            before, last = changes[categ]
            drop = (before - last) / before if before > 0 else 0.0
            signals = (falling >= needed) + (drop > drop_limit)
            if not signals:
                continue
            warnings.append(
                {
                    "warning_type": "market_demand",
                    "warning_key": f"market_demand:{categ.id}",
                    "name": self.env._(
                        "%(category)s: demand falling", category=categ.display_name
                    ),
                    "category": "market",
                    "categ_id": categ.id,
                    "owner_id": owner(categ),
                    "likelihood": 5 if signals == 2 else 4,
                    "impact": self._warning_level(drop, 2 * drop_limit, drop_limit),
                    "description": self._market_demand_description(
                        company, categ, falling, before, last
                    ),
                }
            )
        return warnings

    @api.model
    def _order_changes(self, company, categories):
        """``{category: (amount before, amount last)}``: our orders of the
        category and its sub-categories over the last 30 days and the 30 days
        before."""
        today = fields.Date.context_today(self)
        middle = today - timedelta(days=ORDER_PERIOD_DAYS - 1)
        start = middle - timedelta(days=ORDER_PERIOD_DAYS)
        domain = [("product_id.categ_id", "child_of", categories.ids)]
        periods = [
            self._order_amounts(company, domain, start, middle),
            self._order_amounts(company, domain, middle, today + timedelta(days=1)),
        ]
        changes = {}
        for categ in categories:
            changes[categ] = tuple(
                sum(
                    amount
                    for product, amount in amounts.items()
                    if product.categ_id.parent_path.startswith(categ.parent_path)
                )
                for amounts in periods
            )
        return changes

    def _market_demand_description(self, company, categ, falling, before, last):
        currency = company.currency_id
        return self.env._(
            "Demand of %(category)s reported falling %(falling)s time(s) in the "
            "last %(days)s days (warning from %(needed)s). Our orders of the "
            "category: %(last)s over the last %(period)s days against %(before)s "
            "over the %(period)s days before (warning above a drop of "
            "%(drop)s%%).",
            category=categ.display_name,
            falling=falling,
            days=company.trade_risk_market_days,
            needed=company.trade_risk_market_falling_reports,
            last=formatLang(self.env, last, currency_obj=currency),
            before=formatLang(self.env, before, currency_obj=currency),
            period=ORDER_PERIOD_DAYS,
            drop=formatLang(
                self.env, company.trade_risk_market_order_drop * 100, digits=0
            ),
        )
