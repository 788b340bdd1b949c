import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the delayed orders",
            trigger: ".o_form_view button[name=action_open_delayed_orders]:contains(Delayed orders)",
        },
        {
            content: "Open the overdue follow-ups",
            trigger: ".o_form_view button[name=action_open_overdue_followups]",
            run: "click",
        },
        {
            content: "The customers to call are listed",
            trigger: ".o_list_view .o_data_row:contains(Tour Overdue Customer)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "Open the hand-off board",
            trigger: ".o_form_view button[name=action_open_handoffs]",
            run: "click",
        },
        {
            content: "The hand-offs are grouped by department",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Purchasing Department)",
        },
    ],
});
