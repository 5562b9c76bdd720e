from odoo import http
from odoo.tests import new_test_user, tagged

from .common import ACCESS_ERROR, RpcCase


@tagged("post_install", "-at_install")
class TestCustomerPortal(RpcCase):
    """The customer's own history over HTTP: his protocols only, their public
    events, the PDF (an event each time), never another customer's ticket."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        for role, name in (("customer", "Helena Souza"), ("customer_2", "Igor Lima")):
            cls.users[role] = new_test_user(
                cls.env,
                login=f"painel_portal_{role}",
                name=name,
                groups="base.group_portal",
                company_id=cls.conecta.id,
                company_ids=[(6, 0, [cls.conecta.id])],
            )
        Ticket = cls.env["service.ticket"].with_context(tracking_disable=True)
        values = {
            "company_id": cls.conecta.id,
            "process_id": ref("painel_atendimento.process_support").id,
            "origin_id": ref("painel_atendimento.origin_phone").id,
            "opening_classification_id": ref(
                "painel_atendimento.classification_open_no_connection"
            ).id,
            "description": "Relato do cliente",
        }
        cls.mine = Ticket.create(
            {**values, "partner_id": cls.users["customer"].partner_id.id}
        )
        cls.theirs = Ticket.create(
            {**values, "partner_id": cls.users["customer_2"].partner_id.id}
        )
        cls.comment = cls.mine.with_user(cls.users["operator"]).message_post(
            body="Nota interna do operador",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def get(self, role, url):
        self.login(role)
        self._logged_in = role
        return self.url_open(url, allow_redirects=False)

    def test_the_list_shows_his_protocols_only(self):
        page = self.get("customer", "/my/tickets")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.mine.protocol, page.text)
        self.assertNotIn(self.theirs.protocol, page.text)

    def test_his_protocol_with_its_public_events(self):
        page = self.get("customer", f"/my/tickets/{self.mine.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.mine.protocol, page.text)
        self.assertIn("iniciado em", page.text)  # ticket_started is public
        self.assertNotIn("Comentário", page.text)  # comments are not
        self.assertNotIn("Nota interna", page.text)
        # the company hides the operators' names
        self.assertNotIn(self.users["operator"].name, page.text)

    def test_another_customers_protocol_is_refused(self):
        for url in (
            f"/my/tickets/{self.theirs.id}",
            f"/my/tickets/{self.theirs.id}/history",
        ):
            page = self.get("customer", url)
            self.assertEqual(page.status_code, 303, url)
            self.assertNotIn(self.theirs.protocol, page.text)
        answer = self.call(
            "customer", "service.ticket", "read", [self.theirs.id], ["protocol"]
        )
        self.assertRefused(answer, "read another's ticket", ACCESS_ERROR)
        answer = self.call(
            "customer", "service.ticket", "search_read", [], ["protocol"]
        )
        self.assertEqual(
            [row["protocol"] for row in self.assertAllowed(answer, "search")],
            [self.mine.protocol],
        )
        self.assertFalse(
            self.theirs.interaction_ids.filtered(
                lambda event: event.code == "history_delivered"
            )
        )

    def test_only_public_fields_and_no_writing(self):
        answer = self.call(
            "customer", "service.ticket", "read", [self.mine.id], ["claimed_by_id"]
        )
        self.assertRefused(answer, "read an internal field", ACCESS_ERROR)
        answer = self.call(
            "customer",
            "service.ticket",
            "write",
            [self.mine.id],
            {"description": "x"},
        )
        self.assertRefused(answer, "write his ticket", ACCESS_ERROR)
        answer = self.call(
            "customer",
            "service.ticket",
            "message_post",
            [self.mine.id],
            body="Quero falar com o gerente",
            message_type="comment",
        )
        self.assertRefused(answer, "post on his ticket")
        answer = self.post_json(
            "/mail/thread/messages",
            {"thread_model": "service.ticket", "thread_id": self.mine.id},
        )
        self.assertFalse(
            answer.ok and answer.result.get("data", {}).get("mail.message"),
            "the customer read the chatter",
        )
        answer = self.call(
            "customer", "mail.message", "read", [self.comment.id], ["body"]
        )
        self.assertRefused(answer, "read a chatter message", ACCESS_ERROR)
        answer = self.call(
            "customer", "service.ticket", "read", [self.mine.id], ["protocol", "state"]
        )
        self.assertEqual(self.assertAllowed(answer, "read")[0]["state"], "open")
        answer = self.call(
            "customer",
            "service.interaction",
            "search_read",
            [("ticket_id", "=", self.mine.id)],
            ["message"],
        )
        self.assertRefused(answer, "read the raw events", ACCESS_ERROR)

    def test_history_download_is_an_event(self):
        page = self.get("customer", f"/my/tickets/{self.mine.id}/history")
        self.assertEqual(page.status_code, 200)
        self.assertIn("historico-", page.headers["Content-Disposition"])
        self.assertIn(self.mine.protocol, page.text)
        self.assertIn("iniciado em", page.text)
        self.assertNotIn("Nota interna", page.text)
        self.env.invalidate_all()
        delivered = self.mine.interaction_ids.filtered(
            lambda event: event.code == "history_delivered"
        )
        self.assertEqual(len(delivered), 1)
        self.assertIn("portal do cliente", delivered.message)
        self.assertFalse(delivered.user_id)

    def _request_cancellation(self, role, reason):
        self.login(role)
        self._logged_in = role
        return self.url_open(
            "/my/tickets/cancellation",
            data={"reason": reason, "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def test_cancellation_without_an_agent(self):
        ref = self.env.ref
        self.conecta.write(
            {
                "service_cancellation_process_id": ref(
                    "painel_atendimento.process_billing"
                ).id,
                "service_cancellation_classification_id": ref(
                    "painel_atendimento.classification_open_cancellation"
                ).id,
            }
        )
        page = self.get("customer", "/my/tickets")
        self.assertIn("/my/tickets/cancellation", page.text)
        Ticket = self.env["service.ticket"]
        before = Ticket.search([])
        answer = self._request_cancellation("customer", "Vou me mudar")
        self.env.invalidate_all()
        ticket = Ticket.search([]) - before
        self.assertEqual(len(ticket), 1)
        self.assertEqual(answer.status_code, 303)
        self.assertTrue(answer.headers["Location"].endswith(f"/my/tickets/{ticket.id}"))
        customer = self.users["customer"]
        self.assertEqual(ticket.partner_id, customer.partner_id)
        self.assertEqual(ticket.opened_by_id, customer)
        self.assertEqual(
            ticket.regulatory_rule_id,
            ref("painel_atendimento.regulatory_rule_cancellation"),
        )
        self.assertEqual(ticket.protocol_notice_state, "pending")
        self.assertIn("Vou me mudar", ticket.description)
        self.assertIn("cancellation_requested", ticket.interaction_ids.mapped("code"))
        # the customer sees it among his protocols at once
        self.assertIn(ticket.protocol, self.get("customer", "/my/tickets").text)

    def test_no_cancellation_where_the_company_does_not_offer_it(self):
        self.conecta.service_cancellation_process_id = False
        self.assertNotIn(
            "/my/tickets/cancellation", self.get("customer", "/my/tickets").text
        )
        before = self.env["service.ticket"].search_count([])
        answer = self._request_cancellation("customer", "x")
        self.assertEqual(answer.status_code, 303)
        self.assertEqual(self.env["service.ticket"].search_count([]), before)
