from odoo import fields, models

STAGE_CODES = [
    ("confirmed", "Confirmed"),
    ("purchasing", "Purchasing"),
    ("production", "In Production"),
    ("inspection", "Inspection"),
    ("accepted", "Accepted"),
    ("ready", "Ready to Ship"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("closed", "Closed"),
]


class TradeOrderStage(models.Model):
    """A step of an order's execution, shown as a column of the tracking board.

    The stage of an order follows from its documents (purchases, receipts,
    inspection, transfers, invoices); ``production`` is set by hand.
    """

    _name = "trade.order.stage"
    _description = "Order Tracking Stage"
    _order = "sequence, id"

    name = fields.Char(
        required=True,
        translate=True,
    )
    code = fields.Selection(
        selection=STAGE_CODES,
        required=True,
    )
    sequence = fields.Integer(
        default=10,
    )
    fold = fields.Boolean(
        string="Folded on the Board",
    )
    description = fields.Text(
        translate=True,
        help="When an order is in this stage.",
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(code)", "Each tracking stage code is used once."),
    ]
