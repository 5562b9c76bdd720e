"""The first page of every panel costs a fixed number of queries, whatever the
number of its rows: no query per row (the N+1 that a million tickets would turn into
seconds). Each panel is opened the way the web client opens it — ``get_views`` of
its action, then ``web_search_read`` with the list's fields (``web_read_group`` for
the grouped list, the pivot's ``read_group`` per pair of headers) — as a supervisor
of a company where the panel lists a few rows, then as one where it lists many more
(still fewer than a page: a full page adds the client's capped count, once)."""

from datetime import datetime, timedelta

from freezegun import freeze_time
from lxml import etree

from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..models.service_panel import PANELS
from .common import PainelCase

# Wednesday 12 March 2025, 12:00 in São Paulo (UTC-3).
NOW = datetime(2025, 3, 12, 15, 0, 0)
PAGE_LIMIT = 80  # a list's default page
COUNT_LIMIT = 10001  # the web client's count limit (DEFAULT_COUNT_LIMIT + 1)
SIZES = (2, 15)  # tickets of each kind; at most 4 events each: under a page

# The queries of each panel's first page, warm caches (views, rules, groups), the
# ORM cache empty. They do not depend on the rows: one query per model read, not
# per record. A change that adds queries must say why here.
FIRST_PAGE_QUERIES = {
    "open_today": 16,
    "open_week": 16,
    "open_all": 16,
    "open_sla_late": 16,
    "open_interactions": 17,
    "open_step_deadlines": 16,
    "open_process_steps": 10,
    "open_synthetic": 14,
    "step_late_7d": 16,
    "step_late_15d": 16,
    "step_late_all": 16,
    "closed_today": 17,
    "closed_week": 17,
    "closed_30d": 17,
    "closed_30d_address": 17,
    "closed_late_30d": 17,
    "wo_opened_30d": 16,
    "wo_open": 16,
    "wo_late_30d": 16,
    "wo_address_30d": 16,
    "late_24h": 17,
    "late_week": 17,
    "late_30d": 17,
    "late_all": 17,
    "search_synthetic": 14,
    "search_advanced": 17,
    "reg_due_today": 16,
    "reg_due_48h": 16,
    "reg_breached": 16,
    "notice_pending": 13,
}


