from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..text import in_company_lang, join_names

STAFF_RATING_STATES = [
    ("to_review", "Awaiting HR"),
    ("accepted", "Accepted by HR"),
    ("refused", "Refused by HR"),
]

SATISFACTION_SOURCES = [
    ("customer", "Rated by the Customer"),
    ("staff", "Entered by Staff, Accepted by HR"),
]


class TradeSatisfactionMixin(models.AbstractModel):
    """The customer's satisfaction with a record (a ticket, a visit), as it
    counts in the appraisal (R3.5.3, R4.1).

    The customer rates through Odoo's own rating: the request e-mail carries
    the one-click ``/rate/<token>/<score>`` links, and the rating lands in
    ``rating_ids``. A satisfaction typed in by staff (``_trade_staff_rating_field``,
    e.g. what the customer said on the phone) is kept apart: it counts only
    when the customer did not rate and once HR accepted it, and a change of
    the value withdraws the acceptance. A record without any counted rating
    is not counted at all, so leaving out a bad rating gains nothing.

    The models configure it by class attributes:

    - ``_trade_staff_rating_field``: the selection field (``"1"``–``"5"``)
      staff type in;
    - ``_trade_rating_template``: xml id of the rating request template.
    """

    _name = "trade.satisfaction.mixin"
    _description = "Customer Satisfaction for the Appraisal"
    _inherit = ["trade.workflow.mixin", "rating.mixin"]

    _trade_staff_rating_field = None
    _trade_rating_template = None

    staff_rating_state = fields.Selection(
        selection=STAFF_RATING_STATES,
        string="Staff Rating Review",
        compute="_compute_staff_rating_state",
        store=True,
        copy=False,
        tracking=True,
        groups="base.group_user",
        help="A satisfaction entered by staff counts only once HR accepted it "
        "and only if the customer did not rate himself; changing it withdraws "
        "the acceptance.",
    )
    staff_rating_reviewer_id = fields.Many2one(
        comodel_name="res.users",
        string="Reviewed by",
        compute="_compute_staff_rating_state",
        store=True,
        copy=False,
        groups="base.group_user",
    )
    staff_rating_review_date = fields.Datetime(
        string="Reviewed On",
        compute="_compute_staff_rating_state",
        store=True,
        copy=False,
        groups="base.group_user",
    )
    satisfaction_value = fields.Float(
        string="Counted Satisfaction",
        compute="_compute_satisfaction_value",
        store=True,
        copy=False,
        aggregator="avg",
        groups="base.group_user",
        help="The satisfaction (1–5) that counts in the appraisal: the "
        "customer's own rating, else a staff-entered one accepted by HR; 0 "
        "when nothing counts.",
    )
    satisfaction_source = fields.Selection(
        selection=SATISFACTION_SOURCES,
        string="Counted Rating",
        compute="_compute_satisfaction_value",
        store=True,
        copy=False,
        groups="base.group_user",
    )

    @api.depends(
        lambda self: (
            [self._trade_staff_rating_field] if self._trade_staff_rating_field else []
        )
    )
    def _compute_staff_rating_state(self):
        for record in self:
            record.staff_rating_state = (
                "to_review" if record[self._trade_staff_rating_field] else False
            )
            record.staff_rating_reviewer_id = False
            record.staff_rating_review_date = False

    @api.depends(
        lambda self: [
            "rating_last_value",
            "staff_rating_state",
            *(
                [self._trade_staff_rating_field]
                if self._trade_staff_rating_field
                else []
            ),
        ]
    )
    def _compute_satisfaction_value(self):
        for record in self:
            staff_rating = record[self._trade_staff_rating_field]
            if record.rating_last_value:
                record.satisfaction_value = record.rating_last_value
                record.satisfaction_source = "customer"
            elif staff_rating and record.staff_rating_state == "accepted":
                record.satisfaction_value = int(staff_rating)
                record.satisfaction_source = "staff"
            else:
                record.satisfaction_value = 0.0
                record.satisfaction_source = False

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "staff_rating_state",
            "staff_rating_reviewer_id",
            "staff_rating_review_date",
            "satisfaction_value",
            "satisfaction_source",
            "rating_last_value",
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_accept_staff_rating(self):
        """HR accepts the staff-entered satisfaction: it counts from now on."""
        self._trade_review_staff_rating("accepted")
        return True

    def action_refuse_staff_rating(self):
        """HR refuses the staff-entered satisfaction: it does not count."""
        self._trade_review_staff_rating("refused")
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _trade_staff_rating_reviewer_group(self):
        """Hook: xml id of the group that accepts staff-entered ratings.

        The business managers by default; ``trade_appraisal`` hands it to HR,
        who check the appraisal's data (R4.3)."""
        return "trade_business_dept.group_trade_manager"

    def _trade_review_staff_rating(self, decision):
        if not self.env.user.has_group(self._trade_staff_rating_reviewer_group()):
            raise AccessError(
                self.env._("Only HR accepts or refuses a rating entered by staff.")
            )
        records = self.sudo()
        not_pending = records.filtered(
            lambda record: record.staff_rating_state != "to_review"
        )
        if not_pending:
            raise UserError(
                self.env._(
                    "No staff-entered rating awaits review on %s.",
                    join_names(self.env, not_pending.mapped("display_name")),
                )
            )
        own = records.filtered(lambda record: record.user_id == self.env.user)
        if own:
            raise UserError(
                self.env._(
                    "Nobody reviews the ratings of his own work: %s.",
                    join_names(self.env, own.mapped("display_name")),
                )
            )
        self._trade_workflow_write(
            {
                "staff_rating_state": decision,
                "staff_rating_reviewer_id": self.env.uid,
                "staff_rating_review_date": fields.Datetime.now(),
            },
            access=None,
        )

    def _trade_send_rating_request(self):
        """Ask the customers to rate (Odoo's rating request, e-mail with the
        one-click ``/rate/<token>/<score>`` links), in their language.

        The links rate in the customer's name: the e-mail is sent on its own,
        from the company, outside the record's chatter, so that colleagues
        only see that it was sent (the ratings of these records are hidden
        from employees by a record rule for the same reason)."""
        template = self.env.ref(self._trade_rating_template)
        for record in self:
            partner = record._rating_get_partner()
            if not partner.email or partner == self.env.user.partner_id:
                continue
            template.with_context(lang=partner.lang).sudo().send_mail(
                record.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values={
                    "model": False,
                    "res_id": False,
                    "author_id": record.company_id.partner_id.id,
                },
            )
            record.sudo().message_post(
                body=in_company_lang(record).env._(
                    "Rating request sent to %s.", partner.display_name
                ),
                subtype_xmlid="mail.mt_note",
                author_id=self.env.user.partner_id.id,
            )

    def _trade_satisfaction_by_user(self, domain):
        """The counted satisfaction of the records of ``domain``, per
        salesperson, in one grouped query.

        :return: ``{user_id: (sum_of_ratings_1_to_5, number_of_ratings)}``
        """
        groups = self._read_group(
            [*domain, ("satisfaction_value", ">", 0), ("user_id", "!=", False)],
            ["user_id"],
            ["satisfaction_value:sum", "__count"],
        )
        return {user.id: (total, count) for user, total, count in groups}

    # ------------------------------------------------------------------
    # Ratings: only the customer rates
    # ------------------------------------------------------------------
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        if kwargs.get("rating_value") and not self._trade_is_customer_rating():
            raise AccessError(
                self.env._(
                    "Only the customer rates his satisfaction; enter yours as "
                    "a staff rating, which HR checks."
                )
            )
        return super().message_post(**kwargs)

    def _trade_is_customer_rating(self):
        """A rating posted in the chatter counts as the customer's only when
        the author is a portal user of the customer."""
        user = self.env.user
        customer = self._rating_get_partner().commercial_partner_id
        return (
            user._is_portal()
            and customer
            and user.partner_id.commercial_partner_id == customer
        )
