from odoo import api, models

from ..models.res_lang import CHINESE


class ReportTradeContractZh(models.AbstractModel):
    """The Chinese version of the contract prints on any database: Chinese is
    activated, with its translations, when it is not active yet."""

    _name = "report.trade_business_dept.report_trade_contract_zh"
    _description = "Contract (Chinese)"

    @api.model
    def _get_report_values(self, docids, data=None):
        contracts = self.env["trade.contract"].browse(docids)
        contracts.check_access("read")
        self.env["res.lang"]._trade_activate(CHINESE)
        return {
            "doc_ids": docids,
            "doc_model": "trade.contract",
            "docs": contracts,
            "data": data,
        }
