from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import MANAGER, give_default_credit
from .multi_company_common import allowed, second_company
from .order_common import TradeOrderCase

#: Child records that take the company of the record they belong to.
CHILD_MODELS = {
    "trade.contract.review": "contract_id",
    "trade.meeting.action": "meeting_id",
    "trade.order.stage.log": "order_id",
    "trade.service.action": "ticket_id",
}


@tagged("post_install", "-at_install")
class TestMultiCompany(TradeOrderCase):
    """Two companies, one in CNY and one in USD, users in one or both:
    settings, references, records and the dashboard are each company's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other, _cny, _usd = second_company(cls.env)
        give_default_credit(cls.other)
        cls.other.write({"trade_scope_all_orders": True, "trade_order_checks": False})
        # managers see every record of their companies: only the company hides
        cls.user_a = cls._company_user("trade_mc_a", cls.company, MANAGER)
        cls.user_b = cls._company_user("trade_mc_b", cls.other, MANAGER)
        cls.manager_ab = cls._company_user(
            "trade_mc_ab", cls.company | cls.other, MANAGER
        )
        cls.goods = cls.env["product.product"].create(
            {"name": "Copper fitting", "type": "consu", "list_price": 10.0}
        )

    @classmethod
    def _company_user(cls, login, companies, groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            tz="UTC",
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )

    def _visit(self, company, user=None):
        Visit = self.env["trade.visit"].with_user(user or self.manager_ab)
        return allowed(Visit, company).create(
            {
                "partner_id": self.key_customer.id,
                "user_id": (user or self.manager_ab).id,
                "date_planned": datetime(2026, 3, 2, 9, 0),
                "purpose": "Present the new valve range",
            }
        )

    def _confirmed_order(self, company, amount):
        Order = allowed(self.env["sale.order"].with_user(self.manager_ab), company)
        order = Order.create(
            {
                "partner_id": self.key_customer.id,
                "user_id": self.manager_ab.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.goods.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        return order

    def test_settings_are_per_company(self):
        Settings = self.env["res.config.settings"]
        rules = {
            name: field
            for name, field in Settings._fields.items()
            if name.startswith("trade_")
        }
        self.assertFalse(
            [
                name
                for name, field in rules.items()
                if getattr(field, "config_parameter", None)
            ],
            "no rule of the department is a global parameter",
        )
        self.assertFalse(
            [
                name
                for name, field in rules.items()
                if field.related and field.related.split(".")[0] != "company_id"
            ]
        )
        Settings.with_company(self.other).create(
            {"trade_followup_days_key": 7, "trade_shipping_lead_days": 5}
        ).execute()
        self.assertEqual(
            (self.other.trade_followup_days_key, self.other.trade_shipping_lead_days),
            (7, 5),
        )
        self.assertEqual(
            (
                self.company.trade_followup_days_key,
                self.company.trade_shipping_lead_days,
            ),
            (14, 2),
        )
        settings = Settings.with_company(self.company).create({})
        self.assertEqual(settings.trade_followup_days_key, 14)

    def test_each_company_numbers_its_own_references(self):
        codes = {
            self.env[name]._trade_sequence_code
            for name in self.env["trade.reference.mixin"]._inherit_children
        } - {None}
        for company in self.company | self.other:
            sequences = self.env["ir.sequence"].search(
                [("code", "in", list(codes)), ("company_id", "=", company.id)]
            )
            self.assertEqual(set(sequences.mapped("code")), codes, company.name)
        first_a = self._visit(self.company)
        first_b = self._visit(self.other)
        second_b = self._visit(self.other)
        second_a = self._visit(self.company)
        self.assertEqual(
            (first_a.company_id, first_b.company_id), (self.company, self.other)
        )
        # a new company starts at 1, each counts its own
        self.assertEqual((first_b.name[-5:], second_b.name[-5:]), ("/0001", "/0002"))
        self.assertEqual(int(second_a.name[-4:]), int(first_a.name[-4:]) + 1)

    def test_records_of_another_company_are_invisible(self):
        visit_a = self._visit(self.company)
        visit_b = self._visit(self.other)
        both = visit_a | visit_b
        Visit = self.env["trade.visit"]
        self.assertEqual(
            Visit.with_user(self.user_a).search([("id", "in", both.ids)]), visit_a
        )
        with self.assertRaises(AccessError):
            visit_b.with_user(self.user_a).read(["name"])
        self.assertEqual(
            Visit.with_user(self.user_b).search([("id", "in", both.ids)]), visit_b
        )
        manager = Visit.with_user(self.manager_ab)
        self.assertEqual(
            allowed(manager, self.other).search([("id", "in", both.ids)]), visit_b
        )
        self.assertEqual(
            allowed(manager, self.company, self.other).search([("id", "in", both.ids)]),
            both,
        )
        # a user cannot file a record in a company he does not work in
        with self.assertRaises(AccessError):
            Visit.with_user(self.user_a).create(
                {
                    "partner_id": self.key_customer.id,
                    "user_id": self.user_a.id,
                    "company_id": self.other.id,
                    "purpose": "Sneak into the other company",
                }
            )

    def test_every_model_with_a_company_has_a_company_rule(self):
        rules = self.env["ir.rule"].search([("global", "=", True)])
        guarded = {
            rule.model_id.model
            for rule in rules
            if "company_ids" in (rule.domain_force or "")
        }
        missing = []
        for name in self.env:
            model = self.env[name]
            if (
                name.startswith("trade.")
                and not model._abstract
                and not model._transient
                and "company_id" in model._fields
                and name not in guarded
            ):
                missing.append(name)
        self.assertFalse(missing, "models of a company without a company rule")
        for name, parent in CHILD_MODELS.items():
            field = self.env[name]._fields["company_id"]
            self.assertEqual(field.related, f"{parent}.company_id", name)
            self.assertTrue(field.store, name)

    def test_an_orders_stage_changes_belong_to_its_company(self):
        order = self._confirmed_order(self.other, 500.0)
        logs = (
            self.env["trade.order.stage.log"]
            .sudo()
            .search([("order_id", "=", order.id)])
        )
        self.assertTrue(logs)
        self.assertEqual(logs.company_id, self.other)
        Log = self.env["trade.order.stage.log"]
        self.assertFalse(
            allowed(Log.with_user(self.manager_ab), self.company).search(
                [("id", "in", logs.ids)]
            )
        )
        self.assertEqual(
            allowed(Log.with_user(self.manager_ab), self.other).search(
                [("id", "in", logs.ids)]
            ),
            logs,
        )

    def test_dashboard_shows_the_active_company(self):
        self._confirmed_order(self.company, 1000.0)
        self._confirmed_order(self.other, 300.0)
        Dashboard = self.env["trade.dashboard"].with_user(self.manager_ab)
        before = {
            company: allowed(Dashboard, company)._sales_month()
            for company in self.company | self.other
        }
        self._confirmed_order(self.other, 200.0)
        in_a = allowed(Dashboard, self.company).get_dashboard()
        in_b = allowed(Dashboard, self.other, self.company).get_dashboard()
        sales = {
            data["company"]: next(c for c in data["cards"] if c["key"] == "sales")
            for data in (in_a, in_b)
        }
        self.assertEqual(in_b["currency_id"], self.other.currency_id.id)
        self.assertEqual(
            sales[self.company.name]["value"], before[self.company], "B's order"
        )
        self.assertEqual(sales[self.other.name]["value"], before[self.other] + 200.0)
        self.assertEqual(before[self.other], 300.0)
