from . import trade_contract_legal_decision
from . import trade_contract_sign
from . import trade_contract_amend
from . import trade_order_stage_set
from . import trade_order_delay_notice
