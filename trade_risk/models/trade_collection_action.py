from odoo import api, fields, models

from .res_company import COLLECTION_STEPS


class TradeCollectionAction(models.Model):
    _name = "trade.collection.action"
    _description = "Collection Step Taken"
    _inherit = ["trade.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        readonly=True,
    )
    currency_id = fields.Many2one(
        related="company_id.currency_id",
    )
    step = fields.Selection(
        selection=COLLECTION_STEPS,
        required=True,
        readonly=True,
    )
    date = fields.Date(
        required=True,
        readonly=True,
    )
    overdue_amount = fields.Monetary(
        readonly=True,
        currency_field="currency_id",
        aggregator="sum",
    )
    overdue_days = fields.Integer(
        string="Days Overdue",
        readonly=True,
        aggregator="max",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assigned To",
        readonly=True,
        help="Who got the call, follow-up or escalation activity.",
    )
    salesperson_id = fields.Many2one(
        related="partner_id.user_id",
        string="Salesperson",
    )

    @api.model
    def _trade_workflow_fields(self):
        # a log written by the collection ladder alone
        return super()._trade_workflow_fields() | {
            "partner_id",
            "company_id",
            "step",
            "date",
            "overdue_amount",
            "overdue_days",
            "user_id",
        }
