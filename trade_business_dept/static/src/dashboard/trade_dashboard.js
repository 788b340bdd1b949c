import { Component, onWillStart, onWillUnmount, useEffect, useRef, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger, formatMonetary } from "@web/views/fields/formatters";
import { Layout } from "@web/search/layout";

/** A value of the dashboard as text, by its kind. */
function formatValue(value, kind, currencyId) {
    if (value === null || value === undefined) {
        return "—";
    }
    if (kind === "monetary") {
        return formatMonetary(value, { currencyId, digits: [16, 0] });
    }
    if (kind === "percent") {
        return `${formatFloat(value, { digits: [16, 1] })} %`;
    }
    if (kind === "score") {
        return formatFloat(value, { digits: [16, 1] });
    }
    return formatInteger(value);
}

/**
 * One chart of the dashboard, drawn with Chart.js as Odoo's graph view does;
 * a click on a bar or a point opens its records.
 */
export class TradeDashboardChart extends Component {
    static template = "trade_business_dept.DashboardChart";
    static props = ["chart", "currencyId", "openAction"];

    setup() {
        this.canvasRef = useRef("canvas");
        this.chartjs = null;
        useEffect(
            () => {
                this.renderChart();
                return () => this.destroy();
            },
            () => [this.props.chart]
        );
        onWillUnmount(() => this.destroy());
    }

    get isEmpty() {
        return this.props.chart.datasets.every((dataset) =>
            dataset.data.every((value) => !value)
        );
    }

    destroy() {
        if (this.chartjs) {
            this.chartjs.destroy();
            this.chartjs = null;
        }
    }

    renderChart() {
        this.destroy();
        if (!this.canvasRef.el) {
            return;
        }
        const chart = this.props.chart;
        const format = (value) => formatValue(value, chart.kind, this.props.currencyId);
        const valueAxis = chart.horizontal ? "x" : "y";
        const scales = {
            x: { stacked: chart.stacked },
            y: { stacked: chart.stacked },
        };
        scales[valueAxis].beginAtZero = true;
        scales[valueAxis].ticks = {
            callback: (value) => format(value),
            precision: chart.kind === "percent" || chart.kind === "score" ? 1 : 0,
        };
        if (chart.kind === "percent") {
            scales[valueAxis].max = 100;
        }
        this.chartjs = new Chart(this.canvasRef.el, {
            type: chart.type,
            data: {
                labels: chart.labels,
                datasets: chart.datasets.map((dataset) => ({
                    label: dataset.label,
                    data: dataset.data,
                    backgroundColor: dataset.color,
                    borderColor: dataset.color,
                    spanGaps: true,
                    tension: 0.2,
                    pointRadius: 5,
                    pointHoverRadius: 7,
                })),
            },
            options: {
                maintainAspectRatio: false,
                indexAxis: chart.horizontal ? "y" : "x",
                scales,
                plugins: {
                    legend: { display: chart.datasets.length > 1 },
                    tooltip: {
                        callbacks: {
                            label: (item) => `${item.dataset.label}: ${format(item.raw)}`,
                        },
                    },
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
                onClick: (event, elements) => {
                    if (!elements.length) {
                        return;
                    }
                    const { datasetIndex, index } = elements[0];
                    const action = chart.datasets[datasetIndex].actions[index];
                    if (action) {
                        this.props.openAction(action);
                    }
                },
            },
        });
    }
}

/**
 * The business department's dashboard: the figures on top as cards and the
 * charts below, for the records the user may read, each opening its records.
 * Everything comes from one read-only call, trade.dashboard.get_dashboard.
 */
export class TradeDashboard extends Component {
    static template = "trade_business_dept.Dashboard";
    static components = { Layout, TradeDashboardChart };
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        this.openAction = this.openAction.bind(this);
        onWillStart(() => Promise.all([loadBundle("web.chartjs_lib"), this.load()]));
    }

    async load() {
        this.state.data = await this.orm.call("trade.dashboard", "get_dashboard", []);
    }

    formatCard(card) {
        return formatValue(card.value, card.kind, this.state.data.currency_id);
    }

    formatTarget(card) {
        return _t("Target %(target)s (%(progress)s)", {
            target: formatValue(card.target, "monetary", this.state.data.currency_id),
            progress: formatValue(card.progress || 0, "percent"),
        });
    }

    openAction(action) {
        this.action.doAction(action);
    }
}

registry.category("actions").add("trade_business_dept.dashboard", TradeDashboard);
