from freezegun import freeze_time

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .test_interaction import NOW, WHEN, InteractionCase


class RatingCase(InteractionCase):
    def _close(self, ticket=None):
        ticket = (ticket or self.ticket).with_user(self.operator)
        ticket.action_close(self.classification_close, "Resolvido por telefone")
        return ticket

    def _survey_mails(self, ticket=None):
        ticket = ticket or self.ticket
        return self.env["mail.mail"].search(
            [
                ("model", "=", "service.ticket"),
                ("res_id", "=", ticket.id),
                ("body_html", "ilike", "/rate/"),
            ]
        )

    def _token(self, ticket=None):
        ratings = (ticket or self.ticket).sudo().rating_ids
        self.assertEqual(len(ratings), 1)
        return ratings.access_token


@tagged("post_install", "-at_install")
class TestSurveyOnClose(RatingCase):
    def test_close_sends_the_survey_to_the_customer(self):
        self._close()
        mail = self._survey_mails()
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.customer)
        self.assertIn(self.ticket.protocol, mail.subject)
        token = self._token()
        for rate in (5, 3, 1):
            self.assertIn(f"/rate/{token}/{rate}", mail.body_html)
        self.assertIn("Como você avalia o nosso atendimento?", mail.body_html)
        rating = self.ticket.sudo().rating_ids
        self.assertFalse(rating.consumed)
        self.assertEqual(rating.partner_id, self.customer)
        self.assertEqual(rating.rated_partner_id, self.operator.partner_id)

    def test_customer_without_email_gets_no_survey(self):
        self.customer.email = False
        self._close()
        self.assertEqual(self.ticket.state, "closed")
        self.assertFalse(self._survey_mails())
        self.assertFalse(self.ticket.sudo().rating_ids)


@tagged("post_install", "-at_install")
class TestResendSurvey(RatingCase):
    def _resend(self, tickets, user=None):
        return tickets.with_user(user or self.supervisor).action_resend_rating()

    def test_resend_on_several_closed_tickets(self):
        other = self.Ticket.create(self._ticket_values())
        tickets = self._close() | self._close(other)
        with freeze_time("2026-03-11 15:00:01"):
            result = self._resend(tickets)
        self.assertEqual(result["tag"], "display_notification")
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(
            result["params"]["message"], "Rating request resent successfully."
        )
        for ticket in tickets:
            self.assertEqual(len(self._survey_mails(ticket)), 2)
            # the same pending survey is asked again, not a second one
            self._token(ticket)
            self.assertEqual(str(ticket.survey_sent_at), "2026-03-11 15:00:01")

    def test_resent_at_most_once_per_interval(self):
        self._close()
        self.assertEqual(str(self.ticket.survey_sent_at), NOW)
        with (
            freeze_time("2026-03-11 14:59:59"),
            self.assertRaisesRegex(UserError, "sent less than 24 hours ago"),
        ):
            self._resend(self.ticket)
        self.assertEqual(len(self._survey_mails()), 1)
        self.company.service_survey_resend_hours = 1
        with freeze_time("2026-03-10 16:00:01"):
            self._resend(self.ticket)
        self.assertEqual(len(self._survey_mails()), 2)

    def test_refusals_change_nothing(self):
        closed = self._close()
        self.company.service_survey_resend_hours = 0
        still_open = self.Ticket.create(self._ticket_values())
        with self.assertRaisesRegex(UserError, f"Ticket {still_open.protocol} is not"):
            self._resend(closed | still_open)
        self.assertEqual(len(self._survey_mails()), 1)

        no_email = self.env["res.partner"].create({"name": "Sem Email"})
        closed.sudo().partner_id = no_email
        with self.assertRaisesRegex(UserError, "has no e-mail"):
            self._resend(closed)
        self.assertEqual(len(self._survey_mails()), 1)

        closed.sudo().partner_id = self.customer
        closed.sudo().rating_apply(5, token=self._token())
        with self.assertRaisesRegex(UserError, "already rated"):
            self._resend(closed)
        self.assertEqual(len(self._survey_mails()), 1)

    def test_needs_the_tool_permission(self):
        self._close()
        with self.assertRaises(AccessError):
            self._resend(self.ticket, user=self.operator)
        self.assertEqual(len(self._survey_mails()), 1)

    def test_list_action_resends_the_selection(self):
        self._close()
        action = self.env.ref("painel_atendimento.action_service_ticket_resend_rating")
        self.assertEqual(action.binding_model_id.model, "service.ticket")
        action = action.with_user(self.supervisor).with_context(
            active_model="service.ticket", active_ids=self.ticket.ids
        )
        with freeze_time("2026-03-12 15:00:00"):
            result = action.run()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(len(self._survey_mails()), 2)


