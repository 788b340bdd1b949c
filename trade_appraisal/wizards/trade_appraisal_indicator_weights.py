from odoo import api, fields, models

from ..models.roles import check_hr


class TradeAppraisalIndicatorWeights(models.TransientModel):
    _name = "trade.appraisal.indicator.weights"
    _description = "Adjust Indicator Weights"

    line_ids = fields.One2many(
        comodel_name="trade.appraisal.indicator.weights.line",
        inverse_name="wizard_id",
        string="Indicators",
    )
    total_weight = fields.Float(
        digits=(5, 2),
        compute="_compute_total_weight",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "line_ids" in fields_list:
            indicators = self.env["trade.appraisal.indicator"].with_context(
                active_test=False
            )
            values["line_ids"] = [
                fields.Command.create(
                    {
                        "indicator_id": indicator.id,
                        "weight": indicator.weight,
                        "is_active": indicator.active,
                    }
                )
                for indicator in indicators.search([])
            ]
        return values

    @api.depends("line_ids.weight", "line_ids.is_active")
    def _compute_total_weight(self):
        for wizard in self:
            wizard.total_weight = sum(
                line.weight for line in wizard.line_ids if line.is_active
            )

    def action_confirm(self):
        self.ensure_one()
        check_hr(
            self.env, self.env._("Indicator weights are set by the HR department.")
        )
        self.env["trade.appraisal.indicator"]._set_weights(
            {
                line.indicator_id: {"weight": line.weight, "active": line.is_active}
                for line in self.line_ids
            }
        )
        return {"type": "ir.actions.act_window_close"}
