#!/usr/bin/env python3
"""Fill a painel_atendimento database with tickets at a mid-size ISP's scale.

Set-based SQL only (INSERT ... SELECT generate_series), so a million tickets and ten
million interactions take minutes, not hours. Run it on a database where
painel_atendimento is installed with its demo data (the companies, SLA policies,
teams, processes and operators it refers to) and that it has not filled before:

    python3 benchmarks/generate_data.py -d painel_bench --tickets 1000000 \
        --interactions-per-ticket 10

It connects as a PostgreSQL superuser (default ``postgres``) because it turns off the
foreign-key triggers while loading (``session_replication_role = replica``); the rows
are consistent by construction and the unique indexes are rebuilt and checked at the
end. The secondary indexes are dropped during the load and recreated with their
exact original definitions, then the tables are VACUUMed and ANALYZEd.

The data follow the fields' meaning (models/service_ticket*.py): ~3 % open tickets
over two years, closed/cancelled with closing data, SLA deadlines and states as the
SLA engine leaves them (running / paused / breached / met), one to three steps per
ticket with exactly one running step for open tickets, work orders on ~15 %, and
interactions (append-only events: the event, its ticket, company and protocol; the
ticket's current columns are read through the ticket). Working-time deadlines are
approximated as 2.5 wall-clock hours per working hour (a 9-hour business day).

The append-only tables keep their trigger (``painel_atendimento_refuse_history_change``
refuses UPDATE/DELETE/TRUNCATE): the load only INSERTs into them, and the script checks
at the end that the triggers are still there and enabled.
"""

import argparse
import time

import psycopg2

