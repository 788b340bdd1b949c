from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    trade_business_dept = fields.Boolean(
        string="Business Department",
        help="The department's rules (confirmation checks, floor prices, "
        "contracts, credit control, shipping checks, order tracking) apply to "
        "this team's orders; other teams keep Odoo's standard behaviour.",
    )
