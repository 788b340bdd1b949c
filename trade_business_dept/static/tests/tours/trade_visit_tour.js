import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_visit_tour", {
    steps: () => [
        {
            content: "Plan a new visit",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose the customer",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item:contains(Tour Customer Ltd)",
            run: "click",
        },
        {
            content: "The customer background comes from the profile",
            trigger: ".o_field_widget[name=customer_background] textarea:value(/Hydraulic pumps/)",
        },
        {
            content: "Write the purpose",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: "edit Present the new pump range",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Open the visit record",
            trigger: ".o_notebook_headers a[name=record]",
            run: "click",
        },
        {
            content: "Write what was discussed",
            trigger: ".o_field_widget[name=summary] textarea",
            run: "edit Agreed on a trial order of 20 pumps",
        },
        {
            content: "Complete the visit",
            trigger: ".o_form_view button[name=action_done]",
            run: "click",
        },
        {
            content: "The visit is done",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
