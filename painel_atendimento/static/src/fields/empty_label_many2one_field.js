import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * A read-only many2one that says so when it is empty, e.g. "Sem resgate" for a
 * ticket nobody claimed: the text is the field's `placeholder` in the view.
 */
export class EmptyLabelMany2OneField extends Component {
    static template = "painel_atendimento.EmptyLabelMany2OneField";
    static props = {
        ...standardFieldProps,
        placeholder: {type: String, optional: true},
    };

    get displayName() {
        const value = this.props.record.data[this.props.name];
        return value ? value[1] : "";
    }
}

export const emptyLabelMany2OneField = {
    component: EmptyLabelMany2OneField,
    displayName: _t("Name, or a label when empty"),
    supportedTypes: ["many2one"],
    isEmpty: () => false,
    extractProps: ({attrs}) => ({placeholder: attrs.placeholder}),
};

registry.category("fields").add("painel_empty_label_many2one", emptyLabelMany2OneField);
