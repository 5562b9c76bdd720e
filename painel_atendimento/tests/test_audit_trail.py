"""The audit trail: events (service.interaction) and SLA interventions
(service.sla.intervention) are append-only in PostgreSQL itself; a ticket with
history is never deleted; an action and its events commit together or not at all;
clients log only integration events, as themselves, now.

The database guarantees are tested with raw SQL on the test's own connection (the
tables' owner); the others over JSON-RPC, as the clients reach them.
"""

import re
from contextlib import contextmanager
from datetime import timedelta

import psycopg2
from psycopg2 import errors as pg_errors

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ACCESS_ERROR, BUSINESS, OPERATORS, USER_ERROR, PainelRpcCase

HISTORY_TABLES = ("service_interaction", "service_sla_intervention")


@tagged("post_install", "-at_install")
class TestAppendOnlyInPostgres(PainelRpcCase):
    def setUp(self):
        super().setUp()
        self.tkt = self.ticket()
        self.tkt.sla_increment(2, "hours", self.motive_increment.id, "Feriado")
        self.env.flush_all()
        self.rows = {
            "service_interaction": self.tkt.interaction_ids[:1].id,
            "service_sla_intervention": self.tkt.sla_intervention_ids[:1].id,
        }

    def _sql(self, query, params=()):
        cr = self.env.cr
        cr.execute(query, params)
        return cr.fetchall() if cr.description else None

    def _row(self, table, row_id):
        return self._sql(f"SELECT * FROM {table} WHERE id = %s", (row_id,))

    def assertRefusedBySql(self, query, params=(), operation=None, table=None):
        """``query`` raises in PostgreSQL (rolled back to a savepoint)."""
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.Error) as caught,
            self.env.cr.savepoint(),
        ):
            self._sql(query, params)
        if operation:
            self.assertIsInstance(caught.exception, pg_errors.InsufficientPrivilege)
            self.assertIn(
                f"{table} rows are append-only: {operation} refused",
                str(caught.exception),
            )
        return caught.exception

    def test_the_test_connection_owns_the_tables(self):
        """So what follows holds "even as the table owner"."""
        for table in HISTORY_TABLES:
            with self.subTest(table=table):
                owner, current = self._sql(
                    "SELECT tableowner, current_user FROM pg_tables "
                    "WHERE tablename = %s",
                    (table,),
                )[0]
                self.assertEqual(owner, current)

    def test_update_delete_truncate_refused(self):
        for table in HISTORY_TABLES:
            row_id = self.rows[table]
            before = self._row(table, row_id)
            column = "message" if table == "service_interaction" else "notes"
            for operation, query in (
                ("UPDATE", f"UPDATE {table} SET {column} = 'reescrito' WHERE id = %s"),
                ("UPDATE", f"UPDATE {table} SET id = id WHERE id = %s"),
                ("UPDATE", f"UPDATE {table} SET write_date = now() WHERE id = %s"),
                ("DELETE", f"DELETE FROM {table} WHERE id = %s"),
            ):
                with self.subTest(table=table, query=query):
                    self.assertRefusedBySql(query, (row_id,), operation, table)
                    self.assertEqual(self._row(table, row_id), before)
            with self.subTest(table=table, query="TRUNCATE"):
                self.assertRefusedBySql(f"TRUNCATE {table}", (), "TRUNCATE", table)
                self.assertEqual(self._row(table, row_id), before)

    def test_the_whole_table_at_once(self):
        for table in HISTORY_TABLES:
            count = self._sql(f"SELECT count(*) FROM {table}")[0][0]
            for operation, query in (
                ("UPDATE", f"UPDATE {table} SET create_uid = create_uid"),
                ("DELETE", f"DELETE FROM {table}"),
                ("TRUNCATE", f"TRUNCATE {table} RESTART IDENTITY CASCADE"),
            ):
                with self.subTest(table=table, operation=operation):
                    self.assertRefusedBySql(query, (), operation, table)
                    self.assertEqual(
                        self._sql(f"SELECT count(*) FROM {table}")[0][0], count
                    )

    def test_a_ticket_with_history_cannot_be_deleted(self):
        ticket_id = self.tkt.id
        with self.subTest(how="DELETE"):
            error = self.assertRefusedBySql(
                "DELETE FROM service_ticket WHERE id = %s", (ticket_id,)
            )
            self.assertIsInstance(error, pg_errors.ForeignKeyViolation)
        with self.subTest(how="TRUNCATE CASCADE"):
            # the cascade reaches the history tables, whose trigger refuses it
            error = self.assertRefusedBySql("TRUNCATE service_ticket CASCADE")
            self.assertIsInstance(error, pg_errors.InsufficientPrivilege)
            self.assertRegex(
                str(error),
                r"service_(interaction|sla_intervention) rows are append-only: "
                r"TRUNCATE refused",
            )
        with (
            self.subTest(how="ORM as superuser"),
            self.assertRaisesRegex(
                UserError,
                r"A ticket is never deleted, its history with it: cancel it instead",
            ),
        ):
            self.tkt.sudo().unlink()
        self.assertEqual(
            self._sql(
                "SELECT count(*) FROM service_ticket WHERE id = %s", (ticket_id,)
            )[0][0],
            1,
        )

    def test_orm_refuses_even_the_superuser(self):
        records = {
            "service.interaction": (self.tkt.interaction_ids[:1], {"message": "x"}),
            "service.sla.intervention": (
                self.tkt.sla_intervention_ids[:1],
                {"notes": "x"},
            ),
        }
        for model, (record, values) in records.items():
            with (
                self.subTest(model=model, method="write"),
                self.assertRaisesRegex(
                    UserError, r"is a permanent record: it cannot be changed"
                ),
            ):
                record.sudo().write(values)
            with (
                self.subTest(model=model, method="unlink"),
                self.assertRaisesRegex(
                    UserError, r"is a permanent record: it cannot be deleted"
                ),
            ):
                record.sudo().unlink()
            self.assertTrue(record.exists())

    def test_users_in_the_history_are_archived_not_deleted(self):
        operator = self.users["operator"]
        self.tkt.with_user(operator).action_claim()
        with self.assertRaisesRegex(UserError, r"archive them instead of deleting"):
            operator.sudo().unlink()
        self.assertTrue(operator.exists())


