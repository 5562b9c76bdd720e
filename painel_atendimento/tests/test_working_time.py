"""The working-time engine of resource.calendar (models/resource_calendar.py).

Properties are checked on many seeded random moments (biased towards the edges of
working time) over several calendars, against Odoo's own work intervals as the
reference; the examples pin the documented choices.
"""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from unittest.mock import patch

import pytz

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PainelCase

SECOND = timedelta(seconds=1)
CASES = 60
# local wall-clock times at and around the edges of the calendars' working time
EDGES = [time(0, 0), time(23, 59, 59)] + [
    (datetime.combine(date.min, time(hour)) + shift).time()
    for hour in (8, 9, 12, 13, 17, 18)
    for shift in (-SECOND, timedelta(0), SECOND)
]


def utc(calendar, *local):
    """Naive UTC of a local wall-clock time of ``calendar`` (standard time when the
    time is ambiguous or skipped)."""
    tz = pytz.timezone(calendar.tz)
    moment = tz.localize(datetime(*local), is_dst=False)
    return moment.astimezone(pytz.utc).replace(tzinfo=None)


def to_naive(aware):
    return datetime(1970, 1, 1) + timedelta(seconds=round(aware.timestamp()))


def seconds(hours):
    return round(hours * 3600)


class WorkingTimeCase(PainelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # holidays come from the calendars made here, not from the database
        cls.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", False), ("resource_id", "=", False)]
        ).unlink()
        business = cls.calendar  # Mon-Fri 08-12 13-18, São Paulo
        for year in (2024, 2025, 2026):
            business._painel_fill_public_holidays(year, "SP")
        week = ((8, 12), (13, 18))
        cls.saturday = cls._make_calendar(
            "Comercial + sábado",
            "America/Sao_Paulo",
            {**dict.fromkeys(range(5), week), 5: ((8, 12),)},
        )
        cls.saturday._painel_fill_public_holidays(2025)
        around_the_clock = dict.fromkeys(range(7), ((0, 24),))
        cls.full_time = cls._make_calendar(
            "24x7", "America/Sao_Paulo", around_the_clock
        )
        cls.full_time_holidays = cls._make_calendar(
            "24x7 com feriados", "America/Sao_Paulo", around_the_clock
        )
        cls.full_time_holidays._painel_fill_public_holidays(2025)
        cls.new_york = cls._make_calendar(
            "New York", "America/New_York", dict.fromkeys(range(5), ((9, 17),))
        )
        cls.new_york_full_time = cls._make_calendar(
            "New York 24x7", "America/New_York", around_the_clock
        )
        cls.idle = cls._make_calendar("Sem expediente", "America/Sao_Paulo", {})
        # (calendar, local date ranges the random moments are drawn from, whether
        # Odoo's intervals are the exact reference: Odoo leaves one second of work
        # before midnight on the holidays of a calendar working until 24:00)
        cls.calendars = [
            (business, [(date(2024, 1, 1), date(2026, 12, 31))], True),
            (cls.saturday, [(date(2025, 1, 1), date(2025, 12, 31))], True),
            # 2018: Brazil still had daylight saving time, changing at midnight
            (cls.full_time, [(date(2018, 1, 20), date(2018, 12, 31))], True),
            (cls.full_time_holidays, [(date(2025, 1, 1), date(2025, 12, 31))], False),
            (
                cls.new_york,
                [
                    (date(2025, 3, 1), date(2025, 3, 20)),
                    (date(2025, 10, 25), date(2025, 11, 10)),
                ],
                True,
            ),
            (
                cls.new_york_full_time,
                [
                    (date(2025, 3, 5), date(2025, 3, 12)),
                    (date(2025, 10, 30), date(2025, 11, 5)),
                ],
                True,
            ),
        ]

    @classmethod
    def _make_calendar(cls, name, tz, hours_by_weekday):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"{weekday} {start}-{end}",
                            "dayofweek": str(weekday),
                            "hour_from": start,
                            "hour_to": end,
                        }
                    )
                    for weekday, hours in hours_by_weekday.items()
                    for start, end in hours
                ],
            }
        )

    # ------------------------------------------------------------ Odoo's reference

    def _odoo_intervals(self, calendar, begin, end):
        """Odoo's own work intervals between two naive UTC moments, to the second."""
        intervals = calendar._work_intervals_batch(
            pytz.utc.localize(begin),
            pytz.utc.localize(end),
            domain=calendar._painel_leave_domain(),
        )[False]
        return [(to_naive(start), to_naive(stop)) for start, stop, _meta in intervals]

    def _odoo_seconds(self, calendar, begin, end):
        if end < begin:
            return -self._odoo_seconds(calendar, end, begin)
        return sum(
            (stop - start).total_seconds()
            for start, stop in self._odoo_intervals(calendar, begin, end)
        )

    def _odoo_inside(self, calendar, moment):
        return any(
            start <= moment <= stop
            for start, stop in self._odoo_intervals(
                calendar, moment - timedelta(days=1), moment + timedelta(days=1)
            )
        )

    def _local_day_start(self, calendar, day):
        return utc(calendar, day.year, day.month, day.day)

    def _local_date(self, calendar, moment):
        tz = pytz.timezone(calendar.tz)
        return pytz.utc.localize(moment).astimezone(tz).date()

    def _odoo_days(self, calendar, first_day, day_count):
        """Odoo's work intervals of each local day from ``first_day`` on."""
        per_day = defaultdict(list)
        begin = self._local_day_start(calendar, first_day)
        end = self._local_day_start(calendar, first_day + timedelta(days=day_count))
        for start, stop in self._odoo_intervals(calendar, begin, end):
            per_day[self._local_date(calendar, start)].append((start, stop))
        return per_day

    @staticmethod
    def _position(intervals, moment):
        return sum(
            (min(moment, stop) - start).total_seconds()
            for start, stop in intervals
            if moment > start
        )

    # ------------------------------------------------------------ random moments

    def _moment(self, rng, calendar, ranges):
        first, last = rng.choice(ranges)
        day = first + timedelta(days=rng.randrange((last - first).days + 1))
        if rng.random() < 0.5:
            wall = rng.choice(EDGES)
        else:
            wall = (datetime.min + timedelta(seconds=rng.randrange(86400))).time()
        return utc(calendar, *datetime.combine(day, wall).timetuple()[:6])

    @staticmethod
    def _hours(rng):
        return rng.choice(
            [
                rng.randint(1, 40),
                rng.randint(1, 120) / 2,
                rng.randrange(1, 60 * 3600) / 3600,
            ]
        )


