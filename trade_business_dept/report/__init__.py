from . import trade_contract_report
