"""The table-driven check of ``trade.workflow.mixin``, shared by the addons.

A test lists, per model, a record, the values of a minimal ``create`` and
the users to try; :meth:`WorkflowFieldsTestMixin.assertWorkflowFieldsGuarded`
then tries, for every workflow field of the model and every user, to write
another value on the record and to create a record with it, and expects a
refusal each time with nothing written.
"""

from datetime import date, datetime, timedelta

from odoo.exceptions import UserError

# AccessError is a UserError: both count as a refusal
REFUSALS = UserError


class WorkflowFieldsTestMixin:
    def assertWorkflowFieldsGuarded(
        self, record, users, create_vals=None, skip=(), must_cover=()
    ):
        """Every workflow field of ``record``'s model, written or created
        directly by each of ``users``, is refused and left unchanged.

        :param dict create_vals: a valid ``create`` of the model by those
            users, to which each workflow field is added in turn; ``None``
            when the users cannot create such records at all
        :param skip: workflow fields not tried (say why in the test)
        :param must_cover: fields the model must list as workflow fields
        """
        model = record.env[record._name]
        protected = model._trade_workflow_fields()
        missing = set(must_cover) - protected
        self.assertFalse(missing, f"{record._name} does not protect {sorted(missing)}")
        for name in sorted(protected - set(skip)):
            value = self._workflow_other_value(record, name)
            for user in users:
                self._assert_write_refused(record, user, name, value)
                if create_vals is not None:
                    self._assert_create_refused(model, user, create_vals, name, value)

    def _assert_write_refused(self, record, user, name, value):
        with self.subTest(model=record._name, field=name, user=user.login, op="write"):
            before = record.sudo()[name]
            with self.assertRaises(REFUSALS):
                record.with_user(user).write({name: value})
            record.invalidate_recordset()
            self.assertEqual(record.sudo()[name], before)

    def _assert_create_refused(self, model, user, create_vals, name, value):
        with self.subTest(model=model._name, field=name, user=user.login, op="create"):
            count = model.sudo().search_count([])
            with self.assertRaises(REFUSALS):
                model.with_user(user).create(dict(create_vals, **{name: value}))
            self.assertEqual(model.sudo().search_count([]), count)

    def _workflow_other_value(self, record, name):
        """A value of the field that differs from the record's (and is not
        empty, so that it is never the field's default)."""
        record = record.sudo()
        field = record._fields[name]
        current = record[name]
        if field.type == "selection":
            options = [
                key
                for key, __ in field._description_selection(record.env)
                if key != current
            ]
            return options[-1]
        if field.type == "many2one":
            other = record.env[field.comodel_name].search(
                [("id", "!=", current.id)], limit=1
            )
            return other.id
        if field.type in ("one2many", "many2many"):
            other = record.env[field.comodel_name].search(
                [("id", "not in", current.ids)], limit=1
            )
            return [(4, other.id)]
        if field.type == "date":
            return (current or date(2026, 1, 5)) + timedelta(days=3)
        if field.type == "datetime":
            return (current or datetime(2026, 1, 5, 9, 0)) + timedelta(days=3)
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        return f"{current or ''} changed"
