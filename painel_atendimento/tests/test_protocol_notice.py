from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PainelCase

# Monday 14 April 2025, 10:00 in São Paulo (13:00 UTC)
OPENED = datetime(2025, 4, 14, 13, 0)
HOUR = timedelta(hours=1)


@tagged("post_install", "-at_install")
class TestProtocolNotice(PainelCase):
    """Aviso de protocolo: the protocol and the moment of the record reach the
    customer within 24 hours, by e-mail and SMS; the sending is an event; what
    failed or did not go in time shows in a panel."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer_phone = cls.env["res.partner"].create(
            {
                "name": "Marta Lima",
                "country_id": cls.brazil.id,
                "email": "marta@example.com",
                "mobile": "(19) 99876-5432",
            }
        )
        cls.customer_unreachable = cls.env["res.partner"].create(
            {"name": "Sebastião Rocha", "country_id": cls.brazil.id}
        )
        cls.technician = new_test_user(
            cls.env,
            login="tecnico",
            groups="painel_atendimento.group_technician",
        )

    def _open(self, opened_at=OPENED, **values):
        with freeze_time(opened_at):
            return self._create_ticket(**values)

    def _send(self, moment):
        with freeze_time(moment):
            return self.env["service.ticket"]._cron_send_protocol_notices()

    def _events(self, ticket, code):
        return ticket.interaction_ids.filtered(lambda event: event.code == code)

    def _pending_panel(self, moment):
        with freeze_time(moment):
            return (
                self.env["service.ticket"]
                .with_user(self.operator)
                .search([("panel", "=", "notice_pending")])
            )

    def test_opening_schedules_the_notice_within_24_hours(self):
        ticket = self._open()
        self.assertEqual(ticket.protocol_notice_state, "pending")
        self.assertEqual(ticket.protocol_notice_due_at, OPENED + 24 * HOUR)
        cron = self.env.ref("painel_atendimento.ir_cron_send_protocol_notices")
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (5, "minutes"))

    def test_email_to_the_customer_alone_with_protocol_date_and_time(self):
        ticket = self._open()
        self.assertIn(ticket, self._send(OPENED + 2 * HOUR))
        self.assertEqual(ticket.protocol_notice_state, "sent")
        self.assertEqual(ticket.protocol_notice_sent_at, OPENED + 2 * HOUR)
        self.assertFalse(ticket.protocol_notice_late)
        self.assertEqual(ticket.protocol_notice_channels, "e-mail")
        message = ticket.protocol_notice_message_ids
        self.assertEqual(message.partner_ids, self.customer)
        self.assertIn(ticket.protocol, message.subject)
        # the record's date and time, in Brasília time
        self.assertIn(ticket.protocol, message.body)
        self.assertIn("14/04/2025 10:00:00", message.body)
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.recipient_ids, self.customer)
        event = self._events(ticket, "protocol_notice_sent")
        self.assertEqual(event.date, OPENED + 2 * HOUR)
        self.assertIn("por e-mail", event.message)
        # no phone: the e-mail went alone, and the event says why
        self.assertIn("sem celular", event.details)
        self.assertNotIn(ticket, self._send(OPENED + 3 * HOUR))
        self.assertEqual(len(self._events(ticket, "protocol_notice_sent")), 1)

    def test_sms_where_the_customer_has_a_phone(self):
        ticket = self._open(partner_id=self.customer_phone.id)
        self._send(OPENED + HOUR)
        self.assertEqual(ticket.protocol_notice_channels, "e-mail e SMS")
        sms = self.env["sms.sms"].search(
            [("mail_message_id", "in", ticket.protocol_notice_message_ids.ids)]
        )
        self.assertEqual(sms.partner_id, self.customer_phone)
        self.assertIn(ticket.protocol, sms.body)
        self.assertIn("14/04/2025 10:00:00", sms.body)
        self.assertEqual(sms.state, "outgoing")  # queued for the SMS cron
        self.assertIn(
            "e-mail e SMS", self._events(ticket, "protocol_notice_sent").message
        )

    def test_a_notice_that_cannot_go_fails_at_once(self):
        ticket = self._open(partner_id=self.customer_unreachable.id)
        self._send(OPENED + HOUR)
        self.assertEqual(ticket.protocol_notice_state, "failed")
        event = self._events(ticket, "protocol_notice_failed")
        self.assertIn("sem e-mail", event.details)
        self.assertIn(ticket, self._pending_panel(OPENED + HOUR))

    def test_unsent_after_24_hours_shows_in_the_panel(self):
        ticket = self._open()
        self.assertNotIn(ticket, self._pending_panel(OPENED + 23 * HOUR))
        self.assertIn(ticket, self._pending_panel(OPENED + 24 * HOUR + HOUR / 60))
        # sent late: stays in the panel 30 days, flagged
        self._send(OPENED + 26 * HOUR)
        self.assertTrue(ticket.protocol_notice_late)
        self.assertIn(ticket, self._pending_panel(OPENED + 27 * HOUR))
        self.assertNotIn(ticket, self._pending_panel(OPENED + timedelta(days=31)))

    def test_undelivered_email_fails_with_an_event(self):
        ticket = self._open()
        self._send(OPENED + HOUR)
        notification = ticket.protocol_notice_message_ids.notification_ids
        notification.write({"notification_status": "bounce"})
        self.assertIn(ticket, self._send(OPENED + 2 * HOUR) | ticket)
        self.assertEqual(ticket.protocol_notice_state, "failed")
        self.assertIn("bounce", self._events(ticket, "protocol_notice_failed").details)
        self.assertIn(ticket, self._pending_panel(OPENED + 2 * HOUR))

    def test_switched_off_and_history_brought_in(self):
        self.company.service_protocol_notice = False
        off = self._open()
        self.company.service_protocol_notice = True
        with freeze_time(OPENED + timedelta(days=3)):
            imported = self._create_ticket(opened_at=OPENED)
        self.assertEqual(off.protocol_notice_state, "off")
        self.assertEqual(imported.protocol_notice_state, "imported")
        self._send(OPENED + timedelta(days=3))
        self.assertFalse(off.protocol_notice_message_ids)
        self.assertFalse(imported.protocol_notice_message_ids)
        self.assertFalse(
            self._pending_panel(OPENED + timedelta(days=4)) & (off | imported)
        )

    def test_no_channel_switched_on_is_a_failure(self):
        self.company.write(
            {
                "service_protocol_notice_email": False,
                "service_protocol_notice_sms": False,
            }
        )
        ticket = self._open()
        self._send(OPENED + HOUR)
        self.assertEqual(ticket.protocol_notice_state, "failed")
        self.assertIn(
            "nenhum canal", self._events(ticket, "protocol_notice_failed").details
        )

    def test_operator_resends_a_failed_notice(self):
        ticket = self._open(partner_id=self.customer_unreachable.id)
        self._send(OPENED + HOUR)
        self.customer_unreachable.email = "sebastiao@example.com"
        with self.assertRaises(AccessError):
            ticket.with_user(self.technician).action_resend_protocol_notice()
        with freeze_time(OPENED + 2 * HOUR):
            ticket.with_user(self.operator).action_resend_protocol_notice()
        self.assertEqual(ticket.protocol_notice_state, "sent")
        self.assertNotIn(ticket, self._pending_panel(OPENED + 2 * HOUR))

    def test_nobody_forges_the_notice(self):
        ticket = self._open()
        with self.assertRaises(UserError):
            ticket.with_user(self.operator).write({"protocol_notice_state": "sent"})
        for code in ("protocol_notice_sent", "protocol_notice_failed"):
            with self.assertRaises(UserError):
                ticket.with_user(self.operator).log_interaction(code, channels="x")
        self.assertEqual(ticket.protocol_notice_state, "pending")
