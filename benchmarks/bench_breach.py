#!/usr/bin/env python3
"""Time the SLA breach action when many deadlines have just passed.

The scenario of the issue: 300,000 open tickets, 10,000 of which have a running SLA
whose deadline passed in the last minutes (a morning after a holiday weekend, a
policy change). On a database filled by ``generate_data.py`` (~29,000 open tickets)
the script first opens more tickets, in SQL and inside one transaction: closed tickets
become open again with their last step running and a running SLA whose deadline is
ahead, then ``--late`` of the open tickets get a deadline a few minutes past. Then it
calls the cron's method, ``service.ticket._cron_stamp_sla_breaches``, as the cron does
(superuser, one batch per call, called again while it finds some) until nothing is
left, and times it. Everything is rolled back at the end (the cron commits after each
batch: the commits are not in the figure), then the touched tables are VACUUMed and
the ticket and step tables reindexed, so that the database is left as the generator
left it: the rolled-back reopening leaves ~270,000 dead entries in the partial indexes
of open tickets and running steps, which VACUUM empties but only a rebuild gives back
(counts over those indexes were ten times slower afterwards).

    python3 benchmarks/bench_breach.py -c .odoo/odoo.conf -d painel_bench \\
        --open 300000 --late 10000
"""

import argparse
import statistics
import time

import odoo
from odoo import api
from odoo.tools import config

TOUCHED_TABLES = (
    "service_ticket",
    "service_ticket_step",
    "service_interaction",
    "mail_activity",
    "mail_followers",
    "mail_message",
)
REINDEXED_TABLES = ("service_ticket", "service_ticket_step")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", default="painel_bench")
    parser.add_argument("--open", type=int, default=300_000, help="open tickets")
    parser.add_argument("--late", type=int, default=10_000, help="just breached")
    parser.add_argument("--batch-size", type=int, help="the cron's default if unset")
    parser.add_argument("--profile", action="store_true", help="cProfile the run")
    return parser.parse_args()


def scalar(cr, query, params=None):
    cr.execute(query, params)
    return cr.fetchone()[0]


def open_more_tickets(cr, wanted):
    """Reopen closed tickets, as the lifecycle leaves a reopened ticket: its last
    step running again, its SLA running with a deadline ahead."""
    missing = wanted - scalar(
        cr, "SELECT count(*) FROM service_ticket WHERE state = 'open'"
    )
    if missing <= 0:
        return 0
    cr.execute(
        """
        CREATE TEMP TABLE bench_reopen ON COMMIT DROP AS
        SELECT id FROM service_ticket
         WHERE state = 'closed' AND sla_policy_id IS NOT NULL
         ORDER BY opened_at DESC LIMIT %s
        """,
        [missing],
    )
    cr.execute(
        """
        CREATE TEMP TABLE bench_last_step ON COMMIT DROP AS
        SELECT DISTINCT ON (s.ticket_id) s.ticket_id, s.id
          FROM service_ticket_step s JOIN bench_reopen r ON r.id = s.ticket_id
         ORDER BY s.ticket_id, s.started_at DESC, s.id DESC
        """
    )
    cr.execute(
        """
        UPDATE service_ticket_step s SET finished_at = NULL, finished_by_id = NULL
          FROM bench_last_step l WHERE l.id = s.id
        """
    )
    cr.execute(
        """
        UPDATE service_ticket t
           SET state = 'open', closed_at = NULL, closed_by_id = NULL,
               closing_classification_id = NULL, closing_comment = NULL,
               current_step_id = l.id, sla_state = 'running',
               sla_breached_at = NULL,
               sla_deadline = (now() AT TIME ZONE 'UTC')
                   + interval '1 hour' + interval '30 days' * random()
          FROM bench_last_step l WHERE l.ticket_id = t.id
        """
    )
    return cr.rowcount


