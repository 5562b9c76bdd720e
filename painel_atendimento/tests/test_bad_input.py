"""The bad-input catalogue, over JSON-RPC: everything a client can send to every
entry point it reaches, each answered by a clear message that says what to fix — no
traceback, no raw PostgreSQL text — and a database left as it was.

Each cell is ``(label, role, call, exception names, message regex)``. The catalogue
runner takes a census of the database (tickets, steps, events, SLA interventions,
work orders, messages, ratings, customers) and a snapshot of every fixture ticket
before the call, and compares them after it.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import ACCESS_ERROR, BUSINESS, VALIDATION_ERROR, PainelRpcCase

NAN = float("nan")
DIGITS_ONLY = r"The code is the ticket number: digits only"
INF = float("inf")

# the models whose size is the "database" of the census
CENSUS = (
    "service.ticket",
    "service.ticket.step",
    "service.interaction",
    "service.sla.intervention",
    "service.work.order",
    "rating.rating",
    "res.partner",
    "mail.message",
)


class BadInputCase(PainelRpcCase):
    def setUp(self):
        super().setUp()
        self.t_open = self.ticket()
        self.t_closed = self.ticket(state="closed")
        self.t_paused = self.ticket(state="paused")
        self.fixtures = self.t_open | self.t_closed | self.t_paused

    def census(self):
        self.env.invalidate_all()
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in CENSUS
        }

    def run_catalogue(self, entries):
        """Run the cells: each refused with its message, the database unchanged."""
        for label, role, call, names, pattern in entries:
            with self.subTest(cell=label):
                cell = f"{role} × {label}"
                census = self.census()
                snapshots = {t: self.snapshot(t) for t in self.fixtures}
                answer = call(role)
                self.assertRefused(answer, cell, names, pattern)
                self.assertEqual(
                    self.census(), census, f"[{cell}] the database changed"
                )
                for ticket, before in snapshots.items():
                    self.assertUnchanged(before, ticket, cell)

    def rpc(self, model, method, *args, **kwargs):
        """A cell's call: ``lambda role: self.call(role, model, method, ...)``."""
        return lambda role: self.call(role, model, method, *args, **kwargs)


# ---------------------------------------------------------------------------
# create / write of a ticket
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestTicketValues(BadInputCase):
    def _base(self):
        return {
            "partner_id": self.customer.id,
            "process_id": self.process.id,
            "company_id": self.conecta.id,
        }

    def _bad_values(self):
        """(field, value, message) — a value of the wrong kind for each field type."""
        pick = r"choose a record from the list"
        text = r"type a text"
        return [
            ("partner_id", "João", rf"Customer: {pick}"),
            ("partner_id", [self.customer.id], rf"Customer: {pick}"),
            ("partner_id", {"id": self.customer.id}, rf"Customer: {pick}"),
            ("partner_id", True, rf"Customer: {pick}"),
            ("partner_id", 1.5, rf"Customer: {pick}"),
            ("partner_id", NAN, rf"Customer: {pick}"),
            ("partner_id", INF, rf"Customer: {pick}"),
            ("partner_id", -7, rf"Customer: {pick}"),
            ("partner_id", 2**31 + 5, r"Customer: the chosen record does not exist"),
            (
                "partner_id",
                99999999,
                r"Customer: the chosen record does not exist \(any more\)",
            ),
            ("team_id", 0, rf"Workspace Group: {pick}"),
            ("state_id", "SP", rf"State: {pick}"),
            ("origin_id", [1, 2], rf"Contact Origin: {pick}"),
            (
                "opening_classification_id",
                "Sem conexão",
                rf"Opening Classification: {pick}",
            ),
            ("description", ["Sem", "internet"], rf"Customer Report: {text}"),
            ("description", 42, rf"Customer Report: {text}"),
            ("description", NAN, rf"Customer Report: {text}"),
            ("description", INF, rf"Customer Report: {text}"),
            ("description", True, rf"Customer Report: {text}"),
            ("city", {"name": "Campinas"}, rf"City: {text}"),
            ("zip", 13015001, rf"Zip: {text}"),
            ("street_number", 42, rf"Street Number: {text}"),
            ("condominium", ["Bloco A"], rf"Condominium: {text}"),
            ("prioridade", "alta", r"There is no field “prioridade” here"),
        ]

    def test_create(self):
        entries = [
            (
                f"create({name}={value!r})",
                "operator",
                self.rpc(
                    "service.ticket", "create", dict(self._base(), **{name: value})
                ),
                VALIDATION_ERROR,
                pattern,
            )
            for name, value, pattern in self._bad_values()
        ]
        entries += [
            (
                "create(['not', 'a', 'dict'])",
                "operator",
                self.rpc("service.ticket", "create", ["not", "a", "dict"]),
                VALIDATION_ERROR,
                r"The values to save must be a dictionary",
            ),
            (
                "create([{...}, 'junk'])",
                "operator",
                self.rpc("service.ticket", "create", [self._base(), "junk"]),
                VALIDATION_ERROR,
                r"The values to save must be a dictionary",
            ),
        ]
        self.run_catalogue(entries)

    def test_write(self):
        entries = [
            (
                f"write({name}={value!r})",
                "operator",
                self.rpc("service.ticket", "write", [self.t_open.id], {name: value}),
                VALIDATION_ERROR,
                pattern,
            )
            for name, value, pattern in self._bad_values()
        ]
        entries.append(
            (
                "write('not a dict')",
                "operator",
                self.rpc("service.ticket", "write", [self.t_open.id], "description"),
                VALIDATION_ERROR,
                r"The values to save must be a dictionary",
            )
        )
        self.run_catalogue(entries)

    def test_web_save_and_copy(self):
        self.run_catalogue(
            [
                (
                    "web_save(description=[...])",
                    "operator",
                    self.rpc(
                        "service.ticket",
                        "web_save",
                        [self.t_open.id],
                        {"description": ["x"]},
                        specification={},
                    ),
                    VALIDATION_ERROR,
                    r"Customer Report: type a text",
                ),
                (
                    "copy(default={partner_id: 'x'})",
                    "operator",
                    self.rpc(
                        "service.ticket",
                        "copy",
                        [self.t_open.id],
                        default={"partner_id": "x"},
                    ),
                    VALIDATION_ERROR,
                    r"Customer: choose a record from the list",
                ),
                (
                    "create(context default_partner_id='x')",
                    "operator",
                    self.rpc(
                        "service.ticket",
                        "create",
                        {"process_id": self.process.id, "company_id": self.conecta.id},
                        context={"default_partner_id": "x"},
                    ),
                    BUSINESS,
                    r"Customer",
                ),
                (
                    "create(context default_description=[...])",
                    "operator",
                    self.rpc(
                        "service.ticket",
                        "create",
                        self._base(),
                        context={"default_description": ["x"]},
                    ),
                    BUSINESS,
                    r"Customer Report",
                ),
            ]
        )


