"""After the load and the faults: what the clients saw against what the database kept.

    python3 loadtest/check_invariants.py baseline --db DB --out baseline.json
    python3 loadtest/check_invariants.py check --db DB --config odoo.conf --run-dir DIR

``baseline`` (before the load) notes the last event / intervention / step ids and who
held each ticket. ``check`` reads DIR/journal.jsonl (every client action and its
outcome), DIR/baseline.json, DIR/fault_snapshot.json and DIR/odoo.log, prints

* the table: per action count, success, business refusal, unexpected error, p50, p95,
  max (ms) and throughput over the measured window;
* one line per invariant, OK or VIOLATED with examples:
  events      every success left exactly its event (claimed, released, comment_added,
              forwarded, closed, sla_changed, ticket_started; step_finished for next
              step), none for refusals — an action whose outcome is unknown (unexpected
              error, connection cut by a killed worker) may have left one;
  claims      no claim overlap: per ticket, the claimed/released events alternate from
              the holder before the run, and end on the holder stored;
  protocols   unique and set;
  steps       each open ticket with a process has exactly one running step; no running
              step on a ticket that is not open;
  sla         each SLA change recorded is the one the supervisor confirmed (kind of
              the intervention = operation shown on the wizard), none without a success;
  replay      the stored deadline of every ticket touched equals _sla_replay_deadline();
  closes      after the kills, each close attempted is all (closed, closed_at,
              closed_by, one `closed` event, no running step) or nothing (as before);
* the ERROR lines of the Odoo log during the run (a warning, not part of the verdict).

Exits 1 on any unexpected error (outside the connections cut by the fault phase), any
exception raised in the Locust users themselves, or
violated invariant, else 0.
"""

import argparse
import csv
import json
import os
import re
import sys
from collections import Counter, defaultdict

import psycopg2

ACTION_EVENT = {
    "claim": "claimed",
    "claim storm": "claimed",
    "release": "released",
    "comment": "comment_added",
    "forward": "forwarded",
    "close": "closed",
    "close (fault)": "closed",
    "sla change": "sla_changed",
    "sla storm": "sla_changed",
    "create": "ticket_started",
}
EXAMPLES = 5
LOGINS = {}  # uid -> login, from the journal


def who(uid):
    return LOGINS.get(uid) or f"uid {uid}"


def connect(db):
    conn = psycopg2.connect(dbname=db, user="postgres", host="127.0.0.1")
    conn.autocommit = True
    return conn


def query(conn, sql, params=None):
    cur = conn.cursor()
    cur.execute(sql, params or [])
    return cur.fetchall()


def running_step_problems(conn):
    """{ticket id: description} of the tickets breaking the running-step rule."""
    rows = query(
        conn,
        """
        SELECT t.id, t.protocol, t.state, count(s.id)
          FROM service_ticket t
          LEFT JOIN service_ticket_step s
                 ON s.ticket_id = t.id AND s.finished_at IS NULL
         WHERE t.process_id IS NOT NULL OR t.state != 'open'
         GROUP BY t.id
        HAVING (t.state = 'open' AND count(s.id) != 1)
            OR (t.state != 'open' AND count(s.id) > 0)
        """,
    )
    return {
        row[0]: f"ticket {row[0]} ({row[1]}, {row[2]}): {row[3]} running steps"
        for row in rows
    }


def baseline(args):
    conn = connect(args.db)
    (max_interaction,) = query(
        conn, "SELECT coalesce(max(id), 0) FROM service_interaction"
    )[0]
    (max_intervention,) = query(
        conn, "SELECT coalesce(max(id), 0) FROM service_sla_intervention"
    )[0]
    (max_step,) = query(conn, "SELECT coalesce(max(id), 0) FROM service_ticket_step")[0]
    holders = dict(query(conn, "SELECT id, claimed_by_id FROM service_ticket"))
    data = {
        "max_interaction_id": max_interaction,
        "max_intervention_id": max_intervention,
        "max_step_id": max_step,
        "claimed_by": {str(k): v for k, v in holders.items()},
        "running_step_problems": {
            str(k): v for k, v in running_step_problems(conn).items()
        },
    }
    with open(args.out, "w") as out:
        json.dump(data, out, indent=1)
    print(
        f"baseline: events up to id {max_interaction}, interventions up to "
        f"{max_intervention}, {len(holders)} tickets"
    )


# ---------------------------------------------------------------------- the check


