from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import TradeBusinessDeptCase


@tagged("post_install", "-at_install")
class TestGiftDeclaration(TradeBusinessDeptCase):
    def _declare(self, user=None, **values):
        return (
            self.env["trade.gift.declaration"]
            .with_user(user or self.salesperson)
            .create(
                dict(
                    {
                        "partner_id": self.key_customer.id,
                        "gift_type": "gift",
                        "description": "Box of mooncakes",
                        "estimated_value": 300,
                        "disposition": "handed_over",
                    },
                    **values,
                )
            )
        )

    def test_declare_and_acknowledge(self):
        declaration = self._declare()
        self.assertTrue(declaration.name.startswith("GIFT/"))
        self.assertEqual(declaration.user_id, self.salesperson)
        declaration.action_declare()
        self.assertEqual(declaration.state, "declared")
        declaration.with_user(self.manager).action_acknowledge()
        self.assertEqual(declaration.state, "acknowledged")
        self.assertEqual(declaration.acknowledged_by_id, self.manager)
        self.assertTrue(declaration.date_acknowledged)

    def test_negative_value_refused(self):
        with self.assertRaisesText(ValidationError, "cannot be negative"):
            self._declare(estimated_value=-10)
        self.assertFalse(
            self.env["trade.gift.declaration"].search(
                [("description", "=", "Box of mooncakes")]
            )
        )

    def test_salesperson_cannot_acknowledge(self):
        declaration = self._declare()
        declaration.action_declare()
        with self.assertRaisesText(UserError, "Only a business manager"):
            declaration.with_user(self.salesperson).action_acknowledge()
        self.assertEqual(declaration.state, "declared")

    def test_manager_cannot_acknowledge_own_declaration(self):
        declaration = self._declare(user=self.manager)
        declaration.action_declare()
        with self.assertRaisesText(UserError, "another manager"):
            declaration.with_user(self.manager).action_acknowledge()
        declaration.with_user(self.second_manager).action_acknowledge()
        self.assertEqual(declaration.acknowledged_by_id, self.second_manager)

    def test_draft_must_be_declared_before_acknowledgement(self):
        declaration = self._declare()
        with self.assertRaisesText(UserError, "Only submitted declarations"):
            declaration.with_user(self.manager).action_acknowledge()
        declaration.action_declare()
        with self.assertRaisesText(UserError, "already submitted"):
            declaration.action_declare()

    def test_submitted_declaration_is_locked_for_the_declarer(self):
        declaration = self._declare()
        declaration.action_declare()
        with self.assertRaisesText(UserError, "can no longer be changed"):
            declaration.write({"estimated_value": 10})
        self.assertEqual(declaration.estimated_value, 300)
        declaration.with_user(self.manager).write({"manager_comment": "Noted"})
        self.assertEqual(declaration.manager_comment, "Noted")

    def test_deletion(self):
        draft = self._declare()
        with self.assertRaises(AccessError):
            draft.unlink()
        submitted = self._declare()
        submitted.action_declare()
        with self.assertRaisesText(UserError, "cannot be deleted"):
            submitted.with_user(self.manager).unlink()
        draft.with_user(self.manager).unlink()
        self.assertFalse(draft.exists())

    def test_only_declarer_and_managers_read_a_declaration(self):
        declaration = self._declare()
        Declaration = self.env["trade.gift.declaration"]
        for outsider in (self.colleague, self.merchandiser, self.legal, self.employee):
            self.assertFalse(
                Declaration.with_user(outsider).search([("id", "=", declaration.id)]),
                outsider.name,
            )
            with self.assertRaises(AccessError):
                declaration.with_user(outsider).read(["description"])
        self.assertEqual(
            Declaration.with_user(self.manager).search([("id", "=", declaration.id)]),
            declaration,
        )
        self.assertEqual(
            declaration.with_user(self.salesperson).description, "Box of mooncakes"
        )

    def test_any_employee_can_declare(self):
        declaration = self._declare(user=self.employee)
        declaration.action_declare()
        self.assertEqual(declaration.state, "declared")

    def test_changes_are_tracked(self):
        declaration = self._declare()
        self.flush_tracking()  # declared the next day, in another transaction
        declaration.action_declare()
        declaration.with_user(self.manager).action_acknowledge()
        self.flush_tracking()
        tracked = declaration.sudo().message_ids.tracking_value_ids.field_id.mapped(
            "name"
        )
        self.assertIn("state", tracked)
        self.assertIn("acknowledged_by_id", tracked)
