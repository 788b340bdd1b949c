import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("trade_business_dept_rating_tour", {
    steps: () => [
        {
            content: "The customer lands on the rating page, 'Satisfied' chosen by the link",
            trigger: ".o_rating_page_submit input[name=rate][value='5']:checked",
        },
        {
            content: "He adds a comment",
            trigger: ".o_rating_page_submit textarea[name=feedback]",
            run: "edit Quick replacement, thank you",
        },
        {
            content: "He sends his rating",
            trigger: ".o_rating_page_submit button[type=submit]",
            run: "click",
        },
        {
            content: "The rating is recorded",
            trigger: ".o_rating_page_thank_you",
        },
    ],
});
