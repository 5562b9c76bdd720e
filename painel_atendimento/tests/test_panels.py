from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.service_panel import PANELS, TABS
from .common import PainelCase

# Wednesday 12 March 2025, 12:00 in São Paulo (UTC-3): local midnight is 03:00 UTC.
NOW = datetime(2025, 3, 12, 15, 0, 0)
MIDNIGHT = datetime(2025, 3, 12, 3, 0, 0)
SECOND = timedelta(seconds=1)


def ago(days=0, hours=0):
    return NOW - timedelta(days=days, hours=hours)


# The spec's columns of each grid, in its order (field names of the list view).
OPEN_COLUMNS = [
    "id",
    "partner_display_document",
    "protocol",
    "opened_at",
    "claimed_by_id",
    "process_id",
    "subprocess_id",
    "opening_classification_id",
    "company_id",
    "sla_deadline",
    "origin_id",
    "work_order_status",
]
CLOSED_COLUMNS = [
    "id",
    "partner_display_document",
    "protocol",
    "opened_at",
    "closed_at",
    "closing_classification_id",
    "closed_by_id",
    "company_id",
    "process_id",
    "subprocess_id",
    "sla_deadline",
    "origin_id",
]
WORK_ORDER_COLUMNS = [
    "id",
    "partner_display_document",
    "protocol",
    "opened_at",
    "work_order_names",
    "company_id",
    "process_id",
    "subprocess_id",
    "sla_deadline",
    "origin_id",
]
LATE_COLUMNS = [
    "id",
    "partner_id",
    "protocol",
    "opened_at",
    "company_id",
    "subprocess_id",
    "process_id",
    "is_closed_label",
    "sla_late_hours",
]
# Regulatório: not in the spec; the regulatory deadline beside the SLA
REGULATION_COLUMNS = [
    "id",
    "partner_display_document",
    "protocol",
    "opened_at",
    "regulatory_rule_id",
    "regulatory_deadline",
    "regulatory_hours_left",
    "claimed_by_id",
    "process_id",
    "subprocess_id",
    "company_id",
    "sla_deadline",
]
STEP_LATE_COLUMNS = [
    "ticket_code",
    "partner_display_document",
    "protocol",
    "opened_at",
    "claimed_by_id",
    "company_id",
    "process_id",
    "subprocess_id",
    "started_at",
    "expected_end",
    "remaining_hours",  # how late: the issue asks it of the late-step panels
    "city",
    "district",
    "team_id",
    "origin_id",
]
SPEC_COLUMNS = {
    "open_today": OPEN_COLUMNS,
    "open_week": OPEN_COLUMNS,
    "open_all": OPEN_COLUMNS + ["city", "district"],
    "open_sla_late": OPEN_COLUMNS[:-1],
    "open_interactions": [
        "ticket_code",
        "message",
        "protocol",
        "date",
        "claimed_by_id",
        "process_id",
        "subprocess_id",
        "opening_classification_id",
        "company_id",
        "sla_deadline",
    ],
    "open_step_deadlines": [
        "ticket_code",
        "partner_display_document",
        "protocol",
        "opened_at",
        "opened_by_id",
        "process_id",
        "subprocess_id",
        "expected_end",
        "status_label",
        "remaining_hours",
        "company_id",
        "origin_id",
    ],
    "open_process_steps": [
        "claimed_by_id",
        "late_count",
        "protocol",
        "city",
        "district",
        "street",
        "expected_end",
        "late_label",
        "remaining_hours",
    ],
    "open_synthetic": OPEN_COLUMNS,
    "step_late_7d": STEP_LATE_COLUMNS,
    "step_late_15d": STEP_LATE_COLUMNS,
    "step_late_all": STEP_LATE_COLUMNS,
    "closed_today": CLOSED_COLUMNS,
    "closed_week": CLOSED_COLUMNS,
    "closed_30d": CLOSED_COLUMNS,
    "closed_30d_address": [
        "id",
        "partner_display_document",
        "protocol",
        "opened_at",
        "closed_at",
        "closing_classification_id",
        "city",
        "district",
        "subprocess_id",
        "sla_deadline",
        "origin_id",
    ],
    "closed_late_30d": CLOSED_COLUMNS,
    "wo_opened_30d": WORK_ORDER_COLUMNS,
    "wo_open": WORK_ORDER_COLUMNS,
    "wo_late_30d": WORK_ORDER_COLUMNS,
    "wo_address_30d": [
        "id",
        "partner_display_document",
        "protocol",
        "opened_at",
        "work_order_names",
        "city",
        "district",
        "street",
        "sla_deadline",
        "origin_id",
    ],
    "late_24h": LATE_COLUMNS,
    "late_week": LATE_COLUMNS,
    "late_30d": LATE_COLUMNS,
    "late_all": LATE_COLUMNS,
    "search_synthetic": OPEN_COLUMNS + ["city", "district", "state"],
    "search_advanced": OPEN_COLUMNS + ["city", "district", "state"],
    "reg_due_today": REGULATION_COLUMNS,
    "reg_due_48h": REGULATION_COLUMNS,
    "reg_breached": REGULATION_COLUMNS,
    "notice_pending": [
        "id",
        "partner_display_document",
        "protocol",
        "opened_at",
        "protocol_notice_state",
        "protocol_notice_due_at",
        "protocol_notice_sent_at",
        "claimed_by_id",
        "company_id",
    ],
}
SEARCH_MODE = {"open_all", "open_sla_late", "open_step_deadlines", "search_advanced"}