# ---------------------------------------------------------------------------
# The lifecycle methods and their wizards
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestLifecycleArguments(BadInputCase):
    def test_forward(self):
        bad_processes = [
            "Financeiro",
            0,
            -5,
            99999999,
            True,
            None,
            1.5,
            NAN,
            [self.billing.id, self.process.id],
            [],
            {"id": self.billing.id},
        ]
        entries = [
            (
                f"action_forward(process={value!r})",
                "operator",
                self.rpc("service.ticket", "action_forward", [self.t_open.id], value),
                VALIDATION_ERROR,
                r"Choose one process from the list",
            )
            for value in bad_processes
        ]
        entries += [
            (
                f"action_forward(comment={value!r})",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_forward",
                    [self.t_open.id],
                    self.billing.id,
                    value,
                ),
                VALIDATION_ERROR,
                r"The comment must be a text",
            )
            for value in (["Olá"], 5, NAN, True, {"texto": "x"})
        ]
        empty = self.env["service.process"].create(
            {"name": "Vazio", "company_id": False}
        )
        entries += [
            (
                "action_forward(the same process)",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_forward",
                    [self.t_open.id],
                    self.process.id,
                ),
                BUSINESS,
                r"Ticket \d+ is already in process Suporte técnico",
            ),
            (
                "action_forward(a process without subprocesses)",
                "operator",
                self.rpc(
                    "service.ticket", "action_forward", [self.t_open.id], empty.id
                ),
                BUSINESS,
                r"Process Vazio has no subprocesses",
            ),
            (
                "action_forward on a closed ticket",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_forward",
                    [self.t_closed.id],
                    self.billing.id,
                ),
                BUSINESS,
                r"Ticket \d+ is not open",
            ),
        ]
        self.run_catalogue(entries)

    def test_close(self):
        entries = [
            (
                f"action_close(classification={value!r})",
                "operator",
                self.rpc("service.ticket", "action_close", [self.t_open.id], value),
                VALIDATION_ERROR,
                r"Choose one closing classification from the list",
            )
            for value in (
                "Resolvido",
                None,
                0,
                True,
                NAN,
                [self.class_close.id, self.class_open.id],
                99999999,
            )
        ]
        entries += [
            (
                "action_close(an opening classification)",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_close",
                    [self.t_open.id],
                    self.class_open.id,
                ),
                BUSINESS,
                r"Choose a closing classification to close the ticket",
            ),
            (
                "action_close(comment=[...])",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_close",
                    [self.t_open.id],
                    self.class_close.id,
                    ["fim"],
                ),
                VALIDATION_ERROR,
                r"The closing comment must be a text",
            ),
            (
                "action_close on a closed ticket",
                "operator",
                self.rpc(
                    "service.ticket",
                    "action_close",
                    [self.t_closed.id],
                    self.class_close.id,
                ),
                BUSINESS,
                r"Ticket \d+ is not open",
            ),
        ]
        self.run_catalogue(entries)

    def test_transitions_on_wrong_states_and_empty_selections(self):
        self.t_open.sudo().write({"claimed_by_id": self.users["operator"].id})
        unclaimed = self.ticket()
        self.fixtures |= unclaimed
        entries = [
            (
                f"{method}([])",
                role,
                self.rpc("service.ticket", method, [], *args),
                BUSINESS,
                r"Select the tickets first",
            )
            for method, role, args in (
                ("action_claim", "operator", ()),
                ("action_release", "operator", ()),
                ("action_next_step", "operator", ()),
                ("action_forward", "operator", (self.billing.id,)),
                ("action_close", "operator", (self.class_close.id,)),
                ("action_cancel", "supervisor", ()),
                ("action_reopen", "supervisor", ()),
            )
        ]
        entries += [
            (
                "action_claim (already mine)",
                "operator",
                self.rpc("service.ticket", "action_claim", [self.t_open.id]),
                BUSINESS,
                r"You have already claimed ticket \d+",
            ),
            (
                "action_release (nobody's)",
                "operator",
                self.rpc("service.ticket", "action_release", [unclaimed.id]),
                BUSINESS,
                r"Ticket \d+ is not claimed by anyone",
            ),
            (
                "action_claim on a closed ticket",
                "operator",
                self.rpc("service.ticket", "action_claim", [self.t_closed.id]),
                BUSINESS,
                r"Ticket \d+ is not open",
            ),
            (
                "action_cancel on a closed ticket",
                "supervisor",
                self.rpc("service.ticket", "action_cancel", [self.t_closed.id]),
                BUSINESS,
                r"Ticket \d+ is not open",
            ),
            (
                "action_reopen on an open ticket",
                "supervisor",
                self.rpc("service.ticket", "action_reopen", [unclaimed.id]),
                BUSINESS,
                r"Ticket \d+ is already open",
            ),
            (
                "action_claim on ids that do not exist",
                "operator",
                self.rpc("service.ticket", "action_claim", [99999999]),
                ("odoo.exceptions.MissingError", ACCESS_ERROR, *BUSINESS),
                r"(does not exist|deleted|not allowed)",
            ),
        ]
        self.run_catalogue(entries)

    def test_forward_and_close_wizards(self):
        entries = [
            (
                "forward wizard create(process_id='x')",
                "operator",
                self.rpc(
                    "service.ticket.forward.wizard",
                    "create",
                    {"ticket_ids": [(6, 0, [self.t_open.id])], "process_id": "x"},
                ),
                VALIDATION_ERROR,
                r"New Process: choose a record from the list",
            ),
            (
                "forward wizard create(ticket_ids=5)",
                "operator",
                self.rpc(
                    "service.ticket.forward.wizard",
                    "create",
                    {"ticket_ids": 5, "process_id": self.billing.id},
                ),
                VALIDATION_ERROR,
                r"Tickets: the list of lines is malformed",
            ),
            (
                "forward wizard create(ticket_ids=[ids])",
                "operator",
                self.rpc(
                    "service.ticket.forward.wizard",
                    "create",
                    {"ticket_ids": [self.t_open.id], "process_id": self.billing.id},
                ),
                VALIDATION_ERROR,
                r"Tickets: the list of lines is malformed",
            ),
            (
                "forward wizard create(comment=NaN)",
                "operator",
                self.rpc(
                    "service.ticket.forward.wizard",
                    "create",
                    {
                        "ticket_ids": [(6, 0, [self.t_open.id])],
                        "process_id": self.billing.id,
                        "comment": NAN,
                    },
                ),
                VALIDATION_ERROR,
                r"Forwarding Comment: type a text",
            ),
            (
                "close wizard create(closing_classification_id=[1, 2])",
                "operator",
                self.rpc(
                    "service.ticket.close.wizard",
                    "create",
                    {
                        "ticket_ids": [(6, 0, [self.t_open.id])],
                        "closing_classification_id": [1, 2],
                    },
                ),
                VALIDATION_ERROR,
                r"Closing Classification: choose a record from the list",
            ),
            (
                "close wizard create(no classification)",
                "operator",
                self.rpc(
                    "service.ticket.close.wizard",
                    "create",
                    {"ticket_ids": [(6, 0, [self.t_open.id])]},
                ),
                BUSINESS,
                r"Closing Classification",
            ),
        ]
        self.run_catalogue(entries)


