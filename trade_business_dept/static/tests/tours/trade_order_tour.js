import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_order_tour", {
    steps: () => [
        {
            content: "Open the department's quotations",
            trigger: ".o_main_navbar .dropdown-toggle[data-menu-xmlid='trade_business_dept.trade_orders_menu']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='trade_business_dept.sale_order_trade_quotations_menu']",
            run: "click",
        },
        {
            content: "Open the quotation of the customer",
            trigger: ".o_data_row td:contains(Tour Board Customer)",
            run: "click",
        },
        {
            content: "Open the order tracking tab",
            trigger: ".o_notebook_headers a[name=trade_tracking]",
            run: "click",
        },
        {
            content: "Specification verified with the customer",
            trigger: "div[name=trade_checked_specification] input",
            run: "click",
        },
        {
            trigger: "div[name=trade_checked_quantity] input",
            run: "click",
        },
        {
            trigger: "div[name=trade_checked_date] input",
            run: "click",
        },
        {
            trigger: "div[name=trade_checked_price] input",
            run: "click",
        },
        {
            content: "Confirm the order",
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            run: "click",
        },
        {
            // the status bar folds into a dropdown when the header is full
            trigger: "body:has(.o_statusbar_status button.o_arrow_button_current[data-value=sale])",
        },
        {
            content: "Go to the tracking board",
            trigger: ".o_main_navbar .dropdown-toggle[data-menu-xmlid='trade_business_dept.trade_orders_menu']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='trade_business_dept.sale_order_trade_tracking_menu']",
            run: "click",
        },
        {
            content: "The confirmed order waits in the first column",
            trigger: ".o_kanban_group:eq(0) .o_kanban_record:contains(Tour Board Customer)",
        },
        {
            content: "Production started: move the order along the board",
            trigger: ".o_kanban_record:contains(Tour Board Customer)",
            run: "drag_and_drop(.o_kanban_group:eq(2))",
        },
        {
            content: "The order is in production",
            trigger: ".o_kanban_group:eq(2) .o_kanban_record:contains(Tour Board Customer)",
        },
    ],
});
