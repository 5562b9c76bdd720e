"""The fault phase: close tickets while SIGKILLing Odoo's HTTP workers under them.

    python3 loadtest/faults.py --db DB --http-port P --master PID --accounts a.json
        --journal journal.jsonl --snapshot fault_snapshot.json --odoo-log odoo.log

Operators of the busiest company close open tickets through the close wizard (web_save
then action_confirm, as the web client), ``--concurrency`` at a time, while a killer
sends SIGKILL to a random HTTP worker of the prefork master every few hundred ms (the
gevent and cron processes are spared; the master respawns what it lost). Each attempt
goes to the journal (phase "fault"): success, refusal, or "interrupted" when the
connection died with its worker. Before the first close, the tickets' state is saved
(--snapshot) so that check_invariants.py can tell "all" from "nothing" afterwards.
Runs with the interpreter Odoo is installed for (requests, psutil, psycopg2).
"""

import argparse
import json
import os
import queue
import random
import re
import signal
import threading
import time

import psutil
import psycopg2
import requests
from odoo_rpc import REFUSAL, SUCCESS, UNEXPECTED, RpcError, call_kw_params, judge
from odoo_rpc import payload as rpc_payload

INTERRUPTED = "interrupted"


class Session:
    def __init__(self, base, db, login, password):
        self.base = base
        self.http = requests.Session()
        result = self.rpc(
            "/web/session/authenticate",
            {"db": db, "login": login, "password": password},
        )
        self.uid = result["uid"]
        self.login = login
        company = result["user_companies"]["current_company"]
        self.context = dict(result["user_context"], allowed_company_ids=[company])

    def rpc(self, url, params):
        try:
            response = self.http.post(
                self.base + url, json=rpc_payload(params), timeout=60
            )
        except requests.RequestException as error:
            raise RpcError(INTERRUPTED, type(error).__name__, str(error)) from error
        try:
            body = response.json()
        except ValueError:
            body = response.text
        outcome, error_class, message, result = judge(response.status_code, body)
        if outcome != SUCCESS:
            raise RpcError(outcome, error_class, message)
        return result

    def close(self, ticket_id, classification_id):
        model = "service.ticket.close.wizard"
        context = dict(
            self.context, active_model="service.ticket", active_ids=[ticket_id]
        )
        wizard = self.rpc(
            f"/web/dataset/call_kw/{model}/web_save",
            call_kw_params(
                model,
                "web_save",
                [
                    [],
                    {
                        "closing_classification_id": classification_id,
                        "comment": "Encerrado durante a fase de falhas.",
                    },
                ],
                {"specification": {"display_name": {}}},
                context,
            ),
        )[0]
        self.rpc(
            f"/web/dataset/call_button/{model}/action_confirm",
            call_kw_params(model, "action_confirm", [[wizard["id"]]], {}, self.context),
        )


def snapshot(conn, ticket_ids):
    cur = conn.cursor()
    cur.execute(
        """
        SELECT t.id, t.state, t.closed_at, t.closed_by_id, t.claimed_by_id,
               (SELECT array_agg(s.id ORDER BY s.id) FROM service_ticket_step s
                 WHERE s.ticket_id = t.id AND s.finished_at IS NULL),
               (SELECT count(*) FROM service_interaction i
                 WHERE i.ticket_id = t.id AND i.code = 'closed')
          FROM service_ticket t WHERE t.id IN %s
        """,
        [tuple(ticket_ids)],
    )
    return {
        row[0]: {
            "state": row[1],
            "closed_at": row[2] and row[2].isoformat(),
            "closed_by_id": row[3],
            "claimed_by_id": row[4],
            "running_steps": row[5] or [],
            "closed_events": row[6],
        }
        for row in cur.fetchall()
    }


