"""Operators and supervisors of the demo ISP working the Painel at once (Locust).

Each Locust user is one web-client session of a demo user (bin/load-test creates the
extra ``lt.*`` users it needs on the database copy): it logs in through
``/web/session/authenticate`` and then sends what the browser sends — ``call_kw`` /
``call_button`` JSON-RPC, ``/web/action/load``, ``get_views``, ``web_search_read``,
``web_read``, ``web_save`` for the wizards.

Every user action (open the overview, a panel, a ticket; create, claim, release,
comment, forward, next step, change the SLA, close) is timed as a whole and written to
the journal (``LT_JOURNAL``, one JSON line per action: action, ticket, uid, login,
start, end, outcome, error) that check_invariants.py compares with the database.

Storms: a coordinator greenlet regularly announces a *claim storm* (up to 12 operators
of the busiest company claim the same unclaimed ticket at the same instant) and an *SLA
storm* (every supervisor prepares the "Modificar SLA" wizard on the same ticket, then
all confirm within a second; each success journals the operation the wizard showed).
Users join the storm that is forming at the start of their next action.

Environment: LT_DB, LT_ACCOUNTS (JSON list of {login, password, role}), LT_JOURNAL,
LT_SEED (optional).
"""

import itertools
import json
import os
import random
import time

import gevent
from gevent.event import Event
from locust import HttpUser, between, events, task
from odoo_rpc import (
    REFUSAL,
    SUCCESS,
    UNEXPECTED,
    RpcError,
    call_kw_params,
    judge,
    payload,
)

DB = os.environ.get("LT_DB", "")
ACCOUNTS = []
if "LT_ACCOUNTS" in os.environ:
    with open(os.environ["LT_ACCOUNTS"]) as accounts_file:
        ACCOUNTS = json.load(accounts_file)
JOURNAL_PATH = os.environ.get("LT_JOURNAL", "journal.jsonl")
RANDOM = random.Random(int(os.environ.get("LT_SEED", "0")) or None)
REQUEST_TIMEOUT = 60
# the measured window: from the moment every session has logged in, for LT_SECONDS
# (logging in hashes the password, ~1 s of CPU each: a login burst is not the mix)
LOAD_SECONDS = float(os.environ.get("LT_SECONDS", "0"))
SESSIONS = int(os.environ.get("LT_SESSIONS", "0"))

_accounts = itertools.cycle(ACCOUNTS)
_journal = None

PANELS = {
    "service.ticket": [
        "open_today",
        "open_week",
        "open_all",
        "open_sla_late",
        "open_synthetic",
        "closed_today",
        "closed_week",
        "closed_30d",
        "late_24h",
        "late_week",
        "late_all",
        "wo_opened_30d",
        "wo_open",
    ],
    "service.ticket.step": [
        "open_step_deadlines",
        "open_process_steps",
        "step_late_7d",
        "step_late_all",
    ],
    "service.interaction": ["open_interactions"],
}
TICKET_FIELDS = {
    "protocol": {},
    "state": {},
    "company_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "process_id": {"fields": {"display_name": {}}},
    "subprocess_id": {"fields": {"display_name": {}}},
    "claimed_by_id": {"fields": {"display_name": {}}},
    "sla_state": {},
    "sla_deadline": {},
    "opened_at": {},
}
FORM_FIELDS = dict(
    TICKET_FIELDS,
    description={},
    sla_remaining_hours={},
    sla_late_hours={},
    work_order_status={},
    step_ids={
        "fields": {
            "subprocess_id": {"fields": {"display_name": {}}},
            "started_at": {},
            "finished_at": {},
            "expected_end": {},
        }
    },
    interaction_ids={
        "fields": {
            "message": {},
            "date": {},
            "user_id": {"fields": {"display_name": {}}},
        },
        "limit": 40,
        "order": "date desc, id desc",
    },
)


def journal(record):
    global _journal
    if _journal is None:
        _journal = open(JOURNAL_PATH, "a", buffering=1)  # noqa: SIM115 (kept open)
    _journal.write(json.dumps(record, default=str) + "\n")


# ---------------------------------------------------------------------- shared state

# what the users saw of the open tickets, per company: {company_id: {ticket_id: row}}
KNOWN = {}
SUPERVISORS_ONLINE = set()
LOGGED_IN = set()
READY = Event()


