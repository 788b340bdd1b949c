from odoo import api, fields, models
from odoo.exceptions import ValidationError

URGENCIES = [
    ("low", "Low"),
    ("normal", "Normal"),
    ("high", "High"),
    ("critical", "Critical"),
]


class TradeServiceSla(models.Model):
    """Working hours allowed to answer and to solve a ticket, per urgency."""

    _name = "trade.service.sla"
    _description = "After-sales Service Level"
    _order = "response_hours, id"

    urgency = fields.Selection(
        selection=URGENCIES,
        required=True,
    )
    response_hours = fields.Float(
        string="First Response (working hours)",
        required=True,
    )
    resolution_hours = fields.Float(
        string="Resolution (working hours)",
        required=True,
    )

    _sql_constraints = [
        ("urgency_unique", "UNIQUE(urgency)", "Each urgency has one service level."),
    ]

    @api.constrains("response_hours", "resolution_hours")
    def _check_hours(self):
        for sla in self:
            if sla.response_hours <= 0 or sla.resolution_hours < sla.response_hours:
                raise ValidationError(
                    self.env._(
                        "The first response must take some hours, and the "
                        "resolution at least as long as the first response."
                    )
                )
