"""18.0.1.1.0: the department's scope and internal quality cases.

- The department's rules now apply to the sales teams marked as the business
  department, or to every order by one setting. A database upgraded from an
  earlier version kept them for every order: the setting is switched on for
  every company, so nothing changes until an admin narrows it to teams.
- The legal review belongs to the legal department alone: the business
  manager group no longer implies the legal reviewer group (the group data
  now sets its implied groups), and the managers who had the legal group only
  through it lose it (the administrators keep it).
- Internal quality cases (failed acceptance inspections) are not shown on the
  customer portal: the portal rule, loaded once (noupdate), is updated.
"""

from odoo import SUPERUSER_ID, api

PORTAL_TICKET_DOMAIN = (
    "[('commercial_partner_id', '=', user.partner_id.commercial_partner_id.id), "
    "('is_internal', '=', False)]"
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.company"].search([]).write({"trade_scope_all_orders": True})
    rule = env.ref(
        "trade_business_dept.trade_service_ticket_rule_portal",
        raise_if_not_found=False,
    )
    if rule:
        rule.domain_force = PORTAL_TICKET_DOMAIN
    manager = env.ref("trade_business_dept.group_trade_manager")
    legal = env.ref("trade_business_dept.group_trade_legal")
    admins = env.ref("base.user_root") | env.ref("base.user_admin")
    implied_legal = manager.users.filtered(lambda user: legal in user.groups_id)
    (implied_legal - admins).write({"groups_id": [(3, legal.id)]})
