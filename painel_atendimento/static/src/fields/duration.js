import {_t} from "@web/core/l10n/translation";

/**
 * Working hours (a float, 1.5 = 1 h 30 min) as an operator reads them: "1:30".
 * The values are business hours counted in the SLA calendar: no day count, a
 * working day is not 24 hours.
 *
 * @param {Number} hours
 * @returns {String}
 */
export function formatWorkingHours(hours) {
    const minutes = Math.round(Math.abs(hours || 0) * 60);
    const hh = Math.floor(minutes / 60);
    const mm = String(minutes % 60).padStart(2, "0");
    return `${hh}:${mm}`;
}

/**
 * Hours left until a deadline, or "late by h:mm" once it has passed (negative).
 *
 * @param {Number} hours
 * @returns {String}
 */
export function formatRemainingHours(hours) {
    const text = formatWorkingHours(hours);
    return hours < 0 && text !== "0:00" ? _t("late by %s", text) : text;
}
