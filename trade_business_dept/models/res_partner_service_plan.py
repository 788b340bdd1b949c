# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.tools.misc import format_date


class ResPartner(models.Model):
    """The key customer's service plan (R3.1.3): its summary (text), its
    actions with owners and due dates, and its review on the review date."""

    _inherit = "res.partner"

    trade_service_plan_action_ids = fields.One2many(
        comodel_name="trade.service.plan.action",
        inverse_name="partner_id",
        string="Service Plan Actions",
        groups="trade_business_dept.group_trade_salesperson",
    )
    trade_service_plan_review_notified = fields.Date(
        string="Service Plan Review Scheduled For",
        readonly=True,
        copy=False,
        groups="trade_business_dept.group_trade_salesperson",
        help="The review date for which the salesperson got his review activity.",
    )

    @api.model
    def _trade_workflow_fields(self):
        return super()._trade_workflow_fields() | {
            "trade_service_plan_review_notified",
        }

    def _trade_schedule_service_plan_reviews(self):
        """One activity "Review the service plan" for the salesperson of each
        customer, in his language, once per review date."""
        activity_type = self.env.ref(
            "trade_business_dept.mail_activity_type_trade_service_plan_review"
        )
        today = fields.Date.context_today(self)
        for partner in self:
            env = partner.with_context(lang=partner.user_id.lang).env
            review_date = partner.trade_service_plan_review_date
            partner.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=max(review_date, today),
                summary=env._("Review the service plan"),
                note=env._(
                    "The service plan of %(customer)s is due for review since "
                    "%(date)s: check its actions with the customer, add the "
                    "next ones and set the next review date.",
                    customer=partner.display_name,
                    date=format_date(env, review_date),
                ),
                user_id=partner.user_id.id,
            )
            partner._trade_workflow_write(
                {"trade_service_plan_review_notified": review_date}, access=None
            )
