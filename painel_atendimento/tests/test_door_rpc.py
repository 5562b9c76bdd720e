"""Trust at the door, proven the way clients reach it: JSON-RPC through Odoo's HTTP
layer (``/web/dataset/call_kw``, ``/mail/message/post``, ``/web/content``), as each
demo role.

Every cell is one role × one entry point. An allowed cell asserts the effect and
exactly the events it wrote; a refused cell asserts the exception class and the
key words of its message, then re-reads the ticket as the superuser: nothing changed
(state, claimant, process and step, SLA, history rows, work orders, messages...).
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from ..models.service_ticket import OPENING_FIELDS
from ..models.service_ticket_tools import EDIT_TOOL_FIELDS
from .common import (
    ACCESS_ERROR,
    BUSINESS,
    OPERATORS,
    ROLES,
    SUPERVISORS,
    USER_ERROR,
    VALIDATION_ERROR,
    PainelRpcCase,
)

ANY_REFUSAL = (USER_ERROR, VALIDATION_ERROR, ACCESS_ERROR)
ONLY_INTEGRATION = (
    r"Only an integration may log an event for another user or at another moment"
)


def refused_right(action):
    """The answer of ``_check_right`` to a role without the right."""
    return (
        "refused",
        ACCESS_ERROR,
        (
            rf"You are not allowed to {action} tickets( \(tool “[^”]+”\))?\. Ask an "
            r"administrator for the permission"
        ),
    )


# ---------------------------------------------------------------------------
# Lifecycle transitions: role × action
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestTransitionMatrix(PainelRpcCase):
    """Each transition and ticket tool, called over JSON-RPC by every role."""

    def _matrix(self, action, prepare, call, expect):
        """Run one row of the matrix.

        ``prepare(role)`` builds a fresh ticket, ``call(role, ticket)`` makes the
        RPC call; ``expect[role]`` is ``("allowed", events, check)`` — the events
        written, in order, and ``check(ticket, user, answer)`` the effect — or
        ``("refused", exception names, message regex)``.
        """
        for role in ROLES:
            with self.subTest(role=role, action=action):
                cell = f"{role} × {action}"
                ticket = prepare(role)
                before = self.snapshot(ticket)
                answer = call(role, ticket)
                outcome = expect[role]
                if outcome[0] == "allowed":
                    self.assertAllowed(answer, cell)
                    self.assertEvents(ticket, before, outcome[1], cell)
                    if outcome[2]:
                        self.env.invalidate_all()
                        outcome[2](ticket, self.users[role], answer)
                else:
                    self.assertRefused(answer, cell, outcome[1], outcome[2])
                    self.assertUnchanged(before, ticket, cell)

    @staticmethod
    def _expect(allowed_roles, allowed, refused_default, **overrides):
        expect = {
            role: allowed if role in allowed_roles else refused_default
            for role in ROLES
        }
        expect.update(overrides)
        return expect

    # ---------------------------------------------------------------- claim

    def test_claim(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.claimed_by_id, user)
            event = ticket.interaction_ids.filtered(lambda e: e.code == "claimed")
            self.assertEqual(event.user_id, user)

        self._matrix(
            "action_claim",
            lambda role: self.ticket(),
            lambda role, t: self.call(role, "service.ticket", "action_claim", [t.id]),
            self._expect(
                OPERATORS, ("allowed", ["claimed"], check), refused_right("claim")
            ),
        )

    def test_claim_a_ticket_claimed_by_a_colleague(self):
        self._matrix(
            "action_claim (claimed by operator_2)",
            lambda role: self.ticket(claimed_by="operator_2"),
            lambda role, t: self.call(role, "service.ticket", "action_claim", [t.id]),
            self._expect(
                OPERATORS,
                ("refused", USER_ERROR, r"already claimed by Bruno Henrique Lima"),
                refused_right("claim"),
            ),
        )

    # ---------------------------------------------------------------- release

    def test_release_own_claim(self):
        def check(ticket, user, answer):
            self.assertFalse(ticket.claimed_by_id)

        self._matrix(
            "action_release (own claim)",
            lambda role: self.ticket(claimed_by=role),
            lambda role, t: self.call(role, "service.ticket", "action_release", [t.id]),
            self._expect(
                OPERATORS, ("allowed", ["released"], check), refused_right("release")
            ),
        )

    def test_release_a_colleagues_claim(self):
        def check(ticket, user, answer):
            self.assertFalse(ticket.claimed_by_id)

        self._matrix(
            "action_release (claimed by operator_2)",
            lambda role: self.ticket(claimed_by="operator_2"),
            lambda role, t: self.call(role, "service.ticket", "action_release", [t.id]),
            self._expect(
                SUPERVISORS,
                ("allowed", ["released"], check),
                refused_right("release"),
                operator=(
                    "refused",
                    ACCESS_ERROR,
                    (
                        r"Only Bruno Henrique Lima, who claimed ticket \d+, or a "
                        r"supervisor can release it"
                    ),
                ),
            ),
        )

    # ---------------------------------------------------------------- forward

    def test_forward(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.process_id, self.billing)
            self.assertEqual(ticket.subprocess_id, self.billing._first_subprocess())
            self.assertEqual(
                len(ticket.step_ids.filtered(lambda s: not s.finished_at)), 1
            )
            comment = ticket.interaction_ids.filtered(
                lambda e: e.code == "forward_comment"
            )
            self.assertEqual(comment.details, "Vai para o financeiro.")

        self._matrix(
            "action_forward",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "action_forward",
                [t.id],
                self.billing.id,
                "Vai para o financeiro.",
            ),
            self._expect(
                OPERATORS,
                (
                    "allowed",
                    ["step_finished", "forwarded", "forward_comment", "step_started"],
                    check,
                ),
                refused_right("forward"),
            ),
        )

    def test_forward_wizard(self):
        def call(role, ticket):
            wizard = self.call(
                role,
                "service.ticket.forward.wizard",
                "create",
                {
                    "ticket_ids": [(6, 0, [ticket.id])],
                    "process_id": self.billing.id,
                    "comment": "Pelo assistente.",
                },
            )
            if not wizard.ok:
                return wizard
            return self.call(
                role, "service.ticket.forward.wizard", "action_confirm", [wizard.result]
            )

        def check(ticket, user, answer):
            self.assertEqual(ticket.process_id, self.billing)

        self._matrix(
            "forward wizard",
            lambda role: self.ticket(),
            call,
            self._expect(
                OPERATORS,
                (
                    "allowed",
                    ["step_finished", "forwarded", "forward_comment", "step_started"],
                    check,
                ),
                # the wizard is the operators' (no access to create it)
                ("refused", ACCESS_ERROR, r"not allowed to create"),
            ),
        )

    # ---------------------------------------------------------------- next step

    def test_next_step(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.subprocess_id.name, "Visita técnica")

        self._matrix(
            "action_next_step",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role, "service.ticket", "action_next_step", [t.id]
            ),
            self._expect(
                OPERATORS,
                ("allowed", ["step_finished", "step_started"], check),
                refused_right(r"start the next subprocess of"),
            ),
        )

    def test_next_step_on_the_last_subprocess(self):
        self._matrix(
            "action_next_step (last subprocess)",
            lambda role: self.ticket(process=self.single),
            lambda role, t: self.call(
                role, "service.ticket", "action_next_step", [t.id]
            ),
            self._expect(
                OPERATORS,
                (
                    "refused",
                    USER_ERROR,
                    (
                        r"“Único” is the last subprocess of ticket \d+: close the "
                        r"ticket instead"
                    ),
                ),
                refused_right(r"start the next subprocess of"),
            ),
        )

    # ---------------------------------------------------------------- close

    def test_close(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.state, "closed")
            self.assertEqual(ticket.closed_by_id, user)
            self.assertEqual(ticket.closing_classification_id, self.class_close)
            self.assertEqual(ticket.closing_comment, "Trocado o roteador.")
            self.assertFalse(ticket.current_step_id)
            self.assertIn(ticket.sla_state, ("met", "breached"))
            self.assertTrue(ticket.survey_sent_at)

        self._matrix(
            "action_close",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "action_close",
                [t.id],
                self.class_close.id,
                "Trocado o roteador.",
            ),
            self._expect(
                OPERATORS,
                ("allowed", ["step_finished", "closed", "closing_comment"], check),
                refused_right("close"),
            ),
        )

    def test_close_wizard(self):
        def call(role, ticket):
            wizard = self.call(
                role,
                "service.ticket.close.wizard",
                "create",
                {
                    "ticket_ids": [(6, 0, [ticket.id])],
                    "closing_classification_id": self.class_close.id,
                },
            )
            if not wizard.ok:
                return wizard
            # the ticket's work order is open: closing asks the operator to confirm
            unconfirmed = self.call(
                role, "service.ticket.close.wizard", "action_confirm", [wizard.result]
            )
            self.assertRefused(
                unconfirmed, f"{role} × close wizard unconfirmed", USER_ERROR, "OS/"
            )
            self.assertEqual(ticket.state, "open")
            return self.call(
                role,
                "service.ticket.close.wizard",
                "action_confirm_open_work_orders",
                [wizard.result],
            )

        def check(ticket, user, answer):
            self.assertEqual(ticket.state, "closed")
            self.assertIn(ticket.work_order_ids.state, ("draft", "scheduled"))

        self._matrix(
            "close wizard",
            lambda role: self.ticket(),
            call,
            self._expect(
                OPERATORS,
                ("allowed", ["step_finished", "closed"], check),
                ("refused", ACCESS_ERROR, r"not allowed to create"),
            ),
        )

    # ---------------------------------------------------------------- cancel / reopen

    def test_cancel(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.state, "cancelled")
            self.assertEqual(ticket.closed_by_id, user)
            self.assertFalse(ticket.current_step_id)

        self._matrix(
            "action_cancel",
            lambda role: self.ticket(),
            lambda role, t: self.call(role, "service.ticket", "action_cancel", [t.id]),
            self._expect(
                SUPERVISORS,
                ("allowed", ["step_finished", "cancelled"], check),
                refused_right("cancel"),
            ),
        )

    def test_reopen(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.state, "open")
            self.assertFalse(ticket.closed_at)
            self.assertFalse(ticket.closing_classification_id)
            self.assertEqual(len(ticket.current_step_id), 1)
            self.assertEqual(ticket.sla_state, "running")

        self._matrix(
            "action_reopen",
            lambda role: self.ticket(state="closed"),
            lambda role, t: self.call(role, "service.ticket", "action_reopen", [t.id]),
            self._expect(
                SUPERVISORS,
                ("allowed", ["reopened", "step_started"], check),
                refused_right("reopen"),
            ),
        )

    # ---------------------------------------------------------------- comment

    def test_comment_over_call_kw(self):
        def check(ticket, user, answer):
            event = ticket.interaction_ids.filtered(lambda e: e.code == "comment_added")
            self.assertEqual(event.user_id, user)
            self.assertEqual(event.details, "Cliente confirmou o endereço.")

        self._matrix(
            "message_post (comment)",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "message_post",
                [t.id],
                body="Cliente confirmou o endereço.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            ),
            self._expect(
                ("technician", *OPERATORS),
                ("allowed", ["comment_added"], check),
                refused_right("comment on"),
            ),
        )

    def test_comment_through_the_chatter_route(self):
        """The web client's chatter posts through /mail/message/post."""

        def call(role, ticket):
            self.login(role)
            return self.post_json(
                "/mail/message/post",
                {
                    "thread_model": "service.ticket",
                    "thread_id": ticket.id,
                    "post_data": {
                        "body": "Visita marcada com o cliente.",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                    "context": self.client_context(role),
                },
            )

        def check(ticket, user, answer):
            event = ticket.interaction_ids.filtered(lambda e: e.code == "comment_added")
            self.assertEqual(event.user_id, user)

        for role, expected in (
            ("technician", True),
            ("operator", True),
            ("supervisor", True),
            ("technician_2", False),  # not his work order
            ("operator_sul", False),  # another company
            ("internal", False),
        ):
            with self.subTest(role=role):
                cell = f"{role} × /mail/message/post"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = call(role, ticket)
                if expected:
                    self.assertAllowed(answer, cell)
                    self.assertEvents(ticket, before, ["comment_added"], cell)
                    self.env.invalidate_all()
                    check(ticket, self.users[role], answer)
                else:
                    self.assertFalse(answer.ok, f"[{cell}] should be refused")
                    self.assertUnchanged(before, ticket, cell)

    def test_rating_through_message_post_is_refused(self):
        for role in ROLES:
            with self.subTest(role=role):
                cell = f"{role} × message_post(rating_value=5)"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "message_post",
                    [ticket.id],
                    body="Nota máxima",
                    message_type="comment",
                    rating_value=5,
                )
                self.assertRefused(
                    answer,
                    cell,
                    ACCESS_ERROR,
                    r"Only the customer rates a ticket, through the satisfaction "
                    r"survey",
                )
                self.assertUnchanged(before, ticket, cell)

    # ---------------------------------------------------------------- SLA

    def test_sla_increment(self):
        def check(ticket, user, answer):
            intervention = ticket.sla_intervention_ids
            self.assertEqual(len(intervention), 1)
            self.assertEqual(intervention.kind, "increment")
            self.assertEqual(intervention.user_id, user)
            self.assertEqual(intervention.deadline_after, ticket.sla_deadline)
            self.assertGreater(ticket.sla_deadline, intervention.deadline_before)

        self._matrix(
            "sla_increment",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "sla_increment",
                [t.id],
                2,
                "hours",
                self.motive_increment.id,
                "Feriado municipal.",
            ),
            self._expect(
                SUPERVISORS,
                ("allowed", ["sla_changed"], check),
                refused_right(r"change the SLA of"),
            ),
        )

    def test_sla_pause(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.sla_state, "paused")
            self.assertFalse(ticket.sla_deadline)
            self.assertEqual(ticket.sla_intervention_ids.kind, "pause")

        self._matrix(
            "sla_pause",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "sla_pause",
                [t.id],
                self.motive_pause.id,
                "Cliente viajando.",
            ),
            self._expect(
                SUPERVISORS,
                ("allowed", ["sla_changed"], check),
                refused_right(r"change the SLA of"),
            ),
        )

    def test_sla_resume(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.sla_state, "running")
            self.assertTrue(ticket.sla_deadline)
            self.assertEqual(
                ticket.sla_intervention_ids.sorted("id")[-1:].kind, "resume"
            )

        self._matrix(
            "sla_resume",
            lambda role: self.ticket(state="paused"),
            lambda role, t: self.call(
                role, "service.ticket", "sla_resume", [t.id], "Cliente voltou."
            ),
            self._expect(
                SUPERVISORS,
                ("allowed", ["sla_changed"], check),
                refused_right(r"change the SLA of"),
            ),
        )

    def _sla_wizard(self, role, ticket, operation, details):
        """The web client's "Modificar SLA": create the wizard on the ticket, Next,
        fill in the details, tick the confirmation, Finish."""
        choice = "paused_choice" if operation == "resume" else "running_choice"
        wizard = self.call(
            role,
            "service.sla.change.wizard",
            "create",
            {"ticket_ids": [(6, 0, [ticket.id])], choice: operation},
        )
        if not wizard.ok:
            return wizard
        wizard_id = wizard.result
        for method, args in (
            ("action_next", ()),
            ("write", (dict(details, confirm=True),)),
            ("action_confirm", ()),
        ):
            answer = self.call(
                role, "service.sla.change.wizard", method, [wizard_id], *args
            )
            if not answer.ok:
                return answer
        return answer

    def test_sla_wizard(self):
        cases = {
            "increment": (
                lambda role: self.ticket(),
                {
                    "motive_id": self.motive_increment.id,
                    "notes": "Feriado.",
                    "unit": "days",
                    "quantity": 1,
                },
            ),
            "pause": (
                lambda role: self.ticket(),
                {"motive_id": self.motive_pause.id, "notes": "Aguardando peça."},
            ),
            "resume": (
                lambda role: self.ticket(state="paused"),
                {"notes": "Peça chegou."},
            ),
        }
        for operation, (prepare, details) in cases.items():

            def check(ticket, user, answer, operation=operation):
                self.assertEqual(answer.result["tag"], "display_notification")
                last = ticket.sla_intervention_ids.sorted("id")[-1:]
                self.assertEqual(last.kind, operation)
                self.assertEqual(last.user_id, user)

            self._matrix(
                f"SLA wizard ({operation})",
                prepare,
                lambda role, t, operation=operation, details=details: self._sla_wizard(
                    role, t, operation, details
                ),
                self._expect(
                    SUPERVISORS,
                    ("allowed", ["sla_changed"], check),
                    ("refused", ACCESS_ERROR, r"not allowed to create"),
                ),
            )

    def test_sla_wizard_needs_the_confirmation(self):
        ticket = self.ticket()
        before = self.snapshot(ticket)
        wizard = self.assertAllowed(
            self.call(
                "supervisor",
                "service.sla.change.wizard",
                "create",
                {"ticket_ids": [(6, 0, [ticket.id])], "running_choice": "increment"},
            ),
            "supervisor × SLA wizard create",
        )
        self.call("supervisor", "service.sla.change.wizard", "action_next", [wizard])
        self.call(
            "supervisor",
            "service.sla.change.wizard",
            "write",
            [wizard],
            {
                "motive_id": self.motive_increment.id,
                "notes": "Sem confirmar.",
                "quantity": 2,
            },
        )
        answer = self.call(
            "supervisor", "service.sla.change.wizard", "action_confirm", [wizard]
        )
        self.assertRefused(
            answer,
            "supervisor × SLA wizard without confirmation",
            USER_ERROR,
            r"Tick 'Are you sure you want to run this process now\?' to finish",
        )
        self.assertUnchanged(before, ticket, "SLA wizard without confirmation")

    def test_sla_tools_open(self):
        """The buttons that open the SLA tools check their right too."""
        for method, allowed, action in (
            ("action_open_sla_change_wizard", SUPERVISORS, r"change the SLA of"),
            ("action_view_sla_history", OPERATORS, r"see the SLA history of"),
        ):
            for role in ROLES:
                with self.subTest(method=method, role=role):
                    cell = f"{role} × {method}"
                    ticket = self.ticket()
                    before = self.snapshot(ticket)
                    answer = self.call(role, "service.ticket", method, [ticket.id])
                    if role in allowed:
                        action_dict = self.assertAllowed(answer, cell)
                        self.assertEqual(action_dict["type"], "ir.actions.act_window")
                    else:
                        self.assertRefused(answer, cell, ACCESS_ERROR, action)
                    self.assertUnchanged(before, ticket, cell)

    # ---------------------------------------------------------------- survey

    def test_resend_survey(self):
        def prepare(role):
            ticket = self.ticket(state="closed")
            ticket.sudo().write(
                {"survey_sent_at": fields.Datetime.now() - timedelta(days=2)}
            )
            return ticket

        def check(ticket, user, answer):
            self.assertEqual(answer.result["tag"], "display_notification")
            self.assertGreater(
                ticket.survey_sent_at, fields.Datetime.now() - timedelta(hours=1)
            )

        self._matrix(
            "action_resend_rating",
            prepare,
            lambda role, t: self.call(
                role, "service.ticket", "action_resend_rating", [t.id]
            ),
            self._expect(
                SUPERVISORS,
                ("allowed", [], check),
                refused_right(r"resend the survey of"),
            ),
        )

    # ---------------------------------------------------------------- log

    def test_log_interaction(self):
        def check(ticket, user, answer):
            event = ticket.interaction_ids.filtered(lambda e: e.code == "crm_linked")
            self.assertEqual(event.user_id, user)
            self.assertEqual(event.create_uid, user)
            self.assertFalse(event.logged_by_integration)

        self._matrix(
            "log_interaction(crm_linked)",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role, "service.ticket", "log_interaction", [t.id], "crm_linked"
            ),
            self._expect(
                (*OPERATORS, "integration"),
                ("allowed", ["crm_linked"], check),
                ("refused", ACCESS_ERROR, r"not allowed to log events on tickets"),
            ),
        )

    # ---------------------------------------------------------------- edit / delete

    def test_edit_tool(self):
        def check(ticket, user, answer):
            self.assertEqual(ticket.description, "Relato corrigido.")
            self.assertEqual(ticket.city, "Valinhos")

        self._matrix(
            "write (Edit tool fields)",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "write",
                [t.id],
                {"description": "Relato corrigido.", "city": "Valinhos"},
            ),
            self._expect(
                OPERATORS,
                ("allowed", ["description_changed"], check),
                (
                    "refused",
                    ACCESS_ERROR,
                    r"not allowed to (modify|edit|access)",
                ),
            ),
        )

    def test_edit_through_web_save(self):
        """The form view saves with web_save: the same door."""

        def check(ticket, user, answer):
            self.assertEqual(ticket.condominium, "Residencial Ipês")

        self._matrix(
            "web_save (Edit tool field)",
            lambda role: self.ticket(),
            lambda role, t: self.call(
                role,
                "service.ticket",
                "web_save",
                [t.id],
                {"condominium": "Residencial Ipês"},
                specification={"condominium": {}},
            ),
            self._expect(
                OPERATORS,
                ("allowed", [], check),
                ("refused", ACCESS_ERROR, r"not allowed to (modify|edit|access)"),
            ),
        )

    def test_unlink_is_refused_to_everyone(self):
        for role in ROLES:
            with self.subTest(role=role):
                cell = f"{role} × unlink"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = self.call(role, "service.ticket", "unlink", [ticket.id])
                self.assertRefused(
                    answer,
                    cell,
                    ANY_REFUSAL,
                    r"cancel it instead|not allowed to delete",
                )
                self.assertUnchanged(before, ticket, cell)
                self.assertTrue(ticket.exists())

    # ---------------------------------------------------------------- create / copy

    def _opening_values(self):
        return {
            "partner_id": self.customer.id,
            "description": "Sem sinal na ONU.",
            "street": "Rua das Flores",
            "street_number": "42",
            "district": "Cambuí",
            "city": "Campinas",
            "state_id": self.env.ref("base.state_br_sp").id,
            "zip": "13025-000",
            "condominium": "Edifício Aurora",
            "origin_id": self.origin.id,
            "opening_classification_id": self.class_open.id,
            "team_id": self.team.id,
            "company_id": self.conecta.id,
            "process_id": self.process.id,
        }

    def test_create(self):
        opening = [
            "ticket_started",
            "sla_defaults_set",
            "opening_comment",
            "step_started",
        ]
        for role in ROLES:
            with self.subTest(role=role):
                cell = f"{role} × create"
                Ticket = self.env["service.ticket"]
                count = Ticket.search_count([])
                answer = self.call(
                    role, "service.ticket", "create", self._opening_values()
                )
                if role in OPERATORS:
                    ticket = Ticket.browse(self.assertAllowed(answer, cell))
                    user = self.users[role]
                    self.assertEqual(ticket.state, "open")
                    self.assertEqual(ticket.opened_by_id, user)
                    self.assertFalse(ticket.claimed_by_id)
                    self.assertRegex(ticket.protocol, r"^\d{14}$")
                    self.assertEqual(
                        (ticket.street, ticket.street_number, ticket.city),
                        ("Rua das Flores", "42", "Campinas"),
                    )
                    self.assertEqual(ticket.condominium, "Edifício Aurora")
                    self.assertEqual(ticket.sla_state, "running")
                    self.assertEqual(
                        ticket.interaction_ids.sorted("id").mapped("code"), opening
                    )
                    self.assertEqual(
                        set(ticket.interaction_ids.mapped("user_id")), {user}
                    )
                else:
                    self.assertRefused(
                        answer, cell, ACCESS_ERROR, r"not allowed to create"
                    )
                    self.assertEqual(Ticket.search_count([]), count, cell)

    def test_copy_of_a_closed_ticket_is_a_fresh_open_ticket(self):
        opening = [
            "ticket_started",
            "sla_defaults_set",
            "opening_comment",
            "step_started",
        ]
        for role in ROLES:
            with self.subTest(role=role):
                cell = f"{role} × copy (closed ticket)"
                original = self.ticket(state="closed", claimed_by="operator_2")
                before = self.snapshot(original)
                count = self.env["service.ticket"].search_count([])
                answer = self.call(role, "service.ticket", "copy", [original.id])
                self.assertUnchanged(before, original, cell)
                if role in OPERATORS:
                    result = self.assertAllowed(answer, cell)
                    copy = self.env["service.ticket"].browse(result)
                    user = self.users[role]
                    self.assertEqual(copy.state, "open", cell)
                    self.assertNotEqual(copy.protocol, original.protocol, cell)
                    self.assertEqual(copy.opened_by_id, user, cell)
                    self.assertGreater(
                        copy.opened_at, original.opened_at - timedelta(seconds=1)
                    )
                    self.assertFalse(copy.claimed_by_id, cell)
                    self.assertFalse(copy.closed_at or copy.closed_by_id, cell)
                    self.assertFalse(copy.closing_classification_id, cell)
                    self.assertFalse(copy.survey_sent_at, cell)
                    self.assertFalse(copy.sla_intervention_ids, cell)
                    self.assertEqual(copy.sla_state, "running", cell)
                    self.assertEqual(len(copy.step_ids), 1, cell)
                    self.assertEqual(
                        copy.interaction_ids.sorted("id").mapped("code"), opening, cell
                    )
                else:
                    self.assertRefused(answer, cell, ANY_REFUSAL)
                    self.assertEqual(
                        self.env["service.ticket"].search_count([]), count, cell
                    )

    # ---------------------------------------------------------------- read

    def test_read(self):
        """Who reads what of a Conecta ticket (the technician's work order on it,
        or not)."""
        own = self.ticket()
        other = self.ticket(technician="technician_2")
        expect = {
            "technician": {own: True, other: False},
            "operator": {own: True, other: True},
            "supervisor": {own: True, other: True},
            "admin": {own: True, other: True},
            "integration": {own: True, other: True},
            "internal": {own: False, other: False},
        }
        for role, tickets in expect.items():
            for ticket, readable in tickets.items():
                with self.subTest(role=role, ticket=ticket.protocol):
                    cell = f"{role} × read ({'own' if ticket == own else 'other'})"
                    answer = self.call(
                        role,
                        "service.ticket",
                        "read",
                        [ticket.id],
                        ["protocol", "state"],
                    )
                    found = self.call(
                        role,
                        "service.ticket",
                        "search_read",
                        [("id", "in", (own | other).ids)],
                        ["id"],
                    )
                    if readable:
                        self.assertEqual(
                            self.assertAllowed(answer, cell)[0]["protocol"],
                            ticket.protocol,
                        )
                        self.assertIn(ticket.id, [r["id"] for r in found.result])
                    else:
                        self.assertRefused(answer, cell, ACCESS_ERROR)
                        if found.ok:
                            self.assertNotIn(ticket.id, [r["id"] for r in found.result])


