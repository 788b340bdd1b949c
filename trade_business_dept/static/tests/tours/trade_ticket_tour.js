import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_ticket_tour", {
    steps: () => [
        {
            content: "Name the handler of the complaint",
            trigger: ".o_field_widget[name=handler_id] input",
            run: "edit Tour Handler",
        },
        {
            trigger: ".o_field_widget[name=handler_id] .o-autocomplete--dropdown-item:contains(Tour Handler)",
            run: "click",
        },
        {
            content: "Accept the complaint",
            trigger: ".o_statusbar_buttons button[name=action_start]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=in_progress]",
        },
        {
            content: "Write how it was solved",
            trigger: ".o_notebook_headers a[name=resolution]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=resolution] textarea",
            run: "edit Cartons replaced and a 5% discount granted",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_resolve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=resolved]",
        },
        {
            content: "Plan the follow-up with the customer",
            trigger: ".o_statusbar_buttons button[name=action_follow_up]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=followed_up]",
        },
        {
            content: "The customer is satisfied: four stars",
            trigger: ".o_field_widget[name=satisfaction] input[data-value='4']",
            run: "click",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_close]",
            run: "click",
        },
        {
            content: "The complaint is closed",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=closed]",
        },
    ],
});
