"""Every role opens every screen of its menus, as the web client does.

For each role of the department (and of the other trade addons when they are
installed), the test takes the menus of the *Business Department* app that
the role sees, and for each window action: loads its views (``get_views``),
reads the first records with the fields of the list or kanban view
(``web_search_read``) and the first one with the fields of the form
(``web_read``), x2many fields with the fields of their embedded list. An
Access Error anywhere fails the test with the role and the menu.

The records read are those of the database (the demo data in the test run);
without records, the views are still loaded.
"""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .common import TradeBusinessDeptCase

#: The roles and their groups; a group of an addon that is not installed
#: skips its role.
ROLES = {
    "salesperson": ["trade_business_dept.group_trade_salesperson"],
    "merchandiser": ["trade_business_dept.group_trade_merchandiser"],
    "manager": ["trade_business_dept.group_trade_manager"],
    "legal": ["trade_business_dept.group_trade_legal"],
    "credit_manager": ["trade_risk.group_trade_credit_manager"],
    "appraisal_hr": ["trade_appraisal.group_trade_appraisal_hr"],
    "employee": ["base.group_user"],
}
ROOT_MENU = "trade_business_dept.trade_business_dept_menu_root"
#: The demo staff, when the demo data is installed: their menus and records
#: are what a person trying the product meets.
DEMO_USERS = (
    "trade_business_dept.user_salesperson_li_demo",
    "trade_business_dept.user_merchandiser_demo",
    "trade_business_dept.user_manager_demo",
    "trade_business_dept.user_legal_demo",
    "trade_business_dept.user_production_demo",
    "trade_risk.user_credit_manager_demo",
    "trade_appraisal.user_hr_demo",
)
#: Menus of these addons count wherever they are (the appraisal's HR menus
#: are in the Employees app).
TRADE_ADDONS = ("trade_business_dept", "trade_risk", "trade_appraisal")
#: Roles that must see some of the department's menus.
DEPARTMENT_ROLES = ("salesperson", "merchandiser", "manager", "legal")
X2MANY = ("one2many", "many2many")
#: The server call each client action of the trade addons makes on opening
#: (model, method): a role that sees its menu must be able to make it.
CLIENT_ACTION_CALLS = {
    "trade_business_dept.dashboard": ("trade.dashboard", "get_dashboard"),
    "trade_risk.heat_map": ("trade.risk", "get_heat_map"),
}


def _field_spec(model, node):
    """The web client's specification of the fields shown under ``node``."""
    spec = {}
    for field_node in node.iter("field"):
        if _inside_subview(field_node, node):
            continue
        name = field_node.get("name")
        field = model._fields.get(name)
        if not field:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in X2MANY:
            subview = next(
                (child for child in field_node if child.tag in ("list", "kanban")),
                None,
            )
            comodel = model.env[field.comodel_name]
            spec[name] = {
                "fields": _field_spec(comodel, subview) if subview is not None else {}
            }
        else:
            spec[name] = {}
    return spec


def _inside_subview(field_node, root):
    """Whether the field belongs to the view of an x2many under ``root``."""
    parent = field_node.getparent()
    while parent is not None and parent is not root:
        if parent.tag == "field":
            return True
        parent = parent.getparent()
    return False


