import {GraphController} from "@web/views/graph/graph_controller";
import {GraphModel} from "@web/views/graph/graph_model";
import {GraphRenderer} from "@web/views/graph/graph_renderer";
import {graphView} from "@web/views/graph/graph_view";
import {registry} from "@web/core/registry";
import {useNewTicketTool} from "./new_ticket_tool";

// The SLA states by meaning: late red, met green, paused yellow.
const SLA_STATE_COLORS = {
    none: "#adb5bd",
    running: "#1f77b4",
    paused: "#f0ad4e",
    met: "#28a745",
    breached: "#dc3545",
};

/**
 * Stacked bars show their groups, not a line of their running total.
 */
export class PanelGraphModel extends GraphModel {
    _getLineOverlayDataset() {
        return null;
    }
}

/**
 * Bars, lines and slices of an SLA state take the colour of its meaning, whatever
 * their order; any other grouping keeps the standard palette.
 */
export class PanelGraphRenderer extends GraphRenderer {
    slaColor(label, groupByIndex) {
        const {groupBy, fields} = this.model.metaData;
        if (groupBy[groupByIndex]?.fieldName !== "sla_state") {
            return null;
        }
        const option = fields.sla_state.selection.find(([, name]) => name === label);
        return option ? SLA_STATE_COLORS[option[0]] : null;
    }

    colorDatasets(data) {
        for (const dataset of data.datasets) {
            const color = this.slaColor(dataset.label, 1);
            if (color) {
                dataset.backgroundColor = color;
                dataset.borderColor = color;
                dataset.pointBackgroundColor = color;
                dataset.hoverBackgroundColor = color;
            }
        }
        return data;
    }

    getBarChartData() {
        return this.colorDatasets(super.getBarChartData());
    }

    getLineChartData() {
        return this.colorDatasets(super.getLineChartData());
    }

    getPieChartData() {
        const data = super.getPieChartData();
        const colors = data.labels.map((label) => this.slaColor(label, 0));
        if (colors.every(Boolean)) {
            for (const dataset of data.datasets) {
                dataset.backgroundColor = colors;
                dataset.hoverBackgroundColor = colors;
            }
        }
        return data;
    }
}

export class PanelGraphController extends GraphController {
    static template = "painel_atendimento.PanelGraphView";

    setup() {
        super.setup();
        this.newTicket = useNewTicketTool(this.props);
    }
}

export const panelGraphView = {
    ...graphView,
    Controller: PanelGraphController,
    Model: PanelGraphModel,
    Renderer: PanelGraphRenderer,
};

registry.category("views").add("painel_graph", panelGraphView);
