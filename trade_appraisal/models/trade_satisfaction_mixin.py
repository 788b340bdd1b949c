from odoo import api, models


class TradeSatisfactionMixin(models.AbstractModel):
    """HR checks the appraisal's data (R4.3): HR, not the department, accepts
    the customer satisfaction entered by staff on tickets and visits."""

    _inherit = "trade.satisfaction.mixin"

    @api.model
    def _trade_staff_rating_reviewer_group(self):
        return "trade_appraisal.group_trade_appraisal_hr"
