from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PainelCase

# Monday 14 April 2025, 10:00 in São Paulo (13:00 UTC)
START = datetime(2025, 4, 14, 13, 0)
MINUTE = timedelta(minutes=1)


@tagged("post_install", "-at_install")
class TestOutage(PainelCase):
    """Paradas: tickets of the area linked while the outage lasts, with the event
    "Notificação de parada encontrada" and the script; the refund list (RQUAL)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.neighbour = Partner.create(
            {
                "name": "Clara Nunes",
                "country_id": cls.brazil.id,
                "city": "campinas ",
                "street2": "CENTRO",
                "email": "clara@example.com",
            }
        )
        cls.elsewhere = Partner.create(
            {
                "name": "Paulo Prado",
                "country_id": cls.brazil.id,
                "city": "Campinas",
                "street2": "Cambuí",
                "email": "paulo@example.com",
            }
        )
        cls.far_away = Partner.create(
            {"name": "Rita Lee", "country_id": cls.brazil.id, "city": "Sumaré"}
        )
        cls.manager = new_test_user(
            cls.env, login="gestor", groups="painel_atendimento.group_manager"
        )

    def _outage(self, **values):
        with freeze_time(START):
            return (
                self.env["service.outage"]
                .with_user(self.supervisor)
                .create(
                    {
                        "name": "Rompimento de fibra na Av. Brasil",
                        "start_at": START,
                        "script": "<p>Informe retorno previsto às 14h.</p>",
                        **values,
                    }
                )
            )

    def _open(self, partner, moment=START + 5 * MINUTE, **values):
        with freeze_time(moment):
            return self._create_ticket(partner_id=partner.id, **values)

    def _end(self, outage, moment):
        with freeze_time(moment):
            outage.with_user(self.supervisor).action_end()

    def test_ticket_of_the_area_is_linked_with_the_event_and_the_script(self):
        outage = self._outage(
            area_ids=[(0, 0, {"city": "Campinas", "district": "Centro"})]
        )
        ticket = self._open(self.customer)
        self.assertEqual(ticket.outage_id, outage)
        self.assertIn("Informe retorno", ticket.outage_script)
        event = ticket.interaction_ids.filtered(lambda e: e.code == "outage_found")
        self.assertEqual(event.date, ticket.opened_at)
        self.assertEqual(
            event.message,
            "Notificação de parada encontrada Rompimento de fibra na Av. Brasil",
        )
        # case and spaces do not count; another bairro, another city do
        self.assertEqual(self._open(self.neighbour).outage_id, outage)
        self.assertFalse(self._open(self.elsewhere).outage_id)
        self.assertFalse(self._open(self.far_away).outage_id)

    def test_only_while_ongoing_and_in_its_company(self):
        area = [(0, 0, {"city": "Campinas"})]
        outage = self._outage(area_ids=area)
        before = self._open(self.customer, moment=START - MINUTE)
        self.assertFalse(before.outage_id)
        other_company = self.env["res.company"].create({"name": "Outra Telecom"})
        with freeze_time(START):
            self.env["service.outage"].create(
                {"name": "Outra", "company_id": other_company.id, "area_ids": area}
            )
        during = self._open(self.customer)
        self.assertEqual(during.outage_id, outage)
        self._end(outage, START + 30 * MINUTE)
        self.assertFalse(
            self._open(self.customer, moment=START + 40 * MINUTE).outage_id
        )

    def test_condominium_and_listed_customers(self):
        outage = self._outage(
            area_ids=[(0, 0, {"city": "Campinas", "condominium": "Parque Prado"})],
            partner_ids=[(6, 0, self.far_away.ids)],
        )
        inside = self._open(self.elsewhere, condominium="Parque Prado")
        outside = self._open(self.elsewhere, condominium="Vila Rica")
        listed = self._open(self.far_away)
        self.assertEqual(inside.outage_id, outage)
        self.assertFalse(outside.outage_id)
        self.assertEqual(listed.outage_id, outage)

    def test_refund_list_with_durations(self):
        self.company.service_provider_class = "large"
        self.assertTrue(self.company.service_rqual_refund)
        for partner in (self.customer, self.neighbour, self.elsewhere):
            self._open(partner, moment=START - timedelta(days=30))
        outage = self._outage(
            area_ids=[(0, 0, {"city": "Campinas", "district": "Centro"})],
            partner_ids=[(6, 0, self.far_away.ids)],
        )
        caller = self._open(self.elsewhere, condominium="Bloco B")
        caller.sudo().outage_id = outage  # e.g. linked by a listed building
        self._end(outage, START + 95 * MINUTE + timedelta(seconds=10))
        lines = outage.customer_ids
        self.assertEqual(
            {line.partner_id: line.reason for line in lines},
            {
                self.customer: "area",
                self.neighbour: "area",
                self.far_away: "listed",
                self.elsewhere: "ticket",
            },
        )
        self.assertEqual(set(lines.mapped("duration_minutes")), {96})
        self.assertTrue(all(lines.mapped("is_refund_due")))
        # RQUAL art. 32: by the end of the second month after April
        self.assertEqual(set(lines.mapped("refund_due_by")), {date(2025, 6, 30)})
        billing = new_test_user(
            self.env,
            login="faturamento",
            groups="painel_atendimento.group_operator,base.group_allow_export",
        )
        exported = lines.with_user(billing).export_data(
            ["partner_id", "duration_minutes", "refund_due_by"]
        )["datas"]
        self.assertEqual(len(exported), 4)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "painel_atendimento.action_report_service_outage_refund", outage.ids
            )[0]
            .decode()
        )
        self.assertIn("Clara Nunes", html)
        self.assertIn("96", html)

    def test_short_or_lonely_interruptions_are_not_refunded(self):
        self._open(self.customer, moment=START - timedelta(days=3))
        self._open(self.neighbour, moment=START - timedelta(days=3))
        short = self._outage(
            area_ids=[(0, 0, {"city": "Campinas", "district": "Centro"})]
        )
        self._end(short, START + 9 * MINUTE)
        self.assertEqual(len(short.customer_ids), 2)
        self.assertFalse(any(short.customer_ids.mapped("is_refund_due")))
        lonely = self._outage(partner_ids=[(6, 0, self.far_away.ids)])
        self._end(lonely, START + 60 * MINUTE)
        self.assertFalse(lonely.customer_ids.is_refund_due)

    def test_small_provider_has_no_automatic_refund_date(self):
        self.company.service_provider_class = "small"
        self.assertFalse(self.company.service_rqual_refund)
        outage = self._outage(
            partner_ids=[(6, 0, (self.far_away | self.neighbour).ids)]
        )
        self._end(outage, START + 60 * MINUTE)
        self.assertTrue(all(outage.customer_ids.mapped("is_refund_due")))
        self.assertFalse(any(outage.customer_ids.mapped("refund_due_by")))
        # a small provider may follow RQUAL by choice
        self.company.write(
            {"service_provider_class": "small", "service_rqual_refund": True}
        )
        self.assertTrue(self.company.service_rqual_refund)

    def test_only_supervisors_end_and_nobody_forges_the_end(self):
        outage = self._outage(partner_ids=[(6, 0, self.far_away.ids)])
        with self.assertRaises(AccessError):
            self.env["service.outage"].with_user(self.operator).create({"name": "X"})
        with self.assertRaises(UserError):
            outage.with_user(self.operator).action_end()
        with self.assertRaises(UserError):
            outage.with_user(self.supervisor).write(
                {"state": "ended", "end_at": START + MINUTE}
            )
        self._end(outage, START + 20 * MINUTE)
        with self.assertRaises(UserError):
            outage.with_user(self.supervisor).write({"name": "Outra"})
        self.assertTrue(outage.customer_ids)
        with self.assertRaises(AccessError):
            outage.customer_ids.with_user(self.supervisor).write(
                {"duration_minutes": 1}
            )

    def test_outages_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Outra Telecom"})
        foreign = self.env["service.outage"].create(
            {"name": "Outra", "company_id": other_company.id}
        )
        self.assertNotIn(
            foreign, self.env["service.outage"].with_user(self.manager).search([])
        )
