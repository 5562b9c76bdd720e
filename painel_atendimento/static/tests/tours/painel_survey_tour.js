/**
 * Reenviar avaliação para o SAC Plus, from Finalizados hoje: the survey goes out
 * once, a second click within the company's interval is refused, and the ticket
 * shows when it was last sent.
 *
 * Started by tests/test_tour_operator.py (TestSurveyResendTour).
 */
import {registry} from "@web/core/registry";

const ROW =
    ".o_list_view .o_data_row:has(td[name=partner_display_document]:contains(Cliente da Avaliação))";

function selectRowAndResend() {
    return [
        {
            content: "Select the ticket",
            trigger: `${ROW} .o_list_record_selector input:not(:checked)`,
            run: "click",
        },
        {
            content: "Reenviar avaliação para o SAC Plus",
            trigger: ".o_control_panel button[name=action_resend_rating]",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("painel_resend_survey", {
    steps: () => [
        ...selectRowAndResend(),
        {
            content: "Sent",
            trigger: ".o_notification:contains(resent successfully)",
        },
        ...selectRowAndResend(),
        {
            content: "Not twice within the interval",
            trigger: ".modal .modal-body:contains(less than 24 hours ago)",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Open the ticket",
            trigger: `body:not(:has(.modal)) ${ROW} td[name=protocol]`,
            run: "click",
        },
        {
            content: "The ticket shows when the survey was last sent: now",
            trigger: ".o_form_view .o_field_widget[name=survey_sent_at]:not(:empty)",
            run() {
                const now = new Date();
                const pad = (n) => String(n).padStart(2, "0");
                const today = `${pad(now.getMonth() + 1)}/${pad(now.getDate())}/${now.getFullYear()}`;
                const shown = this.anchor.textContent.trim();
                if (!shown.startsWith(today)) {
                    throw new Error(
                        `survey sent on "${shown}", expected today ${today}`
                    );
                }
            },
        },
    ],
});