# ---------------------------------------------------------------------------
# Protected fields: create, write, copy(default=...), default_<field> context
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestProtectedFields(PainelRpcCase):
    """No client sets the lifecycle's, the SLA engine's or the survey's fields."""

    CLIENT_ROLES = ("operator", "supervisor", "admin")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        source = cls.env["service.ticket"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.conecta.id,
                "process_id": cls.process.id,
            }
        )
        cls.other_step = source.step_ids[:1]
        policy = cls.env.ref("painel_atendimento.sla_policy_conecta_billing")
        supervisor = cls.users["supervisor"]
        moment = "2025-06-02 13:00:00"
        clear = [(5, 0, 0)]
        # a value of the right type for each field, so that only the door refuses it
        cls.protected_values = {
            "state": "closed",
            "protocol": "20250101999999",
            "opened_at": moment,
            "opened_by_id": supervisor.id,
            "claimed_by_id": supervisor.id,
            "closed_at": moment,
            "closed_by_id": supervisor.id,
            "closing_classification_id": cls.class_close.id,
            "closing_comment": "Fechado por fora.",
            "current_step_id": cls.other_step.id,
            "subprocess_id": cls.other_step.subprocess_id.id,
            "step_ids": clear,
            "sla_deadline": "2030-01-01 12:00:00",
            "sla_policy_id": policy.id,
            "sla_state": "met",
            "sla_calendar_id": policy.resource_calendar_id.id,
            "sla_target_hours": 999.0,
            "sla_started_at": moment,
            "sla_paused_remaining_hours": 99.0,
            "sla_breached_at": moment,
            "sla_intervention_ids": clear,
            "rating_last_value": 5.0,
            "rating_ids": clear,
            "survey_sent_at": moment,
            "work_order_ids": clear,
            "interaction_ids": clear,
            "create_uid": supervisor.id,
            "write_uid": supervisor.id,
            "interaction_count": 0,
            "work_order_count": 9,
            "work_order_names": "OS/2025/99999",
            "work_order_status": "done",
            "attachment_ids": clear,
            "website_message_ids": clear,
            # the regulation's: its deadline, the protocol notice, the outage
            "regulatory_rule_id": cls.env.ref(
                "painel_atendimento.regulatory_rule_billing_dispute"
            ).id,
            "regulatory_deadline": "2030-01-01 12:00:00",
            "regulatory_breached_at": moment,
            "protocol_notice_state": "sent",
            "protocol_notice_due_at": "2030-01-01 12:00:00",
            "protocol_notice_sent_at": moment,
            "protocol_notice_late": True,
            "protocol_notice_channels": "e-mail e SMS",
            "protocol_notice_message_ids": clear,
            "outage_id": cls.env.ref("painel_atendimento.outage_demo_castelo").id,
        }

    def test_every_field_a_client_may_not_write_is_in_the_matrix(self):
        """A field added to the ticket is either one the Edit tool or the opening
        writes, or it is tried by every role below: none escapes the matrix."""
        Ticket = self.env["service.ticket"]
        writable = EDIT_TOOL_FIELDS | OPENING_FIELDS
        untried = {
            name
            for name, field in Ticket._fields.items()
            if (field.store or field.type in ("one2many", "many2many"))
            and name not in writable
            and name not in self.protected_values
            and name not in ("id", "create_date", "write_date")
            and not name.startswith(("message_", "activity_", "rating_"))
        }
        self.assertFalse(untried, "fields no test tries to write over JSON-RPC")

    def _label(self, name):
        return self.env["service.ticket"]._fields[name].string

    def _assert_door(self, answer, cell, name):
        self.assertRefused(
            answer,
            cell,
            BUSINESS,
            r"These fields of a ticket change only through its actions \(claim, "
            r"forward, close, change SLA\.\.\.\): .*"
            + self._escaped(self._label(name)),
        )

    @staticmethod
    def _escaped(text):
        import re

        return re.escape(text)

    def test_create_with_a_protected_field(self):
        values = {
            "partner_id": self.customer.id,
            "company_id": self.conecta.id,
            "process_id": self.process.id,
        }
        Ticket = self.env["service.ticket"]
        for role in self.CLIENT_ROLES:
            for name, value in self.protected_values.items():
                with self.subTest(role=role, field=name):
                    count = Ticket.search_count([])
                    cell = f"{role} × create({name}=...)"
                    answer = self.call(
                        role, "service.ticket", "create", dict(values, **{name: value})
                    )
                    self._assert_door(answer, cell, name)
                    self.assertEqual(Ticket.search_count([]), count, cell)

    def test_create_with_a_protected_default_in_the_context(self):
        values = {
            "partner_id": self.customer.id,
            "company_id": self.conecta.id,
            "process_id": self.process.id,
        }
        Ticket = self.env["service.ticket"]
        for role in self.CLIENT_ROLES:
            for name, value in self.protected_values.items():
                with self.subTest(role=role, field=name):
                    count = Ticket.search_count([])
                    cell = f"{role} × create(context default_{name})"
                    answer = self.call(
                        role,
                        "service.ticket",
                        "create",
                        values,
                        context={f"default_{name}": value},
                    )
                    self._assert_door(answer, cell, name)
                    self.assertEqual(Ticket.search_count([]), count, cell)

    def test_write_a_protected_field(self):
        writable_once = {
            "company_id": self.rede_sul.id,
            "process_id": self.billing.id,
        }
        for role in self.CLIENT_ROLES:
            for name, value in {**self.protected_values, **writable_once}.items():
                with self.subTest(role=role, field=name):
                    cell = f"{role} × write({name}=...)"
                    ticket = self.ticket(technician=None)
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role, "service.ticket", "write", [ticket.id], {name: value}
                    )
                    self._assert_door(answer, cell, name)
                    self.assertUnchanged(before, ticket, cell)

    def test_write_a_protected_field_with_an_edit_field(self):
        """One refused field refuses the whole write: the allowed one is not
        saved either."""
        for role in self.CLIENT_ROLES:
            with self.subTest(role=role):
                cell = f"{role} × write(description + state)"
                ticket = self.ticket(technician=None)
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "write",
                    [ticket.id],
                    {"description": "Novo relato", "sla_state": "met"},
                )
                self._assert_door(answer, cell, "sla_state")
                self.assertUnchanged(before, ticket, cell)

    def test_web_save_a_protected_field(self):
        for role in self.CLIENT_ROLES:
            for name in ("state", "claimed_by_id", "sla_deadline", "process_id"):
                with self.subTest(role=role, field=name):
                    cell = f"{role} × web_save({name}=...)"
                    ticket = self.ticket(technician=None)
                    before = self.snapshot(ticket)
                    value = (
                        self.billing.id
                        if name == "process_id"
                        else self.protected_values[name]
                    )
                    answer = self.call(
                        role,
                        "service.ticket",
                        "web_save",
                        [ticket.id],
                        {name: value},
                        specification={"state": {}},
                    )
                    self._assert_door(answer, cell, name)
                    self.assertUnchanged(before, ticket, cell)

    def test_copy_with_a_protected_default(self):
        Ticket = self.env["service.ticket"]
        original = self.ticket(technician=None, state="closed")
        before = self.snapshot(original)
        for role in self.CLIENT_ROLES:
            for name, value in self.protected_values.items():
                with self.subTest(role=role, field=name):
                    count = Ticket.search_count([])
                    cell = f"{role} × copy(default={{{name}: ...}})"
                    answer = self.call(
                        role,
                        "service.ticket",
                        "copy",
                        [original.id],
                        default={name: value},
                    )
                    self._assert_door(answer, cell, name)
                    self.assertEqual(Ticket.search_count([]), count, cell)
        self.assertUnchanged(before, original, "copy with protected defaults")

    def test_technician_and_integration_cannot_sneak_a_field_in(self):
        """The roles without create/write rights are refused whatever they send."""
        Ticket = self.env["service.ticket"]
        for role in ("technician", "integration", "internal"):
            for name in ("state", "claimed_by_id", "sla_deadline", "description"):
                with self.subTest(role=role, field=name):
                    ticket = self.ticket()
                    before = self.snapshot(ticket)
                    value = self.protected_values.get(name, "Relato novo")
                    cell = f"{role} × write({name})"
                    answer = self.call(
                        role, "service.ticket", "write", [ticket.id], {name: value}
                    )
                    self.assertRefused(answer, cell, ANY_REFUSAL)
                    self.assertUnchanged(before, ticket, cell)
                    count = Ticket.search_count([])
                    cell = f"{role} × create({name})"
                    answer = self.call(
                        role,
                        "service.ticket",
                        "create",
                        {
                            "partner_id": self.customer.id,
                            "process_id": self.process.id,
                            name: value,
                        },
                    )
                    self.assertRefused(answer, cell, ANY_REFUSAL)
                    self.assertEqual(Ticket.search_count([]), count, cell)

    def test_edit_fields_only_on_open_tickets(self):
        for state in ("closed", "cancelled"):
            for role in self.CLIENT_ROLES:
                with self.subTest(role=role, state=state):
                    cell = f"{role} × write(description) on a {state} ticket"
                    ticket = self.ticket(technician=None, state=state)
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role,
                        "service.ticket",
                        "write",
                        [ticket.id],
                        {"description": "Depois de fechado."},
                    )
                    self.assertRefused(
                        answer,
                        cell,
                        BUSINESS,
                        r"A ticket that is no longer open cannot be edited: reopen "
                        r"it first",
                    )
                    self.assertUnchanged(before, ticket, cell)

    def test_each_edit_tool_field_is_writable_on_an_open_ticket(self):
        values = {
            "partner_id": self.customer_cnpj.id,
            "description": "Relato revisto.",
            "street": "Av. Brasil",
            "street_number": "1500",
            "district": "Jardim Guanabara",
            "city": "Campinas",
            "state_id": self.env.ref("base.state_br_sp").id,
            "zip": "13070-000",
            "condominium": "Cond. Solar",
            "origin_id": self.env.ref("painel_atendimento.origin_whatsapp").id,
            "opening_classification_id": self.env.ref(
                "painel_atendimento.classification_open_slow"
            ).id,
            "team_id": self.env.ref("painel_atendimento.team_support_n2").id,
        }
        ticket = self.ticket(technician=None)
        for name, value in values.items():
            with self.subTest(field=name):
                cell = f"operator × write({name})"
                before = self.snapshot(ticket)
                self.assertAllowed(
                    self.call(
                        "operator",
                        "service.ticket",
                        "write",
                        [ticket.id],
                        {name: value},
                    ),
                    cell,
                )
                self.env.invalidate_all()
                stored = ticket[name]
                self.assertEqual(
                    stored.id if hasattr(stored, "_name") else stored, value, cell
                )
                expected = ["description_changed"] if name == "description" else []
                self.assertEvents(ticket, before, expected, cell)
                self.assertEqual(self.snapshot(ticket)["state"], "open")


