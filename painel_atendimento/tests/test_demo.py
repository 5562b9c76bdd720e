from datetime import datetime, time, timedelta
from unittest import SkipTest

import pytz
from freezegun import freeze_time
from stdnum.br import cnpj, cpf

from odoo.tests import TransactionCase, tagged

from ..models.service_panel import PANELS
from ..tools import mask_document

SAO_PAULO = pytz.timezone("America/Sao_Paulo")


@tagged("post_install", "-at_install")
class TestDemoIsp(TransactionCase):
    """What a new user of the demo ISP meets: every panel with rows, each role
    seeing its own tickets, and a history the model itself could have written.

    Dates are checked against the install moment (the creation of the demo tickets),
    not against the time the test runs, so the test holds on an old database too.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        if not ref("painel_atendimento.ticket_demo_001", raise_if_not_found=False):
            raise SkipTest("demo data is not loaded")
        cls.tickets = cls._demo_records("service.ticket")
        cls.customers = cls._demo_records("res.partner", "partner_demo_")
        cls.installed_at = max(cls.tickets.mapped("create_date"))
        cls.supervisor = ref("painel_atendimento.user_demo_ricardo")
        cls.operator = ref("painel_atendimento.user_demo_ana")
        cls.technician = ref("painel_atendimento.user_demo_marcos")

    @classmethod
    def _demo_records(cls, model, prefix=""):
        data = cls.env["ir.model.data"].search(
            [
                ("module", "=", "painel_atendimento"),
                ("model", "=", model),
                ("name", "=like", f"{prefix}%"),
            ]
        )
        return cls.env[model].browse(data.mapped("res_id"))

    def _local(self, moment):
        return pytz.utc.localize(moment).astimezone(SAO_PAULO)

    def test_every_panel_has_rows(self):
        installed = self._local(self.installed_at)
        for panel in PANELS:
            if panel.code == "open_today" and installed.time() < time(0, 15):
                continue  # the newest ticket is 12 minutes old
            if panel.code == "closed_today" and installed.time() < time(0, 30):
                continue  # the newest closure is 29 minutes old
            if panel.code == "reg_due_today" and installed.time() >= time(23, 30):
                continue  # the soonest regulatory deadline is half an hour away
            # "today", "this week" and deadlines move panels over days: every panel
            # is seen as right after the install, whenever the test runs
            with (
                self.subTest(panel=panel.code),
                freeze_time(self.installed_at, tick=True),
            ):
                count = (
                    self.env[panel.model]
                    .with_user(self.supervisor)
                    .search_count([("panel", "=", panel.code)])
                )
                self.assertTrue(count, f"panel {panel.code} is empty")

    def test_each_role_sees_its_tickets(self):
        Ticket = self.env["service.ticket"]
        conecta = self.operator.company_id
        self.assertEqual(
            Ticket.with_user(self.operator).search([]),
            Ticket.search([("company_id", "=", conecta.id)]),
        )
        technician = self.technician.id
        mine = Ticket.search([("work_order_ids.technician_id", "=", technician)])
        self.assertTrue(mine)
        self.assertEqual(Ticket.with_user(self.technician).search([]), mine)
        self.assertEqual(
            set(Ticket.with_user(self.supervisor).search([]).company_id),
            set(self.tickets.company_id),
        )

    def test_regulation_works_on_the_demo(self):
        ref = self.env.ref
        self.assertFalse(self.tickets.filtered(lambda t: not t.regulatory_deadline))
        failed = ref("painel_atendimento.ticket_demo_regulation_notice_failed")
        self.assertEqual(failed.protocol_notice_state, "failed")
        ongoing = ref("painel_atendimento.outage_demo_castelo")
        linked = ref("painel_atendimento.ticket_demo_regulation_outage")
        self.assertEqual(linked.outage_id, ongoing)
        self.assertIn(
            "outage_found", linked.interaction_ids.mapped("code"), "event missing"
        )
        ended = ref("painel_atendimento.outage_demo_jardim_amanda")
        self.assertEqual(ended.state, "ended")
        self.assertGreaterEqual(len(ended.customer_ids), 2)
        self.assertTrue(all(ended.customer_ids.mapped("refund_due_by")))

    def test_history_keeps_the_model_invariants(self):
        opened = self.tickets.filtered(lambda ticket: ticket.state == "open")
        running = self.tickets.step_ids.filtered(lambda step: not step.finished_at)
        self.assertEqual(running.ticket_id, opened, "one running step per open ticket")
        self.assertEqual(len(running), len(opened))
        technicians = self.env.ref("painel_atendimento.group_technician").users
        operators = self.env.ref("painel_atendimento.group_operator").users
        for ticket in self.tickets:
            with self.subTest(ticket=ticket.protocol):
                started = ticket.interaction_ids.filtered(
                    lambda event: event.code == "ticket_started"
                )
                self.assertEqual(started.user_id, ticket.opened_by_id)
                self.assertEqual(started.date, ticket.opened_at)
                if ticket.state != "open":
                    self.assertTrue(ticket.opened_at <= ticket.closed_at)
                    # technicians do not close tickets, in the demo either
                    self.assertIn(ticket.closed_by_id, operators)
                    self.assertNotIn(ticket.closed_by_id, technicians - operators)

    def test_dates_follow_the_install(self):
        installed = self._local(self.installed_at)
        opened = [self._local(ticket.opened_at) for ticket in self.tickets]
        self.assertTrue(all(moment <= installed for moment in opened))
        self.assertGreaterEqual(min(opened), installed - timedelta(days=61))
        late = self.tickets.step_ids.filtered(
            lambda step: not step.finished_at and step.expected_end < self.installed_at
        )
        self.assertTrue(late, "some running steps are late already")

    def test_documents_valid_and_masked_for_operators(self):
        partners = self.customers | self.tickets.company_id.partner_id
        for partner in partners:
            with self.subTest(partner=partner.name):
                vat = partner.vat
                module = cpf if len(vat) == 11 else cnpj
                self.assertTrue(module.is_valid(vat), vat)
                self.assertEqual(partner.country_id, self.env.ref("base.br"))
        ticket = self.tickets[:1]
        self.assertEqual(
            ticket.with_user(self.operator).partner_document,
            mask_document(ticket.partner_id.vat),
        )
        self.assertNotIn("*", ticket.with_user(self.supervisor).partner_document)

    def test_companies_work_in_sao_paulo_time(self):
        for company in self.tickets.company_id:
            calendar = company.resource_calendar_id
            self.assertEqual(calendar.tz, "America/Sao_Paulo")
            # Monday 10:00 local is working time, Saturday 10:00 too, Sunday not
            hours = {
                day: calendar._painel_hours_between(
                    self._utc(datetime(2026, 3, day, 10)),
                    self._utc(datetime(2026, 3, day, 11)),
                )
                for day in (9, 14, 15)
            }
            self.assertEqual(hours, {9: 1.0, 14: 1.0, 15: 0.0})

    def _utc(self, local):
        return SAO_PAULO.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
