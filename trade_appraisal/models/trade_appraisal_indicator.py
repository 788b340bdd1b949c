from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

INDICATOR_CODES = [
    ("sales_amount", "Sales Amount"),
    ("profit", "Profit"),
    ("new_customers", "New Customers"),
    ("satisfaction", "Customer Satisfaction"),
    ("knowledge", "Business Knowledge"),
    ("communication", "Communication and Coordination"),
    ("problem_solving", "Problem Solving"),
    ("initiative", "Initiative"),
    ("teamwork", "Teamwork"),
]
#: Indicators whose actual value comes from Odoo's records (R4.1 results).
COMPUTED_CODES = ("sales_amount", "profit", "new_customers", "satisfaction")
CATEGORY_BY_CODE = {
    "sales_amount": "results",
    "profit": "results",
    "new_customers": "results",
    "satisfaction": "results",
    "knowledge": "ability",
    "communication": "ability",
    "problem_solving": "ability",
    "initiative": "attitude",
    "teamwork": "attitude",
}
#: Indicators whose annual actual is an average, not a sum of the months.
AVERAGED_CODES = ("satisfaction",)


class TradeAppraisalIndicator(models.Model):
    _name = "trade.appraisal.indicator"
    _description = "Appraisal Indicator"
    _order = "sequence, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(
        required=True,
        translate=True,
    )
    code = fields.Selection(
        selection=INDICATOR_CODES,
        required=True,
        help="What the indicator measures; the four results indicators are "
        "computed from invoices and customer ratings.",
    )
    sequence = fields.Integer(
        default=10,
    )
    active = fields.Boolean(
        default=True,
    )
    description = fields.Text(
        translate=True,
        help="What the manager looks at when scoring, shown on the scorecard.",
    )
    category = fields.Selection(
        selection=[
            ("results", "Results"),
            ("ability", "Ability"),
            ("attitude", "Attitude"),
        ],
        compute="_compute_category",
        store=True,
    )
    kind = fields.Selection(
        selection=[
            ("computed", "Computed from Data"),
            ("manual", "Scored by the Manager"),
        ],
        compute="_compute_category",
        store=True,
    )
    scoring_rule = fields.Selection(
        selection=[
            ("linear", "Linear to Target, Capped"),
            ("bands", "Manager's Score in Bands"),
        ],
        compute="_compute_category",
        store=True,
        help="Linear: score = actual / target × 100, capped at the score cap. "
        "Bands: the manager picks a level (band) and may fine-tune the score "
        "inside it, from 0 to 100.",
    )
    weight = fields.Float(
        digits=(5, 2),
        help="Share of the indicator in the monthly total score, in percent. "
        "The weights of the active indicators add up to 100.",
    )
    cap_percent = fields.Float(
        string="Score Cap (%)",
        digits=(5, 2),
        default=120.0,
        help="Highest score of a linear indicator: exceeding the target by "
        "more than this earns nothing more.",
    )
    default_target = fields.Float(
        help="Target used for an employee who has none for the period; 0 means "
        "every employee needs their own target.",
    )
    band_ids = fields.One2many(
        comodel_name="trade.appraisal.indicator.band",
        inverse_name="indicator_id",
        string="Bands",
    )

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "Each indicator code can be used only once.",
        ),
    ]

    @api.depends("code")
    def _compute_category(self):
        for indicator in self:
            computed = indicator.code in COMPUTED_CODES
            indicator.category = CATEGORY_BY_CODE.get(indicator.code)
            indicator.kind = "computed" if computed else "manual"
            indicator.scoring_rule = "linear" if computed else "bands"

    @api.constrains("weight", "cap_percent", "default_target")
    def _check_values(self):
        for indicator in self:
            if not 0 <= indicator.weight <= 100:
                raise ValidationError(
                    self.env._(
                        "The weight of %(indicator)s must be between 0 and 100.",
                        indicator=indicator.name,
                    )
                )
            if indicator.kind == "computed" and indicator.cap_percent < 100:
                raise ValidationError(
                    self.env._(
                        "The score cap of %(indicator)s must be at least 100%%: "
                        "reaching the target always earns full marks.",
                        indicator=indicator.name,
                    )
                )
            if indicator.default_target < 0:
                raise ValidationError(
                    self.env._(
                        "The default target of %(indicator)s cannot be negative.",
                        indicator=indicator.name,
                    )
                )

    @api.constrains("weight", "active")
    def _check_weight_total(self):
        # Module data (loaded as superuser) creates the indicators one by one,
        # and _set_weights writes several weights as superuser, then checks
        # the total itself: the superuser's own code checks when its batch is
        # complete. Every other caller, whatever its context, is checked here.
        if self.env.su:
            return
        self._check_active_weight_total()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["trade.appraisal.scorecard.line"]
            .sudo()
            ._read_group([("indicator_id", "in", self.ids)], ["indicator_id"])
        )
        if used:
            raise UserError(
                self.env._(
                    "Indicator %(indicator)s is used on scorecards: archive it "
                    "instead of deleting it.",
                    indicator=used[0][0].name,
                )
            )

    @api.model
    def _check_active_weight_total(self):
        """Raise unless the weights of the active indicators add up to 100."""
        total = sum(self.sudo().search([("active", "=", True)]).mapped("weight"))
        if round(total, 2) != 100:
            raise ValidationError(
                self.env._(
                    "The weights of the active indicators must add up to 100; "
                    "they add up to %(total)s. Use Adjust Weights to change "
                    "several indicators at once.",
                    total=round(total, 2),
                )
            )

    @api.model
    def _set_weights(self, values_by_indicator):
        """Write ``{indicator: {"weight": w, "active": a}}`` as one change:
        the total is checked once every indicator has its new values, and
        nothing is written if it is not 100."""
        batch = self.sudo()
        for indicator, values in values_by_indicator.items():
            batch.browse(indicator.id).write(values)
        self._check_active_weight_total()
        return True

    def action_adjust_weights(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Adjust Weights"),
            "res_model": "trade.appraisal.indicator.weights",
            "view_mode": "form",
            "target": "new",
        }
