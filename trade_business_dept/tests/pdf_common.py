"""Printing the addons' reports to real PDFs with wkhtmltopdf, and reading
them back: the text a reader sees, page by page, and the fonts embedded."""

import io
import re
import unicodedata

from odoo.tests import HttpCase
from odoo.tools.pdf import PdfReader

#: PostScript names of the Simplified Chinese and Japanese faces of Noto CJK.
SIMPLIFIED_CHINESE_FONT = re.compile(r"CJKsc|CJK SC|SourceHanSansSC", re.IGNORECASE)
JAPANESE_FONT = re.compile(r"CJKjp|CJK JP", re.IGNORECASE)


class TradePdfCase(HttpCase):
    """Renders reports with wkhtmltopdf (skipped only when it is not
    installed: the CI machine has it, with fonts-noto-cjk)."""

    def setUp(self):
        super().setUp()
        if self.env["ir.actions.report"].get_wkhtmltopdf_state() != "ok":
            self.skipTest(
                "wkhtmltopdf is not installed (Debian: apt-get install wkhtmltopdf)"
            )
        # wkhtmltopdf loads the report styles from this test server
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())

    def _demo(self, xmlid):
        record = self.env.ref(xmlid, raise_if_not_found=False)
        if not record:
            self.skipTest(f"the demo data is not loaded ({xmlid})")
        return record

    def _pdf(self, report_ref, records, data=None):
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids, data=data)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "wkhtmltopdf made no PDF")
        return content

    @staticmethod
    def _normalize(text):
        """``text`` without white space (extraction puts spaces and line
        breaks between Chinese characters), in NFKC (some Chinese characters
        come out as the Kangxi radicals of the same glyph: ⽅ for 方)."""
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    def _pages(self, content):
        """The text of each page of the PDF, normalized. Only the text in
        fonts installed on the machine is extracted (the Chinese one), not
        the text in the web fonts of the layouts (Lato)."""
        reader = PdfReader(io.BytesIO(content))
        return [self._normalize(page.extract_text()) for page in reader.pages]

    @staticmethod
    def _fonts(content):
        """Names of the fonts embedded in the PDF."""
        reader = PdfReader(io.BytesIO(content))
        names = set()
        for page in reader.pages:
            resources = page.get("/Resources") or {}
            fonts = resources.get_object().get("/Font") if resources else None
            for font in (fonts.get_object() if fonts else {}).values():
                font = font.get_object()
                names.add(str(font.get("/BaseFont")))
                for descendant in font.get("/DescendantFonts") or []:
                    names.add(str(descendant.get_object().get("/BaseFont")))
        return names

    def _report_xmlids(self, module):
        """The XML ids of the module's PDF reports."""
        reports = self.env["ir.actions.report"].search(
            [("report_type", "=", "qweb-pdf")]
        )
        return {
            xmlid
            for xmlid in reports.get_external_id().values()
            if xmlid.startswith(f"{module}.")
        }

    def assertTextIn(self, expected, text):
        self.assertIn(self._normalize(expected), text)

    def assertPrintsChinese(self, report_ref, record, expected, data=None):
        """The report prints ``expected`` (Chinese text of the record) with
        the Simplified Chinese font, never the Japanese one."""
        content = self._pdf(report_ref, record, data=data)
        text = "".join(self._pages(content))
        self.assertIn(
            self._normalize(expected),
            text,
            f"{report_ref}: the Chinese text of {record.display_name} is missing",
        )
        fonts = self._fonts(content)
        self.assertTrue(
            any(SIMPLIFIED_CHINESE_FONT.search(name) for name in fonts),
            f"{report_ref}: no Simplified Chinese font embedded ({sorted(fonts)})",
        )
        self.assertFalse(
            any(JAPANESE_FONT.search(name) for name in fonts),
            f"{report_ref}: Chinese printed with the Japanese glyphs ({sorted(fonts)})",
        )
        return content