def pass_deadlines(cr, late):
    """``late`` open tickets with a running SLA whose deadline just passed."""
    cr.execute(
        """
        UPDATE service_ticket t
           SET sla_state = 'running', sla_breached_at = NULL,
               sla_deadline = (now() AT TIME ZONE 'UTC')
                   - interval '1 second' - interval '10 minutes' * random()
          FROM (SELECT id FROM service_ticket
                 WHERE state = 'open' AND sla_policy_id IS NOT NULL
                 ORDER BY random() LIMIT %s) late
         WHERE late.id = t.id
        """,
        [late],
    )
    return cr.rowcount


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        began = time.monotonic()
        reopened = open_more_tickets(cr, args.open)
        late = pass_deadlines(cr, args.late)
        cr.execute("ANALYZE service_ticket")
        env.invalidate_all()
        counts = {
            "state": scalar(
                cr, "SELECT count(*) FROM service_ticket WHERE state = 'open'"
            ),
            "due": scalar(
                cr,
                "SELECT count(*) FROM service_ticket WHERE state = 'open' AND "
                "sla_state = 'running' AND sla_deadline < now() AT TIME ZONE 'UTC'",
            ),
        }
        print(
            f"set-up {time.monotonic() - began:.1f} s: {reopened} tickets reopened, "
            f"{counts['state']} open, {late} deadlines just passed "
            f"({counts['due']} due)",
            flush=True,
        )
        events_before = scalar(
            cr, "SELECT count(*) FROM service_interaction WHERE code = 'sla_breached'"
        )
        activities_before = scalar(cr, "SELECT count(*) FROM mail_activity")
        tickets = env["service.ticket"].with_context(
            env["ir.cron"].browse().env.context
        )
        kwargs = {"batch_size": args.batch_size} if args.batch_size else {}
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        batches = []
        began = time.perf_counter()
        while True:
            start = time.perf_counter()
            stamped = tickets._cron_stamp_sla_breaches(**kwargs)
            env.flush_all()
            batches.append((len(stamped), time.perf_counter() - start))
            env.invalidate_all()  # the cron commits and calls again: a new request
            if not stamped:
                break
        total = time.perf_counter() - began
        if profiler:
            import io
            import pstats

            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
            print(out.getvalue())
        stamped = sum(n for n, _seconds in batches)
        per_call = statistics.median(seconds for _n, seconds in batches)
        print(
            f"stamped {stamped} tickets in {total:.2f} s ({len(batches)} calls, "
            f"median {per_call:.2f} s a call; {stamped / total:.0f} tickets/s)"
        )
        left = scalar(
            cr,
            "SELECT count(*) FROM service_ticket WHERE state = 'open' AND "
            "sla_state = 'running' AND sla_deadline < now() AT TIME ZONE 'UTC'",
        )
        wrong = scalar(
            cr,
            "SELECT count(*) FROM service_ticket WHERE sla_state = 'breached' "
            "AND state = 'open' AND sla_breached_at IS DISTINCT FROM sla_deadline",
        )
        events = (
            scalar(
                cr,
                "SELECT count(*) FROM service_interaction WHERE code = 'sla_breached'",
            )
            - events_before
        )
        activities = (
            scalar(cr, "SELECT count(*) FROM mail_activity") - activities_before
        )
        print(
            f"left running past deadline: {left}; breached open tickets whose stamp "
            f"is not their deadline: {wrong}; sla_breached events: {events}; "
            f"activities for supervisors: {activities}"
        )
        cr.rollback()
    # the rolled-back updates left dead rows, cleared visibility bits and bloated
    # the partial indexes: clean up so that the panels are measured on the
    # database the generator left
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        cr._cnx.autocommit = True
        began = time.monotonic()
        for table in REINDEXED_TABLES:
            cr.execute(f"REINDEX TABLE {table}")
        cr.execute(f"VACUUM (ANALYZE) {', '.join(TOUCHED_TABLES)}")
        print(
            "REINDEX and VACUUM (ANALYZE) of the touched tables: "
            f"{time.monotonic() - began:.1f} s"
        )


if __name__ == "__main__":
    main()
