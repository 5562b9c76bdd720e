/**
 * A ticket worked by clicks, as an operator does it all day: Resgatar, a comment,
 * Encaminhar with the "Comentário ao encaminhar", Próximo subprocesso, Abrir O.S.
 * (which takes the ticket's address), Finalizar with the O.S. still open (the
 * operator confirms). Before that, a colleague's ticket shows no "Liberar".
 *
 * Started by tests/test_tour_operator.py (TestWorkTicketTour).
 */
import {registry} from "@web/core/registry";

const ROW = (customer) =>
    `.o_list_view .o_data_row td[name=partner_display_document]:contains(${customer})`;

function fieldText(name) {
    const element = document.querySelector(
        `.o_form_view .o_field_widget[name=${name}]`
    );
    return element
        ? (element.querySelector("input")?.value ?? element.textContent).trim()
        : "";
}

function expectField(name, expected) {
    const text = fieldText(name);
    if (!text.includes(expected)) {
        throw new Error(`${name} shows "${text}", expected "${expected}"`);
    }
}

registry.category("web_tour.tours").add("painel_work_a_ticket", {
    steps: () => [
        {
            content: "Open the colleague's ticket",
            trigger: ROW("Cliente do Colega"),
            run: "click",
        },
        {
            content: "Claimed by the colleague: no Liberar, no Resgatar for me",
            trigger:
                ".o_form_view .o_field_widget[name=claimed_by_id]:contains(Caio Colega)",
            run() {
                const header = document.querySelector(".o_form_view .o_form_statusbar");
                if (header.querySelector("button[name=action_release]")) {
                    throw new Error("Release shows on a colleague's ticket");
                }
                if (header.querySelector("button[name=action_claim]")) {
                    throw new Error("Claim shows on a claimed ticket");
                }
            },
        },
        {
            content: "Back to the panel",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "Open the day's ticket",
            trigger: ROW("Cliente da Jornada"),
            run: "click",
        },
        {
            content: "Resgatar",
            trigger: ".o_form_view .o_form_statusbar button[name=action_claim]",
            run: "click",
        },
        {
            content: "Claimed by me: Liberar shows",
            trigger: ".o_form_view .o_form_statusbar button[name=action_release]",
            run() {
                expectField("claimed_by_id", "Olga Operadora");
            },
        },
        {
            content: "Write a note",
            trigger: ".o-mail-Chatter button.o-mail-Chatter-logNote",
            run: "click",
        },
        {
            content: "The comment",
            trigger: ".o-mail-Composer-input",
            run: "edit Cliente confirmou que o roteador reiniciou sozinho.",
        },
        {
            content: "Log it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The comment is in the history",
            trigger: ".o-mail-Message:contains(roteador reiniciou sozinho)",
        },
        {
            content: "Encaminhar",
            trigger:
                ".o_form_view .o_form_statusbar button[name=action_open_forward_wizard]",
            run: "click",
        },
        {
            content: "The new process",
            trigger: ".modal .o_field_widget[name=process_id] input",
            run: "edit Processo Destino",
        },
        {
            content: "Choose it",
            trigger:
                ".modal .o_field_widget[name=process_id] .o-autocomplete--dropdown-item a:contains(Processo Destino)",
            run: "click",
        },
        {
            content: "Comentário ao encaminhar",
            trigger: ".modal .o_field_widget[name=comment] textarea",
            run: "edit Cliente precisa de visita técnica.",
        },
        {
            content: "Forward",
            trigger: ".modal footer button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The ticket is in the new process, at its first subprocess",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=subprocess_id]:contains(Análise Destino)",
            run() {
                expectField("process_id", "Processo Destino");
            },
        },
        {
            content: "Próximo subprocesso",
            trigger: ".o_form_view .o_form_statusbar button[name=action_next_step]",
            run: "click",
        },
        {
            content: "The next subprocess runs",
            trigger:
                ".o_form_view .o_field_widget[name=subprocess_id]:contains(Visita Destino)",
        },
        {
            content: "Abrir O.S.",
            trigger:
                ".o_form_view .o_form_statusbar button[name=action_new_work_order]",
            run: "click",
        },
        {
            content: "The work order takes the ticket's address",
            trigger: ".modal .o_form_view .o_field_widget[name=city] input",
            run() {
                const value = (name) =>
                    document.querySelector(`.modal .o_field_widget[name=${name}] input`)
                        .value;
                const address = [value("street"), value("district"), value("city")];
                const expected = [
                    "Avenida Central, 500",
                    "Centro do Tour",
                    "Campinas do Tour",
                ];
                if (address.join("|") !== expected.join("|")) {
                    throw new Error(`work order address ${address.join(", ")}`);
                }
            },
        },
        {
            content: "What the technician must do",
            trigger: ".modal .o_field_widget[name=description] textarea",
            run: "edit Trocar o roteador.",
        },
        {
            content: "Save the work order",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The ticket has an unscheduled work order",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=work_order_status]:contains(Unscheduled)",
        },
        {
            content: "Finalizar",
            trigger:
                ".o_form_view .o_form_statusbar button[name=action_open_close_wizard]",
            run: "click",
        },
        {
            content: "The closing warns of the open work order",
            trigger:
                ".modal .alert-warning .o_field_widget[name=open_work_order_names]:contains(OS/)",
        },
        {
            content: "The closing classification",
            trigger: ".modal .o_field_widget[name=closing_classification_id] input",
            run: "edit Resolvido no Tour",
        },
        {
            content: "Choose it",
            trigger:
                ".modal .o_field_widget[name=closing_classification_id] .o-autocomplete--dropdown-item a:contains(Resolvido no Tour)",
            run: "click",
        },
        {
            content: "Close the ticket",
            trigger: ".modal footer button[name=action_confirm_open_work_orders]",
            run: "click",
        },
        {
            content: "Asked to confirm: confirm",
            trigger: ".modal:not(:has(.o_form_view)) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The ticket is closed",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=closed_at]:not(:empty)",
            run() {
                const current = document.querySelector(
                    ".o_form_view .o_statusbar_status .o_arrow_button_current"
                );
                if (!current || !current.textContent.includes("Closed")) {
                    throw new Error(`status "${current && current.textContent}"`);
                }
            },
        },
    ],
});
