from odoo import models


class TradeAppraisalReaderMixin(models.AbstractModel):
    """An appraisal record about one employee (scorecard, submission,
    appeal, interview, award, development plan) is written for that
    employee: its notes and tracked changes are in the employee's language,
    the company's when the employee has no user."""

    _name = "trade.appraisal.reader.mixin"
    _inherit = ["trade.reader.lang.mixin"]
    _description = "Appraisal Record Read by Its Employee"

    def _trade_reader_lang(self):
        self.ensure_one()
        return self.employee_id.sudo().user_id.lang or super()._trade_reader_lang()
