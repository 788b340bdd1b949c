from odoo import fields, models


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
