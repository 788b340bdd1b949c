from . import trade_receivable_ageing_report