@tagged("post_install", "-at_install")
class TestRatingResult(RatingCase):
    def _comments(self):
        return self.env["service.interaction"].search(
            [("ticket_id", "=", self.ticket.id), ("code", "=", "rating_comment")]
        )

    def test_customer_comment_is_an_event(self):
        self._close()
        self.ticket.sudo().rating_apply(5, token=self._token(), feedback="Ótimo!")
        self.ticket.sudo()._log_customer_rating_comment("Ótimo!")
        comment = self._comments()
        self.assertEqual(len(comment), 1)
        self.assertEqual(
            comment.message, f"Comentário da avaliação via SAC PLUS - {WHEN}"
        )
        self.assertEqual(comment.details, "Ótimo!")
        self.assertFalse(comment.user_id)
        self.assertEqual(self.ticket.rating_last_value, 5)

    def test_only_the_customer_rates(self):
        self._close()
        ticket = self.ticket.with_user(self.supervisor)
        with self.assertRaisesRegex(AccessError, "Only the customer rates"):
            ticket.message_post(body="Nota", message_type="comment", rating_value=5)
        rating = self.ticket.sudo().rating_ids.with_user(self.supervisor)
        with self.assertRaises(AccessError):
            rating.write({"rating": 5})
        self.assertFalse(self.ticket.rating_last_value)

    def test_rating_without_feedback_logs_nothing(self):
        self._close()
        self.ticket.sudo().rating_apply(3, token=self._token())
        self.assertFalse(self._comments())
        self.assertEqual(self.ticket.rating_last_value, 3)

    def test_rating_is_a_measure(self):
        other = self.Ticket.create(self._ticket_values())
        for ticket, rate in ((self._close(), 5), (self._close(other), 1)):
            ticket.sudo().rating_apply(rate, token=self._token(ticket))
        [(average,)] = self.env["service.ticket"]._read_group(
            [("id", "in", (self.ticket | other).ids), ("rating_last_value", ">", 0)],
            aggregates=["rating_last_value:avg"],
        )
        self.assertEqual(average, 3)


@tagged("post_install", "-at_install")
class TestPublicRatingRoute(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env,
            login="operador_rating",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Ana Lima", "email": "ana@example.com"}
        )
        classification = cls.env["service.classification"].create(
            {"name": "Resolvido", "kind": "closing"}
        )
        process = cls.env["service.process"].create(
            {"name": "Suporte", "subprocess_ids": [(0, 0, {"name": "Triagem"})]}
        )
        with freeze_time(NOW):
            cls.ticket = (
                cls.env["service.ticket"]
                .with_user(cls.operator)
                .create({"partner_id": cls.customer.id, "process_id": process.id})
            )
            cls.ticket.action_close(classification)
        cls.token = cls.ticket.sudo().rating_ids.access_token

    def _comments(self):
        return self.env["service.interaction"].search(
            [("ticket_id", "=", self.ticket.id), ("code", "=", "rating_comment")]
        )

    def test_customer_rates_then_comments(self):
        self.authenticate(None, None)
        response = self.url_open(f"/rate/{self.token}/5")
        self.assertEqual(response.status_code, 200)
        rating = self.ticket.sudo().rating_ids
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        # the one-click page stores Odoo's own text, not a comment of the customer
        self.assertFalse(self._comments())

        response = self.url_open(
            f"/rate/{self.token}/submit_feedback",
            data={
                "rate": 5,
                "feedback": "Técnico muito atencioso",
                "csrf_token": http.Request.csrf_token(self),
            },
        )
        self.assertEqual(response.status_code, 200)
        comment = self._comments()
        self.assertEqual(len(comment), 1)
        self.assertEqual(comment.details, "Técnico muito atencioso")
        self.assertRegex(
            comment.message, r"^Comentário da avaliação via SAC PLUS - \d\d/\d\d/\d{4}"
        )
        self.assertFalse(comment.user_id)
        self.assertEqual(self.ticket.rating_last_value, 5)
