from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import HR, SALESPERSON, TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestConfidentiality(TradeAppraisalCase):
    def test_employee_sees_only_their_own_published_cards(self):
        self._default_targets()
        card = self._generate()
        colleague_card = self._card(employee=self.colleague_employee)
        Scorecard = self.env["trade.appraisal.scorecard"]
        # before publication the employee sees nothing, not even their own card
        self.assertFalse(Scorecard.with_user(self.salesperson).search([]))
        with self.assertRaises(AccessError):
            card.with_user(self.salesperson).read(["total_score"])
        card.with_user(self.hr_user).action_collect()
        self._score_manual(card).action_score()
        card.with_user(self.hr_user).action_publish()
        self.assertEqual(Scorecard.with_user(self.salesperson).search([]), card)
        self.assertEqual(
            self.env["trade.appraisal.scorecard.line"]
            .with_user(self.salesperson)
            .search([]),
            card.line_ids,
        )
        # a colleague reads neither the card nor its lines
        with self.assertRaises(AccessError):
            card.with_user(self.colleague).read(["total_score"])
        with self.assertRaises(AccessError):
            card.line_ids.with_user(self.colleague).read(["score"])
        with self.assertRaises(AccessError):
            colleague_card.with_user(self.salesperson).read(["total_score"])

    def test_employee_cannot_edit_their_scores(self):
        card = self._published_card()
        mine = card.with_user(self.salesperson)
        with self.assertRaises(AccessError):
            self._line(mine, "teamwork").score = 100
        with self.assertRaises(AccessError):
            mine.write({"manager_comment": "Excellent"})
        with self.assertRaises(AccessError):
            mine.unlink()
        self.assertEqual(self._line(card, "teamwork").score, 80)

    def test_manager_sees_their_department_only_and_not_their_own_card(self):
        self._default_targets()
        self.manager_employee.trade_appraisal_enabled = True
        self._generate()
        Scorecard = self.env["trade.appraisal.scorecard"]
        team = Scorecard.with_user(self.manager).search([])
        self.assertEqual(team.employee_id, self.employee | self.colleague_employee)
        # another business manager without this team sees none of it
        self.assertFalse(Scorecard.with_user(self.other_manager).search([]))
        # a new team member under the manager is visible through the hierarchy
        self.other_manager_employee.parent_id = self.manager_employee
        self.other_manager_employee.trade_appraisal_enabled = True
        self._generate()
        self.assertIn(
            self.other_manager_employee,
            Scorecard.with_user(self.manager).search([]).employee_id,
        )
        self.assertNotIn(
            self.other_manager_employee,
            Scorecard.with_user(self.other_manager).search([]).employee_id,
        )

    def test_hr_sees_every_card_and_config_is_read_only_for_others(self):
        self.manager_employee.trade_appraisal_enabled = True
        self._generate()
        cards = self.env["trade.appraisal.scorecard"].search([])
        self.assertEqual(
            self.env["trade.appraisal.scorecard"].with_user(self.hr_user).search([]),
            cards,
        )
        self.assertEqual(len(cards.filtered(lambda c: c.period_id == self.period)), 3)
        with self.assertRaises(AccessError):
            self.env["trade.appraisal.grade"].with_user(self.manager).create(
                {"code": "S", "name": "Copy", "min_score": 99}
            )
        with self.assertRaises(AccessError):
            self.env["trade.appraisal.target"].with_user(self.manager).create(
                {
                    "period_id": self.period.id,
                    "employee_id": self.employee.id,
                    "indicator_id": self.indicators["profit"].id,
                    "target": 1,
                }
            )

    def test_targets_are_visible_to_their_employee_and_manager(self):
        targets = self._default_targets()
        colleague_targets = self._default_targets(self.colleague_employee)
        Target = self.env["trade.appraisal.target"]
        self.assertEqual(Target.with_user(self.salesperson).search([]), targets)
        self.assertEqual(
            Target.with_user(self.manager).search([]), targets | colleague_targets
        )

    def test_cards_of_another_company_are_invisible(self):
        other_company = self.env["res.company"].create({"name": "Trade HK Ltd"})
        hk_hr = self._new_user("appr_hr_hk", "HK HR", HR)
        hk_hr.write(
            {"company_ids": [(6, 0, other_company.ids)], "company_id": other_company.id}
        )
        self._generate()
        self.assertFalse(
            self.env["trade.appraisal.scorecard"].with_user(hk_hr).search([])
        )
        self.assertFalse(self.env["trade.appraisal.period"].with_user(hk_hr).search([]))

    def test_salespeople_are_appraised_by_default_merchandisers_are_not(self):
        self.assertTrue(self.employee.trade_appraisal_enabled)
        self.assertFalse(self.merchandiser_employee.trade_appraisal_enabled)
        self.assertFalse(self.manager_employee.trade_appraisal_enabled)
        newcomer = self._new_user("appr_new", "Newcomer", SALESPERSON)
        employee = self.env["hr.employee"].create(
            {"name": "Newcomer", "user_id": newcomer.id}
        )
        self.assertTrue(employee.trade_appraisal_enabled)
        with self.assertRaises(AccessError):
            employee.with_user(self.salesperson).read(["trade_base_bonus"])