@tagged("post_install", "-at_install")
class TestPanelQueries(PainelCase):
    """Two companies with the same tickets, two or fifteen of each kind: every
    panel lists at least 2 rows to one supervisor and at least 15 to the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisors = {}
        with freeze_time(NOW):
            for size in SIZES:
                company = cls.env["res.company"].create({"name": f"Rede {size}"})
                cls.supervisors[size] = new_test_user(
                    cls.env,
                    login=f"supervisor_{size}",
                    groups="painel_atendimento.group_supervisor",
                    company_id=company.id,
                    company_ids=[company.id],
                    tz="America/Sao_Paulo",
                )
                cls._fill(company, size)

    @classmethod
    def _fill(cls, company, size):
        """``size`` open tickets in every open, step, work-order, late, search and
        regulation panel, and ``size`` closed ones in every closed and late
        panel."""
        calendar = company.resource_calendar_id
        policy = cls.env["service.sla.policy"].create(
            {
                "name": f"Panel queries {company.name}",
                "company_id": company.id,
                "resource_calendar_id": calendar.id,
                "target_hours": 1,
                "active": False,
            }
        )
        company_values = {
            "company_id": company.id,
            "process_id": cls.env["service.process"]
            .create(
                {
                    "name": f"Suporte {company.name}",
                    "company_id": company.id,
                    "subprocess_ids": [
                        (0, 0, {"name": "Triagem", "duration_hours": 2})
                    ],
                }
            )
            .id,
            "opening_classification_id": cls.env["service.classification"]
            .create(
                {"name": "Sem conexão", "kind": "opening", "company_id": company.id}
            )
            .id,
        }
        closing = cls.env["service.classification"].create(
            {"name": "Resolvido", "kind": "closing", "company_id": company.id}
        )
        opened_now = NOW - timedelta(minutes=5)
        for _n in range(size):
            # open, opened today, its SLA and its step late by a minute, with a
            # scheduled work order
            ticket = cls._create_ticket(opened_at=opened_now, **company_values)
            cls._late_sla(ticket, policy, NOW - timedelta(minutes=1))
            # Regulatório: its regulatory deadline in an hour, its notice failed
            ticket.sudo().write(
                {
                    "regulatory_deadline": NOW + timedelta(hours=1),
                    "protocol_notice_state": "failed",
                }
            )
            ticket.current_step_id.expected_end = NOW - timedelta(minutes=1)
            order = cls.env["service.work.order"].create({"ticket_id": ticket.id})
            order.write({"scheduled_at": NOW + timedelta(days=1)})
            order.action_schedule()
            # closed a minute ago, an hour after its deadline
            ticket = cls._create_ticket(
                opened_at=NOW - timedelta(hours=3), **company_values
            )
            cls._late_sla(ticket, policy, NOW - timedelta(hours=1))
            with freeze_time(NOW - timedelta(minutes=1)):
                ticket.action_close(closing)

    @classmethod
    def _late_sla(cls, ticket, policy, deadline):
        ticket._sla_write(
            {
                "sla_policy_id": policy.id,
                "sla_calendar_id": policy.resource_calendar_id.id,
                "sla_target_hours": 1,
                "sla_started_at": ticket.opened_at,
                "sla_deadline": deadline,
                "sla_state": "running",
            }
        )

    # ------------------------------------------------------------------ the client

    def _open_first_page(self, code, user):
        """What the web client asks when the panel opens; returns its row count."""
        action = self.env.ref(f"painel_atendimento.action_panel_{code}").sudo()
        context = safe_eval(action.context or "{}")
        model = (
            self.env[action.res_model]
            .with_user(user)
            .with_context(
                allowed_company_ids=user.company_ids.ids,
                tz=user.tz,
                lang=user.lang,
                **{key: value for key, value in context.items() if key != "group_by"},
            )
        )
        views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
        views.append((action.search_view_id.id, "search"))
        described = model.get_views(
            views, {"action_id": action.id, "load_filters": True, "toolbar": True}
        )
        first_view = action.view_ids.sorted("sequence")[:1]
        mode = first_view.view_mode
        arch = etree.fromstring(described["views"][mode]["arch"])
        domain = safe_eval(action.domain or "[]")
        if mode == "pivot":
            axes = {
                axis: [
                    f.get("name") for f in arch.iter("field") if f.get("type") == axis
                ]
                for axis in ("row", "col")
            }
            groups = []
            for rows in ([], axes["row"]):
                for cols in ([], axes["col"]):
                    groups = model.read_group(
                        domain, ["__count"], rows + cols, lazy=False
                    )
            return sum(group["__count"] for group in groups)
        group_by = context.get("group_by")
        if group_by:
            result = model.web_read_group(
                domain, [], group_by[:1], limit=PAGE_LIMIT, lazy=True
            )
            return sum(group[f"{group_by[0]}_count"] for group in result["groups"])
        fields = model._fields
        specification = {
            node.get("name"): (
                {"fields": {"display_name": {}}}
                if fields[node.get("name")].type == "many2one"
                else {}
            )
            for node in arch.iterchildren("field")
        }
        result = model.web_search_read(
            domain,
            specification,
            limit=PAGE_LIMIT,
            order=arch.get("default_order") or model._order,
            count_limit=COUNT_LIMIT,
        )
        return result["length"]

    def _count_queries(self, code, user):
        """(queries, rows) of the panel's first page, the ORM cache emptied."""
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        rows = self._open_first_page(code, user)
        self.env.flush_all()
        return self.cr.sql_log_count - before, rows

    def assertFirstPageConstant(self, code):
        with freeze_time(NOW):
            for user in self.supervisors.values():
                # the registry's caches (views, rules, groups) warm, as on a server;
                # from an empty record cache, so that every model read is warmed
                self.env.invalidate_all()
                self._open_first_page(code, user)
            counted = {
                size: self._count_queries(code, user)
                for size, user in self.supervisors.items()
            }
            for size, (_queries, rows) in counted.items():
                self.assertGreaterEqual(rows, size, f"{code}: too few rows")
                self.assertLess(rows, PAGE_LIMIT, f"{code}: a full page")
            small, large = (counted[size][0] for size in SIZES)
            self.assertEqual(
                small,
                large,
                f"{code}: {small} queries for the few rows, {large} for the many",
            )
            self.env.invalidate_all()
            with self.assertQueryCount(FIRST_PAGE_QUERIES[code]):
                self._open_first_page(code, self.supervisors[SIZES[-1]])

    def test_every_panel_is_counted(self):
        self.assertEqual(set(FIRST_PAGE_QUERIES), {panel.code for panel in PANELS})

    # ------------------------------------------------------------------ Abertos

    def test_open_today(self):
        self.assertFirstPageConstant("open_today")

    def test_open_week(self):
        self.assertFirstPageConstant("open_week")

    def test_open_all(self):
        self.assertFirstPageConstant("open_all")

    def test_open_sla_late(self):
        self.assertFirstPageConstant("open_sla_late")

    def test_open_interactions(self):
        self.assertFirstPageConstant("open_interactions")

    def test_open_step_deadlines(self):
        self.assertFirstPageConstant("open_step_deadlines")

    def test_open_process_steps(self):
        self.assertFirstPageConstant("open_process_steps")

    def test_open_synthetic(self):
        self.assertFirstPageConstant("open_synthetic")

    # ----------------------------------------------------------- Subprocessos atrasados

    def test_step_late_7d(self):
        self.assertFirstPageConstant("step_late_7d")

    def test_step_late_15d(self):
        self.assertFirstPageConstant("step_late_15d")

    def test_step_late_all(self):
        self.assertFirstPageConstant("step_late_all")

    # ------------------------------------------------------------------ Finalizados

    def test_closed_today(self):
        self.assertFirstPageConstant("closed_today")

    def test_closed_week(self):
        self.assertFirstPageConstant("closed_week")

    def test_closed_30d(self):
        self.assertFirstPageConstant("closed_30d")

    def test_closed_30d_address(self):
        self.assertFirstPageConstant("closed_30d_address")

    def test_closed_late_30d(self):
        self.assertFirstPageConstant("closed_late_30d")

    # ------------------------------------------------------------------ Em O.S.

    def test_wo_opened_30d(self):
        self.assertFirstPageConstant("wo_opened_30d")

    def test_wo_open(self):
        self.assertFirstPageConstant("wo_open")

    def test_wo_late_30d(self):
        self.assertFirstPageConstant("wo_late_30d")

    def test_wo_address_30d(self):
        self.assertFirstPageConstant("wo_address_30d")

    # ------------------------------------------------------------------ Atrasados

    def test_late_24h(self):
        self.assertFirstPageConstant("late_24h")

    def test_late_week(self):
        self.assertFirstPageConstant("late_week")

    def test_late_30d(self):
        self.assertFirstPageConstant("late_30d")

    def test_late_all(self):
        self.assertFirstPageConstant("late_all")

    # ------------------------------------------------------------------ Busca avançada

    def test_search_synthetic(self):
        self.assertFirstPageConstant("search_synthetic")

    def test_search_advanced(self):
        self.assertFirstPageConstant("search_advanced")

    # ------------------------------------------------------------------ Regulatório

    def test_reg_due_today(self):
        self.assertFirstPageConstant("reg_due_today")

    def test_reg_due_48h(self):
        self.assertFirstPageConstant("reg_due_48h")

    def test_reg_breached(self):
        # the same open tickets, their regulatory deadline an hour ago
        self.env["service.ticket"].search(
            [("regulatory_deadline", "=", NOW + timedelta(hours=1))]
        ).sudo().write({"regulatory_deadline": NOW - timedelta(hours=1)})
        self.assertFirstPageConstant("reg_breached")

    def test_notice_pending(self):
        self.assertFirstPageConstant("notice_pending")
