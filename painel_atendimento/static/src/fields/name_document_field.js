import {Component} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * "Nome/Documento": the customer's name and CPF/CNPJ. The document is never cut: it
 * keeps its line whole, and the name wraps (or is cut) before it does.
 */
export class NameDocumentField extends Component {
    static template = "painel_atendimento.NameDocumentField";
    static props = {...standardFieldProps};

    get document() {
        return this.props.record.data.partner_document || "";
    }

    get name() {
        const value = this.props.record.data[this.props.name] || "";
        const suffix = this.document && ` - ${this.document}`;
        return suffix && value.endsWith(suffix)
            ? value.slice(0, -suffix.length)
            : value;
    }
}

export const nameDocumentField = {
    component: NameDocumentField,
    displayName: _t("Name and CPF/CNPJ"),
    supportedTypes: ["char"],
    // Room for a CNPJ (18 characters) on its own line
    listViewWidth: [150],
    fieldDependencies: [{name: "partner_document", type: "char"}],
};

registry.category("fields").add("painel_name_document", nameDocumentField);