# ---------------------------------------------------------------------------
# Technicians and work orders
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestWorkOrders(PainelRpcCase):
    def _order_cell(self, role, order, method, *args, **kwargs):
        return self.call(
            role, "service.work.order", method, [order.id], *args, **kwargs
        )

    def test_technician_on_his_work_order(self):
        ticket = self.ticket(technician=None)
        order = self.work_order(ticket, "technician")
        cases = [
            (
                "write scheduled_at/description",
                (
                    "write",
                    {"scheduled_at": "2026-03-10 13:00:00", "description": "Levar ONU"},
                ),
                ["work_order_edit_requested"],
            ),
            ("action_schedule", ("action_schedule",), ["work_order_scheduled"]),
            ("action_done", ("action_done",), ["work_order_done"]),
        ]
        for label, (method, *args), events in cases:
            with self.subTest(action=label):
                cell = f"technician × {label} (his work order)"
                before = self.snapshot(ticket)
                self.assertAllowed(
                    self._order_cell("technician", order, method, *args), cell
                )
                self.assertEvents(ticket, before, events, cell)
                self.assertEqual(
                    self.new_events(ticket, before).user_id, self.users["technician"]
                )
        self.env.invalidate_all()
        self.assertEqual(order.state, "done")
        self.assertEqual(order.description, "Levar ONU")
        self.assertEqual(ticket.work_order_status, "done")

    def test_technician_refusals(self):
        ticket = self.ticket(technician=None)
        own = self.work_order(ticket, "technician", scheduled_at="2026-03-10 13:00:00")
        others = self.work_order(ticket, "technician_2")
        cases = [
            (
                own,
                "action_cancel",
                (),
                ACCESS_ERROR,
                r"Only operators can cancel a work order",
            ),
            (
                own,
                "write",
                ({"technician_id": self.users["technician_2"].id},),
                USER_ERROR,
                (
                    r"These fields of a work order change only through its actions "
                    r"\(schedule, done, cancel\): Technician"
                ),
            ),
            (
                own,
                "write",
                ({"street": "Outra rua"},),
                USER_ERROR,
                r"These fields of a work order change only through its actions.*Street",
            ),
            (
                own,
                "write",
                ({"state": "done"},),
                USER_ERROR,
                r"These fields of a work order change only through its actions.*Status",
            ),
            (others, "read", (["name"],), ACCESS_ERROR, None),
            (others, "write", ({"description": "Não é minha"},), ACCESS_ERROR, None),
            (others, "action_schedule", (), ACCESS_ERROR, None),
            (others, "action_done", (), ACCESS_ERROR, None),
            (own, "unlink", (), ACCESS_ERROR, None),
        ]
        for order, method, args, name, pattern in cases:
            mine = "his" if order == own else "another technician's"
            with self.subTest(method=method, order=mine, args=args):
                cell = f"technician × {method}{args} ({mine} work order)"
                before = self.snapshot(ticket)
                states = (own | others).read(["state", "technician_id", "street"])
                answer = self._order_cell("technician", order, method, *args)
                self.assertRefused(answer, cell, name, pattern)
                self.assertUnchanged(before, ticket, cell)
                self.env.invalidate_all()
                self.assertEqual(
                    (own | others).read(["state", "technician_id", "street"]),
                    states,
                    cell,
                )

    def test_technician_cannot_create_a_work_order_nor_act_on_the_ticket(self):
        ticket = self.ticket()
        before = self.snapshot(ticket)
        answer = self.call(
            "technician",
            "service.work.order",
            "create",
            {"ticket_id": ticket.id, "technician_id": self.users["technician"].id},
        )
        self.assertRefused(answer, "technician × create work order", ACCESS_ERROR)
        self.assertUnchanged(before, ticket, "technician × create work order")

    def test_technician_reads_the_history_of_his_tickets_only(self):
        own = self.ticket()
        own.sla_increment(1, "hours", self.motive_increment.id, "Teste")
        other = self.ticket(technician="technician_2")
        other.sla_increment(1, "hours", self.motive_increment.id, "Teste")
        for model in (
            "service.ticket.step",
            "service.interaction",
            "service.sla.intervention",
        ):
            with self.subTest(model=model):
                cell = f"technician × search_read {model}"
                rows = self.assertAllowed(
                    self.call(
                        "technician",
                        model,
                        "search_read",
                        [("ticket_id", "in", (own | other).ids)],
                        ["ticket_id"],
                    ),
                    cell,
                )
                self.assertEqual({row["ticket_id"][0] for row in rows}, {own.id}, cell)
                foreign = self.env[model].search(
                    [("ticket_id", "=", other.id)], limit=1
                )
                self.assertRefused(
                    self.call("technician", model, "read", foreign.ids, ["ticket_id"]),
                    f"technician × read {model} of another ticket",
                    ACCESS_ERROR,
                )

    def test_operator_work_order_lifecycle(self):
        ticket = self.ticket(
            technician=None, street_number="77", condominium="Cond. Azul"
        )
        before = self.snapshot(ticket)
        order_id = self.assertAllowed(
            self.call(
                "operator",
                "service.work.order",
                "create",
                {
                    "ticket_id": ticket.id,
                    "technician_id": self.users["technician"].id,
                    # what the form sends: the address fields empty
                    "street": False,
                    "city": "",
                    "district": False,
                },
            ),
            "operator × create work order",
        )
        order = self.env["service.work.order"].browse(order_id)
        self.assertEvents(ticket, before, ["work_order_added"], "create work order")
        self.assertEqual(
            (
                order.street,
                order.street_number,
                order.district,
                order.city,
                order.state_id,
                order.zip,
                order.condominium,
            ),
            (
                ticket.street,
                "77",
                ticket.district,
                ticket.city,
                ticket.state_id,
                ticket.zip,
                "Cond. Azul",
            ),
        )
        self.assertEqual(order.state, "draft")
        self.assertEqual(ticket.work_order_status, "unscheduled")
        steps = [
            (
                "action_schedule",
                (),
                "refused",
                r"Set the date of the visit before scheduling",
            ),
            (
                "write",
                (
                    {
                        "scheduled_at": "2026-03-11 12:00:00",
                        "technician_id": self.users["technician_2"].id,
                    },
                ),
                ["work_order_edit_requested"],
                None,
            ),
            ("action_schedule", (), ["work_order_scheduled"], None),
            ("action_done", (), ["work_order_done"], None),
            ("action_cancel", (), "refused", r"Work order .* is already finished"),
            (
                "write",
                ({"description": "Depois de concluída"},),
                "refused",
                r"A finished work order cannot be changed",
            ),
        ]
        for method, args, expected, pattern in steps:
            with self.subTest(method=method, args=args):
                cell = f"operator × work order {method}{args}"
                before = self.snapshot(ticket)
                answer = self._order_cell("operator", order, method, *args)
                if expected == "refused":
                    self.assertRefused(answer, cell, USER_ERROR, pattern)
                    self.assertUnchanged(before, ticket, cell)
                else:
                    self.assertAllowed(answer, cell)
                    self.assertEvents(ticket, before, expected, cell)
        self.env.invalidate_all()
        self.assertEqual(ticket.work_order_status, "done")

    def test_operator_cancels_a_work_order(self):
        ticket = self.ticket(technician=None)
        order = self.work_order(ticket, "technician")
        before = self.snapshot(ticket)
        self.assertAllowed(
            self._order_cell("operator", order, "action_cancel"),
            "operator × work order cancel",
        )
        self.assertEvents(ticket, before, ["work_order_removed"], "cancel")
        self.env.invalidate_all()
        self.assertEqual(order.state, "cancelled")
        self.assertEqual(ticket.work_order_status, "none")

    def test_operator_keeps_the_address_he_types(self):
        ticket = self.ticket(technician=None)
        order = self.env["service.work.order"].browse(
            self.assertAllowed(
                self.call(
                    "operator",
                    "service.work.order",
                    "create",
                    {
                        "ticket_id": ticket.id,
                        "street": "Rua do Cliente Novo",
                        "city": "Sumaré",
                    },
                ),
                "operator × create work order with an address",
            )
        )
        self.assertEqual((order.street, order.city), ("Rua do Cliente Novo", "Sumaré"))
        self.assertEqual(order.district, ticket.district)

    def test_work_order_refusals_for_operators(self):
        closed = self.ticket(technician=None, state="closed")
        open_ticket = self.ticket(technician=None)
        cases = [
            (
                closed,
                {},
                {},
                USER_ERROR,
                r"Work orders can only be added to open tickets",
            ),
            (
                open_ticket,
                {"state": "done"},
                {},
                USER_ERROR,
                r"These fields of a work order change only through its actions.*Status",
            ),
            (
                open_ticket,
                {"name": "OS-FALSA"},
                {},
                USER_ERROR,
                r"These fields of a work order change only through its actions",
            ),
            (
                open_ticket,
                {"done_at": "2026-01-01 10:00:00"},
                {},
                USER_ERROR,
                r"These fields of a work order change only through its actions",
            ),
            # the state machine of a work order is not set through the context either
            (
                open_ticket,
                {},
                {"default_state": "done"},
                BUSINESS,
                r"change only through its actions|Status",
            ),
            (
                open_ticket,
                {},
                {"default_done_at": "2026-01-01 10:00:00"},
                BUSINESS,
                r"change only through its actions",
            ),
        ]
        for ticket, extra, context, name, pattern in cases:
            with self.subTest(extra=extra, context=context, state=ticket.state):
                cell = (
                    f"operator × create work order {extra or context} "
                    f"on a {ticket.state} ticket"
                )
                before = self.snapshot(ticket)
                answer = self.call(
                    "operator",
                    "service.work.order",
                    "create",
                    dict(
                        {
                            "ticket_id": ticket.id,
                            "technician_id": self.users["technician"].id,
                        },
                        **extra,
                    ),
                    context=context,
                )
                if answer.ok:
                    order = self.env["service.work.order"].browse(answer.result)
                    self.fail(
                        f"[{cell}] should be refused; the work order was created in "
                        f"state {order.state!r}, done_at={order.done_at}"
                    )
                self.assertRefused(answer, cell, name, pattern)
                self.assertUnchanged(before, ticket, cell)

    def test_integration_and_internal_cannot_touch_work_orders(self):
        ticket = self.ticket(technician=None)
        order = self.work_order(ticket, "technician")
        for role in ("integration", "internal"):
            for method, args in (
                ("read", (["name"],)),
                ("write", ({"description": "x"},)),
                ("action_done", ()),
            ):
                with self.subTest(role=role, method=method):
                    cell = f"{role} × work order {method}"
                    before = self.snapshot(ticket)
                    self.assertRefused(
                        self._order_cell(role, order, method, *args), cell, ACCESS_ERROR
                    )
                    self.assertUnchanged(before, ticket, cell)


