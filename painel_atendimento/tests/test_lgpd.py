from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PainelCase

IDENTIFIERS = ("João Pereira", "529.982.247-25", "joao@example.com", "99876-5432")


@tagged("post_install", "-at_install")
class TestLgpd(PainelCase):
    """The history never keeps the customer's identity; anonymising him (LGPD)
    replaces his personal data and keeps the regulatory record."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.mobile = "(19) 99876-5432"
        cls.manager = new_test_user(
            cls.env, login="gestor", groups="painel_atendimento.group_manager"
        )
        cls.report = (
            "João Pereira (CPF 529.982.247-25) pede retorno no 19 99876-5432 "
            "ou em joao@example.com: sem sinal desde ontem."
        )
        with freeze_time(datetime(2025, 4, 14, 13, 0)):
            cls.ticket = cls._create_ticket(
                description=cls.report, street_number="1000", condominium="Ed. Sol"
            )
        cls.ticket.with_user(cls.operator).message_post(
            body="Falei com João Pereira, confirmar em joao@example.com",
            message_type="comment",
        )

    def _history_text(self):
        events = self.ticket.interaction_ids
        return " ".join(
            events.mapped("message") + [d for d in events.mapped("details") if d]
        )

    def test_events_are_written_without_the_customer_identity(self):
        self.assertEqual(self.ticket.description, self.report)  # the ticket keeps it
        text = self._history_text()
        for identifier in IDENTIFIERS:
            self.assertNotIn(identifier, text)
        self.assertIn("[cliente] (CPF [CPF/CNPJ]) pede retorno no [telefone]", text)
        self.assertIn("[e-mail]", text)

    def test_anonymising_keeps_the_regulatory_record(self):
        before = {
            "protocol": self.ticket.protocol,
            "opened_at": self.ticket.opened_at,
            "regulatory_deadline": self.ticket.regulatory_deadline,
            "events": self.ticket.interaction_ids.ids,
        }
        self.customer.with_user(self.manager).action_painel_anonymize()
        customer, ticket = self.customer, self.ticket
        self.assertEqual(customer.name, f"Cliente anonimizado nº {customer.id}")
        self.assertFalse(customer.vat or customer.email or customer.mobile)
        self.assertFalse(customer.street or customer.street2 or customer.zip)
        # the regulatory record: protocol, dates, events, the city (ANATEL counts)
        self.assertEqual(ticket.protocol, before["protocol"])
        self.assertEqual(ticket.opened_at, before["opened_at"])
        self.assertEqual(ticket.regulatory_deadline, before["regulatory_deadline"])
        self.assertEqual(ticket.city, "Campinas")
        self.assertFalse(ticket.street or ticket.street_number or ticket.condominium)
        self.assertTrue(set(before["events"]) < set(ticket.interaction_ids.ids))
        self.assertIn("customer_anonymized", ticket.interaction_ids.mapped("code"))
        # no identifier left in the ticket, its chatter or its history
        messages = self.env["mail.message"].search(
            [("model", "=", "service.ticket"), ("res_id", "=", ticket.id)]
        )
        texts = [ticket.description, self._history_text()] + [
            str(body) for body in messages.mapped("body")
        ]
        for identifier in IDENTIFIERS:
            for text in texts:
                self.assertNotIn(identifier, text or "")

    def test_only_administrators_anonymise_customers(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.operator).action_painel_anonymize()
        with self.assertRaises(UserError):
            self.operator.partner_id.with_user(self.manager).action_painel_anonymize()
        self.assertEqual(self.customer.name, "João Pereira")

    def test_the_customer_portal_user_is_closed(self):
        portal = new_test_user(
            self.env, login="joao_portal", groups="base.group_portal"
        )
        portal.partner_id.parent_id = self.customer
        self.customer.action_painel_anonymize()
        self.assertFalse(portal.active)
        self.assertNotIn("joao", portal.login)
