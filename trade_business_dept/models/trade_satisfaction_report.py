from odoo import fields, models, tools
from odoo.tools import SQL

from .trade_satisfaction_mixin import STAFF_RATING_STATES

RATING_SOURCES = [
    ("customer", "Customer"),
    ("staff", "Entered by Staff"),
]


class TradeSatisfactionReport(models.Model):
    """Customer satisfaction by salesperson, product and ticket type (R3.5.3,
    R4.1): one row per rating of a closed ticket or a completed visit, the
    customer's own and those entered by staff, kept apart. ``counted`` says
    whether the rating is the one the appraisal counts."""

    _name = "trade.satisfaction.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "reference"

    reference = fields.Char(readonly=True)
    date = fields.Datetime(string="Closed or Completed On", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", string="Salesperson", readonly=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    ticket_id = fields.Many2one(comodel_name="trade.service.ticket", readonly=True)
    visit_id = fields.Many2one(comodel_name="trade.visit", readonly=True)
    ticket_type = fields.Selection(
        selection=lambda self: (
            self.env["trade.service.ticket"]
            ._fields["ticket_type"]
            ._description_selection(self.env)
        ),
        readonly=True,
    )
    source = fields.Selection(
        selection=RATING_SOURCES, string="Rated by", readonly=True
    )
    rating = fields.Float(aggregator="avg", readonly=True)
    feedback = fields.Text(string="Customer's Comment", readonly=True)
    staff_rating_state = fields.Selection(
        selection=STAFF_RATING_STATES, string="HR Review", readonly=True
    )
    counted = fields.Boolean(
        string="Counts in the Appraisal",
        readonly=True,
        help="The customer's rating counts; a staff-entered one only once HR "
        "accepted it and when the customer did not rate.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    def _query(self):
        """Four parts: the customer's and the staff's rating of tickets, then
        of visits (a ticket's follow-up visit counts with the ticket)."""
        ticket_feedback = self._last_feedback("trade.service.ticket", "t")
        visit_feedback = self._last_feedback("trade.visit", "v")
        return SQL(
            """
            SELECT t.id * 4 AS id, t.name AS reference, t.date_closed AS date,
                   t.company_id, t.user_id, t.commercial_partner_id AS partner_id,
                   t.product_id, t.id AS ticket_id, NULL::integer AS visit_id,
                   t.ticket_type, 'customer' AS source,
                   t.rating_last_value AS rating, %(ticket_feedback)s AS feedback,
                   NULL AS staff_rating_state, TRUE AS counted
              FROM trade_service_ticket t
             WHERE t.state = 'closed' AND t.rating_last_value > 0
            UNION ALL
            SELECT t.id * 4 + 1, t.name, t.date_closed, t.company_id, t.user_id,
                   t.commercial_partner_id, t.product_id, t.id, NULL, t.ticket_type,
                   'staff', t.satisfaction::float, NULL, t.staff_rating_state,
                   COALESCE(t.satisfaction_source = 'staff', FALSE)
              FROM trade_service_ticket t
             WHERE t.state = 'closed' AND t.satisfaction IS NOT NULL
            UNION ALL
            SELECT v.id * 4 + 2, v.name, v.date_done, v.company_id, v.user_id,
                   v.commercial_partner_id, NULL, NULL, v.id, NULL, 'customer',
                   v.rating_last_value, %(visit_feedback)s, NULL, TRUE
              FROM trade_visit v
             WHERE v.state = 'done' AND v.rating_last_value > 0
               AND %(not_followup)s
            UNION ALL
            SELECT v.id * 4 + 3, v.name, v.date_done, v.company_id, v.user_id,
                   v.commercial_partner_id, NULL, NULL, v.id, NULL, 'staff',
                   v.customer_rating::float, NULL, v.staff_rating_state,
                   COALESCE(v.satisfaction_source = 'staff', FALSE)
              FROM trade_visit v
             WHERE v.state = 'done' AND v.customer_rating IS NOT NULL
               AND %(not_followup)s
            """,
            ticket_feedback=ticket_feedback,
            visit_feedback=visit_feedback,
            not_followup=SQL(
                "NOT EXISTS (SELECT 1 FROM trade_service_ticket f "
                "WHERE f.followup_visit_id = v.id)"
            ),
        )

    def _last_feedback(self, model, alias):
        """The comment of the record's last rating, as Odoo's
        ``rating_last_value`` picks the rating."""
        return SQL(
            "(SELECT r.feedback FROM rating_rating r WHERE r.res_model = %s "
            "AND r.res_id = %s AND r.consumed "
            "ORDER BY r.write_date DESC, r.id DESC LIMIT 1)",
            model,
            SQL.identifier(alias, "id"),
        )

    def action_accept_staff_rating(self):
        """HR accepts the staff-entered ratings of these rows."""
        for records in self._staff_rated_records():
            records.action_accept_staff_rating()
        return True

    def action_refuse_staff_rating(self):
        """HR refuses the staff-entered ratings of these rows."""
        for records in self._staff_rated_records():
            records.action_refuse_staff_rating()
        return True

    def _staff_rated_records(self):
        """The tickets and the visits behind rows of staff-entered ratings;
        the records' own methods check the reviewer."""
        rows = self.filtered(lambda row: row.source == "staff")
        return [records for records in (rows.ticket_id, rows.visit_id) if records]
