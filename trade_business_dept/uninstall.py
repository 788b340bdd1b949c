"""What an addon of the department does before Odoo removes its data.

Odoo uninstalls an addon by deleting its data records (stages, indicators,
periods, ...) one by one, then its fields' columns, then its models' tables.
Records the department wrote itself (stage logs, scorecards, ...) still point
to those data records with ``ondelete='restrict'`` foreign keys at that time,
so each deletion fails, is logged as an error and retried, and the record is
only removed with its table. Dropping those foreign keys first (the columns
and tables that hold them are removed by the same uninstall) lets Odoo delete
the data cleanly.
"""

from odoo.tools import SQL


def _own_tables(env, module):
    return {
        model._table
        for model in env.registry.values()
        if model._original_module == module and model._auto and not model._abstract
    }


def _own_columns(env, module):
    return {
        (model._table, name)
        for model in env.registry.values()
        if model._auto and not model._abstract
        for name, field in model._fields.items()
        if field._module == module and field.store and field.column_type
    }


def drop_blocking_foreign_keys(env, module):
    """Drop the restricting foreign keys to ``module``'s own tables that sit on
    its own tables or on the columns of its own fields."""
    own_tables = _own_tables(env, module)
    own_columns = _own_columns(env, module)
    env.cr.execute(
        SQL(
            """
            SELECT con.conname, src.relname, att.attname
              FROM pg_constraint con
              JOIN pg_class src ON src.oid = con.conrelid
              JOIN pg_class dst ON dst.oid = con.confrelid
              JOIN pg_attribute att
                ON att.attrelid = con.conrelid AND att.attnum = con.conkey[1]
             WHERE con.contype = 'f'
               AND con.confdeltype IN ('a', 'r')
               AND dst.relname = ANY(%s)
            """,
            sorted(own_tables),
        )
    )
    for name, table, column in env.cr.fetchall():
        if table in own_tables or (table, column) in own_columns:
            env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                    SQL.identifier(table),
                    SQL.identifier(name),
                )
            )
