from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PainelCase


def sp(month, day, hour, minute=0, year=2025):
    """Naive UTC of a wall-clock time in São Paulo (UTC-3, no daylight saving)."""
    return datetime(year, month, day, hour, minute) + timedelta(hours=3)


# April 2025: Fri 11, Mon 14 ... Thu 17; Fri 18 (Good Friday) and Mon 21
# (Tiradentes) are national holidays; Tue 22, Wed 23.


class SlaCase(PainelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["service.sla.policy"].search([]).action_archive()
        # the tests' calendars get their holidays here, not from the database
        cls.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", False), ("resource_id", "=", False)]
        ).unlink()
        cls.calendar._painel_fill_public_holidays(2025, "SP")
        cls.calendar_24x7 = cls.env["resource.calendar"].create(
            {
                "name": "24x7",
                "tz": "America/Sao_Paulo",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0,
                            "hour_to": 24,
                        },
                    )
                    for day in range(7)
                ],
            }
        )
        cls.origin_monitoring = cls.env.ref("painel_atendimento.origin_monitoring")
        cls.classification_billing = cls.env["service.classification"].create(
            {"name": "Segunda via", "kind": "opening"}
        )
        Policy = cls.env["service.sla.policy"]
        cls.policy_monitoring = Policy.create(
            {
                "name": "Monitoramento 24x7",
                "sequence": 1,
                "target_hours": 30,
                "resource_calendar_id": cls.calendar_24x7.id,
                "origin_ids": [(6, 0, cls.origin_monitoring.ids)],
            }
        )
        cls.policy_no_connection = Policy.create(
            {
                "name": "Sem conexão",
                "sequence": 10,
                "target_hours": 8,
                "resource_calendar_id": cls.calendar.id,
                "classification_ids": [(6, 0, cls.classification_open.ids)],
            }
        )
        cls.policy_billing = Policy.create(
            {
                "name": "Financeiro",
                "sequence": 20,
                "target_hours": 27,
                "resource_calendar_id": cls.calendar.id,
                "process_ids": [(6, 0, cls.other_process.ids)],
                "classification_ids": [(6, 0, cls.classification_billing.ids)],
            }
        )
        cls.policy_default = Policy.create(
            {
                "name": "Padrão",
                "sequence": 100,
                "target_hours": 18,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        Motive = cls.env["service.sla.motive"]
        cls.motive_material = Motive.create(
            {"name": "Falta de material", "kind": "increment"}
        )
        cls.motive_waiting = Motive.create(
            {"name": "Aguardando cliente", "kind": "pause"}
        )
        cls.team = cls.env["service.team"].create(
            {"name": "Suporte N1", "supervisor_id": cls.supervisor.id}
        )

    def _open(self, **values):
        """A ticket opened now (frozen), as the supervisor sees it."""
        return self._create_ticket(**values).with_user(self.supervisor)

    def _snapshot(self, ticket):
        ticket.invalidate_recordset()
        return (
            ticket.sla_deadline,
            ticket.sla_state,
            ticket.sla_paused_remaining_hours,
            len(ticket.sla_intervention_ids),
        )


@tagged("post_install", "-at_install")
class TestSlaCalendar(SlaCase):
    def test_hours_skip_lunch(self):
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 9), 4), sp(4, 14, 14)
        )

    def test_hours_cross_the_night(self):
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 16), 4), sp(4, 15, 10)
        )

    def test_hours_cross_weekend_and_holidays(self):
        # Thu 16-18 (2h), Fri holiday, weekend, Mon holiday, Tue 08-12 + 13-15 (6h)
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 17, 16), 8), sp(4, 22, 15)
        )

    def test_hours_from_outside_working_time(self):
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 12, 10), 2), sp(4, 14, 10)
        )

    def test_hours_ending_at_closing_stay_that_day(self):
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 8), 9), sp(4, 14, 18)
        )

    def test_24x7_counts_every_hour_and_no_holiday(self):
        self.assertEqual(
            self.calendar_24x7._painel_add_hours(sp(4, 18, 20), 30), sp(4, 20, 2)
        )
        self.assertEqual(
            self.calendar_24x7._painel_hours_between(sp(4, 18, 0), sp(4, 22, 0)),
            96,
        )

    def test_days_keep_time_of_day_and_skip_holidays(self):
        add_days = self.calendar._painel_add_days
        self.assertEqual(add_days(sp(4, 17, 10), 1), sp(4, 22, 10))
        self.assertEqual(add_days(sp(4, 17, 10), 2), sp(4, 23, 10))
        self.assertEqual(add_days(sp(4, 11, 18), 1), sp(4, 14, 18))
        self.assertEqual(
            self.calendar_24x7._painel_add_days(sp(4, 17, 10), 2), sp(4, 19, 10)
        )

    def test_hours_between_one_and_many_agree(self):
        spans = [
            (sp(4, 17, 16), sp(4, 22, 15)),
            (sp(4, 14, 9), sp(4, 14, 14)),
            (sp(4, 12, 0), sp(4, 13, 23)),
            (sp(4, 11, 12, 30), sp(4, 14, 8, 30)),
        ]
        many = self.calendar._painel_hours_between_many(spans)
        self.assertEqual([round(hours, 6) for hours in many], [8, 4, 0, 5.5])
        for (start, end), hours in zip(spans, many, strict=True):
            self.assertAlmostEqual(
                self.calendar._painel_hours_between(start, end), hours
            )
        self.assertEqual(
            self.calendar._painel_hours_between(sp(4, 22, 15), sp(4, 17, 16)), -8
        )

    def test_fill_public_holidays_is_idempotent(self):
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id)]
        )
        starts = set(leaves.mapped("date_from"))
        # national (Good Friday, Tiradentes) and São Paulo's 9 July, local midnight
        for day in (sp(4, 18, 0), sp(4, 21, 0), sp(7, 9, 0), sp(1, 1, 0)):
            self.assertIn(day, starts)
        self.assertFalse(leaves.resource_id)
        again = self.calendar._painel_fill_public_holidays(2025, "SP")
        self.assertFalse(again)
        other_calendar = self.calendar_24x7._painel_fill_public_holidays(2025)
        self.assertNotIn(sp(7, 9, 0), other_calendar.mapped("date_from"))
        self.assertIn(sp(4, 21, 0), other_calendar.mapped("date_from"))

    def test_leaves_of_other_calendars_and_companies_do_not_count(self):
        other_company = self.env["res.company"].create({"name": "Outro Provedor"})
        Leave = self.env["resource.calendar.leaves"]
        monday = {"date_from": sp(4, 14, 0), "date_to": sp(4, 14, 23, 59)}
        Leave.create(
            dict(monday, name="Outro calendário", calendar_id=self.calendar_24x7.id)
        )
        other_global = Leave.with_company(other_company).create(
            dict(monday, name="Outra empresa")
        )
        self.assertEqual(other_global.company_id, other_company)
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 8), 9), sp(4, 14, 18)
        )
        Leave.create(dict(monday, name="Global da empresa"))
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 8), 9), sp(4, 15, 18)
        )

    def test_deleting_a_calendar_takes_its_holidays_along(self):
        calendar = self.calendar_24x7.copy({"name": "Plantão"})
        holidays = calendar._painel_fill_public_holidays(2025)
        self.assertTrue(holidays)
        calendar.unlink()
        self.assertFalse(holidays.exists())
        # they did not become holidays of the company's other calendars
        self.assertEqual(
            self.calendar._painel_add_hours(sp(4, 14, 8), 9), sp(4, 14, 18)
        )

    def test_fill_public_holidays_refuses_unknown_state(self):
        with self.assertRaises(UserError):
            self.calendar._painel_fill_public_holidays(2025, "CA")