# ---------------------------------------------------------------------------
# History rows: no client creates, changes or deletes them
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestHistoryRowsOverRpc(PainelRpcCase):
    def test_steps_events_and_interventions_are_read_only(self):
        ticket = self.ticket()
        ticket.sla_increment(1, "hours", self.motive_increment.id, "Teste")
        rows = {
            "service.ticket.step": ticket.step_ids[:1],
            "service.interaction": ticket.interaction_ids[:1],
            "service.sla.intervention": ticket.sla_intervention_ids[:1],
        }
        create_values = {
            "service.ticket.step": {
                "ticket_id": ticket.id,
                "subprocess_id": self.process._first_subprocess().id,
            },
            "service.interaction": {
                "ticket_id": ticket.id,
                "company_id": self.conecta.id,
                "protocol": ticket.protocol,
                "type_id": self.env.ref(
                    "painel_atendimento.interaction_type_closed"
                ).id,
                "code": "closed",
                "message": "Fechamento forjado",
                "date": "2026-01-01 10:00:00",
            },
            "service.sla.intervention": {
                "ticket_id": ticket.id,
                "company_id": self.conecta.id,
                "kind": "increment",
                "quantity": 100,
                "unit": "days",
            },
        }
        write_values = {
            "service.ticket.step": {"finished_at": "2026-01-01 10:00:00"},
            "service.interaction": {"message": "Reescrito"},
            "service.sla.intervention": {"notes": "Reescrito"},
        }
        for model, row in rows.items():
            for role in ROLES:
                for method, args in (
                    ("create", (create_values[model],)),
                    ("write", (row.ids, write_values[model])),
                    ("unlink", (row.ids,)),
                ):
                    with self.subTest(model=model, role=role, method=method):
                        cell = f"{role} × {model}.{method}"
                        before = self.snapshot(ticket)
                        row_before = row.read(list(write_values[model]))
                        answer = self.call(role, model, method, *args)
                        self.assertRefused(
                            answer,
                            cell,
                            ANY_REFUSAL,
                            r"not allowed to (create|modify|delete)|permanent record",
                        )
                        self.assertUnchanged(before, ticket, cell)
                        self.env.invalidate_all()
                        self.assertEqual(
                            row.read(list(write_values[model])), row_before, cell
                        )


