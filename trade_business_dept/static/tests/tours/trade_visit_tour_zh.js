import { registry } from "@web/core/registry";

// The visit tour, by a salesperson whose Odoo speaks Simplified Chinese: the
// same steps (they find the fields and buttons by their names, not by their
// labels), and the screens show the addon's Chinese labels.
registry.category("web_tour.tours").add("trade_business_dept_visit_tour_zh", {
    steps: () => [
        {
            content: "The visits' list is titled in Chinese",
            trigger: ".o_breadcrumb:contains(拜访)",
        },
        ...registry.category("web_tour.tours").get("trade_business_dept_visit_tour").steps(),
        {
            content: "The state reads Done in Chinese",
            trigger: ".o_statusbar_status button.o_arrow_button_current[data-value=done]:contains(已完成)",
        },
        {
            content: "The summary's label is in Chinese",
            trigger: ".o_form_view .o_form_label:contains(拜访纪要)",
        },
    ],
});
