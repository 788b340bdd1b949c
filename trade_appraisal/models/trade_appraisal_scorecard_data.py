# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.trade_business_dept.text import join_names

from .trade_appraisal_scorecard import OPEN_STATES


class TradeAppraisalScorecard(models.Model):
    """The data of a scorecard: refreshed by the generation and by HR's *Data
    Checked* from the actuals (``trade.appraisal.actuals``), the targets and
    the employee, with the employee's monthly submission beside it."""

    _inherit = "trade.appraisal.scorecard"

    submission_id = fields.Many2one(
        comodel_name="trade.appraisal.submission",
        string="Monthly Submission",
        compute="_compute_submission_id",
    )

    def _compute_submission_id(self):
        submissions = (
            self.env["trade.appraisal.submission"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.employee_id.ids),
                    ("period_id", "in", self.period_id.ids),
                ]
            )
        )
        by_key = {(sub.employee_id.id, sub.period_id.id): sub for sub in submissions}
        for card in self:
            card.submission_id = by_key.get(
                (card.employee_id.id, card.period_id.id), False
            )

    def _is_open(self):
        self.ensure_one()
        return self.state in OPEN_STATES

    def _refresh_from_data(self):
        """Re-read the data of the scorecards, in a few grouped queries per
        period: the actuals of every salesperson at once, the targets, the
        employee's department, manager and base bonus, and for annual cards
        the year's monthly results and the evaluations to request."""
        by_period = defaultdict(lambda: self.browse())
        for card in self:
            by_period[card.period_id] |= card
        for period, cards in by_period.items():
            cards = cards.sudo()
            employees = cards.employee_id
            period = period.sudo()
            actuals = period._compute_actuals(employees.user_id)
            targets = period._targets(employees)
            annual = period.period_type == "annual"
            monthly = cards._monthly_results() if annual else {}
            for card in cards:
                card.write(card._data_values(monthly))
                for line in card.line_ids:
                    line.write(
                        line._values_from_data(
                            actuals, targets, monthly.get("lines", {}), annual
                        )
                    )
            if annual:
                cards.filtered(
                    lambda card: card.state in ("draft", "collected")
                )._ensure_evaluations()

    def _data_values(self, monthly):
        """What the card copies from its employee when refreshed, and for an
        annual card from the year's monthly results and the settings."""
        self.ensure_one()
        employee = self.employee_id
        annual = self.period_type == "annual"
        values = {
            "department_id": employee.department_id.id,
            "manager_id": employee.parent_id.id,
            "base_bonus": employee.trade_annual_base_bonus
            if annual
            else employee.trade_base_bonus,
        }
        if annual:
            values.update(self._annual_values(monthly))
        return values

    def _check_targets_set(self):
        """Raise unless every computed indicator with data of the monthly
        cards has a target."""
        missing = []
        for card in self.filtered(lambda card: card.period_type == "monthly"):
            lines = card.line_ids.filtered(
                lambda line: (
                    line.kind == "computed" and line.has_data and line.target <= 0
                )
            )
            if lines:
                missing.append(
                    self.env._(
                        "%(card)s: %(indicators)s",
                        card=card.name,
                        indicators=join_names(
                            self.env, lines.indicator_id.mapped("name")
                        ),
                    )
                )
        if missing:
            raise UserError(
                self.env._(
                    "Import or enter the targets (Appraisal → Targets) before "
                    "collecting the data:\n%(missing)s",
                    missing="\n".join(missing),
                )
            )

    def _post_collected(self):
        """Note on each card that HR checked its data, with the submission."""
        for card in self:
            # written for the employee, in their language
            env = card._trade_in_reader_lang().env
            if card.submission_id.state == "submitted":
                body = env._(
                    "Data collected and checked; the employee's monthly "
                    "submission is attached: %(submission)s.",
                    submission=card.submission_id.display_name,
                )
            elif card.period_type == "monthly":
                body = env._(
                    "Data collected and checked; the employee has not submitted "
                    "their monthly reports."
                )
            else:
                body = env._("Data collected and checked.")
            card.message_post(body=body, subtype_xmlid="mail.mt_note")
