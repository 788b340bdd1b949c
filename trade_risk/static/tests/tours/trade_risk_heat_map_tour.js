import { registry } from "@web/core/registry";

/**
 * The heat map as a credit manager: a labelled 5 x 5 grid coloured by level,
 * the cell of likelihood 5 and impact 4 opens its risks.
 */
registry.category("web_tour.tours").add("trade_risk_heat_map_tour", {
    steps: () => [
        {
            content: "The grid's axes are labelled",
            trigger: ".o_trade_heat_map:contains(Likelihood):contains(Impact):contains(Almost certain):contains(Severe)",
        },
        {
            content: "The low corner is coloured as low",
            trigger: ".o_trade_heat_cell.o_trade_heat_low[data-likelihood='1'][data-impact='1']",
        },
        {
            content: "The critical corner is coloured as critical",
            trigger: ".o_trade_heat_cell.o_trade_heat_critical[data-likelihood='5'][data-impact='5']",
        },
        {
            content: "Only credit risks",
            trigger: ".o_trade_heat_map_category",
            run: "select credit",
        },
        {
            content: "The tour's credit risk is counted in its cell",
            trigger: ".o_trade_heat_cell_filled[data-likelihood='5'][data-impact='4']",
            run: "click",
        },
        {
            content: "The cell opens its risks",
            trigger: ".o_list_view .o_data_row:contains(Tour heat map credit risk)",
        },
        {
            content: "and the breadcrumb leads back to the heat map",
            trigger: ".o_breadcrumb:contains(Risk Heat Map)",
        },
    ],
});
