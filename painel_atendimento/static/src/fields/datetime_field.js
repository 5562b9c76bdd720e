import {DateTimeField, dateTimeField} from "@web/views/fields/datetime/datetime_field";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * A moment of the panels: DD/MM/AAAA HH:MM (no seconds). In a crowded grid the time
 * goes under the date instead of the column taking the width of both.
 */
export const panelDateTimeField = {
    ...dateTimeField,
    component: DateTimeField,
    displayName: _t("Date and time (panels)"),
    listViewWidth: [80, 115],
    extractProps: (fieldInfo, dynamicInfo) => ({
        ...dateTimeField.extractProps(fieldInfo, dynamicInfo),
        showSeconds: false,
    }),
};

registry.category("fields").add("painel_datetime", panelDateTimeField);
