from datetime import datetime, timedelta

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PainelCase


def sp(month, day, hour, minute=0, year=2025):
    """Naive UTC of a wall-clock time in São Paulo (UTC-3, no daylight saving)."""
    return datetime(year, month, day, hour, minute) + timedelta(hours=3)


# April 2025: Mon 14 ... Thu 17; Fri 18 (Good Friday) and Mon 21 (Tiradentes) are
# national holidays; Sat 19, Sun 20 the weekend.
OPENED = sp(4, 14, 10)


@tagged("post_install", "-at_install")
class TestRegulatoryDeadlines(PainelCase):
    """Prazos regulatórios: each ticket's deadline by its kind of request, counted
    from its record, beside (never moved by) the contractual SLA."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", False), ("resource_id", "=", False)]
        ).unlink()
        cls.calendar._painel_fill_public_holidays(2025, "SP")
        cls.demand = ref("painel_atendimento.regulatory_rule_demand")
        cls.billing = ref("painel_atendimento.regulatory_rule_billing_dispute")
        cls.service_request = ref("painel_atendimento.regulatory_rule_service_request")
        Classification = cls.env["service.classification"]
        cls.class_billing = Classification.create(
            {"name": "Contestação de fatura", "kind": "opening"}
        )
        cls.class_install = Classification.create(
            {"name": "Instalação", "kind": "opening"}
        )
        cls.billing.classification_ids = cls.class_billing
        cls.service_request.classification_ids = cls.class_install
        cls.manager = new_test_user(
            cls.env,
            login="gestor",
            groups="painel_atendimento.group_manager",
            tz="America/Sao_Paulo",
        )

    def _open(self, opened_at=OPENED, **values):
        with freeze_time(opened_at):
            return self._create_ticket(**values)

    # ------------------------------------------------------------------ rules

    def test_customer_demand_has_7_calendar_days(self):
        ticket = self._open()
        self.assertEqual(ticket.regulatory_rule_id, self.demand)
        # Decreto 11.034/2022 art. 13: calendar days, holidays and weekend included
        self.assertEqual(ticket.regulatory_deadline, sp(4, 21, 10))

    def test_billing_dispute_has_30_days(self):
        ticket = self._open(opening_classification_id=self.class_billing.id)
        self.assertEqual(ticket.regulatory_rule_id, self.billing)
        self.assertEqual(ticket.regulatory_deadline, sp(5, 14, 10))

    def test_service_request_counts_business_days(self):
        ticket = self._open(opening_classification_id=self.class_install.id)
        self.assertEqual(ticket.regulatory_rule_id, self.service_request)
        # 10 working days from Mon 14 April, skipping Good Friday, Tiradentes and
        # two weekends: Wed 30 April at the same time of day
        self.assertEqual(ticket.regulatory_deadline, sp(4, 30, 10))

    def test_history_of_demands_and_cancellation(self):
        Classification = self.env["service.classification"]
        for xmlid, days in (
            ("painel_atendimento.regulatory_rule_history", 5),
            ("painel_atendimento.regulatory_rule_cancellation", 1),
        ):
            with self.subTest(rule=xmlid):
                rule = self.env.ref(xmlid)
                rule.classification_ids = Classification.create(
                    {"name": rule.name, "kind": "opening"}
                )
                ticket = self._open(
                    opening_classification_id=rule.classification_ids.id
                )
                self.assertEqual(ticket.regulatory_rule_id, rule)
                # calendar days from the record, same time of day
                self.assertEqual(
                    ticket.regulatory_deadline, OPENED + timedelta(days=days)
                )

    def test_company_rule_overrides_the_shared_one(self):
        own = self.env["service.regulatory.rule"].create(
            {
                "name": "Demanda (prazo próprio)",
                "days": 3,
                "is_default": True,
                "company_id": self.company.id,
            }
        )
        ticket = self._open()
        self.assertEqual(ticket.regulatory_rule_id, own)
        self.assertEqual(ticket.regulatory_deadline, sp(4, 17, 10))
        listed = self._open(opening_classification_id=self.class_billing.id)
        self.assertEqual(listed.regulatory_rule_id, self.billing)

    def test_a_changed_rule_holds_for_the_next_openings(self):
        self.assertEqual(self._open().regulatory_rule_id, self.demand)
        own = self.env["service.regulatory.rule"].create(
            {
                "name": "Demanda (prazo próprio)",
                "days": 3,
                "is_default": True,
                "company_id": self.company.id,
            }
        )
        self.assertEqual(self._open().regulatory_rule_id, own)
        own.active = False
        self.assertEqual(self._open().regulatory_rule_id, self.demand)
        self.billing.classification_ids = False
        billing = self._open(opening_classification_id=self.class_billing.id)
        self.assertEqual(billing.regulatory_rule_id, self.demand)

    def test_company_without_regulatory_deadlines(self):
        self.company.service_regulatory_deadlines = False
        ticket = self._open()
        self.assertFalse(ticket.regulatory_rule_id)
        self.assertFalse(ticket.regulatory_deadline)
        self.assertFalse(ticket.is_regulatory_late)

    def test_one_rule_per_classification_and_one_default(self):
        Rule = self.env["service.regulatory.rule"]
        with self.assertRaises(ValidationError):
            Rule.create(
                {
                    "name": "Outra contestação",
                    "days": 10,
                    "classification_ids": [(6, 0, self.class_billing.ids)],
                }
            )
        with self.assertRaises(ValidationError):
            Rule.create({"name": "Outra demanda", "days": 3, "is_default": True})
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            Rule.create({"name": "Sem prazo", "days": 0})

    def test_editing_a_rule_keeps_given_deadlines(self):
        ticket = self._open()
        self.demand.days = 2
        self.assertEqual(ticket.regulatory_deadline, sp(4, 21, 10))

    # ------------------------------------------------------------------ clock

    def test_sla_pause_does_not_move_the_regulatory_deadline(self):
        motive = self.env["service.sla.motive"].create(
            {"name": "Aguardando cliente", "kind": "pause"}
        )
        self.env["service.sla.policy"].create(
            {
                "name": "Padrão",
                "target_hours": 8,
                "resource_calendar_id": self.calendar.id,
            }
        )
        ticket = self._open()
        self.assertTrue(ticket.sla_deadline)
        with freeze_time(sp(4, 15, 9)):
            ticket.with_user(self.supervisor).sla_pause(motive.id, "Cliente viajando")
        self.assertFalse(ticket.sla_deadline)
        self.assertEqual(ticket.regulatory_deadline, sp(4, 21, 10))

    def test_late_open_and_closed_after_the_deadline(self):
        ticket = self._open()
        on_time = self._open()
        with freeze_time(sp(4, 21, 9)):
            on_time.with_user(self.operator).action_close(self.classification_close)
            ticket.invalidate_recordset(["is_regulatory_late"])
            self.assertFalse(ticket.is_regulatory_late)
            self.assertAlmostEqual(ticket.regulatory_hours_left, 1.0)
        with freeze_time(sp(4, 21, 10, 1)):
            ticket.invalidate_recordset(["is_regulatory_late"])
            self.assertTrue(ticket.is_regulatory_late)
            Ticket = self.env["service.ticket"]
            self.assertEqual(
                Ticket.search([("is_regulatory_late", "=", True)]) & (ticket | on_time),
                ticket,
            )
            ticket.with_user(self.operator).action_close(self.classification_close)
        # closed after its deadline: late for good, on time for good
        with freeze_time(sp(6, 1, 12)):
            both = ticket | on_time
            both.invalidate_recordset()
            self.assertEqual(ticket.regulatory_breached_at, sp(4, 21, 10))
            # the cron had not run: the closing stamped it, with the event
            breach = ticket.interaction_ids.filtered(
                lambda event: event.code == "regulatory_deadline_breached"
            )
            self.assertEqual(breach.date, sp(4, 21, 10))
            self.assertTrue(ticket.is_regulatory_late)
            self.assertFalse(on_time.is_regulatory_late)
            self.assertFalse(on_time.regulatory_breached_at)
            self.assertEqual(
                Ticket.search([("is_regulatory_late", "=", True)]) & both, ticket
            )
            self.assertEqual(
                Ticket.search([("is_regulatory_late", "=", False)]) & both, on_time
            )

    def test_cron_stamps_each_breach_once_with_an_event(self):
        ticket = self._open()
        cron = self.env["service.ticket"]._cron_stamp_regulatory_breaches
        with freeze_time(sp(4, 21, 9, 59)):
            self.assertNotIn(ticket, cron())
        with freeze_time(sp(4, 21, 10, 1)):
            self.assertIn(ticket, cron())
            self.assertNotIn(ticket, cron())
        self.assertEqual(ticket.regulatory_breached_at, sp(4, 21, 10))
        events = ticket.interaction_ids.filtered(
            lambda event: event.code == "regulatory_deadline_breached"
        )
        self.assertEqual(len(events), 1)
        self.assertEqual(events.date, sp(4, 21, 10))
        self.assertIn("Customer demand", events.message)

    # ------------------------------------------------------------------ panels

    def test_panels_today_48h_and_breached(self):
        # deadlines: Mon 21 10:00, Tue 22 10:00, Wed 23 20:00 (a Wed 16 ticket)
        monday = self._open()
        tuesday = self._open(opened_at=sp(4, 15, 10))
        wednesday = self._open(opened_at=sp(4, 16, 20))
        mine = monday | tuesday | wednesday
        Ticket = self.env["service.ticket"].with_user(self.operator)

        def panel(code):
            return Ticket.search([("panel", "=", code)]) & mine

        with freeze_time(sp(4, 21, 8)):
            self.assertEqual(panel("reg_due_today"), monday)
            self.assertEqual(panel("reg_due_48h"), monday | tuesday)
            self.assertFalse(panel("reg_breached"))
        with freeze_time(sp(4, 21, 23, 59)):
            self.assertFalse(panel("reg_due_today"))
            self.assertEqual(panel("reg_due_48h"), tuesday | wednesday)
            self.assertEqual(panel("reg_breached"), monday)
        with freeze_time(sp(4, 22, 12)):
            monday.with_user(self.operator).action_close(self.classification_close)
            self.assertEqual(panel("reg_due_today"), self.env["service.ticket"])
            self.assertEqual(panel("reg_breached"), tuesday)
            overview = self.env["service.panel"].with_user(self.operator).get_overview()
            counts = {p["code"]: p["count"] for tab in overview for p in tab["panels"]}
            self.assertEqual(
                counts["reg_breached"],
                Ticket.search_count([("panel", "=", "reg_breached")]),
            )

    # ------------------------------------------------------------------ trust

    def test_nobody_but_the_lifecycle_sets_the_deadline(self):
        ticket = self._open()
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).write(
                {"regulatory_deadline": sp(12, 31, 10)}
            )
        with self.assertRaises(UserError):
            self.env["service.ticket"].with_user(self.operator).create(
                self._ticket_values(regulatory_deadline=sp(12, 31, 10))
            )
        # the breach event is the addon's: no operator or integration logs it
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).log_interaction(
                "regulatory_deadline_breached", rule="x"
            )
        self.assertEqual(ticket.regulatory_deadline, sp(4, 21, 10))

    def test_rules_are_configured_by_managers_per_company(self):
        Rule = self.env["service.regulatory.rule"]
        self.assertTrue(Rule.with_user(self.operator).search([]))
        with self.assertRaises(AccessError):
            self.demand.with_user(self.operator).write({"days": 60})
        self.demand.with_user(self.manager).write({"days": 6})
        other = self.env["res.company"].create({"name": "Outra Telecom"})
        foreign = Rule.create(
            {
                "name": "Prazo da outra",
                "days": 2,
                "is_default": True,
                "company_id": other.id,
            }
        )
        self.assertNotIn(foreign, Rule.with_user(self.manager).search([]))
        self.assertIn(self.demand, Rule.with_user(self.manager).search([]))