class Report:
    def __init__(self):
        self.lines = []
        self.violated = []

    def invariant(self, name, problems, detail="", notes=()):
        ok = not problems
        verdict = "OK" if ok else f"VIOLATED ({len(problems)})"
        self.lines.append(f"  {name:<44} {verdict}{'  ' + detail if detail else ''}")
        for problem in list(problems)[:EXAMPLES]:
            self.lines.append(f"      - {problem}")
        if len(problems) > EXAMPLES:
            self.lines.append(f"      … and {len(problems) - EXAMPLES} more")
        for note in notes:
            self.lines.append(f"      note: {note}")
        if not ok:
            self.violated.append(name)


def percentile(values, fraction):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def load_journal(path):
    records, window = [], {}
    with open(path) as journal:
        for line in journal:
            record = json.loads(line)
            if record.get("phase") == "window":
                window[record["event"]] = record["at"]
            else:
                records.append(record)
    return records, window


def print_table(records, window):
    load = [r for r in records if r["phase"] == "load"]
    start = window.get("start") or min((r["start"] for r in load), default=0)
    stop = window.get("stop") or max((r["end"] for r in load), default=start + 1)
    seconds = max(stop - start, 1e-9)
    by_action = defaultdict(list)
    for record in records:
        by_action[record["action"]].append(record)
    header = (
        f"{'action':<32}{'count':>7}{'success':>9}{'refusal':>9}{'unexpect':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'per s':>8}"
    )
    print(header)
    print("-" * len(header))

    def row(name, items, per_second=True):
        outcomes = Counter(r["outcome"] for r in items)
        durations = [(r["end"] - r["start"]) * 1000 for r in items]
        unexpected = outcomes["unexpected"]
        interrupted = outcomes["interrupted"]
        rate = f"{len(items) / seconds:>8.2f}" if per_second else f"{'':>8}"
        unexpected_text = str(unexpected) + (f"+{interrupted}k" if interrupted else "")
        print(
            (
                f"{name:<32}{len(items):>7}{outcomes['success']:>9}"
                f"{outcomes['refusal']:>9}"
                f"{unexpected_text:>9}"
                f"{percentile(durations, 0.5):>9.0f}{percentile(durations, 0.95):>9.0f}"
                f"{max(durations, default=0):>9.0f}{rate}"
            ).rstrip()
        )

    for action in sorted(a for a in by_action if not a.endswith("(fault)")):
        row(action, by_action[action])
    print("-" * len(header))
    row("all actions (load phase)", load)
    for action in sorted(a for a in by_action if a.endswith("(fault)")):
        row(action, by_action[action], per_second=False)
    print(
        f"measured window {seconds:.1f} s; 'k' = connections cut by a killed worker "
        "(fault phase, expected)"
    )


def check(args):
    run = args.run_dir
    records, window = load_journal(os.path.join(run, "journal.jsonl"))
    LOGINS.update((r["uid"], r["login"]) for r in records)
    with open(os.path.join(run, "baseline.json")) as base_file:
        base = json.load(base_file)
    fault = {}
    fault_path = os.path.join(run, "fault_snapshot.json")
    if os.path.exists(fault_path):
        with open(fault_path) as fault_file:
            fault = json.load(fault_file)
    conn = connect(args.db)

    print()
    print_table(records, window)
    unexpected = [r for r in records if r["outcome"] == "unexpected"]
    print()
    print(f"unexpected errors: {len(unexpected)}")
    for (action, error, message), count in Counter(
        (r["action"], r["error"], (r["message"] or "")[:160]) for r in unexpected
    ).most_common(15):
        print(f"  {count:>4} × {action}: {error}: {message}")

    harness = harness_errors(os.path.join(run, "locust_exceptions.csv"))
    if harness:
        print(f"harness errors (exceptions in the Locust users): {len(harness)}")
        for line in harness[:EXAMPLES]:
            print(f"  {line}")

    report = Report()
    report.invariant(*event_problems(conn, records, base))
    report.invariant(*claim_problems(conn, records, base))
    report.invariant(*protocol_problems(conn))
    report.invariant(*step_problems(conn, base))
    report.invariant(*sla_problems(conn, records, base))
    touched = {r["ticket"] for r in records if r["ticket"]}
    touched |= {int(t) for t in fault.get("tickets", {})}
    report.invariant(
        "deadlines equal their replay",
        replay_problems(args, sorted(touched)),
        f"{len(touched)} tickets touched",
    )
    report.invariant(*close_problems(conn, records, fault, base))
    print()
    print("invariants:")
    for line in report.lines:
        print(line)

    log_errors = server_log_errors(os.path.join(run, "odoo.log"), args.log_offset)
    total_errors = sum(log_errors.values())
    print()
    print(
        f"Odoo log: {total_errors} ERROR/CRITICAL lines during the run"
        + (" (warning only, not part of the verdict)" if total_errors else "")
    )
    for text, count in log_errors.most_common(10):
        print(f"  {count:>4} × {text}")

    reasons = [f"{len(unexpected)} unexpected errors"] if unexpected else []
    reasons += [f"{len(harness)} harness errors"] if harness else []
    reasons += [f"violated: {name}" for name in report.violated]
    warning = f" (warning: {total_errors} ERROR lines in the Odoo log)"
    print()
    print(
        "VERDICT: "
        + ("FAILED — " + ", ".join(reasons) if reasons else "PASSED")
        + (warning if total_errors else "")
    )
    return 1 if reasons else 0