@tagged("post_install", "-at_install")
class TestActionAndEventsCommitTogether(PainelRpcCase):
    """If an event cannot be written, its action fails and nothing of it stays."""

    @contextmanager
    def _rolled_back(self):
        """Break the log inside a savepoint the test rolls back afterwards."""
        savepoint = self.env.cr.savepoint()
        try:
            yield
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _needs_a_value(self, code):
        """Make the template of ``code`` need a value nobody gives."""
        interaction_type = self.env["service.interaction.type"]._get_by_code(code)
        interaction_type.message_template += " {valor_ausente}"
        self.env.flush_all()

    def _fail_insert(self, table, code=None):
        """Make PostgreSQL refuse the next INSERT into ``table`` (of event
        ``code``), as a full disk or a broken replica would."""
        condition = f"NEW.code = '{code}'" if code else "TRUE"
        self.env.cr.execute(
            f"""
            CREATE FUNCTION painel_test_fail_insert() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF {condition} THEN
                    RAISE EXCEPTION 'painel test: insert refused';
                END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER painel_test_fail_insert BEFORE INSERT ON {table}
            FOR EACH ROW EXECUTE FUNCTION painel_test_fail_insert();
            """
        )

    def _assert_nothing_of_it(self, answer, ticket, before, cell, pattern=None):
        self.assertFalse(answer.ok, f"[{cell}] should fail with its event")
        if pattern:
            self.assertRefused(answer, cell, BUSINESS, pattern)
        self.assertUnchanged(before, ticket, cell)

    def test_template_needs_a_missing_value(self):
        cases = [
            ("claimed", "operator", "action_claim", (), lambda: self.ticket()),
            (
                "forwarded",
                "operator",
                "action_forward",
                (self.billing.id, "Comentário"),
                lambda: self.ticket(),
            ),
            (
                "step_started",
                "operator",
                "action_next_step",
                (),
                lambda: self.ticket(),
            ),
            (
                "closed",
                "operator",
                "action_close",
                (self.class_close.id, "Fim"),
                lambda: self.ticket(),
            ),
            ("cancelled", "supervisor", "action_cancel", (), lambda: self.ticket()),
            (
                "reopened",
                "supervisor",
                "action_reopen",
                (),
                lambda: self.ticket(state="closed"),
            ),
            (
                "sla_changed",
                "supervisor",
                "sla_increment",
                (2, "hours", self.motive_increment.id, "Feriado"),
                lambda: self.ticket(),
            ),
            (
                "sla_changed",
                "supervisor",
                "sla_pause",
                (self.motive_pause.id, "Aguardando"),
                lambda: self.ticket(),
            ),
            (
                "comment_added",
                "technician",
                "message_post",
                (),
                lambda: self.ticket(),
            ),
            (
                "description_changed",
                "operator",
                "write",
                ({"description": "Relato novo"},),
                lambda: self.ticket(),
            ),
        ]
        for code, role, method, args, prepare in cases:
            with self.subTest(code=code, method=method):
                cell = f"{role} × {method} when the event {code} cannot be written"
                ticket = prepare()
                kwargs = (
                    {"body": "Comentário", "message_type": "comment"}
                    if method == "message_post"
                    else {}
                )
                with self._rolled_back():
                    self._needs_a_value(code)
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role, "service.ticket", method, [ticket.id], *args, **kwargs
                    )
                    self._assert_nothing_of_it(
                        answer,
                        ticket,
                        before,
                        cell,
                        rf"The interaction {code} needs the value\(s\): valor_ausente",
                    )

    def test_work_order_event_missing(self):
        ticket = self.ticket(technician=None)
        for code, role, call in (
            (
                "work_order_added",
                "operator",
                lambda: self.call(
                    "operator",
                    "service.work.order",
                    "create",
                    {"ticket_id": ticket.id},
                ),
            ),
        ):
            with self.subTest(code=code), self._rolled_back():
                self._needs_a_value(code)
                before = self.snapshot(ticket)
                answer = call()
                self._assert_nothing_of_it(
                    answer,
                    ticket,
                    before,
                    f"{role} × create work order without its event",
                    r"needs the value\(s\): valor_ausente",
                )
        order = self.work_order(ticket, scheduled_at="2026-03-10 13:00:00")
        for code, method in (
            ("work_order_scheduled", "action_schedule"),
            ("work_order_done", "action_done"),
            ("work_order_removed", "action_cancel"),
        ):
            with self.subTest(code=code), self._rolled_back():
                self._needs_a_value(code)
                before = self.snapshot(ticket)
                state = order.state
                answer = self.call("operator", "service.work.order", method, [order.id])
                self._assert_nothing_of_it(
                    answer,
                    ticket,
                    before,
                    f"operator × work order {method} without its event",
                    r"needs the value\(s\): valor_ausente",
                )
                self.env.invalidate_all()
                self.assertEqual(order.state, state)

    def test_insert_of_the_event_fails(self):
        cases = [
            ("claimed", "operator", "action_claim", ()),
            ("closed", "operator", "action_close", (self.class_close.id, "Fim")),
            ("step_started", "operator", "action_forward", (self.billing.id,)),
            ("crm_linked", "operator", "log_interaction", ("crm_linked",)),
        ]
        for code, role, method, args in cases:
            with self.subTest(code=code, method=method):
                ticket = self.ticket()
                with self._rolled_back():
                    self._fail_insert("service_interaction", code)
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role, "service.ticket", method, [ticket.id], *args
                    )
                    self._assert_nothing_of_it(
                        answer, ticket, before, f"{role} × {method}, INSERT fails"
                    )

    def test_insert_of_the_intervention_fails(self):
        for method, args, prepare in (
            (
                "sla_increment",
                (2, "hours", self.motive_increment.id, "x"),
                lambda: self.ticket(),
            ),
            ("sla_pause", (self.motive_pause.id, "x"), lambda: self.ticket()),
            ("sla_resume", ("x",), lambda: self.ticket(state="paused")),
        ):
            with self.subTest(method=method):
                ticket = prepare()
                with self._rolled_back():
                    self._fail_insert("service_sla_intervention")
                    before = self.snapshot(ticket)
                    answer = self.call(
                        "supervisor", "service.ticket", method, [ticket.id], *args
                    )
                    self._assert_nothing_of_it(
                        answer,
                        ticket,
                        before,
                        f"supervisor × {method}, INSERT of the intervention fails",
                    )


