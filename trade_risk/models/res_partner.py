from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.sql import column_exists

from odoo.addons.trade_business_dept.install_columns import create_empty_column

from .trade_credit_policy import CREDIT_RATINGS

#: Credit profile fields only a credit manager may change on a customer.
CREDIT_PROFILE_FIELDS = (
    "trade_credit_rating",
    "trade_credit_term_days",
    "trade_prepayment_ratio",
    "trade_credit_uncontrolled",
)

#: Which credit policy applies to a customer (R5.1.2).
#: Fields that decide which customer (commercial entity) a partner belongs
#: to, and so whose credit applies to its orders and receivables.
COMMERCIAL_ENTITY_FIELDS = ("parent_id", "is_company")

CREDIT_POLICY_SOURCES = [
    ("rating", "Policy of its Credit Rating"),
    ("limit", "Credit Limit of its Own"),
    ("default", "Default Credit Policy"),
    ("exempt", "Exempt from Credit Control"),
]

CREDIT_MANAGER = "trade_risk.group_trade_credit_manager"

#: Groups that see every customer's receivables and credit figures (the
#: ageing, the statements, exposure...); a salesperson sees those of the
#: customers assigned to them. Business managers are credit managers too.
ALL_RECEIVABLES_GROUPS = (
    CREDIT_MANAGER,
    "account.group_account_invoice",
)
#: Those who may read the customer's credit records (investigations,
#: guarantees, exceptions, promises to pay), as their access rights say.
CREDIT_READERS = (
    "trade_business_dept.group_trade_salesperson,"
    f"{CREDIT_MANAGER},"
    "account.group_account_invoice"
)


