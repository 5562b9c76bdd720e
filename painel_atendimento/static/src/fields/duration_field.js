import {formatRemainingHours, formatWorkingHours} from "./duration";
import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * A float of working hours shown as "h:mm"; with `remaining` (the default), a
 * negative value reads "late by h:mm". Read-only: the values are computed.
 */
export class WorkingHoursField extends Component {
    static template = "painel_atendimento.WorkingHoursField";
    static props = {
        ...standardFieldProps,
        remaining: {type: Boolean, optional: true},
    };

    static defaultProps = {remaining: true};

    get value() {
        return this.props.record.data[this.props.name] || 0;
    }

    get text() {
        return this.props.remaining
            ? formatRemainingHours(this.value)
            : formatWorkingHours(this.value);
    }
}

export const workingHoursField = {
    component: WorkingHoursField,
    displayName: _t("Working hours (h:mm)"),
    supportedTypes: ["float"],
    listViewWidth: [70, 150],
    extractProps: ({options}) => ({remaining: options.remaining !== false}),
};

registry.category("fields").add("painel_working_hours", workingHoursField);
