/**
 * Novo atendimento, as an operator opens a ticket with the customer on the phone:
 * the customer found by CPF/CNPJ (typed with punctuation) or by phone, or
 * registered on the spot; origin, classification, process, the customer's report;
 * the address comes from the customer. Saving shows the protocol at once, with its
 * copy button, and the lifecycle buttons appear.
 *
 * Started by tests/test_tour_operator.py (TestOpenTicketTours).
 */
import {registry} from "@web/core/registry";

function assertText(selector, expected) {
    const element = document.querySelector(selector);
    const text = element && (element.value ?? element.textContent).trim();
    if (text !== expected) {
        throw new Error(`${selector} shows "${text}", expected "${expected}"`);
    }
}

function pick(field, typed, choice) {
    return [
        {
            content: `Type ${typed} in ${field}`,
            trigger: `.o_form_view .o_field_widget[name=${field}] input`,
            run: `edit ${typed}`,
        },
        {
            content: `Choose "${choice}"`,
            trigger: `.o_field_widget[name=${field}] .o-autocomplete--dropdown-item a:contains(${choice})`,
            run: "click",
        },
    ];
}

function openNewTicket() {
    return [
        {
            content: "The panel's tool Novo atendimento",
            trigger: ".o_control_panel button[name=action_panel_new_ticket]",
            run: "click",
        },
        {
            content: "The new ticket's form is editable, with no lifecycle button",
            trigger:
                ".o_form_view .o_form_editable .o_field_widget[name=partner_id] input",
            run() {
                const header = document.querySelector(".o_form_view .o_form_statusbar");
                for (const name of [
                    "action_claim",
                    "action_open_forward_wizard",
                    "action_open_close_wizard",
                ]) {
                    if (header.querySelector(`button[name=${name}]`)) {
                        throw new Error(`${name} shows on a ticket not saved yet`);
                    }
                }
            },
        },
    ];
}

function fillTicketAndSave() {
    return [
        ...pick("origin_id", "Phone", "Phone"),
        ...pick(
            "opening_classification_id",
            "Classificação do Tour",
            "Classificação do Tour"
        ),
        ...pick("process_id", "Processo do Tour", "Processo do Tour"),
        {
            content: "The customer's report",
            trigger: ".o_form_view .o_field_widget[name=description] textarea",
            run: "edit Cliente sem conexão desde a manhã.",
        },
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "The protocol shows at once, whole, with its copy button",
            trigger:
                ".o_form_view .oe_title .o_field_widget[name=protocol]:has(.o_clipboard_button)",
            run() {
                const text = this.anchor.querySelector("span").textContent.trim();
                if (!/^\d{14}$/.test(text)) {
                    throw new Error(`protocol "${text}"`);
                }
            },
        },
        {
            content: "Once saved, the lifecycle buttons appear",
            trigger: ".o_form_view .o_form_statusbar button[name=action_claim]:visible",
        },
        {
            content: "The SLA runs",
            trigger: ".o_form_view .o_field_widget[name=sla_deadline]:not(:empty)",
        },
    ];
}

registry.category("web_tour.tours").add("painel_open_ticket_existing_customer", {
    steps: () => [
        ...openNewTicket(),
        {
            content: "Find the customer by the CPF typed with punctuation",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit 529.982.247-25",
        },
        {
            content: "The customer is offered",
            trigger:
                ".o_field_widget[name=partner_id] .o-autocomplete--dropdown-item a:contains(Cliente Existente do Tour)",
        },
        // "edit (…)" would read the parentheses as the action's own
        ...pick("partner_id", "((19) 99741-0000)", "Cliente Existente do Tour"),
        {
            content: "The CPF shows punctuated (masked for an operator: LGPD)",
            trigger:
                ".o_form_view .o_field_widget[name=partner_document]:contains(982.247)",
            run() {
                assertText(
                    ".o_form_view .o_field_widget[name=partner_document] span",
                    "***.982.247-**"
                );
            },
        },
        {
            content: "Open the Address tab",
            trigger: ".o_form_view .o_notebook a.nav-link[name=address]",
            run: "click",
        },
        {
            content: "The address comes from the customer",
            trigger: ".o_form_view .o_field_widget[name=city] input",
            run() {
                assertText(
                    ".o_form_view .o_field_widget[name=city] input",
                    "Cidade do Tour"
                );
                assertText(
                    ".o_form_view .o_field_widget[name=district] input",
                    "Jardim do Tour"
                );
            },
        },
        {
            content: "Back to the customer's report",
            trigger: ".o_form_view .o_notebook a.nav-link[name=description]",
            run: "click",
        },
        ...fillTicketAndSave(),
    ],
});

registry.category("web_tour.tours").add("painel_open_ticket_new_customer", {
    steps: () => [
        ...openNewTicket(),
        {
            content: "Type the new customer's name",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Cliente Novo do Tour",
        },
        {
            content: "Create and edit the customer",
            trigger:
                ".o_field_widget[name=partner_id] .o_m2o_dropdown_option_create_edit a",
            run: "click",
        },
        {
            content: "The customer's form: a wrong CPF",
            trigger: ".modal .o_form_view .o_field_widget[name=vat] input",
            run: "edit 111.444.777-00",
        },
        {
            content: "The phone",
            trigger: ".modal .o_form_view .o_field_widget[name=phone] input",
            run: "edit ((19) 3232-1000)",
        },
        {
            content: "The street",
            trigger: ".modal .o_form_view .o_field_widget[name=street] input",
            run: "edit Rua Nova, 10",
        },
        {
            content: "The district",
            trigger: ".modal .o_form_view .o_field_widget[name=street2] input",
            run: "edit Vila Nova do Tour",
        },
        {
            content: "The city",
            trigger: ".modal .o_form_view .o_field_widget[name=city] input",
            run: "edit Paulínia",
        },
        {
            content: "Save the customer",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The wrong CPF is refused",
            trigger: ".modal .o_error_dialog, .modal-body:contains(CPF)",
        },
        {
            content: "Close the message",
            trigger: ".modal:not(:has(.o_form_view)) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Type the right CPF",
            trigger: ".modal .o_form_view .o_field_widget[name=vat] input",
            run: "edit 111.444.777-35",
        },
        {
            content: "Save the customer",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Back on the ticket with the new customer",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=partner_id] input",
            run() {
                const value = this.anchor.value;
                if (!value.includes("Cliente Novo do Tour")) {
                    throw new Error(`customer "${value}"`);
                }
            },
        },
        {
            content: "The CPF shows punctuated (masked for an operator)",
            trigger:
                ".o_form_view .o_field_widget[name=partner_document]:contains(444.777)",
            run() {
                assertText(
                    ".o_form_view .o_field_widget[name=partner_document] span",
                    "***.444.777-**"
                );
            },
        },
        ...fillTicketAndSave(),
    ],
});