# ---------------------------------------------------------------------------
# SLA: increment, pause, resume, and the wizard
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestSlaArguments(BadInputCase):
    def _increment(
        self,
        quantity=2,
        unit="hours",
        motive=None,
        notes="Feriado",
        ticket=None,
        raw=None,
    ):
        ticket = ticket or self.t_open
        motive = self.motive_increment.id if motive is None else motive
        return lambda role: self.call(
            role,
            "service.ticket",
            "sla_increment",
            [ticket.id],
            quantity,
            unit,
            motive,
            notes,
            raw=raw,
        )

    def test_increment_quantity(self):
        number = r"The quantity of the increment must be a number greater than zero"
        at_most = (
            r"An SLA can be incremented by at most 90 days \(2160 hours\) at a time"
        )
        entries = [
            (
                f"sla_increment(quantity={value!r}, unit={unit!r})",
                "supervisor",
                self._increment(value, unit),
                BUSINESS,
                pattern,
            )
            for value, unit, pattern in (
                ("5", "hours", number),
                ([5], "hours", number),
                ({"q": 5}, "hours", number),
                (None, "hours", number),
                (True, "hours", number),
                (False, "hours", number),
                (0, "hours", number),
                (-1, "hours", number),
                (-0.5, "days", number),
                (NAN, "hours", number),
                (NAN, "days", number),
                (-INF, "hours", number),
                (INF, "hours", at_most),
                (INF, "days", at_most),
                (91, "days", at_most),
                (2161, "hours", at_most),
                (1e308, "days", at_most),
                (2**63, "hours", at_most),
                (1.5, "days", r"Increment the SLA by a whole number of days"),
            )
        ]
        # the JSON literals themselves, as a hand-written client would send them
        entries += [
            (
                f"sla_increment(quantity={literal}) as raw JSON",
                "supervisor",
                self._increment(
                    12345,
                    "hours",
                    raw=lambda body, literal=literal: body.replace("12345", literal, 1),
                ),
                BUSINESS,
                pattern,
            )
            for literal, pattern in (
                ("NaN", number),
                ("-Infinity", number),
                ("Infinity", at_most),
            )
        ]
        self.run_catalogue(entries)

    def test_increment_unit_motive_and_notes(self):
        unit = r"Increment the SLA in hours or in days"
        motive = r"Choose one motive from the list"
        notes_text = r"The notes must be a text"
        archived = self.env["service.sla.motive"].create(
            {"name": "Motivo antigo", "kind": "increment", "active": False}
        )
        foreign = self.env["service.sla.motive"].create(
            {
                "name": "Motivo da Rede Sul",
                "kind": "increment",
                "company_id": self.rede_sul.id,
            }
        )
        entries = [
            (
                f"sla_increment(unit={value!r})",
                "supervisor",
                self._increment(unit=value),
                BUSINESS,
                unit,
            )
            for value in (
                "weeks",
                "",
                None,
                False,
                5,
                True,
                ["hours"],
                {"unit": "hours"},
            )
        ]
        entries += [
            (
                f"sla_increment(motive={value!r})",
                "supervisor",
                self._increment(motive=value),
                VALIDATION_ERROR,
                motive,
            )
            for value in (
                "Feriado",
                False,
                0,
                99999999,
                True,
                NAN,
                [self.motive_increment.id, self.motive_pause.id],
                {"id": 1},
            )
        ]
        entries += [
            (
                "sla_increment(a pause motive)",
                "supervisor",
                self._increment(motive=self.motive_pause.id),
                BUSINESS,
                (
                    r"'Waiting for the customer' is not a motive of the kind "
                    r"'Time Increment'"
                ),
            ),
            (
                "sla_increment(an archived motive)",
                "supervisor",
                self._increment(motive=archived.id),
                BUSINESS,
                r"The motive 'Motivo antigo' is archived: choose an active one",
            ),
            (
                "sla_increment(a motive of another company)",
                "supervisor",
                self._increment(motive=foreign.id),
                BUSINESS,
                (
                    r"The motive 'Motivo da Rede Sul' belongs to another company"
                    r"|not allowed"
                ),
            ),
        ]
        entries += [
            (
                f"sla_increment(notes={value!r})",
                "supervisor",
                self._increment(notes=value),
                BUSINESS,
                r"Write the notes explaining this SLA change",
            )
            for value in ("", "   ", None, False)
        ]
        entries += [
            (
                f"sla_increment(notes={value!r})",
                "supervisor",
                self._increment(notes=value),
                VALIDATION_ERROR,
                notes_text,
            )
            for value in (["nota"], 5, NAN, {"n": 1})
        ]
        entries += [
            (
                "sla_increment on a paused SLA",
                "supervisor",
                self._increment(ticket=self.t_paused),
                BUSINESS,
                r"The SLA of ticket \d+ is paused: resume it before incrementing it",
            ),
            (
                "sla_increment on a closed ticket",
                "supervisor",
                self._increment(ticket=self.t_closed),
                BUSINESS,
                r"Ticket \d+ is no longer open: its SLA cannot change",
            ),
            (
                "sla_increment([])",
                "supervisor",
                self.rpc(
                    "service.ticket",
                    "sla_increment",
                    [],
                    2,
                    "hours",
                    self.motive_increment.id,
                    "x",
                ),
                BUSINESS,
                r"Select the tickets first",
            ),
        ]
        self.run_catalogue(entries)

    def test_increment_bound_is_the_company_setting(self):
        self.conecta.service_sla_max_increment_days = 10
        at_most = (
            r"An SLA can be incremented by at most 10 days \(240 hours\) at a time"
        )
        self.run_catalogue(
            [
                (
                    "sla_increment(11 days), setting 10",
                    "supervisor",
                    self._increment(11, "days"),
                    BUSINESS,
                    at_most,
                ),
                (
                    "sla_increment(241 hours), setting 10",
                    "supervisor",
                    self._increment(241, "hours"),
                    BUSINESS,
                    at_most,
                ),
            ]
        )
        for quantity, unit in ((10, "days"), (240, "hours")):
            with self.subTest(quantity=quantity, unit=unit):
                ticket = self.ticket()
                answer = self._increment(quantity, unit, ticket=ticket)("supervisor")
                self.assertAllowed(
                    answer, f"sla_increment({quantity} {unit}) at the bound"
                )

    def test_default_bound_is_90_days(self):
        self.assertEqual(self.conecta.service_sla_max_increment_days, 90)
        for quantity, unit in ((90, "days"), (2160, "hours")):
            with self.subTest(quantity=quantity, unit=unit):
                ticket = self.ticket()
                answer = self._increment(quantity, unit, ticket=ticket)("supervisor")
                self.assertAllowed(
                    answer, f"sla_increment({quantity} {unit}) at the default bound"
                )

    def test_pause_and_resume(self):
        late = self.ticket()
        late.sudo().write({"sla_deadline": fields.Datetime.now() - timedelta(hours=3)})
        no_sla = self.ticket()
        no_sla.sudo().write(
            {"sla_policy_id": False, "sla_state": "none", "sla_deadline": False}
        )
        self.fixtures |= late | no_sla

        def pause(ticket=None, motive=None, notes="Aguardando"):
            ticket = ticket or self.t_open
            motive = self.motive_pause.id if motive is None else motive
            return self.rpc("service.ticket", "sla_pause", [ticket.id], motive, notes)

        entries = [
            (
                "sla_pause(an increment motive)",
                "supervisor",
                pause(motive=self.motive_increment.id),
                BUSINESS,
                r"'Municipal holiday' is not a motive of the kind 'SLA Pause'",
            ),
            (
                "sla_pause(motive='x')",
                "supervisor",
                pause(motive="x"),
                VALIDATION_ERROR,
                r"Choose one motive from the list",
            ),
            (
                "sla_pause(notes='')",
                "supervisor",
                pause(notes=""),
                BUSINESS,
                r"Write the notes explaining this SLA change",
            ),
            (
                "sla_pause(notes=[...])",
                "supervisor",
                pause(notes=["x"]),
                VALIDATION_ERROR,
                r"The notes must be a text",
            ),
            (
                "sla_pause on a paused SLA",
                "supervisor",
                pause(ticket=self.t_paused),
                BUSINESS,
                r"The SLA of ticket \d+ is already paused",
            ),
            (
                "sla_pause on a late SLA",
                "supervisor",
                pause(ticket=late),
                BUSINESS,
                (
                    r"The SLA of ticket \d+ is already late: increment it instead of "
                    r"pausing it"
                ),
            ),
            (
                "sla_pause on a closed ticket",
                "supervisor",
                pause(ticket=self.t_closed),
                BUSINESS,
                r"is no longer open: its SLA cannot change",
            ),
            (
                "sla_pause on a ticket without SLA",
                "supervisor",
                pause(ticket=no_sla),
                BUSINESS,
                r"Ticket \d+ has no SLA",
            ),
            (
                "sla_resume(notes=[...])",
                "supervisor",
                self.rpc("service.ticket", "sla_resume", [self.t_paused.id], ["x"]),
                VALIDATION_ERROR,
                r"The notes must be a text",
            ),
            (
                "sla_resume(notes=NaN)",
                "supervisor",
                self.rpc("service.ticket", "sla_resume", [self.t_paused.id], NAN),
                VALIDATION_ERROR,
                r"The notes must be a text",
            ),
            (
                "sla_resume on a running SLA",
                "supervisor",
                self.rpc("service.ticket", "sla_resume", [self.t_open.id]),
                BUSINESS,
                r"The SLA of ticket \d+ is not paused",
            ),
        ]
        self.run_catalogue(entries)

    def _wizard(self, values):
        return self.rpc(
            "service.sla.change.wizard",
            "create",
            dict({"ticket_ids": [(6, 0, [self.t_open.id])]}, **values),
        )

    def test_wizard_fields(self):
        entries = [
            (
                f"SLA wizard create({values})",
                "supervisor",
                self._wizard(values),
                VALIDATION_ERROR,
                pattern,
            )
            for values, pattern in (
                ({"quantity": "dez"}, r"Increment Quantity: type a number"),
                ({"quantity": NAN}, r"Increment Quantity: type a number"),
                ({"quantity": INF}, r"Increment Quantity: type a number"),
                ({"quantity": [3]}, r"Increment Quantity: type a number"),
                ({"quantity": True}, r"Increment Quantity: type a number"),
                ({"quantity": 1e13}, r"Increment Quantity: the number is too large"),
                (
                    {"unit": "weeks"},
                    r"Increment Type: choose one of the offered options",
                ),
                ({"unit": ""}, r"Increment Type: choose one of the offered options"),
                (
                    {"running_choice": "explode"},
                    r"Running SLA Action: choose one of the offered options",
                ),
                ({"motive_id": "Feriado"}, r"Motive: choose a record from the list"),
                ({"motive_id": 99999999}, r"Motive: the chosen record does not exist"),
                ({"notes": ["x"]}, r"Notes: type a text"),
                ({"confirm": "yes"}, r"choose yes or no"),
                ({"confirm": 1}, r"choose yes or no"),
                ({"ticket_ids": "all"}, r"Tickets: the list of lines is malformed"),
                (
                    {"ticket_ids": [self.t_open.id]},
                    r"Tickets: the list of lines is malformed",
                ),
                (
                    {"ticket_ids": [[99, 0, 0]]},
                    r"Tickets: the list of lines is malformed",
                ),
            )
        ]
        self.run_catalogue(entries)

    def _wizard_flow(self, create_values, details, ticket=None):
        """Create, Next, fill in, Finish — returns the first refusal or the end."""
        ticket = ticket or self.t_open

        def flow(role):
            answer = self.call(
                role,
                "service.sla.change.wizard",
                "create",
                dict({"ticket_ids": [(6, 0, [ticket.id])]}, **create_values),
            )
            if not answer.ok:
                return answer
            wizard = answer.result
            for method, args in (
                ("action_next", ()),
                ("write", (details,)),
                ("action_confirm", ()),
            ):
                answer = self.call(
                    role, "service.sla.change.wizard", method, [wizard], *args
                )
                if not answer.ok:
                    return answer
            return answer

        return flow

    def test_wizard_flows(self):
        full = {
            "motive_id": self.motive_increment.id,
            "notes": "x",
            "quantity": 2,
            "unit": "hours",
            "confirm": True,
        }
        entries = [
            (
                "SLA wizard: no operation chosen",
                "supervisor",
                self._wizard_flow({"running_choice": False}, dict(full)),
                BUSINESS,
                r"Choose what to do with the SLA first",
            ),
            (
                "SLA wizard: no unit",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full, unit=False)
                ),
                BUSINESS,
                r"Increment the SLA in hours or in days",
            ),
            (
                "SLA wizard: quantity 0",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full, quantity=0)
                ),
                BUSINESS,
                r"The quantity of the increment must be a number greater than zero",
            ),
            (
                "SLA wizard: 91 days",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"},
                    dict(full, quantity=91, unit="days"),
                ),
                BUSINESS,
                r"at most 90 days \(2160 hours\)",
            ),
            (
                "SLA wizard: no motive",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full, motive_id=False)
                ),
                VALIDATION_ERROR,
                r"Choose one motive from the list",
            ),
            (
                "SLA wizard: no notes",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full, notes=False)
                ),
                BUSINESS,
                r"Write the notes explaining this SLA change",
            ),
            (
                "SLA wizard: pause with an increment motive",
                "supervisor",
                self._wizard_flow({"running_choice": "pause"}, dict(full)),
                BUSINESS,
                r"is not a motive of the kind 'SLA Pause'",
            ),
            (
                "SLA wizard: not confirmed",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full, confirm=False)
                ),
                BUSINESS,
                r"Tick 'Are you sure you want to run this process now\?' to finish",
            ),
            (
                "SLA wizard: on a closed ticket",
                "supervisor",
                self._wizard_flow(
                    {"running_choice": "increment"}, dict(full), ticket=self.t_closed
                ),
                BUSINESS,
                r"is no longer open: its SLA cannot change",
            ),
        ]
        self.run_catalogue(entries)


