import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_contract_tour", {
    steps: () => [
        {
            content: "Send it to the legal department",
            trigger: ".o_form_view button[name=action_submit_review]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_statusbar_buttons button[name=action_open_legal_decision]:contains(Approve)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: "edit Terms checked: standard liability and CIETAC arbitration",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The contract is approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        {
            content: "Record the signature",
            trigger: ".o_statusbar_buttons button[name=action_open_sign]",
            run: "click",
        },
        {
            content: "Choose the scan attached to the contract",
            trigger: ".modal .o_field_widget[name=attachment_id] input",
            run: "edit signed",
        },
        {
            trigger: ".modal .o_field_widget[name=attachment_id] .o-autocomplete--dropdown-item:contains(signed-original.pdf)",
            run: "click",
        },
        {
            content: "Our signatory is one of the authorised signatories",
            trigger: ".modal .o_field_widget[name=company_signatory_id] input",
            run: "edit Tour",
        },
        {
            trigger: ".modal .o_field_widget[name=company_signatory_id] .o-autocomplete--dropdown-item:contains(Tour Manager)",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=customer_signatory] input",
            run: "edit Zhou Jianguo",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The contract is signed and in force",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=signed]",
        },
    ],
});
