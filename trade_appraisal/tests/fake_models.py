# A fake addon's extension of the appraisal's actuals, registered by its test only.
# pylint: disable=consider-merging-classes-inherited

"""Throw-away models of the appraisal's extension-point test, registered for
the test only with odoo-test-helper's ``FakeModelLoader`` (as OCA's
base_tier_validation)."""

from odoo import api, fields, models


class TradeFakeSurvey(models.Model):
    """A customer survey of another addon: the customer rates the salesperson."""

    _name = "trade.fake.survey"
    _description = "Fake Customer Survey of the Tests"

    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(comodel_name="res.users")
    date = fields.Date()
    rating = fields.Integer()
    referral = fields.Boolean(
        help="The customer came through a referral the salesperson obtained.",
    )


class TradeAppraisalActuals(models.AbstractModel):
    """The fake addon feeds satisfaction with its surveys and counts the
    referred customers as the new customers of its salespeople."""

    _inherit = "trade.appraisal.actuals"

    @api.model
    def _satisfaction_sources(self):
        return [*super()._satisfaction_sources(), "_fake_satisfaction_surveys"]

    @api.model
    def _actual_sources(self):
        return [*super()._actual_sources(), "_fake_actuals_referrals"]

    @api.model
    def _fake_satisfaction_surveys(self, company, users, date_from, date_to):
        groups = (
            self.env["trade.fake.survey"]
            .sudo()
            ._read_group(
                self._fake_domain(company, users, date_from, date_to),
                ["user_id"],
                ["rating:sum", "__count"],
            )
        )
        return {user.id: (total, count) for user, total, count in groups}

    @api.model
    def _fake_actuals_referrals(self, company, users, date_from, date_to):
        groups = (
            self.env["trade.fake.survey"]
            .sudo()
            ._read_group(
                [
                    *self._fake_domain(company, users, date_from, date_to),
                    ("referral", "=", True),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        return {"new_customers": {user.id: (count, count) for user, count in groups}}

    @api.model
    def _fake_domain(self, company, users, date_from, date_to):
        return [
            ("company_id", "=", company.id),
            ("user_id", "in", users.ids),
            ("date", ">=", date_from),
            ("date", "<=", date_to),
        ]
