from . import test_partner_profile
from . import test_followup
from . import test_visit
from . import test_customer_feedback
from . import test_gift_declaration
from . import test_security
from . import test_ui
