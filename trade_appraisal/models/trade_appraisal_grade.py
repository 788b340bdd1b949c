from odoo import api, fields, models
from odoo.exceptions import ValidationError

GRADES = [
    ("S", "S"),
    ("A", "A"),
    ("B", "B"),
    ("C", "C"),
    ("D", "D"),
]


class TradeAppraisalGrade(models.Model):
    _name = "trade.appraisal.grade"
    _description = "Appraisal Grade Band"
    _order = "min_score desc, id"

    code = fields.Selection(
        selection=GRADES,
        string="Grade",
        required=True,
    )
    name = fields.Char(
        string="Meaning",
        required=True,
        translate=True,
    )
    min_score = fields.Float(
        string="From Score",
        digits=(5, 2),
        help="Lowest total score of the grade; the grade ends where the next "
        "one starts.",
    )
    bonus_multiplier = fields.Float(
        digits=(4, 2),
        default=1.0,
        help="Bonus = the employee's base bonus × this multiplier.",
    )
    is_promotion_candidate = fields.Boolean(
        string="Promotion Candidate",
        help="Employees reaching this grade in the annual appraisal are listed "
        "as promotion candidates.",
    )
    needs_coaching = fields.Boolean(
        string="Coaching Required",
        help="Publishing a scorecard with this grade gives the manager a "
        "coaching or training activity.",
    )

    _sql_constraints = [
        ("code_unique", "unique(code)", "Each grade is defined once."),
        (
            "min_score_unique",
            "unique(min_score)",
            "Two grades cannot start at the same score.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for grade in self:
            grade.display_name = f"{grade.code} – {grade.name}"

    @api.constrains("min_score", "bonus_multiplier")
    def _check_bands(self):
        for grade in self:
            if not 0 <= grade.min_score <= 100:
                raise ValidationError(
                    self.env._(
                        "Grade %(grade)s must start between 0 and 100.",
                        grade=grade.code,
                    )
                )
            if grade.bonus_multiplier < 0:
                raise ValidationError(
                    self.env._(
                        "The bonus multiplier of grade %(grade)s cannot be negative.",
                        grade=grade.code,
                    )
                )
        grades = self.search([])  # ordered by min_score, highest first
        for higher, lower in zip(grades[:-1], grades[1:], strict=True):
            if lower.bonus_multiplier > higher.bonus_multiplier:
                raise ValidationError(
                    self.env._(
                        "The bonus rises with the score: grade %(lower)s (from "
                        "%(lower_min)s) cannot have a higher multiplier than "
                        "grade %(higher)s (from %(higher_min)s).",
                        lower=lower.code,
                        lower_min=lower.min_score,
                        higher=higher.code,
                        higher_min=higher.min_score,
                    )
                )

    @api.model
    def _grade_for(self, score, grades=None):
        """The grade band of a total score; below every band, the lowest one."""
        grades = grades if grades is not None else self.search([])
        for grade in grades:
            if score >= grade.min_score:
                return grade
        return grades[-1:] if grades else self.browse()
