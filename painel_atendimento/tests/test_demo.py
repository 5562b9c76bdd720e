from datetime import datetime, time, timedelta
from unittest import SkipTest

import pytz
from stdnum.br import cnpj, cpf

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..tools import normalize_document

SAO_PAULO = pytz.timezone("America/Sao_Paulo")


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo ISP gives every panel rows right after the install.

    Dates are checked against the install moment (the creation of the demo tickets),
    not against the time the test runs, so the test holds on an old database too.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not cls.env.ref(
            "painel_atendimento.ticket_demo_001", raise_if_not_found=False
        ):
            raise SkipTest("demo data is not loaded")
        cls.tickets = cls._demo_records("service.ticket")
        cls.customers = cls._demo_records("res.partner", "partner_demo_")
        cls.companies = cls._demo_records("res.company")
        cls.installed_at = max(cls.tickets.mapped("create_date"))

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

    def test_about_150_tickets_in_every_state(self):
        self.assertTrue(140 <= len(self.tickets) <= 160, len(self.tickets))
        self.assertEqual(
            set(self.tickets.mapped("state")), {"open", "closed", "cancelled"}
        )
        opened = self.tickets.filtered(lambda ticket: ticket.state == "open")
        self.assertTrue(opened.filtered("claimed_by_id"))
        self.assertTrue(opened.filtered(lambda ticket: not ticket.claimed_by_id))
        self.assertEqual(set(self.tickets.company_id), set(self.companies))
        self.assertEqual(
            len(self.tickets.origin_id),
            self.env["service.contact.origin"].search_count([]),
            "every contact origin is used",
        )

    def test_tickets_opened_today_this_week_and_before(self):
        installed = self._local(self.installed_at)
        midnight = installed.replace(hour=0, minute=0, second=0, microsecond=0)
        week_ago = installed - timedelta(days=7)
        opened = [self._local(ticket.opened_at) for ticket in self.tickets]
        self.assertTrue(all(moment <= installed for moment in opened))
        self.assertTrue([moment for moment in opened if moment < week_ago])
        self.assertTrue([moment for moment in opened if week_ago <= moment < midnight])
        self.assertGreaterEqual(
            min(opened), installed - timedelta(days=61), "spread over 60 days"
        )
        # the newest ticket is 12 minutes old: just after midnight "today" is empty
        if installed.time() > time(0, 15):
            self.assertTrue([moment for moment in opened if moment >= midnight])

    def test_closed_tickets_are_consistent(self):
        now = fields.Datetime.now()
        finished = self.tickets.filtered(lambda ticket: ticket.state != "open")
        for ticket in finished:
            self.assertTrue(
                ticket.opened_at <= ticket.closed_at <= now, ticket.protocol
            )
            self.assertTrue(ticket.closed_by_id, ticket.protocol)
            self.assertFalse(ticket.current_step_id, ticket.protocol)
        closed = finished.filtered(lambda ticket: ticket.state == "closed")
        self.assertTrue(all(ticket.closing_classification_id for ticket in closed))
        closed_at = [self._local(ticket.closed_at) for ticket in closed]
        installed = self._local(self.installed_at)
        self.assertTrue(
            [moment for moment in closed_at if moment.date() == installed.date()]
        )
        self.assertTrue(
            [moment for moment in closed_at if moment < installed - timedelta(days=30)]
        )

    def test_open_tickets_run_one_step_some_late(self):
        opened = self.tickets.filtered(lambda ticket: ticket.state == "open")
        steps = opened.step_ids.filtered(lambda step: not step.finished_at)
        self.assertEqual(steps.ticket_id, opened, "one running step per open ticket")
        self.assertEqual(len(steps), len(opened))
        late = steps.filtered(lambda step: step.expected_end < self.installed_at)
        self.assertTrue(late)
        self.assertTrue(steps - late)
        self.assertTrue(opened.filtered(lambda ticket: len(ticket.step_ids) > 1))
        for step in opened.step_ids:
            self.assertGreaterEqual(step.started_at, step.ticket_id.opened_at)

    def test_work_orders_in_each_state(self):
        orders = self.tickets.work_order_ids
        self.assertTrue({"draft", "scheduled", "done"} <= set(orders.mapped("state")))
        self.assertTrue(25 <= len(orders.ticket_id) <= 40, len(orders.ticket_id))
        self.assertEqual(
            {"none", "unscheduled", "scheduled", "done"},
            set(self.tickets.mapped("work_order_status")),
        )
        for order in orders.filtered(lambda order: order.state == "done"):
            self.assertTrue(order.done_at, order.name)

    def test_customer_documents_valid_and_unformatted(self):
        self.assertTrue(45 <= len(self.customers) <= 60, len(self.customers))
        partners = self.customers | self.companies.partner_id
        for partner in partners:
            vat = partner.vat
            self.assertEqual(vat, normalize_document(vat), partner.name)
            module = cpf if len(vat) == 11 else cnpj
            self.assertTrue(module.is_valid(vat), f"{partner.name}: {vat}")
            self.assertEqual(partner.country_id, self.env.ref("base.br"))
        self.assertTrue(
            [vat for vat in partners.mapped("vat") if not vat.isdigit()],
            "an alphanumeric CNPJ is among the customers",
        )

    def test_tickets_belong_to_their_company(self):
        for ticket in self.tickets:
            self.assertEqual(ticket.partner_id.company_id, ticket.company_id)
            self.assertEqual(ticket.team_id.company_id, ticket.company_id)
            self.assertIn(ticket.company_id, ticket.opened_by_id.company_ids)

    def test_companies_work_in_sao_paulo_time(self):
        self.assertEqual(len(self.companies), 2)
        for company in self.companies:
            calendar = company.resource_calendar_id
            self.assertEqual(calendar.tz, "America/Sao_Paulo")
            self.assertEqual(calendar.company_id, company)
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
