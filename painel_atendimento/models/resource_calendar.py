from datetime import datetime, time, timedelta

import pytz

from odoo import _, models
from odoo.exceptions import UserError


def _to_second(moment):
    """Round to the nearest second: an attendance ending at 24:00 stops just before."""
    rounded = moment + timedelta(microseconds=500000)
    return rounded.replace(microsecond=0)


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # Deadlines of tickets and steps are counted in the calendar's working time, with
    # its public holidays (leaves without resource) taken out. All moments are naive
    # UTC, as Odoo stores them.

    def _painel_add_hours(self, start, hours):
        """Return the moment ``hours`` working hours after ``start``."""
        self.ensure_one()
        if hours <= 0:
            return start
        return _to_second(self.plan_hours(hours, start, compute_leaves=True))

    def _painel_hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (negative when ``end`` is before)."""
        self.ensure_one()
        if end < start:
            return -self._painel_hours_between(end, start)
        return self.get_work_hours_count(start, end, compute_leaves=True)

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
            intervals = self._work_intervals_batch(begin, end)[False]
            for date in sorted({interval[0].date() for interval in intervals}):
                if date not in found:
                    found.append(date)
                if len(found) == count:
                    return found
            cursor += window
        raise UserError(
            _("The working calendar %s has no working days ahead.", self.display_name)
        )
