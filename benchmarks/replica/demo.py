#!/usr/bin/env python3
"""Open every panel over JSON-RPC and show, from PostgreSQL's own statistics, that the
reads ran on the streaming replica and the writes on the primary.

Run by ``benchmarks/replica/run-demo``, which starts the replica and an Odoo served
with ``--db_replica_host``/``--db_replica_port``; see README.md. Phases:

1. **panels**: as the demo supervisor, what the web client asks to open the overview
   and each of the 26 panels: ``/web/action/load``, ``get_views``, the first screen
   of every view but the form (list page, grouped list, pivot, graph), the count;
2. **search wizards**: both "Busca avançada" dialogs as the web client runs them
   (``web_save`` of the wizard, its "Apply" button) and the panel of their result;
3. **claim**: one write (the supervisor claims an open ticket); the claimed row then
   arrives on the replica by replication, and Odoo's next read shows it from there.

Before and after each phase it reads both clusters' ``pg_stat_database`` and
``pg_stat_user_tables`` (and the replica's ``pg_stat_statements``), after waiting
for idle backends to flush their counters; it also reads, from Odoo's log, the cursor
each request was served on: ``ro`` (the replica), ``rw`` (the primary) or ``ro->rw``
(a read-only request that wrote and was run again on the primary).
"""

import argparse
import ast
import os
import re
import sys
import time
from collections import Counter

import psycopg2
import requests

# PostgreSQL flushes an idle backend's statistics within 10 s (PGSTAT_IDLE_INTERVAL)
STATS_FLUSH_WAIT = 11.5
PAGE_LIMIT = 80
COUNT_LIMIT = 10001
RELATIONAL = ("many2one", "one2many", "many2many")
SUPERVISOR = ("ricardo.mendes", "ricardo.mendes")  # demo login, password
WIZARDS = (
    (
        "service.ticket.synthetic.search",
        "Informações sintéticas",
        {"search_by": "period"},
    ),
    ("service.ticket.advanced.search", "Pesquisa avançada", {"search_by": "closed"}),
)
# Odoo's request line (werkzeug) ends with its perf info and, with a replica
# configured, the cursor mode: '... "POST /path HTTP/1.1" 200 - 12 0.004 0.021 ro'
REQUEST_LINE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) \S+ '
    r"(?P<queries>\d+|-) \S+ \S+ (?P<mode>ro->rw|ro|rw|-)\s*$"
)
MODES = ("ro", "rw", "ro->rw")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="Odoo, e.g. http://127.0.0.1:8569")
    parser.add_argument("--db", required=True)
    parser.add_argument("--odoo-log", required=True, help="Odoo's --logfile")
    parser.add_argument("--host", default="127.0.0.1", help="PostgreSQL host")
    parser.add_argument("--primary-port", type=int, default=5432)
    parser.add_argument("--replica-port", type=int, default=5433)
    parser.add_argument("--pg-user", default="postgres")
    return parser.parse_args()


# --------------------------------------------------------------------- JSON-RPC


class RpcError(Exception):
    pass