@tagged("post_install", "-at_install")
class TestWorkingTimeProperties(WorkingTimeCase):
    def test_hours_between_agrees_with_odoo_work_intervals(self):
        for calendar, ranges, exact in self.calendars:
            if not exact:
                continue
            rng = random.Random(calendar.name)
            spans = []
            for _case in range(CASES):
                start = self._moment(rng, calendar, ranges)
                end = self._moment(rng, calendar, ranges)
                if abs(end - start) > timedelta(days=20):
                    end = start + timedelta(
                        seconds=rng.randrange(-20 * 86400, 20 * 86400)
                    )
                spans.append((start, end))
            many = calendar._painel_hours_between_many(spans)
            for (start, end), hours in zip(spans, many, strict=True):
                with self.subTest(calendar=calendar.name, start=start, end=end):
                    expected = self._odoo_seconds(calendar, start, end)
                    self.assertEqual(seconds(hours), expected)
                    self.assertEqual(calendar._painel_hours_between(start, end), hours)
                    self.assertEqual(calendar._painel_hours_between(end, start), -hours)

    def test_add_hours_lands_in_working_time_after_exactly_those_hours(self):
        for calendar, ranges, _exact in self.calendars:
            rng = random.Random(calendar.name)
            for _case in range(CASES):
                start, hours = self._moment(rng, calendar, ranges), self._hours(rng)
                with self.subTest(calendar=calendar.name, start=start, hours=hours):
                    deadline = calendar._painel_add_hours(start, hours)
                    self.assertEqual(deadline.microsecond, 0)
                    self.assertTrue(self._odoo_inside(calendar, deadline))
                    between = calendar._painel_hours_between(start, deadline)
                    self.assertEqual(seconds(between), seconds(hours))
                    # the first such moment: a second earlier is short of the hours
                    earlier = calendar._painel_hours_between(start, deadline - SECOND)
                    self.assertEqual(seconds(earlier), seconds(hours) - 1)

    def test_an_interval_end_is_reached_exactly(self):
        """A deadline exactly at the end of an interval (closing time, lunch) is
        that end, not the start of the next interval."""
        for calendar, ranges, exact in self.calendars:
            if not exact:
                continue
            rng = random.Random(calendar.name)
            for _case in range(CASES // 2):
                start = self._moment(rng, calendar, ranges)
                ends = [
                    stop
                    for _start, stop in self._odoo_intervals(
                        calendar, start, start + timedelta(days=10)
                    )
                    if stop > start
                ]
                # (on a 24x7 calendar Odoo cuts the time at each midnight: such an
                # end is reached too, the next second being working time)
                end = rng.choice(ends)
                hours = self._odoo_seconds(calendar, start, end) / 3600
                with self.subTest(calendar=calendar.name, start=start, end=end):
                    self.assertEqual(calendar._painel_add_hours(start, hours), end)

    def test_add_days_keeps_the_working_position(self):
        for calendar, ranges, exact in self.calendars:
            if not exact:
                continue
            rng = random.Random(calendar.name)
            for _case in range(CASES):
                start, days = self._moment(rng, calendar, ranges), rng.randint(1, 6)
                with self.subTest(calendar=calendar.name, start=start, days=days):
                    moved = calendar._painel_add_days(start, days)
                    start_day = self._local_date(calendar, start)
                    eve = start_day - timedelta(days=1)
                    per_day = self._odoo_days(calendar, eve, 41)
                    # a midnight that ends the previous day's work is that day's end
                    if per_day[eve] and per_day[eve][-1][1] == start:
                        start_day = eve
                    working_days = sorted(day for day in per_day if day > start_day)
                    target = per_day[working_days[days - 1]]
                    # within that day's work, its end included
                    self.assertTrue(target[0][0] <= moved <= target[-1][1])
                    position = self._position(per_day[start_day], start)
                    day_total = self._position(target, target[-1][1])
                    self.assertEqual(
                        self._position(target, moved), min(position, day_total)
                    )
                    # the first moment of the day at that position
                    if moved > target[0][0]:
                        self.assertLess(
                            self._position(target, moved - SECOND),
                            self._position(target, moved),
                        )

    def test_pause_then_resume_moves_the_deadline_by_the_working_time_between(self):
        unchanged = 0
        for calendar, ranges, _exact in self.calendars:
            rng = random.Random(calendar.name)
            for case in range(CASES):
                start = self._moment(rng, calendar, ranges)
                deadline = calendar._painel_add_hours(start, self._hours(rng))
                if case % 3 == 0:  # deadlines moved by whole days too
                    deadline = calendar._painel_add_days(deadline, rng.randint(1, 3))
                span = int((deadline - start).total_seconds())
                paused = rng.choice(
                    [start, deadline, start + timedelta(seconds=rng.randint(0, span))]
                )
                resumed = paused + timedelta(
                    seconds=rng.choice(
                        [0, 1, rng.randrange(16 * 3600), rng.randrange(3 * 86400)]
                    )
                )
                with self.subTest(
                    calendar=calendar.name,
                    deadline=deadline,
                    paused=paused,
                    resumed=resumed,
                ):
                    remaining = calendar._painel_hours_between(paused, deadline)
                    after = calendar._painel_add_hours(resumed, remaining)
                    between = calendar._painel_hours_between(paused, resumed)
                    self.assertEqual(
                        seconds(calendar._painel_hours_between(deadline, after)),
                        seconds(between),
                    )
                    if seconds(between):
                        self.assertEqual(
                            after, calendar._painel_add_hours(deadline, between)
                        )
                    else:
                        self.assertEqual(after, deadline)
                        unchanged += 1
        self.assertGreater(unchanged, 30, "the no-work-between case was exercised")


@tagged("post_install", "-at_install")
class TestWorkingTimeExamples(WorkingTimeCase):
    def test_plus_days_stays_inside_a_shorter_day(self):
        calendar = self.saturday
        add_days = calendar._painel_add_days

        def local(*args):
            return utc(calendar, 2025, 3, *args)

        # Thu 13 March 18:00, a full day of work done: Saturday's full day ends at 12
        self.assertEqual(add_days(local(13, 18), 2), local(15, 12))
        self.assertEqual(add_days(local(13, 9), 1), local(14, 9))
        # Friday 17:00 (8 h done) on Saturday, then Monday at 8 h: 17:00
        self.assertEqual(add_days(local(14, 17), 1), local(15, 12))
        self.assertEqual(add_days(local(14, 17), 2), local(17, 17))
        # before the day's work is position 0, after it the whole day
        self.assertEqual(add_days(local(13, 7), 1), local(14, 8))
        self.assertEqual(add_days(local(13, 21), 1), local(14, 18))
        # the lunch break is not working time: 12:30 is 4 h, as 12:00
        self.assertEqual(add_days(local(13, 12, 30), 1), local(14, 12))
        # Sunday has no work: position 0, Monday's start of work
        self.assertEqual(add_days(local(16, 10), 1), local(17, 8))

    def test_plus_days_skips_holidays(self):
        # Thu 17 April 2025 10:00 + 1: Good Friday, the weekend and Tiradentes
        # (Mon 21) are skipped
        self.assertEqual(
            self.calendar._painel_add_days(utc(self.calendar, 2025, 4, 17, 10), 1),
            utc(self.calendar, 2025, 4, 22, 10),
        )
        # on the Saturday calendar, Saturday 19 is a working day
        self.assertEqual(
            self.saturday._painel_add_days(utc(self.saturday, 2025, 4, 17, 18), 1),
            utc(self.saturday, 2025, 4, 19, 12),
        )

    def test_closing_time_is_the_deadline_of_the_next_morning(self):
        calendar = self.calendar

        def local(*args):
            return utc(calendar, 2025, 3, *args)

        # Friday 14 March 18:00 and Monday 17 08:00 are the same working position;
        # the engine's deadlines are the end of the earlier interval
        self.assertEqual(calendar._painel_hours_between(local(14, 18), local(17, 8)), 0)
        self.assertEqual(calendar._painel_add_hours(local(14, 9), 8), local(14, 18))
        self.assertEqual(calendar._painel_add_hours(local(14, 9), 3), local(14, 12))
        # no hours: the moment itself in working time, else the end of the last work
        self.assertEqual(calendar._painel_add_hours(local(14, 10), 0), local(14, 10))
        self.assertEqual(calendar._painel_add_hours(local(15, 10), 0), local(14, 18))
        self.assertEqual(calendar._painel_add_hours(local(17, 8), 0), local(14, 18))

    def test_pausing_and_resuming_at_once_keeps_the_deadline(self):
        calendar = self.saturday

        def local(*args):
            return utc(calendar, 2025, 3, *args)

        # Thu 13 18:00 + 2 days: Saturday 12:00 (before, Saturday 18:00: pausing then
        # resuming counted the remaining time up to 12:00 and moved it 6 h earlier)
        deadline = calendar._painel_add_days(local(13, 18), 2)
        self.assertEqual(deadline, local(15, 12))
        for paused, resumed in (
            (local(14, 10), local(14, 10)),
            (local(14, 18, 30), local(15, 7)),
            (local(15, 12), local(16, 20)),
        ):
            remaining = calendar._painel_hours_between(paused, deadline)
            self.assertEqual(calendar._painel_add_hours(resumed, remaining), deadline)
        # with working time between, the deadline moves by exactly that time:
        # paused Friday 17:00 (5 h left), resumed Saturday 09:00 (2 h of work
        # between): Saturday 09-12 and Monday 08-10
        remaining = calendar._painel_hours_between(local(14, 17), deadline)
        self.assertEqual(remaining, 5)
        self.assertEqual(
            calendar._painel_add_hours(local(15, 9), remaining), local(17, 10)
        )

    def test_holiday_of_a_24x7_calendar_has_no_working_second(self):
        calendar = self.full_time_holidays
        # Monday 21 April 2025 is Tiradentes: Sun 20 and Tue 22 count, Mon 21 does not
        self.assertEqual(
            calendar._painel_hours_between(
                utc(calendar, 2025, 4, 20), utc(calendar, 2025, 4, 23)
            ),
            48,
        )
        self.assertEqual(
            calendar._painel_add_hours(utc(calendar, 2025, 4, 20, 23), 1),
            utc(calendar, 2025, 4, 21),
        )
        self.assertEqual(
            calendar._painel_add_hours(utc(calendar, 2025, 4, 20, 23), 2),
            utc(calendar, 2025, 4, 22, 1),
        )
        self.assertEqual(
            calendar._painel_add_days(utc(calendar, 2025, 4, 20, 10), 1),
            utc(calendar, 2025, 4, 22, 10),
        )
        # Monday 00:00 ends Sunday's work: one working day later is Tuesday's end,
        # not Tuesday 00:00 (the same working position as Monday 00:00)
        self.assertEqual(
            calendar._painel_add_days(utc(calendar, 2025, 4, 21), 1),
            utc(calendar, 2025, 4, 23),
        )
        self.assertEqual(
            self.full_time._painel_add_days(utc(calendar, 2025, 4, 21), 1),
            utc(calendar, 2025, 4, 22),
        )

    def test_daylight_saving_time_in_new_york(self):
        calendar, full_time = self.new_york, self.new_york_full_time
        # Sunday 9 March 2025: EST (UTC-5) -> EDT (UTC-4) at 02:00
        friday_4pm = datetime(2025, 3, 7, 21)
        self.assertEqual(
            calendar._painel_add_hours(friday_4pm, 2), datetime(2025, 3, 10, 14)
        )
        self.assertEqual(
            calendar._painel_hours_between(friday_4pm, datetime(2025, 3, 10, 14)), 2
        )
        saturday, monday = datetime(2025, 3, 8, 5), datetime(2025, 3, 10, 4)
        self.assertEqual(full_time._painel_hours_between(saturday, monday), 47)
        # Sunday 2 November 2025: EDT -> EST at 02:00, a day of 25 hours
        saturday, monday = datetime(2025, 11, 1, 4), datetime(2025, 11, 3, 5)
        self.assertEqual(full_time._painel_hours_between(saturday, monday), 49)
        self.assertEqual(full_time._painel_add_hours(saturday, 49), monday)
        # a day's position is working time: 10 h into Sunday 9 March is 11:00 EDT
        self.assertEqual(
            full_time._painel_add_days(datetime(2025, 3, 8, 15), 1),
            datetime(2025, 3, 9, 15),
        )

    def test_daylight_saving_time_in_brazil_before_2019(self):
        calendar = self.full_time
        # Sunday 4 November 2018: 00:00 BRT (UTC-3) became 01:00 BRST (UTC-2)
        saturday, monday = datetime(2018, 11, 3, 3), datetime(2018, 11, 5, 2)
        self.assertEqual(calendar._painel_hours_between(saturday, monday), 47)
        self.assertEqual(calendar._painel_add_hours(saturday, 47), monday)
        # Sunday 18 February 2018: 00:00 BRST went back to Saturday 23:00 BRT
        saturday, sunday = datetime(2018, 2, 17, 2), datetime(2018, 2, 18, 3)
        self.assertEqual(calendar._painel_hours_between(saturday, sunday), 25)
        # business hours are wall-clock hours: Fri 2 Nov 17:00 BRT + 2 h
        business = self.calendar
        self.assertEqual(
            business._painel_add_hours(datetime(2018, 11, 2, 20), 2),
            datetime(2018, 11, 5, 11),
        )

    def test_bad_input_is_refused(self):
        start = utc(self.calendar, 2025, 3, 14, 10)
        refused = {
            "negative hours": lambda: self.calendar._painel_add_hours(start, -1),
            "zero days": lambda: self.calendar._painel_add_days(start, 0),
            "negative days": lambda: self.calendar._painel_add_days(start, -2),
            "half a day": lambda: self.calendar._painel_add_days(start, 1.5),
            "no working time": lambda: self.idle._painel_add_hours(start, 1),
            "no working day": lambda: self.idle._painel_add_days(start, 1),
            "no position": lambda: self.idle._painel_add_hours(start, 0),
        }
        for reason, call in refused.items():
            with self.subTest(reason), self.assertRaises(UserError):
                call()
        # nothing to count on a calendar without working time
        self.assertEqual(
            self.idle._painel_hours_between(start, start + timedelta(days=800)), 0
        )

    def test_more_hours_than_ten_years_hold_are_refused(self):
        start = utc(self.calendar, 2025, 3, 14, 10)
        with self.assertRaises(UserError):
            self.calendar._painel_add_hours(start, 10**6)
        with self.assertRaises(UserError):
            self.calendar._painel_add_days(start, 10**4)

    def test_changes_reach_the_cached_working_time(self):
        calendar = self.saturday

        def nine_hours_from_monday():
            return calendar._painel_add_hours(monday, 9)

        def local(*args):
            return utc(calendar, 2025, 3, *args)

        monday = local(17, 8)
        self.assertEqual(nine_hours_from_monday(), local(17, 18))
        calendar.attendance_ids.filtered(
            lambda attendance: (
                attendance.dayofweek == "0" and attendance.hour_from == 13
            )
        ).hour_to = 17
        self.assertEqual(nine_hours_from_monday(), local(18, 9))
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Aniversário da cidade",
                "calendar_id": calendar.id,
                "date_from": local(18, 0),
                "date_to": local(18, 23, 59, 59),
            }
        )
        self.assertEqual(nine_hours_from_monday(), local(19, 9))
        holiday.write({"date_from": local(17, 0), "date_to": local(17, 23, 59, 59)})
        self.assertEqual(nine_hours_from_monday(), local(18, 18))
        holiday.unlink()
        self.assertEqual(nine_hours_from_monday(), local(18, 9))
        # Manaus is an hour behind: São Paulo's Monday 08:00 is 07:00 there, and
        # Tuesday 09:00 in Manaus (UTC-4) is 13:00 UTC
        calendar.tz = "America/Manaus"
        self.assertEqual(nine_hours_from_monday(), datetime(2025, 3, 18, 13))

    def test_old_deadlines_are_answered_from_the_cached_tables(self):
        calendar = self.calendar
        now = utc(calendar, 2026, 5, 20, 18)
        rng = random.Random(80)
        spans = [
            (now - timedelta(seconds=rng.randrange(2 * 365 * 86400)), now)
            for _span in range(80)
        ]
        hours = calendar._painel_hours_between_many(spans)
        for (start, end), value in list(zip(spans, hours, strict=True))[:5]:
            self.assertEqual(seconds(value), self._odoo_seconds(calendar, start, end))
        # warm: no calendar is expanded again, however old the deadlines
        with patch.object(
            type(calendar),
            "_attendance_intervals_batch",
            side_effect=AssertionError("working time expanded again"),
        ):
            self.assertEqual(calendar._painel_hours_between_many(spans), hours)
            oldest = min(start for start, _end in spans)
            self.assertEqual(
                calendar._painel_hours_between(
                    oldest, calendar._painel_add_hours(oldest, 100)
                ),
                100,
            )
