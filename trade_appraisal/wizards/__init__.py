from . import trade_appraisal_indicator_weights
from . import trade_appraisal_indicator_weights_line
from . import trade_appraisal_scorecard_appeal
from . import trade_appraisal_appeal_decide
from . import trade_appraisal_appeal_decide_line
from . import trade_appraisal_peer_request
from . import trade_appraisal_bonus_export
from . import trade_development_request