class WebClient:
    """JSON-RPC the way Odoo's web client sends it."""

    def __init__(self, url, db):
        self.url = url.rstrip("/")
        self.db = db
        self.http = requests.Session()
        self.context = {}
        self.uid = None

    def post(self, route, params):
        response = self.http.post(
            self.url + route,
            json={"jsonrpc": "2.0", "method": "call", "id": None, "params": params},
            timeout=300,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            data = body["error"].get("data") or {}
            raise RpcError(f"{route}: {data.get('name')}: {data.get('message')}")
        return body["result"]

    def login(self, login, password):
        info = self.post(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.uid = info["uid"]
        companies = info["user_companies"]["allowed_companies"]
        current = info["user_companies"]["current_company"]
        self.context = dict(
            info["user_context"],
            allowed_company_ids=[current]
            + [int(c) for c in companies if int(c) != current],
        )
        return info

    def call(self, model, method, *args, context=None, **kwargs):
        kwargs["context"] = dict(self.context, **(context or {}))
        return self.post(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def button(self, model, method, ids):
        return self.post(
            f"/web/dataset/call_button/{model}/{method}",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": self.context},
            },
        )

    def load_action(self, xmlid):
        return self.post(
            "/web/action/load", {"action_id": xmlid, "context": self.context}
        )


def _literal(value, default):
    if isinstance(value, str):
        return ast.literal_eval(value) if value.strip() else default
    return value or default


def open_action(client, action):
    """What the web client asks when a window action opens (the test
    painel_atendimento/tests/test_readonly_panels.py runs the same): its views, the
    first screen of each view but the form, the count. Answers the count."""
    model = action["res_model"]
    domain = _literal(action.get("domain"), [])
    context = _literal(action.get("context"), {})
    views = [[view_id, mode] for view_id, mode in action["views"] if mode != "form"]
    search_view = action.get("search_view_id")
    search_view = search_view[0] if isinstance(search_view, list) else search_view
    loaded = client.call(
        model,
        "get_views",
        views=views + [[search_view or False, "search"]],
        options={"action_id": action.get("id"), "load_filters": True},
        context=context,
    )
    fields_info = loaded["models"][model]["fields"]
    for _view_id, mode in views:
        arch = loaded["views"][mode]["arch"]
        names = re.findall(r'<field name="([^"]+)"([^>]*)>', arch)
        if mode == "list":
            spec = {
                name: (
                    {"fields": {"display_name": {}}}
                    if fields_info[name]["type"] in RELATIONAL
                    else {}
                )
                for name, _attrs in names
            }
            order = (re.search(r'default_order="([^"]+)"', arch) or [None, ""])[1]
            list_domain = domain
            group_by = context.get("group_by") or []
            for field_name in group_by:
                groups = client.call(
                    model,
                    "web_read_group",
                    list_domain,
                    [],
                    [field_name],
                    limit=PAGE_LIMIT,
                    lazy=True,
                    context=context,
                )["groups"]
                if not groups:
                    break
                list_domain = groups[0]["__domain"]  # the operator opens the first
            client.call(
                model,
                "web_search_read",
                list_domain,
                spec,
                limit=PAGE_LIMIT,
                order=order,
                count_limit=COUNT_LIMIT,
                context=context,
            )
        elif mode == "pivot":
            rows = [n for n, attrs in names if 'type="row"' in attrs]
            cols = [n for n, attrs in names if 'type="col"' in attrs]
            for group_by in ([], rows[:1], cols[:1], rows[:1] + cols[:1]):
                client.call(
                    model,
                    "read_group",
                    domain,
                    ["__count"],
                    group_by,
                    lazy=False,
                    context=context,
                )
        elif mode == "graph":
            group_by = [n for n, attrs in names if 'type="measure"' not in attrs]
            client.call(
                model,
                "web_read_group",
                domain,
                ["__count"],
                group_by,
                lazy=False,
                context=context,
            )
    return client.call(model, "search_count", domain, context=context)


# --------------------------------------------------------------------- Odoo's log


class OdooLog:
    """The requests Odoo logged since the last ``take()``, with their cursor mode.
    Odoo logs a request line when it sends the answer's headers, so a sequential
    client finds each answered request's line already written."""

    def __init__(self, path):
        self.path = path
        self.offset = os.path.getsize(path)

    def take(self):
        with open(self.path, encoding="utf-8", errors="replace") as log:
            log.seek(self.offset)
            text = log.read()
            self.offset = log.tell()
        lines = []
        for line in text.splitlines():
            match = REQUEST_LINE.search(line)
            if match:
                lines.append(dict(match.groupdict(), line=line))
        return lines

    def retries(self, text_from):
        with open(self.path, encoding="utf-8", errors="replace") as log:
            log.seek(text_from)
            return sum("retrying with a read/write cursor" in line for line in log)


def mode_counts(lines):
    counts = Counter(line["mode"] for line in lines)
    return {mode: counts.get(mode, 0) for mode in MODES}


def served(lines):
    """'ro x4' (replica), 'rw x1' (primary), 'ro->rw x1' (replica, then primary)."""
    counts = mode_counts(lines)
    return ", ".join(f"{mode} x{n}" for mode, n in counts.items() if n) or "none"


# --------------------------------------------------------------------- statistics


class Cluster:
    def __init__(self, name, host, port, user, db):
        self.name, self.host, self.port, self.user, self.db = name, host, port, user, db

    def connect(self, db):
        connection = psycopg2.connect(
            host=self.host, port=self.port, user=self.user, dbname=db
        )
        connection.autocommit = True
        return connection

    def query(self, sql, params=None, db="postgres"):
        with self.connect(db) as connection, connection.cursor() as cr:
            cr.execute(sql, params)
            rows = cr.fetchall()
        connection.close()
        return rows

    def snapshot(self):
        """The demo database's counters, read from another database (``postgres``)
        so that reading them adds nothing; the per-table scans are read in the demo
        database itself (one short transaction, counted in the next interval)."""
        (row,) = self.query(
            """SELECT xact_commit, xact_rollback, tup_returned, tup_fetched,
                      tup_inserted + tup_updated + tup_deleted
                 FROM pg_stat_database WHERE datname = %s""",
            (self.db,),
        )
        (scans,) = self.query(
            """SELECT coalesce(sum(coalesce(seq_scan, 0) + coalesce(idx_scan, 0)), 0),
                      coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)
                 FROM pg_stat_user_tables
                WHERE relname IN ('service_ticket', 'service_ticket_step',
                                  'service_interaction')""",
            db=self.db,
        )
        return dict(
            zip(
                (
                    "xact_commit",
                    "xact_rollback",
                    "tup_returned",
                    "tup_fetched",
                    "tup_written",
                    "panel_table_scans",
                    "panel_table_writes",
                ),
                (*row, *scans),
                strict=True,
            )
        )


COLUMNS = (
    ("xact_commit", "transactions"),
    ("tup_returned", "tup_returned"),
    ("tup_fetched", "tup_fetched"),
    ("tup_written", "tup ins+upd+del"),
    ("panel_table_scans", "scans of ticket/step/event tables"),
    ("panel_table_writes", "rows written in them"),
)


def wait_for_stats():
    time.sleep(STATS_FLUSH_WAIT)


def delta(after, before):
    return {key: after[key] - before[key] for key in after}


# --------------------------------------------------------------------- printing


def rule(char="-", width=100):
    print(char * width)


def print_phase_table(phases):
    print(
        "\nWhat each phase cost each cluster (deltas of the demo database's counters)"
    )
    rule("=")
    header = f"{'phase':<36}{'requests ro / rw / ro->rw':>27}"
    print(header)
    for name, requests_by_mode, primary, replica in phases:
        modes = " / ".join(str(requests_by_mode[m]) for m in MODES)
        print(f"{name:<36}{modes:>27}")
        for key, label in COLUMNS:
            print(
                f"    {label:<36}  primary {primary[key]:>10,}   "
                f"replica {replica[key]:>10,}"
            )
    rule("=")


def print_panel_table(rows):
    print(
        "\nEvery panel, opened as the demo supervisor (Ricardo Mendes, both companies)"
    )
    rule()
    print(f"{'panel':<22}{'model':<22}{'records':>8}  {'requests':>8}  cursor")
    rule()
    for code, model, count, lines in rows:
        print(f"{code:<22}{model:<22}{count:>8}  {len(lines):>8}  {served(lines)}")
    rule()


# --------------------------------------------------------------------- phases


def panels_phase(client, log):
    from_panels = []
    overview_action = client.load_action("painel_atendimento.action_panel_overview")
    assert overview_action["tag"] == "painel_atendimento.panel_overview"
    tabs = client.call("service.panel", "get_overview")
    from_panels.append(("overview", "service.panel", "-", log.take()))
    panels = [panel for tab in tabs for panel in tab["panels"]]
    for panel in panels:
        action = client.load_action(panel["action"])
        count = open_action(client, action)
        if count != panel["count"]:
            print(
                f"  note: {panel['code']} counted {panel['count']} in the overview, "
                f"{count} when opened (a moment passed)",
                file=sys.stderr,
            )
        from_panels.append((panel["code"], action["res_model"], count, log.take()))
    return from_panels


def wizards_phase(client, log):
    rows = []
    for model, label, values in WIZARDS:
        saved = client.call(model, "web_save", [], values, specification={})
        action = client.button(model, "action_search", [saved[0]["id"]])
        save_lines = log.take()
        count = open_action(client, action)
        rows.append((label, model, save_lines, count, log.take()))
    return rows


def claim_phase(client, log, primary, replica):
    (ticket,) = client.call(
        "service.ticket",
        "search_read",
        [("state", "=", "open"), ("claimed_by_id", "=", False)],
        ["protocol"],
        limit=1,
        order="id",
    )
    find_lines = log.take()
    began = time.monotonic()
    client.button("service.ticket", "action_claim", [ticket["id"]])
    claim_lines = log.take()
    (primary_lsn,) = primary.query("SELECT pg_current_wal_lsn()::text")[0]
    seen_after = None
    for _attempt in range(200):
        (claimant,) = replica.query(
            "SELECT claimed_by_id FROM service_ticket WHERE id = %s",
            (ticket["id"],),
            db=replica.db,
        )[0]
        if claimant == client.uid:
            seen_after = time.monotonic() - began
            break
        time.sleep(0.01)
    (replayed,) = replica.query("SELECT pg_last_wal_replay_lsn()::text")[0]
    (read,) = client.call(
        "service.ticket",
        "web_read",
        [ticket["id"]],
        {"claimed_by_id": {"fields": {"display_name": {}}}},
    )
    read_lines = log.take()
    return {
        "ticket": ticket,
        "find": find_lines,
        "claim": claim_lines,
        "read": read_lines,
        "seen_after": seen_after,
        "primary_lsn": primary_lsn,
        "replayed_lsn": replayed,
        "claimant": read["claimed_by_id"] and read["claimed_by_id"]["display_name"],
    }


def top_statements(replica, limit=8):
    return replica.query(
        """SELECT s.calls, s.rows, regexp_replace(s.query, '\\s+', ' ', 'g')
             FROM pg_stat_statements s
             JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = %s
              AND s.query ~ '"service_(ticket|ticket_step|interaction)"'
            ORDER BY s.calls DESC, s.rows DESC
            LIMIT %s""",
        (replica.db, limit),
        db=replica.db,
    )


def statement_totals(replica):
    return replica.query(
        """SELECT count(*), coalesce(sum(s.calls), 0), coalesce(sum(s.rows), 0)
             FROM pg_stat_statements s
             JOIN pg_database d ON d.oid = s.dbid
            WHERE d.datname = %s
              AND s.query ~ '"service_(ticket|ticket_step|interaction)"'""",
        (replica.db,),
        db=replica.db,
    )[0]


def main():
    args = parse_args()
    primary = Cluster("primary", args.host, args.primary_port, args.pg_user, args.db)
    replica = Cluster("replica", args.host, args.replica_port, args.pg_user, args.db)
    ((in_recovery,),) = replica.query("SELECT pg_is_in_recovery()")
    assert in_recovery, "the replica port answers a primary"
    (receiver,) = replica.query(
        "SELECT status, sender_host || ':' || sender_port FROM pg_stat_wal_receiver"
    )
    print(
        f"replica on port {args.replica_port}: in recovery, WAL receiver {receiver[0]}"
        f" from {receiver[1]}"
    )
    log = OdooLog(args.odoo_log)
    log_start = log.offset
    client = WebClient(args.url, args.db)
    client.login(*SUPERVISOR)
    # warm-up: the registry's caches (views, translations) fill on first use
    client.call("service.panel", "get_overview")
    login_lines = log.take()
    print(
        f"logged in as {SUPERVISOR[0]} (uid {client.uid}): "
        f"{len(login_lines)} requests, {served(login_lines)}"
    )
    replica.query("SELECT pg_stat_statements_reset()", db=args.db)

    phases = []
    wait_for_stats()
    before = (primary.snapshot(), replica.snapshot())
    # the control: an interval without requests shows what the monitor itself costs
    wait_for_stats()
    after = (primary.snapshot(), replica.snapshot())
    phases.append(
        (
            "0. no request (the monitor itself)",
            mode_counts(log.take()),
            delta(after[0], before[0]),
            delta(after[1], before[1]),
        )
    )
    before = after

    panel_rows = panels_phase(client, log)
    wait_for_stats()
    after = (primary.snapshot(), replica.snapshot())
    panel_lines = [line for row in panel_rows for line in row[3]]
    phases.append(
        (
            f"1. overview + {len(panel_rows) - 1} panels",
            mode_counts(panel_lines),
            delta(after[0], before[0]),
            delta(after[1], before[1]),
        )
    )
    statements = statement_totals(replica)
    top = top_statements(replica)

    before = after
    wizard_rows = wizards_phase(client, log)
    wait_for_stats()
    after = (primary.snapshot(), replica.snapshot())
    wizard_lines = [line for row in wizard_rows for line in row[2] + row[4]]
    phases.append(
        (
            "2. both search wizards + results",
            mode_counts(wizard_lines),
            delta(after[0], before[0]),
            delta(after[1], before[1]),
        )
    )

    before = after
    claim = claim_phase(client, log, primary, replica)
    wait_for_stats()
    after = (primary.snapshot(), replica.snapshot())
    claim_lines = claim["find"] + claim["claim"] + claim["read"]
    phases.append(
        (
            "3. one claim (+ its find and re-read)",
            mode_counts(claim_lines),
            delta(after[0], before[0]),
            delta(after[1], before[1]),
        )
    )

    print_panel_table(panel_rows)
    print('\nSearch wizards (the dialog\'s save and "Apply", then the result panel)')
    rule()
    for label, model, save_lines, count, result_lines in wizard_rows:
        print(
            f"{label} ({model})\n"
            f"    web_save + action_search: {len(save_lines)} requests, "
            f"{served(save_lines)}\n"
            f"    the result panel: {count} records, {len(result_lines)} requests, "
            f"{served(result_lines)}"
        )
    rule()
    print_phase_table(phases)

    print(
        f"\nOn the replica, pg_stat_statements during phase 1: {statements[0]} "
        f"distinct statements of Odoo on service_ticket / service_ticket_step / "
        f"service_interaction, {statements[1]} calls, {statements[2]} rows; the "
        f"most called:"
    )
    for calls, rows, query in top:
        print(f"  {calls:>5} calls {rows:>6} rows  {query[:110]}")

    ticket = claim["ticket"]
    print(
        f"\nClaim: ticket {ticket['protocol']} (id {ticket['id']}) claimed through "
        f"call_button: {served(claim['claim'])}"
    )
    if claim["seen_after"] is None:
        print("  the claim did NOT reach the replica within 2 s")
    else:
        print(
            f"  the row reached the replica by WAL replay "
            f"{claim['seen_after'] * 1000:.0f} ms after the claim was sent "
            f"(primary WAL {claim['primary_lsn']}, "
            f"replica replayed {claim['replayed_lsn']})"
        )
    print(
        f"  Odoo's next read of the ticket ({served(claim['read'])}): claimed by "
        f"{claim['claimant']}"
    )
    print("\nOdoo's own request log (the last word is the cursor the request ran on):")
    samples = [
        next(
            (
                line
                for row in panel_rows
                for line in row[3]
                if line["path"].endswith("/web_search_read")
            ),
            None,
        ),
        next(
            (line for line in panel_rows[0][3] if "get_overview" in line["path"]),
            None,
        ),
        next((line for line in claim["claim"] if "action_claim" in line["path"]), None),
    ]
    for sample in filter(None, samples):
        print("  " + sample["line"].split(" werkzeug: ")[-1])
    retries = log.retries(log_start)
    print(f"\n'retrying with a read/write cursor' warnings in Odoo's log: {retries}")
    failures = []
    if any(mode_counts(row[3])["ro"] != len(row[3]) for row in panel_rows):
        failures.append("a panel request was not served by the replica")
    if any(mode_counts(row[4])["ro"] != len(row[4]) for row in wizard_rows):
        failures.append("a search result request was not served by the replica")
    if phases[0][2]["panel_table_scans"]:
        failures.append("the panels scanned panel tables on the primary")
    if claim["seen_after"] is None or retries:
        failures.append("replication or routing failed")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print(
        "OK: every panel read was served by the replica; "
        "the writes went to the primary."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
