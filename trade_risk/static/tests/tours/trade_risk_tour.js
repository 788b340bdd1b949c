import { registry } from "@web/core/registry";

/**
 * The salesperson's part: the quotation of a customer over its credit limit
 * shows the credit check with the figures; the salesperson requests a credit
 * exception (a credit manager other than the requester decides on it).
 */
registry.category("web_tour.tours").add("trade_risk_request_tour", {
    steps: () => [
        {
            content: "The quotation shows why the credit rules refuse it",
            trigger: "div[name=trade_credit_block] .o_field_widget[name=trade_credit_block_message]:contains(above its credit limit)",
        },
        {
            content: "with the figures: exposure after the order, limit, this order",
            trigger: "div[name=trade_credit_block]:contains(1,300.00):contains(1,000.00):contains(900.00)",
        },
        {
            content: "Request a credit exception",
            trigger: "div[name=trade_credit_block] button[name=action_trade_request_credit_exception]",
            run: "click",
        },
        {
            content: "The request is prefilled with the order",
            trigger: ".modal .o_field_widget[name=partner_id]:contains(Tour Credit Customer)",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Long-standing customer: payment agreed by wire next week",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The quotation says the exception waits for a credit manager",
            trigger: "body:not(:has(.modal)) div[name=trade_credit_block]:contains(A credit exception was requested)",
        },
        {
            content: "Open the request",
            trigger: ".o-form-buttonbox button[name=action_trade_view_credit_exceptions]:contains(Exception Requested)",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Credit Customer) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The requester is not offered the decision",
            trigger: ".o_form_view:has(.o_statusbar_status button.o_arrow_button_current[data-value=requested]):not(:has(button[name=action_approve])):not(:has(button[name=action_reject]))",
        },
    ],
});

/**
 * The credit manager's part: the customer's credit figures, the quotation over
 * the limit, the exception approved, the order confirmed.
 */
registry.category("web_tour.tours").add("trade_risk_tour", {
    steps: () => [
        {
            content: "Open the customer's credit control",
            trigger: ".o_notebook_headers a[name=trade_credit]",
            run: "click",
        },
        {
            content: "Credit limit of the customer",
            trigger: ".o_field_widget[name=credit_limit] input:value(1,000.00)",
        },
        {
            content: "The order confirmed earlier is in the exposure",
            trigger: ".o_field_widget[name=trade_uninvoiced_amount]:contains(400.00)",
        },
        {
            trigger: ".o_field_widget[name=trade_credit_exposure]:contains(400.00)",
        },
        {
            trigger: ".o_field_widget[name=trade_credit_available]:contains(600.00)",
        },
        {
            content: "Open the customer's orders",
            trigger: ".o-form-buttonbox button[name=action_view_sale_order]",
            run: "click",
        },
        {
            content: "Open the quotation",
            trigger: ".o_data_row:contains(900.00) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "The credit check refuses it, the exception is requested",
            trigger: "div[name=trade_credit_block]:contains(above its credit limit):contains(A credit exception was requested)",
        },
        {
            content: "Open the credit exception",
            trigger: ".o-form-buttonbox button[name=action_trade_view_credit_exceptions]",
            run: "click",
        },
        {
            trigger: ".o_data_row:contains(Tour Credit Customer) td.o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "What the credit check said at the request",
            trigger: ".o_field_widget[name=blocking_reason]:contains(above its credit limit)",
        },
        {
            content: "Approve it",
            trigger: ".o_statusbar_buttons button[name=action_approve]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=approved]",
        },
        {
            content: "Back to the quotation",
            trigger: ".o_field_widget[name=sale_order_id] a",
            run: "click",
        },
        {
            content: "The credit check lets it through now",
            trigger: ".o-form-buttonbox button[name=action_trade_view_credit_exceptions]:contains(Exception Approved)",
        },
        {
            trigger: ".o_form_view:not(:has(div[name=trade_credit_block]:visible))",
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
    ],
});