class RoleScreens:
    """How the web client opens the menus of a role (shared with the test of
    the Chinese screens)."""

    def _role_users(self):
        users = {}
        for role, xmlids in ROLES.items():
            groups = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in xmlids]
            if all(groups):
                users[role] = self._new_user(
                    f"trade_screens_{role}", f"Screens {role}", ",".join(xmlids)
                )
        for xmlid in DEMO_USERS:
            user = self.env.ref(xmlid, raise_if_not_found=False)
            if user:
                users[user.login] = user
        return users

    def _app_actions(self, user):
        """The window actions of the department's menus that ``user`` sees,
        as the web client loads them."""
        root = self.env.ref(ROOT_MENU)
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
        return [
            (menu["name"], self.env["ir.actions.act_window"].browse(menu["actionID"]))
            for key, menu in menus.items()
            if key != "root"
            and (
                menu["appID"] == root.id
                or (menu["xmlid"] or "").split(".")[0] in TRADE_ADDONS
            )
            and menu["actionModel"] == "ir.actions.act_window"
        ]

    def _app_client_actions(self, user):
        """The client actions of the trade addons' menus that ``user`` sees."""
        menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
        return [
            (menu["name"], self.env["ir.actions.client"].browse(menu["actionID"]))
            for key, menu in menus.items()
            if key != "root"
            and (menu["xmlid"] or "").split(".")[0] in TRADE_ADDONS
            and menu["actionModel"] == "ir.actions.client"
        ]

    def _eval(self, text, user):
        values = {
            "uid": user.id,
            "user": user,
            "time": time,
            "datetime": datetime,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "context_today": datetime.datetime.today,
            "current_date": time.strftime("%Y-%m-%d"),
            "allowed_company_ids": user.company_ids.ids,
            "active_id": False,
            "active_ids": [],
            "company_id": user.company_id.id,
        }
        return safe_eval(text or "{}", values) if text else None

    def _open(self, user, action):
        """Open ``action`` as ``user``: the views loaded (``get_views``) and
        the values read (first records of the list, the first record's form,
        the new record's defaults)."""
        context = self._eval(action.context, user) or {}
        domain = self._eval(action.domain, user) or []
        Model = self.env[action.res_model].with_user(user).with_context(**context)
        modes = action.view_mode.split(",")
        views = [
            [view.view_id.id or False, view.view_mode] for view in action.view_ids
        ] or [
            [action.view_id.id if mode == modes[0] else False, mode] for mode in modes
        ]
        if not any(mode == "search" for _id, mode in views):
            views.append([action.search_view_id.id or False, "search"])
        result = Model.get_views(views, {"load_filters": True})
        loaded = result["views"]
        for mode in ("list", "kanban"):
            if mode in loaded:
                arch = etree.fromstring(loaded[mode]["arch"])
                records = Model.web_search_read(
                    domain, _field_spec(Model, arch), limit=3
                )["records"]
                break
        else:
            records = Model.search_read(domain, ["id"], limit=3)
        if "form" not in loaded:
            return result, records
        arch = etree.fromstring(loaded["form"]["arch"])
        spec = _field_spec(Model, arch)
        if records:
            records += Model.browse([records[0]["id"]]).web_read(spec)
        if Model.has_access("create") and arch.get("create") not in ("0", "false"):
            # the New button: the form's defaults and onchanges
            records.append(Model.onchange({}, [], spec)["value"])
        return result, records


@tagged("post_install", "-at_install")
class TestRoleScreens(RoleScreens, TradeBusinessDeptCase):
    def test_every_role_opens_every_screen_of_its_menus(self):
        for role, user in self._role_users().items():
            actions = self._app_actions(user)
            if role in DEPARTMENT_ROLES:
                self.assertTrue(actions, f"{role} sees no menu of the department")
            for menu_name, action in actions:
                with self.subTest(role=role, menu=menu_name):
                    self._open(user, action)

    def test_every_role_opens_its_client_actions(self):
        """The dashboard and the other client actions of the menus load their
        data as every role that sees them."""
        for role, user in self._role_users().items():
            actions = self._app_client_actions(user)
            if role in ("salesperson", "merchandiser", "manager"):
                self.assertIn(
                    "trade_business_dept.dashboard",
                    [action.tag for _name, action in actions],
                    f"{role} has no dashboard",
                )
            for menu_name, action in actions:
                with self.subTest(role=role, menu=menu_name):
                    self.assertIn(
                        action.tag,
                        CLIENT_ACTION_CALLS,
                        "a client action of a menu needs its server call here",
                    )
                    model, method = CLIENT_ACTION_CALLS[action.tag]
                    getattr(self.env[model].with_user(user), method)()
