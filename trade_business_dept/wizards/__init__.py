from . import trade_contract_legal_decision
from . import trade_contract_sign
from . import trade_contract_amend
