from odoo import api, fields, models
from odoo.exceptions import ValidationError

#: Follow-up interval (days) of each customer tier when nothing is configured.
DEFAULT_FOLLOWUP_DAYS = {"key": 14, "regular": 30, "prospect": 60}

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


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

    # Meeting rhythm (R6.2.1)
    trade_meeting_auto = fields.Boolean(
        string="Schedule Department Meetings",
        default=True,
        help="A daily job plans the weekly and the monthly meeting, prepares "
        "their agenda the day before and flags those without minutes.",
    )
    trade_meeting_rhythm_run = fields.Integer(
        string="Meeting Rhythm Run",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Number of the run of the daily meeting rhythm job that last "
        "planned this company's meetings: a run interrupted midway goes on "
        "with the companies not planned yet.",
    )
    trade_meeting_weekly_day = fields.Selection(
        selection=WEEKDAYS,
        string="Weekly Meeting Day",
        default="0",
        required=True,
    )
    trade_meeting_weekly_hour = fields.Float(
        string="Weekly Meeting Time",
        default=9.0,
        help="Local time of the organiser.",
    )
    trade_meeting_monthly_rule = fields.Selection(
        selection=[
            ("day", "Day of the Month"),
            ("weekday", "First Weekday of the Month"),
        ],
        string="Monthly Meeting On",
        default="weekday",
        required=True,
    )
    trade_meeting_monthly_day = fields.Integer(
        string="Monthly Meeting Day of the Month",
        default=1,
        help="Day of the month; in a shorter month, its last day.",
    )
    trade_meeting_monthly_weekday = fields.Selection(
        selection=WEEKDAYS,
        string="Monthly Meeting Weekday",
        default="0",
        required=True,
        help="The monthly meeting is on the first such day of the month.",
    )
    trade_meeting_monthly_hour = fields.Float(
        string="Monthly Meeting Time",
        default=10.0,
        help="Local time of the organiser.",
    )
    trade_meeting_organizer_id = fields.Many2one(
        comodel_name="res.users",
        string="Meetings Chaired By",
        domain="[('share', '=', False)]",
        help="Chairs the scheduled meetings and is told of those without "
        "minutes. Empty: the department manager.",
    )
    trade_meeting_missed_hours = fields.Integer(
        string="Minutes Due Within (hours)",
        default=24,
        help="A planned meeting without minutes this many hours after it "
        "started is flagged as missed.",
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

    @api.constrains(
        "trade_meeting_weekly_hour",
        "trade_meeting_monthly_hour",
        "trade_meeting_monthly_day",
        "trade_meeting_missed_hours",
    )
    def _check_trade_meeting_rhythm(self):
        for company in self:
            hours = (
                company.trade_meeting_weekly_hour,
                company.trade_meeting_monthly_hour,
            )
            if (
                any(not 0 <= hour < 24 for hour in hours)
                or not 1 <= company.trade_meeting_monthly_day <= 31
                or company.trade_meeting_missed_hours < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Meeting times are between 00:00 and 23:59, the day of "
                        "the month between 1 and 31 and the hours for the "
                        "minutes cannot be negative."
                    )
                )

    def _trade_department_manager(self):
        """Who leads the business department: the leader of one of its sales
        teams who is a department manager, else any department manager of
        the company."""
        self.ensure_one()
        group = self.env.ref("trade_business_dept.group_trade_manager")
        managers = group.sudo().users.filtered(
            lambda user: (
                not user.share and not user._is_superuser() and self in user.company_ids
            )
        )
        leaders = (
            self.env["crm.team"]
            .sudo()
            .search(
                [
                    ("trade_business_dept", "=", True),
                    ("company_id", "in", [self.id, False]),
                ]
            )
            .user_id
        )
        return (leaders & managers)[:1] or managers[:1]

    def _trade_meeting_organizer(self):
        """Who chairs the scheduled meetings (Settings, else the manager)."""
        self.ensure_one()
        return self.trade_meeting_organizer_id or self._trade_department_manager()

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

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._trade_create_sequences()
        return companies

    @api.model
    def _trade_create_all_sequences(self):
        """Give every company its own sequence of each reference the addons
        number (called when an addon is installed or updated)."""
        companies = self.sudo().with_context(active_test=False).search([])
        companies._trade_create_sequences(continue_shared=True)

    def _trade_create_sequences(self, continue_shared=False):
        """Create, for these companies, a copy of each shared sequence (no
        company) of the records numbered by ``trade.reference.mixin`` that
        the company has no sequence of yet, so that each company numbers its
        own contracts, tickets, disputes... (``next_by_code`` prefers the
        company's sequence to the shared one).

        :param bool continue_shared: the copies continue from the shared
            sequence's next number (a company that numbered its records with
            the shared sequence keeps unique references); otherwise a new
            company starts at 1
        """
        codes = {
            self.env[name]._trade_sequence_code
            for name in self.env["trade.reference.mixin"]._inherit_children
        } - {None}
        Sequence = self.env["ir.sequence"].sudo()
        shared = Sequence.search(
            [("code", "in", list(codes)), ("company_id", "=", False)]
        )
        existing = {
            (sequence.code, sequence.company_id.id)
            for sequence in Sequence.search(
                [("code", "in", list(codes)), ("company_id", "in", self.ids)]
            )
        }
        xmlids = shared.get_external_id()
        new_xmlids = []
        for company in self:
            for sequence in shared:
                if (sequence.code, company.id) in existing:
                    continue
                copy = Sequence.create(
                    {
                        "name": f"{sequence.name} ({company.name})",
                        "code": sequence.code,
                        "prefix": sequence.prefix,
                        "suffix": sequence.suffix,
                        "padding": sequence.padding,
                        "implementation": sequence.implementation,
                        "use_date_range": sequence.use_date_range,
                        "number_increment": sequence.number_increment,
                        "number_next": (
                            sequence.number_next_actual if continue_shared else 1
                        ),
                        "company_id": company.id,
                    }
                )
                existing.add((sequence.code, company.id))
                if xmlids.get(sequence.id):
                    # owned by the addon of the shared sequence: uninstalling
                    # it removes the copies too
                    new_xmlids.append(
                        {
                            "xml_id": f"{xmlids[sequence.id]}_company_{company.id}",
                            "record": copy,
                            "noupdate": True,
                        }
                    )
        if new_xmlids:
            self.env["ir.model.data"].sudo()._update_xmlids(new_xmlids)

    def write(self, vals):
        result = super().write(vals)
        if vals.get("trade_scope_all_orders"):
            self.env["crm.team"]._trade_scope_changed()
        return result
