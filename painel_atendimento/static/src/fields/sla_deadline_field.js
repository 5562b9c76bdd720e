import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * The "SLA" column: the deadline and the state of the SLA in one cell. A running
 * SLA already past its deadline reads as breached before the scheduled action
 * records it, like the panels' filters. The colours come from the column's
 * decoration-* attributes.
 */
export class SlaDeadlineField extends Component {
    static template = "painel_atendimento.SlaDeadlineField";
    static props = {...standardFieldProps};

    get deadline() {
        const value = this.props.record.data[this.props.name];
        return value ? formatDateTime(value, {showSeconds: false}) : "";
    }

    get stateLabel() {
        const {data, fields} = this.props.record;
        const state = data.is_sla_late ? "breached" : data.sla_state;
        if (!state || (state === "none" && !this.deadline)) {
            return "";
        }
        const option = fields.sla_state.selection.find(([value]) => value === state);
        return option ? option[1] : "";
    }
}

export const slaDeadlineField = {
    component: SlaDeadlineField,
    displayName: _t("SLA deadline and state"),
    supportedTypes: ["datetime"],
    isEmpty: () => false,
    // the deadline and the state's label side by side
    listViewWidth: [200, 260],
    fieldDependencies: [
        {name: "sla_state", type: "selection"},
        {name: "is_sla_late", type: "boolean"},
    ],
};

registry.category("fields").add("painel_sla_deadline", slaDeadlineField);
