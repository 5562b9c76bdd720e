#!/usr/bin/env python3
"""Time ticket creation through the ORM, as an operator opens tickets.

Each ticket goes through the whole opening path (``service.ticket.create``): the
client values checked, the protocol from its sequence, the SLA policy matched and its
deadline in working time, the first step, the opening events, the chatter's creation
message and follower. Two ways:

* ``single``: one ``create`` per ticket, as the form does — the ORM cache emptied
  before each (a request starts with an empty cache) and everything flushed after
  (a request flushes before it commits);
* ``batch``: one ``create`` of all the tickets (an import, an integration).

    python3 benchmarks/bench_create.py -c .odoo/odoo.conf -d painel_bench --tickets 300

It only measures: the transaction is rolled back at the end (so the figures leave out
the commit of each request, ~1 ms here). ``--profile`` prints cProfile's top
functions of the single mode instead.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time

import odoo
from odoo import api
from odoo.tools import config

OPERATOR_LOGIN = "ana.souza"  # an operator of the demo ISP (Conecta Fibra)
OPENING_EVENTS = (
    "ticket_started",
    "sla_defaults_set",
    "opening_comment",
    "step_started",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", default="painel_bench")
    parser.add_argument("--tickets", type=int, default=300, help="tickets per mode")
    parser.add_argument("--mode", choices=("single", "batch", "both"), default="both")
    parser.add_argument("--login", default=OPERATOR_LOGIN, help="the operator")
    parser.add_argument("--profile", action="store_true", help="cProfile single")
    return parser.parse_args()


def opening_values(env, count):
    """``count`` value dicts as the ticket form sends them, varied over the
    company's processes, origins, classifications, teams and customers."""
    company = env.company
    processes = env["service.process"].search(
        [("company_id", "in", (company.id, False))]
    )
    origins = env["service.contact.origin"].search([])
    classifications = env["service.classification"].search(
        [("kind", "=", "opening"), ("company_id", "in", (company.id, False))]
    )
    teams = env["service.team"].search([("company_id", "=", company.id)])
    partners = env["res.partner"].search(
        [("name", "=like", "Cliente Bench %")], limit=500
    ) or env["res.partner"].search([("vat", "!=", False)], limit=50)
    values = []
    for n in range(count):
        partner = partners[n % len(partners)]
        values.append(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "process_id": processes[n % len(processes)].id,
                "origin_id": origins[n % len(origins)].id,
                "opening_classification_id": classifications[
                    n % len(classifications)
                ].id,
                "team_id": teams[n % len(teams)].id if teams else False,
                "description": f"Cliente relata lentidão na conexão ({n}).",
                "street_number": str(n % 2000),
            }
        )
    return values


def run_single(env, values):
    """One create per ticket, each as its own request would run it."""
    tickets = env["service.ticket"]
    times = []
    for vals in values:
        env.invalidate_all()
        began = time.perf_counter()
        tickets |= tickets.create(dict(vals))
        env.flush_all()
        times.append(time.perf_counter() - began)
    return tickets, times


def run_batch(env, values):
    env.invalidate_all()
    began = time.perf_counter()
    tickets = env["service.ticket"].create([dict(vals) for vals in values])
    env.flush_all()
    return tickets, time.perf_counter() - began


def check(env, tickets):
    """Every ticket opened in full: protocol, SLA, one running step, its events."""
    tickets = tickets.sudo()
    tickets.invalidate_recordset()
    problems = []
    for ticket in tickets:
        codes = ticket.interaction_ids.mapped("code")
        if (
            not ticket.protocol
            or ticket.protocol == "/"
            or ticket.sla_state != "running"
            or not ticket.current_step_id
            or sorted(codes) != sorted(OPENING_EVENTS)
        ):
            problems.append(ticket.id)
    return problems


def report(label, count, seconds, times=None):
    rate = count / seconds
    line = f"{label:<8} {count:>6} tickets {seconds:8.2f} s {rate:8.1f} tickets/s"
    if times:
        line += (
            f"   per ticket: median {statistics.median(times) * 1000:.1f} ms,"
            f" p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms"
        )
    print(line, flush=True)


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        root = api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = root["res.users"].search([("login", "=", args.login)])
        if not user:
            raise SystemExit(f"No user {args.login}: install the demo data.")
        env = api.Environment(
            cr,
            user.id,
            {
                "allowed_company_ids": user.company_id.ids,
                "tz": user.tz,
                "lang": user.lang,
            },
        )
        tickets_before = root["service.ticket"].search_count([])
        print(
            f"{args.database}: {tickets_before} tickets; creating as {args.login}",
            flush=True,
        )
        values = opening_values(env, args.tickets)
        # warm-up (registry caches, the calendar's working-time tables), discarded
        run_single(env, values[:5])
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            run_single(env, values)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
            print(out.getvalue())
            cr.rollback()
            return
        created = env["service.ticket"]
        if args.mode in ("single", "both"):
            tickets, times = run_single(env, values)
            report("single", len(tickets), sum(times), times)
            created |= tickets
        if args.mode in ("batch", "both"):
            tickets, seconds = run_batch(env, values)
            report("batch", len(tickets), seconds)
            created |= tickets
        problems = check(env, created)
        print(
            f"checked {len(created)} tickets: "
            + (
                f"{len(problems)} incomplete: {problems[:10]}"
                if problems
                else "all complete"
            )
        )
        cr.rollback()


if __name__ == "__main__":
    main()
