/**
 * The panels as a supervisor reads them: whole protocols and documents, the default
 * search field finding a CPF typed with punctuation, no filter a panel cannot match;
 * Processo x Subprocesso with its late count per group; Subprocessos atrasados with
 * how late each step is and the tool Editar; Gráfico sintético with Novo atendimento,
 * the SLA states in the colours of their meaning and no running total. And one panel
 * on a phone: cards, no sideways scroll.
 *
 * Started by tests/test_tour_operator.py (TestPanelTools, TestPhoneTour).
 */
import {registry} from "@web/core/registry";

const LATE_CUSTOMER = "Cliente Atrasado";
const LATE_ROW = `.o_data_row:has(td[name=partner_display_document]:contains(${LATE_CUSTOMER}))`;
// The SLA states whose colour says what they mean (static/src/panel_views)
const SLA_COLORS = {Breached: "#dc3545", Met: "#28a745", Running: "#1f77b4"};

function checkWhole(element, what) {
    if (!element) {
        throw new Error(`no ${what}`);
    }
    if (element.scrollWidth > element.clientWidth + 1) {
        throw new Error(`${what} "${element.textContent.trim()}" is cut`);
    }
}

function openPanelMenu(menu) {
    return [
        {
            content: "Open the Panel menu",
            trigger: ".o_main_navbar [data-menu-xmlid='painel_atendimento.menu_panel']",
            run: "click",
        },
        {
            content: `Open ${menu}`,
            trigger: `.dropdown-item[data-menu-xmlid='painel_atendimento.${menu}']`,
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("painel_panel_tools", {
    steps: () => [
        {
            content: "Protocols and documents are whole, the document punctuated",
            trigger: `.o_list_view ${LATE_ROW}`,
            run() {
                for (const cell of document.querySelectorAll(
                    ".o_list_view .o_data_row td[name=protocol]"
                )) {
                    checkWhole(cell, "protocol");
                }
                const document_ = this.anchor.querySelector(".o_painel_document");
                checkWhole(document_, "CPF");
                const nameDocument = this.anchor.querySelector(
                    "td[name=partner_display_document]"
                ).innerText;
                if (nameDocument !== `${LATE_CUSTOMER} 111.444.777-35`) {
                    throw new Error(`Name/Document reads "${nameDocument}"`);
                }
            },
        },
        {
            content: "Type the CPF with its punctuation in the search box",
            trigger: ".o_control_panel input.o_searchview_input",
            run: "edit 111.444.777-35",
        },
        {
            content: "The default field searches protocol, CPF/CNPJ, code or customer",
            trigger:
                ".o_searchview_autocomplete .o_menu_item:first-child:contains(Protocol, CPF/CNPJ, Code or Customer)",
            run: "click",
        },
        {
            content: "Only the customer's ticket is left",
            trigger: `.o_list_view:not(:has(.o_data_row:not(${LATE_ROW}))) ${LATE_ROW}`,
        },
        {
            content: "Open the filters",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content:
                "An open panel offers no closed, cancelled or met filter, none twice",
            trigger: ".o_filter_menu .o_menu_item:contains(Late SLA)",
            run() {
                const labels = [
                    ...document.querySelectorAll(".o_filter_menu .o_menu_item"),
                ].map((item) => item.textContent.trim());
                for (const senseless of ["Open", "Closed", "Cancelled", "SLA Met"]) {
                    if (labels.includes(senseless)) {
                        throw new Error(`filter "${senseless}" in an open panel`);
                    }
                }
                const twice = labels.filter((label, i) => labels.indexOf(label) !== i);
                if (twice.length) {
                    throw new Error(`filters offered twice: ${twice.join(", ")}`);
                }
            },
        },
        ...openPanelMenu("menu_panel_open_process_steps"),
        {
            content: "Processo x Subprocesso: the process counts its late steps",
            trigger: ".o_list_view .o_group_header:contains(Processo do Tour)",
            run() {
                const sums = [...this.anchor.querySelectorAll("td.o_list_number")].map(
                    (cell) => cell.textContent.trim()
                );
                if (sums.join() !== "1") {
                    throw new Error(`late count "${sums.join()}", expected 1 of 2`);
                }
            },
        },
        ...openPanelMenu("menu_panel_step_late_all"),
        {
            content: "Subprocessos atrasados: how late the step is",
            trigger: `.o_list_view ${LATE_ROW} td[name=remaining_hours]:contains(late by)`,
        },
        {
            content: "Select the late step",
            trigger: `.o_list_view ${LATE_ROW} .o_list_record_selector input`,
            run: "click",
        },
        {
            content: "Editar",
            trigger: ".o_control_panel button[name=action_panel_edit_ticket]",
            run: "click",
        },
        {
            content: "The ticket's form, editable",
            trigger: `.o_form_view .o_form_editable .o_field_widget[name=partner_id] input`,
            run() {
                if (!this.anchor.value.includes(LATE_CUSTOMER)) {
                    throw new Error(`customer "${this.anchor.value}"`);
                }
            },
        },
        ...openPanelMenu("menu_panel_open_synthetic"),
        {
            content: "Gráfico sintético: the chart",
            trigger: ".o_control_panel .o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "SLA states in the colours of their meaning, no running total",
            trigger: ".o_graph_view .o_graph_canvas_container canvas",
            run() {
                const chart = window.Chart.getChart(this.anchor);
                const {datasets} = chart.data;
                const coloured = datasets.filter(
                    (dataset) => dataset.label in SLA_COLORS
                );
                if (!coloured.length) {
                    throw new Error("no SLA state in the chart");
                }
                for (const dataset of coloured) {
                    if (dataset.backgroundColor !== SLA_COLORS[dataset.label]) {
                        throw new Error(
                            `${dataset.label} painted ${dataset.backgroundColor}`
                        );
                    }
                }
                if (datasets.some((dataset) => dataset.type === "line")) {
                    throw new Error("a running-total line over the bars");
                }
            },
        },
        {
            content: "Novo atendimento",
            trigger: ".o_control_panel button.o_painel_new_ticket",
            run: "click",
        },
        {
            content: "A new ticket's form, editable",
            trigger:
                ".o_form_view .o_form_editable .o_field_widget[name=partner_id] input",
        },
    ],
});

registry.category("web_tour.tours").add("painel_phone_panel", {
    steps: () => [
        {
            content: "On a phone the panel is a column of cards",
            trigger: ".o_kanban_view .o_kanban_record:contains(Cliente no Celular)",
            run() {
                const card = this.anchor;
                const text = card.textContent;
                for (const expected of [
                    "11.222.333/0001-81",
                    "20990101000777",
                    "Not claimed",
                ]) {
                    if (!text.includes(expected)) {
                        throw new Error(`the card lacks "${expected}": ${text}`);
                    }
                }
                checkWhole(card.querySelector(".o_painel_protocol"), "protocol");
                checkWhole(card.querySelector(".o_painel_document"), "CNPJ");
                if (!card.querySelector(".o_painel_sla")) {
                    throw new Error("the card lacks the SLA");
                }
                const page = document.scrollingElement;
                const content = document.querySelector(".o_content");
                for (const element of [page, content]) {
                    if (element.scrollWidth > element.clientWidth + 1) {
                        throw new Error(
                            `sideways scroll: ${element.scrollWidth} px in ${element.clientWidth}`
                        );
                    }
                }
            },
        },
        {
            content: "Open the ticket from its card",
            trigger: ".o_kanban_record:contains(Cliente no Celular)",
            run: "click",
        },
        {
            content: "Its form, with the protocol",
            trigger:
                ".o_form_view .o_field_widget[name=protocol]:contains(20990101000777)",
        },
    ],
});
