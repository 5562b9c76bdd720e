#!/usr/bin/env python3
"""Time every panel of the Painel de Atendimento through the ORM and in raw SQL.

For each panel code of ``models/service_panel.py`` (PANELS) it measures, as a
supervisor (not the superuser: record rules apply):

* ``count``: ``search_count([("panel", "=", code)])``, what the overview shows;
* ``page``: what the web client loads when the panel opens: ``web_search_read`` with
  the list view's fields and order, ``limit=80`` and ``count_limit=10001`` (or the
  ``web_read_group`` / pivot ``_read_group`` for grouped and pivot panels);

and the same questions written by hand in SQL on the same database, then the
overview (``service.panel.get_overview``) against all the SQL counts. Each number is
the median of ``--runs`` warm runs (one discarded warm-up first), in milliseconds.

    python3 benchmarks/bench_panels.py -c .odoo/odoo.conf -d painel_bench --runs 5

Odoo 18 must be importable by the interpreter (``import odoo``); ``-c`` is the Odoo
configuration of the database (``bin/run-tests`` and ``bin/serve-demo`` write one at
``.odoo/odoo.conf``). ``--explain CODE`` prints EXPLAIN (ANALYZE, BUFFERS) of the
queries the panel's first page sends to its table, instead of timing. The script only
reads, except that it creates the bench user (``bench.supervisor``) on its first run
and commits that.
"""

import argparse
import statistics
import sys
import time
from datetime import timedelta
from unittest.mock import patch

from lxml import etree

import odoo
from odoo import api
from odoo.sql_db import Cursor
from odoo.tools import SQL, config
from odoo.tools.safe_eval import safe_eval

BENCH_LOGIN = "bench.supervisor"
PAGE_LIMIT = 80
COUNT_LIMIT = 10001  # the web client's DEFAULT_COUNT_LIMIT + 1

# --------------------------------------------------------------------- raw SQL
# The same questions, written by hand. ``%(companies)s`` is the record rule.
LATE = (
    "((t.state = 'open' AND t.sla_deadline < %(now)s)"
    " OR (t.state = 'closed' AND t.sla_state = 'breached'))"
)
WO_30D = (
    "t.state <> 'cancelled' AND t.opened_at >= %(d30)s"
    " AND t.work_order_status <> 'none'"
)
# a running step belongs to an open ticket (the lifecycle guarantees it)
RUNNING_STEP = "s.finished_at IS NULL"
LATE_STEP = RUNNING_STEP + " AND s.expected_end < %(now)s"
SQL_WHERE = {
    "open_today": "t.state = 'open' AND t.opened_at >= %(today)s",
    "open_week": "t.state = 'open' AND t.opened_at >= %(d7)s",
    "open_all": "t.state = 'open'",
    "open_sla_late": "t.state = 'open' AND t.sla_deadline < %(now)s",
    # the event rows keep no copy of the ticket's state: asked through the ticket
    "open_interactions": "t.state = 'open'",
    "open_step_deadlines": RUNNING_STEP,
    "open_process_steps": RUNNING_STEP,
    "open_synthetic": "t.state = 'open'",
    "step_late_7d": LATE_STEP + " AND s.expected_end >= %(d7)s",
    "step_late_15d": LATE_STEP + " AND s.expected_end >= %(d15)s",
    "step_late_all": LATE_STEP,
    "closed_today": "t.state = 'closed' AND t.closed_at >= %(today)s",
    "closed_week": "t.state = 'closed' AND t.closed_at >= %(d7)s",
    "closed_30d": "t.state = 'closed' AND t.closed_at >= %(d30)s",
    "closed_30d_address": "t.state = 'closed' AND t.closed_at >= %(d30)s",
    "closed_late_30d": "t.state = 'closed' AND t.closed_at >= %(d30)s"
    " AND t.sla_state = 'breached'",
    "wo_opened_30d": WO_30D,
    "wo_open": "t.state <> 'cancelled'"
    " AND t.work_order_status IN ('unscheduled', 'scheduled')",
    "wo_late_30d": WO_30D + " AND " + LATE,
    "wo_address_30d": WO_30D,
    "late_24h": LATE + " AND t.sla_deadline >= %(d1)s",
    "late_week": LATE + " AND t.sla_deadline >= %(d7)s",
    "late_30d": LATE + " AND t.sla_deadline >= %(d30)s",
    "late_all": LATE,
    "search_synthetic": "t.opened_at >= %(d180)s",
    "search_advanced": "true",
}
SQL_FROM = {
    "service.ticket": "service_ticket t",
    "service.ticket.step": "service_ticket_step s",
    "service.interaction": "service_interaction i"
    " JOIN service_ticket t ON t.id = i.ticket_id",
}
SQL_COMPANY = {
    "service.ticket": "t.company_id IN %(companies)s",
    "service.ticket.step": "s.company_id IN %(companies)s",
    "service.interaction": "i.company_id IN %(companies)s",
}