@tagged("post_install", "-at_install")
class TestSlaPolicy(SlaCase):
    @freeze_time(sp(4, 14, 9))
    def test_first_matching_policy_by_sequence(self):
        by_origin = self._open(origin_id=self.origin_monitoring.id)
        by_classification = self._open()
        by_process_and_classification = self._open(
            process_id=self.other_process.id,
            opening_classification_id=self.classification_billing.id,
        )
        only_process = self._open(
            process_id=self.other_process.id, opening_classification_id=False
        )
        self.assertEqual(by_origin.sla_policy_id, self.policy_monitoring)
        self.assertEqual(by_classification.sla_policy_id, self.policy_no_connection)
        self.assertEqual(
            by_process_and_classification.sla_policy_id, self.policy_billing
        )
        # every non-empty criterion must match: the process alone is not enough
        self.assertEqual(only_process.sla_policy_id, self.policy_default)

    @freeze_time(sp(4, 14, 9))
    def test_no_matching_policy_means_no_sla(self):
        self.policy_default.action_archive()
        ticket = self._open(opening_classification_id=False)
        self.assertEqual(ticket.sla_state, "none")
        self.assertFalse(ticket.sla_deadline)
        self.assertFalse(ticket.is_sla_late)

    @freeze_time(sp(4, 14, 9))
    def test_other_company_policy_is_ignored(self):
        other = self.env["res.company"].create({"name": "Outro Provedor"})
        self.env["service.sla.policy"].create(
            {
                "name": "Outro",
                "sequence": 0,
                "target_hours": 1,
                "company_id": other.id,
                "resource_calendar_id": other.resource_calendar_id.id,
            }
        )
        self.assertEqual(self._open().sla_policy_id, self.policy_no_connection)

    @freeze_time(sp(4, 14, 9))
    def test_editing_the_policy_keeps_running_deadlines(self):
        ticket = self._open()
        deadline = ticket.sla_deadline
        self.policy_no_connection.write(
            {"target_hours": 1, "resource_calendar_id": self.calendar_24x7.id}
        )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.sla_deadline, deadline)
        self.assertEqual(ticket._sla_replay_deadline(), deadline)

    def test_target_must_be_positive(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self.policy_default.target_hours = 0
            self.policy_default.flush_recordset()

    def test_flexible_calendar_refused(self):
        flexible = self.env["resource.calendar"].create(
            {"name": "Flexível", "flexible_hours": True}
        )
        with self.assertRaises(ValidationError):
            self.policy_default.resource_calendar_id = flexible


@tagged("post_install", "-at_install")
class TestSlaTicket(SlaCase):
    @freeze_time(sp(4, 17, 16))
    def test_deadline_counted_from_opening(self):
        ticket = self._open()
        self.assertEqual(ticket.sla_started_at, ticket.opened_at)
        self.assertEqual(ticket.sla_deadline, sp(4, 22, 15))
        self.assertEqual(ticket.sla_state, "running")
        self.assertAlmostEqual(ticket.sla_remaining_hours, 8)
        self.assertEqual(ticket.sla_late_hours, 0)

    @freeze_time(sp(4, 23, 12))
    def test_ticket_opened_in_the_past(self):
        ticket = self._open(opened_at=sp(4, 17, 16))
        self.assertEqual(ticket.sla_started_at, sp(4, 17, 16))
        self.assertEqual(ticket.sla_deadline, sp(4, 22, 15))
        self.assertTrue(ticket.is_sla_late)
        # Tue 15-18 and Wed 08-12
        self.assertAlmostEqual(ticket.sla_late_hours, 7)
        self.assertEqual(ticket.sla_remaining_hours, 0)

    @freeze_time(sp(4, 23, 12))
    def test_ticket_created_closed_in_the_past(self):
        met = self._open(
            opened_at=sp(4, 14, 8), state="closed", closed_at=sp(4, 14, 16)
        )
        late = self._open(
            opened_at=sp(4, 14, 8), state="closed", closed_at=sp(4, 15, 10)
        )
        self.assertEqual(met.sla_deadline, sp(4, 14, 17))
        self.assertEqual((met.sla_state, met.is_sla_late), ("met", False))
        self.assertAlmostEqual(met.sla_remaining_hours, 1)
        self.assertEqual((late.sla_state, late.is_sla_late), ("breached", True))
        self.assertEqual(late.sla_breached_at, sp(4, 14, 17))
        # Mon 17-18 and Tue 08-10
        self.assertAlmostEqual(late.sla_late_hours, 3)

    @freeze_time(sp(4, 14, 8))
    def test_closing_before_and_after_the_deadline(self):
        on_time, late = self._open(), self._open()
        with freeze_time(sp(4, 14, 16)):
            on_time.action_close(self.classification_close)
        with freeze_time(sp(4, 14, 17, 30)):
            late.action_close(self.classification_close)
        self.assertEqual(on_time.sla_state, "met")
        self.assertFalse(on_time.sla_breached_at)
        self.assertEqual(late.sla_state, "breached")
        self.assertEqual(late.sla_breached_at, sp(4, 14, 17))
        self.assertAlmostEqual(late.sla_late_hours, 0.5)

    @freeze_time(sp(4, 14, 8))
    def test_closed_tickets_show_the_working_time_used(self):
        ticket, still_open = self._open(), self._open()
        # Mon 08-12 and 13-16
        with freeze_time(sp(4, 14, 16)):
            ticket.action_close(self.classification_close)
        self.assertAlmostEqual(ticket.sla_used_hours, 7)
        self.assertEqual(still_open.sla_used_hours, 0)

    @freeze_time(sp(4, 14, 8))
    def test_reopening_restarts_the_clock(self):
        ticket = self._open()
        with freeze_time(sp(4, 14, 10)):
            ticket.action_close(self.classification_close)
            self.assertEqual(ticket.sla_state, "met")
            ticket.action_reopen()
        self.assertEqual(ticket.sla_state, "running")
        self.assertEqual(ticket.sla_deadline, sp(4, 14, 17))

    @freeze_time(sp(4, 14, 8))
    def test_nobody_writes_the_sla_by_hand(self):
        ticket = self._create_ticket()
        deadline = ticket.sla_deadline
        for user in (self.operator, self.supervisor):
            for vals in ({"sla_deadline": sp(5, 1, 8)}, {"sla_state": "paused"}):
                with (
                    self.subTest(user=user.login, vals=vals),
                    self.assertRaisesRegex(UserError, "change only through its"),
                ):
                    ticket.with_user(user).write(vals)
        self.assertEqual(ticket.sla_deadline, deadline)
        self.assertEqual(ticket.sla_state, "running")


@tagged("post_install", "-at_install")
class TestSlaInterventions(SlaCase):
    @freeze_time(sp(4, 11, 14))
    def test_pause_and_resume_across_a_weekend(self):
        ticket = self._open()
        self.assertEqual(ticket.sla_deadline, sp(4, 14, 12))
        with freeze_time(sp(4, 11, 16)):
            pause = ticket.sla_pause(self.motive_waiting, "Cliente viajando")
        self.assertEqual(ticket.sla_state, "paused")
        self.assertFalse(ticket.sla_deadline)
        # Fri 16-18 and Mon 08-12 are kept
        self.assertAlmostEqual(ticket.sla_remaining_hours, 6)
        self.assertEqual(pause.deadline_before, sp(4, 14, 12))
        self.assertAlmostEqual(pause.remaining_hours, 6)
        with freeze_time(sp(4, 14, 13)):
            ticket.invalidate_recordset(["is_sla_late", "sla_remaining_hours"])
            self.assertFalse(ticket.is_sla_late)
            self.assertAlmostEqual(ticket.sla_remaining_hours, 6)
        with freeze_time(sp(4, 14, 10)):
            resume = ticket.sla_resume("Cliente retornou")
        self.assertEqual(ticket.sla_state, "running")
        # Mon 10-12 and 13-17
        self.assertEqual(ticket.sla_deadline, sp(4, 14, 17))
        self.assertEqual(resume.deadline_after, sp(4, 14, 17))
        ticket.invalidate_recordset(["sla_intervention_ids"])
        self.assertEqual(
            ticket.sla_intervention_ids.mapped("kind"), ["resume", "pause"]
        )
        self.assertEqual(ticket.sla_intervention_ids.user_id, self.supervisor)
        self.assertEqual(ticket._sla_replay_deadline(), ticket.sla_deadline)

    @freeze_time(sp(4, 14, 8))
    def test_time_used_leaves_out_the_paused_spans(self):
        ticket, closed_paused = self._open(), self._open()
        with freeze_time(sp(4, 14, 10)):
            ticket.sla_pause(self.motive_waiting, "Aguardando o cliente")
            closed_paused.sla_pause(self.motive_waiting, "Aguardando o cliente")
        with freeze_time(sp(4, 15, 9)):
            ticket.sla_resume("Cliente retornou")
        with freeze_time(sp(4, 15, 11)):
            ticket.action_close(self.classification_close)
            closed_paused.action_close(self.classification_close)
        # Mon 08-10 before the pause, Tue 09-11 after it: the paused Mon 10-12,
        # 13-18 and Tue 08-09 do not count
        self.assertAlmostEqual(ticket.sla_used_hours, 4)
        # paused until the closing: Mon 08-10 only
        self.assertAlmostEqual(closed_paused.sla_used_hours, 2)

    @freeze_time(sp(4, 14, 8))
    def test_several_pauses_increments_and_the_replay(self):
        ticket = self._open()
        self.assertEqual(ticket.sla_deadline, sp(4, 14, 17))
        steps = [
            (sp(4, 14, 10), lambda: ticket.sla_pause(self.motive_waiting, "1")),
            # 6h left: Mon 15-18, Tue 08-11
            (sp(4, 14, 15), lambda: ticket.sla_resume()),
            (sp(4, 15, 9), lambda: ticket.sla_pause(self.motive_waiting, "2")),
            # 2h left: Wed 17-18, Thu 08-09
            (sp(4, 16, 17), lambda: ticket.sla_resume("ok")),
            # one working day after Thu 17 is Tue 22 (holidays in between)
            (
                sp(4, 16, 17, 5),
                lambda: ticket.sla_increment(1, "days", self.motive_material, "d"),
            ),
            (
                sp(4, 16, 17, 10),
                lambda: ticket.sla_increment(2.5, "hours", self.motive_material, "h"),
            ),
        ]
        expected = [False, sp(4, 15, 11), False, sp(4, 17, 9), sp(4, 22, 9)]
        expected.append(sp(4, 22, 11, 30))
        for (moment, change), deadline in zip(steps, expected, strict=True):
            with freeze_time(moment):
                change()
            self.assertEqual(ticket.sla_deadline, deadline)
            self.assertEqual(ticket._sla_replay_deadline(), deadline)
        self.assertEqual(len(ticket.sla_intervention_ids), 6)

    @freeze_time(sp(4, 14, 9))
    def test_increment_in_hours(self):
        ticket = self._open()
        [increment] = ticket.sla_increment(
            3, "hours", self.motive_material, "Aguardando ONU"
        )
        # opened Mon 09:00: 8h end at Mon 18:00; 3 more are Tue 08-11
        self.assertEqual(ticket.sla_deadline, sp(4, 15, 11))
        self.assertEqual(
            (increment.kind, increment.quantity, increment.unit),
            ("increment", 3, "hours"),
        )
        self.assertEqual(increment.deadline_before, sp(4, 14, 18))
        self.assertEqual(increment.deadline_after, sp(4, 15, 11))
        self.assertEqual(increment.motive_id, self.motive_material)
        message = ticket.message_ids[0]
        self.assertIn("Falta de material", message.body)
        self.assertIn("Aguardando ONU", message.body)
        self.assertIn("14/04/2025 18:00:00", message.body)
        self.assertIn("15/04/2025 11:00:00", message.body)

    @freeze_time(sp(4, 17, 8))
    def test_increment_in_days(self):
        ticket = self._open(origin_id=self.origin_monitoring.id)
        business = self._open()
        self.assertEqual(business.sla_deadline, sp(4, 17, 17))
        business.sla_increment(1, "days", self.motive_material, "Feriado")
        self.assertEqual(business.sla_deadline, sp(4, 22, 17))
        # on a 24x7 calendar a day is 24 hours
        before = ticket.sla_deadline
        ticket.sla_increment(2, "days", self.motive_material, "Torre")
        self.assertEqual(ticket.sla_deadline, before + timedelta(days=2))

    @freeze_time(sp(4, 14, 8))
    def test_increment_after_a_breach_restarts_the_clock(self):
        ticket = self._open()
        with freeze_time(sp(4, 14, 18)):
            self.env["service.ticket"]._cron_stamp_sla_breaches()
            self.assertEqual(ticket.sla_state, "breached")
            ticket.sla_increment(2, "hours", self.motive_material, "x")
        # Mon 17-18 and Tue 08-09
        self.assertEqual(ticket.sla_deadline, sp(4, 15, 9))
        self.assertEqual(ticket.sla_state, "running")
        self.assertFalse(ticket.sla_breached_at)

    @freeze_time(sp(4, 14, 9))
    def test_refusals_change_nothing(self):
        ticket = self._open()
        paused = self._open()
        paused.sla_pause(self.motive_waiting, "Aguardando")
        closed = self._open()
        closed.action_close(self.classification_close)
        self.policy_default.action_archive()
        without_sla = self._open(opening_classification_id=False)
        inactive = self.env["service.sla.motive"].create(
            {"name": "Antigo", "kind": "increment", "active": False}
        )
        material, waiting = self.motive_material, self.motive_waiting
        refused = {
            "zero quantity": lambda: ticket.sla_increment(0, "hours", material, "x"),
            "negative": lambda: ticket.sla_increment(-2, "hours", material, "x"),
            "half day": lambda: ticket.sla_increment(1.5, "days", material, "x"),
            "unit": lambda: ticket.sla_increment(1, "weeks", material, "x"),
            "no motive": lambda: ticket.sla_increment(1, "hours", False, "x"),
            "wrong kind": lambda: ticket.sla_increment(1, "hours", waiting, "x"),
            "pause kind": lambda: ticket.sla_pause(material, "x"),
            "inactive": lambda: ticket.sla_increment(1, "hours", inactive, "x"),
            "no notes": lambda: ticket.sla_increment(1, "hours", material, " "),
            "pause notes": lambda: ticket.sla_pause(waiting, ""),
            "resume running": lambda: ticket.sla_resume(),
            "pause paused": lambda: paused.sla_pause(waiting, "x"),
            "increment paused": lambda: paused.sla_increment(1, "hours", material, "x"),
            "closed": lambda: closed.sla_increment(1, "hours", material, "x"),
            "closed pause": lambda: closed.sla_pause(waiting, "x"),
            "without SLA": lambda: without_sla.sla_increment(1, "hours", material, "x"),
            "batch": lambda: (ticket | paused).sla_pause(waiting, "x"),
        }
        tickets = ticket | paused | closed | without_sla
        before = [self._snapshot(t) for t in tickets]
        for reason, change in refused.items():
            with self.subTest(reason), self.assertRaises(UserError):
                change()
        self.assertEqual([self._snapshot(t) for t in tickets], before)

    @freeze_time(sp(4, 14, 8))
    def test_late_sla_cannot_be_paused(self):
        ticket = self._open()
        with freeze_time(sp(4, 14, 17, 1)), self.assertRaises(UserError):
            ticket.sla_pause(self.motive_waiting, "tarde demais")

    @freeze_time(sp(4, 14, 9))
    def test_only_the_change_tool_group_may_change(self):
        ticket = self._create_ticket()
        before = self._snapshot(ticket)
        as_operator = ticket.with_user(self.operator)
        with self.assertRaises(AccessError):
            as_operator.sla_increment(1, "hours", self.motive_material, "x")
        with self.assertRaises(AccessError):
            as_operator.sla_pause(self.motive_waiting, "x")
        with self.assertRaises(AccessError):
            as_operator.action_open_sla_change_wizard()
        self.assertEqual(self._snapshot(ticket), before)
        self.operator.groups_id += self.env.ref(
            "painel_atendimento.group_tool_sla_change"
        )
        as_operator.sla_increment(1, "hours", self.motive_material, "x")
        self.assertEqual(ticket.sla_deadline, sp(4, 15, 9))

    @freeze_time(sp(4, 14, 9))
    def test_interventions_are_append_only(self):
        ticket = self._open()
        intervention = ticket.sla_increment(1, "hours", self.motive_material, "x")
        for record in (intervention, intervention.sudo()):
            with self.assertRaises(UserError):
                record.write({"notes": "apagar rastro"})
            with self.assertRaises(UserError):
                record.unlink()
        with self.assertRaises(AccessError):
            self.env["service.sla.intervention"].with_user(self.supervisor).create(
                {"ticket_id": ticket.id, "kind": "increment"}
            )
        self.assertEqual(intervention.notes, "x")

    @freeze_time(sp(4, 14, 9))
    def test_history_action_lists_the_ticket_interventions(self):
        ticket, other = self._open(), self._open()
        ticket.sla_increment(1, "hours", self.motive_material, "x")
        other.sla_increment(1, "hours", self.motive_material, "y")
        action = ticket.with_user(self.operator).action_view_sla_history()
        self.assertEqual(action["res_model"], "service.sla.intervention")
        found = (
            self.env["service.sla.intervention"]
            .with_user(self.operator)
            .search(action["domain"])
        )
        self.assertEqual(found, ticket.sla_intervention_ids)
        self.assertEqual(found.notes, "x")


@tagged("post_install", "-at_install")
class TestSlaLateness(SlaCase):
    @freeze_time(sp(4, 14, 8))
    def test_is_sla_late_is_exact_without_the_cron(self):
        late = self._open()
        in_time = self._open(origin_id=self.origin_monitoring.id)
        paused = self._open()
        closed_late = self._open()
        closed_in_time = self._open()
        cancelled = self._open()
        self.policy_default.action_archive()
        without_sla = self._open(
            opening_classification_id=self.classification_billing.id
        )
        paused.sla_pause(self.motive_waiting, "x")
        closed_in_time.action_close(self.classification_close)
        with freeze_time(sp(4, 15, 9)):
            closed_late.action_close(self.classification_close)
            cancelled.action_cancel()
        tickets = (
            late | in_time | paused | closed_late | closed_in_time | cancelled
        ) | without_sla
        Ticket = self.env["service.ticket"].with_user(self.operator)
        with freeze_time(sp(4, 15, 10)):
            mine = [("id", "in", tickets.ids)]
            found_late = Ticket.search(mine + [("is_sla_late", "=", True)])
            found_not_late = Ticket.search(mine + [("is_sla_late", "=", False)])
            self.assertEqual(found_late, late | closed_late)
            self.assertEqual(found_not_late, tickets - found_late)
            self.assertEqual(
                Ticket.search(mine + [("is_sla_late", "!=", True)]), found_not_late
            )
            tickets.invalidate_recordset(["is_sla_late"])
            self.assertEqual(tickets.filtered("is_sla_late"), found_late)
            self.assertEqual(late.sla_state, "running")  # the cron did not run

    @freeze_time(sp(4, 14, 16))
    def test_late_and_remaining_hours_in_working_time(self):
        ticket = self._open()
        # Mon 16-18, Tue 08-12, 13-15
        self.assertEqual(ticket.sla_deadline, sp(4, 15, 15))
        with freeze_time(sp(4, 14, 17)):
            ticket.invalidate_recordset(["sla_remaining_hours"])
            self.assertAlmostEqual(ticket.sla_remaining_hours, 7)
        with freeze_time(sp(4, 16, 9)):
            ticket.invalidate_recordset(["sla_late_hours", "sla_remaining_hours"])
            # Tue 15-18 and Wed 08-09
            self.assertAlmostEqual(ticket.sla_late_hours, 4)
            self.assertEqual(ticket.sla_remaining_hours, 0)

    def test_unsupported_search_is_refused(self):
        with self.assertRaises(UserError):
            self.env["service.ticket"].search([("is_sla_late", ">", 1)])


@tagged("post_install", "-at_install")
class TestSlaBreachCron(SlaCase):
    def _activities(self, tickets):
        return self.env["mail.activity"].search(
            [("res_model", "=", "service.ticket"), ("res_id", "in", tickets.ids)]
        )

    @freeze_time(sp(4, 14, 8))
    def test_cron_stamps_once_and_notifies_the_supervisor(self):
        late = self._open(team_id=self.team.id)
        late_2 = self._open(opened_at=sp(4, 11, 9))
        in_time = self._open(origin_id=self.origin_monitoring.id)
        paused = self._open()
        paused.sla_pause(self.motive_waiting, "x")
        closed = self._open()
        closed.action_close(self.classification_close)
        Ticket = self.env["service.ticket"]
        with freeze_time(sp(4, 14, 18)):
            first = Ticket._cron_stamp_sla_breaches(batch_size=1)
            second = Ticket._cron_stamp_sla_breaches(batch_size=1)
            third = Ticket._cron_stamp_sla_breaches()
        self.assertEqual(first | second, late | late_2)
        self.assertFalse(third)
        self.assertEqual(late.sla_state, "breached")
        self.assertEqual(late.sla_breached_at, sp(4, 14, 17))
        self.assertEqual(late_2.sla_breached_at, late_2.sla_deadline)
        self.assertEqual(
            (in_time | paused | closed).mapped("sla_state"),
            ["running", "paused", "met"],
        )
        activity = self._activities(late | late_2)
        self.assertEqual(activity.res_id, late.id)
        self.assertEqual(activity.user_id, self.supervisor)
        with freeze_time(sp(4, 15, 9)):
            self.assertFalse(Ticket._cron_stamp_sla_breaches())
        self.assertEqual(self._activities(late | late_2), activity)
        self.assertEqual(late.sla_breached_at, sp(4, 14, 17))

    @freeze_time(sp(4, 14, 8))
    def test_one_batch_stamps_each_ticket_at_its_own_deadline(self):
        """The batch is one UPDATE and one INSERT of events, yet each ticket is
        stamped at its own deadline, on the ticket and on its event; a ticket
        whose SLA changed after the cron read it is left to the next run."""
        later = self._open()
        earlier = self._open(opened_at=sp(4, 11, 9))
        paused = self._open()
        paused.sla_pause(self.motive_waiting, "x")
        with freeze_time(sp(4, 14, 18)):
            # ``paused`` as the cron would have read it before the pause
            stamped = (later | paused | earlier)._sla_stamp_breach()
        self.assertEqual(list(stamped), [earlier, later])  # oldest deadline first
        for ticket in earlier | later:
            event = ticket.interaction_ids.filtered(
                lambda interaction: interaction.code == "sla_breached"
            )
            self.assertEqual(ticket.sla_state, "breached")
            self.assertEqual(ticket.sla_breached_at, ticket.sla_deadline)
            self.assertEqual(event.date, ticket.sla_deadline)
        self.assertNotEqual(earlier.sla_deadline, later.sla_deadline)
        self.assertEqual(paused.sla_state, "paused")
        self.assertNotIn("sla_breached", paused.interaction_ids.mapped("code"))

    @freeze_time(sp(4, 14, 8))
    def test_closing_a_breached_ticket_keeps_its_stamp(self):
        ticket = self._open()
        with freeze_time(sp(4, 14, 18)):
            self.env["service.ticket"]._cron_stamp_sla_breaches()
        with freeze_time(sp(4, 15, 9)):
            ticket.action_close(self.classification_close)
        self.assertEqual(ticket.sla_state, "breached")
        self.assertEqual(ticket.sla_breached_at, sp(4, 14, 17))
        self.assertTrue(ticket.is_sla_late)
