from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class TradeServicePortal(CustomerPortal):
    """The customer's after-sales tickets on the portal: list, detail, and a
    form on each order to report a problem (R3.5.1)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "trade_ticket_count" in counters:
            Ticket = request.env["trade.service.ticket"]
            values["trade_ticket_count"] = (
                Ticket.search_count([]) if Ticket.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_trade_tickets(self, page=1, **kwargs):
        Ticket = request.env["trade.service.ticket"]
        count = Ticket.search_count([])
        pager = portal_pager(
            url="/my/tickets", total=count, page=page, step=self._items_per_page
        )
        tickets = Ticket.search(
            [], order="id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "tickets": tickets,
                "page_name": "trade_ticket",
                "pager": pager,
                "default_url": "/my/tickets",
            }
        )
        return request.render("trade_business_dept.portal_my_trade_tickets", values)

    @http.route(
        ["/my/tickets/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def portal_my_trade_ticket(self, ticket_id, access_token=None, **kwargs):
        try:
            ticket_sudo = self._document_check_access(
                "trade.service.ticket", ticket_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            ticket_sudo,
            access_token,
            {"ticket": ticket_sudo, "page_name": "trade_ticket"},
            "my_trade_tickets_history",
            False,
        )
        return request.render("trade_business_dept.portal_trade_ticket_page", values)

    @http.route(
        ["/my/orders/<int:order_id>/ticket"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_order_trade_ticket(self, order_id, access_token=None, **post):
        try:
            order_sudo = self._document_check_access(
                "sale.order", order_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        errors = {}
        if request.httprequest.method == "POST":
            title = (post.get("title") or "").strip()
            description = (post.get("description") or "").strip()
            ticket_type = post.get("ticket_type")
            if not title:
                errors["title"] = True
            if not description:
                errors["description"] = True
            if ticket_type not in ("feedback", "quality", "complaint"):
                errors["ticket_type"] = True
            if not errors:
                ticket = request.env["trade.service.ticket"]._create_from_portal(
                    order_sudo, title, description, ticket_type, post.get("urgency")
                )
                return request.redirect(
                    f"/my/tickets/{ticket.id}?access_token={ticket._portal_ensure_token()}"
                )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "sale_order": order_sudo,
                "access_token": access_token,
                "errors": errors,
                "post": post,
                "page_name": "trade_ticket",
            }
        )
        return request.render("trade_business_dept.portal_trade_ticket_form", values)
