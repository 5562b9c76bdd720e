"""The shared bases of painel_atendimento's tests.

``PainelCase`` (TransactionCase): a company calendar, a customer, processes and the
roles, for tests of the models' behaviour.

``RpcCase`` / ``PainelRpcCase`` (HttpCase): drive the addon the way its clients do,
JSON-RPC through Odoo's HTTP layer, as each role.

``RpcCase`` logs in as a user (``self.login``) and calls ``/web/dataset/call_kw``
like the web client (``self.call``). Every call answers an ``RpcAnswer``: the result,
or the error the client receives (``name`` is the exception's class, ``message`` its
text). The assertions say which cell of the matrix failed and why.

After a refused call the tests re-read the database as the superuser (``self.env``)
and compare it with a ``snapshot`` taken before: a refused call changes nothing.
"""

import json
import re
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, TransactionCase, new_test_user
from odoo.tools import mute_logger


class PainelCase(TransactionCase):
    """Fixtures every painel_atendimento test starts from.

    The company works Mon-Fri 08:00-12:00 / 13:00-18:00 in America/Sao_Paulo (UTC-3, no
    daylight saving since 2019); all datetimes in tests are naive UTC like Odoo's.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Comercial Mon-Fri 08-12 13-18",
                "tz": "America/Sao_Paulo",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 18, "afternoon"),
                    )
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.brazil = cls.env.ref("base.br")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "João Pereira",
                "country_id": cls.brazil.id,
                "vat": "529.982.247-25",
                "street": "Rua Barão de Jaguara, 1000",
                "street2": "Centro",
                "city": "Campinas",
                "zip": "13015-001",
                "email": "joao@example.com",
            }
        )
        cls.process = cls.env["service.process"].create(
            {
                "name": "Suporte técnico",
                "subprocess_ids": [
                    (0, 0, {"name": "Triagem", "sequence": 1, "duration_hours": 2}),
                    (
                        0,
                        0,
                        {"name": "Visita técnica", "sequence": 2, "duration_hours": 16},
                    ),
                ],
            }
        )
        cls.other_process = cls.env["service.process"].create(
            {
                "name": "Financeiro",
                "subprocess_ids": [
                    (0, 0, {"name": "Análise", "sequence": 1, "duration_hours": 4}),
                ],
            }
        )
        cls.classification_open = cls.env["service.classification"].create(
            {"name": "Sem conexão", "kind": "opening"}
        )
        cls.classification_close = cls.env["service.classification"].create(
            {"name": "Resolvido", "kind": "closing"}
        )
        cls.origin_phone = cls.env.ref("painel_atendimento.origin_phone")
        cls.operator = new_test_user(
            cls.env,
            login="operador",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        cls.operator_2 = new_test_user(
            cls.env,
            login="operador2",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="supervisor",
            groups="painel_atendimento.group_supervisor",
            tz="America/Sao_Paulo",
        )

    @classmethod
    def _ticket_values(cls, **values):
        """What an operator fills in to open a ticket, updated with ``values``."""
        return {
            "partner_id": cls.customer.id,
            "process_id": cls.process.id,
            "origin_id": cls.origin_phone.id,
            "opening_classification_id": cls.classification_open.id,
            **values,
        }

    @classmethod
    def _create_ticket(cls, **values):
        """A ticket opened by trusted code (the test's superuser): ``values`` may
        also say what only the lifecycle sets, as an import of history does."""
        return cls.env["service.ticket"].create(cls._ticket_values(**values))


# what a client must never see in a refusal: Python's or PostgreSQL's own words
RAW_ERROR = re.compile(
    r"Traceback|psycopg2|violates|DETAIL:|relation \"|column \"|"
    r"object has no attribute|unhashable|invalid literal|cannot convert|"
    r"NoneType|KeyError|TypeError|ValueError|IndexError|OverflowError",
)
ODOO_REFUSALS = frozenset(
    {
        "odoo.exceptions.UserError",
        "odoo.exceptions.ValidationError",
        "odoo.exceptions.AccessError",
        "odoo.exceptions.MissingError",
        "odoo.exceptions.RedirectWarning",
    }
)
USER_ERROR = "odoo.exceptions.UserError"
VALIDATION_ERROR = "odoo.exceptions.ValidationError"
ACCESS_ERROR = "odoo.exceptions.AccessError"
MISSING_ERROR = "odoo.exceptions.MissingError"
# a clear business refusal: UserError or its subclass ValidationError
BUSINESS = (USER_ERROR, VALIDATION_ERROR)


class RpcAnswer:
    """What the client receives: ``result`` or ``error`` (the JSON-RPC ``data``)."""

    def __init__(self, payload, http_status):
        self.http_status = http_status
        self.result = payload.get("result")
        error = payload.get("error")
        self.error = (error or {}).get("data") if error else None
        if error and self.error is None:
            self.error = {"name": "?", "message": error.get("message", "")}

    @property
    def ok(self):
        return self.error is None

    @property
    def name(self):
        return self.error and self.error.get("name")

    @property
    def message(self):
        return (self.error or {}).get("message", "")

    def __repr__(self):
        if self.ok:
            return f"<allowed: {self.result!r:.200}>"
        return f"<refused {self.name}: {self.message!r:.400}>"


class RpcCase(HttpCase):
    """An HttpCase whose tests call the server as the demo roles over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.conecta = ref("painel_atendimento.company_conecta")
        cls.rede_sul = ref("painel_atendimento.company_rede_sul")
        cls.users = {
            "technician": ref("painel_atendimento.user_demo_marcos"),
            "technician_2": ref("painel_atendimento.user_demo_paulo"),
            "technician_sul": ref("painel_atendimento.user_demo_jefferson"),
            "operator": ref("painel_atendimento.user_demo_ana"),
            "operator_2": ref("painel_atendimento.user_demo_bruno"),
            "operator_sul": ref("painel_atendimento.user_demo_diego"),
            "supervisor": ref("painel_atendimento.user_demo_ricardo"),
            "admin": ref("base.user_admin"),
        }
        cls.users["integration"] = new_test_user(
            cls.env,
            login="painel_rpc_integration",
            name="Integração NOC",
            groups="painel_atendimento.group_integration",
            company_id=cls.conecta.id,
            company_ids=[(6, 0, [cls.conecta.id])],
            tz="America/Sao_Paulo",
        )
        cls.users["internal"] = new_test_user(
            cls.env,
            login="painel_rpc_internal",
            name="Funcionária sem papel",
            groups="base.group_user",
            company_id=cls.conecta.id,
            company_ids=[(6, 0, [cls.conecta.id])],
            tz="America/Sao_Paulo",
        )
        cls._logged_in = None

    # ------------------------------------------------------------------ calls

    def login(self, role):
        """Log in as the user playing ``role`` (a key of ``self.users``)."""
        if self._logged_in != role:
            user = self.users[role]
            self.authenticate(user.login, user.login)
            self._logged_in = role
        return self.users[role]

    def client_context(self, role, **extra):
        """The context the web client sends: language, time zone, the companies
        ticked in the company switcher (all the user's)."""
        user = self.users[role]
        return dict(
            {
                "lang": "en_US",
                "tz": user.tz or "America/Sao_Paulo",
                "uid": user.id,
                "allowed_company_ids": [user.company_id.id]
                + (user.company_ids - user.company_id).ids,
            },
            **extra,
        )

    def call(self, role, model, method, *args, context=None, raw=None, **kwargs):
        """``model.method(*args, **kwargs)`` as ``role``, through
        ``/web/dataset/call_kw``. ``context`` adds keys to the client's context.
        ``raw`` replaces the JSON body's text (to send NaN, Infinity...)."""
        self.login(role)
        kwargs["context"] = self.client_context(role, **(context or {}))
        return self.post_json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            raw=raw,
        )

    def post_json(self, route, params, raw=None):
        body = json.dumps(
            {"id": 1, "jsonrpc": "2.0", "method": "call", "params": params}
        )
        if raw:
            body = raw(body)
        # what the test wrote must reach the server's cursor, and what the server
        # wrote must be read afresh by the test
        self.env.flush_all()
        with mute_logger("odoo.http", "odoo.sql_db"):
            response = self.url_open(
                route,
                data=body.encode(),
                headers={"Content-Type": "application/json"},
                timeout=60,
            )
        self.env.invalidate_all()
        try:
            payload = response.json()
        except ValueError:
            payload = {
                "error": {
                    "data": {
                        "name": f"HTTP {response.status_code}",
                        "message": response.text[:500],
                    }
                }
            }
        return RpcAnswer(payload, response.status_code)

    # ------------------------------------------------------------------ asserts

    def assertAllowed(self, answer, cell):
        self.assertTrue(
            answer.ok,
            f"[{cell}] should be allowed, was refused: {answer.name}: {answer.message}",
        )
        return answer.result

    def assertRefused(self, answer, cell, names=None, pattern=None):
        """Refused with a clean Odoo exception (of one of ``names``) whose message
        matches ``pattern`` (a regex), and no Python or SQL internals in it."""
        self.assertFalse(
            answer.ok, f"[{cell}] should be refused, was allowed: {answer}"
        )
        self.assertIn(
            answer.name,
            ODOO_REFUSALS,
            f"[{cell}] refused with a raw error instead of a clear message: "
            f"{answer.name}: {answer.message}",
        )
        if names:
            names = (names,) if isinstance(names, str) else tuple(names)
            self.assertIn(
                answer.name,
                names,
                f"[{cell}] refused as {answer.name} ({answer.message!r}), "
                f"expected {' or '.join(names)}",
            )
        self.assertNotRegex(
            answer.message, RAW_ERROR, f"[{cell}] the message shows internals"
        )
        if pattern:
            self.assertRegex(
                answer.message,
                re.compile(pattern, re.IGNORECASE | re.DOTALL),
                f"[{cell}] unexpected message",
            )
        return answer.message

    @staticmethod
    def past_moment(days=40):
        """A moment ``days`` ago at 13:30:00 UTC, as an RPC client writes it, and
        how the event shows it in São Paulo time (UTC-3)."""
        moment = (fields.Datetime.now() - timedelta(days=days)).replace(
            hour=13, minute=30, second=0, microsecond=0
        )
        local = moment - timedelta(hours=3)
        return fields.Datetime.to_string(moment), local.strftime("%d/%m/%Y %H:%M:%S")

    # ------------------------------------------------------------------ state

    def snapshot(self, ticket):
        """Everything of a ticket a client could try to change, and the size of
        its history, read afresh as the superuser."""
        self.env.invalidate_all()
        ticket = ticket.sudo().with_context(active_test=False)
        env = self.env
        return {
            "write_date": ticket.write_date,
            "state": ticket.state,
            "protocol": ticket.protocol,
            "claimed_by_id": ticket.claimed_by_id.id,
            "process_id": ticket.process_id.id,
            "subprocess_id": ticket.subprocess_id.id,
            "company_id": ticket.company_id.id,
            "partner_id": ticket.partner_id.id,
            "description": ticket.description,
            "city": ticket.city,
            "team_id": ticket.team_id.id,
            "opened_at": ticket.opened_at,
            "opened_by_id": ticket.opened_by_id.id,
            "closed_at": ticket.closed_at,
            "closed_by_id": ticket.closed_by_id.id,
            "closing_classification_id": ticket.closing_classification_id.id,
            "sla_state": ticket.sla_state,
            "sla_deadline": ticket.sla_deadline,
            "sla_policy_id": ticket.sla_policy_id.id,
            "sla_paused_remaining_hours": ticket.sla_paused_remaining_hours,
            "survey_sent_at": ticket.survey_sent_at,
            "steps": env["service.ticket.step"].search_count(
                [("ticket_id", "=", ticket.id)]
            ),
            "running_steps": env["service.ticket.step"].search_count(
                [("ticket_id", "=", ticket.id), ("finished_at", "=", False)]
            ),
            "events": env["service.interaction"].search_count(
                [("ticket_id", "=", ticket.id)]
            ),
            "interventions": env["service.sla.intervention"].search_count(
                [("ticket_id", "=", ticket.id)]
            ),
            "work_orders": env["service.work.order"].search_count(
                [("ticket_id", "=", ticket.id)]
            ),
            "messages": env["mail.message"].search_count(
                [("model", "=", "service.ticket"), ("res_id", "=", ticket.id)]
            ),
            "ratings": env["rating.rating"].search_count(
                [("res_model", "=", "service.ticket"), ("res_id", "=", ticket.id)]
            ),
            "followers": env["mail.followers"].search_count(
                [("res_model", "=", "service.ticket"), ("res_id", "=", ticket.id)]
            ),
        }

    def assertUnchanged(self, before, ticket, cell):
        after = self.snapshot(ticket)
        changed = {
            key: (before[key], after[key])
            for key in before
            if before[key] != after[key]
        }
        self.assertFalse(
            changed, f"[{cell}] was refused but changed the ticket: {changed}"
        )

    def new_events(self, ticket, before):
        """The events written on ``ticket`` since ``before`` (a snapshot), as codes
        in the order they were written."""
        self.env.invalidate_all()
        events = self.env["service.interaction"].search(
            [("ticket_id", "=", ticket.id)], order="id"
        )
        return events[before["events"] :]

    def assertEvents(self, ticket, before, codes, cell):
        events = self.new_events(ticket, before)
        self.assertEqual(
            events.mapped("code"),
            list(codes),
            f"[{cell}] logged other events than expected",
        )
        return events


