/**
 * An operator's day in the Painel: open the panel "Opened This Week" from the menu,
 * search a customer, open the ticket, increment its SLA through "Modify SLA"
 * (Increment -> Next -> motive, notes, quantity, "Are you sure..." -> Finish) and
 * find the new deadline in the ticket's SLA history.
 *
 * Started by tests/test_tour.py, which creates the customer, the ticket with an SLA
 * and the increment motive used here.
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const CUSTOMER = "Cliente do Tour";
const MOTIVE = "Motivo do Tour";
const CUSTOMER_ROW = `.o_data_row td[name=partner_display_document]:contains(${CUSTOMER})`;
const OTHER_ROW = `.o_data_row td[name=partner_display_document]:not(:contains(${CUSTOMER}))`;
let newDeadline = "";

function checkText(selector, expected) {
    const text = document.querySelector(selector)?.textContent.trim();
    if (text !== expected) {
        throw new Error(`${selector} shows "${text}", expected "${expected}"`);
    }
}

registry.category("web_tour.tours").add("painel_atendimento_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Tickets app",
            trigger: ".o_app[data-menu-xmlid='painel_atendimento.menu_root']",
            run: "click",
        },
        {
            content: "Open the Panel menu",
            trigger: ".o_main_navbar [data-menu-xmlid='painel_atendimento.menu_panel']",
            run: "click",
        },
        {
            content: "Open the panel Opened This Week",
            trigger:
                ".dropdown-item[data-menu-xmlid='painel_atendimento.menu_panel_open_week']",
            run: "click",
        },
        {
            content: "Search the customer",
            trigger: ".o_list_view input.o_searchview_input",
            run: `edit ${CUSTOMER}`,
        },
        {
            content:
                "Search it in the default field (protocol, CPF/CNPJ, code or customer)",
            trigger:
                ".o_searchview_autocomplete .o_menu_item:first-child b:contains(Customer)",
            run: "click",
        },
        {
            content: "Only the customer's ticket is left: open it",
            trigger: `.o_list_view:not(:has(${OTHER_ROW})) ${CUSTOMER_ROW}`,
            run: "click",
        },
        {
            content: "Modify its SLA",
            trigger: ".o_form_view button[name=action_open_sla_change_wizard]",
            run: "click",
        },
        {
            content: "Choose Increment SLA",
            trigger:
                ".modal .o_field_widget[name=running_choice] input[data-value=increment]",
            run: "click",
        },
        {
            content: "Next",
            trigger: ".modal footer button[name=action_next]",
            run: "click",
        },
        {
            content: "Type the motive",
            trigger: ".modal .o_field_widget[name=motive_id] input",
            run: `edit ${MOTIVE}`,
        },
        {
            content: "Choose the motive",
            trigger: `.o-autocomplete--dropdown-item a:contains(${MOTIVE})`,
            run: "click",
        },
        {
            content: "Explain the increment",
            trigger: ".modal .o_field_widget[name=notes] textarea",
            run: "edit Cliente pediu a visita para o período da tarde.",
        },
        {
            content: "Increment in hours",
            trigger: ".modal .o_field_widget[name=unit] input[data-value=hours]",
            run: "click",
        },
        {
            content: "Increment by 2 hours",
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: "edit 2 && press Tab",
        },
        {
            content: "The new deadline is computed before confirming",
            trigger: ".modal .o_field_widget[name=new_deadline] span:not(:empty)",
            run() {
                newDeadline = this.anchor.textContent.trim();
                const current = document
                    .querySelector(".modal .o_field_widget[name=current_deadline] span")
                    .textContent.trim();
                if (!newDeadline || newDeadline === current) {
                    throw new Error(`new deadline "${newDeadline}" after "${current}"`);
                }
            },
        },
        {
            content: "Tick 'Are you sure...'",
            trigger: ".modal .o_field_widget[name=confirm] input",
            run: "click",
        },
        {
            content: "Finish",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The ticket shows the new deadline",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=sla_deadline]",
            run() {
                checkText(
                    ".o_form_view .o_field_widget[name=sla_deadline] span",
                    newDeadline
                );
            },
        },
        {
            content: "Open the SLA history",
            trigger: ".o_form_view button[name=action_view_sla_history]",
            run: "click",
        },
        {
            content: "The history holds the increment with the new deadline",
            trigger: `.o_list_view .o_data_row td[name=motive_id]:contains(${MOTIVE})`,
            run() {
                const row = this.anchor.closest(".o_data_row");
                const after = row
                    .querySelector("td[name=deadline_after]")
                    .textContent.trim();
                if (after !== newDeadline) {
                    throw new Error(
                        `history shows "${after}", expected "${newDeadline}"`
                    );
                }
            },
        },
    ],
});
