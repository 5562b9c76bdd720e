import uuid
from datetime import datetime

from freezegun import freeze_time
from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PainelCase


@tagged("post_install", "-at_install")
class TestProtocol(PainelCase):
    @freeze_time("2026-03-10 15:00:00")
    def test_protocol_is_date_plus_sequence_and_unique(self):
        first, second = self._create_ticket(), self._create_ticket()
        self.assertRegex(first.protocol, r"^20260310\d{6}$")
        self.assertNotEqual(first.protocol, second.protocol)
        self.assertEqual(int(second.protocol[8:]), int(first.protocol[8:]) + 1)

    @freeze_time("2026-03-10 15:00:00")
    def test_protocol_carries_the_local_opening_date(self):
        # 02:00 UTC on the 10th is still the 9th in São Paulo
        ticket = self._create_ticket(opened_at="2026-03-10 02:00:00")
        self.assertRegex(ticket.protocol, r"^20260309\d{6}$")

    def test_protocol_never_changes(self):
        ticket = self._create_ticket()
        with self.assertRaises(UserError):
            ticket.write({"protocol": "20200101000001"})
        ticket.write({"protocol": ticket.protocol})  # same value: harmless

    def test_protocol_given_by_a_client_is_refused(self):
        Ticket = self.env["service.ticket"].with_user(self.operator)
        with self.assertRaisesRegex(UserError, "change only through its actions"):
            Ticket.create(self._ticket_values(protocol="123"))
        # history imported by trusted code keeps its protocols
        self.assertEqual(self._create_ticket(protocol="123").protocol, "123")

    def test_copy_gets_a_new_protocol(self):
        ticket = self._create_ticket()
        self.assertNotEqual(ticket.copy().protocol, ticket.protocol)

    def test_protocol_searchable_with_or_without_punctuation(self):
        ticket = self._create_ticket()
        other = self._create_ticket()
        punctuated = (
            f"{ticket.protocol[:4]}.{ticket.protocol[4:8]}-{ticket.protocol[8:]}"
        )
        Ticket = self.env["service.ticket"]
        self.assertEqual(Ticket.search([("protocol_search", "=", punctuated)]), ticket)
        self.assertEqual(
            Ticket.search([("protocol_search", "=", ticket.protocol)]), ticket
        )
        self.assertNotIn(
            other, Ticket.search([("protocol_search", "ilike", punctuated)])
        )


@tagged("post_install", "-at_install")
class TestCustomerDocument(PainelCase):
    def _partner(self, vat, **values):
        return self.env["res.partner"].create(
            dict(name="Cliente", country_id=self.brazil.id, vat=vat, **values)
        )

    def test_valid_cpf_is_stored_unformatted_and_shown_punctuated(self):
        self.assertEqual(self.customer.vat, "52998224725")
        ticket = self._create_ticket()
        self.assertEqual(ticket.partner_document, "529.982.247-25")
        self.assertEqual(
            ticket.partner_display_document, "João Pereira - 529.982.247-25"
        )

    def test_numeric_cnpj(self):
        partner = self._partner("11.222.333/0001-81", is_company=True)
        self.assertEqual(partner.vat, "11222333000181")
        ticket = self._create_ticket(partner_id=partner.id)
        self.assertEqual(
            ticket.partner_display_document, "Cliente - 11.222.333/0001-81"
        )

    def test_alphanumeric_cnpj(self):
        partner = self._partner("12.abc.345/01de-35", is_company=True)
        self.assertEqual(partner.vat, "12ABC34501DE35")
        self.assertEqual(partner.read(["vat"])[0]["vat"], "12.ABC.345/01DE-35")

    def test_invalid_documents_are_refused(self):
        for vat in (
            "529.982.247-26",
            "111.111.111-11",
            "11.222.333/0001-82",
            "12ABC34501DE36",
        ):
            with self.subTest(vat=vat), self.assertRaises(ValidationError):
                self._partner(vat)

    def test_document_fixed_on_write(self):
        self.customer.vat = "111.444.777-35"
        self.assertEqual(self.customer.vat, "11144477735")
        with self.assertRaises(ValidationError):
            self.customer.vat = "111.444.777-36"

    def test_display_follows_customer_changes(self):
        ticket = self._create_ticket()
        self.customer.name = "João P. Pereira"
        self.assertEqual(
            ticket.partner_display_document, "João P. Pereira - 529.982.247-25"
        )


