# Extensions of Odoo's models: settings and the appraised employee
from . import res_company
from . import res_config_settings
from . import hr_employee
from . import trade_appraisal_reader_mixin

# Configuration: indicators and their levels, grades
from . import trade_appraisal_indicator
from . import trade_appraisal_indicator_band
from . import trade_appraisal_grade

# Periods, targets and the actuals from sales, customers and ratings
from . import trade_appraisal_actuals
from . import trade_satisfaction_mixin
from . import trade_appraisal_period
from . import trade_appraisal_target

# The scorecard, one concern per file, and its indicators
from . import trade_appraisal_scorecard
from . import trade_appraisal_scorecard_data
from . import trade_appraisal_scorecard_annual
from . import trade_appraisal_scorecard_followup
from . import trade_appraisal_scorecard_line

# What the employees hand in: monthly submissions, 360 evaluations
from . import trade_appraisal_submission
from . import trade_appraisal_evaluation

# After publication: appeals, interviews with their improvement plan, awards
from . import trade_appraisal_appeal
from . import trade_appraisal_adjustment
from . import trade_appraisal_interview
from . import trade_appraisal_goal
from . import trade_appraisal_award

# Development: a plan per employee and year, its needs and trainings
from . import trade_development_plan
from . import trade_development_need
from . import trade_development_training
from . import trade_dashboard