def harness_errors(path):
    """Exceptions raised in the Locust users themselves: the run cannot be trusted."""
    if not os.path.exists(path):
        return []
    with open(path, newline="") as csv_file:
        return [
            f"{row['Count']} × {row['Message']}" for row in csv.DictReader(csv_file)
        ]


def outcome_counters(records, actions, code):
    """(successes, unknown outcomes, refusals) per (ticket, uid, code)."""
    success, unknown, refused = Counter(), Counter(), Counter()
    for r in records:
        if r["action"] not in actions or r["ticket"] is None:
            continue
        key = (r["ticket"], r["uid"], code or ACTION_EVENT[r["action"]])
        if r["outcome"] == "success":
            success[key] += 1
        elif r["outcome"] in ("unexpected", "interrupted"):
            unknown[key] += 1
        else:
            refused[key] += 1
    return success, unknown, refused


def event_problems(conn, records, base):
    events = query(
        conn,
        "SELECT id, ticket_id, user_id, code FROM service_interaction"
        " WHERE id > %s ORDER BY id",
        [base["max_interaction_id"]],
    )
    seen = Counter((t, u, c) for _i, t, u, c in events)
    success, unknown, refused = outcome_counters(records, ACTION_EVENT, None)
    problems = []
    for key in sorted(set(success) | set(unknown) | set(refused), key=str):
        want, maybe = success[key], unknown[key]
        if not want <= seen[key] <= want + maybe:
            problems.append(
                f"ticket {key[0]} user {who(key[1])} '{key[2]}': {want} successes"
                f"{f' (+{maybe} unknown)' if maybe else ''}"
                f"{f', {refused[key]} refusals' if refused[key] else ''}"
                f", {seen[key]} events"
            )
    # events of these codes by the sessions, on tickets they never acted on
    acted = set(success) | set(unknown) | set(refused)
    uids = {r["uid"] for r in records}
    codes = set(ACTION_EVENT.values())
    for key, count in seen.items():
        if key[2] in codes and key[1] in uids and key not in acted:
            problems.append(
                f"ticket {key[0]} user {who(key[1])} '{key[2]}': {count} events"
            )
    # next step leaves its step_finished; forward and close may leave one too
    next_ok, next_unknown, _refused = outcome_counters(
        records, {"next step"}, "step_finished"
    )
    others, others_unknown, _refused = outcome_counters(
        records, {"forward", "close", "close (fault)"}, "step_finished"
    )
    for key, want in next_ok.items():
        slack = next_unknown[key] + others[key] + others_unknown[key]
        if not want <= seen[key] <= want + slack:
            problems.append(
                f"ticket {key[0]} user {who(key[1])} 'step_finished': {want} next-step "
                f"successes (+{slack} forward/close/unknown), {seen[key]} events"
            )
    return (
        "events: one per success, none per refusal",
        problems,
        f"{sum(success.values())} successes checked against {len(events)} new events",
    )