class Storm:
    def __init__(self, kind, ticket_id, company_id, capacity):
        self.kind = kind
        self.ticket_id = ticket_id
        self.company_id = company_id
        self.capacity = capacity
        self.members = set()
        self.go = Event()
        self.serial = next(Storm._serials)

    _serials = itertools.count(1)

    def join(self, user):
        if (
            self.go.is_set()
            or user.company_id != self.company_id
            or len(self.members) >= self.capacity
            or user.uid in self.members
        ):
            return False
        self.members.add(user.uid)
        return True


STORMS = {"claim": None, "sla": None}
STORM_STATS = {"claim": [], "sla": []}


def _storm_loop(kind, every, forming, pick, capacity):
    gevent.sleep(every / 2)
    while True:
        candidate = pick()
        if candidate:
            ticket_id, company_id = candidate
            storm = Storm(kind, ticket_id, company_id, capacity)
            STORMS[kind] = storm
            deadline = time.time() + forming
            while time.time() < deadline and len(storm.members) < capacity:
                gevent.sleep(0.05)
            storm.go.set()
            STORMS[kind] = None
            STORM_STATS[kind].append(len(storm.members))
        gevent.sleep(every)


def _pick_claim_target():
    company_id = _busiest_company()
    rows = [r for r in KNOWN.get(company_id, {}).values() if not r["claimed_by_id"]]
    if not rows:
        return None
    return RANDOM.choice(rows)["id"], company_id


def _pick_sla_target():
    if len(SUPERVISORS_ONLINE) < 2:
        return None
    company_id = _busiest_company()
    rows = [
        r
        for r in KNOWN.get(company_id, {}).values()
        if r["sla_state"] in ("running", "paused")
    ]
    if not rows:
        return None
    return RANDOM.choice(rows)["id"], company_id


def _busiest_company():
    return max(KNOWN, key=lambda c: len(KNOWN[c]), default=None)


@events.test_start.add_listener
def _start(environment, **kwargs):
    gevent.spawn(_run_window, environment)


def _run_window(environment):
    READY.wait(timeout=600)
    READY.set()
    start = time.time()
    journal({"phase": "window", "event": "start", "at": start})
    # claim storms: up to 12 operators on one ticket; SLA storms: every supervisor
    gevent.spawn(_storm_loop, "claim", 5.0, 3.0, _pick_claim_target, 12)
    gevent.spawn(_storm_loop, "sla", 7.0, 4.0, _pick_sla_target, 50)
    if LOAD_SECONDS:
        gevent.sleep(LOAD_SECONDS)
        journal({"phase": "window", "event": "stop", "at": time.time()})
        # the users finish the action they are in (--stop-timeout), then Locust quits
        environment.runner.quit()


@events.quitting.add_listener
def _report_storms(environment, **kwargs):
    for kind, sizes in STORM_STATS.items():
        if sizes:
            print(
                f"{kind} storms: {len(sizes)}, participants per storm: "
                f"min {min(sizes)} max {max(sizes)} mean {sum(sizes) / len(sizes):.1f}"
            )


# ---------------------------------------------------------------------- the user


