"""Running totals of the open items per customer and due date.

The credit figures of a customer (R5.1, R5.2) need the sum of its open posted
receivables, the part overdue and the oldest due date. Summing the journal
items themselves costs time in proportion to their number (100,000 open
items of one customer: 35-60 ms on an index-only scan). The table
``trade_risk_receivable_total`` keeps these sums per partner, company,
account and due date, so the figures cost the same whatever the number of
items: one row per due date.

Each total also carries the salesperson of the items' invoice
(``account_move.invoice_user_id``, 0 for none), so that the receivables
ageing by customer and salesperson reads the totals too (one row per due
date and salesperson, not one per item).

The table is kept by statement-level triggers on ``account_move_line``: every
insert, update or delete of journal items, whether by the ORM (posting,
reconciliation, reset to draft, cancellation) or by SQL, adds the change of
the open items to the totals in the same transaction. Only open items count:
posted, not fully reconciled, with something left to pay, with a partner.
Every account is kept (which accounts are receivable is decided when
reading), so changing an account's type needs no rebuild.

A row trigger on ``account_move`` moves the totals of an invoice's open
items from one salesperson to the other when its salesperson changes.

Two transactions changing the items of the same customer and due date update
the same total row: the second waits for the first and, like any concurrent
update in Odoo, is retried after a serialisation failure.

A database restored or maintained with its triggers disabled would let the
totals drift silently: a daily scheduled job compares them with the open
items (``drifted``) and rebuilds those of the partners that differ
(``rebuild``), see ``trade.receivable.query._cron_check_running_totals``.
"""

from odoo.tools import SQL
from odoo.tools.sql import column_exists, table_exists

TOTAL_TABLE = "trade_risk_receivable_total"
TRIGGER_FUNCTION = "trade_risk_receivable_total_apply"
TRIGGERS = {
    "INSERT": "trade_risk_receivable_total_insert",
    "UPDATE": "trade_risk_receivable_total_update",
    "DELETE": "trade_risk_receivable_total_delete",
}
#: the row trigger on account_move: an invoice changes salesperson
USER_TRIGGER = "trade_risk_receivable_total_move_user"
USER_TRIGGER_FUNCTION = "trade_risk_receivable_total_move_user"
#: the columns of a total's key
KEY = "partner_id, company_id, account_id, date_due, user_id"

# the open items among rows of account_move_line (a table, a transition table)
_OPEN_ITEM = """
    item.reconciled IS NOT TRUE
    AND item.parent_state = 'posted'
    AND item.amount_residual != 0
    AND item.partner_id IS NOT NULL
    AND item.account_id IS NOT NULL
"""

# the totals of the open items among the rows of {rows}, signed by {sign},
# with the salesperson of their invoice
_ITEM_TOTALS = """
    SELECT item.partner_id, item.company_id, item.account_id,
           COALESCE(item.date_maturity, item.date) AS date_due,
           COALESCE(move.invoice_user_id, 0) AS user_id,
           {sign} * item.amount_residual AS amount_residual,
           {sign} * GREATEST(item.amount_residual, 0) AS amount_positive,
           {sign} AS line_count
      FROM {rows} item
      LEFT JOIN account_move move ON move.id = item.move_id
     WHERE {open_item}
"""

# adds the change in %(changes)s (a union of signed item totals) to the table
_APPLY_CHANGES = """
    INSERT INTO {table} AS total
           ({key}, amount_residual, amount_positive, line_count)
    SELECT {key},
           SUM(amount_residual), SUM(amount_positive), SUM(line_count)
      FROM ({changes}) AS change
     GROUP BY {key}
    HAVING SUM(line_count) != 0
        OR SUM(amount_residual) != 0
        OR SUM(amount_positive) != 0
     ORDER BY {key}
        ON CONFLICT ({key}) DO UPDATE
       SET amount_residual = total.amount_residual + EXCLUDED.amount_residual,
           amount_positive = total.amount_positive + EXCLUDED.amount_positive,
           line_count = total.line_count + EXCLUDED.line_count
"""


def _item_totals(rows, sign, condition=""):
    return _ITEM_TOTALS.format(
        rows=rows, sign=sign, open_item=f"{_OPEN_ITEM} {condition}"
    )


def _apply(changes):
    return _APPLY_CHANGES.format(table=TOTAL_TABLE, key=KEY, changes=changes)


_CHANGED_ITEM_TOTALS = (
    _item_totals("new_rows", "1") + " UNION ALL " + _item_totals("old_rows", "-1")
)

