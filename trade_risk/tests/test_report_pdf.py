from odoo.tests import tagged

from odoo.addons.trade_business_dept.tests.pdf_common import TradePdfCase


@tagged("post_install", "-at_install")
class TestReportPdf(TradePdfCase):
    """Every PDF of the addon prints Chinese, out of the box."""

    #: report → (demo record, Chinese text it prints)
    CASES = {
        "trade_risk.action_report_trade_customer_statement": (
            "trade_risk.partner_rating_b_demo",
            "广州华南五金有限公司",
        ),
    }

    def test_every_report_prints_chinese(self):
        self.assertEqual(
            self._report_xmlids("trade_risk"),
            set(self.CASES),
            "a report of the addon is not printed by this test",
        )
        for report_ref, (record_xmlid, expected) in self.CASES.items():
            with self.subTest(report=report_ref):
                record = self._demo(record_xmlid)
                self.assertPrintsChinese(report_ref, record, expected)