@tagged("post_install", "-at_install")
class TestLifecycle(PainelCase):
    def setUp(self):
        super().setUp()
        self.ticket = self._create_ticket()

    def test_new_ticket_defaults(self):
        ticket = self._create_ticket().with_user(self.operator)
        self.assertEqual(ticket.state, "open")
        self.assertEqual(ticket.opened_by_id, self.env.user)
        self.assertFalse(ticket.claimed_by_id)
        self.assertEqual(ticket.subprocess_id.name, "Triagem")
        self.assertEqual(len(ticket.step_ids), 1)
        self.assertEqual((ticket.city, ticket.district), ("Campinas", "Centro"))
        self.assertEqual(ticket.street, "Rua Barão de Jaguara, 1000")

    def test_opened_by_is_the_creating_operator(self):
        ticket = (
            self.env["service.ticket"]
            .with_user(self.operator)
            .create(self._ticket_values())
        )
        self.assertEqual(ticket.opened_by_id, self.operator)
        self.assertEqual(ticket.step_ids.user_id, self.operator)

    def test_claim_and_release(self):
        ticket = self.ticket.with_user(self.operator)
        ticket.action_claim()
        self.assertEqual(ticket.claimed_by_id, self.operator)
        with self.assertRaisesRegex(UserError, "already claimed"):
            ticket.action_claim()
        with self.assertRaisesRegex(UserError, "already claimed by"):
            self.ticket.with_user(self.operator_2).action_claim()
        ticket.action_release()
        self.assertFalse(ticket.claimed_by_id)
        with self.assertRaises(UserError):
            ticket.action_release()
        self.ticket.with_user(self.operator_2).action_claim()
        self.assertEqual(self.ticket.claimed_by_id, self.operator_2)

    def test_next_step_walks_the_process(self):
        self.ticket.action_next_step()
        self.assertEqual(self.ticket.subprocess_id.name, "Visita técnica")
        self.assertEqual(len(self.ticket.step_ids), 2)
        self.assertEqual(len(self.ticket.step_ids.filtered(lambda s: s.finished_at)), 1)
        # an open ticket always runs a step: after the last one, it is closed
        with self.assertRaisesRegex(UserError, "last subprocess.*close the ticket"):
            self.ticket.action_next_step()
        self.assertEqual(
            self.ticket.current_step_id.subprocess_id.name, "Visita técnica"
        )

    def test_forward_finishes_running_step_and_starts_the_new_process(self):
        first_step = self.ticket.current_step_id
        self.ticket.action_forward(self.other_process)
        self.assertTrue(first_step.finished_at)
        self.assertEqual(self.ticket.process_id, self.other_process)
        self.assertEqual(self.ticket.subprocess_id.name, "Análise")
        self.assertEqual(
            len(self.ticket.step_ids.filtered(lambda s: not s.finished_at)), 1
        )

    def test_the_process_changes_by_forwarding_only(self):
        ticket = self.ticket.with_user(self.operator)
        for context in ({}, {"painel_forwarding": True}):
            with (
                self.subTest(context=context),
                self.assertRaisesRegex(UserError, "change only through its actions"),
            ):
                ticket.with_context(**context).write(
                    {"process_id": self.other_process.id}
                )
        self.assertEqual(self.ticket.process_id, self.process)
        self.assertEqual(len(self.ticket.step_ids), 1)

    def test_forward_to_empty_process_refused(self):
        empty = self.env["service.process"].create({"name": "Vazio"})
        with self.assertRaisesRegex(UserError, "no subprocesses"):
            self.ticket.action_forward(empty)
        self.assertEqual(self.ticket.process_id, self.process)

    def test_close(self):
        step = self.ticket.current_step_id
        self.ticket.with_user(self.operator).action_close(
            self.classification_close, "Reiniciada a ONU"
        )
        self.assertEqual(self.ticket.state, "closed")
        self.assertEqual(self.ticket.closed_by_id, self.operator)
        self.assertTrue(self.ticket.closed_at)
        self.assertEqual(
            self.ticket.closing_classification_id, self.classification_close
        )
        self.assertEqual(self.ticket.closing_comment, "Reiniciada a ONU")
        self.assertEqual(step.finished_at, self.ticket.closed_at)
        with self.assertRaisesRegex(UserError, "not open"):
            self.ticket.action_close(self.classification_close)
        for action in ("action_claim", "action_release", "action_next_step"):
            with self.subTest(action=action), self.assertRaises(UserError):
                getattr(self.ticket, action)()

    def test_a_ticket_ended_by_trusted_code_ends_its_step(self):
        step = self.ticket.current_step_id
        self.ticket.write({"state": "closed", "closed_at": "2026-03-10 15:00:00"})
        self.assertEqual(step.finished_at, datetime(2026, 3, 10, 15, 0))
        self.assertFalse(self.ticket.current_step_id)

    def test_a_ticket_created_closed_has_no_running_step(self):
        ticket = self._create_ticket(
            opened_at="2026-03-09 12:00:00",
            state="closed",
            closed_at="2026-03-10 15:00:00",
        )
        self.assertFalse(ticket.current_step_id)
        self.assertEqual(ticket.step_ids.finished_at, datetime(2026, 3, 10, 15, 0))

    def test_close_needs_a_closing_classification(self):
        for classification in (
            self.classification_open,
            self.env["service.classification"],
        ):
            with (
                self.subTest(classification=classification),
                self.assertRaises(UserError),
            ):
                self.ticket.action_close(classification)
        self.assertEqual(self.ticket.state, "open")

    def test_close_wizard(self):
        action = self.ticket.action_open_close_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        )
        wizard_form.closing_classification_id = self.classification_close
        wizard_form.comment = "ok"
        wizard_form.save().action_confirm()
        self.assertEqual(self.ticket.state, "closed")

    def test_forward_wizard(self):
        action = self.ticket.action_open_forward_wizard()
        wizard_form = Form(
            self.env[action["res_model"]].with_context(**action["context"])
        )
        wizard_form.process_id = self.other_process
        wizard_form.save().action_confirm()
        self.assertEqual(self.ticket.process_id, self.other_process)

    def test_reopen_is_for_supervisors(self):
        self.ticket.action_close(self.classification_close)
        with self.assertRaisesRegex(AccessError, "not allowed to reopen"):
            self.ticket.with_user(self.operator).action_reopen()
        self.ticket.with_user(self.supervisor).action_reopen()
        self.assertEqual(self.ticket.state, "open")
        self.assertFalse(self.ticket.closed_at or self.ticket.closing_classification_id)
        # where it stopped, with a running step again
        self.assertEqual(self.ticket.current_step_id.subprocess_id.name, "Triagem")
        with self.assertRaisesRegex(UserError, "already open"):
            self.ticket.with_user(self.supervisor).action_reopen()

    def test_cancel_is_for_supervisors(self):
        with self.assertRaisesRegex(AccessError, "not allowed to cancel"):
            self.ticket.with_user(self.operator).action_cancel()
        self.ticket.with_user(self.supervisor).action_cancel()
        self.assertEqual(self.ticket.state, "cancelled")
        self.assertFalse(self.ticket.current_step_id)

    def test_nobody_deletes_a_ticket(self):
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.operator).unlink()
        with self.assertRaisesRegex(UserError, "cancel it instead"):
            self.ticket.unlink()

    @mute_logger("odoo.sql_db")
    def test_one_running_step_per_ticket(self):
        with self.assertRaises(pg_errors.UniqueViolation), self.cr.savepoint():
            self.env["service.ticket.step"].create(
                {
                    "ticket_id": self.ticket.id,
                    "subprocess_id": self.process.subprocess_ids[1].id,
                }
            )


