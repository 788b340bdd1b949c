from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import COMPUTED_CODES, MANUAL_CODES, TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestIndicators(TradeAppraisalCase):
    def test_nine_indicators_with_kind_rule_and_weights_summing_to_100(self):
        indicators = self.env["trade.appraisal.indicator"].search([])
        self.assertEqual(
            set(indicators.mapped("code")), set(COMPUTED_CODES + MANUAL_CODES)
        )
        self.assertEqual(sum(indicators.mapped("weight")), 100)
        for code in COMPUTED_CODES:
            indicator = self.indicators[code]
            self.assertEqual(
                (indicator.kind, indicator.scoring_rule, indicator.category),
                ("computed", "linear", "results"),
            )
            self.assertEqual(indicator.cap_percent, 120)
        for code in MANUAL_CODES:
            indicator = self.indicators[code]
            self.assertEqual(
                (indicator.kind, indicator.scoring_rule), ("manual", "bands")
            )
            self.assertEqual(len(indicator.band_ids), 5)
        self.assertEqual(self.indicators["teamwork"].category, "attitude")
        self.assertEqual(self.indicators["knowledge"].category, "ability")

    def test_weight_change_that_breaks_the_total_is_refused(self):
        sales = self.indicators["sales_amount"]
        with self.assertRaisesText(
            ValidationError, "add up to 100; they add up to 105"
        ):
            sales.with_user(self.hr_user).weight = 35
        self.assertEqual(sales.weight, 30)
        with self.assertRaisesText(ValidationError, "add up to 100; they add up to 94"):
            self.indicators["teamwork"].with_user(self.hr_user).active = False
        self.assertTrue(self.indicators["teamwork"].active)

    def test_adjust_weights_wizard_changes_several_weights_at_once(self):
        wizard_form = Form(
            self.env["trade.appraisal.indicator.weights"].with_user(self.hr_user)
        )
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.indicator_id.code == "sales_amount":
                    line.weight = 40
                elif line.indicator_id.code == "profit":
                    line.weight = 10
        self.assertEqual(wizard_form.total_weight, 100)
        wizard_form.save().action_confirm()
        self.assertEqual(self.indicators["sales_amount"].weight, 40)
        self.assertEqual(self.indicators["profit"].weight, 10)

    def test_adjust_weights_wizard_refuses_a_bad_total_and_writes_nothing(self):
        wizard_form = Form(
            self.env["trade.appraisal.indicator.weights"].with_user(self.hr_user)
        )
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.indicator_id.code == "sales_amount":
                    line.weight = 50
                elif line.indicator_id.code == "teamwork":
                    line.is_active = False
        self.assertEqual(wizard_form.total_weight, 114)
        wizard = wizard_form.save()
        with self.assertRaisesText(ValidationError, "they add up to 114"):
            wizard.action_confirm()
        self.assertEqual(self.indicators["sales_amount"].weight, 30)
        self.assertTrue(self.indicators["teamwork"].active)

    def test_weights_are_set_by_hr_only(self):
        wizard = (
            self.env["trade.appraisal.indicator.weights"]
            .with_user(self.hr_user)
            .create({})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.manager).action_confirm()
        with self.assertRaises(AccessError):
            self.indicators["profit"].with_user(self.manager).cap_percent = 150

    def test_bad_indicator_values_are_refused(self):
        with self.assertRaisesText(ValidationError, "at least 100%"):
            self.indicators["profit"].cap_percent = 90
        with self.assertRaisesText(ValidationError, "between 0 and 100"):
            self.indicators["profit"].weight = -5

    def test_bands_cover_0_to_100_with_a_middle_default_score(self):
        bands = self.indicators["teamwork"].band_ids
        self.assertEqual(bands.mapped("score_min"), [90, 75, 60, 40, 0])
        good = bands.filtered(lambda band: band.score_min == 75)
        self.assertEqual((good.score_max, good.default_score), (90, 83))
        self.assertEqual(good.display_name, "Good (75–90)")
        Band = self.env["trade.appraisal.indicator.band"]
        self.assertEqual(Band._band_for(self.indicators["teamwork"], 100).score_min, 90)
        self.assertEqual(Band._band_for(self.indicators["teamwork"], 89.5), good)
        self.assertEqual(Band._band_for(self.indicators["teamwork"], 0).score_min, 0)

    def test_grade_bands_and_multipliers_rise_with_the_score(self):
        Grade = self.env["trade.appraisal.grade"]
        self.assertEqual(Grade._grade_for(95).code, "S")
        self.assertEqual(Grade._grade_for(80).code, "A")
        self.assertEqual(Grade._grade_for(79.99).code, "B")
        self.assertEqual(Grade._grade_for(0).code, "D")
        with self.assertRaisesText(ValidationError, "cannot have a higher multiplier"):
            self.env.ref("trade_appraisal.grade_c").bonus_multiplier = 2.0
        self.env.ref("trade_appraisal.grade_b").write({"min_score": 72})
        self.assertEqual(Grade._grade_for(71).code, "C")
