from odoo import models
from odoo.tools.misc import formatLang


class TradeMeeting(models.Model):
    _inherit = "trade.meeting"

    def _extra_figures(self):
        """The department meeting also reviews the overdue receivables and the
        customers at the edge of their credit (R6.2, R5.2)."""
        figures = super()._extra_figures()
        company = self.company_id or self.env.company
        overdue = (
            self.env["trade.receivable.query"]
            .sudo()
            .with_company(company)
            ._read_overdue(company)
        )
        total = sum(amount for amount, _days in overdue.values())
        risks = (
            self.env["trade.risk"]
            .sudo()
            .search_count(
                [("company_id", "=", company.id), ("state", "not in", ("closed",))]
            )
        )
        return [
            *figures,
            (
                self.env._("Overdue receivables (now)"),
                formatLang(self.env, total, currency_obj=company.currency_id),
            ),
            (self.env._("Customers with overdue receivables"), len(overdue)),
            (self.env._("Open risks in the register"), risks),
        ]
