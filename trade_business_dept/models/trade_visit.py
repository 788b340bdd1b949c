from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..text import in_company_lang, join_names

VISIT_STATES = [
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]

CUSTOMER_RATINGS = [
    ("1", "Very dissatisfied"),
    ("2", "Dissatisfied"),
    ("3", "Average"),
    ("4", "Satisfied"),
    ("5", "Very satisfied"),
]

#: The record of a visit: locked once the visit is done (R3.1.2).
RESULT_FIELDS = {
    "user_id",
    "partner_id",
    "opportunity_id",
    "summary",
    "customer_feedback",
    "customer_rating",
    "next_step",
    "next_step_date",
}

#: Days given to carry out a visit's next step when no date is set.
DEFAULT_NEXT_STEP_DAYS = 3


class TradeVisit(models.Model):
    _name = "trade.visit"
    _description = "Customer Visit"
    _inherit = [
        "trade.reference.mixin",
        "trade.satisfaction.mixin",
        "trade.workflow.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_planned desc, id desc"
    _check_company_auto = True
    _trade_sequence_code = "trade.visit"
    _trade_staff_rating_field = "customer_rating"
    _trade_rating_template = "trade_business_dept.mail_template_trade_visit_rating"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        string="Customer Company",
        store=True,
        index=True,
    )
    customer_tier = fields.Selection(
        related="commercial_partner_id.trade_customer_tier",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Salesperson",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    opportunity_id = fields.Many2one(
        comodel_name="crm.lead",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
    )
    visit_type = fields.Selection(
        selection=[
            ("on_site", "On-site Visit"),
            ("video", "Video Call"),
            ("phone", "Phone Call"),
            ("trade_show", "At a Trade Show"),
        ],
        required=True,
        default="on_site",
    )
    date_planned = fields.Datetime(
        string="Planned Date",
        required=True,
        tracking=True,
        default=fields.Datetime.now,
    )
    duration = fields.Float(
        string="Duration (hours)",
        default=1.0,
    )
    location = fields.Char()
    customer_background = fields.Text(
        compute="_compute_customer_background",
        store=True,
        readonly=False,
        precompute=True,
        help="Filled in from the customer's profile: business needs and "
        "purchasing preference. Complete it before the visit.",
    )
    purpose = fields.Text(
        required=True,
        help="What the visit should achieve.",
    )
    talking_points = fields.Text(
        help="What to present and ask during the visit.",
    )
    state = fields.Selection(
        selection=VISIT_STATES,
        string="Status",
        required=True,
        default="planned",
        tracking=True,
        copy=False,
        index=True,
    )
    date_done = fields.Datetime(
        string="Completed On",
        readonly=True,
        copy=False,
    )
    summary = fields.Text(
        tracking=True,
        copy=False,
        help="What was discussed during the visit.",
    )
    customer_feedback = fields.Text(
        tracking=True,
        copy=False,
        help="Feedback given by the customer; it goes to the customer's feedback log.",
    )
    customer_rating = fields.Selection(
        tracking=True,
        selection=CUSTOMER_RATINGS,
        string="Satisfaction Entered by Staff",
        copy=False,
        help="What the customer said during the visit. The customer rates "
        "himself through the e-mail sent when the visit is completed; this "
        "value counts in the appraisal only if he does not and once HR "
        "accepted it.",
    )
    next_step = fields.Text(
        tracking=True,
        copy=False,
        help="Agreed next step; it becomes an activity for the salesperson.",
    )
    next_step_date = fields.Date(
        tracking=True,
        string="Next Step Deadline",
        copy=False,
    )

    @api.depends("name", "partner_id.name")
    def _compute_display_name(self):
        """The reference and the customer, as the calendar and the
        breadcrumbs show a visit."""
        for visit in self:
            visit.display_name = " · ".join(
                filter(None, [visit.name, visit.partner_id.name])
            )

    @api.depends("partner_id")
    def _compute_customer_background(self):
        tiers = dict(
            self.env["res.partner"]
            ._fields["trade_customer_tier"]
            ._description_selection(self.env)
        )
        for visit in self:
            customer = visit.partner_id.commercial_partner_id.sudo()
            if not customer:
                continue
            lines = []
            if customer.trade_customer_tier:
                lines.append(
                    self.env._("Tier: %s", tiers[customer.trade_customer_tier])
                )
            if customer.trade_business_needs:
                lines.append(
                    self.env._("Business needs: %s", customer.trade_business_needs)
                )
            if customer.trade_purchasing_preference:
                lines.append(
                    self.env._(
                        "Purchasing preference: %s",
                        customer.trade_purchasing_preference,
                    )
                )
            visit.customer_background = "\n".join(lines)

    @api.constrains("duration")
    def _check_duration(self):
        if any(visit.duration < 0 for visit in self):
            raise ValidationError(
                self.env._("The duration of a visit cannot be negative.")
            )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {"state", "date_done"}

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.user.has_group(
            "trade_business_dept.group_trade_merchandiser"
        ):
            others = [
                vals
                for vals in vals_list
                if vals.get("user_id") and vals["user_id"] != self.env.uid
            ]
            if others:
                raise UserError(
                    self.env._(
                        "A salesperson plans his own visits; a merchandiser or a "
                        "business manager plans them for others."
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if RESULT_FIELDS & set(vals) and not self.env.su:
            self._check_result_correction()
        return super().write(vals)

    def _check_result_correction(self):
        """The record of a done visit is corrected by a business manager only;
        the correction is tracked in the visit's chatter."""
        done = self.filtered(lambda visit: visit.state == "done")
        if done and not self.env.user.has_group(
            "trade_business_dept.group_trade_manager"
        ):
            raise UserError(
                self.env._(
                    "Visit %s is done: its record (salesperson, customer, "
                    "summary, feedback, satisfaction, next step) is locked. Ask a "
                    "business manager to correct it.",
                    done[0].name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(visit.state == "done" for visit in self):
            raise UserError(
                self.env._(
                    "A completed visit is part of the customer's history and "
                    "cannot be deleted."
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_done(self):
        """Complete the visits: record, chatter posts, next step, feedback."""
        not_planned = self.filtered(lambda visit: visit.state != "planned")
        if not_planned:
            raise UserError(
                self.env._(
                    "Only planned visits can be completed: %s",
                    join_names(self.env, not_planned.mapped("name")),
                )
            )
        without_summary = self.filtered(lambda visit: not (visit.summary or "").strip())
        if without_summary:
            raise UserError(
                self.env._(
                    "Write what was discussed in the summary before completing "
                    "the visit: %s",
                    join_names(self.env, without_summary.mapped("name")),
                )
            )
        self._trade_workflow_write(
            {"state": "done", "date_done": fields.Datetime.now()}
        )
        self._post_done_message()
        self._schedule_next_step()
        self._log_customer_feedback()
        (self - self._trade_followup_visits())._trade_send_rating_request()
        return True

    def action_cancel(self):
        done = self.filtered(lambda visit: visit.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "A completed visit cannot be cancelled: %s",
                    join_names(self.env, done.mapped("name")),
                )
            )
        self._trade_workflow_write({"state": "cancelled"})
        return True

    def action_plan_again(self):
        cancelled = self.filtered(lambda visit: visit.state == "cancelled")
        cancelled._trade_workflow_write({"state": "planned"})
        return True

    def action_print_report(self):
        return self.env.ref(
            "trade_business_dept.action_report_trade_visit"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _post_done_message(self):
        """Point the customer's and the opportunity's chatter to the visit.

        The record itself (summary, feedback) stays on the visit: whoever
        reads the customer does not necessarily read its visits."""
        for visit in self:
            customers = visit.partner_id.commercial_partner_id | visit.partner_id
            for record in [*customers.sudo(), *visit.opportunity_id.sudo()]:
                # the customer's chatter is shared: in the company's language
                in_company_lang(record).message_post_with_source(
                    "trade_business_dept.trade_visit_message_done",
                    render_values={"visit": visit},
                    author_id=self.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )

    def _schedule_next_step(self):
        today = fields.Date.context_today(self)
        # on the visit: the next step is part of its record, read by whoever
        # may read the visit, not by every reader of the customer
        for visit in self.filtered(lambda visit: (visit.next_step or "").strip()):
            visit.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=visit.next_step_date
                or today + timedelta(days=DEFAULT_NEXT_STEP_DAYS),
                summary=visit.with_context(lang=visit.user_id.lang).env._(
                    "Next step after visit %s", visit.name
                ),
                note=visit.next_step,
                user_id=visit.user_id.id,
            )

    def _log_customer_feedback(self):
        today = fields.Date.context_today(self)
        values = [
            {
                "partner_id": visit.partner_id.commercial_partner_id.id,
                "visit_id": visit.id,
                "user_id": visit.user_id.id,
                "company_id": visit.company_id.id,
                "date": today,
                "channel": "visit",
                "feedback": visit.customer_feedback,
            }
            for visit in self
            if (visit.customer_feedback or "").strip()
        ]
        return self.env["trade.customer.feedback"].create(values)

    def _trade_followup_visits(self):
        """The visits among these that follow an after-sales ticket up: the
        customer rates the ticket, and the rating counts once, there."""
        tickets = (
            self.env["trade.service.ticket"]
            .sudo()
            .search([("followup_visit_id", "in", self.ids)])
        )
        return self & tickets.followup_visit_id

    def _ratings_by_user(self, date_from, date_to, company):
        """The customers' ratings of the visits completed in a period, per
        salesperson, for the figures of other addons (the appraisal's
        satisfaction indicator).

        Visits of ``company`` completed from ``date_from`` (included) to
        ``date_to`` (excluded), both UTC datetimes, with a counted
        satisfaction (the customer's rating, else a staff-entered one HR
        accepted; see ``trade.satisfaction.mixin``). A ticket's follow-up
        visit is left out: its satisfaction counts once, with the ticket. One
        grouped query, in the caller's access rights (``sudo()`` for the
        figures of a team).

        :return: ``{user_id: (sum_of_ratings_1_to_5, number_of_ratings)}``
        """
        tickets = self.env["trade.service.ticket"]._search(
            [("followup_visit_id", "!=", False)]
        )
        followups = tickets.subselect(
            SQL.identifier(tickets.table, "followup_visit_id")
        )
        return self._trade_satisfaction_by_user(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("date_done", ">=", date_from),
                ("date_done", "<", date_to),
                ("id", "not in", followups),
            ]
        )
