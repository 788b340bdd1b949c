import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class TradeAppraisalIndicatorBand(models.Model):
    _name = "trade.appraisal.indicator.band"
    _description = "Scoring Band of an Indicator"
    _order = "indicator_id, score_min desc, id"

    indicator_id = fields.Many2one(
        comodel_name="trade.appraisal.indicator",
        required=True,
        index=True,
        ondelete="cascade",
    )
    name = fields.Char(
        string="Level",
        required=True,
        translate=True,
    )
    score_min = fields.Float(
        string="From Score",
        digits=(5, 2),
        help="Lowest score of the band; the band ends where the next one starts "
        "(or at 100).",
    )
    score_max = fields.Float(
        string="To Score",
        digits=(5, 2),
        compute="_compute_score_range",
    )
    default_score = fields.Float(
        digits=(5, 2),
        compute="_compute_score_range",
        help="Score given when the manager picks the band: its middle.",
    )
    description = fields.Char(
        translate=True,
        help="What a performance at this level looks like.",
    )

    _sql_constraints = [
        (
            "score_min_unique",
            "unique(indicator_id, score_min)",
            "Two bands of an indicator cannot start at the same score.",
        ),
    ]

    @api.depends("score_min", "indicator_id.band_ids.score_min")
    def _compute_score_range(self):
        for band in self:
            higher = [
                other.score_min
                for other in band.indicator_id.band_ids
                if other.score_min > band.score_min
            ]
            band.score_max = min(higher) if higher else 100.0
            band.default_score = math.floor((band.score_min + band.score_max) / 2 + 0.5)

    @api.depends("name", "score_min", "score_max")
    def _compute_display_name(self):
        for band in self:
            low, high = band.score_min, band.score_max
            band.display_name = self.env._(
                "%(level)s (%(low)s–%(high)s)",
                level=band.name,
                low="%g" % low,
                high="%g" % high,
            )

    @api.constrains("score_min")
    def _check_score_min(self):
        for band in self:
            if not 0 <= band.score_min < 100:
                raise ValidationError(
                    self.env._(
                        "Band %(band)s must start between 0 and 100.",
                        band=band.name,
                    )
                )

    def _contains(self, score):
        """Whether ``score`` falls inside this band (the top band includes 100)."""
        self.ensure_one()
        if self.score_max >= 100:
            return self.score_min <= score <= 100
        return self.score_min <= score < self.score_max

    @api.model
    def _band_for(self, indicator, score):
        """The band of ``indicator`` that holds ``score`` (empty if none)."""
        for band in indicator.band_ids:
            if band._contains(score):
                return band
        return self.browse()
