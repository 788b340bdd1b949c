from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEMAND_TRENDS = [
    ("rising", "Rising"),
    ("stable", "Stable"),
    ("falling", "Falling"),
]

SOURCES = [
    ("customer", "Customer"),
    ("competitor_quote", "Competitor's Quotation"),
    ("trade_show", "Trade Show"),
    ("visit", "Market Visit"),
    ("industry_report", "Industry Report"),
    ("online", "Online"),
    ("other", "Other"),
]


class TradeMarketInfo(models.Model):
    """A market observation of the department's regular market research
    (R5.1.1): a price seen on the market, a competitor, the demand trend of
    a product or a product category in a market. The early warnings compare
    them with our prices and orders (``trade_risk_market_warning.py``)."""

    _name = "trade.market.info"
    _description = "Market Information"
    _inherit = ["trade.workflow.mixin", "trade.reference.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.market.info"

    date = fields.Date(
        string="Observed On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        index=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        help="The product observed; leave empty for an observation of a whole "
        "product category.",
    )
    categ_id = fields.Many2one(
        comodel_name="product.category",
        string="Product Category",
        compute="_compute_categ_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        tracking=True,
        help="The product's category, or the category observed as a whole.",
    )
    country_id = fields.Many2one(
        comodel_name="res.country",
        string="Market",
        tracking=True,
        help="The country of the market observed.",
    )
    region = fields.Char(
        help="Region or market segment, e.g. East China, EU supermarkets.",
    )
    price = fields.Monetary(
        string="Observed Price",
        currency_field="currency_id",
        tracking=True,
        help="Price per unit of the product's unit of measure, without taxes, "
        "as seen on the market (a competitor's offer, a customer's target "
        "price). The early warnings compare it with our average selling price.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    competitor = fields.Char(
        tracking=True,
        help="The competitor whose price or move was observed.",
    )
    demand_trend = fields.Selection(
        selection=DEMAND_TRENDS,
        tracking=True,
        help="Demand of the product or category in this market. Falling "
        "demand reported several times opens a market risk.",
    )
    source = fields.Selection(
        selection=SOURCES,
        required=True,
        default="customer",
    )
    notes = fields.Text()
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Recorded By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
        index=True,
    )

    @api.depends("product_id")
    def _compute_categ_id(self):
        for info in self:
            if info.product_id:
                info.categ_id = info.product_id.categ_id

    @api.model
    def _trade_workflow_fields(self):
        # who recorded the observation: a salesperson edits only their own
        return super()._trade_workflow_fields() | {"name", "user_id"}

    @api.constrains("product_id", "categ_id")
    def _check_subject(self):
        for info in self:
            if not info.categ_id:
                raise ValidationError(
                    self.env._(
                        "Market information %(info)s needs a product or a "
                        "product category.",
                        info=info.name,
                    )
                )

    @api.constrains("price")
    def _check_price(self):
        if any(info.price < 0 for info in self):
            raise ValidationError(self.env._("An observed price cannot be negative."))

    @api.model_create_multi
    def create(self, vals_list):
        infos = super().create(vals_list)
        infos._close_research_reminders()
        return infos

    def _company_price(self):
        """The observed price in the company's currency, at the date observed."""
        self.ensure_one()
        company = self.company_id
        return self.currency_id._convert(
            self.price, company.currency_id, company, self.date
        )

    def _close_research_reminders(self):
        """Research recorded: the reminders of the schedules of its
        categories are done."""
        schedules = (
            self.env["trade.market.research.schedule"]
            .sudo()
            .search(
                [
                    ("company_id", "in", self.company_id.ids),
                    ("categ_id", "parent_of", self.categ_id.ids),
                ]
            )
        )
        # the research dates follow the market information just recorded
        schedules.invalidate_recordset(
            ["date_last_research", "date_next_research", "research_due"]
        )
        schedules.filtered(
            lambda schedule: not schedule.research_due
        )._close_reminders()
