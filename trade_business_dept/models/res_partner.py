from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from .res_company import DEFAULT_FOLLOWUP_DAYS

#: Stored dates computed from the customer's history.
MANAGER_GROUP = "trade_business_dept.group_trade_manager"

CONTACT_DATE_FIELDS = ["trade_last_contact_date", "trade_first_order_date"]

CUSTOMER_TIERS = [
    ("key", "Key Customer"),
    ("regular", "Regular Customer"),
    ("prospect", "Prospect"),
]

ACQUISITION_CHANNELS = [
    ("market_research", "Market Research"),
    ("trade_show", "Trade Show"),
    ("online", "Online Platform"),
    ("referral", "Referral"),
    ("other", "Other"),
]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "trade.workflow.mixin"]

    # Odoo's own salesperson: changes are part of the audit trail (R2.3).
    user_id = fields.Many2one(tracking=True)

    trade_customer_tier = fields.Selection(
        groups="base.group_user",
        selection=CUSTOMER_TIERS,
        string="Customer Tier",
        tracking=True,
        index=True,
        help="Key customers get the closest follow-up and a personalised "
        "service plan; prospects have not ordered yet.",
    )
    trade_acquisition_channel = fields.Selection(
        groups="base.group_user",
        selection=ACQUISITION_CHANNELS,
        string="Acquisition Channel",
        tracking=True,
        index=True,
        help="Where the business department found this customer.",
    )
    trade_business_needs = fields.Text(
        string="Business Needs",
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_purchasing_preference = fields.Text(
        string="Purchasing Preference",
        tracking=True,
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_service_plan = fields.Html(
        string="Service Plan",
        groups="trade_business_dept.group_trade_salesperson",
        help="Personalised service plan agreed for a key customer.",
    )
    trade_service_plan_review_date = fields.Date(
        string="Service Plan Review",
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_visit_ids = fields.One2many(
        groups="trade_business_dept.group_trade_salesperson",
        comodel_name="trade.visit",
        inverse_name="partner_id",
        string="Visits",
    )
    trade_visit_count = fields.Integer(
        groups="trade_business_dept.group_trade_salesperson",
        string="Visit Count",
        compute="_compute_trade_visit_count",
    )
    trade_feedback_ids = fields.One2many(
        groups="trade_business_dept.group_trade_salesperson",
        comodel_name="trade.customer.feedback",
        inverse_name="partner_id",
        string="Feedback Log",
    )
    trade_merchandiser_id = fields.Many2one(
        groups="base.group_user",
        comodel_name="res.users",
        string="Merchandiser",
        tracking=True,
        domain="[('share', '=', False)]",
        help="Follows the execution of this customer's orders.",
    )
    trade_followup_interval = fields.Integer(
        groups="base.group_user",
        string="Follow-up Interval (days)",
        compute="_compute_trade_followup_interval",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        help="Days between two contacts with this customer. Defaults to the "
        "interval of the customer's tier (Settings); change it here to "
        "override it for this customer.",
    )
    trade_last_contact_date = fields.Date(
        groups="base.group_user",
        string="Last Contact",
        compute="_compute_trade_contact_dates",
        store=True,
        help="Latest of: completed visits, completed activities and "
        "confirmed sales orders of this customer and its contacts.",
    )
    trade_first_order_date = fields.Date(
        groups="base.group_user",
        string="First Order",
        compute="_compute_trade_contact_dates",
        store=True,
    )
    trade_is_converted = fields.Boolean(
        groups="base.group_user",
        string="Has Ordered",
        compute="_compute_trade_is_converted",
        store=True,
    )
    trade_next_followup_date = fields.Date(
        groups="base.group_user",
        string="Next Follow-up",
        compute="_compute_trade_next_followup_date",
        store=True,
        index=True,
    )
    trade_followup_run = fields.Integer(
        groups="base.group_user",
        string="Follow-up Check Run",
        readonly=True,
        copy=False,
        help="Number of the run of the daily follow-up job that last checked "
        "this customer: a run interrupted midway goes on with the customers "
        "it has not checked yet.",
    )
    trade_followup_overdue = fields.Boolean(
        groups="base.group_user",
        string="Follow-up Overdue",
        compute="_compute_trade_followup_overdue",
        search="_search_trade_followup_overdue",
    )
    trade_duplicate_partner_ids = fields.Many2many(
        groups="base.group_user",
        comodel_name="res.partner",
        string="Possible Duplicates",
        compute="_compute_trade_duplicate_partner_ids",
    )

    def _compute_trade_visit_count(self):
        counts = dict(
            self.env["trade.visit"]._read_group(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.trade_visit_count = counts.get(partner.commercial_partner_id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._trade_check_carrier_approval(
                {key for vals in vals_list for key, value in vals.items() if value}
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._trade_check_customer_handover(vals)
            self._trade_check_tier_cleared(vals)
            self._trade_check_carrier_approval(set(vals))
        return super().write(vals)

    def _trade_check_customer_handover(self, vals):
        """A salesperson hands his own customers over; taking another
        salesperson's customer is a business manager's decision (it opens
        that customer's visits, contracts and credit figures)."""
        if "user_id" not in vals or self.env.user.has_group(MANAGER_GROUP):
            return
        taken = self.filtered(
            lambda partner: (
                partner.user_id
                and partner.user_id != self.env.user
                and partner.user_id.id != vals["user_id"]
            )
        )
        if taken:
            raise UserError(
                self.env._(
                    "%(customer)s is followed by %(salesperson)s: ask a business "
                    "manager to hand the customer over.",
                    customer=taken[0].display_name,
                    salesperson=taken[0].user_id.name,
                )
            )

    def _trade_check_tier_cleared(self, vals):
        """A customer's tier decides the rules that apply to it (follow-up,
        contracts): once set, only a business manager removes it."""
        if (
            "trade_customer_tier" not in vals
            or vals["trade_customer_tier"]
            or self.env.user.has_group(MANAGER_GROUP)
        ):
            return
        tiered = self.filtered("trade_customer_tier")
        if tiered:
            raise UserError(
                self.env._(
                    "Only a business manager can remove the tier of %s.",
                    tiered[0].display_name,
                )
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            *CONTACT_DATE_FIELDS,
            "trade_is_converted",
            "trade_next_followup_date",
            "trade_followup_run",
        }

    @api.depends("trade_customer_tier", "company_id")
    def _compute_trade_followup_interval(self):
        for partner in self:
            if not partner.trade_customer_tier:
                partner.trade_followup_interval = 0
                continue
            company = partner.company_id or self.env.company
            days = company._trade_followup_days_by_tier()
            partner.trade_followup_interval = days.get(
                partner.trade_customer_tier,
                DEFAULT_FOLLOWUP_DAYS[partner.trade_customer_tier],
            )

    @api.depends(
        "trade_visit_ids.state",
        "trade_visit_ids.date_done",
        "child_ids.trade_visit_ids.state",
        "child_ids.trade_visit_ids.date_done",
        "sale_order_ids.state",
        "sale_order_ids.date_order",
        "child_ids.sale_order_ids.state",
        "child_ids.sale_order_ids.date_order",
    )
    def _compute_trade_contact_dates(self):
        commercial_ids = self.commercial_partner_id._origin.ids
        dates = self._trade_read_contact_dates(commercial_ids)
        for partner in self:
            last_contact, first_order = dates.get(
                partner.commercial_partner_id._origin.id, (False, False)
            )
            partner.trade_last_contact_date = last_contact
            partner.trade_first_order_date = first_order

    @api.depends("trade_first_order_date")
    def _compute_trade_is_converted(self):
        for partner in self:
            partner.trade_is_converted = bool(partner.trade_first_order_date)

    @api.depends(
        "trade_customer_tier",
        "trade_followup_interval",
        "trade_last_contact_date",
    )
    def _compute_trade_next_followup_date(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if not partner.trade_customer_tier:
                partner.trade_next_followup_date = False
                continue
            start = partner.trade_last_contact_date or (
                partner.create_date
                and fields.Date.context_today(partner, partner.create_date)
                or today
            )
            partner.trade_next_followup_date = start + timedelta(
                days=partner.trade_followup_interval
            )

    def _compute_trade_followup_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.trade_followup_overdue = bool(
                partner.trade_customer_tier
                and partner.trade_next_followup_date
                and partner.trade_next_followup_date < today
            )

    def _search_trade_followup_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise ValidationError(
                self.env._("Follow-up overdue can only be searched as true or false.")
            )
        today = fields.Date.context_today(self)
        overdue_domain = [
            ("trade_customer_tier", "!=", False),
            ("trade_next_followup_date", "<", today),
        ]
        if (operator == "=") == bool(value):
            return overdue_domain
        return [
            "|",
            ("trade_customer_tier", "=", False),
            "|",
            ("trade_next_followup_date", "=", False),
            ("trade_next_followup_date", ">=", today),
        ]

    @api.depends("name", "vat", "email")
    def _compute_trade_duplicate_partner_ids(self):
        self.trade_duplicate_partner_ids = False
        candidates = self.filtered(lambda p: p.name or p.vat or p.email)
        if not candidates:
            return
        domain = []
        for partner in candidates:
            for field_name in ("name", "vat", "email"):
                value = (partner[field_name] or "").strip()
                if value:
                    domain = (["|"] if domain else []) + domain
                    domain += [(field_name, "=ilike", value)]
        matches = self.with_context(active_test=True).search(domain, limit=200)
        for partner in candidates:
            own_family = partner.commercial_partner_id._origin
            keys = {
                (field_name, (partner[field_name] or "").strip().lower())
                for field_name in ("name", "vat", "email")
                if partner[field_name]
            }
            partner.trade_duplicate_partner_ids = matches.filtered(
                lambda match, keys=keys, own_family=own_family, p=partner: (
                    match != p._origin
                    and match.commercial_partner_id != own_family
                    and any(
                        (field_name, (match[field_name] or "").strip().lower()) in keys
                        for field_name in ("name", "vat", "email")
                    )
                )
            )

    @api.constrains("trade_customer_tier", "trade_followup_interval")
    def _check_trade_followup_interval(self):
        for partner in self:
            if partner.trade_customer_tier and partner.trade_followup_interval < 1:
                raise ValidationError(
                    self.env._(
                        "The follow-up interval of %(customer)s must be at least "
                        "one day (you entered %(days)s).",
                        customer=partner.display_name,
                        days=partner.trade_followup_interval,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_trade_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "trade_business_dept.trade_visit_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def _trade_document_domain(self):
        """Attachments of the customer, its contacts, contracts, orders,
        visits and tickets: the customer's document space."""
        self.ensure_one()
        commercial = self.commercial_partner_id
        family = self.with_context(active_test=False).search(
            [("commercial_partner_id", "=", commercial.id)]
        )
        env = self.sudo().env
        linked = {
            "res.partner": family.ids,
            "trade.contract": env["trade.contract"]
            .with_context(active_test=False)
            .search([("partner_id", "=", commercial.id)])
            .ids,
            "sale.order": env["sale.order"]
            .search([("partner_id", "in", family.ids)])
            .ids,
            "trade.visit": env["trade.visit"]
            .search([("commercial_partner_id", "=", commercial.id)])
            .ids,
            "trade.service.ticket": env["trade.service.ticket"]
            .search([("commercial_partner_id", "=", commercial.id)])
            .ids,
        }
        domain = []
        for model, ids in linked.items():
            if not ids:
                continue
            leaf = ["&", ("res_model", "=", model), ("res_id", "in", ids)]
            domain = (["|"] + domain + leaf) if domain else leaf
        return domain or [("id", "=", 0)]

    def action_trade_view_documents(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Documents of %s", self.commercial_partner_id.name),
            "res_model": "ir.attachment",
            "view_mode": "kanban,list,form",
            "domain": self._trade_document_domain(),
            "context": {"create": False},
        }

    def action_trade_plan_visit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan a Visit"),
            "res_model": "trade.visit",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_partner_id": self.id,
                "default_user_id": (self.user_id or self.env.user).id,
            },
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _trade_read_contact_dates(self, commercial_ids):
        """Read the last contact and the first order date of customers.

        One query per source whatever the number of customers: the partner
        family, completed visits, confirmed orders, and the "activity done"
        messages posted on the partners and their opportunities.

        :param list commercial_ids: ids of commercial partners
        :return: ``{commercial_id: (last_contact_date, first_order_date)}``
        """
        if not commercial_ids:
            return {}
        env = self.sudo().env
        family = (
            env["res.partner"]
            .with_context(active_test=False)
            ._read_group(
                [("commercial_partner_id", "in", commercial_ids)],
                ["commercial_partner_id"],
                ["id:array_agg"],
            )
        )
        commercial_of = {
            member_id: commercial.id
            for commercial, member_ids in family
            for member_id in member_ids
        }
        member_ids = list(commercial_of)
        last_contact = defaultdict(list)
        first_order = {}

        def local_date(timestamp):
            return fields.Date.context_today(self, timestamp)

        visits = env["trade.visit"]._read_group(
            [("commercial_partner_id", "in", commercial_ids), ("state", "=", "done")],
            ["commercial_partner_id"],
            ["date_done:max", "id:array_agg"],
        )
        commercial_of_visit = {}
        for commercial, date_done, visit_ids in visits:
            if date_done:
                last_contact[commercial.id].append(local_date(date_done))
            commercial_of_visit.update(dict.fromkeys(visit_ids, commercial.id))

        orders = env["sale.order"]._read_group(
            [("partner_id", "in", member_ids), ("state", "=", "sale")],
            ["partner_id"],
            ["date_order:max", "date_order:min"],
        )
        for partner, latest, earliest in orders:
            commercial_id = commercial_of[partner.id]
            last_contact[commercial_id].append(local_date(latest))
            earliest = local_date(earliest)
            if (
                commercial_id not in first_order
                or earliest < first_order[commercial_id]
            ):
                first_order[commercial_id] = earliest

        leads = (
            env["crm.lead"]
            .with_context(active_test=False)
            ._read_group(
                [("partner_id", "in", member_ids)],
                ["partner_id"],
                ["id:array_agg"],
            )
        )
        commercial_of_lead = {
            lead_id: commercial_of[partner.id]
            for partner, lead_ids in leads
            for lead_id in lead_ids
        }
        done_activities = env["mail.message"]._read_group(
            [
                ("mail_activity_type_id", "!=", False),
                "|",
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "in", member_ids),
                "|",
                "&",
                ("model", "=", "crm.lead"),
                ("res_id", "in", list(commercial_of_lead)),
                # the next steps of visits, scheduled on the visit
                "&",
                ("model", "=", "trade.visit"),
                ("res_id", "in", list(commercial_of_visit)),
            ],
            ["model", "res_id"],
            ["date:max"],
        )
        for model, res_id, date in done_activities:
            if model == "res.partner":
                commercial_id = commercial_of.get(res_id)
            elif model == "trade.visit":
                commercial_id = commercial_of_visit.get(res_id)
            else:
                commercial_id = commercial_of_lead.get(res_id)
            if commercial_id:
                last_contact[commercial_id].append(local_date(date))

        return {
            commercial_id: (
                max(last_contact[commercial_id], default=False),
                first_order.get(commercial_id, False),
            )
            for commercial_id in set(commercial_ids)
        }

    def _trade_refresh_contact_dates(self):
        """Store the contact dates of these partners where they changed.

        Completed activities do not trigger the computed fields (their
        records are deleted), so the activity hook and the daily scheduled
        action call this; partners are written in groups of equal values.
        """
        partners = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
                ["commercial_partner_id", *CONTACT_DATE_FIELDS],
            )
        )
        dates = self._trade_read_contact_dates(partners.commercial_partner_id.ids)
        to_write = defaultdict(list)
        for partner in partners:
            values = dates.get(partner.commercial_partner_id.id, (False, False))
            if values != (
                partner.trade_last_contact_date,
                partner.trade_first_order_date,
            ):
                to_write[values].append(partner.id)
        # technical dates, not tracked: no chatter to prepare for every
        # partner of the batch (the job refreshes thousands)
        partners = partners.with_context(tracking_disable=True)
        for (last_contact, first_order), partner_ids in to_write.items():
            partners.browse(partner_ids).write(
                {
                    "trade_last_contact_date": last_contact,
                    "trade_first_order_date": first_order,
                }
            )

    @api.model
    def _trade_apply_new_tier_intervals(self, company, previous_days, new_days):
        """Move the customers that use their tier's default to a new default.

        Customers whose interval was overridden keep their own value.
        """
        for tier, days in new_days.items():
            if days == previous_days.get(tier):
                continue
            self.sudo().search(
                [
                    ("trade_customer_tier", "=", tier),
                    ("trade_followup_interval", "=", previous_days.get(tier)),
                    ("company_id", "in", [company.id, False]),
                ]
            ).write({"trade_followup_interval": days})

    @api.model
    def _cron_trade_followup(self, batch_size=None):
        """Daily: refresh contact dates, give each overdue customer's
        salesperson one follow-up activity (never a second open one).

        A batch of customers at a time (``ir.cron._trade_run_batches``):
        the customers not checked yet by this run.

        :return: the follow-up activities created by this call
        """
        Cron = self.env["ir.cron"]
        size = Cron._trade_batch_size("followup", 500, batch_size)
        run = Cron._trade_run_number("followup")
        todo = [
            ("trade_customer_tier", "!=", False),
            ("trade_followup_run", "!=", run),
        ]
        activities = self.env["mail.activity"]

        def follow_up(customers):
            nonlocal activities
            customers._trade_refresh_contact_dates()
            overdue = self.search(
                [
                    ("id", "in", customers.ids),
                    ("trade_followup_overdue", "=", True),
                    ("user_id", "!=", False),
                ]
            )
            activities |= overdue._trade_schedule_followup_activities()
            Cron._trade_mark_run(customers, "trade_followup_run", run)

        step = Cron._trade_batch_step(
            self, todo, size, follow_up, ["commercial_partner_id"]
        )
        if not Cron._trade_run_batches("followup", [step]):
            Cron._trade_end_run("followup", run)
        return activities

    def _trade_schedule_followup_activities(self):
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_followup"
        )
        open_followups = self.env["mail.activity"]._read_group(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", activity_type.id),
            ],
            ["res_id"],
        )
        already_planned = {res_id for (res_id,) in open_followups}
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        summaries = {}
        values = []
        for partner in self:
            if partner.id in already_planned or not partner.user_id:
                continue
            # written in the salesperson's language, not the scheduler's
            due = partner.trade_next_followup_date
            lang = partner.user_id.lang or self.env.lang
            if (due, lang) not in summaries:
                env = self.with_context(lang=lang).env
                summaries[due, lang] = env._(
                    "Follow-up due since %(date)s", date=format_date(env, due)
                )
            values.append(
                {
                    "res_model_id": model_id,
                    "res_id": partner.id,
                    "activity_type_id": activity_type.id,
                    "user_id": partner.user_id.id,
                    "date_deadline": today,
                    "summary": summaries[due, lang],
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(values)
        )
