"""Stored computed columns of Odoo's models initialised with SQL.

When an addon adds a stored computed field to a model, Odoo computes it for
every existing row at installation, loading the records through the ORM in
batches: on a live database with tens of thousands of orders or deliveries
that is most of the installation's time, to compute values known in advance
(the fields the computation reads are created empty by the same
installation). ``create_column`` creates such a column before Odoo looks at
it, so that Odoo takes it as existing and computes nothing; the caller
fills it with one SQL statement when its value is not empty.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column


def create_empty_column(model, field_name):
    """Create the column of ``field_name`` on ``model``'s table, empty, unless
    it exists; return whether it was created."""
    field = model._fields[field_name]
    cr = model.env.cr
    if column_exists(cr, model._table, field_name):
        return False
    create_column(cr, model._table, field_name, field.column_type[1], field.string)
    return True


def any_value(cr, table, column):
    """Whether the column exists and holds a value in some row."""
    if not column_exists(cr, table, column):
        return False
    cr.execute(
        SQL(
            "SELECT 1 FROM %s WHERE %s IS NOT NULL LIMIT 1",
            SQL.identifier(table),
            SQL.identifier(column),
        )
    )
    return bool(cr.fetchone())