# Cities with their districts and state code: tickets of one ISP cluster in a region.
CITIES = {
    "Curitiba": ("PR", ["Centro", "Batel", "Água Verde", "Portão", "Boqueirão"]),
    "Londrina": ("PR", ["Centro", "Gleba Palhano", "Jardim Bandeirantes"]),
    "Joinville": ("SC", ["Centro", "América", "Boa Vista", "Costa e Silva"]),
    "Blumenau": ("SC", ["Centro", "Velha", "Garcia"]),
    "Porto Alegre": ("RS", ["Centro Histórico", "Moinhos de Vento", "Partenon"]),
    "Caxias do Sul": ("RS", ["Centro", "São Pelegrino", "Exposição"]),
    "Campinas": ("SP", ["Centro", "Cambuí", "Barão Geraldo", "Taquaral"]),
    "Sorocaba": ("SP", ["Centro", "Campolim", "Éden"]),
}
OPERATOR_LOGINS = (
    "ana.souza",
    "bruno.lima",
    "camila.rodrigues",
    "diego.kowalski",
    "ricardo.mendes",
    "marcos.oliveira",
    "paulo.santos",
    "jefferson.wojcik",
)
LOADED_TABLES = (
    "service_ticket",
    "service_ticket_step",
    "service_work_order",
    "service_interaction",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", default="painel_bench")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=5432, type=int)
    parser.add_argument("-U", "--user", default="postgres", help="a superuser")
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--interactions-per-ticket", type=int, default=10)
    parser.add_argument("--partners", type=int, default=5000)
    parser.add_argument("--seed", type=float, default=0.42)
    return parser.parse_args()


class Generator:
    def __init__(self, cr, args):
        self.cr = cr
        self.args = args
        self.started = time.monotonic()

    def step(self, label, query, params=None):
        began = time.monotonic()
        self.cr.execute(query, params or {})
        rows = self.cr.rowcount
        print(
            f"  {label:<42} {rows if rows >= 0 else '':>11} rows "
            f"{time.monotonic() - began:8.1f} s",
            flush=True,
        )

    def scalar(self, query, params=None):
        self.cr.execute(query, params)
        return self.cr.fetchone()[0]

    # ------------------------------------------------------------------ setup

    def check_empty(self):
        if self.scalar(
            "SELECT count(*) FROM res_partner WHERE name LIKE 'Cliente Bench %%'"
        ):
            raise SystemExit(
                "This database already has generated data: generate into a fresh "
                "copy (see benchmarks/README.md)."
            )

    def drop_secondary_indexes(self):
        """Drop the plain indexes of the loaded tables; return their definitions."""
        self.cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
              JOIN pg_class t ON t.oid = i.indrelid
             WHERE t.relname = ANY(%s)
               AND NOT i.indisprimary
               AND NOT EXISTS (
                   SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [list(LOADED_TABLES)],
        )
        definitions = self.cr.fetchall()
        for name, _definition in definitions:
            self.cr.execute(f'DROP INDEX "{name}"')
        print(f"  dropped {len(definitions)} secondary indexes for the load")
        return [definition for _name, definition in definitions]

    def reference_data(self):
        cr = self.cr
        cr.execute("SELECT setseed(%s)", [self.args.seed])
        cr.execute(
            "CREATE TEMP TABLE bench_operator AS "
            "SELECT row_number() OVER (ORDER BY id) AS n, id, company_id "
            "FROM res_users WHERE login = ANY(%s)",
            [list(OPERATOR_LOGINS)],
        )
        cr.execute(
            "CREATE TEMP TABLE bench_city (n int, city text, districts text[], "
            "state_id int)"
        )
        for n, (city, (code, districts)) in enumerate(CITIES.items(), 1):
            cr.execute(
                "INSERT INTO bench_city SELECT %s, %s, %s, s.id FROM "
                "res_country_state s JOIN res_country c ON c.id = s.country_id "
                "WHERE c.code = 'BR' AND s.code = %s",
                [n, city, districts, code],
            )
        cr.execute(
            """
            CREATE TEMP TABLE bench_sub AS
            SELECT s.process_id, s.id AS subprocess_id, s.duration_hours,
                   row_number() OVER (PARTITION BY s.process_id
                                      ORDER BY s.sequence, s.id) AS pos
              FROM service_subprocess s
            """
        )
        cr.execute(
            """
            CREATE TEMP TABLE bench_process AS
            SELECT row_number() OVER (ORDER BY process_id) AS n, process_id,
                   count(*) AS subs
              FROM bench_sub GROUP BY process_id
            """
        )
        for table, query in (
            ("bench_open_class", "kind = 'opening'"),
            ("bench_close_class", "kind = 'closing'"),
        ):
            cr.execute(
                f"CREATE TEMP TABLE {table} AS SELECT row_number() OVER "
                f"(ORDER BY id) AS n, id FROM service_classification WHERE {query}"
            )
        cr.execute(
            "CREATE TEMP TABLE bench_origin AS SELECT row_number() OVER "
            "(ORDER BY id) AS n, id FROM service_contact_origin WHERE active"
        )
        cr.execute(
            "CREATE TEMP TABLE bench_itype AS SELECT row_number() OVER "
            "(ORDER BY id) AS n, id, code, name->>'en_US' AS name "
            "FROM service_interaction_type"
        )
        # per company: its teams and SLA policies, numbered
        cr.execute(
            "CREATE TEMP TABLE bench_team AS SELECT company_id, row_number() OVER "
            "(PARTITION BY company_id ORDER BY id) AS n, id FROM service_team"
        )
        cr.execute(
            "CREATE TEMP TABLE bench_policy AS SELECT company_id, row_number() OVER "
            "(PARTITION BY company_id ORDER BY id) AS n, id, resource_calendar_id, "
            "target_hours FROM service_sla_policy WHERE active"
        )
        companies = self.scalar(
            "SELECT array_agg(DISTINCT company_id ORDER BY company_id) "
            "FROM bench_policy"
        )
        if not companies or not self.scalar("SELECT count(*) FROM bench_operator"):
            raise SystemExit("Reference data (companies, SLA policies, users) missing.")
        self.main_company, self.other_company = companies[0], companies[-1]
        self.operators = self.scalar("SELECT count(*) FROM bench_operator")

    def partners(self):
        self.step(
            "res.partner (customers)",
            """
            INSERT INTO res_partner (name, complete_name, vat, street, street2, city,
                state_id, zip, country_id, active, type, is_company, customer_rank,
                autopost_bills, create_date, write_date, create_uid, write_uid)
            SELECT n, n, vat, street, district, city, state_id, zip,
                   (SELECT id FROM res_country WHERE code = 'BR'), true, 'contact',
                   false, 1, 'ask', now(), now(), 1, 1
              FROM (
                SELECT 'Cliente Bench ' || g AS n,
                       lpad((10000000000 + g * 7919)::text, 11, '0') AS vat,
                       'Rua ' || (g %% 300) AS street,
                       c.districts[1 + g %% array_length(c.districts, 1)] AS district,
                       c.city, c.state_id,
                       lpad((80000000 + g)::text, 8, '0') AS zip
                  FROM generate_series(1, %s) g
                  JOIN bench_city c ON c.n = 1 + g %% (SELECT count(*) FROM bench_city)
              ) p
            """,
            [self.args.partners],
        )
        self.cr.execute(
            "UPDATE res_partner SET commercial_partner_id = id "
            "WHERE name LIKE 'Cliente Bench %' AND commercial_partner_id IS NULL"
        )
        self.cr.execute(
            "CREATE TEMP TABLE bench_partner AS SELECT row_number() OVER "
            "(ORDER BY id) AS n, id, name, vat, street, street2, city, state_id, zip "
            "FROM res_partner WHERE name LIKE 'Cliente Bench %'"
        )

    # ------------------------------------------------------------------ plan

    def plan(self):
        """One row per ticket with every random choice, reused by every table."""
        self.step(
            "plan (random choices per ticket)",
            """
            CREATE TEMP TABLE bench_plan AS
            WITH base AS (
                SELECT g,
                       now() AT TIME ZONE 'UTC' - interval '730 days' * random()
                           AS opened_at,
                       random() AS r_state, random() AS r_company,
                       random() AS r_misc, random() AS r_close,
                       random() AS r_steps, random() AS r_wo, random() AS r_sla,
                       random() AS r_claim, random() AS r_inter
                  FROM generate_series(1, %(tickets)s) g
            ), aged AS (
                SELECT *, now() AT TIME ZONE 'UTC' - opened_at AS age FROM base
            )
            SELECT g, opened_at,
                   -- the chance of still being open falls with age: ~3 %% overall
                   CASE WHEN r_state < CASE
                            WHEN age < interval '2 days' THEN 0.7
                            WHEN age < interval '7 days' THEN 0.4
                            WHEN age < interval '30 days' THEN 0.25
                            WHEN age < interval '180 days' THEN 0.05
                            ELSE 0.008 END THEN 'open'
                        WHEN g %% 25 = 0 THEN 'cancelled'
                        ELSE 'closed' END AS state,
                   CASE WHEN r_company < 0.85 THEN %(main)s ELSE %(other)s END
                       AS company_id,
                   r_misc, r_close, r_steps, r_wo, r_sla, r_claim, r_inter
              FROM aged
            """,
            {
                "tickets": self.args.tickets,
                "main": self.main_company,
                "other": self.other_company,
            },
        )
        now = "(now() AT TIME ZONE 'UTC')"
        self.step(
            "plan (derived columns)",
            f"""
            CREATE TEMP TABLE bench_ticket AS
            SELECT p.g, p.state, p.company_id, p.opened_at,
                   -- time to close: exponential, mean 30 h, never in the future
                   CASE WHEN p.state <> 'open' THEN least(
                       p.opened_at + interval '1 hour' * (0.2 - 30 * ln(1 - p.r_close)),
                       {now}) END AS closed_at,
                   1 + (p.g * 7) %% (SELECT count(*) FROM bench_partner) AS partner_n,
                   1 + (p.g * 13) %% (SELECT count(*) FROM bench_origin) AS origin_n,
                   1 + (p.g * 3) %% (SELECT count(*) FROM bench_open_class)
                       AS open_class_n,
                   1 + (p.g * 5) %% (SELECT count(*) FROM bench_close_class)
                       AS close_class_n,
                   1 + (p.g * 11) %% {self.operators} AS opener_n,
                   1 + (p.g * 17) %% {self.operators} AS closer_n,
                   1 + (p.g * 19) %% {self.operators} AS claimer_n,
                   pr.process_id,
                   least(1 + floor(p.r_steps * 3)::int, pr.subs) AS steps,
                   -- claimed: most closed tickets, 60 %% of the open ones
                   p.r_claim < CASE WHEN p.state = 'open' THEN 0.6 ELSE 0.9 END
                       AS claimed,
                   p.r_wo < 0.15 AS has_wo, p.r_wo, p.r_sla, p.r_misc,
                   -- interactions: 1 .. 2K-1 per ticket, K on average
                   1 + floor(p.r_inter * (2 * %(k)s - 1))::int AS interactions
              FROM bench_plan p
              JOIN bench_process pr
                ON pr.n = 1 + (p.g * 31) %% (SELECT count(*) FROM bench_process)
            """,
            {"k": self.args.interactions_per_ticket},
        )
        self.step(
            "plan (SLA)",
            """
            CREATE TEMP TABLE bench_sla AS
            SELECT t.g, po.id AS policy_id, po.resource_calendar_id,
                   po.target_hours,
                   t.opened_at + interval '2.5 hours' * po.target_hours AS deadline,
                   -- 2 %% of the open tickets with SLA are paused
                   t.state = 'open' AND t.r_sla < 0.02 AS paused
              FROM bench_ticket t
              JOIN bench_policy po ON po.company_id = t.company_id
               AND po.n = 1 + (t.g * 23) %% (SELECT count(*) FROM bench_policy x
                                             WHERE x.company_id = t.company_id)
             WHERE t.r_sla < 0.95  -- 5 %% of the tickets have no SLA policy
            """,
        )
        self.cr.execute("ALTER TABLE bench_ticket ADD PRIMARY KEY (g)")
        self.cr.execute("ALTER TABLE bench_sla ADD PRIMARY KEY (g)")
        self.ticket_base = self.scalar("SELECT last_value FROM service_ticket_id_seq")

    # ------------------------------------------------------------------ load

    def tickets(self):
        now = "(now() AT TIME ZONE 'UTC')"
        self.step(
            "service.ticket",
            f"""
            INSERT INTO service_ticket (
                id, protocol, partner_id, company_id, team_id, origin_id,
                process_id, subprocess_id, opening_classification_id,
                closing_classification_id, claimed_by_id, opened_by_id,
                closed_by_id, state, opened_at, closed_at, closing_comment,
                description, street, street_number, district, city, state_id,
                zip, condominium, work_order_count, work_order_names,
                work_order_status, sla_policy_id, sla_calendar_id,
                sla_target_hours, sla_started_at, sla_deadline, sla_state,
                sla_paused_remaining_hours, sla_breached_at, interaction_count,
                create_date, write_date, create_uid, write_uid)
            SELECT %(base)s + t.g,
                   to_char(t.opened_at, 'YYYYMMDD') || lpad(t.g::text, 8, '0'),
                   pa.id, t.company_id, tm.id, o.id, t.process_id, sub.subprocess_id,
                   oc.id, CASE WHEN t.state = 'closed' THEN cc.id END,
                   CASE WHEN t.claimed THEN cl.id END, op.id,
                   CASE WHEN t.state <> 'open' THEN cb.id END,
                   t.state, t.opened_at, t.closed_at,
                   CASE WHEN t.state = 'closed' THEN 'Resolvido.' END,
                   'Cliente relata lentidão na conexão.',
                   pa.street, (t.g %% 2000)::text, pa.street2, pa.city, pa.state_id,
                   pa.zip,
                   CASE WHEN t.r_misc < 0.1 THEN 'Condomínio ' || (t.g %% 50) END,
                   CASE WHEN t.has_wo THEN 1 ELSE 0 END,
                   CASE WHEN t.has_wo THEN 'OS' || lpad(t.g::text, 8, '0') END,
                   CASE WHEN NOT t.has_wo THEN 'none'
                        WHEN t.state = 'open' AND t.r_wo < 0.05 THEN 'unscheduled'
                        WHEN t.state = 'open' AND t.r_wo < 0.10 THEN 'scheduled'
                        ELSE 'done' END,
                   s.policy_id, s.resource_calendar_id, s.target_hours,
                   CASE WHEN s.g IS NOT NULL THEN t.opened_at END,
                   CASE WHEN NOT s.paused THEN s.deadline END,
                   CASE WHEN s.g IS NULL THEN 'none'
                        WHEN s.paused THEN 'paused'
                        WHEN t.state = 'open' AND s.deadline >= {now} THEN 'running'
                        WHEN coalesce(t.closed_at, {now}) > s.deadline
                            THEN 'breached'
                        ELSE 'met' END,
                   CASE WHEN s.paused THEN s.target_hours / 2 ELSE 0 END,
                   CASE WHEN NOT s.paused
                         AND coalesce(t.closed_at, {now}) > s.deadline
                        THEN s.deadline END,
                   t.interactions,
                   t.opened_at, coalesce(t.closed_at, t.opened_at), op.id, op.id
              FROM bench_ticket t
              JOIN bench_partner pa ON pa.n = t.partner_n
              JOIN bench_origin o ON o.n = t.origin_n
              JOIN bench_open_class oc ON oc.n = t.open_class_n
              JOIN bench_close_class cc ON cc.n = t.close_class_n
              JOIN bench_operator op ON op.n = t.opener_n
              JOIN bench_operator cb ON cb.n = t.closer_n
              JOIN bench_operator cl ON cl.n = t.claimer_n
              JOIN bench_sub sub
                ON sub.process_id = t.process_id AND sub.pos = t.steps
              LEFT JOIN bench_team tm ON tm.company_id = t.company_id
               AND tm.n = 1 + t.g %% (SELECT count(*) FROM bench_team x
                                      WHERE x.company_id = t.company_id)
              LEFT JOIN bench_sla s ON s.g = t.g
            """,
            {"base": self.ticket_base},
        )

    def steps(self):
        now = "(now() AT TIME ZONE 'UTC')"
        # step i of n runs over the i-th n-th of the ticket's life; the last one of
        # an open ticket is still running
        self.step(
            "service.ticket.step",
            f"""
            INSERT INTO service_ticket_step (
                ticket_id, subprocess_id, process_id, company_id, user_id,
                finished_by_id, started_at, expected_end, finished_at,
                create_date, write_date, create_uid, write_uid)
            SELECT %(base)s + t.g, sub.subprocess_id, t.process_id, t.company_id,
                   op.id,
                   CASE WHEN i < t.steps OR t.state <> 'open' THEN op.id END,
                   st.started_at,
                   st.started_at + interval '2.5 hours' * sub.duration_hours,
                   CASE WHEN i < t.steps THEN t.opened_at + st.span * i / t.steps
                        WHEN t.state <> 'open' THEN t.closed_at END,
                   st.started_at, st.started_at, op.id, op.id
              FROM bench_ticket t
              CROSS JOIN LATERAL generate_series(1, t.steps) i
              CROSS JOIN LATERAL (
                  SELECT coalesce(t.closed_at, {now}) - t.opened_at AS span
              ) sp
              CROSS JOIN LATERAL (
                  SELECT t.opened_at + sp.span * (i - 1) / t.steps AS started_at,
                         sp.span
              ) st
              JOIN bench_sub sub ON sub.process_id = t.process_id AND sub.pos = i
              JOIN bench_operator op ON op.n = t.opener_n
             ORDER BY t.g, i
            """,
            {"base": self.ticket_base},
        )
        self.step(
            "service.ticket.current_step_id",
            """
            UPDATE service_ticket t SET current_step_id = s.id
              FROM service_ticket_step s
             WHERE s.ticket_id = t.id AND s.finished_at IS NULL
            """,
        )

    def work_orders(self):
        self.step(
            "service.work.order",
            """
            INSERT INTO service_work_order (
                name, ticket_id, company_id, technician_id, state, street,
                street_number, district, city, state_id, zip, condominium,
                description, scheduled_at, done_at, create_date, write_date,
                create_uid, write_uid)
            SELECT tk.work_order_names, tk.id, tk.company_id, tk.claimed_by_id,
                   CASE tk.work_order_status WHEN 'unscheduled' THEN 'draft'
                        ELSE tk.work_order_status END,
                   tk.street, tk.street_number, tk.district, tk.city, tk.state_id,
                   tk.zip, tk.condominium, 'Visita técnica.',
                   CASE WHEN tk.work_order_status <> 'unscheduled'
                        THEN tk.opened_at + interval '1 day' END,
                   CASE WHEN tk.work_order_status = 'done'
                        THEN coalesce(tk.closed_at, tk.opened_at + interval '1 day')
                   END,
                   tk.opened_at, tk.opened_at, tk.opened_by_id, tk.opened_by_id
              FROM service_ticket tk
             WHERE tk.work_order_status <> 'none'
            """,
        )

    def interactions(self, chunks=10):
        """~K rows per ticket: the event, its company and protocol (what an
        append-only row keeps of its ticket; the rest is read through the ticket)."""
        now = "(now() AT TIME ZONE 'UTC')"
        low, high = self.ticket_base, self.ticket_base + self.args.tickets
        size = -(-self.args.tickets // chunks)
        for start in range(low, high, size):
            self.step(
                f"service.interaction (tickets {start - low + 1}..)",
                f"""
                INSERT INTO service_interaction (
                    ticket_id, type_id, code, message, details, user_id, date,
                    company_id, protocol, logged_by_integration, create_date,
                    write_date, create_uid, write_uid)
                SELECT tk.id, it.id, it.code, it.name, NULL, tk.opened_by_id, d.date,
                       tk.company_id, tk.protocol, false,
                       d.date, d.date, tk.opened_by_id, tk.opened_by_id
                  FROM service_ticket tk
                  JOIN bench_ticket bt ON bt.g = tk.id - %(base)s
                  CROSS JOIN LATERAL generate_series(1, bt.interactions) i
                  CROSS JOIN LATERAL (
                      SELECT tk.opened_at + (coalesce(tk.closed_at, {now})
                             - tk.opened_at) * (i - 1) / bt.interactions AS date
                  ) d
                  JOIN bench_itype it ON it.n = 1 + (tk.id * 7 + i * 13)
                      %% (SELECT count(*) FROM bench_itype)
                 WHERE tk.id > %(start)s AND tk.id <= %(stop)s
                """,
                {
                    "base": self.ticket_base,
                    "start": start,
                    "stop": min(start + size, high),
                },
            )

    def finish(self, index_definitions):
        cr = self.cr
        for table in LOADED_TABLES:
            cr.execute(
                f"SELECT setval('{table}_id_seq', (SELECT max(id) FROM {table}))"
            )
        began = time.monotonic()
        for definition in index_definitions:
            cr.execute(definition)
        print(
            f"  recreated {len(index_definitions)} indexes "
            f"{time.monotonic() - began:37.1f} s",
            flush=True,
        )

    def check_append_only(self):
        """The load must leave the history append-only: its triggers in place."""
        self.cr.execute(
            """
            SELECT c.relname, count(t.oid) FILTER (WHERE t.tgenabled = 'O')
              FROM pg_class c
              LEFT JOIN pg_trigger t ON t.tgrelid = c.oid
               AND t.tgname LIKE c.relname || '_refuse_%%'
             WHERE c.relname IN ('service_interaction', 'service_sla_intervention')
             GROUP BY c.relname
            """
        )
        for table, enabled in self.cr.fetchall():
            if enabled != 2:
                raise SystemExit(f"{table}: its append-only triggers are missing.")
        print("  append-only triggers in place on the history tables")

    def run(self):
        self.check_empty()
        self.cr.execute("SET session_replication_role = replica")
        self.cr.execute("SET maintenance_work_mem = '512MB'")
        self.cr.execute("SET work_mem = '256MB'")
        self.reference_data()
        indexes = self.drop_secondary_indexes()
        self.partners()
        self.plan()
        self.tickets()
        self.steps()
        self.work_orders()
        self.interactions()
        self.cr.execute("SET session_replication_role = DEFAULT")
        self.finish(indexes)
        self.check_append_only()


def main():
    args = parse_args()
    began = time.monotonic()
    connection = psycopg2.connect(
        dbname=args.database, host=args.host, port=args.port, user=args.user
    )
    print(
        f"Generating {args.tickets} tickets, ~{args.interactions_per_ticket} "
        f"interactions each, into {args.database}"
    )
    with connection, connection.cursor() as cr:
        Generator(cr, args).run()
    # VACUUM sets the visibility map and hint bits, as autovacuum would have on a
    # live database: index-only scans and counts are then measured fairly
    connection.autocommit = True
    with connection.cursor() as cr:
        vacuum_began = time.monotonic()
        cr.execute(f"VACUUM (ANALYZE) {', '.join((*LOADED_TABLES, 'res_partner'))}")
        print(
            f"  VACUUM (ANALYZE) {time.monotonic() - vacuum_began:45.1f} s", flush=True
        )
    connection.close()
    print(f"Generation took {time.monotonic() - began:.1f} s")


if __name__ == "__main__":
    main()