@tagged("post_install", "-at_install")
class TestClientsLogAsThemselvesNow(PainelRpcCase):
    def _window(self):
        return fields.Datetime.now().replace(microsecond=0) - timedelta(seconds=1)

    def test_every_event_of_an_action_is_the_callers_now(self):
        cases = [
            ("operator", "action_claim", (), {}),
            ("operator", "action_next_step", (), {}),
            ("operator", "action_forward", (self.billing.id, "Comentário"), {}),
            ("operator", "action_close", (self.class_close.id, "Fim"), {}),
            ("supervisor", "action_cancel", (), {}),
            (
                "supervisor",
                "sla_increment",
                (1, "hours", self.motive_increment.id, "x"),
                {},
            ),
            ("operator", "write", ({"description": "Relato corrigido"},), {}),
            (
                "technician",
                "message_post",
                (),
                {"body": "Na porta do cliente", "message_type": "comment"},
            ),
            ("operator", "log_interaction", ("tool_change_ip",), {}),
        ]
        for role, method, args, kwargs in cases:
            with self.subTest(role=role, method=method):
                cell = f"{role} × {method}"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                start = self._window()
                self.assertAllowed(
                    self.call(
                        role, "service.ticket", method, [ticket.id], *args, **kwargs
                    ),
                    cell,
                )
                end = fields.Datetime.now() + timedelta(seconds=1)
                events = self.new_events(ticket, before)
                self.assertTrue(events, f"[{cell}] wrote no event")
                user = self.users[role]
                for event in events:
                    self.assertEqual(event.user_id, user, f"[{cell}] {event.code}")
                    self.assertEqual(event.create_uid, user, f"[{cell}] {event.code}")
                    self.assertFalse(event.logged_by_integration, cell)
                    self.assertTrue(
                        start <= event.date <= end, f"[{cell}] {event.date}"
                    )

    def test_context_defaults_do_not_reach_the_history(self):
        """A client's ``default_*`` context keys are for the record it creates, not
        for the events, steps and interventions the server writes for it."""
        other = self.users["operator_2"]
        forged = {
            "default_user_id": other.id,
            "default_date": "2020-01-01 10:00:00",
            "default_logged_by_integration": True,
            "default_details": "forjado",
            "default_message": "forjado",
            "default_finished_at": "2020-01-01 10:00:00",
            "default_finished_by_id": other.id,
            "default_started_at": "2020-01-01 10:00:00",
            "default_deadline_before": "2020-01-01 10:00:00",
            "default_deadline_after": "2030-01-01 10:00:00",
            "default_quantity": 999,
            "default_unit": "days",
            "default_remaining_hours": 999,
            "default_notes": "forjado",
            "default_motive_id": self.motive_increment.id,
        }
        cases = [
            ("operator", "action_claim", ()),
            ("operator", "action_next_step", ()),
            ("operator", "action_forward", (self.billing.id,)),
            ("supervisor", "sla_pause", (self.motive_pause.id, "Aguardando")),
            (
                "supervisor",
                "sla_increment",
                (1, "hours", self.motive_increment.id, "x"),
            ),
            ("operator", "log_interaction", ("crm_linked",)),
        ]
        for role, method, args in cases:
            with self.subTest(role=role, method=method):
                cell = f"{role} × {method} with forged context defaults"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                start = self._window()
                answer = self.call(
                    role, "service.ticket", method, [ticket.id], *args, context=forged
                )
                if not answer.ok:
                    self.assertRefused(answer, cell, BUSINESS)
                    self.assertUnchanged(before, ticket, cell)
                    continue
                user = self.users[role]
                for event in self.new_events(ticket, before):
                    self.assertEqual(event.user_id, user, f"[{cell}] event user")
                    self.assertGreaterEqual(event.date, start, f"[{cell}] event date")
                    self.assertFalse(event.logged_by_integration, cell)
                    self.assertNotEqual(event.details, "forjado", cell)
                    self.assertNotEqual(event.message, "forjado", cell)
                self.env.invalidate_all()
                running = ticket.step_ids.filtered(lambda s: not s.finished_at)
                self.assertEqual(len(running), 1, f"[{cell}] running steps")
                self.assertGreaterEqual(running.started_at, start - timedelta(hours=1))
                for intervention in ticket.sla_intervention_ids:
                    self.assertEqual(intervention.user_id, user, cell)
                    self.assertNotEqual(intervention.notes, "forjado", cell)
                    if intervention.kind == "pause":
                        self.assertFalse(intervention.deadline_after, cell)
                        self.assertFalse(intervention.quantity, cell)
                        self.assertFalse(intervention.unit, cell)
                        self.assertFalse(
                            intervention.motive_id == self.motive_increment, cell
                        )
                    else:
                        self.assertEqual(intervention.quantity, 1, cell)
                        self.assertEqual(intervention.unit, "hours", cell)
                        self.assertFalse(intervention.remaining_hours == 999, cell)

    def test_new_ticket_with_forged_step_defaults(self):
        answer = self.call(
            "operator",
            "service.ticket",
            "create",
            {
                "partner_id": self.customer.id,
                "process_id": self.process.id,
                "company_id": self.conecta.id,
            },
            context={
                "default_finished_at": "2020-01-01 10:00:00",
                "default_date": "2020-01-01 10:00:00",
                "default_details": "forjado",
            },
        )
        cell = "operator × create with forged step/event defaults"
        if not answer.ok:
            self.assertRefused(answer, cell, BUSINESS)
            return
        ticket = self.env["service.ticket"].browse(answer.result)
        self.assertEqual(len(ticket.current_step_id), 1, cell)
        self.assertFalse(ticket.current_step_id.finished_at, cell)
        for event in ticket.interaction_ids:
            self.assertNotEqual(event.details, "forjado", cell)
            self.assertGreater(event.date, fields.Datetime.to_datetime("2025-01-01"))

    def test_a_comment_is_an_event_of_its_author(self):
        """A comment posted over RPC is the caller's: it cannot be posted in a
        colleague's name without leaving the caller's event."""
        colleague = self.users["operator_2"]
        for role in ("technician", *OPERATORS):
            with self.subTest(role=role):
                cell = f"{role} × message_post(author_id=<colleague>)"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "message_post",
                    [ticket.id],
                    body="Em nome de outro",
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    author_id=colleague.partner_id.id,
                )
                if answer.ok:
                    events = self.assertEvents(ticket, before, ["comment_added"], cell)
                    self.assertEqual(events.user_id, self.users[role], cell)
                else:
                    self.assertRefused(answer, cell, (ACCESS_ERROR, *BUSINESS))
                    self.assertUnchanged(before, ticket, cell)

    def test_messages_are_not_written_through_the_ticket(self):
        """message_ids is the chatter's: a comment written into it directly is a
        comment without its event."""
        for role in OPERATORS:
            with self.subTest(role=role):
                cell = f"{role} × write(message_ids=[create comment])"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "write",
                    [ticket.id],
                    {
                        "message_ids": [
                            (
                                0,
                                0,
                                {
                                    "body": "Comentário sem evento",
                                    "message_type": "comment",
                                    "model": "service.ticket",
                                },
                            )
                        ]
                    },
                )
                if answer.ok:
                    self.assertEvents(ticket, before, ["comment_added"], cell)
                else:
                    self.assertRefused(answer, cell, (ACCESS_ERROR, *BUSINESS))
                    self.assertUnchanged(before, ticket, cell)