def _name(alias):
    return f"{alias}.name->>'en_US'"


def _user(alias):
    """Join a res.users many2one's display name (the user's partner)."""
    return (
        f"LEFT JOIN res_users {alias}u ON {alias}u.id = {{col}}"
        f" LEFT JOIN res_partner {alias} ON {alias}.id = {alias}u.partner_id"
    )


def _joins(**columns):
    """LEFT JOINs of the many2ones the list shows: alias -> (table, column); a
    res_users many2one joins its partner for the name."""
    joins = []
    for alias, (table, column) in columns.items():
        if table == "res_users":
            joins.append(_user(alias).format(col=column))
        else:
            joins.append(f"LEFT JOIN {table} {alias} ON {alias}.id = {column}")
    return "\n          ".join(joins)


# The columns a panel's list shows (hidden optional ones included: the web client
# fetches every field of the arch), with the names of its many2ones, joined to the
# page's ids (PAGE_IDS: the panel's rows in order, limited to the page), as one
# would write it by hand.
_TICKET_NAMES = f"""pa.name, pa.vat, cl.name, ob.name, cb.name, {_name("pr")},
               {_name("sp")}, {_name("oc")}, {_name("cc")}, co.name, {_name("og")},
               {_name("tm")}"""
_TICKET_JOINS = _joins(
    pa=("res_partner", "t.partner_id"),
    cl=("res_users", "t.claimed_by_id"),
    ob=("res_users", "t.opened_by_id"),
    cb=("res_users", "t.closed_by_id"),
    pr=("service_process", "t.process_id"),
    sp=("service_subprocess", "t.subprocess_id"),
    oc=("service_classification", "t.opening_classification_id"),
    cc=("service_classification", "t.closing_classification_id"),
    co=("res_company", "t.company_id"),
    og=("service_contact_origin", "t.origin_id"),
    tm=("service_team", "t.team_id"),
)
SQL_PAGE = {
    "service.ticket": f"""
        SELECT t.id, t.protocol, t.opened_at, t.closed_at, t.sla_deadline,
               t.sla_state, t.state, t.work_order_status, t.work_order_names,
               t.city, t.district, t.street, t.condominium, t.sla_calendar_id,
               {_TICKET_NAMES}
          FROM service_ticket t
          JOIN (PAGE_IDS) page ON page.id = t.id
          {_TICKET_JOINS}
    """,
    "service.ticket.step": f"""
        SELECT s.id, s.ticket_id, s.expected_end, s.finished_at, s.started_at,
               t.protocol, t.opened_at, t.city, t.district, t.street,
               pa.name, pa.vat, cl.name, ob.name, su.name, {_name("pr")},
               {_name("sp")}, co.name, {_name("og")}, {_name("tm")}
          FROM service_ticket_step s
          JOIN (PAGE_IDS) page ON page.id = s.id
          JOIN service_ticket t ON t.id = s.ticket_id
          {
        _joins(
            pa=("res_partner", "t.partner_id"),
            cl=("res_users", "t.claimed_by_id"),
            ob=("res_users", "t.opened_by_id"),
            su=("res_users", "s.user_id"),
            pr=("service_process", "s.process_id"),
            sp=("service_subprocess", "s.subprocess_id"),
            co=("res_company", "s.company_id"),
            og=("service_contact_origin", "t.origin_id"),
            tm=("service_team", "t.team_id"),
        )
    }
    """,
    # the ticket's current columns are read through the ticket (the event row
    # keeps only its company and protocol)
    "service.interaction": f"""
        SELECT i.id, i.ticket_id, i.message, i.protocol, i.date, i.details,
               t.sla_deadline, t.sla_state, t.state, pa.name, pa.vat, cl.name,
               iu.name, {_name("pr")}, {_name("sp")}, {_name("oc")}, co.name,
               {_name("ty")}
          FROM service_interaction i
          JOIN (PAGE_IDS) page ON page.id = i.id
          JOIN service_ticket t ON t.id = i.ticket_id
          {
        _joins(
            pa=("res_partner", "t.partner_id"),
            cl=("res_users", "t.claimed_by_id"),
            iu=("res_users", "i.user_id"),
            pr=("service_process", "t.process_id"),
            sp=("service_subprocess", "t.subprocess_id"),
            oc=("service_classification", "t.opening_classification_id"),
            co=("res_company", "i.company_id"),
            ty=("service_interaction_type", "i.type_id"),
        )
    }
    """,
}
SQL_ORDER = {
    "opened_at desc, id desc": "t.opened_at DESC, t.id DESC",
    "closed_at desc": "t.closed_at DESC",
    "sla_deadline desc": "t.sla_deadline DESC",
    "expected_end": "s.expected_end",
    "date desc, id desc": "i.date DESC, i.id DESC",
}
SQL_GROUP = {
    "pivot": "GROUPING SETS ((), (t.process_id), (t.origin_id),"
    " (t.process_id, t.origin_id))",
    "grouped": "s.process_id",
}
SQL_GROUP_COLUMNS = {"pivot": "t.process_id, t.origin_id", "grouped": "s.process_id"}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", default="painel_bench")
    parser.add_argument("--runs", type=int, default=5, help="timed warm runs")
    parser.add_argument("--panels", help="comma-separated panel codes (all)")
    parser.add_argument("--explain", metavar="CODE", help="EXPLAIN one panel")
    return parser.parse_args()


