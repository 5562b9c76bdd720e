from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta

import holidays
import pytz

from odoo import _, api, models, tools
from odoo.exceptions import UserError

from odoo.addons.resource.models.utils import Intervals

_EPOCH = datetime(1970, 1, 1)
# how far ahead adding hours or days looks for working time before giving up
_HORIZON_YEARS = 10
# the calendar's own fields its working time depends on (attendances and leaves
# invalidate it from their own models)
_WORKING_TIME_FIELDS = {"tz", "company_id", "two_weeks_calendar"}


def _to_second(moment):
    """Naive UTC datetime -> whole seconds since the epoch (Odoo stores seconds)."""
    return round((moment - _EPOCH).total_seconds())


def _to_datetime(second):
    return _EPOCH + timedelta(seconds=second)


class _WorkingYear:
    """A calendar's working time over one local year, as lookup tables.

    All moments are whole UTC seconds. ``midnights[i]`` is the moment the year's
    i-th local day begins (plus one entry: the next year's first day),
    ``elapsed[i]`` the working seconds from the year's first midnight to
    ``midnights[i]``, ``intervals[i]`` the i-th day's work intervals. Values are
    shared between threads through the registry cache: never mutated.
    """

    __slots__ = ("elapsed", "intervals", "midnights", "year")

    def __init__(self, year, midnights, intervals):
        self.year = year
        self.midnights = midnights
        self.intervals = intervals
        elapsed = [0]
        for day_intervals in intervals:
            elapsed.append(
                elapsed[-1] + sum(stop - start for start, stop in day_intervals)
            )
        self.elapsed = tuple(elapsed)

    @property
    def total(self):
        return self.elapsed[-1]

    def day_of(self, second):
        return bisect_right(self.midnights, second) - 1

    def has_work(self, day):
        return bool(self.intervals[day])

    def position(self, day, second):
        """Working seconds from the start of ``day``'s work to ``second``."""
        return sum(
            min(second, stop) - start
            for start, stop in self.intervals[day]
            if second > start
        )

    def moment_at(self, day, position):
        """The first moment of ``day`` (a day with work) at ``position``: its start
        of work for 0, its end of work for any position past its total."""
        for start, stop in self.intervals[day]:
            if position <= stop - start:
                return start + position
            position -= stop - start
        return self.intervals[day][-1][1]

    def moment_at_elapsed(self, elapsed):
        """The first moment with ``elapsed`` working seconds since the year began
        (0 < ``elapsed`` <= total): an interval's end rather than the next one's
        start when both qualify."""
        day = bisect_left(self.elapsed, elapsed) - 1
        return self.moment_at(day, elapsed - self.elapsed[day])