@tagged("post_install", "-at_install")
class TestStepDeadline(PainelCase):
    """Expected ends in the company's working time (see PainelCase's calendar)."""

    def _step_started(self, utc_start, subprocess):
        with freeze_time(utc_start):
            ticket = self._create_ticket(process_id=subprocess.process_id.id)
        return ticket.current_step_id

    def test_within_the_day(self):
        # Tue 2026-03-10 09:00 local (12:00 UTC) + 2h -> 11:00 local
        step = self._step_started("2026-03-10 12:00:00", self.process.subprocess_ids[0])
        self.assertEqual(step.expected_end, datetime(2026, 3, 10, 14, 0))

    def test_crosses_lunch_night_and_weekend(self):
        # Fri 2026-03-13 17:00 local: 1h Fri, Mon 9h, Tue 4h, then 2h after lunch
        with freeze_time("2026-03-13 20:00:00"):
            ticket = self._create_ticket()
            ticket.action_next_step()  # Visita técnica, 16h
        self.assertEqual(
            ticket.current_step_id.expected_end, datetime(2026, 3, 17, 18, 0)
        )

    def test_skips_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Feriado",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 16, 3, 0),  # Mon 00:00 local
                "date_to": datetime(2026, 3, 17, 2, 59, 59),
            }
        )
        with freeze_time("2026-03-13 20:00:00"):
            ticket = self._create_ticket()
            ticket.action_next_step()
        # Monday off: 1h Fri, Tue 9h, Wed 4h + 2h -> Wed 15:00 local
        self.assertEqual(
            ticket.current_step_id.expected_end, datetime(2026, 3, 18, 18, 0)
        )

    def test_started_outside_working_hours(self):
        # Sat 2026-03-14 10:00 local + 2h -> Mon 10:00 local
        step = self._step_started("2026-03-14 13:00:00", self.process.subprocess_ids[0])
        self.assertEqual(step.expected_end, datetime(2026, 3, 16, 13, 0))

    def test_later_duration_change_keeps_running_deadline(self):
        step = self._step_started("2026-03-10 12:00:00", self.process.subprocess_ids[0])
        self.process.subprocess_ids[0].duration_hours = 40
        self.assertEqual(step.expected_end, datetime(2026, 3, 10, 14, 0))

    @mute_logger("odoo.sql_db")
    def test_duration_must_be_positive(self):
        with self.assertRaises(pg_errors.CheckViolation), self.cr.savepoint():
            self.env["service.subprocess"].create(
                {"name": "Nada", "process_id": self.process.id, "duration_hours": 0}
            )


