from odoo.tests import TransactionCase, tagged

from odoo.addons.trade_business_dept.text import join_names


@tagged("post_install", "-at_install")
class TestText(TransactionCase):
    def test_enumerations_in_the_readers_language(self):
        english = self.env(context={"lang": "en_US"})
        chinese = self.env(context={"lang": "zh_CN"})
        self.env["res.lang"]._activate_lang("zh_CN")
        self.assertEqual(
            join_names(english, ["VIS/001", "VIS/002"]), "VIS/001 and VIS/002"
        )
        self.assertEqual(
            join_names(english, ["VIS/001", "VIS/002", "VIS/003"]),
            "VIS/001, VIS/002, and VIS/003",
        )
        # Chinese enumerates with the enumeration comma (顿号) and 和
        self.assertEqual(
            join_names(chinese, ["宏达", "远航", "恒远"]), "宏达、远航和恒远"
        )
        self.assertEqual(join_names(chinese, [3, 7]), "3和7")
        self.assertEqual(join_names(chinese, ["宏达"]), "宏达")
