from odoo import api, fields, models
from odoo.exceptions import ValidationError

CREDIT_RATINGS = [
    ("A", "A - Excellent"),
    ("B", "B - Good"),
    ("C", "C - Fair"),
    ("D", "D - Poor"),
]

#: Policy of each rating when a company has none configured:
#: (credit term in days, prepayment ratio, limit multiplier).
DEFAULT_POLICIES = {
    "A": (60, 0.0, 2.0),
    "B": (30, 0.0, 1.0),
    "C": (15, 0.3, 0.5),
    "D": (0, 1.0, 0.0),
}


class TradeCreditPolicy(models.Model):
    _name = "trade.credit.policy"
    _description = "Credit Policy of a Rating"
    _order = "company_id, rating"
    _check_company_auto = True

    rating = fields.Selection(
        selection=CREDIT_RATINGS,
        required=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    credit_term_days = fields.Integer(
        string="Credit Term (days)",
        help="Longest payment term, in days, granted by default to customers "
        "of this rating: orders with longer payment terms are refused.",
    )
    prepayment_ratio = fields.Float(
        help="Share of the order the customer pays before the order is "
        "confirmed (0% for none, 100% for cash in advance).",
    )
    limit_multiplier = fields.Float(
        default=1.0,
        help="The credit limit proposed for a customer of this rating is the "
        "company's base credit limit times this multiplier.",
    )
    proposed_credit_limit = fields.Monetary(
        compute="_compute_proposed_credit_limit",
        currency_field="currency_id",
    )
    note = fields.Text(
        string="Policy",
        translate=True,
        help="What the rating means and how the department treats these customers.",
    )

    _sql_constraints = [
        (
            "rating_company_unique",
            "unique(rating, company_id)",
            "Each rating has one policy per company.",
        ),
    ]

    @api.depends("limit_multiplier", "company_id.trade_credit_base_limit")
    def _compute_proposed_credit_limit(self):
        for policy in self:
            policy.proposed_credit_limit = (
                policy.company_id.trade_credit_base_limit * policy.limit_multiplier
            )

    @api.depends("rating")
    def _compute_display_name(self):
        labels = dict(self._fields["rating"]._description_selection(self.env))
        for policy in self:
            policy.display_name = labels.get(policy.rating, "")

    @api.constrains("credit_term_days", "prepayment_ratio", "limit_multiplier")
    def _check_values(self):
        for policy in self:
            if policy.credit_term_days < 0 or policy.limit_multiplier < 0:
                raise ValidationError(
                    self.env._(
                        "The credit term and the limit multiplier of rating "
                        "%(rating)s cannot be negative.",
                        rating=policy.display_name,
                    )
                )
            if not 0 <= policy.prepayment_ratio <= 1:
                raise ValidationError(
                    self.env._(
                        "The prepayment ratio of rating %(rating)s must be between "
                        "0%% and 100%%.",
                        rating=policy.display_name,
                    )
                )

    @api.model
    def _policy_values(self, company, rating):
        """``(credit term days, prepayment ratio, limit multiplier)`` of a
        rating in a company: its policy, or the built-in default."""
        if not rating:
            return (0, 0.0, 0.0)
        policy = self.sudo().search(
            [("company_id", "=", company.id), ("rating", "=", rating)], limit=1
        )
        if policy:
            return (
                policy.credit_term_days,
                policy.prepayment_ratio,
                policy.limit_multiplier,
            )
        return DEFAULT_POLICIES[rating]