class PainelUser(HttpUser):
    """One operator's (or supervisor's) browser session on the Painel."""

    wait_time = between(0.5, 2.5)

    # ------------------------------------------------------------- RPC plumbing

    def rpc(self, url, params, name):
        with self.client.post(
            url,
            json=payload(params),
            name=name,
            timeout=REQUEST_TIMEOUT,
            catch_response=True,
        ) as response:
            body = None
            transport_error = None
            if response.status_code == 0:
                transport_error = response.error or ConnectionError("no response")
            else:
                try:
                    body = response.json()
                except ValueError:
                    body = response.text
            outcome, error_class, message, result = judge(
                response.status_code, body, transport_error
            )
            if outcome == UNEXPECTED:
                response.failure(f"{error_class}: {message[:200]}")
            else:
                response.success()
        if outcome != SUCCESS:
            raise RpcError(outcome, error_class, message)
        return result

    def call(self, model, method, args, kwargs=None, button=False):
        route = "call_button" if button else "call_kw"
        return self.rpc(
            f"/web/dataset/{route}/{model}/{method}",
            call_kw_params(model, method, args, kwargs, self.odoo_context),
            name=f"{model}.{method}",
        )

    def act(self, action, ticket_id, fn, **extra):
        """Run one user action (several requests), time it, journal it."""
        start = self.action_start = time.time()
        outcome, error_class, message, result = SUCCESS, None, None, None
        try:
            result = fn()
        except RpcError as error:
            outcome, error_class, message = (
                error.outcome,
                error.error_class,
                error.message,
            )
        end = time.time()
        start = self.action_start  # a storm starts its clock at the signal
        if isinstance(result, dict) and "ticket" in result:
            ticket_id = result["ticket"]
            extra.update(result.get("extra", {}))
        record = {
            "phase": "load",
            "action": action,
            "ticket": ticket_id,
            "uid": self.uid,
            "login": self.login_name,
            "start": start,
            "end": end,
            "outcome": outcome,
            "error": error_class,
            "message": message,
            **extra,
        }
        journal(record)
        self.environment.events.request.fire(
            request_type="ACTION",
            name=action,
            response_time=(end - start) * 1000,
            response_length=0,
            exception=RuntimeError(message) if outcome == UNEXPECTED else None,
            context={},
        )
        return outcome, result

    # ------------------------------------------------------------- session

    def on_start(self):
        account = next(_accounts)
        self.login_name = account["login"]
        self.role = account["role"]
        result = self.rpc(
            "/web/session/authenticate",
            {"db": DB, "login": account["login"], "password": account["password"]},
            name="/web/session/authenticate",
        )
        self.uid = result["uid"]
        self.company_id = result["user_companies"]["current_company"]
        self.odoo_context = dict(
            result["user_context"], allowed_company_ids=[self.company_id]
        )
        if self.role == "supervisor":
            SUPERVISORS_ONLINE.add(self.uid)
        self.views = set()
        self.tickets = {}
        self.load_reference_data()
        self.refresh_tickets()
        LOGGED_IN.add(self.uid)
        expected = SESSIONS or self.environment.runner.target_user_count
        if len(LOGGED_IN) >= min(expected, len({a["login"] for a in ACCOUNTS})):
            READY.set()

    def on_stop(self):
        SUPERVISORS_ONLINE.discard(self.uid)

    def search_read(self, model, domain, spec, limit=80, order=None):
        kwargs = {"specification": spec, "domain": domain, "limit": limit}
        if order:
            kwargs["order"] = order
        return self.call(model, "web_search_read", [], kwargs)["records"]

    def load_reference_data(self):
        # what the form's many2one dropdowns offer
        self.processes = self.search_read(
            "service.process", [], {"display_name": {}}, limit=50
        )
        self.closing = self.search_read(
            "service.classification", [("kind", "=", "closing")], {"display_name": {}}
        )
        self.motives = self.search_read(
            "service.sla.motive", [], {"kind": {}, "display_name": {}}, limit=50
        )
        self.partners = self.search_read(
            "res.partner",
            [("company_id", "=", self.company_id), ("user_ids", "=", False)],
            {"display_name": {}},
            limit=200,
        )

    def remember(self, rows):
        known = KNOWN.setdefault(self.company_id, {})
        for row in rows:
            row = dict(row, claimed_by_id=(row.get("claimed_by_id") or {}).get("id"))
            self.tickets[row["id"]] = row
            if row.get("state") == "open":
                known[row["id"]] = row
            else:
                known.pop(row["id"], None)
                self.tickets.pop(row["id"], None)

    def refresh_tickets(self):
        rows = self.search_read(
            "service.ticket", [("panel", "=", "open_all")], TICKET_FIELDS, limit=200
        )
        self.tickets = {}
        self.remember(rows)

    def pick(self, condition=None):
        rows = [r for r in self.tickets.values() if not condition or condition(r)]
        return RANDOM.choice(rows) if rows else None

    # ------------------------------------------------------------- the mix

    @task
    def work(self):
        if not READY.is_set():
            READY.wait()
            # the sessions do not all act at the same instant the window opens
            gevent.sleep(RANDOM.uniform(0, 2.5))
        if self.join_storm():
            return
        actions = [
            (self.overview, 8),
            (self.panel, 14),
            (self.open_ticket, 14),
            (self.create, 4),
            (self.claim, 9),
            (self.release, 7),
            (self.comment, 8),
            (self.forward, 3),
            (self.next_step, 5),
            (self.close, 3),
        ]
        if self.role == "supervisor":
            actions.append((self.sla_change, 14))
        action = RANDOM.choices(
            [a for a, _w in actions], weights=[w for _a, w in actions]
        )[0]
        action()

    def overview(self):
        self.act(
            "overview",
            None,
            lambda: self.call("service.panel", "get_overview", []),
        )

    def panel(self):
        model = RANDOM.choice(list(PANELS))
        code = RANDOM.choice(PANELS[model])

        def run():
            action = self.rpc(
                "/web/action/load",
                {"action_id": f"painel_atendimento.action_panel_{code}"},
                name="/web/action/load",
            )
            if model not in self.views:
                self.call(
                    model,
                    "get_views",
                    [],
                    {"views": [[False, "list"], [False, "search"]], "options": {}},
                )
                self.views.add(model)
            spec = TICKET_FIELDS if model == "service.ticket" else {"display_name": {}}
            rows = self.search_read(
                action["res_model"], [("panel", "=", code)], spec, limit=80
            )
            if code == "open_all":
                self.tickets = {}
                self.remember(rows)
            return rows

        self.act(f"panel ({model})", None, run)

    def open_ticket(self):
        row = self.pick()
        if not row:
            return self.refresh_tickets()

        def run():
            if "form" not in self.views:
                self.call(
                    "service.ticket",
                    "get_views",
                    [],
                    {"views": [[False, "form"]], "options": {}},
                )
                self.views.add("form")
            records = self.call(
                "service.ticket",
                "web_read",
                [[row["id"]]],
                {"specification": FORM_FIELDS},
            )
            self.remember(records)

        self.act("open ticket", row["id"], run)

    def create(self):
        if not self.partners:
            return
        partner = RANDOM.choice(self.partners)
        process = RANDOM.choice(self.processes) if self.processes else None

        def run():
            vals = {
                "partner_id": partner["id"],
                "description": "Cliente relata lentidão à noite (teste de carga).",
            }
            if process:
                vals["process_id"] = process["id"]
            records = self.call(
                "service.ticket",
                "web_save",
                [[], vals],
                {"specification": TICKET_FIELDS},
            )
            self.remember(records)
            return {"ticket": records[0]["id"]}

        self.act("create", None, run)

    def claim(self, row=None, storm=None):
        row = row or self.pick(lambda r: not r["claimed_by_id"]) or self.pick()
        if not row:
            return self.refresh_tickets()

        def run():
            self.call("service.ticket", "action_claim", [[row["id"]]], button=True)
            row["claimed_by_id"] = self.uid

        extra = {"storm": storm.serial} if storm else {}
        outcome, _ = self.act(
            "claim storm" if storm else "claim", row["id"], run, **extra
        )
        if outcome == REFUSAL and row["id"] in self.tickets:
            self.open_ticket_quietly(row["id"])

    def open_ticket_quietly(self, ticket_id):
        """Reload one ticket after a refusal, as the web client reloads the form."""
        try:
            self.remember(
                self.call(
                    "service.ticket",
                    "web_read",
                    [[ticket_id]],
                    {"specification": TICKET_FIELDS},
                )
            )
        except RpcError:
            pass

    def release(self):
        row = self.pick(lambda r: r["claimed_by_id"] == self.uid) or self.pick(
            lambda r: r["claimed_by_id"]
        )
        if not row:
            return

        def run():
            self.call("service.ticket", "action_release", [[row["id"]]], button=True)
            row["claimed_by_id"] = False

        self.act("release", row["id"], run)

    def comment(self):
        row = self.pick()
        if not row:
            return
        body = RANDOM.choice(
            [
                "Cliente informou que o modem reiniciou sozinho.",
                "Liguei para o cliente, sem resposta.",
                "Teste de velocidade ok no momento do contato.",
            ]
        )
        self.act(
            "comment",
            row["id"],
            lambda: self.call(
                "service.ticket",
                "message_post",
                [[row["id"]]],
                {
                    "body": body,
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            ),
        )

    def wizard(self, model, ticket_id, vals, spec=None):
        """Open a wizard on a ticket as the form's button does, fill and save it."""
        context = dict(
            self.odoo_context, active_model="service.ticket", active_ids=[ticket_id]
        )
        saved = self.rpc(
            f"/web/dataset/call_kw/{model}/web_save",
            call_kw_params(
                model,
                "web_save",
                [[], vals],
                {"specification": spec or {"display_name": {}}},
                context,
            ),
            name=f"{model}.web_save",
        )
        return saved[0]

    def forward(self):
        row = self.pick()
        if not row or not self.processes:
            return
        process = RANDOM.choice(self.processes)

        def run():
            wizard = self.wizard(
                "service.ticket.forward.wizard",
                row["id"],
                {"process_id": process["id"]},
            )
            self.call(
                "service.ticket.forward.wizard",
                "action_confirm",
                [[wizard["id"]]],
                button=True,
            )

        self.act("forward", row["id"], run)

    def next_step(self):
        row = self.pick()
        if not row:
            return
        self.act(
            "next step",
            row["id"],
            lambda: self.call(
                "service.ticket", "action_next_step", [[row["id"]]], button=True
            ),
        )

    def close(self):
        row = self.pick(lambda r: r["claimed_by_id"] == self.uid) or self.pick()
        if not row or not self.closing:
            return
        classification = RANDOM.choice(self.closing)

        def run():
            wizard = self.wizard(
                "service.ticket.close.wizard",
                row["id"],
                {
                    "closing_classification_id": classification["id"],
                    "comment": "Atendimento concluído (teste de carga).",
                },
            )
            self.call(
                "service.ticket.close.wizard",
                "action_confirm",
                [[wizard["id"]]],
                button=True,
            )

        outcome, _ = self.act("close", row["id"], run)
        if outcome == SUCCESS:
            self.tickets.pop(row["id"], None)
            KNOWN.get(self.company_id, {}).pop(row["id"], None)

    # ------------------------------------------------------------- SLA wizard

    def sla_prepare(self, row, running_ops=("increment", "increment", "pause")):
        """Steps 1 and 2 of "Modificar SLA" as the supervisor goes through them:
        the wizard opens (onchange) and offers "resume" on a paused SLA, "increment"
        or "pause" on a running one; the choice is saved with "Next", the details
        with the confirmation box ticked. Returns (wizard id, operation shown)."""
        model = "service.sla.change.wizard"
        context = dict(
            self.odoo_context, active_model="service.ticket", active_ids=[row["id"]]
        )
        opened = self.rpc(
            f"/web/dataset/call_kw/{model}/onchange",
            call_kw_params(
                model,
                "onchange",
                [[], {}, [], {"ticket_ids": {}, "sla_paused": {}, "operation": {}}],
                {},
                context,
            ),
            name=f"{model}.onchange",
        )
        paused = opened["value"].get("sla_paused")
        operation = "resume" if paused else RANDOM.choice(running_ops)
        choice = (
            {"paused_choice": "resume"}
            if operation == "resume"
            else {"running_choice": operation}
        )
        wizard = self.wizard(model, row["id"], choice, {"operation": {}})
        self.call(model, "action_next", [[wizard["id"]]], button=True)
        details = {"notes": "Ajuste de prazo (teste de carga).", "confirm": True}
        if operation != "resume":
            motives = [m for m in self.motives if m["kind"] == operation]
            details["motive_id"] = RANDOM.choice(motives)["id"] if motives else False
        if operation == "increment":
            details.update(unit=RANDOM.choice(["hours", "days"]), quantity=1)
        saved = self.rpc(
            f"/web/dataset/call_kw/{model}/web_save",
            call_kw_params(
                model,
                "web_save",
                [[wizard["id"]], details],
                {"specification": {"operation": {}, "new_deadline": {}}},
                self.odoo_context,
            ),
            name=f"{model}.web_save",
        )
        return wizard["id"], saved[0]["operation"]

    def sla_confirm(self, wizard_id):
        self.call(
            "service.sla.change.wizard", "action_confirm", [[wizard_id]], button=True
        )

    def sla_change(self):
        row = self.pick(lambda r: r["sla_state"] in ("running", "paused"))
        if not row:
            return
        confirmed = {}

        def run():
            wizard_id, operation = self.sla_prepare(row)
            confirmed["sla_op"] = operation
            self.sla_confirm(wizard_id)
            return {"ticket": row["id"], "extra": confirmed}

        self.act("sla change", row["id"], run)
        self.open_ticket_quietly(row["id"])

    # ------------------------------------------------------------- storms

    def join_storm(self):
        storm = STORMS["claim"]
        if storm and self.role == "operator" and storm.join(self):
            storm.go.wait(timeout=10)
            row = self.tickets.get(storm.ticket_id) or {
                "id": storm.ticket_id,
                "claimed_by_id": None,
            }
            self.claim(row=row, storm=storm)
            return True
        storm = STORMS["sla"]
        if storm and self.role == "supervisor" and storm.join(self):
            self.sla_storm(storm)
            return True
        return False

    def sla_storm(self, storm):
        row = KNOWN.get(storm.company_id, {}).get(storm.ticket_id)
        if not row:
            return
        confirmed = {"storm": storm.serial}

        def run():
            wizard_id, shown = self.sla_prepare(row, ("increment", "pause"))
            confirmed["sla_op"] = shown
            storm.go.wait(timeout=15)
            self.action_start = time.time()
            # "at once", as people: within a second of each other, so that some
            # confirm before and some after the first change is committed
            gevent.sleep(RANDOM.uniform(0, 1.0))
            self.sla_confirm(wizard_id)
            return {"ticket": row["id"], "extra": confirmed}

        self.act("sla storm", row["id"], run, **confirmed)
        self.open_ticket_quietly(row["id"])
