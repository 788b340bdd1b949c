# credit policy and settings of the company
from . import res_company
from . import res_config_settings
from . import trade_credit_policy

# receivables: the one home of their queries (and the running totals'
# self-check), the ageing lines, the journal items' totals and index
from . import trade_receivable_query
from . import trade_receivable_totals_check
from . import trade_receivable_ageing
from . import account_move_line
from . import account_partial_reconcile
from . import account_payment

# the customer: credit profile, figures and locking, collection ladder
from . import res_partner
from . import res_partner_credit
from . import res_partner_collection

# records about a customer: investigations, guarantees, exceptions, promises
from . import trade_customer_mixin
from . import trade_credit_investigation
from . import trade_credit_guarantee
from . import trade_credit_decision_mixin
from . import trade_credit_exception
from . import trade_payment_promise
from . import trade_collection_action

# orders: credit rules at confirmation, cost at confirmation
from . import sale_order
from . import sale_order_credit_rules
from . import sale_order_line

# deliveries: the credit hold and its releases
from . import trade_delivery_release
from . import stock_picking
from . import stock_move

# market research: observations and schedules (their warnings below)
from . import trade_market_info
from . import trade_market_research_schedule

# risk register and early warnings, disputes, the department meeting
from . import trade_risk
from . import trade_risk_heat_map
from . import trade_risk_warning
from . import trade_risk_contract_warning
from . import trade_risk_market_warning
from . import trade_risk_action
from . import trade_dispute
from . import trade_meeting
from . import trade_dashboard