# ---------------------------------------------------------------------------
# Companies: nothing read, linked or moved across them
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestCompanies(PainelRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["operator_sul"] = cls.env.ref("painel_atendimento.user_demo_diego")

    def test_other_company_ticket_is_out_of_reach(self):
        calls = [
            ("read", (["protocol"],), {}),
            ("action_claim", (), {}),
            ("action_next_step", (), {}),
            ("action_forward", (self.billing.id,), {}),
            ("action_close", (self.class_close.id,), {}),
            ("write", ({"description": "De outra empresa"},), {}),
            ("log_interaction", ("crm_linked",), {}),
            ("message_post", (), {"body": "Oi", "message_type": "comment"}),
            ("copy", (), {}),
        ]
        for role, foreign_company in (
            ("operator", self.rede_sul),
            ("operator_sul", self.conecta),
        ):
            ticket = self.ticket(company=foreign_company, technician=None)
            for method, args, kwargs in calls:
                with self.subTest(role=role, method=method):
                    cell = f"{role} × {method} on a ticket of {foreign_company.name}"
                    before = self.snapshot(ticket)
                    count = self.env["service.ticket"].search_count([])
                    answer = self.call(
                        role, "service.ticket", method, [ticket.id], *args, **kwargs
                    )
                    self.assertRefused(answer, cell, ACCESS_ERROR)
                    self.assertUnchanged(before, ticket, cell)
                    self.assertEqual(
                        self.env["service.ticket"].search_count([]), count, cell
                    )
            with self.subTest(role=role, method="search_read"):
                found = self.call(
                    role,
                    "service.ticket",
                    "search_read",
                    [("id", "=", ticket.id)],
                    ["id"],
                )
                self.assertEqual(self.assertAllowed(found, f"{role} × search_read"), [])

    def test_technician_of_another_company(self):
        ticket = self.ticket(technician=None)
        order = self.work_order(ticket, "technician_sul")  # wrongly assigned
        for method, args in (("read", (["protocol"],)), ("message_post", ())):
            with self.subTest(method=method):
                cell = f"technician_sul × {method} on a Conecta ticket"
                before = self.snapshot(ticket)
                kwargs = (
                    {"body": "x", "message_type": "comment"}
                    if method == "message_post"
                    else {}
                )
                answer = self.call(
                    "technician_sul",
                    "service.ticket",
                    method,
                    [ticket.id],
                    *args,
                    **kwargs,
                )
                self.assertRefused(answer, cell, ACCESS_ERROR)
                self.assertUnchanged(before, ticket, cell)
        answer = self.call(
            "technician_sul", "service.work.order", "action_done", [order.id]
        )
        self.assertRefused(
            answer, "technician_sul × action_done on a Conecta work order", ACCESS_ERROR
        )

    def test_operator_cannot_link_records_of_another_company(self):
        Ticket = self.env["service.ticket"]
        base = {
            "partner_id": self.customer.id,
            "company_id": self.conecta.id,
            "process_id": self.process.id,
        }
        cases = [
            ("partner of Rede Sul", {"partner_id": self.customer_sul.id}),
            ("team of Rede Sul", {"team_id": self.team_sul.id}),
            ("process of Rede Sul", {"process_id": self.process_sul.id}),
            ("company Rede Sul", {"company_id": self.rede_sul.id}),
        ]
        for label, values in cases:
            with self.subTest(create=label):
                cell = f"operator × create with {label}"
                count = Ticket.search_count([])
                answer = self.call(
                    "operator", "service.ticket", "create", dict(base, **values)
                )
                self.assertRefused(
                    answer,
                    cell,
                    ANY_REFUSAL,
                    r"compan|not allowed|access",
                )
                self.assertEqual(Ticket.search_count([]), count, cell)
        for label, values in cases[:2]:
            with self.subTest(write=label):
                cell = f"operator × write {label}"
                ticket = self.ticket(technician=None)
                before = self.snapshot(ticket)
                answer = self.call(
                    "operator", "service.ticket", "write", [ticket.id], values
                )
                self.assertRefused(
                    answer, cell, ANY_REFUSAL, r"compan|not allowed|access"
                )
                self.assertUnchanged(before, ticket, cell)

    def test_forward_or_close_with_records_of_another_company(self):
        for label, method, args in (
            ("forward to a Rede Sul process", "action_forward", (self.process_sul.id,)),
            (
                "close with a Rede Sul classification",
                "action_close",
                (self.class_close_sul.id,),
            ),
        ):
            for role in ("operator", "supervisor"):
                with self.subTest(role=role, action=label):
                    cell = f"{role} × {label}"
                    ticket = self.ticket(technician=None)
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role, "service.ticket", method, [ticket.id], *args
                    )
                    self.assertRefused(
                        answer, cell, ANY_REFUSAL, r"another company|not allowed|access"
                    )
                    self.assertUnchanged(before, ticket, cell)

    def test_work_order_for_another_company_ticket(self):
        ticket = self.ticket(company=self.rede_sul, technician=None)
        before = self.snapshot(ticket)
        answer = self.call(
            "operator",
            "service.work.order",
            "create",
            {"ticket_id": ticket.id, "technician_id": self.users["technician"].id},
        )
        self.assertRefused(
            answer, "operator × work order on a Rede Sul ticket", ANY_REFUSAL
        )
        self.assertUnchanged(
            before, ticket, "operator × work order on a Rede Sul ticket"
        )

    def test_forged_company_in_the_context(self):
        ticket = self.ticket(company=self.rede_sul, technician=None)
        before = self.snapshot(ticket)
        answer = self.call(
            "operator",
            "service.ticket",
            "action_claim",
            [ticket.id],
            context={"allowed_company_ids": [self.conecta.id, self.rede_sul.id]},
        )
        self.assertRefused(
            answer, "operator × claim with a forged company", ACCESS_ERROR
        )
        self.assertUnchanged(before, ticket, "operator × claim with a forged company")

    def test_supervisor_of_both_companies(self):
        ticket = self.ticket(company=self.rede_sul, technician=None)
        before = self.snapshot(ticket)
        self.assertAllowed(
            self.call("supervisor", "service.ticket", "action_claim", [ticket.id]),
            "supervisor × claim a Rede Sul ticket",
        )
        self.assertEvents(ticket, before, ["claimed"], "supervisor × claim Rede Sul")

    def _rate(self, ticket, value=5):
        ticket.sudo()._rating_get_access_token()
        rating = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [("res_model", "=", "service.ticket"), ("res_id", "=", ticket.id)],
                limit=1,
            )
        )
        rating.write({"rating": value, "consumed": True, "feedback": "Ótimo"})
        self.env.flush_all()
        return rating

    def test_ratings_of_another_company_are_invisible(self):
        local = self._rate(self.ticket(state="closed", technician=None))
        foreign = self._rate(
            self.ticket(state="closed", company=self.rede_sul, technician=None)
        )
        for role, visible, invisible in (
            ("operator", local, foreign),
            ("operator_sul", foreign, local),
        ):
            with self.subTest(role=role):
                found = self.assertAllowed(
                    self.call(
                        role,
                        "rating.rating",
                        "search_read",
                        [("id", "in", (local | foreign).ids)],
                        ["id"],
                    ),
                    f"{role} × search_read ratings",
                )
                self.assertEqual([row["id"] for row in found], visible.ids)
                self.assertRefused(
                    self.call(role, "rating.rating", "read", invisible.ids, ["rating"]),
                    f"{role} × read a rating of another company",
                    ACCESS_ERROR,
                )
        found = self.call(
            "supervisor",
            "rating.rating",
            "search_read",
            [("id", "in", (local | foreign).ids)],
            ["id"],
        )
        self.assertEqual(
            sorted(r["id"] for r in found.result), sorted((local | foreign).ids)
        )

    def test_nobody_but_the_survey_writes_a_ticket_rating(self):
        ticket = self.ticket(state="closed", technician=None)
        rating = self._rate(ticket, 3)
        ticket_model = self.env["ir.model"]._get_id("service.ticket")
        for role in ROLES:
            for method, args in (
                ("write", (rating.ids, {"rating": 5})),
                ("unlink", (rating.ids,)),
                (
                    "create",
                    (
                        {
                            "res_model_id": ticket_model,
                            "res_id": ticket.id,
                            "rating": 5,
                            "consumed": True,
                        },
                    ),
                ),
            ):
                with self.subTest(role=role, method=method):
                    cell = f"{role} × rating.rating.{method}"
                    before = self.snapshot(ticket)
                    answer = self.call(role, "rating.rating", method, *args)
                    self.assertRefused(answer, cell, ANY_REFUSAL)
                    self.assertUnchanged(before, ticket, cell)
                    self.env.invalidate_all()
                    self.assertEqual(rating.rating, 3, cell)

    def test_ratings_cannot_be_changed_through_the_ticket(self):
        """rating_ids is a field of mail.thread: its commands must not reach the
        ratings either."""
        for role in OPERATORS:
            for command in ("clear", "delete", "update", "unlink"):
                with self.subTest(role=role, command=command):
                    ticket = self.ticket(state="closed", technician=None)
                    rating = self._rate(ticket, 3)
                    commands = {
                        "clear": [(5, 0, 0)],
                        "delete": [(2, rating.id, 0)],
                        "update": [(1, rating.id, {"rating": 5})],
                        "unlink": [(3, rating.id, 0)],
                    }[command]
                    cell = f"{role} × write(rating_ids={commands})"
                    before = self.snapshot(ticket)
                    answer = self.call(
                        role,
                        "service.ticket",
                        "write",
                        [ticket.id],
                        {"rating_ids": commands},
                    )
                    self.assertRefused(answer, cell, ANY_REFUSAL)
                    self.assertUnchanged(before, ticket, cell)
                    self.env.invalidate_all()
                    self.assertEqual(
                        (rating.exists().rating, rating.res_id), (3, ticket.id), cell
                    )

    def test_followers_of_another_company_are_invisible(self):
        local = self.ticket(technician=None)
        foreign = self.ticket(company=self.rede_sul, technician=None)
        for ticket, user in ((local, "operator_2"), (foreign, "operator_sul")):
            ticket.message_subscribe(partner_ids=self.users[user].partner_id.ids)
        self.env.flush_all()
        followers = self.env["mail.followers"].search(
            [
                ("res_model", "=", "service.ticket"),
                ("res_id", "in", (local | foreign).ids),
            ]
        )
        for role, visible in (("operator", local), ("operator_sul", foreign)):
            with self.subTest(role=role):
                found = self.assertAllowed(
                    self.call(
                        role,
                        "mail.followers",
                        "search_read",
                        [("id", "in", followers.ids)],
                        ["res_id"],
                    ),
                    f"{role} × search_read followers",
                )
                self.assertEqual({row["res_id"] for row in found}, {visible.id})
                hidden = followers.filtered(
                    lambda f, visible=visible: f.res_id != visible.id
                )
                answer = self.call(
                    role, "mail.followers", "read", hidden.ids, ["res_id"]
                )
                self.assertRefused(
                    answer, f"{role} × read followers of another company", ACCESS_ERROR
                )