# ---------------------------------------------------------------------------
# The survey resend
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestSurveyResendArguments(BadInputCase):
    def test_resend(self):
        recent = self.t_closed  # its survey was sent when it closed, just now
        no_email = self.ticket(partner_id=self.customer_cnpj.id)
        no_email.partner_id.sudo().email = False
        no_email.action_close(self.class_close.id)
        rated = self.ticket(state="closed")
        rated.sudo().write(
            {"survey_sent_at": fields.Datetime.now() - timedelta(days=3)}
        )
        rated.sudo()._rating_get_access_token()
        rated.sudo().rating_ids.write({"rating": 4, "consumed": True})
        self.fixtures |= no_email | rated
        self.env.flush_all()
        resend = r"The satisfaction survey was not resent"
        entries = [
            (
                "action_resend_rating on an open ticket",
                "supervisor",
                self.rpc("service.ticket", "action_resend_rating", [self.t_open.id]),
                BUSINESS,
                rf"{resend}.*Ticket \d+ is not closed",
            ),
            (
                "action_resend_rating sent less than 24 hours ago",
                "supervisor",
                self.rpc("service.ticket", "action_resend_rating", [recent.id]),
                BUSINESS,
                rf"{resend}.*The survey of ticket \d+ was sent less than 24 hours ago",
            ),
            (
                "action_resend_rating to a customer without e-mail",
                "supervisor",
                self.rpc("service.ticket", "action_resend_rating", [no_email.id]),
                BUSINESS,
                (
                    rf"{resend}.*The customer of ticket \d+ \(Padaria Teste Ltda\) "
                    r"has no e-mail"
                ),
            ),
            (
                "action_resend_rating on a rated ticket",
                "supervisor",
                self.rpc("service.ticket", "action_resend_rating", [rated.id]),
                BUSINESS,
                rf"{resend}.*The customer has already rated ticket \d+",
            ),
            (
                "action_resend_rating on several, one wrong",
                "supervisor",
                self.rpc(
                    "service.ticket", "action_resend_rating", [rated.id, self.t_open.id]
                ),
                BUSINESS,
                rf"{resend}",
            ),
            (
                "action_resend_rating([])",
                "supervisor",
                self.rpc("service.ticket", "action_resend_rating", []),
                BUSINESS,
                r"Select the tickets to resend the survey to",
            ),
        ]
        self.run_catalogue(entries)