def claim_problems(conn, records, base):
    claim_events = query(
        conn,
        "SELECT ticket_id, user_id, code, id FROM service_interaction"
        " WHERE id > %s AND code IN ('claimed', 'released') ORDER BY ticket_id, id",
        [base["max_interaction_id"]],
    )
    holders_now = dict(query(conn, "SELECT id, claimed_by_id FROM service_ticket"))
    problems = []
    per_ticket = defaultdict(list)
    for ticket_id, user_id, code, event_id in claim_events:
        per_ticket[ticket_id].append((code, user_id, event_id))
    for ticket_id, sequence in per_ticket.items():
        holder = base["claimed_by"].get(str(ticket_id))
        for code, user_id, event_id in sequence:
            if code == "claimed" and holder:
                problems.append(
                    f"ticket {ticket_id}: {who(user_id)} claimed it (event "
                    f"{event_id}) while {who(holder)} held it"
                )
            elif code == "released" and not holder:
                problems.append(
                    f"ticket {ticket_id}: released (event {event_id}) while unclaimed"
                )
            holder = user_id if code == "claimed" else None
        if (holder or None) != (holders_now.get(ticket_id) or None):
            problems.append(
                f"ticket {ticket_id}: events end with holder {holder}, "
                f"stored claimed_by_id {holders_now.get(ticket_id)}"
            )
    # as the clients saw it: two operators whose claim succeeded in one storm
    storms = Counter(
        (r["ticket"], r.get("storm"))
        for r in records
        if r["action"] == "claim storm" and r["outcome"] == "success"
    )
    for (ticket_id, serial), count in storms.items():
        if count > 1:
            problems.append(
                f"ticket {ticket_id}: {count} operators saw their claim succeed in "
                f"claim storm {serial}"
            )
    return (
        "no claim overlap",
        problems,
        f"{len(claim_events)} claimed/released events on {len(per_ticket)} tickets",
    )


def protocol_problems(conn):
    duplicates = query(
        conn,
        "SELECT protocol, array_agg(id) FROM service_ticket"
        " GROUP BY protocol HAVING count(*) > 1",
    )
    unset = query(
        conn,
        "SELECT id FROM service_ticket WHERE protocol IS NULL OR protocol IN ('', '/')",
    )
    (total,) = query(conn, "SELECT count(*) FROM service_ticket")[0]
    return (
        "protocols unique",
        [f"protocol {p} on tickets {ids}" for p, ids in duplicates]
        + [f"ticket {i} has no protocol" for (i,) in unset],
        f"{total} tickets",
    )


def step_problems(conn, base):
    now = running_step_problems(conn)
    before = {int(k) for k in base["running_step_problems"]}
    new = [text for ticket_id, text in now.items() if ticket_id not in before]
    old = [text for ticket_id, text in now.items() if ticket_id in before]
    return (
        "one running step per open ticket",
        new,
        f"{len(old)} already so before the run" if old else "",
        [f"before the run: {text}" for text in old[:3]],
    )


def sla_problems(conn, records, base):
    interventions = query(
        conn,
        "SELECT ticket_id, user_id, kind, id FROM service_sla_intervention"
        " WHERE id > %s ORDER BY id",
        [base["max_intervention_id"]],
    )
    recorded = defaultdict(Counter)
    for ticket_id, user_id, kind, _id in interventions:
        recorded[(ticket_id, user_id)][kind] += 1
    confirmed = defaultdict(Counter)
    maybe = Counter()
    storms = {}
    for r in records:
        if r["action"] not in ("sla change", "sla storm"):
            continue
        key = (r["ticket"], r["uid"])
        if r["outcome"] == "success":
            confirmed[key][r.get("sla_op")] += 1
            if r.get("storm"):
                storms[key] = r["storm"]
        elif r["outcome"] == "unexpected":
            maybe[key] += 1
    problems = []
    for key in sorted(set(recorded) | set(confirmed), key=str):
        want, got = confirmed[key], recorded[key]
        if want == got or (not want - got and (got - want).total() <= maybe[key]):
            continue
        problems.append(
            f"ticket {key[0]} {who(key[1])}: confirmed {dict(want) or 'nothing'}, "
            f"recorded {dict(got) or 'nothing'}"
            + (f" (SLA storm {storms[key]})" if key in storms else "")
        )
    return (
        "SLA change recorded = the one confirmed",
        problems,
        (
            f"{sum(c.total() for c in confirmed.values())} confirmed, "
            f"{len(interventions)} interventions"
        ),
    )


def replay_problems(args, ticket_ids):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from odoo_env import odoo_env

    problems = []
    with odoo_env(args.config, args.db) as env:
        for ticket in env["service.ticket"].browse(ticket_ids).exists():
            replay = ticket._sla_replay_deadline()
            stored = ticket.sla_deadline
            if (replay or False) != (stored or False):
                delta = (
                    f", off by {(stored - replay).total_seconds():+.0f} s"
                    if replay and stored
                    else ""
                )
                kinds = ",".join(
                    ticket.sla_intervention_ids.sorted(lambda i: (i.date, i.id)).mapped(
                        "kind"
                    )
                )
                problems.append(
                    f"ticket {ticket.id} ({ticket.protocol}): stored {stored}, replay "
                    f"{replay}{delta}; sla_state {ticket.sla_state}; interventions "
                    f"[{kinds}]"
                )
    return problems