# The roles a client logs in as, weakest first; "internal" is an employee without
# any painel role, "integration" a system feeding the interaction log.
ROLES = ("technician", "operator", "supervisor", "admin", "integration", "internal")
OPERATORS = ("operator", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")


class PainelRpcCase(RpcCase):
    """The demo roles, and fresh tickets of both demo companies built for each cell
    (as the superuser, so that no cell depends on what another did)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.brazil = ref("base.br")
        cls.process = ref("painel_atendimento.process_support")  # 3 subprocesses
        cls.billing = ref("painel_atendimento.process_billing")  # 2 subprocesses
        cls.single = cls.env["service.process"].create(
            {
                "name": "Processo de um passo",
                "company_id": False,
                "subprocess_ids": [(0, 0, {"name": "Único", "duration_hours": 4})],
            }
        )
        cls.process_sul = cls.env["service.process"].create(
            {
                "name": "Processo só da Rede Sul",
                "company_id": cls.rede_sul.id,
                "subprocess_ids": [(0, 0, {"name": "Análise PR", "duration_hours": 4})],
            }
        )
        cls.class_open = ref("painel_atendimento.classification_open_no_connection")
        cls.class_close = ref("painel_atendimento.classification_close_solved")
        cls.class_close_sul = cls.env["service.classification"].create(
            {"name": "Resolvido (PR)", "kind": "closing", "company_id": cls.rede_sul.id}
        )
        cls.origin = ref("painel_atendimento.origin_phone")
        cls.team = ref("painel_atendimento.team_support_n1")
        cls.team_sul = ref("painel_atendimento.team_rede_sul_support")
        cls.motive_increment = ref("painel_atendimento.sla_motive_municipal_holiday")
        cls.motive_pause = ref("painel_atendimento.sla_motive_waiting_customer")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Joana Rocha Teste",
                "country_id": cls.brazil.id,
                "vat": "529.982.247-25",
                "street": "Rua Barão de Jaguara, 1000",
                "street2": "Centro",
                "city": "Campinas",
                "state_id": ref("base.state_br_sp").id,
                "zip": "13015-001",
                "email": "joana.rocha@example.com",
            }
        )
        cls.customer_cnpj = cls.env["res.partner"].create(
            {
                "name": "Padaria Teste Ltda",
                "is_company": True,
                "country_id": cls.brazil.id,
                "vat": "11.222.333/0001-81",
                "city": "Campinas",
                "email": "padaria@example.com",
            }
        )
        cls.customer_sul = cls.env["res.partner"].create(
            {
                "name": "Cliente só da Rede Sul",
                "company_id": cls.rede_sul.id,
                "country_id": cls.brazil.id,
                "city": "Curitiba",
            }
        )

    # ------------------------------------------------------------------ fixtures

    def ticket(
        self,
        state="open",
        company=None,
        technician="technician",
        claimed_by=None,
        process=None,
        **values,
    ):
        """A fresh ticket (open, closed, cancelled or with its SLA paused), with a
        work order of ``technician`` so that he may see it."""
        company = company or self.conecta
        vals = {
            "partner_id": (
                self.customer if company == self.conecta else self.customer_sul
            ).id,
            "company_id": company.id,
            "process_id": (process or self.process).id,
            "origin_id": self.origin.id,
            "opening_classification_id": self.class_open.id,
            "description": "Cliente sem internet desde ontem.",
        }
        vals.update(values)
        ticket = self.env["service.ticket"].create(vals)
        if technician:
            self.work_order(ticket, technician)
        if claimed_by:
            ticket.sudo().write({"claimed_by_id": self.users[claimed_by].id})
        if state == "closed":
            ticket.action_close(self.class_close.id, "Resolvido no teste.")
        elif state == "cancelled":
            ticket.action_cancel()
        elif state == "paused":
            ticket.sla_pause(self.motive_pause.id, "Aguardando o cliente.")
        self.env.flush_all()
        return ticket

    def work_order(self, ticket, technician="technician", **values):
        order = (
            self.env["service.work.order"]
            .sudo()
            .create(
                dict(
                    {
                        "ticket_id": ticket.id,
                        "technician_id": self.users[technician].id,
                    },
                    **values,
                )
            )
        )
        self.env.flush_all()
        return order
