"""The operator's day in the browser: one tour per flow, clicked as an operator (or
the supervisor) clicks it, in headless Chromium (static/tests/tours/*.js).

Each test starts a tour, then checks in the database what the clicks did: the
browser's word is not taken for it.
"""

from datetime import datetime, timedelta
from unittest.mock import patch

import pytz

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import ChromeBrowser

TZ = pytz.timezone("America/Sao_Paulo")


def utc(local):
    """A naive São Paulo wall-clock moment as Odoo's naive UTC."""
    return TZ.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


class PainelTourCase(HttpCase):
    """A company working Mon-Fri 08-12 / 13-18 and Saturday 08-12 (São Paulo), its
    operators and supervisor, a customer, two processes, an SLA policy of 8 working
    hours, and the motives of SLA changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        attendances = [
            (day, start, end, period)
            for day in range(5)
            for start, end, period in ((8, 12, "morning"), (13, 18, "afternoon"))
        ] + [(5, 8, 12, "morning")]
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Comercial do Tour (sábado até 12h)",
                "tz": "America/Sao_Paulo",
                "company_id": cls.company.id,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day, start, end, period in attendances
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        user_values = {"tz": "America/Sao_Paulo", "company_id": cls.company.id}
        cls.operator = new_test_user(
            cls.env,
            login="tour_operator",
            name="Olga Operadora",
            groups="painel_atendimento.group_operator",
            **user_values,
        )
        cls.colleague = new_test_user(
            cls.env,
            login="tour_colleague",
            name="Caio Colega",
            groups="painel_atendimento.group_operator",
            **user_values,
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="tour_supervisor",
            name="Sílvia Supervisora",
            groups="painel_atendimento.group_supervisor",
            **user_values,
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Cliente Existente do Tour",
                "vat": "529.982.247-25",
                "phone": "(19) 99741-0000",
                "email": "cliente.tour@example.com",
                "street": "Rua das Palmeiras, 100",
                "street2": "Jardim do Tour",
                "city": "Cidade do Tour",
                "zip": "13000-000",
            }
        )
        cls.process = cls.env["service.process"].create(
            {
                "name": "Processo do Tour",
                "subprocess_ids": [
                    (0, 0, {"name": "Triagem do Tour", "sequence": 1}),
                    (0, 0, {"name": "Diagnóstico do Tour", "sequence": 2}),
                ],
            }
        )
        cls.other_process = cls.env["service.process"].create(
            {
                "name": "Processo Destino",
                "subprocess_ids": [
                    (0, 0, {"name": "Análise Destino", "sequence": 1}),
                    (0, 0, {"name": "Visita Destino", "sequence": 2}),
                ],
            }
        )
        cls.classification = cls.env["service.classification"].create(
            {"name": "Classificação do Tour", "kind": "opening"}
        )
        cls.closing = cls.env["service.classification"].create(
            {"name": "Resolvido no Tour", "kind": "closing"}
        )
        cls.origin = cls.env.ref("painel_atendimento.origin_phone")
        cls.policy = cls.env["service.sla.policy"].create(
            {
                "name": "SLA do Tour",
                "sequence": -1,
                "target_hours": 8,
                "resource_calendar_id": cls.calendar.id,
                "classification_ids": [(6, 0, cls.classification.ids)],
            }
        )
        cls.increment_motive = cls.env["service.sla.motive"].create(
            {"name": "Incremento do Tour", "kind": "increment"}
        )
        cls.pause_motive = cls.env["service.sla.motive"].create(
            {"name": "Pausa do Tour", "kind": "pause"}
        )

    def start_tour(self, url_path, tour_name, **kwargs):
        """The tour, in a browser on the operators' clock (São Paulo), whatever the
        time zone of the machine running the tests."""
        init = ChromeBrowser.__init__

        def init_in_sao_paulo(browser, *args, **kw):
            init(browser, *args, **kw)
            browser._websocket_request(
                "Emulation.setTimezoneOverride",
                params={"timezoneId": "America/Sao_Paulo"},
            )

        with patch.object(ChromeBrowser, "__init__", init_in_sao_paulo):
            return super().start_tour(url_path, tour_name, **kwargs)

    @classmethod
    def _ticket(cls, partner=None, **values):
        """A ticket opened by trusted code, as a panel finds it."""
        return cls.env["service.ticket"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "process_id": cls.process.id,
                "origin_id": cls.origin.id,
                "opening_classification_id": cls.classification.id,
                **values,
            }
        )

    def _events(self, ticket):
        return ticket.interaction_ids.mapped("code")


@tagged("post_install", "-at_install")
class TestOpenTicketTours(PainelTourCase):
    def test_open_a_ticket_for_an_existing_customer(self):
        """Novo atendimento from a panel: the customer found by CPF typed with
        punctuation and by phone, the address taken from the customer, the protocol
        at once on saving, the lifecycle buttons then."""
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_open_today",
            "painel_open_ticket_existing_customer",
            login="tour_operator",
        )
        ticket = self.env["service.ticket"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertRecordValues(
            ticket,
            [
                {
                    "state": "open",
                    "opened_by_id": self.operator.id,
                    "process_id": self.process.id,
                    "origin_id": self.origin.id,
                    "opening_classification_id": self.classification.id,
                    "street": "Rua das Palmeiras, 100",
                    "district": "Jardim do Tour",
                    "city": "Cidade do Tour",
                    "description": "Cliente sem conexão desde a manhã.",
                    "sla_policy_id": self.policy.id,
                }
            ],
        )
        self.assertRegex(ticket.protocol, r"^\d{14}$")

    def test_open_a_ticket_for_a_new_customer(self):
        """A customer registered from the ticket: a wrong CPF is refused, the right
        one is kept unpunctuated and shown punctuated (masked to an operator)."""
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_open_week",
            "painel_open_ticket_new_customer",
            login="tour_operator",
        )
        customer = self.env["res.partner"].search(
            [("name", "=", "Cliente Novo do Tour")]
        )
        self.assertRecordValues(
            customer,
            [
                {
                    "vat": "11144477735",
                    "country_id": self.env.ref("base.br").id,
                    "phone": "(19) 3232-1000",
                    "street2": "Vila Nova do Tour",
                    "city": "Paulínia",
                }
            ],
        )
        ticket = self.env["service.ticket"].search([("partner_id", "=", customer.id)])
        self.assertRecordValues(
            ticket,
            [{"city": "Paulínia", "district": "Vila Nova do Tour", "state": "open"}],
        )
        self.assertRegex(ticket.protocol, r"^\d{14}$")


@tagged("post_install", "-at_install")
class TestWorkTicketTour(PainelTourCase):
    def test_claim_comment_forward_next_step_work_order_close(self):
        """A day's ticket worked by clicks: Resgatar, a comment, Encaminhar with its
        comment, Próximo subprocesso, Abrir O.S. at the ticket's address, and
        Finalizar with the O.S. still open, after confirming. Liberar shows only to
        the claimant and supervisors."""
        colleague_ticket = self._ticket(
            partner=self.env["res.partner"].create({"name": "Cliente do Colega"})
        )
        colleague_ticket.with_user(self.colleague).action_claim()
        ticket = self._ticket(
            partner=self.env["res.partner"].create(
                {
                    "name": "Cliente da Jornada",
                    "street": "Avenida Central, 500",
                    "street2": "Centro do Tour",
                    "city": "Campinas do Tour",
                }
            )
        )
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_open_today",
            "painel_work_a_ticket",
            login="tour_operator",
        )
        self.assertEqual(ticket.state, "closed")
        self.assertEqual(ticket.process_id, self.other_process)
        self.assertEqual(ticket.subprocess_id.name, "Visita Destino")
        events = self._events(ticket)
        for code in (
            "claimed",
            "comment_added",
            "forwarded",
            "forward_comment",
            "work_order_added",
            "closed",
        ):
            self.assertIn(code, events)
        forward_comment = ticket.interaction_ids.filtered(
            lambda event: event.code == "forward_comment"
        )
        self.assertEqual(forward_comment.details, "Cliente precisa de visita técnica.")
        order = ticket.work_order_ids
        self.assertEqual(len(order), 1)
        self.assertRecordValues(
            order,
            [
                {
                    "state": "draft",
                    "street": "Avenida Central, 500",
                    "district": "Centro do Tour",
                    "city": "Campinas do Tour",
                    "description": "Trocar o roteador.",
                }
            ],
        )
        self.assertEqual(colleague_ticket.claimed_by_id, self.colleague)


@tagged("post_install", "-at_install")
class TestSlaTours(PainelTourCase):
    def _running_ticket(self, deadline, customer_name):
        """An open ticket whose running SLA ends at ``deadline`` (naive UTC)."""
        ticket = self._ticket(
            partner=self.env["res.partner"].create({"name": customer_name})
        )
        ticket.sudo().write(
            {"sla_deadline": deadline, "sla_calendar_id": self.calendar.id}
        )
        return ticket

    def test_increment_by_days_lands_in_working_time(self):
        """+2 days from Thursday 18:00 is Saturday's end of work, 12:00 — not
        Saturday 18:00, outside the calendar."""
        today = datetime.now(TZ).date()
        thursday = today + timedelta(days=(3 - today.weekday()) % 7 + 7)
        deadline = utc(datetime.combine(thursday, datetime.min.time()).replace(hour=18))
        ticket = self._running_ticket(deadline, "Cliente do Incremento")
        self.start_tour(
            f"/odoo/action-painel_atendimento.action_panel_open_today/{ticket.id}",
            "painel_sla_increment_days",
            login="tour_supervisor",
        )
        saturday_noon = utc(
            datetime.combine(thursday + timedelta(days=2), datetime.min.time())
        ) + timedelta(hours=12)
        self.assertEqual(ticket.sla_deadline, saturday_noon)
        self.assertTrue(
            self.calendar._work_intervals_batch(
                pytz.utc.localize(saturday_noon - timedelta(minutes=1)),
                pytz.utc.localize(saturday_noon),
            )[False]._items,
            "the new deadline ends a working interval",
        )

    def test_pause_and_resume_keep_the_deadline(self):
        """Pausing, then resuming seconds later, leaves the deadline where it was
        (give or take the working seconds between the two clicks)."""
        deadline = fields.Datetime.now().replace(microsecond=0) + timedelta(days=10)
        deadline = self.calendar._painel_add_hours(deadline, 1)
        ticket = self._running_ticket(deadline, "Cliente da Pausa")
        started = fields.Datetime.now()
        self.start_tour(
            f"/odoo/action-painel_atendimento.action_panel_open_today/{ticket.id}",
            "painel_sla_pause_resume",
            login="tour_supervisor",
        )
        elapsed = fields.Datetime.now() - started
        self.assertEqual(ticket.sla_state, "running")
        self.assertEqual(
            ticket.sla_intervention_ids.sorted("id").mapped("kind"), ["pause", "resume"]
        )
        self.assertGreaterEqual(ticket.sla_deadline, deadline)
        self.assertLessEqual(ticket.sla_deadline - deadline, elapsed)


@tagged("post_install", "-at_install")
class TestSurveyResendTour(PainelTourCase):
    def test_resend_the_survey_once_per_interval(self):
        """Reenviar avaliação from Finalizados hoje: sent, then refused within the
        interval; the ticket shows when it was last sent."""
        ticket = self._ticket(
            partner=self.env["res.partner"].create(
                {"name": "Cliente da Avaliação", "email": "avaliacao@example.com"}
            )
        )
        ticket.with_user(self.operator).action_close(self.closing)
        two_days_ago = fields.Datetime.now() - timedelta(days=2)
        ticket.sudo().survey_sent_at = two_days_ago
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_closed_today",
            "painel_resend_survey",
            login="tour_supervisor",
        )
        self.assertGreater(ticket.survey_sent_at, two_days_ago)


@tagged("post_install", "-at_install")
class TestAdvancedSearchTour(PainelTourCase):
    def test_both_advanced_searches(self):
        """Busca avançada: Informações sintéticas by city, Pesquisa avançada by a
        protocol typed with punctuation."""
        self._ticket(city="Cidade da Busca", protocol="20990101123456")
        self.start_tour("/odoo", "painel_advanced_search", login="tour_operator")


@tagged("post_install", "-at_install")
class TestPanelTools(PainelTourCase):
    def test_panels_read_and_search(self):
        """A panel shows whole protocols and documents, finds a CPF typed with
        punctuation from the search box's default field, offers no filter its
        records cannot match; Processo x Subprocesso counts the late steps;
        Subprocessos atrasados has Editar; Gráfico sintético has Novo atendimento
        and colours the SLA states by meaning."""
        late = self._ticket(
            partner=self.env["res.partner"].create(
                {"name": "Cliente Atrasado", "vat": "111.444.777-35"}
            )
        )
        # days late: late by working hours whatever the hour the suite runs at
        late.current_step_id.sudo().expected_end = fields.Datetime.now() - timedelta(
            days=3
        )
        self._ticket()
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_open_today",
            "painel_panel_tools",
            login="tour_supervisor",
        )


@tagged("post_install", "-at_install")
class TestPhoneTour(PainelTourCase):
    browser_size = "390x844"
    touch_enabled = True

    def test_a_panel_on_a_phone(self):
        """On a 390×844 screen a panel is a column of cards with the customer, the
        CPF/CNPJ, the protocol, the SLA and the claimant, and no sideways scroll."""
        self._ticket(
            partner=self.env["res.partner"].create(
                {"name": "Cliente no Celular", "vat": "11.222.333/0001-81"}
            ),
            protocol="20990101000777",
        )
        self.start_tour(
            "/odoo/action-painel_atendimento.action_panel_open_today",
            "painel_phone_panel",
            login="tour_supervisor",
        )