# ---------------------------------------------------------------------------
# log_interaction: who logs what, as whom, when
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestLogInteractionRules(PainelRpcCase):
    def _log(self, role, ticket, code, **values):
        return self.call(
            role, "service.ticket", "log_interaction", [ticket.id], code, **values
        )

    def test_operator_logs_integration_codes_as_himself_now(self):
        for code in ("tool_change_ip", "crm_linked"):
            with self.subTest(code=code):
                ticket = self.ticket()
                before = self.snapshot(ticket)
                start = fields.Datetime.now().replace(microsecond=0)
                self.assertAllowed(
                    self._log("operator", ticket, code, details="Via painel"), code
                )
                event = self.assertEvents(
                    ticket, before, [code], f"operator × log {code}"
                )
                operator = self.users["operator"]
                self.assertEqual(event.user_id, operator)
                self.assertEqual(event.create_uid, operator)
                self.assertFalse(event.logged_by_integration)
                self.assertEqual(event.details, "Via painel")
                self.assertGreaterEqual(event.date, start - timedelta(seconds=1))
                self.assertLessEqual(
                    event.date, fields.Datetime.now() + timedelta(seconds=1)
                )

    def test_operator_refusals(self):
        other = self.users["operator_2"]
        cases = [
            (
                "claimed",
                {},
                USER_ERROR,
                r"The event claimed is written by the tickets themselves",
            ),
            (
                "closed",
                {},
                USER_ERROR,
                r"The event closed is written by the tickets themselves",
            ),
            ("comment_added", {}, USER_ERROR, r"written by the tickets themselves"),
            ("sla_changed", {}, USER_ERROR, r"written by the tickets themselves"),
            (
                "tool_change_ip",
                {"user": other.id},
                ACCESS_ERROR,
                ONLY_INTEGRATION,
            ),
            (
                "tool_change_ip",
                {"when": "2026-01-05 10:00:00"},
                (USER_ERROR, ACCESS_ERROR),
                ONLY_INTEGRATION + r"|come from the ticket itself",
            ),
        ]
        cases += [
            (
                "tool_change_ip",
                {name: "forjado"},
                USER_ERROR,
                rf"The values {name} come from the ticket itself and cannot be given",
            )
            for name in ("protocol", "customer", "operator", "process", "subprocess")
        ]
        for role in ("operator", "supervisor"):
            for code, values, name, pattern in cases:
                with self.subTest(role=role, code=code, values=values):
                    cell = f"{role} × log_interaction({code}, {values})"
                    ticket = self.ticket()
                    before = self.snapshot(ticket)
                    self.assertRefused(
                        self._log(role, ticket, code, **values), cell, name, pattern
                    )
                    self.assertUnchanged(before, ticket, cell)

    def test_technician_and_internal_cannot_log(self):
        for role in ("technician", "internal"):
            with self.subTest(role=role):
                ticket = self.ticket()
                before = self.snapshot(ticket)
                cell = f"{role} × log_interaction"
                self.assertRefused(
                    self._log(role, ticket, "tool_change_ip"),
                    cell,
                    ACCESS_ERROR,
                    r"not allowed to log events on tickets",
                )
                self.assertUnchanged(before, ticket, cell)

    def test_integration_logs_for_an_operator_at_an_earlier_moment(self):
        when, shown = self.past_moment()
        ticket = self.ticket()
        before = self.snapshot(ticket)
        operator = self.users["operator"]
        integration = self.users["integration"]
        answer = self._log(
            "integration",
            ticket,
            "tool_change_ip",
            user=operator.id,
            when=when,
            details="IP 10.0.0.7",
        )
        self.assertAllowed(answer, "integration × log_interaction(user=, when=)")
        event = self.assertEvents(ticket, before, ["tool_change_ip"], "integration log")
        self.assertEqual(event.user_id, operator)
        self.assertEqual(str(event.date), when)
        self.assertTrue(event.logged_by_integration)
        self.assertEqual(event.create_uid, integration)
        self.assertIn(shown, event.message)

    def test_integration_logs_for_an_operator_now(self):
        ticket = self.ticket()
        before = self.snapshot(ticket)
        operator = self.users["operator"]
        answer = self._log("integration", ticket, "crm_linked", user=operator.id)
        self.assertAllowed(answer, "integration × log_interaction(user=)")
        event = self.assertEvents(ticket, before, ["crm_linked"], "integration log")
        self.assertEqual(event.user_id, operator)
        self.assertTrue(event.logged_by_integration)
        self.assertEqual(event.create_uid, self.users["integration"])

    def test_integration_refusals(self):
        cases = [
            ("claimed", {}, r"written by the tickets themselves"),
            (
                "tool_change_ip",
                {"when": "2099-01-01 00:00:00"},
                r"An event cannot be logged in the future",
            ),
            ("tool_change_ip", {"protocol": "1"}, r"come from the ticket itself"),
        ]
        for code, values, pattern in cases:
            with self.subTest(code=code, values=values):
                cell = f"integration × log_interaction({code}, {values})"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                self.assertRefused(
                    self._log("integration", ticket, code, **values),
                    cell,
                    USER_ERROR,
                    pattern,
                )
                self.assertUnchanged(before, ticket, cell)


