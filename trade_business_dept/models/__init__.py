# Mixins shared by the trade addons: references, workflow fields
from . import trade_reference_mixin
from . import trade_reader_lang_mixin
from . import trade_workflow_mixin
from . import trade_satisfaction_mixin
from . import ir_cron
from . import rating_rating

# Company, settings and the department's scope (R1.2)
from . import res_company
from . import res_config_settings
from . import res_lang
from . import crm_team

# Customers, visits, follow-up and feedback (R3.1)
from . import res_partner
from . import res_partner_service_plan
from . import trade_service_plan_action
from . import trade_visit
from . import trade_customer_feedback
from . import mail_activity

# Integrity register (R2.3)
from . import trade_gift_declaration

# Requirements, contracts and their legal review (R3.2)
from . import trade_requirement_line
from . import crm_lead
from . import trade_contract
from . import trade_contract_legal_review
from . import trade_contract_signature
from . import trade_contract_amendment
from . import trade_contract_execution
from . import trade_contract_print
from . import trade_contract_review
from . import ir_attachment

# Orders: confirmation, tracking, inspections, customer notices (R3.3)
from . import sale_order
from . import sale_order_line
from . import sale_order_tracking
from . import sale_order_tracking_alerts
from . import sale_order_customer_notice
from . import trade_order_stage
from . import trade_order_stage_log
from . import trade_order_delay
from . import trade_order_inspection
from . import product_template
from . import purchase_order
from . import purchase_order_line
from . import account_move

# Logistics: shipments, carriers, incidents (R3.4)
from . import stock_picking
from . import res_partner_carrier
from . import trade_logistics_incident

# After-sales tickets (R3.5)
from . import trade_service_sla
from . import trade_service_ticket
from . import trade_service_ticket_sla
from . import trade_service_ticket_portal
from . import trade_service_action
from . import trade_satisfaction_report

# Hand-offs, meetings and the dashboard (R6)
from . import trade_handoff
from . import trade_meeting
from . import trade_meeting_rhythm
from . import trade_meeting_action
from . import trade_dashboard

# Cross-role projects (R6.2.3)
from . import project_project
from . import trade_project_member
from . import sale_order_project
from . import trade_contract_project
from . import res_partner_project
