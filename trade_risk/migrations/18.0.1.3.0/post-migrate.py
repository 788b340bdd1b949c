import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

#: The default credit policy as shipped: no credit beyond the down payment.
CAUTIOUS_POLICY = {
    "trade_credit_default_limit": 0.0,
    "trade_credit_default_term_days": 0,
    "trade_credit_default_prepayment": 1.0,
}


def migrate(cr, version):
    """Customers of the department with neither a credit rating nor a credit
    limit were not under credit control; from 18.0.1.3.0 they follow the
    company's default credit policy. Existing companies get the cautious
    policy as shipped (the update fills the new columns with their defaults;
    this makes sure of it), and the log says how many customers with orders
    it now applies to, for the credit managers to rate them, exempt some or
    set the policy in Settings."""
    for column, value in CAUTIOUS_POLICY.items():
        cr.execute(
            SQL(
                "UPDATE res_company SET %(column)s = %(value)s "
                "WHERE %(column)s IS NULL",
                column=SQL.identifier(column),
                value=value,
            )
        )
    cr.execute(
        SQL(
            """
            SELECT COUNT(DISTINCT partner.commercial_partner_id)
              FROM sale_order sale
              JOIN res_partner partner ON partner.id = sale.partner_id
              JOIN res_partner customer ON customer.id = partner.commercial_partner_id
             WHERE customer.trade_credit_rating IS NULL
               AND NOT COALESCE(customer.trade_credit_uncontrolled, FALSE)
            """
        )
    )
    (count,) = cr.fetchone()
    _logger.info(
        "%s customers with orders have no credit rating: unless they have a "
        "credit limit of their own, the company's default credit policy now "
        "applies to them (shipped: no credit, the whole order paid in advance)",
        count,
    )