# ---------------------------------------------------------------------------
# Attachments: the download route logs only what it serves
# ---------------------------------------------------------------------------


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe"
    b"\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82"
)


@tagged("post_install", "-at_install")
class TestAttachmentDownload(PainelRpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users["operator_sul"] = cls.env.ref("painel_atendimento.user_demo_diego")

    def setUp(self):
        super().setUp()
        self.tkt = self.ticket()
        Attachment = self.env["ir.attachment"]
        self.files = {
            "content": Attachment.create(
                {
                    "name": "contrato.pdf",
                    "raw": b"%PDF-1.4 contrato",
                    "res_model": "service.ticket",
                    "res_id": self.tkt.id,
                }
            ),
            "image": Attachment.create(
                {
                    "name": "foto.png",
                    "raw": PNG,
                    "res_model": "service.ticket",
                    "res_id": self.tkt.id,
                }
            ),
        }
        self.env.flush_all()

    def _downloads(self):
        self.env.invalidate_all()
        return self.env["service.interaction"].search(
            [("ticket_id", "=", self.tkt.id), ("code", "=", "attachment_downloaded")]
        )

    def _get(self, role, route):
        if role is None:
            self.authenticate(None, None)
            self._logged_in = None
        else:
            self.login(role)
        with self._muted():
            return self.url_open(route, allow_redirects=False)

    @staticmethod
    def _muted():
        from odoo.tools import mute_logger

        return mute_logger("odoo.http", "odoo.addons.base.models.ir_binary")

    def test_download_is_logged_for_who_may_read_it(self):
        for kind, attachment in self.files.items():
            for role in ("operator", "technician", "supervisor"):
                with self.subTest(kind=kind, role=role):
                    count = len(self._downloads())
                    response = self._get(
                        role, f"/web/{kind}/{attachment.id}?download=true"
                    )
                    self.assertEqual(
                        response.status_code, 200, f"{role} × download {kind}"
                    )
                    downloads = self._downloads()
                    self.assertEqual(len(downloads), count + 1)
                    latest = downloads.sorted("id")[-1]
                    self.assertEqual(latest.user_id, self.users[role])
                    self.assertEqual(latest.details, attachment.name)

    def test_nothing_logged_and_same_answer_for_forbidden_and_missing(self):
        missing_id = (
            self.env["ir.attachment"].search([], order="id desc", limit=1).id + 1000
        )
        for kind, attachment in self.files.items():
            for role in (None, "operator_sul", "technician_2", "internal"):
                with self.subTest(kind=kind, role=role or "public"):
                    cell = f"{role or 'public'} × download {kind}"
                    before = self.snapshot(self.tkt)
                    forbidden = self._get(
                        role, f"/web/{kind}/{attachment.id}?download=true"
                    )
                    missing = self._get(role, f"/web/{kind}/{missing_id}?download=true")
                    self.assertNotEqual(forbidden.status_code, 200, cell)
                    self.assertEqual(
                        forbidden.status_code,
                        missing.status_code,
                        f"[{cell}] 'forbidden' and 'does not exist' must look alike",
                    )
                    self.assertNotIn(b"contrato", forbidden.content)
                    self.assertUnchanged(before, self.tkt, cell)

    def test_preview_is_not_a_download(self):
        for kind, attachment in self.files.items():
            with self.subTest(kind=kind):
                response = self._get("operator", f"/web/{kind}/{attachment.id}")
                self.assertEqual(response.status_code, 200)
                self.assertFalse(self._downloads())


# ---------------------------------------------------------------------------
# LGPD: CPF/CNPJ masked without the full-document tool, found in full
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestDocumentMasking(PainelRpcCase):
    MASKED_CPF = "***.982.247-**"
    FULL_CPF = "529.982.247-25"
    MASKED_CNPJ = "**.222.333/0001-**"
    FULL_CNPJ = "11.222.333/0001-81"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # exporting is a right of its own in Odoo: give it, to see what it exports
        export = cls.env.ref("base.group_allow_export")
        for role in ("technician", "operator", "supervisor"):
            cls.users[role].groups_id = [(4, export.id)]

    def setUp(self):
        super().setUp()
        self.cpf_ticket = self.ticket()
        self.cnpj_ticket = self.ticket(partner_id=self.customer_cnpj.id)

    def _expected(self, role):
        if role == "supervisor":
            return self.FULL_CPF, self.FULL_CNPJ
        return self.MASKED_CPF, self.MASKED_CNPJ

    def test_ticket_fields(self):
        for role in ("technician", "operator", "supervisor"):
            cpf, cnpj = self._expected(role)
            with self.subTest(role=role):
                for ticket, document, name in (
                    (self.cpf_ticket, cpf, self.customer.name),
                    (self.cnpj_ticket, cnpj, self.customer_cnpj.name),
                ):
                    for method, args, kwargs in (
                        (
                            "read",
                            (
                                [ticket.id],
                                ["partner_document", "partner_display_document"],
                            ),
                            {},
                        ),
                        (
                            "search_read",
                            (
                                [("id", "=", ticket.id)],
                                ["partner_document", "partner_display_document"],
                            ),
                            {},
                        ),
                        (
                            "web_read",
                            ([ticket.id],),
                            {
                                "specification": {
                                    "partner_document": {},
                                    "partner_display_document": {},
                                }
                            },
                        ),
                    ):
                        cell = f"{role} × service.ticket.{method}"
                        row = self.assertAllowed(
                            self.call(role, "service.ticket", method, *args, **kwargs),
                            cell,
                        )[0]
                        self.assertEqual(row["partner_document"], document, cell)
                        self.assertEqual(
                            row["partner_display_document"],
                            f"{name} - {document}",
                            cell,
                        )

    def test_partner_vat(self):
        for role in ("technician", "operator", "supervisor"):
            cpf, cnpj = self._expected(role)
            with self.subTest(role=role):
                for partner, document in (
                    (self.customer, cpf),
                    (self.customer_cnpj, cnpj),
                ):
                    for method, args, kwargs in (
                        ("read", ([partner.id], ["vat"]), {}),
                        ("search_read", ([("id", "=", partner.id)], ["vat"]), {}),
                        ("web_read", ([partner.id],), {"specification": {"vat": {}}}),
                    ):
                        cell = f"{role} × res.partner.{method}"
                        row = self.assertAllowed(
                            self.call(role, "res.partner", method, *args, **kwargs),
                            cell,
                        )[0]
                        self.assertEqual(row["vat"], document, cell)
                    cell = f"{role} × res.partner.export_data"
                    rows = self.assertAllowed(
                        self.call(
                            role,
                            "res.partner",
                            "export_data",
                            [partner.id],
                            ["name", "vat"],
                        ),
                        cell,
                    )["datas"]
                    self.assertEqual(rows[0][1], document, cell)
                    cell = f"{role} × res.partner display_name (show_vat)"
                    row = self.assertAllowed(
                        self.call(
                            role,
                            "res.partner",
                            "read",
                            [partner.id],
                            ["display_name"],
                            context={"show_vat": True},
                        ),
                        cell,
                    )[0]
                    self.assertIn(document, row["display_name"], cell)
                    if document.startswith("*"):
                        self.assertNotIn(
                            partner.vat,
                            row["display_name"]
                            .replace(".", "")
                            .replace("-", "")
                            .replace("/", ""),
                            cell,
                        )

    def test_masked_users_find_the_customer_by_the_full_number(self):
        domains = [
            [("partner_document", "=", self.FULL_CPF)],
            [("partner_document", "=", "52998224725")],
            [("partner_display_document", "ilike", self.FULL_CPF)],
            [("partner_display_document", "ilike", "52998224725")],
        ]
        for role in ("operator", "technician", "supervisor"):
            for domain in domains:
                with self.subTest(role=role, domain=domain):
                    cell = f"{role} × search {domain}"
                    ids = self.assertAllowed(
                        self.call(
                            role,
                            "service.ticket",
                            "search",
                            domain
                            + [("id", "in", (self.cpf_ticket | self.cnpj_ticket).ids)],
                        ),
                        cell,
                    )
                    self.assertEqual(ids, self.cpf_ticket.ids, cell)

    def test_the_masked_text_finds_nothing(self):
        for domain in (
            [("partner_document", "=", self.MASKED_CPF)],
            [("partner_display_document", "ilike", self.MASKED_CPF)],
        ):
            with self.subTest(domain=domain):
                answer = self.call(
                    "operator",
                    "service.ticket",
                    "search",
                    domain + [("id", "=", self.cpf_ticket.id)],
                )
                if answer.ok:
                    self.assertEqual(answer.result, [])
                else:
                    self.assertRefused(answer, f"operator × search {domain}", BUSINESS)


# ---------------------------------------------------------------------------
# The buttons that only open something, followers, search wizards, holidays
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestOtherEntryPoints(PainelRpcCase):
    READERS = ("technician", *OPERATORS, "integration")

    def test_buttons_that_open_a_window(self):
        """They change nothing; whoever reads the ticket may press them (the
        wizard they open checks its own rights, see TestTransitionMatrix)."""
        allowed = {
            "action_open_forward_wizard": ("technician", *OPERATORS, "integration"),
            "action_open_close_wizard": ("technician", *OPERATORS, "integration"),
            "action_new_work_order": ("technician", *OPERATORS, "integration"),
            # read nothing of the ticket but its id: an action, whoever asks
            "action_view_work_orders": ROLES,
            "action_view_attachments": ROLES,
        }
        for method, roles in allowed.items():
            for role in ROLES:
                with self.subTest(method=method, role=role):
                    cell = f"{role} × {method}"
                    ticket = self.ticket()
                    before = self.snapshot(ticket)
                    answer = self.call(role, "service.ticket", method, [ticket.id])
                    if role in roles:
                        action = self.assertAllowed(answer, cell)
                        self.assertEqual(action["type"], "ir.actions.act_window")
                    else:
                        self.assertRefused(answer, cell, ACCESS_ERROR)
                    self.assertUnchanged(before, ticket, cell)
        for method in ("action_open_forward_wizard", "action_open_close_wizard"):
            with self.subTest(method=method, state="closed"):
                ticket = self.ticket(state="closed")
                before = self.snapshot(ticket)
                answer = self.call("operator", "service.ticket", method, [ticket.id])
                self.assertRefused(
                    answer, f"operator × {method} (closed)", USER_ERROR, r"is not open"
                )
                self.assertUnchanged(before, ticket, method)

    def test_open_a_work_order_leaves_a_trace(self):
        expect = {
            "technician": True,
            "technician_2": False,
            "operator": True,
            "supervisor": True,
            "operator_sul": False,
            "integration": False,
            "internal": False,
        }
        for role, allowed in expect.items():
            with self.subTest(role=role):
                cell = f"{role} × work order action_open_work_order"
                ticket = self.ticket(technician=None)
                order = self.work_order(ticket, "technician")
                before = self.snapshot(ticket)
                answer = self.call(
                    role, "service.work.order", "action_open_work_order", [order.id]
                )
                if allowed:
                    self.assertAllowed(answer, cell)
                    event = self.assertEvents(
                        ticket, before, ["work_order_viewed"], cell
                    )
                    self.assertEqual(event.user_id, self.users[role], cell)
                    self.assertEqual(event.details, order.name, cell)
                else:
                    self.assertRefused(answer, cell, ACCESS_ERROR)
                    self.assertUnchanged(before, ticket, cell)

    def test_followers(self):
        colleague = self.users["operator_2"].partner_id
        expect = {
            "technician": False,
            "operator": True,
            "supervisor": True,
            "admin": True,
            "integration": False,
            "internal": False,
            "operator_sul": False,
        }
        for role, allowed in expect.items():
            with self.subTest(role=role):
                cell = f"{role} × message_subscribe(colleague)"
                ticket = self.ticket()
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "message_subscribe",
                    [ticket.id],
                    partner_ids=colleague.ids,
                )
                if not allowed:
                    self.assertRefused(answer, cell, ACCESS_ERROR)
                    self.assertUnchanged(before, ticket, cell)
                    continue
                self.assertAllowed(answer, cell)
                event = self.assertEvents(ticket, before, ["operator_added"], cell)
                self.assertEqual(event.user_id, self.users[role], cell)
                before = self.snapshot(ticket)
                cell = f"{role} × message_unsubscribe(colleague)"
                self.assertAllowed(
                    self.call(
                        role,
                        "service.ticket",
                        "message_unsubscribe",
                        [ticket.id],
                        partner_ids=colleague.ids,
                    ),
                    cell,
                )
                self.assertEvents(ticket, before, ["viewer_removed"], cell)

    def test_search_wizards(self):
        own = self.ticket()
        other = self.ticket(technician="technician_2")
        for model in (
            "service.ticket.synthetic.search",
            "service.ticket.advanced.search",
        ):
            for role in ROLES:
                with self.subTest(model=model, role=role):
                    cell = f"{role} × {model} search"
                    answer = self.call(role, model, "create", {"search_by": "period"})
                    if role in ("integration", "internal"):
                        self.assertRefused(answer, cell, ACCESS_ERROR)
                        continue
                    wizard = self.assertAllowed(answer, cell)
                    action = self.assertAllowed(
                        self.call(role, model, "action_search", [wizard]), cell
                    )
                    domain = action["domain"] + [("id", "in", (own | other).ids)]
                    found = self.assertAllowed(
                        self.call(role, "service.ticket", "search", domain), cell
                    )
                    expected = own if role == "technician" else own | other
                    self.assertEqual(sorted(found), sorted(expected.ids), cell)

    def test_public_holidays_wizard_is_the_administrators(self):
        calendar = self.conecta.resource_calendar_id
        for role in ROLES:
            with self.subTest(role=role):
                cell = f"{role} × fill public holidays"
                leaves = self.env["resource.calendar.leaves"].search_count(
                    [("calendar_id", "=", calendar.id)]
                )
                answer = self.call(
                    role,
                    "resource.calendar.holiday.wizard",
                    "create",
                    {"calendar_id": calendar.id, "year": 2031},
                )
                if answer.ok:
                    answer = self.call(
                        role,
                        "resource.calendar.holiday.wizard",
                        "action_fill",
                        [answer.result],
                    )
                if role == "admin":
                    self.assertAllowed(answer, cell)
                    self.assertGreater(
                        self.env["resource.calendar.leaves"].search_count(
                            [("calendar_id", "=", calendar.id)]
                        ),
                        leaves,
                    )
                else:
                    self.assertRefused(answer, cell, ACCESS_ERROR)
                    self.assertEqual(
                        self.env["resource.calendar.leaves"].search_count(
                            [("calendar_id", "=", calendar.id)]
                        ),
                        leaves,
                        cell,
                    )

    def test_a_rating_created_through_the_ticket(self):
        ticket_model = self.env["ir.model"]._get_id("service.ticket")
        for role in OPERATORS:
            with self.subTest(role=role):
                cell = f"{role} × write(rating_ids=[create a rating])"
                ticket = self.ticket(state="closed", technician=None)
                before = self.snapshot(ticket)
                answer = self.call(
                    role,
                    "service.ticket",
                    "write",
                    [ticket.id],
                    {
                        "rating_ids": [
                            (
                                0,
                                0,
                                {
                                    "res_model_id": ticket_model,
                                    "rating": 5,
                                    "consumed": True,
                                },
                            )
                        ]
                    },
                )
                self.assertRefused(answer, cell, ANY_REFUSAL)
                self.assertUnchanged(before, ticket, cell)