# ---------------------------------------------------------------------------
# The search wizards and the search fields
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestSearchInput(BadInputCase):
    WIZARDS = ("service.ticket.synthetic.search", "service.ticket.advanced.search")

    def test_wizard_fields(self):
        entries = []
        for model in self.WIZARDS:
            for values, pattern in (
                (
                    {"date_from": "1900-01-01"},
                    r"From: the date must be between 1970 and 2100",
                ),
                (
                    {"date_from": "1969-12-31"},
                    r"From: the date must be between 1970 and 2100",
                ),
                (
                    {"date_to": "2200-01-01"},
                    r"To: the date must be between 1970 and 2100",
                ),
                (
                    {"date_to": "9999-12-31"},
                    r"To: the date must be between 1970 and 2100",
                ),
                ({"date_from": "2026-02-30"}, r"From: type a valid date"),
                ({"date_from": "ontem"}, r"From: type a valid date"),
                ({"date_from": 20260101}, r"From: type a date"),
                ({"date_from": NAN}, r"From: type a date"),
                ({"date_from": True}, r"From: type a date"),
                ({"date_to": ["2026-01-01"]}, r"To: type a date"),
                (
                    {"search_by": "everything"},
                    r"Search By: choose one of the offered options",
                ),
                ({"search_by": ""}, r"Search By: choose one of the offered options"),
                ({"search_by": 3}, r"Search By: choose one of the offered options"),
                ({"user_id": "ana.souza"}, r"Operator: choose a record from the list"),
                ({"user_id": 99999999}, r"Operator: the chosen record does not exist"),
                ({"city": ["Campinas"]}, r"City: type a text"),
                ({"origin_id": [1]}, r"Contact Origin: choose a record from the list"),
            ):
                entries.append(
                    (
                        f"{model} create({values})",
                        "operator",
                        self.rpc(model, "create", values),
                        VALIDATION_ERROR,
                        pattern,
                    )
                )
            # an empty selection: the field is required
            entries.append(
                (
                    f"{model} create(search_by=False)",
                    "operator",
                    self.rpc(model, "create", {"search_by": False}),
                    BUSINESS,
                    r"Search By",
                )
            )
        entries.append(
            (
                "advanced search create(code=12)",
                "operator",
                self.rpc(
                    "service.ticket.advanced.search",
                    "create",
                    {"search_by": "code", "code": 12},
                ),
                VALIDATION_ERROR,
                r"Code: type a text",
            )
        )
        self.run_catalogue(entries)

    def _search(self, model, values):
        """Create the wizard, press Search, and let the panel it opens search with
        its domain; returns the first refusal, or the panel's count."""

        def call(role):
            answer = self.call(role, model, "create", values)
            if not answer.ok:
                return answer
            answer = self.call(role, model, "action_search", [answer.result])
            if not answer.ok:
                return answer
            action = answer.result
            return self.call(
                role, action["res_model"], "search_count", action["domain"]
            )

        return call

    def test_wizard_searches(self):
        today = fields.Date.today()
        entries = []
        for model, days in (
            ("service.ticket.synthetic.search", 180),
            ("service.ticket.advanced.search", 366),
        ):
            entries += [
                (
                    f"{model} period reversed",
                    "operator",
                    self._search(
                        model,
                        {
                            "date_from": str(today),
                            "date_to": str(today - timedelta(days=1)),
                        },
                    ),
                    BUSINESS,
                    r"The period starts after it ends",
                ),
                (
                    f"{model} period too long",
                    "operator",
                    self._search(
                        model,
                        {
                            "date_from": str(today - timedelta(days=days + 1)),
                            "date_to": str(today),
                        },
                    ),
                    BUSINESS,
                    rf"The period can span at most {days} days",
                ),
                (
                    f"{model} no start",
                    "operator",
                    self._search(model, {"date_from": False}),
                    BUSINESS,
                    r"Fill in the period: both the start and the end date",
                ),
                (
                    f"{model} city empty",
                    "operator",
                    self._search(model, {"search_by": "city", "city": "   "}),
                    BUSINESS,
                    r"Fill in “City” to search",
                ),
                (
                    f"{model} operator empty",
                    "operator",
                    self._search(model, {"search_by": "claimed_by"}),
                    BUSINESS,
                    r"Fill in “Operator” to search",
                ),
                (
                    f"{model} origin empty",
                    "operator",
                    self._search(model, {"search_by": "origin"}),
                    BUSINESS,
                    r"Fill in “Contact Origin” to search",
                ),
            ]
        advanced = "service.ticket.advanced.search"
        entries += [
            (
                f"advanced search code={code!r}",
                "operator",
                self._search(advanced, {"search_by": "code", "code": code}),
                BUSINESS,
                pattern,
            )
            for code, pattern in (
                ("12a", r"The code is the ticket number: digits only"),
                ("-5", r"The code is the ticket number: digits only"),
                ("1.5", r"The code is the ticket number: digits only"),
                ("99999999999", r"No ticket has the code 99999999999"),
                # digits Python calls digits but int() does not read
                (
                    "²",
                    DIGITS_ONLY + r"|No ticket has the code",
                ),
                ("١٢٣٤٥٦٧٨٩٠١٢", r"No ticket has the code|digits only"),
                ("", r"Fill in “Code” to search"),
            )
        ]
        entries += [
            (
                f"advanced search protocol={value!r}",
                "operator",
                self._search(advanced, {"search_by": "protocol", "protocol": value}),
                BUSINESS,
                pattern,
            )
            for value, pattern in (
                (
                    "%%%",
                    r"Type the digits of the protocol, with or without punctuation",
                ),
                ("_", r"Type the digits of the protocol, with or without punctuation"),
                ("  ", r"Fill in “Protocol” to search"),
            )
        ]
        entries += [
            (
                "advanced search address all empty",
                "operator",
                self._search(advanced, {"search_by": "address"}),
                BUSINESS,
                r"Fill in the street, the district or the city to search",
            ),
            (
                "advanced search customer empty",
                "operator",
                self._search(advanced, {"search_by": "partner"}),
                BUSINESS,
                r"Fill in “Customer” to search",
            ),
        ]
        self.run_catalogue(entries)

    def test_search_fields(self):
        def search(domain, model="service.ticket"):
            return self.rpc(model, "search_read", domain, ["id"])

        entries = [
            (f"search {domain}", "operator", search(domain), BUSINESS, pattern)
            for domain, pattern in (
                (
                    [("protocol_search", "=", 2026)],
                    r"Search the protocol by its number",
                ),
                (
                    [("protocol_search", "in", ["2026"])],
                    r"Search the protocol by its number",
                ),
                ([("protocol_search", "=", "-./")], r"Type the digits of the protocol"),
                (
                    [("protocol_search", "ilike", "%")],
                    r"Type the digits of the protocol",
                ),
                (
                    [("partner_document", "=", 52998224725)],
                    r"Search the CPF/CNPJ by its number",
                ),
                (
                    [("partner_document", "in", ["52998224725"])],
                    r"Search the CPF/CNPJ by its number",
                ),
                (
                    [("partner_document", "=", "...-")],
                    r"Type the digits of the CPF or CNPJ",
                ),
                (
                    [("partner_display_document", "=", ["João"])],
                    r"Search the customer by name or CPF/CNPJ",
                ),
                (
                    [("partner_display_document", "=", False)],
                    r"Search the customer by name or CPF/CNPJ",
                ),
                (
                    [("is_sla_late", "=", "yes")],
                    r"Late SLAs can only be searched as true or false",
                ),
                (
                    [("is_sla_late", "in", [True])],
                    r"Late SLAs can only be searched as true or false",
                ),
            )
        ]
        entries.append(
            (
                "search steps [('is_late', '=', 'sim')]",
                "operator",
                search([("is_late", "=", "sim")], "service.ticket.step"),
                BUSINESS,
                r"Search this column by choosing one of its values",
            )
        )
        self.run_catalogue(entries)


