# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import models

from ..text import join_names


class SaleOrder(models.Model):
    """What the customer is told while the order is executed: the delay
    notice, the progress with the tracking numbers, and after the acceptance
    inspection the request to pay and take delivery with the invoices."""

    _inherit = "sale.order"

    def action_trade_open_delay_notice(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notify Customer of a Delay"),
            "res_model": "trade.order.delay.notice",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def action_trade_send_progress(self):
        """Mail the customer where the order stands (stage, dates, tracking)."""
        template = self.env.ref(
            "trade_business_dept.mail_template_trade_order_progress"
        )
        for order in self:
            order.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _trade_tracking_numbers(self):
        """Tracking numbers of the order's done deliveries."""
        self.ensure_one()
        pickings = self.picking_ids.filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "outgoing"
                and picking.carrier_tracking_ref
            )
        )
        return join_names(self.env, pickings.mapped("carrier_tracking_ref"))

    def _trade_send_acceptance_notice(self):
        """After a passed inspection: ask the customer to pay and take delivery,
        with the posted invoices attached."""
        template = self.env.ref(
            "trade_business_dept.mail_template_trade_order_acceptance"
        )
        Report = self.env["ir.actions.report"]
        for order in self:
            invoices = order.invoice_ids.filtered(
                lambda move: move.state == "posted" and move.move_type == "out_invoice"
            )
            attachments = self.env["ir.attachment"]
            for invoice in invoices:
                content, _report_type = Report._render_qweb_pdf(
                    "account.account_invoices", invoice.ids
                )
                attachments |= attachments.create(
                    {
                        "name": f"{invoice.name.replace('/', '_')}.pdf",
                        "raw": content,
                        "res_model": order._name,
                        "res_id": order.id,
                        "mimetype": "application/pdf",
                    }
                )
            order.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                attachment_ids=attachments.ids,
            )
            finance_user = order.company_id.trade_finance_user_id
            if not invoices and finance_user:
                self.env["trade.handoff"].sudo().create(
                    {
                        "name": self.env._(
                            "Order %s accepted by the customer: invoice it", order.name
                        ),
                        "department": "finance",
                        "user_id": finance_user.id,
                        "company_id": order.company_id.id,
                        "order_id": order.id,
                    }
                )
