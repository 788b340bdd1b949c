from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Follow-up interval (days) of each customer tier when nothing is configured.
DEFAULT_FOLLOWUP_DAYS = {"key": 14, "regular": 30, "prospect": 60}


class ResCompany(models.Model):
    _inherit = "res.company"

    trade_followup_days_key = fields.Integer(
        string="Key Customer Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["key"],
    )
    trade_followup_days_regular = fields.Integer(
        string="Regular Customer Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["regular"],
    )
    trade_followup_days_prospect = fields.Integer(
        string="Prospect Follow-up (days)",
        default=DEFAULT_FOLLOWUP_DAYS["prospect"],
    )

    trade_purchasing_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Purchasing Contact",
        domain="[('share', '=', False)]",
        help="Receives the business department's hand-offs to purchasing.",
    )
    trade_logistics_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Logistics Contact",
        domain="[('share', '=', False)]",
        help="Receives the business department's hand-offs to logistics.",
    )
    trade_production_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Production Contact",
        domain="[('share', '=', False)]",
        help="Receives the business department's hand-offs to production and "
        "answers with the planned finish date.",
    )
    trade_finance_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Finance Contact",
        domain="[('share', '=', False)]",
        help="Receives the business department's hand-offs to finance.",
    )
    trade_signatory_ids = fields.Many2many(
        comodel_name="res.users",
        relation="trade_company_signatory_rel",
        column1="company_id",
        column2="user_id",
        string="Authorised Signatories",
        domain="[('share', '=', False)]",
        help="The people who may sign contracts for the company; a contract's "
        "signature names one of them.",
    )
    trade_contract_required = fields.Boolean(
        string="Signed Contract Required",
        help="Confirming an order needs a signed contract, for the tiers and "
        "above the amount set here.",
    )
    trade_contract_min_amount = fields.Monetary(
        string="Contract Required From",
        currency_field="currency_id",
        help="Orders below this amount (company currency, taxes included) "
        "need no contract.",
    )
    trade_contract_tier_key = fields.Boolean(
        string="Contract for Key Customers",
        default=True,
    )
    trade_contract_tier_regular = fields.Boolean(
        string="Contract for Regular Customers",
        default=True,
    )
    trade_contract_tier_prospect = fields.Boolean(
        string="Contract for Prospects",
        default=True,
    )

    trade_scope_all_orders = fields.Boolean(
        string="Department Rules for All Orders",
        help="Apply the business department's rules to every sales order of "
        "the company, not only to those of the teams marked as the business "
        "department.",
    )
    trade_order_checks = fields.Boolean(
        string="Order Confirmation Checks",
        default=True,
        help="Confirming an order needs the promised delivery date, a "
        "specification on every product line, prices at or above the floor "
        "price (or a manager's approval) and the checklist verified with the "
        "customer.",
    )
    trade_shipping_lead_days = fields.Integer(
        string="Days from Receipt to Shipping",
        default=2,
        help="Days needed between receiving purchased goods and shipping them "
        "to the customer: purchases arriving later are flagged.",
    )

    trade_insurance_threshold = fields.Monetary(
        string="Insurance Required From",
        currency_field="currency_id",
        help="Shipments worth this much or more (company currency) need cargo "
        "insurance. Zero: no requirement.",
    )
    trade_insurance_cover_percent = fields.Float(
        string="Minimum Cover (%)",
        default=110.0,
        help="Insured amount required, as a percentage of the shipment's value.",
    )
    trade_service_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="After-sales Manager",
        domain="[('share', '=', False)]",
        help="Receives the after-sales tickets that breach their deadlines.",
    )

    @api.constrains(
        "trade_followup_days_key",
        "trade_followup_days_regular",
        "trade_followup_days_prospect",
    )
    def _check_trade_followup_days(self):
        for company in self:
            days = company._trade_followup_days_by_tier()
            if any(value < 1 for value in days.values()):
                raise ValidationError(
                    self.env._(
                        "The follow-up interval of each customer tier must be "
                        "at least one day."
                    )
                )

    @api.constrains("trade_insurance_threshold", "trade_insurance_cover_percent")
    def _check_trade_insurance(self):
        for company in self:
            if (
                company.trade_insurance_threshold < 0
                or company.trade_insurance_cover_percent < 0
            ):
                raise ValidationError(
                    self.env._("Insurance threshold and cover cannot be negative.")
                )

    @api.constrains("trade_shipping_lead_days")
    def _check_trade_shipping_lead_days(self):
        if any(company.trade_shipping_lead_days < 0 for company in self):
            raise ValidationError(
                self.env._("The days from receipt to shipping cannot be negative.")
            )

    @api.constrains("trade_contract_min_amount")
    def _check_trade_contract_min_amount(self):
        if any(company.trade_contract_min_amount < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The amount from which a contract is required cannot be negative."
                )
            )

    def _trade_contract_required_for(self, tier):
        """Whether orders of a customer of this tier need a signed contract."""
        self.ensure_one()
        if not self.trade_contract_required:
            return False
        # a customer without a tier is treated as a prospect, the least known
        tier = tier or "prospect"
        return {
            "key": self.trade_contract_tier_key,
            "regular": self.trade_contract_tier_regular,
            "prospect": self.trade_contract_tier_prospect,
        }[tier]

    def _trade_followup_days_by_tier(self):
        """Return ``{tier: days}`` for this company."""
        self.ensure_one()
        return {
            "key": self.trade_followup_days_key,
            "regular": self.trade_followup_days_regular,
            "prospect": self.trade_followup_days_prospect,
        }

    def write(self, vals):
        result = super().write(vals)
        if vals.get("trade_scope_all_orders"):
            self.env["crm.team"]._trade_scope_changed()
        return result