@tagged("post_install", "-at_install")
class TestLiteralSearches(PainelRpcCase):
    """What an operator types in the protocol, city and street searches is text:
    ``%``, ``_``, ``\\`` and quotes match themselves, not everything; full-width
    digits and letters match plain ones."""

    def setUp(self):
        super().setUp()
        self.mine = self.ticket(technician=None) | self.ticket(
            technician=None, city="Valinhos"
        )
        self.mine[1].sudo().write({"street": "Rua 100% Fibra_Ótica"})

    def _found(self, domain, model="service.ticket"):
        answer = self.call(
            "operator", model, "search", domain + [("id", "in", self.mine.ids)]
        )
        return self.env["service.ticket"].browse(
            self.assertAllowed(answer, f"operator × search {domain}")
        )

    def test_like_metacharacters_match_themselves(self):
        texts = (
            "%",
            "_",
            "\\",
            "'",
            '"',
            "%%",
            "_%",
            "%_%",
            "' OR '1'='1",
            "\\%",
            "%' --",
        )
        for field in (
            "protocol",
            "city",
            "street",
            "district",
            "condominium",
            "description",
        ):
            for operator in ("ilike", "like", "=ilike", "=like", "not ilike"):
                for text in texts:
                    with self.subTest(field=field, operator=operator, text=text):
                        found = self._found([(field, operator, text)])
                        literal = self.mine.filtered(
                            lambda t, field=field, text=text, operator=operator: (
                                self._literal_match(t[field] or "", operator, text)
                            )
                        )
                        self.assertEqual(found, literal, f"{field} {operator} {text!r}")

    @staticmethod
    def _literal_match(value, operator, text):
        if operator in ("=ilike", "=like"):
            matched = (
                value.lower() == text.lower() if operator == "=ilike" else value == text
            )
        elif operator == "like":
            matched = text in value
        else:
            matched = text.lower() in value.lower()
        return not matched if operator.startswith("not") else matched

    def test_literal_percent_and_underscore_are_found(self):
        street_ticket = self.mine[1]
        for text in ("100%", "Fibra_", "0% F"):
            with self.subTest(text=text):
                self.assertEqual(
                    self._found([("street", "ilike", text)]), street_ticket
                )

    def test_full_width_text_matches_plain_text(self):
        protocol = self.mine[0].protocol
        full_width = "".join(chr(ord(char) + 0xFEE0) for char in protocol)
        self.assertEqual(self._found([("protocol", "ilike", full_width)]), self.mine[0])
        self.assertEqual(
            self._found([("protocol_search", "=", full_width)]), self.mine[0]
        )
        self.assertEqual(
            self._found([("city", "ilike", "ＶＡＬＩＮＨＯＳ")]), self.mine[1]
        )
        self.assertEqual(
            self._found([("city", "=ilike", "ｖａｌｉｎｈｏｓ")]), self.mine[1]
        )

    def test_name_search_is_literal(self):
        for text in ("%", "_", "%%", "\\"):
            with self.subTest(text=text):
                answer = self.call(
                    "operator",
                    "service.ticket",
                    "name_search",
                    text,
                    args=[("id", "in", self.mine.ids)],
                )
                self.assertEqual(
                    self.assertAllowed(answer, f"name_search {text!r}"), []
                )
        answer = self.call(
            "operator",
            "service.ticket",
            "name_search",
            self.mine[0].protocol,
            args=[("id", "in", self.mine.ids)],
        )
        self.assertEqual([row[0] for row in answer.result], self.mine[0].ids)

    def _wizard_domain(self, values):
        answer = self.call(
            "operator", "service.ticket.advanced.search", "create", values
        )
        wizard = self.assertAllowed(answer, f"advanced search create {values}")
        action = self.assertAllowed(
            self.call(
                "operator", "service.ticket.advanced.search", "action_search", [wizard]
            ),
            f"advanced search {values}",
        )
        return action["domain"]

    def test_wizard_searches_are_literal(self):
        for values in (
            {"search_by": "city", "city": "%"},
            {"search_by": "city", "city": "_%"},
            {"search_by": "city", "city": "\\"},
            {"search_by": "address", "street": "%"},
            {"search_by": "address", "district": "_"},
            {"search_by": "condominium", "condominium": "%"},
            {"search_by": "protocol", "protocol": "2026%"},
        ):
            with self.subTest(values=values):
                domain = self._wizard_domain(values)
                found = self._found(domain)
                if values["search_by"] == "protocol":
                    # the protocol typed ("2026"), not every protocol
                    self.assertFalse(
                        found, f"{values} matched {found.mapped('protocol')}"
                    )
                    continue
                field, text = next(
                    (k, v) for k, v in values.items() if k != "search_by"
                )
                exact = values["search_by"] == "city"
                literal = self.mine.filtered(
                    lambda t, field=field, text=text, exact=exact: (
                        (t[field] or "").lower() == text.lower()
                        if exact
                        else text.lower() in (t[field] or "").lower()
                    )
                )
                self.assertEqual(
                    found, literal, f"{values} matched {found.mapped(field)}"
                )
        protocol = self.mine[0].protocol
        full_width = "".join(chr(ord(char) + 0xFEE0) for char in protocol)
        domain = self._wizard_domain({"search_by": "protocol", "protocol": full_width})
        self.assertEqual(self._found(domain), self.mine[0])
        domain = self._wizard_domain({"search_by": "city", "city": "ＶＡＬＩＮＨＯＳ"})
        self.assertEqual(self._found(domain), self.mine[1])


