from . import res_company
from . import res_config_settings
from . import res_partner
from . import trade_visit
from . import trade_customer_feedback
from . import trade_gift_declaration
from . import mail_activity
