"""Odoo's click-everywhere crawler on the department's app, as the demo
salesperson and the demo business manager: every menu of the app, every view
of each menu's action, every filter and group-by of its search view, clicked
in a real browser without an error (web/tests/test_click_everywhere.py runs
the same crawler on every app as admin and demo)."""

from odoo.tests import HttpCase, tagged

APP_MENU = "trade_business_dept.trade_business_dept_menu_root"
CLICK_EVERYWHERE = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    f".startClickEverywhere('{APP_MENU}');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    allow_end_on_form = True

    def _click_everywhere_as(self, xmlid):
        user = self.env.ref(xmlid, raise_if_not_found=False)
        if not user:
            self.skipTest("the department's demo users are installed with demo data")
        user.tour_enabled = False
        self.browser_js(
            "/odoo",
            CLICK_EVERYWHERE,
            "odoo.isReady === true",
            login=user.login,
            timeout=900,
            success_signal="clickbot test succeeded",
        )

    def test_click_everywhere_as_salesperson(self):
        self._click_everywhere_as("trade_business_dept.user_salesperson_li_demo")

    def test_click_everywhere_as_manager(self):
        self._click_everywhere_as("trade_business_dept.user_manager_demo")
