from odoo.tests import tagged

from .pdf_common import TradePdfCase

HONGDA = "上海宏达机械有限公司"


@tagged("post_install", "-at_install")
class TestReportPdf(TradePdfCase):
    """Every PDF of the addon prints Chinese, out of the box."""

    #: report → (demo record, Chinese text it prints)
    CASES = {
        "trade_business_dept.action_report_trade_contract": (
            "trade_business_dept.contract_hongda_signed_demo",
            HONGDA,
        ),
        "trade_business_dept.action_report_trade_contract_zh": (
            "trade_business_dept.contract_hongda_signed_demo",
            HONGDA,
        ),
        "trade_business_dept.action_report_trade_visit": (
            "trade_business_dept.visit_hongda_done_demo",
            HONGDA,
        ),
        "trade_business_dept.action_report_trade_meeting": (
            "trade_business_dept.meeting_last_week_demo",
            HONGDA,
        ),
    }

    def test_every_report_prints_chinese(self):
        self.assertEqual(
            self._report_xmlids("trade_business_dept"),
            set(self.CASES),
            "a report of the addon is not printed by this test",
        )
        for report_ref, (record_xmlid, expected) in self.CASES.items():
            with self.subTest(report=report_ref):
                record = self._demo(record_xmlid)
                self.assertPrintsChinese(report_ref, record, expected)

    def _chinese_inactive(self):
        chinese = (
            self.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", "zh_CN")])
        )
        if chinese.active:
            self.env["res.users"].with_context(active_test=False).search(
                [("lang", "=", "zh_CN")]
            ).lang = "en_US"
            chinese.active = False
        return chinese

    def test_chinese_contract_prints_without_chinese_installed(self):
        contract = self._demo("trade_business_dept.contract_hongda_signed_demo")
        contract.write(
            {
                "dispute_resolution": "Friendly negotiation, then CIETAC arbitration.",
                "dispute_resolution_zh": "先友好协商，协商不成提交贸仲仲裁。",
                "breach_liability_zh": False,
            }
        )
        chinese = self._chinese_inactive()
        text = "".join(
            self._pages(
                self._pdf(
                    "trade_business_dept.action_report_trade_contract_zh", contract
                )
            )
        )
        self.assertTrue(chinese.active, "printing did not activate Chinese")
        for expected in (
            "销售合同",
            "争议解决",
            "买方",
            "先友好协商，协商不成提交贸仲仲裁。",
        ):
            self.assertTextIn(expected, text)

    def test_each_version_prints_its_own_clauses(self):
        contract = self._demo("trade_business_dept.contract_hongda_signed_demo")
        contract.write(
            {
                "dispute_resolution": "Friendly negotiation, then CIETAC arbitration.",
                "dispute_resolution_zh": "先友好协商，协商不成提交贸仲仲裁。",
                "breach_liability": "Late delivery: 0.5% per week.",
                "breach_liability_zh": False,
            }
        )
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "trade_business_dept.action_report_trade_contract_zh", contract.ids
        )[0]
        chinese = html.decode()
        # the page sent to wkhtmltopdf says it is Chinese (Simplified glyphs)
        report = self.env.ref("trade_business_dept.action_report_trade_contract_zh")
        bodies = report._prepare_html(html, report_model="trade.contract")[0]
        self.assertRegex(bodies[0], r'<html[^>]* lang="zh-CN"')
        self.assertIn("先友好协商，协商不成提交贸仲仲裁。", chinese)
        self.assertNotIn("Friendly negotiation", chinese)
        # a clause without its Chinese text prints the text of the Terms tab
        self.assertIn("Late delivery: 0.5% per week.", chinese)
        english = Report._render_qweb_html(
            "trade_business_dept.action_report_trade_contract", contract.ids
        )[0].decode()
        self.assertIn("Friendly negotiation, then CIETAC arbitration.", english)
        self.assertNotIn("先友好协商", english)

    def test_goods_reconcile_with_the_contract_amount(self):
        contract = self._demo("trade_business_dept.contract_hongda_signed_demo")
        order = contract.sale_order_ids
        goods = contract._trade_printed_goods()
        self.assertEqual(goods["lines"], order.order_line)
        self.assertAlmostEqual(goods["untaxed"], order.amount_untaxed)
        self.assertAlmostEqual(goods["tax"], order.amount_tax)
        self.assertAlmostEqual(goods["total"], contract.amount_total)
        self.assertFalse(goods["differs"])
        Report = self.env["ir.actions.report"]
        html = Report._render_qweb_html(
            "trade_business_dept.action_report_trade_contract", contract.ids
        )[0].decode()
        for label in ("Untaxed Amount", "Taxes", "Total"):
            self.assertIn(label, html)
        self.assertNotIn("differs from the total of the goods", html)
        # an amended amount no longer matches the goods: the contract says so
        contract.amount_total += 1000
        self.assertTrue(contract._trade_printed_goods()["differs"])
        html = Report._render_qweb_html(
            "trade_business_dept.action_report_trade_contract", contract.ids
        )[0].decode()
        self.assertIn("differs from the total of the goods", html)

    def test_signatures_stay_with_the_last_clause(self):
        """Whatever the length of the other terms, the page that holds the
        signatures holds the closing clause too."""
        template = self._demo("trade_business_dept.contract_hongda_signed_demo")
        paragraph = (
            "<p>第{}条 买方应在收到卖方的发货通知后"
            "三个工作日内确认收货地址和联系人。</p>"
        )
        closing = self._normalize("本合同自双方授权代表签字盖章之日起生效")
        for count in range(14, 40, 3):
            contract = template.copy(
                {"note_zh": "".join(paragraph.format(n) for n in range(count))}
            )
            pages = self._pages(
                self._pdf(
                    "trade_business_dept.action_report_trade_contract_zh", contract
                )
            )
            signatures = [page for page in pages if "买方(签章)" in page]
            self.assertEqual(len(signatures), 1)
            self.assertIn(closing, signatures[0], f"{count} other terms")
