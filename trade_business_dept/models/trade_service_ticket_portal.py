# One concern of the model per file (see the class docstring): the model is
# inherited in several files of this addon on purpose.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, models


class TradeServiceTicket(models.Model):
    """Tickets from outside: e-mails to the after-sales alias and problems
    reported by the customer on the portal page of an order (R3.5.1)."""

    _inherit = "trade.service.ticket"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an e-mail to the after-sales alias."""
        values = dict(custom_values or {})
        author = self.env["res.partner"].browse(msg_dict.get("author_id"))
        values.setdefault("title", msg_dict.get("subject") or self.env._("E-mail"))
        values.setdefault("email_from", msg_dict.get("email_from"))
        if author:
            values.setdefault("partner_id", author.id)
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _create_from_portal(self, order, title, description, ticket_type, urgency=None):
        """A ticket the customer reported from the portal page of ``order``."""
        order.ensure_one()
        urgencies = dict(self._fields["urgency"].selection)
        return self.sudo().create(
            {
                "title": title,
                "description": description,
                "ticket_type": ticket_type,
                "urgency": urgency if urgency in urgencies else "normal",
                "partner_id": order.partner_id.id,
                "sale_order_id": order.id,
                "company_id": order.company_id.id,
                "product_id": order.order_line.product_id[:1].id,
            }
        )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"
        return result
