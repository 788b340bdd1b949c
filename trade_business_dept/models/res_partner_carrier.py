# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

#: What makes a carrier fit to ship with: set by merchandisers and managers.
CARRIER_APPROVAL_FIELDS = {
    "trade_carrier_approved",
    "trade_carrier_licence",
    "trade_carrier_qualification_expiry",
    "trade_carrier_rating",
}


class ResPartner(models.Model):
    """Carriers the department ships with (R3.4.1): licence, qualification,
    approval, tracking link, and their rating from shipments and incidents
    (R5.1 logistics risk)."""

    _inherit = "res.partner"

    trade_is_carrier = fields.Boolean(
        groups="base.group_user",
        string="Carrier",
        help="A logistics company the department ships with.",
    )
    trade_carrier_licence = fields.Char(
        groups="base.group_user",
        string="Transport Licence",
        tracking=True,
    )
    trade_carrier_qualification_expiry = fields.Date(
        groups="base.group_user",
        string="Qualification Valid Until",
        tracking=True,
    )
    trade_carrier_approved = fields.Boolean(
        groups="base.group_user",
        string="Approved Carrier",
        tracking=True,
        help="Only approved carriers with a valid qualification may ship.",
    )
    trade_carrier_tracking_url = fields.Char(
        groups="base.group_user",
        string="Tracking Link Pattern",
        help="Web address of the carrier's tracking page, with {ref} where the "
        "tracking number goes, e.g. https://www.sf-express.com/track?no={ref}",
    )
    trade_carrier_shipment_count = fields.Integer(
        groups="base.group_user",
        string="Shipments",
        compute="_compute_trade_carrier_statistics",
    )
    trade_carrier_incident_count = fields.Integer(
        groups="base.group_user",
        string="Incidents",
        compute="_compute_trade_carrier_statistics",
    )
    trade_carrier_incident_rate = fields.Float(
        groups="base.group_user",
        string="Incident Rate (%)",
        compute="_compute_trade_carrier_statistics",
        digits=(16, 1),
    )
    trade_carrier_rating = fields.Selection(
        groups="base.group_user",
        selection=[
            ("1", "Poor"),
            ("2", "Weak"),
            ("3", "Acceptable"),
            ("4", "Good"),
            ("5", "Excellent"),
        ],
        string="Carrier Rating",
        tracking=True,
        help="Suggested from the incident rate of the carrier's shipments; "
        "the logistics manager may set it.",
    )

    def _compute_trade_carrier_statistics(self):
        carriers = self.filtered("trade_is_carrier")
        (self - carriers).update(
            {
                "trade_carrier_shipment_count": 0,
                "trade_carrier_incident_count": 0,
                "trade_carrier_incident_rate": 0.0,
            }
        )
        if not carriers:
            return
        stats = carriers._trade_carrier_statistics()
        for carrier in carriers:
            shipments, incidents = stats.get(carrier.id, (0, 0))
            carrier.trade_carrier_shipment_count = shipments
            carrier.trade_carrier_incident_count = incidents
            carrier.trade_carrier_incident_rate = (
                100.0 * incidents / shipments if shipments else 0.0
            )

    def _trade_carrier_statistics(self):
        """``{carrier_id: (done shipments, incidents)}`` in two grouped queries."""
        shipments = dict(
            self.env["stock.picking"]
            .sudo()
            ._read_group(
                [
                    ("trade_carrier_partner_id", "in", self.ids),
                    ("state", "=", "done"),
                    ("picking_type_code", "=", "outgoing"),
                ],
                ["trade_carrier_partner_id"],
                ["__count"],
            )
        )
        incidents = dict(
            self.env["trade.logistics.incident"]
            .sudo()
            ._read_group(
                [("carrier_id", "in", self.ids)],
                ["carrier_id"],
                ["__count"],
            )
        )
        return {
            carrier.id: (shipments.get(carrier, 0), incidents.get(carrier, 0))
            for carrier in self
        }

    def _trade_suggested_carrier_rating(self):
        """Rating from the incident rate: 5 below 1%, then 3%, 6%, 10%."""
        self.ensure_one()
        if not self.trade_carrier_shipment_count:
            return False
        rate = self.trade_carrier_incident_rate
        for limit, rating in ((1, "5"), (3, "4"), (6, "3"), (10, "2")):
            if rate < limit:
                return rating
        return "1"

    def action_trade_rate_carriers(self):
        """Set each carrier's rating from its incident statistics."""
        self.invalidate_recordset(
            [
                "trade_carrier_shipment_count",
                "trade_carrier_incident_count",
                "trade_carrier_incident_rate",
            ]
        )
        for carrier in self.filtered("trade_is_carrier"):
            carrier.trade_carrier_rating = carrier._trade_suggested_carrier_rating()
        return True

    def _trade_carrier_refusal(self, on_date):
        """Why this carrier may not ship on ``on_date``, or False."""
        self.ensure_one()
        if not self.trade_carrier_approved:
            return self.env._(
                "the carrier %s is not approved by the department",
                self.display_name,
            )
        expiry = self.trade_carrier_qualification_expiry
        if not expiry:
            return self.env._(
                "the carrier %s has no qualification validity on record",
                self.display_name,
            )
        if expiry < on_date:
            return self.env._(
                "the qualification of the carrier %(carrier)s expired on %(date)s",
                carrier=self.display_name,
                date=format_date(self.env, expiry),
            )
        return False

    def _trade_check_carrier_approval(self, field_names):
        """Approving a carrier, its qualification and its rating belong to
        the merchandisers and business managers (R3.4.1): shipping refuses
        carriers they have not approved."""
        if not CARRIER_APPROVAL_FIELDS & field_names or self.env.user.has_group(
            "trade_business_dept.group_trade_merchandiser"
        ):
            return
        raise UserError(
            self.env._(
                "Only a merchandiser or a business manager approves a carrier, "
                "sets its licence, qualification and rating."
            )
        )
