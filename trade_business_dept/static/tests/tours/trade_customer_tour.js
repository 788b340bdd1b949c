import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_customer_tour", {
    steps: () => [
        {
            content: "Register a new prospect",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type the name of a company that is already registered",
            trigger: ".o_field_widget[name=name] :is(input, textarea)",
            run: "edit Tour Existing Trading Co",
        },
        {
            content: "Leave the name field",
            trigger: ".o_field_widget[name=email] input",
            run: "click",
        },
        {
            content: "The form warns about the possible duplicate",
            trigger: "div[name=trade_duplicate_warning]:contains(Tour Existing Trading Co)",
        },
        {
            content: "Use another name instead",
            trigger: ".o_field_widget[name=name] :is(input, textarea)",
            run: "edit Tour New Prospect Co",
        },
        {
            trigger: ".o_field_widget[name=email] input",
            run: "click",
        },
        {
            content: "The warning is gone",
            trigger: ".o_form_view:not(:has(div[name=trade_duplicate_warning]))",
        },
        {
            content: "Open the Business Department tab",
            trigger: ".o_notebook_headers a[name=trade_business_dept]",
            run: "click",
        },
        {
            content: "Make it a key customer",
            trigger: ".o_field_widget[name=trade_customer_tier] select",
            run: "selectByLabel Key Customer",
        },
        {
            content: "The follow-up interval of key customers applies",
            trigger: ".o_field_widget[name=trade_followup_interval] input:value(14)",
        },
        {
            trigger: ".o_field_widget[name=trade_acquisition_channel] select",
            run: "selectByLabel Trade Show",
        },
        {
            trigger: ".o_field_widget[name=trade_business_needs] textarea",
            run: "edit Hydraulic pumps for the new plant",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ],
});