# the open items of the invoice NEW, with its salesperson before and after
_MOVED_ITEMS = _item_totals("account_move_line", "1", "AND item.move_id = NEW.id")
_MOVED_CHANGES = f"""
    SELECT partner_id, company_id, account_id, date_due,
           COALESCE(OLD.invoice_user_id, 0) AS user_id,
           -amount_residual AS amount_residual,
           -amount_positive AS amount_positive,
           -line_count AS line_count
      FROM ({_MOVED_ITEMS}) AS moved
     UNION ALL
    {_MOVED_ITEMS}
"""

_USER_FUNCTION_BODY = f"""
BEGIN
    {_apply(_MOVED_CHANGES)};
    RETURN NULL;
END
"""

_FUNCTION_BODY = f"""
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_apply(_item_totals("new_rows", "1"))};
    ELSIF TG_OP = 'DELETE' THEN
        {_apply(_item_totals("old_rows", "-1"))};
    ELSE
        {_apply(_CHANGED_ITEM_TOTALS)};
    END IF;
    RETURN NULL;
END
"""


def install(cr):
    """Create the totals table and its triggers (again after an update).

    The table is filled from the journal items when it is created; after
    that, the triggers keep it."""
    created = not table_exists(cr, TOTAL_TABLE)
    if not created and not column_exists(cr, TOTAL_TABLE, "user_id"):
        # totals of a version without the salesperson: made again
        cr.execute(SQL("DROP TABLE %s", SQL.identifier(TOTAL_TABLE)))
        created = True
    if created:
        _create_table(cr)
    _create_triggers(cr)
    if created:
        rebuild(cr)


def _create_table(cr):
    cr.execute(
        SQL(
            """
            CREATE TABLE %(table)s (
                partner_id integer NOT NULL,
                company_id integer NOT NULL,
                account_id integer NOT NULL,
                date_due date NOT NULL,
                user_id integer NOT NULL DEFAULT 0,
                amount_residual numeric NOT NULL DEFAULT 0,
                amount_positive numeric NOT NULL DEFAULT 0,
                line_count integer NOT NULL DEFAULT 0,
                PRIMARY KEY (partner_id, company_id, account_id, date_due, user_id)
            )
            """,
            table=SQL.identifier(TOTAL_TABLE),
        )
    )
    cr.execute(
        SQL(
            "CREATE INDEX %s ON %s (date_due) WHERE line_count = 0",
            SQL.identifier(f"{TOTAL_TABLE}_empty_index"),
            SQL.identifier(TOTAL_TABLE),
        )
    )