def close_problems(conn, records, fault, base):
    """All or nothing for every close attempted (load and fault phases)."""
    attempted = defaultdict(list)
    for r in records:
        if r["action"] in ("close", "close (fault)"):
            attempted[r["ticket"]].append(r)
    if not attempted:
        return "close all or nothing after kills", [], "no close attempted"
    rows = query(
        conn,
        """
        SELECT t.id, t.state, t.closed_at, t.closed_by_id,
               (SELECT count(*) FROM service_ticket_step s
                 WHERE s.ticket_id = t.id AND s.finished_at IS NULL),
               (SELECT count(*) FROM service_interaction i
                 WHERE i.ticket_id = t.id AND i.code = 'closed' AND i.id > %s),
               (SELECT array_agg(s.id ORDER BY s.id) FROM service_ticket_step s
                 WHERE s.ticket_id = t.id AND s.finished_at IS NULL)
          FROM service_ticket t WHERE t.id IN %s
        """,
        [base["max_interaction_id"], tuple(attempted)],
    )
    before = fault.get("tickets", {})
    problems = []
    closed_count = open_count = 0
    for ticket_id, state, closed_at, closed_by, running, closed_events, steps in rows:
        attempts = attempted[ticket_id]
        successes = [r for r in attempts if r["outcome"] == "success"]
        fully_closed = (
            state == "closed"
            and closed_at is not None
            and closed_by is not None
            and running == 0
            and closed_events == 1
        )
        snap = before.get(str(ticket_id))
        if state == "closed" or closed_events:
            if not fully_closed:
                problems.append(
                    f"ticket {ticket_id}: partly closed — state {state}, closed_at "
                    f"{closed_at}, closed_by {closed_by}, {running} running steps, "
                    f"{closed_events} 'closed' events"
                )
            elif successes and closed_by != successes[0]["uid"]:
                problems.append(
                    f"ticket {ticket_id}: closed by {closed_by}, the client that saw "
                    f"its close succeed was {successes[0]['uid']}"
                )
            else:
                closed_count += 1
        else:
            nothing = (
                state == "open"
                and closed_at is None
                and closed_by is None
                and (snap is None or (steps or []) == snap["running_steps"])
            )
            if successes:
                problems.append(
                    f"ticket {ticket_id}: {len(successes)} client(s) saw the close "
                    f"succeed, but it is {state}"
                )
            elif not nothing:
                problems.append(
                    f"ticket {ticket_id}: not closed but changed — closed_at "
                    f"{closed_at}, closed_by {closed_by}, running steps {steps} "
                    f"(before: {snap and snap['running_steps']})"
                )
            else:
                open_count += 1
    kills = len(fault.get("kills", []))
    cut = sum(1 for r in records if r["outcome"] == "interrupted")
    return (
        "close all or nothing after kills",
        problems,
        (
            f"{len(attempted)} tickets: {closed_count} all, {open_count} nothing; "
            f"{kills} workers killed, {cut} closes cut"
        ),
    )


def server_log_errors(path, offset):
    errors = Counter()
    if not os.path.exists(path):
        return errors
    line_re = re.compile(
        r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) \S+ (\S+): (.*)$"
    )
    with open(path, errors="replace") as log:
        log.seek(offset)
        pending = None
        for line in log:
            match = line_re.match(line)
            if pending:  # a bad query is followed by PostgreSQL's own message
                detail = line.strip() if line.startswith("ERROR:") else ""
                errors[pending + (f" → {detail}" if detail else "")] += 1
                pending = None
            if match:
                text = re.sub(r"\d+", "N", match.group(3))[:100]
                key = f"{match.group(1)} {match.group(2)}: {text}"
                if "bad query" in text:
                    pending = key
                else:
                    errors[key] += 1
        if pending:
            errors[pending] += 1
    return errors


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    base_parser = sub.add_parser("baseline")
    base_parser.add_argument("--db", required=True)
    base_parser.add_argument("--out", required=True)
    check_parser = sub.add_parser("check")
    check_parser.add_argument("--db", required=True)
    check_parser.add_argument("--config", required=True)
    check_parser.add_argument("--run-dir", required=True)
    check_parser.add_argument("--log-offset", type=int, default=0)
    args = parser.parse_args()
    if args.command == "baseline":
        baseline(args)
        return 0
    return check(args)


if __name__ == "__main__":
    sys.exit(main())
