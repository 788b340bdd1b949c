from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import TradeAppraisalCase


@tagged("post_install", "-at_install")
class TestReportAndAwards(TradeAppraisalCase):
    def test_scorecard_pdf_in_english_and_chinese(self):
        card = self._published_card(score=80)
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "trade_appraisal.report_trade_appraisal_scorecard", card.ids
        )[0].decode()
        for text in ("Scorecard", "Li Wei", "Sales Amount", "Teamwork", "No data"):
            self.assertIn(text, html)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["trade_appraisal"], ["zh_CN"], overwrite=True
        )
        self.salesperson.lang = "zh_CN"
        html_zh = Report._render_qweb_html(
            "trade_appraisal.report_trade_appraisal_scorecard", card.ids
        )[0].decode()
        for text in ("考核表", "销售额", "团队合作", "总得分", "绩效奖金"):
            self.assertIn(text, html_zh)
        self.assertIn("Li Wei", html_zh)

    def test_employee_prints_their_own_card_only(self):
        card = self._published_card()
        action = card.with_user(self.salesperson).action_print()
        self.assertEqual(
            action["report_name"], "trade_appraisal.report_trade_appraisal_scorecard"
        )
        with self.assertRaises(QWebException) as refusal:
            self.env["ir.actions.report"].with_user(self.colleague)._render_qweb_html(
                "trade_appraisal.report_trade_appraisal_scorecard", card.ids
            )
        self.assertIsInstance(refusal.exception.__cause__, AccessError)

    def test_special_awards_are_proposed_by_managers_and_approved_by_hr(self):
        Award = self.env["trade.appraisal.award"]
        award = Award.with_user(self.manager).create(
            {
                "name": "Rescued the Hongda order",
                "employee_id": self.employee.id,
                "award_type": "customer_care",
                "amount": 1000,
                "reason": "Found a second supplier in two days",
                "date": date(2021, 3, 20),
            }
        )
        self.assertEqual(award.proposed_by_id, self.manager)
        self.assertFalse(Award.with_user(self.salesperson).search([]))
        with self.assertRaisesText(AccessError, "approved by the HR department"):
            award.with_user(self.manager).action_approve()
        award.with_user(self.hr_user).action_approve()
        self.assertEqual(award.state, "approved")
        self.assertEqual(Award.with_user(self.salesperson).search([]), award)
        self.assertFalse(Award.with_user(self.colleague).search([]))
        with self.assertRaisesText(UserError, "only HR can change it"):
            award.with_user(self.manager).amount = 5000
        with self.assertRaisesText(UserError, "already decided"):
            award.with_user(self.hr_user).action_reject()
