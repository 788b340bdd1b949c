"""Every role's screens in Chinese: nothing the addons write stays English.

For each demo user of the department, in Simplified Chinese, the test opens
every menu of the role as the web client does (see :mod:`test_role_screens`)
and collects every text shown: the menu names, the labels, help texts and
selection values of the views and their fields, the values read from the
first records, the new record's defaults, and the data of the client actions
(the dashboard, the heat map). A text that is, as a whole, one of the
addons' own messages with a Chinese translation (a ``msgid`` of
``trade_*/i18n/zh_CN.po``) is English left on a Chinese screen.
"""

import re

from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools.translate import PoFileReader

from .common import TradeBusinessDeptCase
from .test_role_screens import (
    CLIENT_ACTION_CALLS,
    DEMO_USERS,
    TRADE_ADDONS,
    RoleScreens,
)

#: Attributes of a view whose text is shown (Odoo translates these).
SHOWN_ATTRIBUTES = (
    "string",
    "help",
    "sum",
    "confirm",
    "placeholder",
    "title",
    "alt",
    "aria-label",
    "data-tooltip",
)
#: Texts of the addons' catalogues that are the same words in both
#: languages on a Chinese screen (codes, names, abbreviations).
SAME_IN_CHINESE = {"Incoterms", "FOB", "CIF", "EXW", "CFR", "DAP", "DDP"}
#: Odoo's own English on the screens of the menus (not the addons' text):
#: the icon of the customer on the project's kanban card, untranslated in
#: Odoo's ``project/i18n/zh_CN.po``.
ODOO_ENGLISH = {"Partner"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _english_messages():
    """The addons' texts that have a Chinese translation."""
    messages = set()
    for addon in TRADE_ADDONS:
        path = get_module_path(addon)
        if not path:
            continue
        for entry in PoFileReader(f"{path}/i18n/zh_CN.po"):
            text = entry["src"].strip()
            # whole words only: a single letter or a code is no English
            if (
                entry["value"]
                and entry["value"].strip() != text
                and len(re.findall(r"[A-Za-z]{2,}", text)) >= 1
                and len(text) >= 4
                and text not in SAME_IN_CHINESE
                # a bilingual name, Chinese first, is no English text
                and not CJK.search(text)
            ):
                messages.add(text)
    return messages


def _texts(value):
    """Every text in ``value`` (a client action's data)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def _record_texts(model, values):
    """The texts of the values read of ``model`` (``web_search_read``,
    ``web_read``, ``onchange``) that follow the reader's language: the
    translatable fields, and the names of the linked records of the addons'
    models named by a translatable field (stages, indicators, levels).

    Other stored text (a note, a generated name, duties) was written once
    in the language of whom it was written for, which the tests of each
    writer check; selection keys are no text shown."""
    for name, value in values.items():
        field = model._fields.get(name)
        if not field or field.type == "selection":
            continue
        where = f"{model._name}.{name}"
        if field.translate and isinstance(value, str):
            yield value, where
        elif field.type == "many2one" and isinstance(value, dict):
            comodel = model.env[field.comodel_name]
            rec_name = comodel._fields.get(comodel._rec_name or "")
            if (
                comodel._original_module in TRADE_ADDONS
                and rec_name
                and rec_name.translate
            ):
                yield value.get("display_name") or "", where
        elif field.type in ("one2many", "many2many") and isinstance(value, list):
            comodel = model.env[field.comodel_name]
            for line in value:
                if isinstance(line, dict):
                    yield from _record_texts(comodel, line)


def _view_texts(env, result):
    """The texts a ``get_views`` result shows: the arches' text and shown
    attributes, and the labels, help and selection values of the addons'
    fields (Odoo's own fields are translated by Odoo), with where they are."""
    for view in result["views"].values():
        arch = etree.fromstring(view["arch"])
        for node in arch.iter():
            if not isinstance(node.tag, str):
                continue
            if node.tag == "search" and node.getparent() is None:
                continue  # the search view's own title is not shown
            where = f"<{node.tag} {node.get('name') or ''}>"
            yield node.text or "", where
            yield node.tail or "", where
            for attribute in SHOWN_ATTRIBUTES:
                if node.get(attribute):
                    yield node.get(attribute), f"{where} {attribute}"
        for fltr in view.get("filters", []):
            yield fltr.get("name") or "", "filter"
    for model_name, model in result["models"].items():
        for name, description in model["fields"].items():
            field = env[model_name]._fields.get(name)
            if not field or field._module not in TRADE_ADDONS:
                continue
            where = f"{model_name}.{name}"
            yield description.get("string") or "", where
            yield description.get("help") or "", f"{where} help"
            for _key, label in description.get("selection") or []:
                yield label, f"{where} selection"


@tagged("post_install", "-at_install")
class TestRoleScreensChinese(RoleScreens, TradeBusinessDeptCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.company.partner_id.lang = "zh_CN"
        cls.env = cls.env(context=dict(cls.env.context, lang="zh_CN"))
        cls.messages = _english_messages()

    def _leftovers(self, texts):
        """The texts (``(text, where)`` pairs or texts) that are English
        messages of the addons."""
        found = set()
        for item in texts:
            text, where = item if isinstance(item, tuple) else (item, "")
            text = (text or "").strip()
            if text in self.messages and text not in ODOO_ENGLISH:
                found.add(f"{text} ({where})" if where else text)
        return sorted(found)

    def test_every_role_reads_its_screens_in_chinese(self):
        users = [self.env.ref(xmlid, raise_if_not_found=False) for xmlid in DEMO_USERS]
        users = [user for user in users if user]
        if not users:
            self.skipTest("the screens in Chinese are those of the demo staff")
        self.assertTrue(self.messages, "the addons' Chinese catalogues are read")
        root = self.env.ref("trade_business_dept.trade_business_dept_menu_root")
        self.assertNotEqual(
            root.name,
            root.with_context(lang="en_US").name,
            "the screens are read in Chinese",
        )
        for user in users:
            user.lang = "zh_CN"
            menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
            with self.subTest(user=user.login, menu="menus"):
                self.assertFalse(
                    self._leftovers(menu["name"] for menu in menus.values()),
                    "menu names in English",
                )
            for menu_name, action in self._app_actions(user):
                with self.subTest(user=user.login, menu=menu_name):
                    result, records = self._open(user, action)
                    self.assertFalse(
                        self._leftovers(
                            [(action.name, "action"), *_view_texts(self.env, result)]
                        ),
                        "labels in English",
                    )
                    model = self.env[action.res_model]
                    self.assertFalse(
                        self._leftovers(
                            text
                            for values in records
                            for text in _record_texts(model, values)
                        ),
                        "values in English",
                    )
            for menu_name, action in self._app_client_actions(user):
                with self.subTest(user=user.login, menu=menu_name):
                    model, method = CLIENT_ACTION_CALLS[action.tag]
                    data = getattr(self.env[model].with_user(user), method)()
                    self.assertFalse(
                        self._leftovers(_texts(data)), "client action in English"
                    )