class ResPartner(models.Model):
    """The customer's credit profile (R5.1): rating, term, prepayment ratio
    and limit, who may change them and see the figures, the records about
    the customer. The credit figures and their locking are in
    ``res_partner_credit.py``, the collection ladder in
    ``res_partner_collection.py``."""

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
    trade_credit_uncontrolled = fields.Boolean(
        string="Exempt from Credit Control",
        tracking=True,
        copy=False,
        help="Set by a credit manager only: the orders and deliveries of this "
        "customer are not checked against the credit rules. Every other "
        "customer of the department is under credit control: by its rating's "
        "policy, its own credit limit, or else the company's default credit "
        "policy.",
        groups="base.group_user",
    )
    trade_credit_policy = fields.Selection(
        selection=CREDIT_POLICY_SOURCES,
        string="Credit Policy",
        compute="_compute_trade_credit_policy",
        help="The policy the credit rules apply to the customer's orders and "
        "deliveries: its rating's; without a rating, the credit limit entered "
        "on it or else the company's default policy (Settings); none when a "
        "credit manager exempted it.",
        groups="base.group_user",
    )
    trade_credit_policy_note = fields.Char(
        string="Default Policy",
        compute="_compute_trade_credit_policy",
        help="Credit limit, credit term and down payment of the company's "
        "default credit policy (Settings), which applies to a customer with "
        "neither a credit rating nor a credit limit of its own.",
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
    trade_credit_investigation_ids = fields.One2many(
        comodel_name="trade.credit.investigation",
        inverse_name="partner_id",
        string="Credit Investigations",
        groups=CREDIT_READERS,
    )
    trade_credit_guarantee_ids = fields.One2many(
        comodel_name="trade.credit.guarantee",
        inverse_name="partner_id",
        string="Guarantees",
        groups=CREDIT_READERS,
    )
    trade_credit_exception_ids = fields.One2many(
        comodel_name="trade.credit.exception",
        inverse_name="partner_id",
        string="Credit Exceptions",
        groups=CREDIT_READERS,
    )
    trade_payment_promise_ids = fields.One2many(
        comodel_name="trade.payment.promise",
        inverse_name="partner_id",
        string="Promises to Pay",
        groups=CREDIT_READERS,
    )
    trade_dispute_ids = fields.One2many(
        comodel_name="trade.dispute",
        inverse_name="partner_id",
        string="Disputes",
        groups=(
            "trade_business_dept.group_trade_salesperson,"
            "trade_business_dept.group_trade_legal,"
            "trade_risk.group_trade_credit_manager,"
            "account.group_account_invoice"
        ),
    )

    def _auto_init(self):
        """Installed on a database with customers, none has a credit rating
        yet, so every credit term and prepayment ratio is 0 (no policy):
        set in one SQL statement instead of computed partner by partner
        (``trade_business_dept/install_columns.py``)."""
        cr = self.env.cr
        if not column_exists(cr, self._table, "trade_credit_rating"):
            created = [
                create_empty_column(self, name)
                for name in ("trade_credit_term_days", "trade_prepayment_ratio")
            ]
            if all(created):
                cr.execute(
                    "UPDATE res_partner SET trade_credit_term_days = 0, "
                    "trade_prepayment_ratio = 0"
                )
        return super()._auto_init()

    @api.depends("trade_credit_rating", "company_id")
    def _compute_trade_credit_terms(self):
        Policy = self.env["trade.credit.policy"]
        for partner in self:
            company = partner.company_id or self.env.company
            days, ratio, _multiplier = Policy._policy_values(
                company, partner.trade_credit_rating
            )
            partner.trade_credit_term_days = days
            partner.trade_prepayment_ratio = ratio

    @api.depends(
        "commercial_partner_id.trade_credit_rating",
        "commercial_partner_id.trade_credit_uncontrolled",
        "commercial_partner_id.credit_limit",
    )
    @api.depends_context("company")
    def _compute_trade_credit_policy(self):
        company = self.env.company
        for partner in self:
            policy = partner.commercial_partner_id._trade_credit_policy(company)
            partner.trade_credit_policy = policy["policy"]
            partner.trade_credit_policy_note = (
                policy["policy"] == "default"
                and company._trade_default_credit_policy_text()
            )

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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + list(CREDIT_PROFILE_FIELDS)

    @api.model_create_multi
    def create(self, vals_list):
        credit_manager = self._trade_is_credit_manager()
        if not credit_manager:
            for vals in vals_list:
                if (not vals.get("parent_id") or vals.get("is_company")) and any(
                    vals.get(name) for name in CREDIT_PROFILE_FIELDS
                ):
                    self._trade_raise_credit_profile(vals.get("name"))
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            if partner.trade_credit_rating and "credit_limit" not in vals:
                partner._trade_apply_rating_limit(previous_rating=False)
        if not credit_manager:
            # a contact carries its customer's credit profile, whatever the
            # values and the context sent (``_partners_skip_fields_sync``)
            partners.filtered(
                lambda partner: partner.commercial_partner_id != partner
            )._trade_sync_credit_profile()
        return partners

    def write(self, vals):
        self._trade_check_credit_profile_access(vals)
        self._trade_check_commercial_partner_write(vals)
        previous = {}
        if "trade_credit_rating" in vals and "credit_limit" not in vals:
            previous = {partner.id: partner.trade_credit_rating for partner in self}
        entities = {}
        if set(COMMERCIAL_ENTITY_FIELDS) & set(vals) and not (
            self._trade_is_credit_manager()
        ):
            family = self.with_context(active_test=False).search(
                [("id", "child_of", self.ids)]
            )
            entities = {partner: partner.commercial_partner_id for partner in family}
        result = super().write(vals)
        for partner in self.filtered(lambda p: p.id in previous):
            if partner.trade_credit_rating != previous[partner.id]:
                partner._trade_apply_rating_limit(previous[partner.id])
        if entities:
            self._trade_check_commercial_entity_change(entities)
        if set(CREDIT_PROFILE_FIELDS) & set(vals) and not (
            self._trade_is_credit_manager()
        ):
            self.filtered(
                lambda partner: partner.commercial_partner_id != partner
            )._trade_sync_credit_profile()
        return result

    def _trade_raise_credit_profile(self, name):
        raise AccessError(
            self.env._(
                "Only a credit manager can give %(customer)s a credit "
                "rating, term or prepayment ratio, or exempt it from "
                "credit control.",
                customer=name or self.env._("a customer"),
            )
        )

    def _trade_sync_credit_profile(self):
        """These contacts take the credit profile of their customer (the
        commercial partner) again: a contact has none of its own (R5.1)."""
        for contact in self:
            customer = contact.commercial_partner_id.sudo()
            values = customer._update_fields_values(list(CREDIT_PROFILE_FIELDS))
            if any(contact.sudo()[name] != customer[name] for name in values):
                contact.sudo().write(values)

    def _trade_check_commercial_partner_write(self, vals):
        """The customer a partner belongs to follows its company and its
        Is a Company box; nobody but the superuser writes it."""
        if "commercial_partner_id" not in vals or self.env.su:
            return
        if any(
            partner.commercial_partner_id.id != vals["commercial_partner_id"]
            for partner in self
        ):
            raise AccessError(
                self.env._(
                    "The customer a contact belongs to follows its Company and "
                    "its Is a Company box: change those instead."
                )
            )

    def _trade_check_commercial_entity_change(self, entities):
        """After a change of company or of the Is a Company box by someone
        who is not a credit manager (R5.1):

        - a partner with confirmed orders or receivables (posted or draft
          invoices) keeps the customer it belongs to: whose credit limit,
          rating, exposure and overdue its orders are checked against is a
          credit manager's decision;
        - a partner without them that becomes a customer of its own starts
          without credit profile (no rating, no exemption, no limit): the
          company's default credit policy applies until a credit manager
          rates it, as for any new customer.

        :param dict entities: ``{partner: commercial partner}`` before the
            write, for the written partners and their contacts
        """
        moved = self.browse(
            [
                partner.id
                for partner, entity in entities.items()
                if partner.commercial_partner_id != entity
            ]
        )
        if not moved:
            return
        indebted = moved._trade_with_credit_history()
        if indebted:
            raise AccessError(
                self.env._(
                    "%(partner)s has confirmed orders or invoices of "
                    "%(customer)s: only a credit manager can move it to another "
                    "company or make it a company of its own, as that changes "
                    "whose credit limit and receivables its orders are checked "
                    "against. Create a new contact under the other company "
                    "instead.",
                    partner=indebted[0].display_name,
                    customer=entities[indebted[0]].display_name,
                )
            )
        new_customers = moved.filtered(
            lambda partner: partner.commercial_partner_id == partner
        )
        if new_customers:
            new_customers._trade_reset_credit_profile()

    def _trade_with_credit_history(self):
        """The partners among these with confirmed orders (as customer or as
        invoice address), customer invoices or credit notes (made out to
        them) or receivables (booked on them) not cancelled, in any
        company."""
        ids = self.ids
        orders = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("state", "=", "sale"),
                    "|",
                    ("partner_id", "in", ids),
                    ("partner_invoice_id", "in", ids),
                ],
                ["partner_id", "partner_invoice_id"],
            )
        )
        items = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", ids),
                    ("account_type", "=", "asset_receivable"),
                    ("parent_state", "!=", "cancel"),
                ],
                ["partner_id"],
            )
        )
        invoices = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "!=", "cancel"),
                ],
                ["partner_id"],
            )
        )
        found = {partner.id for group in orders for partner in group}
        found |= {partner.id for (partner,) in items + invoices}
        return self.filtered(lambda partner: partner.id in found)

    def _trade_reset_credit_profile(self):
        """These partners became customers of their own: no rating, no
        exemption and no credit limit in any company (the copies of their
        former customer's), so that the default credit policy applies."""
        partners = self.sudo()
        partners.write(
            {"trade_credit_rating": False, "trade_credit_uncontrolled": False}
        )
        for company in self.env["res.company"].sudo().search([]):
            limited = partners.with_company(company).filtered("credit_limit")
            if limited:
                limited.credit_limit = 0.0

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

    def _trade_credit_policy(self, company):
        """The credit policy that applies to this customer (a commercial
        partner) in ``company`` (R5.1.2), read without the user's rights.

        - exempted by a credit manager: not under credit control;
        - with a credit rating: the credit limit, credit term and prepayment
          ratio of the customer (its rating's policy, adjusted by hand);
        - without a rating but with a credit limit of its own: that limit and
          the prepayment ratio of the customer; the payment terms are not
          limited (rate the customer to limit them);
        - with neither: the company's default credit policy (Settings).

        :return: dict with ``policy`` (a key of ``CREDIT_POLICY_SOURCES``, or
            False for no customer), ``controlled``, ``limit`` (company
            currency), ``term_days`` (None when not limited) and
            ``prepayment_ratio``
        """
        values = {
            "policy": False,
            "controlled": False,
            "limit": 0.0,
            "term_days": None,
            "prepayment_ratio": 0.0,
        }
        if not self:
            return values
        self.ensure_one()
        customer = self.sudo().with_company(company)
        values["limit"] = customer.credit_limit
        if customer.trade_credit_uncontrolled:
            return dict(values, policy="exempt")
        values["controlled"] = True
        if customer.trade_credit_rating:
            return dict(
                values,
                policy="rating",
                term_days=customer.trade_credit_term_days,
                prepayment_ratio=customer.trade_prepayment_ratio,
            )
        if customer.credit_limit > 0:
            return dict(
                values,
                policy="limit",
                prepayment_ratio=customer.trade_prepayment_ratio,
            )
        company = company.sudo()
        return dict(
            values,
            policy="default",
            limit=company.trade_credit_default_limit,
            term_days=company.trade_credit_default_term_days,
            prepayment_ratio=company.trade_credit_default_prepayment,
        )

    def _trade_check_credit_profile_access(self, vals):
        """Only credit managers change a customer's rating, term, prepayment
        ratio or exemption from credit control; contacts merely copy their
        company's values."""
        protected = [name for name in CREDIT_PROFILE_FIELDS if name in vals]
        if not protected or self._trade_is_credit_manager():
            return
        for partner in self:
            if partner.commercial_partner_id != partner:
                # a contact takes its customer's profile again after the
                # write (``_trade_sync_credit_profile``)
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
            base * Policy._policy_values(company, previous_rating)[2]
            if previous_rating
            else 0.0
        )
        partner = self.sudo().with_company(company)
        currency = company.currency_id
        if not currency.is_zero(partner.credit_limit) and currency.compare_amounts(
            partner.credit_limit, previous_limit
        ):
            return
        multiplier = Policy._policy_values(company, self.trade_credit_rating)[2]
        partner.credit_limit = base * multiplier

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
            days, ratio, multiplier = Policy._policy_values(
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
        dispute = self.env["trade.dispute"]._create_for_overdue(
            self.commercial_partner_id
        )
        return dispute._get_records_action(name=self.env._("Dispute"))

    def action_trade_print_statement(self):
        return self.env.ref(
            "trade_risk.action_report_trade_customer_statement"
        ).report_action(self.commercial_partner_id)
