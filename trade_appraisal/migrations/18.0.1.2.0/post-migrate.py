from odoo import SUPERUSER_ID, api

AWARD_MANAGER_DOMAIN = (
    "['&', ('user_id', '!=', user.id), '|', '|', "
    "('proposed_by_id', '=', user.id), "
    "('employee_id', 'child_of', user.employee_ids.ids), "
    "('employee_id.department_id.manager_id.user_id', '=', user.id)]"
)


def migrate(cr, version):
    """A business manager no longer sees or proposes special awards for
    himself: the record rule is ``noupdate`` data the update does not rewrite."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref(
        "trade_appraisal.trade_appraisal_award_rule_manager", raise_if_not_found=False
    )
    if rule and "('user_id', '!=', user.id)" not in rule.domain_force:
        rule.write(
            {
                "name": "Special awards: the manager's department and proposals, "
                "not his own",
                "domain_force": AWARD_MANAGER_DOMAIN,
            }
        )
