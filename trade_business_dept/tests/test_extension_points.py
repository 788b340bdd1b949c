from odoo_test_helper import FakeModelLoader

from odoo.exceptions import UserError
from odoo.tests import tagged

from .order_common import TradeOrderCase


@tagged("post_install", "-at_install")
class TestExtensionPoints(TradeOrderCase):
    """The mixins and rule lists, used by a model of a fake addon."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.loader = FakeModelLoader(cls.env, cls.__module__)
        cls.loader.backup_registry()
        from .fake_models import SaleOrder, TradeFakeCase

        cls.loader.update_registry((TradeFakeCase, SaleOrder))
        cls.env["ir.model.access"].create(
            {
                "name": "fake case salesperson",
                "model_id": cls.env["ir.model"]._get_id("trade.fake.case"),
                "group_id": cls.env.ref(
                    "trade_business_dept.group_trade_salesperson"
                ).id,
                "perm_read": True,
                "perm_write": True,
                "perm_create": True,
            }
        )
        cls.env["ir.sequence"].create(
            {
                "name": "Fake cases",
                "code": "trade.fake.case",
                "prefix": "FC",
                "padding": 3,
                "company_id": False,
            }
        )
        # a new company gets its own copy of the shared sequence
        cls.other_company = cls.env["res.company"].create({"name": "Branch Test"})
        cls.env["ir.sequence"].search(
            [
                ("code", "=", "trade.fake.case"),
                ("company_id", "=", cls.other_company.id),
            ]
        ).ensure_one().prefix = "BR"

    @classmethod
    def tearDownClass(cls):
        cls.loader.restore_registry()
        super().tearDownClass()

    def test_reference_from_the_company_sequence(self):
        Case = self.env["trade.fake.case"]
        ours = Case.create({"note": "a"})
        theirs = Case.create({"note": "b", "company_id": self.other_company.id})
        kept = Case.create({"note": "c", "name": "KEEP-1"})
        self.assertTrue(ours.name.startswith("FC"))
        self.assertTrue(theirs.name.startswith("BR"))
        self.assertEqual(kept.name, "KEEP-1")

    def test_workflow_fields_only_through_the_method(self):
        Case = self.env["trade.fake.case"].with_user(self.salesperson)
        case = Case.create({"note": "a"})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            case.write({"state": "approved"})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            Case.create({"note": "b", "approved_by_id": self.manager.id})
        with self.assertRaisesText(UserError, "cannot be written directly"):
            case.with_context(default_state="approved").write(
                {"approved_by_id": self.salesperson.id}
            )
        # the web client's save of unchanged values is accepted
        case.write({"state": "new", "note": "b"})
        from_context = Case.with_context(default_state="approved").create({})
        self.assertEqual(from_context.state, "new")
        case.action_approve()
        self.assertEqual(
            (case.state, case.approved_by_id), ("approved", self.salesperson)
        )
        self.assertEqual(case.copy().state, "new")

    def test_a_rule_added_by_another_addon(self):
        order = self._order(client_order_ref=False)
        with self.assertRaisesText(UserError, "purchase order reference"):
            order.with_user(self.salesperson).action_confirm()
        # and the field that addon protects is protected
        with self.assertRaisesText(UserError, "cannot be written directly"):
            order.with_user(self.salesperson).write({"client_order_ref": "PO-1"})
        order.sudo().client_order_ref = "PO-1"
        order.with_user(self.salesperson).action_confirm()
        self.assertEqual(order.state, "sale")