class _Odometer:
    """Readings of a calendar's working time: the working seconds done at any
    moment, counted from an arbitrary origin, so that the working time between
    two moments is the difference of their readings.

    It reads the calendar's cached working years as the questions need them; one
    odometer answers one call, the years outlive it in the registry cache.
    """

    def __init__(self, load_year):
        self._load_year = load_year
        self._years = {}
        self._offsets = {}  # year -> reading at its first midnight

    def year(self, number):
        if number not in self._years:
            self._years[number] = self._load_year(number)
        return self._years[number]

    def offset(self, number):
        offsets = self._offsets
        if number in offsets:
            return offsets[number]
        if not offsets:
            offsets[number] = 0
            return 0
        # chained year by year from the years already read
        first, last = min(offsets), max(offsets)
        while last < number:
            offsets[last + 1] = offsets[last] + self.year(last).total
            last += 1
        while first > number:
            offsets[first - 1] = offsets[first] - self.year(first - 1).total
            first -= 1
        return offsets[number]

    def locate(self, second):
        """The year and the index of the local day that contain ``second``."""
        number = _to_datetime(second).year
        year = self.year(number)
        if second < year.midnights[0]:
            year = self.year(number - 1)
        elif second >= year.midnights[-1]:
            year = self.year(number + 1)
        return year, year.day_of(second)

    def locate_day_of_work(self, second):
        """Like ``locate``, but a midnight that ends the previous day's work (a
        calendar working until 24:00) belongs to that day, as a deadline belongs
        to the interval it ends."""
        year, day = self.locate(second)
        if second == year.midnights[day]:
            if day:
                previous_year, previous_day = year, day - 1
            else:
                previous_year = self.year(year.year - 1)
                previous_day = len(previous_year.intervals) - 1
            intervals = previous_year.intervals[previous_day]
            if intervals and intervals[-1][1] == second:
                return previous_year, previous_day
        return year, day

    def reading(self, second):
        year, day = self.locate(second)
        return self.offset(year.year) + year.elapsed[day] + year.position(day, second)

    def first_moment(self, reading, first_year, last_year):
        """The first moment at ``reading``, between the starts of ``first_year``
        and of ``last_year`` + 1, or None."""
        number = first_year
        elapsed = reading - self.offset(number)
        while elapsed > self.year(number).total:
            elapsed -= self.year(number).total
            number += 1
            if number > last_year:
                return None
        if elapsed <= 0:
            return None
        return self.year(number).moment_at_elapsed(elapsed)

    def next_working_day(self, year, day, last_year):
        """The next local day after ``day`` with working time, as (year, day), up
        to the end of ``last_year``, or None."""
        while True:
            day += 1
            if day == len(year.intervals):
                if year.year == last_year:
                    return None
                year, day = self.year(year.year + 1), 0
            if year.has_work(day):
                return year, day


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    # Deadlines of tickets and steps are counted in the calendar's working time, with
    # its public holidays (leaves without resource) taken out. All moments are naive
    # UTC, as Odoo stores them. Working time is the same for every user, so leaves are
    # read as superuser (record rules would hide another company's holidays from some
    # operators and not from others) and limited to the calendar's own leaves and the
    # global ones of its company.
    #
    # Panels ask for the working hours of many deadlines, up to years old, on every
    # page: each calendar's working time is kept per local year as cumulative tables
    # (an odometer), built once from Odoo's work intervals and cached in the registry,
    # so a question costs a few lookups however far apart its moments are. Changing a
    # calendar, an attendance or a holiday clears the registry cache, in every worker.
    #
    # A moment's working position is the working time done up to it. Moments between
    # two intervals share one position (Friday 18:00 and the next Monday 08:00): a
    # computed deadline is always the first moment at its position, the end of the
    # earlier interval. So a deadline is inside working time, "at closing time" stays
    # that day, and pausing and resuming with no working time in between gives back
    # the same deadline.

    def write(self, vals):
        result = super().write(vals)
        if _WORKING_TIME_FIELDS & vals.keys():
            self.env.registry.clear_cache()
        return result

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

    @api.model
    @tools.ormcache("calendar_id", "year")
    def _painel_working_year(self, calendar_id, year):
        """The working time of a calendar over a local year (``_WorkingYear``):
        Odoo's attendance intervals minus the leaves of ``_painel_leave_domain``."""
        calendar = self.browse(calendar_id).sudo()
        tz = pytz.timezone(calendar.tz)
        first_day = date(year, 1, 1)
        day_count = (date(year + 1, 1, 1) - first_day).days
        # a midnight skipped by a daylight-saving change: the day starts at the change
        day_starts = [
            tz.localize(
                datetime.combine(first_day + timedelta(days=n), time.min), is_dst=False
            )
            for n in range(day_count + 1)
        ]
        begin, end = day_starts[0], day_starts[-1]
        attendances = calendar._attendance_intervals_batch(begin, end)[False]
        leaves = calendar._leave_intervals_batch(
            begin, end, domain=calendar._painel_leave_domain()
        )[False]
        # Odoo ends a whole-day leave at 23:59:59: end it at midnight, or a calendar
        # working until 24:00 keeps one second of work on each holiday
        one_second = timedelta(seconds=1)
        leaves = Intervals(
            (
                start,
                stop + one_second if stop.time() == time(23, 59, 59) else stop,
                leave,
            )
            for start, stop, leave in leaves
        )
        midnights = tuple(round(start.timestamp()) for start in day_starts)
        per_day = [[] for _day in range(day_count)]
        # whole seconds: an attendance ending at 24:00 stops a microsecond early
        for start, stop, _records in attendances - leaves:
            first, last = round(start.timestamp()), round(stop.timestamp())
            day = bisect_right(midnights, first) - 1
            while first < last:
                cut = min(last, midnights[day + 1])
                per_day[day].append((first, cut))
                first, day = cut, day + 1
        return _WorkingYear(year, midnights, tuple(map(tuple, per_day)))

    def _painel_odometer(self):
        self.ensure_one()
        calendars = self.env["resource.calendar"]
        return _Odometer(lambda year: calendars._painel_working_year(self.id, year))

    def _painel_no_working_time(self, start):
        local_start = pytz.utc.localize(start).astimezone(pytz.timezone(self.tz))
        return UserError(
            _(
                "The working calendar %(calendar)s does not have enough working time "
                "in the ten years after %(date)s.",
                calendar=self.display_name,
                date=local_start.strftime("%d/%m/%Y"),
            )
        )

    def _painel_add_hours(self, start, hours):
        """Return the first moment ``hours`` working hours after ``start`` (to the
        second).

        It is inside working time, at an interval's end rather than at the next
        one's start. With 0 hours it is ``start``'s own position: ``start`` itself
        in working time, else the end of the last work before it (looking back to
        the start of the previous year), else the start of the next work.
        """
        self.ensure_one()
        if hours < 0:
            raise UserError(_("Working hours to add cannot be negative (%s).", hours))
        seconds = round(hours * 3600)
        odometer = self._painel_odometer()
        start_second = _to_second(start)
        year = odometer.locate(start_second)[0].year
        reading = odometer.reading(start_second) + seconds
        last_year = year + _HORIZON_YEARS
        moment = odometer.first_moment(
            reading, year if seconds else year - 1, last_year
        )
        if moment is None and not seconds:
            # no work since the previous year began: the start of the next work, one
            # second before the first moment with one more second of work
            after_a_second = odometer.first_moment(reading + 1, year, last_year)
            if after_a_second is not None:
                moment = after_a_second - 1
        if moment is None:
            raise self._painel_no_working_time(start)
        return _to_datetime(moment)

    def _painel_add_days(self, start, days):
        """Return ``start`` moved ``days`` working days later, at the same working
        position in the day.

        A day's position is the working time done since its work began: 0 before
        it, the whole day after it (a midnight ending a day's work is that day's
        end). On the ``days``-th later local day with working time, the result is
        the first moment at that position, or that day's end of work when the day
        is shorter. Days without working time (weekends, holidays) do not count.
        """
        self.ensure_one()
        if days < 1 or days != int(days):
            raise UserError(
                _("Working days to add must be a whole number of at least one.")
            )
        odometer = self._painel_odometer()
        start_second = _to_second(start)
        year, day = odometer.locate_day_of_work(start_second)
        position = year.position(day, start_second)
        last_year = year.year + _HORIZON_YEARS
        for _count in range(int(days)):
            found = odometer.next_working_day(year, day, last_year)
            if not found:
                raise self._painel_no_working_time(start)
            year, day = found
        return _to_datetime(year.moment_at(day, position))

    def _painel_hours_between(self, start, end):
        """Working hours from ``start`` to ``end`` (negative when ``end`` is before)."""
        self.ensure_one()
        return self._painel_hours_between_many([(start, end)])[0]

    def _painel_hours_between_many(self, spans):
        """Working hours of each ``(start, end)`` pair, negative when ``end`` is
        before ``start``: two odometer readings each."""
        self.ensure_one()
        odometer = self._painel_odometer()
        return [
            (odometer.reading(_to_second(end)) - odometer.reading(_to_second(start)))
            / 3600
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


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    # the cached working years of ResourceCalendar are built from attendances

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env.registry.clear_cache()
        return attendances

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # the cached working years of ResourceCalendar take out the public holidays,
    # leaves without resource (a person's leave does not move any deadline)

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        if leaves._painel_any_public():
            self.env.registry.clear_cache()
        return leaves

    def write(self, vals):
        was_public = self._painel_any_public()
        result = super().write(vals)
        if was_public or self._painel_any_public():
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        was_public = self._painel_any_public()
        result = super().unlink()
        if was_public:
            self.env.registry.clear_cache()
        return result

    def _painel_any_public(self):
        return any(not leave.resource_id for leave in self)