# ---------------------------------------------------------------------------
# log_interaction
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestLogInteractionArguments(BadInputCase):
    def _log(self, code, **values):
        return self.rpc(
            "service.ticket", "log_interaction", [self.t_open.id], code, **values
        )

    def test_codes_and_values(self):
        entries = [
            (
                f"log_interaction(code={code!r})",
                "operator",
                self._log(code),
                BUSINESS,
                r"Give the code of the event to log",
            )
            for code in (5, None, ["crm_linked"], {"code": "crm_linked"}, True)
        ]
        entries += [
            (
                "log_interaction('nope')",
                "operator",
                self._log("nope"),
                BUSINESS,
                r"There is no interaction type with code nope",
            ),
            (
                "log_interaction('')",
                "operator",
                self._log(""),
                BUSINESS,
                r"There is no interaction type with code",
            ),
            (
                "log_interaction('outage_found') without its value",
                "operator",
                self._log("outage_found"),
                BUSINESS,
                r"The interaction outage_found needs the value\(s\): outage",
            ),
            (
                "log_interaction([])",
                "operator",
                self.rpc("service.ticket", "log_interaction", [], "crm_linked"),
                BUSINESS,
                r"Select the tickets to log the event on",
            ),
        ]
        entries += [
            (
                f"log_interaction(details={value!r})",
                "operator",
                self._log("crm_linked", details=value),
                BUSINESS,
                r"The value details of the event must be a text or a number",
            )
            for value in (["x"], {"a": 1}, True, None)
        ]
        entries += [
            (
                "log_interaction(outage=True)",
                "operator",
                self._log("outage_found", outage=True),
                BUSINESS,
                r"The value outage of the event must be a text or a number",
            ),
            (
                "log_interaction(outage=[...])",
                "operator",
                self._log("outage_found", outage=["Centro"]),
                BUSINESS,
                r"The value outage of the event must be a text or a number",
            ),
        ]
        self.run_catalogue(entries)

    def test_integration_moment_and_user(self):
        portal = new_test_user(
            self.env, login="painel_rpc_portal", groups="base.group_portal"
        )
        future = str(fields.Datetime.now() + timedelta(days=2)).split(".")[0]
        when = r"When the event happened: "
        entries = [
            (
                f"log_interaction(when={value!r})",
                "integration",
                self._log("crm_linked", when=value),
                BUSINESS,
                pattern,
            )
            for value, pattern in (
                (
                    "9999-01-01 00:00:00",
                    when + r"the date must be between 1970 and 2100",
                ),
                (
                    "1969-12-31 23:59:59",
                    when + r"the date must be between 1970 and 2100",
                ),
                ("2026-02-30 10:00:00", when + r"type a valid date"),
                ("ontem", when + r"type a valid date"),
                (1767225600, when + r"type a date"),
                (NAN, when + r"type a date"),
                (["2026-01-01 10:00:00"], when + r"type a date"),
                (future, r"An event cannot be logged in the future"),
            )
        ]
        entries += [
            (
                f"log_interaction(user={value!r})",
                "integration",
                self._log("crm_linked", user=value),
                BUSINESS,
                r"Choose one user from the list",
            )
            for value in ("ana.souza", 99999999, True, 0, NAN, {"id": 2})
        ]
        entries += [
            (
                "log_interaction(user=<portal user>)",
                "integration",
                self._log("crm_linked", user=portal.id),
                BUSINESS,
                r"Events are logged for internal users only",
            ),
        ]
        self.run_catalogue(entries)

    def test_integration_user_as_a_one_id_list(self):
        """RPC clients send a record as [id]: it is read as that user."""
        ticket = self.t_open
        before = self.snapshot(ticket)
        operator = self.users["operator"]
        answer = self.call(
            "integration",
            "service.ticket",
            "log_interaction",
            [ticket.id],
            "crm_linked",
            user=[operator.id],
        )
        cell = "integration × log_interaction(user=[id])"
        if answer.ok:
            event = self.assertEvents(ticket, before, ["crm_linked"], cell)
            self.assertEqual(event.user_id, operator)
        else:
            self.assertRefused(answer, cell, BUSINESS, r"Choose one user from the list")
            self.assertUnchanged(before, ticket, cell)