@tagged("post_install", "-at_install")
class TestWorkOrders(PainelCase):
    def test_status_follows_the_orders(self):
        ticket = self._create_ticket()
        self.assertEqual(ticket.work_order_status, "none")
        WorkOrder = self.env["service.work.order"]
        first = WorkOrder.create({"ticket_id": ticket.id})
        self.assertEqual(ticket.work_order_status, "unscheduled")
        self.assertTrue(first.name.startswith("OS/"))
        self.assertEqual((first.city, first.district), ("Campinas", "Centro"))
        first.scheduled_at = datetime(2026, 3, 11, 12, 0)
        first.action_schedule()
        self.assertEqual(ticket.work_order_status, "scheduled")
        first.action_done()
        self.assertEqual(ticket.work_order_status, "done")
        second = WorkOrder.create(
            {"ticket_id": ticket.id, "scheduled_at": datetime(2026, 3, 12, 12, 0)}
        )
        self.assertEqual(second.state, "scheduled")
        self.assertEqual(ticket.work_order_status, "scheduled")
        self.assertEqual(ticket.work_order_names, f"{first.name}, {second.name}")
        second.action_cancel()
        self.assertEqual(ticket.work_order_status, "done")
        self.assertEqual(ticket.work_order_count, 1)

    def test_refusals(self):
        ticket = self._create_ticket()
        order = self.env["service.work.order"].create({"ticket_id": ticket.id})
        with self.assertRaisesRegex(UserError, "date of the visit"):
            order.action_schedule()
        order.action_done()
        with self.assertRaises(UserError):
            order.action_cancel()
        ticket.action_close(self.classification_close)
        with self.assertRaisesRegex(UserError, "open tickets"):
            self.env["service.work.order"].create({"ticket_id": ticket.id})