def _create_triggers(cr):
    """The trigger function and the statement-level triggers (with their
    transition tables) on ``account_move_line``."""
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
            LANGUAGE plpgsql AS %(body)s
            """,
            function=SQL.identifier(TRIGGER_FUNCTION),
            body=_FUNCTION_BODY,
        )
    )
    cr.execute(
        SQL(
            """
            CREATE OR REPLACE FUNCTION %(function)s() RETURNS trigger
            LANGUAGE plpgsql AS %(body)s
            """,
            function=SQL.identifier(USER_TRIGGER_FUNCTION),
            body=_USER_FUNCTION_BODY,
        )
    )
    _drop_triggers(cr)
    cr.execute(
        SQL(
            """
            CREATE TRIGGER %(trigger)s
             AFTER UPDATE OF invoice_user_id ON account_move
               FOR EACH ROW
              WHEN (OLD.invoice_user_id IS DISTINCT FROM NEW.invoice_user_id)
            EXECUTE FUNCTION %(function)s()
            """,
            trigger=SQL.identifier(USER_TRIGGER),
            function=SQL.identifier(USER_TRIGGER_FUNCTION),
        )
    )
    for operation, trigger in TRIGGERS.items():
        transition = {
            "INSERT": "NEW TABLE AS new_rows",
            "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            "DELETE": "OLD TABLE AS old_rows",
        }[operation]
        cr.execute(
            SQL(
                """
                CREATE TRIGGER %(trigger)s AFTER %(operation)s ON account_move_line
                REFERENCING %(transition)s
                FOR EACH STATEMENT EXECUTE FUNCTION %(function)s()
                """,
                trigger=SQL.identifier(trigger),
                operation=SQL(operation),
                transition=SQL(transition),
                function=SQL.identifier(TRIGGER_FUNCTION),
            )
        )


def rebuild(cr, partner_ids=None):
    """Recompute every total from the journal items, or those of these
    partners only."""
    if partner_ids is None:
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(TOTAL_TABLE)))
        _fill(cr)
        return
    partner_ids = list(partner_ids)
    cr.execute(
        SQL(
            "DELETE FROM %s WHERE partner_id = ANY(%s)",
            SQL.identifier(TOTAL_TABLE),
            partner_ids,
        )
    )
    cr.execute(
        SQL(
            _apply(
                _item_totals("account_move_line", "1", "AND item.partner_id = ANY(%s)")
            ),
            partner_ids,
        )
    )


def _fill(cr):
    """Fill the empty table from every open item: one row per group, so a
    plain insert in the key's order (no conflict to resolve, the primary key
    built in order), with the memory to group the items at once (on
    1,000,000 journal items: 7 s instead of 14 s with the triggers' upsert
    and PostgreSQL's default 4 MB)."""
    cr.execute("SELECT current_setting('work_mem')")
    work_mem = cr.fetchone()[0]
    cr.execute("SELECT set_config('work_mem', '64MB', true)")
    try:
        cr.execute(
            SQL(
                """
                INSERT INTO %(table)s
                       (partner_id, company_id, account_id, date_due, user_id,
                        amount_residual, amount_positive, line_count)
                SELECT partner_id, company_id, account_id, date_due, user_id,
                       SUM(amount_residual), SUM(amount_positive), SUM(line_count)
                  FROM (%(items)s) AS item
                 GROUP BY partner_id, company_id, account_id, date_due, user_id
                 ORDER BY partner_id, company_id, account_id, date_due, user_id
                """,
                table=SQL.identifier(TOTAL_TABLE),
                items=SQL(_item_totals("account_move_line", "1")),
            )
        )
    finally:
        cr.execute(SQL("SELECT set_config('work_mem', %s, true)", work_mem))


def drifted(cr, partner_ids):
    """``[(partner id, company id)]`` among these partners whose totals
    differ from their open items: what the triggers would have written had
    they run (a database restored or maintained with its triggers disabled,
    ``session_replication_role = replica``). One query, read from the open
    items' index and the totals' primary key."""
    cr.execute(
        SQL(
            """
            WITH items AS (%(items)s),
            items_sum AS (
                SELECT partner_id, company_id, account_id, date_due, user_id,
                       SUM(amount_residual) AS amount_residual,
                       SUM(amount_positive) AS amount_positive,
                       SUM(line_count) AS line_count
                  FROM items
                 GROUP BY partner_id, company_id, account_id, date_due, user_id
            ), totals AS (
                SELECT partner_id, company_id, account_id, date_due, user_id,
                       amount_residual, amount_positive, line_count
                  FROM %(table)s
                 WHERE partner_id = ANY(%(partners)s)
                   AND (line_count != 0 OR amount_residual != 0
                        OR amount_positive != 0)
            )
            SELECT DISTINCT partner_id, company_id
              FROM items_sum FULL JOIN totals
                   USING (partner_id, company_id, account_id, date_due, user_id)
             WHERE items_sum.amount_residual IS DISTINCT FROM totals.amount_residual
                OR items_sum.amount_positive IS DISTINCT FROM totals.amount_positive
                OR items_sum.line_count IS DISTINCT FROM totals.line_count
             ORDER BY partner_id, company_id
            """,
            items=SQL(
                _item_totals("account_move_line", "1", "AND item.partner_id = ANY(%s)"),
                list(partner_ids),
            ),
            table=SQL.identifier(TOTAL_TABLE),
            partners=list(partner_ids),
        )
    )
    return cr.fetchall()


def remove_empty(cr):
    """Delete the totals of due dates left without open items."""
    cr.execute(SQL("DELETE FROM %s WHERE line_count = 0", SQL.identifier(TOTAL_TABLE)))


def _drop_triggers(cr):
    cr.execute(
        SQL(
            "DROP TRIGGER IF EXISTS %s ON account_move",
            SQL.identifier(USER_TRIGGER),
        )
    )
    for trigger in TRIGGERS.values():
        cr.execute(
            SQL(
                "DROP TRIGGER IF EXISTS %s ON account_move_line",
                SQL.identifier(trigger),
            )
        )


def uninstall(cr):
    """Remove the triggers, their function and the table."""
    _drop_triggers(cr)
    for function in (TRIGGER_FUNCTION, USER_TRIGGER_FUNCTION):
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(function)))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(TOTAL_TABLE)))
