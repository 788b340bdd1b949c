from odoo.tests import tagged

from odoo.addons.trade_business_dept.tests.pdf_common import TradePdfCase


@tagged("post_install", "-at_install")
class TestReportPdf(TradePdfCase):
    """Every PDF of the addon prints Chinese, out of the box."""

    #: report → (demo record, Chinese text it prints: a comment naming the
    #: customer Hongda)
    CASES = {
        "trade_appraisal.action_report_trade_appraisal_scorecard": (
            "trade_appraisal.scorecard_li_month_2_demo",
            "主动跟进宏达的季度招标",
        ),
    }

    def test_every_report_prints_chinese(self):
        self.assertEqual(
            self._report_xmlids("trade_appraisal"),
            set(self.CASES),
            "a report of the addon is not printed by this test",
        )
        for report_ref, (record_xmlid, expected) in self.CASES.items():
            with self.subTest(report=report_ref):
                record = self._demo(record_xmlid)
                self.assertPrintsChinese(report_ref, record, expected)