# ---------------------------------------------------------------------------
# Work orders
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestWorkOrderValues(BadInputCase):
    def test_create_and_write(self):
        order = self.work_order(self.t_open, "technician")
        base = {"ticket_id": self.t_open.id}
        entries = [
            (
                f"work order create({values})",
                "operator",
                self.rpc("service.work.order", "create", dict(base, **values)),
                BUSINESS,
                pattern,
            )
            for values, pattern in (
                (
                    {"scheduled_at": "9999-12-31 10:00:00"},
                    r"Scheduled For: the date must be between 1970 and 2100",
                ),
                (
                    {"scheduled_at": "1950-01-01 10:00:00"},
                    r"Scheduled For: the date must be between 1970 and 2100",
                ),
                (
                    {"scheduled_at": "31/12/2026 10:00"},
                    r"Scheduled For: type a valid date",
                ),
                ({"scheduled_at": 5}, r"Scheduled For: type a date"),
                ({"scheduled_at": NAN}, r"Scheduled For: type a date"),
                (
                    {"technician_id": "marcos.oliveira"},
                    r"Technician: choose a record from the list",
                ),
                ({"technician_id": [2]}, r"Technician: choose a record from the list"),
                ({"description": ["x"]}, r"Description: type a text"),
                ({"ticket_id": "abc"}, r"Ticket: choose a record from the list"),
                (
                    {"ticket_id": [self.t_open.id]},
                    r"Ticket: choose a record from the list",
                ),
                ({"ticket_id": False}, r"A work order is opened from its ticket"),
                ({"ticket_id": 99999999}, r"Ticket: the chosen record does not exist"),
            )
        ]
        entries += [
            (
                f"work order write({values})",
                "technician",
                self.rpc("service.work.order", "write", [order.id], values),
                BUSINESS,
                pattern,
            )
            for values, pattern in (
                (
                    {"scheduled_at": "2200-01-01 10:00:00"},
                    r"Scheduled For: the date must be between 1970 and 2100",
                ),
                ({"scheduled_at": True}, r"Scheduled For: type a date"),
                ({"description": 5}, r"Description: type a text"),
            )
        ]
        self.run_catalogue(entries)


# ---------------------------------------------------------------------------
# CPF/CNPJ of a customer
# ---------------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestCustomerDocuments(PainelRpcCase):
    """What is typed in a customer's CPF/CNPJ (res.partner.vat), by an administrator
    in the customer form."""

    def _create(self, vat, country=True, **values):
        vals = dict({"name": "Cliente do Teste de Documento", "vat": vat}, **values)
        if country:
            vals["country_id"] = self.brazil.id
        return self.call("admin", "res.partner", "create", vals)

    def _partners(self):
        self.env.invalidate_all()
        return self.env["res.partner"].with_context(active_test=False).search_count([])

    def _refused(self, answer, cell, pattern, count):
        self.assertRefused(answer, cell, BUSINESS, pattern)
        self.assertEqual(self._partners(), count, f"[{cell}] a customer was saved")

    def test_foreign_numbers_read_as_a_country_code(self):
        """Two letters in front make base_vat check the number as that country's:
        a Brazilian customer's document is a CPF or a CNPJ all the same."""
        for vat in ("AR20123456786", "DE123456788", "BE0477472701", "ar 20-12345678-6"):
            with self.subTest(vat=vat):
                count = self._partners()
                self._refused(
                    self._create(vat),
                    f"admin × create BR customer vat={vat!r}",
                    r"CPF|CNPJ",
                    count,
                )

    def test_brazilian_number_with_the_country_prefix(self):
        count = self._partners()
        answer = self._create("BR529.982.247-25")
        cell = "admin × create BR customer vat='BR529.982.247-25'"
        if answer.ok:
            partner = self.env["res.partner"].browse(answer.result)
            # kept as the CPF itself, or masking and searching by it break
            self.assertEqual(partner.vat, "52998224725", cell)
        else:
            self._refused(answer, cell, r"CPF|CNPJ", count)

    def test_alphanumeric_cnpj_starting_with_a_country_code(self):
        """An alphanumeric CNPJ may start with letters that are a country code: it is
        still checked, stored and shown as a CNPJ."""
        from stdnum.br import cnpj

        number = "AR1234560001" + cnpj.calc_check_digits("AR1234560001")
        answer = self._create(
            f"{number[:2]}.{number[2:5]}.{number[5:8]}/{number[8:12]}-{number[12:]}",
            is_company=True,
        )
        partner = self.env["res.partner"].browse(
            self.assertAllowed(answer, "admin × create alphanumeric CNPJ AR...")
        )
        self.assertEqual(partner.vat, number)
        invalid = number[:-1] + str((int(number[-1]) + 1) % 10)
        count = self._partners()
        self._refused(
            self._create(invalid, is_company=True),
            f"admin × create invalid CNPJ {invalid}",
            r"CPF|CNPJ|not.*valid",
            count,
        )

    def test_document_on_a_customer_without_a_country(self):
        """The ISP's customers are Brazilian: a document typed without a country
        makes the customer Brazilian and is checked as a CPF/CNPJ — unless it starts
        with another country's code, a foreign customer Odoo checks as such."""
        answer = self._create("529.982.247-25", country=False)
        self.assertAllowed(answer, "admin × create customer without country, a CPF")
        partner = self.env["res.partner"].browse(answer.result)
        self.assertEqual(
            (partner.vat, partner.country_id), ("52998224725", self.brazil)
        )
        count = self._partners()
        self._refused(
            self._create("123", country=False),
            "admin × create customer without country vat='123'",
            r"neither a CPF",
            count,
        )
        answer = self._create("AR20123456786", country=False)
        self.assertAllowed(answer, "admin × create foreign customer vat='AR…'")
        partner = self.env["res.partner"].browse(answer.result)
        self.assertEqual(
            (partner.vat, partner.country_id.code), ("AR20123456786", False)
        )

    def test_write_on_an_existing_customer(self):
        for values, pattern in (
            ({"vat": "AR20123456786"}, r"CPF|CNPJ"),
            ({"vat": "529.982.247-26"}, r"CPF|CNPJ|not.*valid"),
            ({"vat": "000.000.000-00"}, r"CPF|CNPJ|not.*valid"),
            ({"country_id": False}, r"country"),
        ):
            with self.subTest(values=values):
                customer = self.env["res.partner"].create(
                    {
                        "name": "Cliente a corrigir",
                        "country_id": self.brazil.id,
                        "vat": "52998224725",
                    }
                )
                cell = f"admin × write customer {values}"
                answer = self.call(
                    "admin", "res.partner", "write", [customer.id], values
                )
                self.assertRefused(answer, cell, BUSINESS, pattern)
                self.env.invalidate_all()
                self.assertEqual(
                    (customer.vat, customer.country_id),
                    ("52998224725", self.brazil),
                    cell,
                )

    def test_valid_documents_are_stored_compact(self):
        for vat, compact in (
            ("529.982.247-25", "52998224725"),
            ("11.222.333/0001-81", "11222333000181"),
        ):
            with self.subTest(vat=vat):
                answer = self._create(vat)
                partner = self.env["res.partner"].browse(
                    self.assertAllowed(answer, f"create {vat}")
                )
                self.assertEqual(partner.vat, compact)
