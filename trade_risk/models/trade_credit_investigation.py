from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.trade_business_dept.text import in_company_lang, join_names

from .trade_credit_policy import CREDIT_RATINGS

INVESTIGATION_SOURCES = [
    ("visit", "Company Visit"),
    ("agency", "Credit Agency Report"),
    ("bank", "Bank Reference"),
    ("trade", "Trade References"),
    ("public", "Public Records"),
    ("statements", "Financial Statements"),
    ("other", "Other"),
]


class TradeCreditInvestigation(models.Model):
    _name = "trade.credit.investigation"
    _description = "Credit Investigation"
    _inherit = [
        "trade.customer.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('is_company', '=', True)]",
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
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Investigator",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    source = fields.Selection(
        selection=INVESTIGATION_SOURCES,
        required=True,
        default="agency",
        tracking=True,
    )
    finances = fields.Text(
        string="Financial Situation",
        help="Revenue, profit, debt, liquidity, capital: what the statements "
        "or the agency report show.",
    )
    operations = fields.Text(
        help="Business, years in operation, staff, premises, main customers "
        "and suppliers, management.",
    )
    credit_record = fields.Text(
        help="Payment behaviour with us and others, litigation, bank records.",
    )
    conclusion = fields.Text(
        tracking=True,
    )
    proposed_rating = fields.Selection(
        selection=CREDIT_RATINGS,
        tracking=True,
    )
    proposed_credit_limit = fields.Monetary(
        currency_field="currency_id",
        tracking=True,
        help="Leave empty to give the customer the limit of the proposed "
        "rating's policy.",
    )
    attachment_ids = fields.Many2many(
        comodel_name="ir.attachment",
        string="Documents",
        help="Agency report, statements, references.",
    )
    state = fields.Selection(
        selection=[("draft", "In Progress"), ("done", "Concluded")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    concluded_by_id = fields.Many2one(
        comodel_name="res.users",
        readonly=True,
        copy=False,
        tracking=True,
    )

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for investigation in self:
            investigation.display_name = self.env._(
                "Credit investigation of %(customer)s, %(date)s",
                customer=investigation.partner_id.name or "",
                date=investigation.date or "",
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"state", "concluded_by_id"}

    def write(self, vals):
        if (
            not self.env.su
            and self.filtered(lambda inv: inv.state == "done")
            and set(vals) - {"attachment_ids", "message_main_attachment_id"}
        ):
            raise UserError(
                self.env._(
                    "A concluded credit investigation cannot be changed: start "
                    "a new one."
                )
            )
        return super().write(vals)

    def action_conclude(self):
        """Conclude: the customer gets the proposed rating (and limit)."""
        self.env["res.partner"]._trade_check_credit_manager()
        for investigation in self:
            if investigation.state != "draft":
                raise UserError(
                    self.env._(
                        "%(investigation)s is already concluded.",
                        investigation=investigation.display_name,
                    )
                )
            missing = [
                investigation._fields[name].get_description(self.env)["string"]
                for name in ("conclusion", "proposed_rating")
                if not (investigation[name] or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s before concluding %(investigation)s.",
                        fields=join_names(self.env, missing),
                        investigation=investigation.display_name,
                    )
                )
            partner = investigation.partner_id
            values = {"trade_credit_rating": investigation.proposed_rating}
            if investigation.proposed_credit_limit:
                values["credit_limit"] = investigation.proposed_credit_limit
            partner.with_company(investigation.company_id).write(values)
            investigation._trade_workflow_write(
                {"state": "done", "concluded_by_id": self.env.uid}, access="read"
            )
            partner.message_post(
                body=in_company_lang(partner).env._(
                    "Credit investigation of %(date)s concluded by %(user)s: rating "
                    "%(rating)s. %(conclusion)s",
                    date=investigation.date,
                    user=self.env.user.name,
                    rating=investigation.proposed_rating,
                    conclusion=investigation.conclusion,
                )
            )
        return True