def median_ms(function, runs):
    function()  # warm-up, discarded
    times = []
    for _run in range(runs):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


class PanelBench:
    def __init__(self, env, runs):
        self.env = env
        self.runs = runs
        clock = env["service.panel"]._panel_clock()
        self.params = {
            "now": clock.now,
            "today": clock.today,
            "companies": tuple(env.companies.ids),
            **{f"d{days}": clock.days_ago(days) for days in (1, 7, 15, 30, 180)},
        }

    # ------------------------------------------------------------ what the UI loads

    def first_view(self, code):
        """(kind, fields, order, groupby) of the view the panel's action opens."""
        # the web client loads actions as superuser too (/web/action/load)
        action = self.env.ref(f"painel_atendimento.action_panel_{code}").sudo()
        view = action.view_ids.sorted("sequence")[:1]
        model = self.env[action.res_model]
        mode = view.view_mode or action.view_mode.split(",")[0]
        views = model.get_views([(view.view_id.id, mode)])
        arch = etree.fromstring(views["views"][mode]["arch"])
        context = safe_eval(action.context or "{}", action._get_eval_context())
        group_by = context.get("group_by")
        if mode == "pivot":
            axes = {
                axis: [
                    f.get("name") for f in arch.iter("field") if f.get("type") == axis
                ]
                for axis in ("row", "col")
            }
            return "pivot", axes, None, None
        names = [f.get("name") for f in arch.findall("field")]
        order = arch.get("default_order") or model._order
        return ("grouped" if group_by else "list"), names, order, group_by

    def specification(self, model, names):
        spec = {}
        for name in names:
            field = model._fields[name]
            spec[name] = (
                {"fields": {"display_name": {}}} if field.type == "many2one" else {}
            )
        return spec

    def orm_page(self, code):
        model_name = next(p.model for p in self.panels if p.code == code)
        model = self.env[model_name]
        kind, names, order, group_by = self.first_view(code)
        domain = [("panel", "=", code)]
        if kind == "pivot":
            # the pivot asks one read_group per pair of row and column headers:
            # (), (row), (col), (row, col)
            groupbys = [
                rows + cols
                for rows in ([], names["row"])
                for cols in ([], names["col"])
            ]

            def pivot():
                for groupby in groupbys:
                    model.read_group(domain, ["__count"], groupby, lazy=False)

            return kind, None, pivot
        if kind == "grouped":
            return (
                kind,
                None,
                lambda: model.web_read_group(
                    domain, [], group_by[:1], limit=PAGE_LIMIT, lazy=True
                ),
            )
        spec = self.specification(model, names)
        return (
            kind,
            order,
            lambda: model.web_search_read(
                domain, spec, limit=PAGE_LIMIT, order=order, count_limit=COUNT_LIMIT
            ),
        )

    # ------------------------------------------------------------ measurements

    def run_orm(self, function):
        def fresh():
            self.env.invalidate_all()
            return function()

        return median_ms(fresh, self.runs)

    def run_sql(self, query):
        cr = self.env.cr

        def execute():
            cr.execute(query, self.params)
            return cr.fetchall()

        return median_ms(execute, self.runs)

    def sql_count(self, panel):
        return (
            f"SELECT count(*) FROM {SQL_FROM[panel.model]} "
            f"WHERE {SQL_COMPANY[panel.model]} AND {SQL_WHERE[panel.code]}"
        )

    def sql_page(self, panel, kind, order):
        where = f"{SQL_COMPANY[panel.model]} AND {SQL_WHERE[panel.code]}"
        if kind in SQL_GROUP:
            groups = SQL_GROUP[kind]
            return (
                f"SELECT {SQL_GROUP_COLUMNS[kind]}, count(*) "
                f"FROM {SQL_FROM[panel.model]} WHERE {where} GROUP BY {groups}"
            )
        # the page, then the web client's count capped at 10001
        alias = SQL_FROM[panel.model].split()[1]
        page_ids = (
            f"SELECT {alias}.id FROM {SQL_FROM[panel.model]} WHERE {where} "
            f"ORDER BY {SQL_ORDER[order]} LIMIT {PAGE_LIMIT}"
        )
        return (
            f"{SQL_PAGE[panel.model].replace('PAGE_IDS', page_ids)} "
            f"ORDER BY {SQL_ORDER[order]}; "
            f"SELECT count(*) FROM (SELECT 1 FROM {SQL_FROM[panel.model]} "
            f"WHERE {where} LIMIT {COUNT_LIMIT}) capped"
        )

    def bench_panel(self, panel):
        model = self.env[panel.model]
        domain = [("panel", "=", panel.code)]
        rows = model.search_count(domain)
        self.env.cr.execute(self.sql_count(panel), self.params)
        sql_rows = self.env.cr.fetchone()[0]
        kind, order, function = self.orm_page(panel.code)
        return {
            "code": panel.code,
            "model": panel.model,
            "rows": rows,
            "sql_rows": sql_rows,
            "kind": kind,
            "orm_count": self.run_orm(lambda: model.search_count(domain)),
            "sql_count": self.run_sql(self.sql_count(panel)),
            "orm_page": self.run_orm(function),
            "sql_page": self.run_sql(self.sql_page(panel, kind, order)),
        }

    def bench_overview(self):
        panel_env = self.env["service.panel"]
        queries = "; ".join(self.sql_count(panel) for panel in self.panels)
        return (
            self.run_orm(panel_env.get_overview),
            self.run_sql(queries),
        )

    # ------------------------------------------------------------ explain

    def explain(self, code):
        """EXPLAIN (ANALYZE, BUFFERS) of what the panel's first page asks of its
        table: every query of the page (search, capped count, read; or the pivot's
        read_groups) that reads the panel's model, captured as the ORM sends it."""
        panel = next(p for p in self.panels if p.code == code)
        table = self.env[panel.model]._table
        _kind, _order, function = self.orm_page(code)
        captured = []
        execute = Cursor.execute

        def capture(cr, query, params=None, log_exceptions=None):
            if isinstance(query, SQL):
                query, params = query.code, query.params
            if query.lstrip().upper().startswith("SELECT") and f'"{table}"' in query:
                captured.append((query, params))
            return execute(cr, query, params, log_exceptions)

        self.env.invalidate_all()
        with patch.object(Cursor, "execute", capture):
            function()
        for query, params in captured:
            print(f"-- {code} (ORM)\n{self.env.cr.mogrify(query, params).decode()}")
            self.env.cr.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query}", params)
            print("\n".join(row[0] for row in self.env.cr.fetchall()), "\n")

    @property
    def panels(self):
        from odoo.addons.painel_atendimento.models.service_panel import PANELS

        return PANELS


