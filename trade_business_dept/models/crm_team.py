from odoo import api, fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    trade_business_dept = fields.Boolean(
        string="Business Department",
        help="The department's rules (confirmation checks, floor prices, "
        "contracts, credit control, shipping checks, order tracking) apply to "
        "this team's orders; other teams keep Odoo's standard behaviour.",
    )
    trade_merchandiser_id = fields.Many2one(
        comodel_name="res.users",
        string="Merchandiser",
        domain="[('share', '=', False)]",
        help="Follows the execution of the team's orders, unless the customer "
        "has a merchandiser of its own.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        if any(vals.get("trade_business_dept") for vals in vals_list):
            teams._trade_scope_changed()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if "trade_business_dept" in vals:
            self._trade_scope_changed()
        return result

    @api.model
    def _trade_scope_changed(self):
        """Orders that enter the department's scope get their tracking stage
        at the next run of the tracking job, started now in the background."""
        self.env.ref("trade_business_dept.ir_cron_trade_order_tracking")._trigger()