def http_workers(master, log_path):
    """The master's HTTP workers: not the gevent process, not the cron worker."""
    cron = set()
    if os.path.exists(log_path):
        with open(log_path, errors="replace") as log:
            cron = {int(pid) for pid in re.findall(r"WorkerCron \((\d+)\)", log.read())}
    workers = []
    for child in psutil.Process(master).children():
        try:
            if "gevent" in child.cmdline()[1:3] or child.pid in cron:
                continue
        except psutil.Error:
            continue
        workers.append(child.pid)
    return workers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--master", type=int, required=True)
    parser.add_argument("--accounts", required=True)
    parser.add_argument("--journal", required=True)
    parser.add_argument("--snapshot", required=True)
    parser.add_argument("--odoo-log", required=True)
    parser.add_argument("--closes", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--max-kills", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed or None)
    base = f"http://127.0.0.1:{args.http_port}"

    conn = psycopg2.connect(dbname=args.db, user="postgres", host="127.0.0.1")
    conn.autocommit = True
    cur = conn.cursor()
    # the company with the most open tickets, and its operators
    cur.execute(
        "SELECT company_id FROM service_ticket WHERE state = 'open'"
        " GROUP BY company_id ORDER BY count(*) DESC LIMIT 1"
    )
    company_id = cur.fetchone()[0]
    cur.execute(
        "SELECT id FROM service_ticket WHERE state = 'open' AND company_id = %s",
        [company_id],
    )
    candidates = [row[0] for row in cur.fetchall()]
    tickets = rng.sample(candidates, min(args.closes, len(candidates)))
    cur.execute(
        "SELECT id FROM service_classification WHERE kind = 'closing' AND active"
        " AND (company_id IS NULL OR company_id = %s)",
        [company_id],
    )
    classifications = [row[0] for row in cur.fetchall()]
    with open(args.accounts) as accounts_file:
        accounts = json.load(accounts_file)
    cur.execute(
        "SELECT login FROM res_users WHERE company_id = %s",
        [company_id],
    )
    logins = {row[0] for row in cur.fetchall()}
    accounts = [a for a in accounts if a["login"] in logins][: args.concurrency]
    sessions = [Session(base, args.db, a["login"], a["password"]) for a in accounts]

    before = snapshot(conn, tickets)
    with open(args.snapshot, "w") as out:
        json.dump({"tickets": before, "company_id": company_id}, out, indent=1)

    work = queue.Queue()
    for ticket_id in tickets:
        work.put(ticket_id)
    journal_lock = threading.Lock()
    journal = open(args.journal, "a", buffering=1)  # noqa: SIM115 (threads write it)
    counts = {SUCCESS: 0, REFUSAL: 0, UNEXPECTED: 0, INTERRUPTED: 0}

    def closer(session):
        while True:
            try:
                ticket_id = work.get_nowait()
            except queue.Empty:
                return
            start = time.time()
            outcome, error_class, message = SUCCESS, None, None
            try:
                session.close(ticket_id, rng.choice(classifications))
            except RpcError as error:
                outcome, error_class, message = (
                    error.outcome,
                    error.error_class,
                    error.message,
                )
            record = {
                "phase": "fault",
                "action": "close (fault)",
                "ticket": ticket_id,
                "uid": session.uid,
                "login": session.login,
                "start": start,
                "end": time.time(),
                "outcome": outcome,
                "error": error_class,
                "message": message,
            }
            with journal_lock:
                journal.write(json.dumps(record) + "\n")
                counts[outcome] += 1

    threads = [threading.Thread(target=closer, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    kills = []
    time.sleep(0.15)
    while any(thread.is_alive() for thread in threads) and len(kills) < args.max_kills:
        workers = http_workers(args.master, args.odoo_log)
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                kills.append(victim)
            except ProcessLookupError:
                pass
        time.sleep(rng.uniform(0.15, 0.45))
    for thread in threads:
        thread.join()
    journal.close()
    print(
        f"fault phase: {len(tickets)} closes attempted by {len(sessions)} operators, "
        f"{len(kills)} HTTP workers SIGKILLed; outcomes: "
        + ", ".join(f"{k} {v}" for k, v in counts.items())
    )
    with open(args.snapshot) as snap_file:
        data = json.load(snap_file)
    data["kills"] = kills
    with open(args.snapshot, "w") as out:
        json.dump(data, out, indent=1)

    # the master respawns its workers: wait until the server answers again
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(base + "/web/health", timeout=10).ok:
                break
        except requests.RequestException:
            pass
        time.sleep(1)


if __name__ == "__main__":
    main()
