/**
 * Busca avançada, as an operator uses it from the menu: Informações sintéticas of
 * a city (a pivot of the period), then Pesquisa avançada of a protocol typed with
 * punctuation (the ticket's row, its protocol whole).
 *
 * Started by tests/test_tour_operator.py (TestAdvancedSearchTour).
 */
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

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

function searchBy(criterion) {
    return {
        content: `Search by ${criterion}`,
        trigger: `.modal .o_field_widget[name=search_by] input[data-value=${criterion}]`,
        run: "click",
    };
}

const apply = {
    content: "Apply",
    trigger: ".modal footer button[name=action_search]",
    run: "click",
};

registry.category("web_tour.tours").add("painel_advanced_search", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Service app",
            trigger: ".o_app[data-menu-xmlid='painel_atendimento.menu_root']",
            run: "click",
        },
        ...openPanelMenu("menu_panel_search_synthetic"),
        searchBy("city"),
        {
            content: "The city",
            trigger: ".modal .o_field_widget[name=city] input",
            run: "edit Cidade da Busca",
        },
        apply,
        {
            content:
                "The pivot of the period holds the city's one ticket, in its process",
            trigger:
                "body:not(:has(.modal)) .o_pivot_view th:contains(Processo do Tour)",
            run() {
                const rows = document.querySelectorAll(".o_pivot_view tbody tr");
                if (rows.length !== 2) {
                    throw new Error(`${rows.length - 1} processes, expected one`);
                }
            },
        },
        ...openPanelMenu("menu_panel_search_advanced"),
        searchBy("protocol"),
        {
            content: "The protocol, typed with punctuation",
            trigger: ".modal .o_field_widget[name=protocol] input",
            run: "edit 2099.0101.1234-56",
        },
        apply,
        {
            content: "The ticket's row alone, its protocol whole",
            trigger:
                "body:not(:has(.modal)) .o_list_view .o_data_row td[name=protocol]:contains(20990101123456)",
            run() {
                const rows = document.querySelectorAll(".o_list_view .o_data_row");
                if (rows.length !== 1) {
                    throw new Error(`${rows.length} rows, expected one`);
                }
                const cell = this.anchor;
                if (cell.scrollWidth > cell.clientWidth + 1) {
                    throw new Error("the protocol is cut");
                }
            },
        },
    ],
});
