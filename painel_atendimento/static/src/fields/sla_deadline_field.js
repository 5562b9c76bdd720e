import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatDateTime} from "@web/core/l10n/dates";
import {formatWorkingHours} from "./duration";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * The "SLA" column: the deadline and the state of the SLA in one cell. A running
 * SLA already past its deadline reads as breached before the scheduled action
 * records it, like the panels' filters. A paused SLA (no deadline) shows the
 * working time it keeps; a finished one, the working time it used. Coloured by
 * meaning: late red, paused yellow, met green.
 */
export class SlaDeadlineField extends Component {
    static template = "painel_atendimento.SlaDeadlineField";
    static props = {...standardFieldProps};

    get deadline() {
        const value = this.props.record.data[this.props.name];
        return value ? formatDateTime(value, {showSeconds: false}) : "";
    }

    get state() {
        const {data} = this.props.record;
        return data.is_sla_late ? "breached" : data.sla_state;
    }

    get colorClass() {
        return (
            {
                breached: "text-danger",
                paused: "text-warning",
                met: "text-success",
            }[this.state] || ""
        );
    }

    get stateLabel() {
        const state = this.state;
        if (!state || (state === "none" && !this.deadline)) {
            return "";
        }
        const {fields} = this.props.record;
        const option = fields.sla_state.selection.find(([value]) => value === state);
        return option ? option[1] : "";
    }

    get detail() {
        const {data} = this.props.record;
        if (data.sla_state === "paused") {
            return _t("%s left", formatWorkingHours(data.sla_paused_remaining_hours));
        }
        if (["met", "breached"].includes(data.sla_state) && data.sla_used_hours) {
            return _t("%s used", formatWorkingHours(data.sla_used_hours));
        }
        return "";
    }
}

export const slaDeadlineField = {
    component: SlaDeadlineField,
    displayName: _t("SLA deadline and state"),
    supportedTypes: ["datetime"],
    isEmpty: () => false,
    // The deadline and the state's label side by side
    listViewWidth: [110, 170],
    fieldDependencies: [
        {name: "sla_state", type: "selection"},
        {name: "is_sla_late", type: "boolean"},
        {name: "sla_paused_remaining_hours", type: "float"},
        {name: "sla_used_hours", type: "float"},
    ],
};

registry.category("fields").add("painel_sla_deadline", slaDeadlineField);