@tagged("post_install", "-at_install")
class TestIntegrationEvents(PainelRpcCase):
    def test_integration_event_says_so(self):
        when, shown = self.past_moment()
        ticket = self.ticket()
        before = self.snapshot(ticket)
        operator = self.users["operator"]
        answer = self.call(
            "integration",
            "service.ticket",
            "log_interaction",
            [ticket.id],
            "tool_change_ip",
            user=operator.id,
            when=when,
        )
        event = self.assertEvents(
            ticket,
            before,
            ["tool_change_ip"],
            "integration × log_interaction(user=, when=)",
        )
        self.assertTrue(answer.ok)
        self.assertEqual(
            (
                event.user_id,
                str(event.date),
                event.logged_by_integration,
                event.create_uid,
            ),
            (operator, when, True, self.users["integration"]),
        )
        self.assertTrue(re.search(re.escape(shown), event.message), event.message)

    def test_integration_cannot_write_automatic_events(self):
        ticket = self.ticket()
        for code in ("claimed", "closed", "ticket_started", "sla_changed"):
            with self.subTest(code=code):
                before = self.snapshot(ticket)
                cell = f"integration × log_interaction({code})"
                answer = self.call(
                    "integration",
                    "service.ticket",
                    "log_interaction",
                    [ticket.id],
                    code,
                    user=self.users["operator"].id,
                    when=self.past_moment()[0],
                )
                self.assertRefused(
                    answer, cell, USER_ERROR, r"is written by the tickets themselves"
                )
                self.assertUnchanged(before, ticket, cell)
