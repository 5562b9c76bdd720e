/**
 * Modificar SLA as a supervisor: an increment in working days lands inside the
 * calendar's working time, and a pause resumed seconds later leaves the deadline
 * where it was; a paused SLA shows the working time it keeps.
 *
 * Started by tests/test_tour_operator.py (TestSlaTours), on a ticket's form.
 */
import {registry} from "@web/core/registry";

let before = "";

function deadlineText() {
    const element = document.querySelector(
        ".o_form_view .o_field_widget[name=sla_deadline]"
    );
    return element ? element.textContent.trim() : "";
}

/**
 * "DD/MM/YYYY HH:MM" as minutes since the epoch (local wall clock).
 *
 * @param {String} text
 * @returns {Number}
 */
function minutes(text) {
    const [, dd, mm, yyyy, hh, mi] = text.match(
        /(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d)/
    );
    return Date.UTC(yyyy, mm - 1, dd, hh, mi) / 60000;
}

function modifySla(choiceField, choice) {
    return [
        {
            content: "Modificar SLA",
            trigger: ".o_form_view button[name=action_open_sla_change_wizard]",
            run: "click",
        },
        {
            content: `Choose ${choice}`,
            trigger: `.modal .o_field_widget[name=${choiceField}] input[data-value=${choice}]`,
            run: "click",
        },
        {
            content: "Next",
            trigger: ".modal footer button[name=action_next]",
            run: "click",
        },
    ];
}

function finish() {
    return [
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
    ];
}

function motive(name) {
    return [
        {
            content: "The motive",
            trigger: ".modal .o_field_widget[name=motive_id] input",
            run: `edit ${name}`,
        },
        {
            content: "Choose it",
            trigger: `.o-autocomplete--dropdown-item a:contains(${name})`,
            run: "click",
        },
        {
            content: "The notes",
            trigger: ".modal .o_field_widget[name=notes] textarea",
            run: "edit Pedido do cliente.",
        },
    ];
}

registry.category("web_tour.tours").add("painel_sla_increment_days", {
    steps: () => [
        {
            content: "The deadline is a Thursday at 18:00",
            trigger: ".o_form_view .o_field_widget[name=sla_deadline]:contains(18:00)",
        },
        ...modifySla("running_choice", "increment"),
        ...motive("Incremento do Tour"),
        {
            content: "Increment in days",
            trigger: ".modal .o_field_widget[name=unit] input[data-value=days]",
            run: "click",
        },
        {
            content: "Two days",
            trigger: ".modal .o_field_widget[name=quantity] input",
            run: "edit 2 && press Tab",
        },
        {
            content:
                "The new deadline is Saturday's end of work, 12:00, inside the calendar",
            trigger: ".modal .o_field_widget[name=new_deadline]:contains(12:00)",
        },
        ...finish(),
        {
            content: "The ticket shows the new deadline",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=sla_deadline]:contains(12:00)",
        },
    ],
});

registry.category("web_tour.tours").add("painel_sla_pause_resume", {
    steps: () => [
        {
            content: "The running deadline",
            trigger: ".o_form_view .o_field_widget[name=sla_deadline]:not(:empty)",
            run() {
                before = deadlineText();
            },
        },
        ...modifySla("running_choice", "pause"),
        ...motive("Pausa do Tour"),
        ...finish(),
        {
            content: "Paused: no deadline, the working time left shows",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=sla_state]:contains(Paused)",
            run() {
                const left = document.querySelector(
                    ".o_form_view .o_field_widget[name=sla_remaining_hours]"
                );
                if (!left || !/\d+:\d\d/.test(left.textContent)) {
                    throw new Error(`time left "${left && left.textContent}"`);
                }
            },
        },
        ...modifySla("paused_choice", "resume"),
        ...finish(),
        {
            content: "Resumed: the same deadline (a minute at most, the clicks' time)",
            trigger:
                "body:not(:has(.modal)) .o_form_view .o_field_widget[name=sla_state]:contains(Running)",
            run() {
                const after = deadlineText();
                const moved = minutes(after) - minutes(before);
                if (moved < 0 || moved > 1) {
                    throw new Error(`deadline ${before} became ${after}`);
                }
            },
        },
    ],
});