# ---------------------------------------------------------------------------
# The regulation's actions: outages, the protocol notice, anonymisation
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestRegulationAtTheDoor(PainelRpcCase):
    CLIENTS = ("technician", *OPERATORS, "integration", "internal")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.outage = cls.env["service.outage"].create(
            {
                "name": "Fibra rompida na porta",
                "company_id": cls.conecta.id,
                "start_at": fields.Datetime.now() - timedelta(hours=1),
            }
        )

    def test_only_supervisors_end_an_outage_and_nobody_writes_its_end(self):
        for role in self.CLIENTS:
            with self.subTest(role=role):
                cell = f"{role} × write(end_at)"
                answer = self.call(
                    role,
                    "service.outage",
                    "write",
                    self.outage.ids,
                    {"end_at": fields.Datetime.to_string(fields.Datetime.now())},
                )
                self.assertRefused(answer, cell, ANY_REFUSAL)
        for role in ("technician", "operator", "integration", "internal"):
            with self.subTest(role=role):
                answer = self.call(
                    role, "service.outage", "action_end", self.outage.ids
                )
                self.assertRefused(answer, f"{role} × action_end", ANY_REFUSAL)
                self.assertEqual(self.outage.state, "active")
                self.assertFalse(self.outage.end_at)
        answer = self.call(
            "supervisor", "service.outage", "action_end", self.outage.ids
        )
        self.assertAllowed(answer, "supervisor × action_end")
        self.assertEqual(self.outage.state, "ended")
        self.assertTrue(self.outage.end_at)

    def test_protocol_notice_resend_is_the_operators(self):
        ticket = self.ticket()
        ticket.sudo().write({"protocol_notice_state": "failed"})
        for role in ("technician", "integration", "internal"):
            with self.subTest(role=role):
                answer = self.call(
                    role, "service.ticket", "action_resend_protocol_notice", ticket.ids
                )
                self.assertRefused(answer, f"{role} × resend notice", ANY_REFUSAL)
                self.assertEqual(ticket.protocol_notice_state, "failed")
        answer = self.call(
            "operator", "service.ticket", "action_resend_protocol_notice", ticket.ids
        )
        self.assertAllowed(answer, "operator × resend notice")
        self.assertNotEqual(ticket.protocol_notice_state, "failed")

    def test_only_administrators_anonymise_a_customer(self):
        name = self.customer.name
        for role in ("technician", "operator", "supervisor", "integration"):
            with self.subTest(role=role):
                answer = self.call(
                    role, "res.partner", "action_painel_anonymize", self.customer.ids
                )
                self.assertRefused(answer, f"{role} × anonymise", ANY_REFUSAL)
                self.assertEqual(self.customer.name, name)
        answer = self.call(
            "admin", "res.partner", "action_painel_anonymize", self.customer.ids
        )
        self.assertAllowed(answer, "admin × anonymise")
        self.assertNotEqual(self.customer.name, name)
