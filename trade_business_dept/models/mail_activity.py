from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        partners = self._trade_contacted_partners()
        handoffs = (
            self.env["trade.handoff"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "open")])
        )
        meeting_actions = (
            self.env["trade.meeting.action"]
            .sudo()
            .search([("activity_id", "in", self.ids), ("state", "=", "open")])
        )
        plan_actions = (
            self.env["trade.service.plan.action"]
            .sudo()
            .search([("overdue_activity_id", "in", self.ids), ("state", "=", "todo")])
        )
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if partners:
            partners._trade_refresh_contact_dates()
        # the activity's owner did the work: the record follows, whoever it is
        handoffs._trade_workflow_write(
            {"state": "done", "date_done": fields.Date.context_today(self)},
            access=None,
        )
        meeting_actions._trade_workflow_write({"state": "done"}, access=None)
        plan_actions._trade_workflow_write(
            {"state": "done", "date_done": fields.Date.context_today(self)},
            access=None,
        )
        return result

    def _trade_contacted_partners(self):
        """Customers that a completed activity counts as a contact with."""
        partner_ids = set()
        lead_ids = set()
        visit_ids = set()
        for activity in self:
            if activity.res_model == "res.partner":
                partner_ids.add(activity.res_id)
            elif activity.res_model == "crm.lead":
                lead_ids.add(activity.res_id)
            elif activity.res_model == "trade.visit":
                visit_ids.add(activity.res_id)
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        leads = self.env["crm.lead"].sudo().browse(lead_ids).exists()
        visits = self.env["trade.visit"].sudo().browse(visit_ids).exists()
        return (partners | leads.partner_id | visits.partner_id).filtered(
            "commercial_partner_id.trade_customer_tier"
        )
