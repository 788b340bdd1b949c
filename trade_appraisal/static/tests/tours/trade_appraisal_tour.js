import { registry } from "@web/core/registry";

const MANUAL_INDICATORS = [
    "Business Knowledge",
    "Communication and Coordination",
    "Problem Solving",
    "Initiative",
    "Teamwork",
];

registry.category("web_tour.tours").add("trade_appraisal_hr_collect_tour", {
    steps: () => [
        {
            content: "HR generates the period's scorecards from the sales data",
            trigger: ".o_form_view button[name=action_generate_scorecards]",
            run: "click",
        },
        {
            content: "The generation reports what it did",
            trigger: ".o_notification:contains(scorecards created)",
        },
        {
            content: "Open the period's scorecards",
            trigger: ".o_form_view button[name=action_view_scorecards]",
            run: "click",
        },
        {
            content: "Open the salesperson's scorecard",
            trigger: ".o_list_view .o_data_row:contains(Tour Salesperson) td[name=employee_id]",
            run: "click",
        },
        {
            content: "The sales of the month are on the card",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Sales Amount) td[name=actual]:contains(1,500.00)",
        },
        {
            content: "HR has checked the data",
            trigger: ".o_form_view button[name=action_collect]",
            run: "click",
        },
        {
            content: "The scorecard goes to the manager",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=collected]",
        },
    ],
});

registry.category("web_tour.tours").add("trade_appraisal_manager_score_tour", {
    steps: () => [
        ...MANUAL_INDICATORS.flatMap((indicator, index) => [
            {
                content: `Score ${indicator}`,
                trigger: `.o_field_widget[name=line_ids] .o_data_row:contains(${indicator}) td[name=score]`,
                run: "click",
            },
            {
                trigger: `.o_field_widget[name=line_ids] .o_selected_row:contains(${indicator}) td[name=score] input`,
                run: `edit ${80 + index}`,
            },
        ]),
        {
            content: "Comment on ability",
            trigger: ".o_field_widget[name=ability_comment] textarea",
            run: "edit Knows the pump range and the Incoterms well.",
        },
        {
            content: "Comment on attitude",
            trigger: ".o_field_widget[name=attitude_comment] textarea",
            run: "edit Follows up every customer issue to the end.",
        },
        {
            content: "The manager has scored",
            trigger: ".o_form_view button[name=action_score]",
            run: "click",
        },
        {
            content: "The scorecard waits for HR's publication",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=scored]",
        },
    ],
});

registry.category("web_tour.tours").add("trade_appraisal_hr_publish_tour", {
    steps: () => [
        {
            content: "The manager's scores and the grade are there",
            trigger: ".o_field_widget[name=grade]:contains(S)",
        },
        {
            content: "HR publishes the results",
            trigger: ".o_form_view button[name=action_publish]",
            run: "click",
        },
        {
            content: "The employee may now appeal until the deadline",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=published]",
        },
        {
            trigger: ".o_field_widget[name=appeal_deadline]:not(:empty)",
        },
    ],
});