@tagged("post_install", "-at_install")
@freeze_time(NOW)
class TestPanels(PainelCase):
    """Every panel on one data set where the records of each are known in advance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the SLA of each ticket is set by hand below, never by a policy
        cls.env["service.sla.policy"].search([]).active = False
        cls.policy = cls.env["service.sla.policy"].create(
            {"name": "Test", "target_hours": 8, "active": False}
        )
        cls.utc_user = new_test_user(
            cls.env,
            login="operador_utc",
            groups="painel_atendimento.group_operator",
            tz="UTC",
        )
        cls.no_tz_user = new_test_user(
            cls.env, login="operador_sem_tz", groups="painel_atendimento.group_operator"
        )
        cls.no_tz_user.tz = False
        # other modules' and demo tickets are left out of the comparisons
        cls.preexisting = cls.env["service.ticket"].search([])
        # every open ticket runs a step: the tickets that are not about steps run one
        # of this process, which the step panels' comparisons leave out
        cls.background_process = cls.env["service.process"].create(
            {
                "name": "Acompanhamento",
                "subprocess_ids": [(0, 0, {"name": "Acompanhamento"})],
            }
        )
        cls._create_opened_tickets()
        cls._create_closed_tickets()
        cls._create_sla_tickets()
        cls._create_work_order_tickets()
        cls._create_step_tickets()

    # ------------------------------------------------------------------ data set

    @classmethod
    def _ticket(cls, opened_at, **values):
        return cls._create_ticket(
            opened_at=opened_at, process_id=cls.background_process.id, **values
        )

    @classmethod
    def _set_sla(cls, ticket, deadline, state="running"):
        ticket._sla_write(
            {
                "sla_policy_id": cls.policy.id,
                "sla_calendar_id": cls.calendar.id,
                "sla_target_hours": 8,
                "sla_started_at": ticket.opened_at,
                "sla_deadline": deadline,
                "sla_state": state,
                "sla_paused_remaining_hours": 3.0 if state == "paused" else 0.0,
            }
        )

    @classmethod
    def _close(cls, ticket, when):
        with freeze_time(when):
            ticket.action_close(cls.classification_close)

    @classmethod
    def _cancel(cls, ticket, when=NOW):
        with freeze_time(when):
            ticket.action_cancel()

    @classmethod
    def _create_opened_tickets(cls):
        cls.opened_at_midnight = cls._ticket(MIDNIGHT)
        cls.opened_before_midnight = cls._ticket(MIDNIGHT - SECOND)
        cls.opened_7d_ago = cls._ticket(ago(days=7))
        cls.opened_before_7d = cls._ticket(ago(days=7) - SECOND)
        cls.opened_40d_ago = cls._ticket(ago(days=40))
        cls.opened_200d_ago = cls._ticket(ago(days=200))
        cls.cancelled_today = cls._ticket(MIDNIGHT + timedelta(hours=1))
        cls._cancel(cls.cancelled_today)

    @classmethod
    def _create_closed_tickets(cls):
        cls.closed_today = cls._ticket(ago(days=2))
        cls._close(cls.closed_today, MIDNIGHT)
        cls.closed_before_midnight = cls._ticket(ago(days=2))
        cls._close(cls.closed_before_midnight, MIDNIGHT - SECOND)
        cls.closed_7d_ago = cls._ticket(ago(days=9))
        cls._close(cls.closed_7d_ago, ago(days=7))
        cls.closed_30d_ago = cls._ticket(ago(days=31))
        cls._close(cls.closed_30d_ago, ago(days=30))
        cls.closed_before_30d = cls._ticket(ago(days=31))
        cls._close(cls.closed_before_30d, ago(days=30) - SECOND)
        # closed after the deadline, on time, and late but long ago
        cls.closed_late = cls._ticket(ago(days=6))
        cls._set_sla(cls.closed_late, ago(days=5))
        cls._close(cls.closed_late, ago(days=4))
        cls.closed_on_time = cls._ticket(ago(days=3))
        cls._set_sla(cls.closed_on_time, ago(days=1))
        cls._close(cls.closed_on_time, ago(days=2))
        cls.closed_late_long_ago = cls._ticket(ago(days=45))
        cls._set_sla(cls.closed_late_long_ago, ago(days=40))
        cls._close(cls.closed_late_long_ago, ago(days=35))

    @classmethod
    def _create_sla_tickets(cls):
        opened = ago(days=3)
        cls.sla_late_1h = cls._ticket(opened)
        cls._set_sla(cls.sla_late_1h, ago(hours=1))
        cls.sla_late_24h = cls._ticket(opened)
        cls._set_sla(cls.sla_late_24h, ago(hours=24))
        cls.sla_late_before_24h = cls._ticket(opened)
        cls._set_sla(cls.sla_late_before_24h, ago(hours=24) - SECOND)
        cls.sla_late_20d = cls._ticket(ago(days=25))
        # the breach cron already stamped this one: still late, same panels
        cls._set_sla(cls.sla_late_20d, ago(days=20), state="breached")
        cls.sla_deadline_now = cls._ticket(opened)
        cls._set_sla(cls.sla_deadline_now, NOW)
        cls.sla_on_time = cls._ticket(opened)
        cls._set_sla(cls.sla_on_time, NOW + timedelta(hours=1))
        cls.sla_paused = cls._ticket(opened)
        cls._set_sla(cls.sla_paused, False, state="paused")
        cls.sla_cancelled_late = cls._ticket(opened)
        cls._set_sla(cls.sla_cancelled_late, ago(hours=2))
        cls._cancel(cls.sla_cancelled_late)

    @classmethod
    def _work_order(cls, ticket, state="draft"):
        order = cls.env["service.work.order"].create({"ticket_id": ticket.id})
        if state == "scheduled":
            order.write({"scheduled_at": NOW + timedelta(days=1)})
            order.action_schedule()
        elif state == "done":
            order.action_done()
        elif state == "cancelled":
            order.action_cancel()
        return order

    @classmethod
    def _create_work_order_tickets(cls):
        cls.wo_unscheduled = cls._ticket(ago(days=10))
        cls._work_order(cls.wo_unscheduled)
        cls.wo_scheduled_30d = cls._ticket(ago(days=30))
        cls._work_order(cls.wo_scheduled_30d, "scheduled")
        cls.wo_done = cls._ticket(ago(days=5))
        cls._work_order(cls.wo_done, "done")
        cls.wo_cancelled = cls._ticket(ago(days=5))
        cls._work_order(cls.wo_cancelled, "cancelled")
        cls.wo_before_30d = cls._ticket(ago(days=30) - SECOND)
        cls._work_order(cls.wo_before_30d)
        cls.wo_late = cls._ticket(ago(days=3))
        cls._work_order(cls.wo_late, "scheduled")
        cls._set_sla(cls.wo_late, ago(hours=1))
        cls.wo_closed = cls._ticket(ago(days=8))
        cls._work_order(cls.wo_closed, "done")
        cls._close(cls.wo_closed, ago(days=6))
        cls.wo_ticket_cancelled = cls._ticket(ago(days=8))
        cls._work_order(cls.wo_ticket_cancelled)
        cls._cancel(cls.wo_ticket_cancelled)

    @classmethod
    def _step_ticket(cls, expected_end):
        ticket = cls._create_ticket(opened_at=ago(days=25))
        ticket.current_step_id.expected_end = expected_end
        return ticket

    @classmethod
    def _create_step_tickets(cls):
        cls.step_late_1d = cls._step_ticket(ago(days=1)).current_step_id
        cls.step_late_7d = cls._step_ticket(ago(days=7)).current_step_id
        cls.step_late_before_7d = cls._step_ticket(ago(days=7) - SECOND).current_step_id
        cls.step_late_15d = cls._step_ticket(ago(days=15)).current_step_id
        cls.step_late_20d = cls._step_ticket(ago(days=20)).current_step_id
        cls.step_on_time = cls._step_ticket(NOW + timedelta(hours=1)).current_step_id
        cls.step_ends_now = cls._step_ticket(NOW).current_step_id
        # a late step that was finished: its ticket runs the next one, on time
        moved_on = cls._step_ticket(ago(days=2))
        cls.step_finished = moved_on.current_step_id
        moved_on.action_next_step()
        moved_on.current_step_id.expected_end = NOW + timedelta(days=1)
        cls.step_after_finished = moved_on.current_step_id
        # closing and cancelling a ticket finish its late step
        cls.closed_with_step = cls._step_ticket(ago(days=1))
        cls.step_of_closed = cls.closed_with_step.current_step_id
        cls._close(cls.closed_with_step, ago(hours=1))
        cancelled = cls._step_ticket(ago(days=1))
        cls.step_of_cancelled = cancelled.current_step_id
        cls._cancel(cancelled)
        cls.step_tickets = (
            cls.step_late_1d
            | cls.step_late_7d
            | cls.step_late_before_7d
            | cls.step_late_15d
            | cls.step_late_20d
            | cls.step_on_time
            | cls.step_ends_now
            | cls.step_after_finished
        ).ticket_id

    # ------------------------------------------------------------------ helpers

    def _panel(self, code, user=None):
        model = next(panel.model for panel in PANELS if panel.code == code)
        return (
            self.env[model]
            .with_user(user or self.operator)
            .search([("panel", "=", code)])
            .with_user(self.env.user)
        )

    def _tickets(self, *names):
        return self.env["service.ticket"].union(*(getattr(self, n) for n in names))

    def _all_tickets(self):
        return self.env["service.ticket"].search([]) - self.preexisting

    def _open_tickets(self):
        return self._all_tickets().filtered(lambda ticket: ticket.state == "open")

    def _of_data_set(self, records):
        if records._name == "service.ticket":
            return records - self.preexisting
        if records._name == "service.ticket.step":
            records = records.filtered(
                lambda step: step.process_id != self.background_process
            )
        return records.filtered(lambda record: record.ticket_id not in self.preexisting)

    def assertPanel(self, code, expected, user=None):
        found = self._of_data_set(self._panel(code, user))
        self.assertEqual(
            found.sorted("id"),
            expected.sorted("id"),
            f"panel {code}: got {found.mapped('display_name')}",
        )

    # ------------------------------------------------------------------ Abertos

    def test_open_today_starts_at_local_midnight(self):
        self.assertPanel("open_today", self.opened_at_midnight)

    def test_open_today_in_the_operator_time_zone(self):
        # 23:59:59 yesterday in São Paulo is 02:59:59 today in UTC
        self.assertPanel(
            "open_today",
            self.opened_at_midnight | self.opened_before_midnight,
            user=self.utc_user,
        )
        # without a time zone of their own, the company calendar's counts
        self.assertPanel("open_today", self.opened_at_midnight, user=self.no_tz_user)

    def test_open_today_when_utc_is_already_tomorrow(self):
        # 22:30 on 11 March in São Paulo, 01:30 on the 12th in UTC
        with freeze_time("2025-03-12 01:30:00"):
            late_evening = self._ticket(datetime(2025, 3, 11, 4, 0))
            self.assertIn(late_evening, self._panel("open_today"))
            self.assertNotIn(late_evening, self._panel("open_today", self.utc_user))

    def test_open_week_is_the_last_seven_days(self):
        expected = self._open_tickets().filtered(
            lambda ticket: ticket.opened_at >= ago(days=7)
        )
        self.assertIn(self.opened_7d_ago, expected)
        self.assertNotIn(self.opened_before_7d, expected)
        self.assertIn(self.opened_before_midnight, expected)
        self.assertPanel("open_week", expected)

    def test_open_all_and_synthetic(self):
        expected = self._open_tickets()
        self.assertIn(self.opened_200d_ago, expected)
        self.assertNotIn(self.cancelled_today, expected)
        self.assertNotIn(self.closed_today, expected)
        self.assertPanel("open_all", expected)
        self.assertPanel("open_synthetic", expected)

    def test_open_sla_late(self):
        self.assertPanel(
            "open_sla_late",
            self._tickets(
                "sla_late_1h",
                "sla_late_24h",
                "sla_late_before_24h",
                "sla_late_20d",
                "wo_late",
            ),
        )

    def test_open_interactions(self):
        interactions = self._of_data_set(self.env["service.interaction"].search([]))
        expected = interactions.filtered(lambda i: i.ticket_id.state == "open")
        self.assertTrue(expected)
        self.assertTrue(interactions - expected, "closed/cancelled tickets logged too")
        self.assertPanel("open_interactions", expected)
        # closing a ticket takes its interactions out of the panel
        self.opened_40d_ago.action_close(self.classification_close)
        self.assertPanel(
            "open_interactions",
            expected.filtered(lambda i: i.ticket_id != self.opened_40d_ago),
        )

    def test_open_step_deadlines_and_process_steps(self):
        expected = self.step_tickets.current_step_id
        self.assertNotIn(self.step_finished, expected)
        self.assertPanel("open_step_deadlines", expected)
        self.assertPanel("open_process_steps", expected)

    # ------------------------------------------------------------------ Subprocessos

    def test_step_late_periods(self):
        self.assertPanel(
            "step_late_7d", self.step_late_1d | self.step_late_7d, user=self.operator
        )
        self.assertPanel(
            "step_late_15d",
            self.step_late_1d
            | self.step_late_7d
            | self.step_late_before_7d
            | self.step_late_15d,
        )
        self.assertPanel(
            "step_late_all",
            self.step_late_1d
            | self.step_late_7d
            | self.step_late_before_7d
            | self.step_late_15d
            | self.step_late_20d,
        )

    def test_step_lateness_columns(self):
        Step = self.env["service.ticket.step"]
        # 10:00 and 17:00 today in São Paulo; now is 12:00, lunch 12:00-13:00
        self.step_late_1d.expected_end = datetime(2025, 3, 12, 13, 0)
        self.step_on_time.expected_end = datetime(2025, 3, 12, 20, 0)
        steps = self.step_late_1d | self.step_on_time | self.step_finished
        steps.invalidate_recordset()
        self.assertEqual(steps.mapped("is_late"), [True, False, False])
        self.assertEqual(steps.mapped("status_label"), ["late", "on_time", False])
        self.assertEqual(steps.mapped("late_label"), ["yes", "no", False])
        # working hours of the company calendar, negative once late
        self.assertEqual(steps.mapped("remaining_hours"), [-2.0, 4.0, 0.0])
        self.assertEqual(self.step_ends_now.status_label, "on_time")
        running = Step.search([("id", "in", self.step_tickets.current_step_id.ids)])
        late = running.filtered("is_late")
        self.assertEqual(Step.search([("is_late", "=", True)]) & running, late)
        self.assertEqual(
            Step.search([("is_late", "=", False)]) & running, running - late
        )
        self.assertEqual(
            Step.search([("status_label", "=", "late")]) & steps,
            self.step_late_1d,
        )
        self.assertEqual(
            Step.search([("late_label", "in", ["no"])]) & steps, self.step_on_time
        )
        self.assertEqual(
            Step.search([("ticket_code", "=", self.step_on_time.ticket_id.id)]),
            self.step_on_time.ticket_id.step_ids,
        )

    # ------------------------------------------------------------------ Finalizados

    def test_closed_periods(self):
        today = self.closed_today | self.closed_with_step
        self.assertPanel("closed_today", today)
        week = today | self._tickets(
            "closed_before_midnight",
            "closed_7d_ago",
            "closed_late",
            "closed_on_time",
            "wo_closed",
        )
        self.assertPanel("closed_week", week)
        month = self._all_tickets().filtered(
            lambda ticket: ticket.state == "closed"
        ) - self._tickets("closed_before_30d", "closed_late_long_ago")
        self.assertIn(self.closed_30d_ago, month)
        self.assertPanel("closed_30d", month)
        self.assertPanel("closed_30d_address", month)

    def test_closed_late_in_30_days(self):
        self.assertEqual(self.closed_late.sla_state, "breached")
        self.assertEqual(self.closed_on_time.sla_state, "met")
        self.assertPanel("closed_late_30d", self.closed_late)

    # ------------------------------------------------------------------ Em O.S.

    def test_work_order_panels(self):
        opened_30d = self._tickets(
            "wo_unscheduled", "wo_scheduled_30d", "wo_done", "wo_late", "wo_closed"
        )
        self.assertPanel("wo_opened_30d", opened_30d)
        self.assertPanel("wo_address_30d", opened_30d)
        self.assertPanel(
            "wo_open",
            self._tickets(
                "wo_unscheduled", "wo_scheduled_30d", "wo_before_30d", "wo_late"
            ),
        )
        self.assertPanel("wo_late_30d", self.wo_late)

    # ------------------------------------------------------------------ Atrasados

    def test_late_periods(self):
        day = self._tickets("sla_late_1h", "sla_late_24h", "wo_late")
        self.assertPanel("late_24h", day)
        week = day | self._tickets("sla_late_before_24h", "closed_late")
        self.assertPanel("late_week", week)
        self.assertPanel("late_30d", week | self.sla_late_20d)
        self.assertPanel(
            "late_all", week | self._tickets("sla_late_20d", "closed_late_long_ago")
        )

    def test_late_columns(self):
        tickets = self._tickets("sla_late_1h", "closed_late")
        self.assertEqual(tickets.mapped("is_closed_label"), ["no", "yes"])
        Ticket = self.env["service.ticket"]
        self.assertEqual(
            Ticket.search([("is_closed_label", "=", "yes")]) & tickets, self.closed_late
        )
        self.assertEqual(
            Ticket.search([("is_closed_label", "!=", "yes")]) & tickets,
            self.sla_late_1h,
        )
        self.assertEqual(
            Ticket.search([("is_closed_label", "in", ["yes", "no"])]) & tickets, tickets
        )
        # late hours are working hours past the deadline: 11:00 to 12:00 today
        self.assertEqual(self.sla_late_1h.sla_late_hours, 1.0)

    # ------------------------------------------------------------------ Busca

    def test_search_panels(self):
        everything = self._all_tickets()
        self.assertPanel("search_advanced", everything)
        self.assertPanel("search_synthetic", everything - self.opened_200d_ago)

    # ------------------------------------------------------------------ definition

    def test_panel_search_accepts_codes_only(self):
        Ticket = self.env["service.ticket"].with_user(self.operator)
        self.assertEqual(
            self._of_data_set(
                Ticket.search([("panel", "in", ["closed_today", "open_today"])])
            ),
            self._tickets("closed_today", "closed_with_step", "opened_at_midnight"),
        )
        for domain in (
            [("panel", "=", "nope")],
            [("panel", "=", "step_late_all")],
            [("panel", "ilike", "open")],
        ):
            with self.assertRaises(UserError):
                Ticket.search(domain)

    def test_overview_counts_are_the_panels(self):
        overview = self.env["service.panel"].with_user(self.operator).get_overview()
        self.assertEqual(
            [tab["code"] for tab in overview], [tab for tab, _name in TABS]
        )
        panels = [panel for tab in overview for panel in tab["panels"]]
        self.assertEqual([p["code"] for p in panels], [p.code for p in PANELS])
        for panel in panels:
            self.assertEqual(
                panel["count"], len(self._panel(panel["code"])), panel["code"]
            )
            self.env.ref(panel["action"])

    def test_actions_menus_and_columns(self):
        menu_order = {}
        for panel in PANELS:
            action = self.env.ref(f"painel_atendimento.action_panel_{panel.code}")
            self.assertEqual(action.res_model, panel.model)
            self.assertEqual(safe_eval(action.domain), [("panel", "=", panel.code)])
            context = safe_eval(action.context or "{}")
            self.assertEqual(
                bool(context.get("painel_search_mode")),
                panel.code in SEARCH_MODE,
                panel.code,
            )
            menu = self.env.ref(f"painel_atendimento.menu_panel_{panel.code}")
            if panel.tab == "search":
                # Busca avançada: the menu opens the search form, which opens the panel
                self.assertEqual(menu.action.target, "new")
                self.assertTrue(menu.action.res_model.endswith("search"))
            else:
                self.assertEqual(menu.action, action)
            self.assertEqual(
                menu.parent_id.parent_id, self.env.ref("painel_atendimento.menu_panel")
            )
            menu_order.setdefault(menu.parent_id, []).append(menu)
            list_view = action.view_ids.filtered(
                lambda v: v.view_mode == "list"
            ).view_id
            arch = list_view._get_combined_arch()
            shown = [
                field.get("name")
                for field in arch.iterchildren("field")
                if field.get("optional") != "hide" and not field.get("column_invisible")
            ]
            self.assertEqual(shown, SPEC_COLUMNS[panel.code], panel.code)
            if panel.code in SEARCH_MODE:
                self.assertEqual(arch.get("js_class"), "painel_search_mode_list")
        tabs = self.env.ref("painel_atendimento.menu_panel").child_id.sorted("sequence")
        self.assertEqual(
            tabs[0], self.env.ref("painel_atendimento.menu_panel_overview")
        )
        self.assertEqual(len(tabs), 1 + len(TABS))
        for menus in menu_order.values():
            self.assertEqual(menus, sorted(menus, key=lambda menu: menu.sequence))
        self.assertEqual(
            self.env.ref("painel_atendimento.menu_root")
            .with_context(lang="en_US")
            .name,
            "Service",
        )


BROWSER_CHECK = """
(async () => {
    const waitFor = async (selector, absent = false) => {
        for (let attempt = 0; attempt < 200; attempt++) {
            const found = document.querySelectorAll(selector);
            if (absent ? !found.length : found.length) {
                return found;
            }
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error(`Timeout waiting for ${absent ? "no " : ""}${selector}`);
    };
    try {
        const badge = (await waitFor(
            '.o_painel_overview_panel[data-panel="open_all"] .badge'
        ))[0];
        if (badge.textContent.trim() !== "%(open_all)s") {
            throw new Error(`open_all counts ${badge.textContent}`);
        }
        badge.closest("button").click();
        const listAll = (await waitFor(".o_painel_list_all"))[0];
        if (document.querySelector(".o_data_row")) {
            throw new Error("the panel in search mode listed tickets at once");
        }
        listAll.click();
        await waitFor(".o_data_row");
        await waitFor(".o_painel_list_all", true);
        const row = [...document.querySelectorAll(".o_data_row")].find((tr) =>
            tr.textContent.includes("%(protocol)s")
        );
        const claimed = row.querySelector("td[name=claimed_by_id]").textContent;
        if (claimed.trim() !== "Not claimed") {
            throw new Error(`Resgate shows "${claimed}"`);
        }
        const sla = row.querySelector("td[name=sla_deadline]");
        const late = sla.querySelector(".text-danger");
        if (!sla.textContent.includes("Breached") || !late) {
            throw new Error(`SLA shows "${sla.textContent}" not late in red`);
        }
        console.log("test successful");
    } catch (error) {
        console.error(error.message);
    }
})();
"""


@tagged("post_install", "-at_install")
class TestPanelsInBrowser(HttpCase, PainelCase):
    def test_overview_search_mode_and_columns(self):
        policy = self.env["service.sla.policy"].create(
            {"name": "Browser", "target_hours": 1, "active": False}
        )
        ticket = self._create_ticket(opened_at=datetime.now() - timedelta(days=3))
        ticket._sla_write(
            {
                "sla_policy_id": policy.id,
                "sla_calendar_id": self.calendar.id,
                "sla_started_at": ticket.opened_at,
                "sla_deadline": datetime.now() - timedelta(days=2),
                "sla_state": "running",
            }
        )
        count = (
            self.env["service.ticket"]
            .with_user(self.operator)
            .search_count([("panel", "=", "open_all")])
        )
        self.browser_js(
            "/odoo/action-painel_atendimento.action_panel_overview",
            BROWSER_CHECK % {"open_all": count, "protocol": ticket.protocol},
            login="operador",
        )


@tagged("post_install", "-at_install")
class TestPanelSearchAndCounts(PainelCase):
    """The search box's default field and the late count of Processo x Subprocesso."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.phone = "(19) 99741-0000"
        cls.ticket = cls._create_ticket(partner_id=cls.customer.id)
        cls.other = cls._create_ticket(
            partner_id=cls.env["res.partner"].create({"name": "Maria Lima"}).id
        )

    def _found(self, text):
        Ticket = self.env["service.ticket"].with_user(self.operator)
        return Ticket.search([("quick_search", "ilike", text)]) & (
            self.ticket | self.other
        )

    def test_quick_search_finds_what_an_operator_types(self):
        protocol = self.ticket.protocol
        punctuated = f"{protocol[:4]}.{protocol[4:8]}.{protocol[8:]}"
        for text in (
            "529.982.247-25",
            "52998224725",
            protocol,
            punctuated,
            protocol[-6:],
            str(self.ticket.id),
            "(19) 99741-0000",
            "+55 19 99741 0000",
            "joão pereira",
        ):
            with self.subTest(text=text):
                self.assertEqual(self._found(text), self.ticket)
        self.assertEqual(self._found("Maria"), self.other)
        self.assertFalse(self._found("111.444.777-35"))

    def test_quick_search_refuses_nothing_to_search(self):
        for text in ("", "  "):
            with self.subTest(text=text), self.assertRaises(UserError):
                self._found(text)

    def test_late_count_per_process_and_subprocess(self):
        self.ticket.current_step_id.sudo().expected_end = datetime.now() - timedelta(
            hours=1
        )
        groups = (
            self.env["service.ticket.step"]
            .with_user(self.operator)
            .read_group(
                [("ticket_id", "in", (self.ticket | self.other).ids)],
                ["late_count:sum"],
                ["process_id", "subprocess_id"],
                lazy=False,
            )
        )
        self.assertEqual(
            [(g["__count"], g["late_count"]) for g in groups],
            [(2, 1)],
        )

    def test_edit_tool_opens_the_one_ticket_of_the_selected_row(self):
        steps = self.env["service.ticket.step"].with_user(self.operator)
        step = steps.browse(self.ticket.current_step_id.id)
        action = step.action_panel_edit_ticket()
        self.assertEqual(
            (action["res_model"], action["res_id"]), ("service.ticket", self.ticket.id)
        )
        both = steps.browse((self.ticket | self.other).current_step_id.ids)
        with self.assertRaisesRegex(UserError, "one ticket"):
            both.action_panel_edit_ticket()
        self.other.with_user(self.operator).action_close(self.classification_close)
        with self.assertRaisesRegex(UserError, "not open"):
            self.env["service.ticket"].with_user(self.operator).browse(
                self.other.id
            ).action_panel_edit_ticket()
