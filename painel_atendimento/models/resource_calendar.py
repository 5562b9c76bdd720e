from bisect import bisect_right
from datetime import date, datetime, time, timedelta

import holidays
import pytz

from odoo import _, api, models
from odoo.exceptions import UserError


def _to_second(moment):
    """Round to the nearest second: an attendance ending at 24:00 stops just before."""
    rounded = moment + timedelta(microseconds=500000)
    return rounded.replace(microsecond=0)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # Deadlines of tickets and steps are counted in the calendar's working time, with
    # its public holidays (leaves without resource) taken out. All moments are naive
    # UTC, as Odoo stores them. Working time is the same for every user, so leaves are
    # read as superuser (record rules would hide another company's holidays from some
    # operators and not from others) and limited to the calendar's own leaves and the
    # global ones of its company.

    @api.ondelete(at_uninstall=True)
    def _unlink_public_holidays(self):
        # Odoo keeps a deleted calendar's leaves with no calendar, which turns them into
        # holidays of every calendar of the company and silently moves its deadlines
        self.env["resource.calendar.leaves"].sudo().search(
            [("calendar_id", "in", self.ids), ("resource_id", "=", False)]
        ).unlink()

    def _painel_leave_domain(self):
        self.ensure_one()
        return [
            ("time_type", "=", "leave"),
            "|",
            ("calendar_id", "=", self.id),
            ("company_id", "in", [self.company_id.id, False]),
        ]

    def _painel_work_intervals(self, start, end):
        """Work intervals (aware, in the calendar's tz) between aware moments."""
        self.ensure_one()
        return self.sudo()._work_intervals_batch(
            start, end, domain=self._painel_leave_domain()
        )[False]

    def _painel_add_hours(self, start, hours):
        """Return the moment ``hours`` working hours after ``start``."""
        self.ensure_one()
        if hours <= 0:
            return start
        end = self.sudo().plan_hours(
            hours, start, compute_leaves=True, domain=self._painel_leave_domain()
        )
        if not end:
            raise UserError(
                _(
                    "The working calendar %s has no working time ahead.",
                    self.display_name,
                )
            )
        return _to_second(end)

    def _painel_hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (negative when ``end`` is before)."""
        self.ensure_one()
        if end < start:
            return -self._painel_hours_between(end, start)
        return self._painel_hours_between_many([(start, end)])[0]

    def _painel_add_days(self, start, days):
        """Return ``start`` moved ``days`` working days later, at the same local time.

        ``plan_days`` lands at the end of the N-th working day; an SLA moved by a day
        must keep its time of day, so the N-th later date with working time is looked
        up and the local wall-clock time of ``start`` is kept.
        """
        self.ensure_one()
        if days <= 0:
            return start
        tz = pytz.timezone(self.tz or "UTC")
        local_start = pytz.utc.localize(start).astimezone(tz)
        working_dates = self._painel_working_dates(local_start.date(), days)
        target = datetime.combine(working_dates[days - 1], local_start.time())
        return tz.localize(target).astimezone(pytz.utc).replace(tzinfo=None)

    def _painel_working_dates(self, after_date, count):
        """The first ``count`` local dates after ``after_date`` with working time."""
        tz = pytz.timezone(self.tz or "UTC")
        window = timedelta(days=max(14, count * 2))
        found = []
        cursor = after_date + timedelta(days=1)
        for _attempt in range(100):
            begin = tz.localize(datetime.combine(cursor, time.min))
            end = tz.localize(datetime.combine(cursor + window, time.min))
            intervals = self._painel_work_intervals(begin, end)
            for day in sorted({interval[0].date() for interval in intervals}):
                if day not in found:
                    found.append(day)
                if len(found) == count:
                    return found
            cursor += window
        raise UserError(
            _("The working calendar %s has no working days ahead.", self.display_name)
        )

    def _painel_hours_between_many(self, spans):
        """Working hours of each ``(start, end)`` pair, from one interval lookup.

        Lists of tickets show the hours of many deadlines at once: the calendar's
        work intervals over the whole envelope are read once and each pair is
        answered with a bisection on their running total.
        """
        self.ensure_one()
        if not spans:
            return []
        low = min(min(span) for span in spans)
        high = max(max(span) for span in spans)
        intervals = [
            (
                start.astimezone(pytz.utc).replace(tzinfo=None),
                stop.astimezone(pytz.utc).replace(tzinfo=None),
            )
            for start, stop, _meta in self._painel_work_intervals(
                pytz.utc.localize(low), pytz.utc.localize(high)
            )
        ]
        starts = [start for start, _stop in intervals]
        totals = [0.0]
        for start, stop in intervals:
            totals.append(totals[-1] + (stop - start).total_seconds() / 3600)

        def worked_until(moment):
            index = bisect_right(starts, moment)
            if not index:
                return 0.0
            start, stop = intervals[index - 1]
            partial = (min(moment, stop) - start).total_seconds() / 3600
            return totals[index - 1] + partial

        # moments are whole seconds; an attendance ending at 24:00 stops a
        # microsecond early, which rounding to the second takes back
        return [
            round((worked_until(end) - worked_until(start)) * 3600) / 3600
            for start, end in spans
        ]

    def _painel_fill_public_holidays(self, year, state_code=None):
        """Add the national public holidays of ``year`` (and those of the Brazilian
        state ``state_code``, e.g. "SP") as leaves without resource.

        Days already covered by a leave of the calendar are skipped, so running it
        twice changes nothing. Municipal holidays are entered by hand.
        Returns the leaves created.
        """
        self.ensure_one()
        try:
            public_holidays = holidays.country_holidays(
                "BR", subdiv=state_code or None, years=year, language="pt_BR"
            )
        except NotImplementedError as error:
            raise UserError(
                _("There is no holiday list for the Brazilian state %s.", state_code)
            ) from error
        tz = pytz.timezone(self.tz or "UTC")

        def to_utc(day, moment):
            local = tz.localize(datetime.combine(day, moment))
            return local.astimezone(pytz.utc).replace(tzinfo=None)

        leaves = self.env["resource.calendar.leaves"]
        existing = leaves.search(
            [
                ("calendar_id", "=", self.id),
                ("resource_id", "=", False),
                ("date_from", "<=", to_utc(date(year, 12, 31), time.max)),
                ("date_to", ">=", to_utc(date(year, 1, 1), time.min)),
            ]
        )
        vals_list = []
        for day, name in sorted(public_holidays.items()):
            day_start, day_end = to_utc(day, time.min), to_utc(day, time(23, 59, 59))
            if any(
                leave.date_from <= day_start and leave.date_to >= day_end
                for leave in existing
            ):
                continue
            vals_list.append(
                {
                    "name": name,
                    "calendar_id": self.id,
                    "date_from": day_start,
                    "date_to": day_end,
                    "time_type": "leave",
                }
            )
        return leaves.create(vals_list)
