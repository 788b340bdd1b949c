# pylint: disable=consider-merging-classes-inherited
from odoo import api, models

from .trade_risk import risk_level


class TradeRisk(models.Model):
    """The heat map: risks counted on the 5 x 5 grid of likelihood and impact."""

    _inherit = "trade.risk"

    def _heat_map_likelihood_labels(self):
        _ = self.env._
        return {
            1: _("Rare"),
            2: _("Unlikely"),
            3: _("Possible"),
            4: _("Likely"),
            5: _("Almost certain"),
        }

    def _heat_map_impact_labels(self):
        _ = self.env._
        return {
            1: _("Negligible"),
            2: _("Minor"),
            3: _("Moderate"),
            4: _("Major"),
            5: _("Severe"),
        }

    @api.model
    def _heat_map_domain(self, category=False, open_only=True):
        domain = []
        if open_only:
            domain.append(("state", "!=", "closed"))
        if category:
            domain.append(("category", "=", category))
        return domain

    @api.readonly
    @api.model
    def get_heat_map(self, category=False, open_only=True):
        """The grid the heat map screen draws, for the risks the user may read:
        rows of likelihood from 5 (top) to 1, columns of impact from 1 to 5,
        each cell with its count, score, level and the domain of its risks."""
        category_labels = dict(
            self._fields["category"]._description_selection(self.env)
        )
        if category not in category_labels:
            category = False
        domain = self._heat_map_domain(category, open_only)
        counts = {
            (likelihood, impact): count
            for likelihood, impact, count in self._read_group(
                domain, ["likelihood", "impact"], ["__count"]
            )
        }
        levels = self._fields["level"]._description_selection(self.env)
        level_labels = dict(levels)
        likelihoods = self._heat_map_likelihood_labels()
        impacts = self._heat_map_impact_labels()
        rows = []
        for likelihood in range(5, 0, -1):
            cells = []
            for impact in range(1, 6):
                level = risk_level(likelihood * impact)
                cells.append(
                    {
                        "likelihood": likelihood,
                        "impact": impact,
                        "score": likelihood * impact,
                        "level": level,
                        "level_label": level_labels[level],
                        "count": counts.get((likelihood, impact), 0),
                        "domain": domain
                        + [("likelihood", "=", likelihood), ("impact", "=", impact)],
                    }
                )
            rows.append(
                {
                    "likelihood": likelihood,
                    "label": likelihoods[likelihood],
                    "cells": cells,
                }
            )
        return {
            "rows": rows,
            "impacts": [
                {"impact": impact, "label": label} for impact, label in impacts.items()
            ],
            "levels": [{"level": level, "label": label} for level, label in levels],
            "categories": [
                {"category": key, "label": label}
                for key, label in category_labels.items()
            ],
            "category": category,
            "total": sum(counts.values()),
        }
