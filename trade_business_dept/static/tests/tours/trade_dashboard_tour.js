import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_dashboard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the delayed orders",
            trigger: ".o_trade_dashboard .o_trade_dashboard_card[data-key=delayed]:contains(Delayed orders)",
        },
        {
            content: "The charts are drawn",
            trigger: ".o_trade_dashboard_chart[data-key=pipeline] canvas",
        },
        {
            content: "The overdue follow-ups are counted (the tour's customer and the demo's)",
            trigger: ".o_trade_dashboard_card[data-key=followups] .o_trade_dashboard_value",
        },
        {
            content: "Open the overdue follow-ups",
            trigger: ".o_trade_dashboard_card[data-key=followups]",
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
            content: "Open the orders behind the tracking stage chart",
            trigger: ".o_trade_dashboard_chart[data-key=orders_by_stage] .o_trade_dashboard_chart_open",
            run: "click",
        },
        {
            content: "The confirmed orders are listed",
            trigger: ".o_list_view .o_data_row:contains(Tour Dashboard Customer)",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "Open the hand-off board",
            trigger: ".o_trade_dashboard_card[data-key=handoffs]",
            run: "click",
        },
        {
            content: "The hand-offs are grouped by department",
            trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains(Purchasing Department)",
        },
    ],
});