def bench_user(env):
    """A supervisor of every company with tickets, created once."""
    user = env["res.users"].search([("login", "=", BENCH_LOGIN)])
    if not user:
        groups = env["service.ticket"]._read_group([], ["company_id"])
        companies = env["res.company"].concat(*(company for (company,) in groups))
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Bench Supervisor",
                    "login": BENCH_LOGIN,
                    "tz": "America/Sao_Paulo",
                    "company_id": companies[:1].id,
                    "company_ids": [(6, 0, companies.ids)],
                    "groups_id": [
                        (4, env.ref("painel_atendimento.group_supervisor").id)
                    ],
                }
            )
        )
        env.cr.commit()
    return user


def print_table(results, overview, runs):
    header = (
        f"{'panel':<21} {'model':<20} {'rows':>9} "
        f"{'count ORM':>10} {'count SQL':>10} {'ratio':>6} "
        f"{'page ORM':>9} {'page SQL':>9} {'ratio':>6}"
    )
    print(f"\nMedian of {runs} warm runs, milliseconds (page = first screen)\n")
    print(header)
    print("-" * len(header))
    for r in results:
        flag = "" if r["rows"] == r["sql_rows"] else f"  SQL rows {r['sql_rows']}!"
        page = r["kind"] if r["kind"] != "list" else ""
        print(
            f"{r['code']:<21} {r['model']:<20} {r['rows']:>9} "
            f"{r['orm_count']:>10.1f} {r['sql_count']:>10.1f} "
            f"{r['orm_count'] / r['sql_count']:>6.1f} "
            f"{r['orm_page']:>9.1f} {r['sql_page']:>9.1f} "
            f"{r['orm_page'] / r['sql_page']:>6.1f} {page}{flag}"
        )
    if overview:
        orm, sql = overview
        print("-" * len(header))
        print(
            f"{'overview (all counts)':<21} {'':<20} {'':>9} "
            f"{orm:>10.1f} {sql:>10.1f} {orm / sql:>6.1f}"
        )


def main():
    args = parse_args()
    config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        user = bench_user(env)
        env = api.Environment(
            cr,
            user.id,
            {"allowed_company_ids": user.company_ids.ids, "tz": user.tz},
        )
        bench = PanelBench(env, args.runs)
        if args.explain:
            bench.explain(args.explain)
            return
        codes = args.panels.split(",") if args.panels else None
        results = []
        began = time.monotonic()
        for panel in bench.panels:
            if codes and panel.code not in codes:
                continue
            results.append(bench.bench_panel(panel))
            print(f"  {panel.code} done", file=sys.stderr, flush=True)
        overview = None if codes else bench.bench_overview()
        print_table(results, overview, args.runs)
        total = timedelta(seconds=round(time.monotonic() - began))
        print(
            f"\n(benchmark took {total}; tickets: "
            f"{env['service.ticket'].sudo().search_count([])})"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