@tagged("post_install", "-at_install")
class TestMultiCompany(PainelCase):
    def test_users_see_only_their_companies(self):
        other_company = self.env["res.company"].create({"name": "Rede Sul Internet"})
        other_partner = self.env["res.partner"].create({"name": "Cliente PR"})
        other_process = self.env["service.process"].create(
            {
                "name": "Suporte PR",
                "company_id": other_company.id,
                "subprocess_ids": [(0, 0, {"name": "Triagem PR", "duration_hours": 1})],
            }
        )
        foreign = self._create_ticket(
            company_id=other_company.id,
            partner_id=other_partner.id,
            process_id=other_process.id,
            opening_classification_id=False,
        )
        local = self._create_ticket()
        visible = self.env["service.ticket"].with_user(self.operator).search([])
        self.assertIn(local, visible)
        self.assertNotIn(foreign, visible)
        with self.assertRaises(AccessError):
            foreign.with_user(self.operator).read(["protocol"])


@tagged("post_install", "-at_install")
class TestConcurrentClaim(PainelCase):
    """Two operators claim the same ticket at the same moment: exactly one wins.

    Runs on real, separate database connections (committed data), so it cleans up.
    """

    def test_exactly_one_claim_wins(self):
        # committed data only: creating users here would wait on rows (e.g. digests)
        # that the test transaction holds, so two existing users play the operators
        user_ids = [self.env.ref("base.user_admin").id, SUPERUSER_ID]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # committed: a name of its own for each run on the same database
            company = env["res.company"].create(
                {"name": f"Concorrência Telecom {uuid.uuid4().hex[:8]}"}
            )
            env["res.users"].browse(user_ids).company_ids = [Command.link(company.id)]
            partner = env["res.partner"].create({"name": "Concorrência Ltda"})
            process = env["service.process"].create(
                {"name": "Concorrência", "company_id": company.id}
            )
            env["service.subprocess"].create(
                {"name": "Único", "process_id": process.id, "duration_hours": 1}
            )
            ticket_id = (
                env["service.ticket"]
                .create(
                    {
                        "partner_id": partner.id,
                        "process_id": process.id,
                        "company_id": company.id,
                        "opened_at": "2000-01-03 12:00:00",
                    }
                )
                .id
            )
        self.addCleanup(self._cancel_committed, ticket_id, user_ids, company.id)

        with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
            first = api.Environment(cr1, user_ids[0], {})["service.ticket"].browse(
                ticket_id
            )
            second = api.Environment(cr2, user_ids[1], {})["service.ticket"].browse(
                ticket_id
            )
            second.read(["state"])  # the second transaction is already under way
            first.action_claim()
            # an ordinary business refusal: no "bad query" ERROR line in the log
            with (
                self.assertNoLogs("odoo.sql_db", "ERROR"),
                self.assertRaisesRegex(UserError, "Another operator"),
            ):
                second.action_claim()
            cr1.commit()
            cr2.rollback()

        with self.registry.cursor() as cr3:
            late = api.Environment(cr3, user_ids[1], {})["service.ticket"].browse(
                ticket_id
            )
            self.assertEqual(late.claimed_by_id.id, user_ids[0])
            with self.assertRaisesRegex(UserError, "already claimed by"):
                late.action_claim()

    def _cancel_committed(self, ticket_id, user_ids, company_id):
        # a ticket with history is never deleted: the test's one is cancelled, in a
        # company of its own, opened long ago, so no other test sees it in a panel
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["service.ticket"].browse(ticket_id).action_cancel()
            env["res.users"].browse(user_ids).company_ids = [Command.unlink(company_id)]


@tagged("post_install", "-at_install")
class TestForgedContext(PainelCase):
    """Whatever context a client sends, a write means what it says."""

    def test_forged_sla_engine_mark_cannot_move_a_deadline(self):
        ticket = self._create_ticket()
        forged = ticket.with_user(self.supervisor).with_context(painel_sla_engine=True)
        with self.assertRaisesRegex(UserError, "change only through its actions"):
            forged.write({"sla_deadline": "2030-01-01 00:00:00"})

    def test_forged_opening_mark_does_not_hide_a_step(self):
        ticket = self._create_ticket().with_user(self.operator)
        started = self.env.ref("painel_atendimento.interaction_type_step_started")
        before = ticket.interaction_ids.filtered(lambda i: i.type_id == started)
        ticket.with_context(painel_ticket_opening=True).action_next_step()
        after = ticket.interaction_ids.filtered(lambda i: i.type_id == started)
        self.assertEqual(len(after - before), 1)
