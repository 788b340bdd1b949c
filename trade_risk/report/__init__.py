from . import trade_customer_statement
