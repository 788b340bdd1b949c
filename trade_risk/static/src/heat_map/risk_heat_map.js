import { Component, onWillStart, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";

/**
 * The risk heat map: the open risks the user may read on a 5 x 5 grid of
 * likelihood (rows, 5 at the top) and impact (columns), each cell coloured by
 * the level of its score and opening its risks.
 */
export class RiskHeatMap extends Component {
    static template = "trade_risk.RiskHeatMap";
    static components = { Layout };
    static props = ["*"];

    /** Chinese, Japanese and Korean axis titles read top to bottom, upright. */
    get uprightAxisTitle() {
        return /^(zh|ja|ko)\b/.test(user.lang || "");
    }

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null, category: "", openOnly: true });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("trade.risk", "get_heat_map", [], {
            category: this.state.category || false,
            open_only: this.state.openOnly,
        });
    }

    async onCategoryChange(ev) {
        this.state.category = ev.target.value;
        await this.load();
    }

    async onOpenOnlyChange(ev) {
        this.state.openOnly = ev.target.checked;
        await this.load();
    }

    cellTitle(row, cell) {
        return _t("%(likelihood)s x %(impact)s: score %(score)s, %(level)s", {
            likelihood: row.label,
            impact: this.state.data.impacts[cell.impact - 1].label,
            score: cell.score,
            level: cell.level_label,
        });
    }

    openCell(row, cell) {
        if (!cell.count) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: this.cellTitle(row, cell),
            res_model: "trade.risk",
            views: [
                [false, "list"],
                [false, "form"],
            ],
            domain: cell.domain,
        });
    }
}

registry.category("actions").add("trade_risk.heat_map", RiskHeatMap);
