import base64
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import PainelCase

NOW = "2026-03-10 15:00:00"  # 12:00:00 in São Paulo
WHEN = "10/03/2026 12:00:00"
# 1x1 transparent PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAA"
    "SUVORK5CYII="
)


class InteractionCase(PainelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # no SLA policy of the database decides which events a new ticket logs
        cls.env["service.sla.policy"].search([]).active = False

    def setUp(self):
        super().setUp()
        freezer = freeze_time(NOW)
        freezer.start()
        self.addCleanup(freezer.stop)
        self.Ticket = self.env["service.ticket"].with_user(self.operator)
        self.ticket = self.Ticket.create(self._ticket_values())

    def _events(self, ticket):
        return self.env["service.interaction"].search(
            [("ticket_id", "=", ticket.id)], order="id"
        )

    def _logged_by(self, action, ticket=None):
        """(code, message) of the interactions ``action`` writes, in order."""
        ticket = ticket or self.ticket
        before = self._events(ticket)
        action()
        return [(event.code, event.message) for event in self._events(ticket) - before]


@tagged("post_install", "-at_install")
class TestLifecycleEvents(InteractionCase):
    def test_open_ticket_logs_start_then_first_step(self):
        events = self._events(self.ticket)
        self.assertEqual(
            [(event.code, event.message) for event in events],
            [
                (
                    "ticket_started",
                    f"Atendimento protocolo {self.ticket.protocol} iniciado em {WHEN}",
                ),
                ("step_started", "Iniciando subprocesso Triagem"),
            ],
        )
        self.assertEqual(events.user_id, self.operator)
        self.assertEqual(events.mapped("date"), [self.ticket.opened_at] * 2)

    def test_opening_comment(self):
        ticket = self.Ticket.create(
            self._ticket_values(description="Cliente sem internet desde ontem")
        )
        comments = self._events(ticket).filtered(
            lambda event: event.code == "opening_comment"
        )
        self.assertEqual(
            comments.message, "Comentário registrado ao iniciar atendimento"
        )
        self.assertEqual(comments.details, "Cliente sem internet desde ontem")
        self.assertNotIn("description_changed", self._events(ticket).mapped("code"))

    def test_claim(self):
        self.assertEqual(
            self._logged_by(self.ticket.action_claim),
            [("claimed", "Resgate de atendimento")],
        )

    def test_release(self):
        self.ticket.action_claim()
        self.assertEqual(
            self._logged_by(self.ticket.action_release),
            [("released", "Liberação de atendimento")],
        )

    def test_description_changed(self):
        self.assertEqual(
            self._logged_by(lambda: self.ticket.write({"description": "Lento"})),
            [("description_changed", f"Alteração de relato do cliente em {WHEN}")],
        )
        self.assertEqual(
            self._logged_by(lambda: self.ticket.write({"description": "Lento"})), []
        )

    def test_forward(self):
        self.assertEqual(
            self._logged_by(lambda: self.ticket.action_forward(self.other_process)),
            [
                ("step_finished", "Encerramento do subprocesso Triagem"),
                ("forwarded", "Encaminhando atendimento para novo processo Financeiro"),
                ("step_started", "Iniciando subprocesso Análise"),
            ],
        )

    def test_forward_with_a_comment(self):
        self.assertEqual(
            self._logged_by(
                lambda: self.ticket.action_forward(
                    self.other_process, "Cliente quer negociar a fatura"
                )
            ),
            [
                ("step_finished", "Encerramento do subprocesso Triagem"),
                ("forwarded", "Encaminhando atendimento para novo processo Financeiro"),
                ("forward_comment", f"Comentário ao encaminhar em {WHEN}"),
                ("step_started", "Iniciando subprocesso Análise"),
            ],
        )
        comment = self._events(self.ticket).filtered(
            lambda event: event.code == "forward_comment"
        )
        self.assertEqual(comment.details, "Cliente quer negociar a fatura")

    def test_next_step(self):
        self.assertEqual(
            self._logged_by(self.ticket.action_next_step),
            [
                ("step_finished", "Encerramento do subprocesso Triagem"),
                ("step_started", "Iniciando subprocesso Visita técnica"),
            ],
        )

    def test_close_with_comment(self):
        logged = self._logged_by(
            lambda: self.ticket.action_close(
                self.classification_close, "Roteador trocado"
            )
        )
        self.assertEqual(
            logged,
            [
                ("step_finished", "Encerramento do subprocesso Triagem"),
                ("closed", f"Fechamento deste atendimento realizado em {WHEN}"),
                ("closing_comment", f"Comentário inserido ao finalizar em {WHEN}"),
            ],
        )
        comment = self._events(self.ticket).filtered(
            lambda event: event.code == "closing_comment"
        )
        self.assertEqual(comment.details, "Roteador trocado")

    def test_close_without_comment(self):
        logged = self._logged_by(
            lambda: self.ticket.action_close(self.classification_close)
        )
        self.assertEqual(
            [code for code, _message in logged], ["step_finished", "closed"]
        )

    def test_cancel_and_reopen(self):
        ticket = self.ticket.with_user(self.supervisor)
        self.assertEqual(
            self._logged_by(ticket.action_cancel),
            [
                ("step_finished", "Encerramento do subprocesso Triagem"),
                ("cancelled", f"Cancelamento deste atendimento realizado em {WHEN}"),
            ],
        )
        self.assertEqual(
            self._logged_by(ticket.action_reopen),
            [
                ("reopened", f"Reabertura deste atendimento realizada em {WHEN}"),
                ("step_started", "Iniciando subprocesso Triagem"),
            ],
        )

    def test_panel_columns_follow_the_ticket_without_rewriting_history(self):
        events = self._events(self.ticket)
        written = events.mapped(lambda event: (event.write_uid, event.write_date))
        with freeze_time("2026-03-10 16:00:00"):
            self.ticket.with_user(self.operator_2).action_claim()
            self.ticket.with_user(self.operator_2).action_close(
                self.classification_close
            )
        events.invalidate_recordset()
        self.assertEqual(events.claimed_by_id, self.operator_2)
        self.assertEqual(events.mapped("protocol"), [self.ticket.protocol] * 2)
        self.assertEqual(events.process_id, self.process)
        self.assertEqual(events.opening_classification_id, self.classification_open)
        self.assertEqual(set(events.mapped("ticket_state")), {"closed"})
        self.assertEqual(
            self.env["service.interaction"].search_count(
                [("ticket_id", "=", self.ticket.id), ("ticket_state", "=", "open")]
            ),
            0,
        )
        # the rows the history had are the rows it has: nobody rewrote them
        self.assertEqual(
            events.mapped(lambda event: (event.write_uid, event.write_date)), written
        )


@tagged("post_install", "-at_install")
class TestSlaEvents(InteractionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["service.sla.policy"].create(
            {
                "name": "Sem conexão: 4 horas",
                "target_hours": 4,
                "resource_calendar_id": cls.calendar.id,
                "classification_ids": [Command.set(cls.classification_open.ids)],
            }
        )
        Motive = cls.env["service.sla.motive"]
        cls.motive_increment = Motive.create(
            {"name": "Cliente ausente", "kind": "increment"}
        )
        cls.motive_pause = Motive.create({"name": "Aguardando peça", "kind": "pause"})

    def setUp(self):
        super().setUp()
        self.sla_ticket = self.ticket.with_user(self.supervisor)

    def test_sla_defaults_set_at_opening(self):
        self.assertEqual(self.ticket.sla_policy_id, self.policy)
        self.assertEqual(
            [(event.code, event.message) for event in self._events(self.ticket)],
            [
                (
                    "ticket_started",
                    f"Atendimento protocolo {self.ticket.protocol} iniciado em {WHEN}",
                ),
                ("sla_defaults_set", "Padrões de SLA e classificação definidos"),
                ("step_started", "Iniciando subprocesso Triagem"),
            ],
        )

    def test_increment_pause_and_resume(self):
        changed = [("sla_changed", f"Alteração de SLA em {WHEN}")]
        self.assertEqual(
            self._logged_by(
                lambda: self.sla_ticket.sla_increment(
                    2, "hours", self.motive_increment, "Cliente pediu retorno"
                )
            ),
            changed,
        )
        self.assertEqual(
            self._events(self.ticket)[-1:].details,
            "Cliente ausente: Cliente pediu retorno",
        )
        self.assertEqual(
            self._logged_by(
                lambda: self.sla_ticket.sla_pause(self.motive_pause, "Sem peça")
            ),
            changed,
        )
        self.assertEqual(
            self._logged_by(lambda: self.sla_ticket.sla_resume("Peça chegou")),
            changed,
        )
        self.assertEqual(self._events(self.ticket)[-1:].details, "Peça chegou")

    def test_refused_change_logs_nothing(self):
        with self.assertRaises(UserError):
            self.sla_ticket.sla_increment(0, "hours", self.motive_increment, "Nada")
        self.assertNotIn("sla_changed", self._events(self.ticket).mapped("code"))

    def test_breach_stamped_once(self):
        deadline = self.ticket.sla_deadline
        with freeze_time("2026-03-11 15:00:00"):
            Ticket = self.env["service.ticket"]
            self.assertEqual(
                self._logged_by(Ticket._cron_stamp_sla_breaches),
                [("sla_breached", "Prazo de SLA vencido em 10/03/2026 17:00:00")],
            )
            self.assertEqual(self._events(self.ticket)[-1:].date, deadline)
            self.assertEqual(self._logged_by(Ticket._cron_stamp_sla_breaches), [])


@tagged("post_install", "-at_install")
class TestChatterEvents(InteractionCase):
    def test_comment_by_operator(self):
        ticket = self.ticket.with_user(self.operator)
        for subtype in ("mail.mt_comment", "mail.mt_note"):
            logged = self._logged_by(
                lambda subtype=subtype: ticket.message_post(
                    body="Cliente retornou a ligação",
                    message_type="comment",
                    subtype_xmlid=subtype,
                )
            )
            self.assertEqual(logged, [("comment_added", f"Novo comentário em {WHEN}")])
        self.assertEqual(
            self._events(self.ticket)[-1:].details, "Cliente retornou a ligação"
        )

    def test_system_and_customer_messages_are_not_operator_comments(self):
        ticket = self.ticket.with_user(self.operator)
        self.assertEqual(self._logged_by(lambda: ticket.message_post(body="Aviso")), [])
        self.assertEqual(
            self._logged_by(
                lambda: ticket.message_post(
                    body="Resposta do cliente",
                    author_id=self.customer.id,
                    message_type="email",
                )
            ),
            [],
        )

    def test_operator_added_and_removed(self):
        ticket = self.ticket.with_user(self.operator)
        partner = self.operator_2.partner_id
        self.assertEqual(
            self._logged_by(lambda: ticket.message_subscribe(partner_ids=partner.ids)),
            [
                (
                    "operator_added",
                    f"Novo operador incluído nesse atendimento em {WHEN}",
                )
            ],
        )
        self.assertEqual(self._events(self.ticket)[-1:].details, partner.name)
        # already following, or not an operator: nothing to log
        self.assertEqual(
            self._logged_by(lambda: ticket.message_subscribe(partner_ids=partner.ids)),
            [],
        )
        self.assertEqual(
            self._logged_by(
                lambda: ticket.message_subscribe(partner_ids=self.customer.ids)
            ),
            [],
        )
        self.assertEqual(
            self._logged_by(
                lambda: ticket.message_unsubscribe(partner_ids=partner.ids)
            ),
            [("viewer_removed", f"Exclusão de operador visualizador em {WHEN}")],
        )


@tagged("post_install", "-at_install")
class TestAttachmentEvents(InteractionCase):
    def _attach(self, name="laudo.pdf", raw=b"%PDF-1.4", **values):
        return (
            self.env["ir.attachment"]
            .with_user(self.operator)
            .create(
                {
                    "name": name,
                    "raw": raw,
                    "res_model": "service.ticket",
                    "res_id": self.ticket.id,
                    **values,
                }
            )
        )

    def test_attachment_added_and_removed(self):
        attachments = []
        self.assertEqual(
            self._logged_by(lambda: attachments.append(self._attach())),
            [("attachment_added", f"Novo anexo incluído em {WHEN}")],
        )
        self.assertEqual(self._events(self.ticket)[-1:].details, "laudo.pdf")
        self.assertEqual(self.ticket.message_attachment_count, 1)
        self.assertEqual(self.ticket.attachment_ids, attachments[0])
        self.assertEqual(
            self._logged_by(attachments[0].unlink),
            [("attachment_removed", f"Exclusão de anexo solicitado em {WHEN}")],
        )

    def test_attachments_button(self):
        attachment = self._attach()
        action = self.ticket.with_user(self.operator).action_view_attachments()
        self.assertEqual(self.env["ir.attachment"].search(action["domain"]), attachment)
        self.assertEqual(action["context"]["default_res_id"], self.ticket.id)

    def test_attachment_of_another_model_is_ignored(self):
        self.assertEqual(
            self._logged_by(
                lambda: self.env["ir.attachment"].create(
                    {
                        "name": "x.txt",
                        "raw": b"x",
                        "res_model": "res.partner",
                        "res_id": self.customer.id,
                    }
                )
            ),
            [],
        )

    def test_pending_upload_posted_with_a_comment(self):
        pending = (
            self.env["ir.attachment"]
            .with_user(self.operator)
            .create(
                {
                    "name": "foto.png",
                    "raw": PNG,
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )
        self.assertEqual(
            self._logged_by(
                lambda: self.ticket.with_user(self.operator).message_post(
                    body="Foto do equipamento",
                    message_type="comment",
                    attachment_ids=pending.ids,
                )
            ),
            [
                ("attachment_added", f"Novo anexo incluído em {WHEN}"),
                ("comment_added", f"Novo comentário em {WHEN}"),
            ],
        )

    def test_image_description_changed(self):
        image = self._attach("foto.png", PNG)
        self.assertEqual(image.mimetype, "image/png")
        self.assertEqual(
            self._logged_by(lambda: image.write({"description": "ONU queimada"})),
            [
                (
                    "image_description_changed",
                    f"Alteração de descrição de imagem em {WHEN}",
                )
            ],
        )
        document = self._attach()
        self.assertEqual(
            self._logged_by(lambda: document.write({"description": "Laudo"})), []
        )


@tagged("post_install", "-at_install")
class TestWorkOrderEvents(InteractionCase):
    def _order(self):
        return (
            self.env["service.work.order"]
            .with_user(self.operator)
            .create({"ticket_id": self.ticket.id, "description": "Trocar ONU"})
        )

    def test_work_order_added(self):
        orders = []
        self.assertEqual(
            self._logged_by(lambda: orders.append(self._order())),
            [("work_order_added", f"Nova O.S. inserida em {WHEN}")],
        )
        self.assertEqual(self._events(self.ticket)[-1:].details, orders[0].name)

    def test_work_order_edited(self):
        order = self._order()
        self.assertEqual(
            self._logged_by(lambda: order.write({"description": "Trocar ONU e cabo"})),
            [
                (
                    "work_order_edit_requested",
                    f"Solicitada a edição de uma O.S. desse atendimento em {WHEN}",
                )
            ],
        )

    def test_work_order_viewed(self):
        order = self._order()
        actions = []
        self.assertEqual(
            self._logged_by(lambda: actions.append(order.action_open_work_order())),
            [
                (
                    "work_order_viewed",
                    f"Uma O.S. desse atendimento foi visualizada em {WHEN}",
                )
            ],
        )
        self.assertEqual(actions[0]["res_id"], order.id)
        self.assertEqual(actions[0]["res_model"], "service.work.order")

    def test_work_order_lists_open_rows_through_the_log(self):
        views = self.env["service.work.order"].get_views([(False, "list")])
        arch = views["views"]["list"]["arch"]
        self.assertIn('action="action_open_work_order"', arch)
        self.assertIn('type="object"', arch)

    def test_work_order_scheduled_done_and_removed(self):
        order, cancelled = self._order(), self._order()
        order.scheduled_at = "2026-03-11 13:00:00"
        self.assertEqual(
            self._logged_by(order.action_schedule),
            [("work_order_scheduled", f"O.S. desse atendimento agendada em {WHEN}")],
        )
        self.assertEqual(
            self._logged_by(order.action_done),
            [("work_order_done", f"O.S. desse atendimento concluída em {WHEN}")],
        )
        self.assertEqual(
            self._logged_by(cancelled.action_cancel),
            [("work_order_removed", f"O.S. removida em {WHEN}")],
        )
        # a work order is cancelled, never deleted by a client
        with self.assertRaises(AccessError):
            cancelled.with_user(self.operator).unlink()


@tagged("post_install", "-at_install")
class TestLogInteraction(InteractionCase):
    def test_integration_event(self):
        ticket = self.ticket.with_user(self.operator)
        self.assertEqual(
            self._logged_by(
                lambda: ticket.log_interaction("tool_change_mac", details="MAC novo")
            ),
            [
                (
                    "tool_change_mac",
                    f"Registro de uso de ferramenta Alterar MAC em {WHEN}",
                )
            ],
        )
        self.assertEqual(
            self._logged_by(
                lambda: ticket.log_interaction(
                    "outage_found", outage="Rompimento de fibra no Centro"
                )
            ),
            [
                (
                    "outage_found",
                    "Notificação de parada encontrada Rompimento de fibra no Centro",
                )
            ],
        )

    def test_new_and_renamed_types_are_found_at_once(self):
        """Types are looked up by code from a cache (every event asks): an
        administrator's new type, or a renamed code, counts from the next event."""
        Type = self.env["service.interaction.type"]
        Type._get_by_code("outage_found")  # the cache filled
        new_type = Type.create(
            {
                "code": "speed_test",
                "name": "Teste de velocidade",
                "message_template": "Teste de velocidade em {when}",
            }
        )
        self.assertEqual(Type._get_by_code("speed_test"), new_type)
        new_type.code = "speed_test_done"
        self.assertEqual(Type._get_by_code("speed_test_done"), new_type)
        with self.assertRaises(UserError):
            Type._get_by_code("speed_test")
        new_type.unlink()
        with self.assertRaises(UserError):
            Type._get_by_code("speed_test_done")

    def test_integration_logs_for_an_operator_earlier(self):
        # what an integration sends over RPC: a UTC string and a user id
        integration = new_test_user(
            self.env, login="integracao", groups="painel_atendimento.group_integration"
        )
        event = self.ticket.with_user(integration).log_interaction(
            "connection_created", when="2026-03-09 13:30:00", user=self.operator_2.id
        )
        self.assertEqual(event.message, "Nova conexão criada em 09/03/2026 10:30:00")
        self.assertEqual(event.user_id, self.operator_2)
        self.assertEqual(str(event.date), "2026-03-09 13:30:00")
        # the row says an integration logged it, and which one
        self.assertTrue(event.logged_by_integration)
        self.assertEqual(event.create_uid, integration)

    def test_operators_log_as_themselves_now(self):
        for values in (
            {"when": "2026-03-09 13:30:00"},
            {"user": self.operator_2.id},
        ):
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(AccessError, "Only an integration"),
            ):
                self.ticket.log_interaction("connection_created", **values)
        event = self.ticket.log_interaction("connection_created")
        self.assertEqual(event.user_id, self.operator)
        self.assertFalse(event.logged_by_integration)

    def test_automatic_events_and_placeholders_cannot_be_forged(self):
        with self.assertRaisesRegex(UserError, "written by the tickets themselves"):
            self.ticket.log_interaction("closed")
        with self.assertRaisesRegex(UserError, "come from the ticket itself"):
            self.ticket.log_interaction("outage_found", outage="x", protocol="1")
        self.assertEqual(len(self._events(self.ticket)), 2)

    def test_several_tickets_at_once(self):
        other = self.Ticket.create(self._ticket_values())
        tickets = (self.ticket | other).with_user(self.operator)
        events = tickets.log_interaction("second_copy_email")
        self.assertEqual(events.ticket_id, tickets)
        self.assertEqual(
            set(events.mapped("message")), {"Solicitação de segunda via por email"}
        )

    def test_unknown_code(self):
        with self.assertRaisesRegex(UserError, "no interaction type with code nope"):
            self.ticket.log_interaction("nope")
        self.assertEqual(len(self._events(self.ticket)), 2)

    def test_missing_value(self):
        with self.assertRaisesRegex(UserError, "outage"):
            self.ticket.log_interaction("outage_found")

    def test_needs_access_to_the_ticket(self):
        stranger = new_test_user(self.env, login="estranho", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.ticket.with_user(stranger).log_interaction("express_query")

    def test_archived_type_is_not_logged(self):
        self.env.ref("painel_atendimento.interaction_type_claimed").active = False
        self.assertEqual(self._logged_by(self.ticket.action_claim), [])
        self.assertEqual(self.ticket.claimed_by_id, self.operator)

    def test_time_zone_of_operator_then_company_calendar(self):
        manaus = new_test_user(
            self.env,
            login="manaus",
            groups="painel_atendimento.group_operator",
            tz="America/Manaus",
        )
        event = self.ticket.with_user(manaus).log_interaction("express_query")
        self.assertEqual(event.message, "Consulta expressa em 10/03/2026 11:00:00")
        manaus.tz = False
        event = self.ticket.with_user(manaus).log_interaction("express_query")
        self.assertEqual(event.message, f"Consulta expressa em {WHEN}")

    def test_an_action_whose_event_fails_fails(self):
        # the event is part of the action: both commit, or neither
        Ticket = type(self.env["service.ticket"])
        with (
            patch.object(Ticket, "_log_event", side_effect=ValueError("boom")),
            self.assertRaisesRegex(ValueError, "boom"),
            self.cr.savepoint(),
        ):
            self.ticket.action_claim()
        self.ticket.invalidate_recordset()
        self.assertFalse(self.ticket.claimed_by_id)

    def test_every_spec_event_has_a_type(self):
        codes = set(
            self.env["service.interaction.type"]
            .with_context(active_test=False)
            .search([])
            .mapped("code")
        )
        self.assertLessEqual(
            {
                "ticket_started",
                "claimed",
                "released",
                "description_changed",
                "sla_defaults_set",
                "sla_changed",
                "comment_added",
                "attachment_added",
                "attachment_removed",
                "attachment_downloaded",
                "forwarded",
                "step_started",
                "step_finished",
                "work_order_added",
                "work_order_removed",
                "work_order_edit_requested",
                "work_order_viewed",
                "operator_added",
                "viewer_removed",
                "closed",
                "closing_comment",
                "rating_comment",
                "outage_found",
                "tool_change_mac",
                "tool_change_ip",
                "tool_block_connection",
                "tool_unblock_connection",
                "tool_edit_connection",
                "tool_manage_exceptions",
                "tool_change_credentials",
                "cancellation_requested",
                "second_copy_email",
                "second_copy_sms",
                "lead_created",
            },
            codes,
        )
        self.assertGreaterEqual(len(codes), 48)


@tagged("post_install", "-at_install")
class TestAppendOnly(InteractionCase):
    def test_no_edit_no_delete(self):
        event = self._events(self.ticket)[:1]
        for env_event in (event.with_user(self.operator), event.sudo()):
            with self.assertRaises(UserError):
                env_event.write({"message": "Outra coisa"})
            with self.assertRaises(UserError):
                env_event.unlink()
        self.assertTrue(event.exists())
        self.assertTrue(event.message.startswith("Atendimento protocolo"))

    def test_operators_cannot_forge_rows(self):
        with self.assertRaises(AccessError):
            self.env["service.interaction"].with_user(self.operator).create(
                {
                    "ticket_id": self.ticket.id,
                    "type_id": self.env.ref(
                        "painel_atendimento.interaction_type_closed"
                    ).id,
                    "message": "Fechamento falso",
                }
            )

    def test_template_placeholders_are_plain_names(self):
        Type = self.env["service.interaction.type"]
        for template in ("Aberto {protocol.__class__}", "Aberto {", "{when!r}"):
            with self.assertRaises(ValidationError):
                Type.create(
                    {"code": "bad", "name": "Bad", "message_template": template}
                )


@tagged("post_install", "-at_install")
class TestAttachmentDownload(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator = new_test_user(
            cls.env,
            login="operador_download",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        customer = cls.env["res.partner"].create({"name": "Maria Souza"})
        process = cls.env["service.process"].create(
            {"name": "Suporte", "subprocess_ids": [(0, 0, {"name": "Triagem"})]}
        )
        cls.ticket = (
            cls.env["service.ticket"]
            .with_user(cls.operator)
            .create({"partner_id": customer.id, "process_id": process.id})
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {
                "name": "contrato.pdf",
                "raw": b"%PDF-1.4 contrato",
                "res_model": "service.ticket",
                "res_id": cls.ticket.id,
            }
        )

    def _downloads(self):
        return self.env["service.interaction"].search(
            [("ticket_id", "=", self.ticket.id), ("code", "=", "attachment_downloaded")]
        )

    def test_download_is_logged(self):
        self.authenticate(self.operator.login, self.operator.login)
        response = self.url_open(f"/web/content/{self.attachment.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 contrato")
        download = self._downloads()
        self.assertEqual(len(download), 1)
        self.assertEqual(download.user_id, self.operator)
        self.assertEqual(download.details, "contrato.pdf")
        self.assertRegex(download.message, r"^Download de anexo solicitado em ")
        # the binary widget of a list uses the model/field form of the route
        self.url_open(
            "/web/content?model=ir.attachment&field=datas"
            f"&id={self.attachment.id}&download=true"
        )
        self.assertEqual(len(self._downloads()), 2)

    def test_image_download_is_logged(self):
        image = self.env["ir.attachment"].create(
            {
                "name": "foto.png",
                "raw": PNG,
                "res_model": "service.ticket",
                "res_id": self.ticket.id,
            }
        )
        self.authenticate(self.operator.login, self.operator.login)
        self.url_open(f"/web/image/{image.id}")  # the chatter's thumbnail
        self.assertFalse(self._downloads())
        response = self.url_open(f"/web/image/{image.id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._downloads().details, "foto.png")

    def test_no_trace_without_the_right_to_read_it(self):
        other_company = self.env["res.company"].create({"name": "Outra Telecom"})
        outsider = new_test_user(
            self.env,
            login="operador_outra",
            groups="painel_atendimento.group_operator",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        missing = self.attachment.id + 1000
        # a visitor, then an operator of another company: same answer for a file
        # that exists and one that does not, and nothing logged
        for login in (None, outsider.login):
            if login:
                self.authenticate(login, login)
            for attachment_id in (self.attachment.id, missing):
                response = self.url_open(f"/web/content/{attachment_id}?download=true")
                self.assertEqual(response.status_code, 404, (login, attachment_id))
        self.assertFalse(self._downloads())

    def test_preview_is_not_a_download(self):
        self.authenticate(self.operator.login, self.operator.login)
        response = self.url_open(f"/web/content/{self.attachment.id}")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._downloads())
