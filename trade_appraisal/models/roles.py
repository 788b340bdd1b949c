"""The appraisal's roles: one home for the group names and the HR check."""

from odoo.exceptions import AccessError

#: The HR department's role in the appraisal.
HR_GROUP = "trade_appraisal.group_trade_appraisal_hr"
#: The business manager, who scores, interviews and develops their staff.
MANAGER_GROUP = "trade_business_dept.group_trade_manager"


def is_hr(env):
    """Whether the environment acts as the HR department (or the superuser)."""
    return env.su or env.user.has_group(HR_GROUP)


def check_hr(env, message):
    """Raise ``AccessError(message)`` unless the environment acts as HR.

    :param str message: what only HR does, already translated
        (``env._("...")`` at the caller, so that it is exported)
    """
    if not is_hr(env):
        raise AccessError(message)
