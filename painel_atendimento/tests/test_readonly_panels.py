"""Every panel read can be served by a PostgreSQL read replica.

With ``db_replica_host`` set, Odoo 18 serves a request on a read-only cursor of the
replica when its route is read-only: ``/web/action/load``, and ``/web/dataset/call_kw``
or ``call_button`` when the method called is marked ``@api.readonly``. A read-only
request that writes fails there, and Odoo silently runs it again on the primary
("ro->rw" in its log): a write on a read path doubles the work and loads the primary.

What the web client reads to show a panel (its action, its views, the first page of
every view but the form, the grouped reads of a grouped list, the pivot's and the
graph's groups, the count), the overview, and the results of both search wizards:

* are calls of read-only methods, by Odoo's own routing rule;
* run as the demo supervisor on a read-only cursor, where PostgreSQL refuses any write;
* over JSON-RPC, are served on a read-only cursor from start to end ("ro": no retry on
  the primary). The search wizards' own save and "Apply" button write a transient
  record and read it back: they go to the primary, as any write (benchmarks/replica).
"""

import threading
from unittest.mock import patch

import psycopg2
from lxml import etree

import odoo.http
from odoo import api
from odoo.tests import tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.web.controllers.action import Action

from ..models.service_panel import PANELS
from .common import RpcCase

PAGE_LIMIT = 80  # the list's first page
COUNT_LIMIT = 10001  # the web client's DEFAULT_COUNT_LIMIT + 1
RELATIONAL = ("many2one", "one2many", "many2many")
# every method the web client calls to show a panel (see PanelVisit)
PANEL_READS = {
    "get_views",
    "web_search_read",
    "web_read_group",
    "read_group",
    "search_count",
}
WIZARDS = (
    ("service.ticket.synthetic.search", {"search_by": "period"}),
    ("service.ticket.advanced.search", {"search_by": "closed"}),
)


def readonly_method(registry, model, method):
    """Odoo's rule for ``call_kw`` and ``call_button`` (web's
    ``DataSet._call_kw_readonly``): the request runs on the replica when the first
    class of the model's MRO that says anything marks the method ``@api.readonly``."""
    for cls in registry[model].mro():
        function = getattr(cls, method, None)
        if function is not None and hasattr(function, "_readonly"):
            return function._readonly
    return False


def _evaluated(value, default):
    if isinstance(value, str):
        return safe_eval(value) if value.strip() else default
    return value or default


class PanelVisit:
    """What the web client asks the server when a window action opens: its views
    (``get_views``), then for each view but the form the first screen — the list's
    first page (``web_search_read``), or the grouped list's groups and the first
    group's rows (``web_read_group``), the pivot's groups (``read_group``), the
    graph's (``web_read_group``) — and the count of the action's records.

    ``call(model, method, *args, context=..., **kwargs)`` reaches the server and
    answers the method's result. ``calls`` lists the (model, method) called.
    """

    def __init__(self, call):
        self._call = call
        self.calls = []

    def call(self, model, method, *args, **kwargs):
        self.calls.append((model, method))
        return self._call(model, method, *args, **kwargs)

    def open(self, action):
        model = action["res_model"]
        domain = _evaluated(action.get("domain"), [])
        context = _evaluated(action.get("context"), {})
        views = [[view_id, mode] for view_id, mode in action["views"] if mode != "form"]
        search_view = action.get("search_view_id")
        search_view = (
            search_view[0] if isinstance(search_view, list | tuple) else search_view
        )
        loaded = self.call(
            model,
            "get_views",
            views=views + [[search_view or False, "search"]],
            options={"action_id": action.get("id"), "load_filters": True},
            context=context,
        )
        fields_info = loaded["models"][model]["fields"]
        for _view_id, mode in views:
            arch = etree.fromstring(loaded["views"][mode]["arch"])
            if mode in ("list", "kanban"):  # kanban: the panels' cards on a phone
                self._list(model, domain, context, arch, fields_info)
            elif mode == "pivot":
                self._pivot(model, domain, context, arch)
            elif mode == "graph":
                self._graph(model, domain, context, arch)
            else:
                raise AssertionError(f"no first screen known for a {mode} view")
        return self.call(model, "search_count", domain, context=context)

    def _list(self, model, domain, context, arch, fields_info):
        spec = {
            node.get("name"): (
                {"fields": {"display_name": {}}}
                if fields_info[node.get("name")]["type"] in RELATIONAL
                else {}
            )
            for node in arch.iter("field")
        }
        order = arch.get("default_order") or ""
        group_by = context.get("group_by") or []
        for level, field_name in enumerate(group_by):
            groups = self.call(
                model,
                "web_read_group",
                domain,
                [],
                [field_name],
                limit=PAGE_LIMIT,
                lazy=True,
                context=context,
            )["groups"]
            if not groups:
                return
            # the web client opens no group by itself: the operator opens the first
            domain = groups[0]["__domain"]
            if level == len(group_by) - 1:
                break
        self.call(
            model,
            "web_search_read",
            domain,
            spec,
            limit=PAGE_LIMIT,
            order=order,
            count_limit=COUNT_LIMIT,
            context=context,
        )

    def _pivot(self, model, domain, context, arch):
        rows = [
            node.get("name") for node in arch.iter("field") if node.get("type") == "row"
        ]
        cols = [
            node.get("name") for node in arch.iter("field") if node.get("type") == "col"
        ]
        # the totals, the row headers, the column headers and the cells
        for group_by in ([], rows[:1], cols[:1], rows[:1] + cols[:1]):
            self.call(
                model,
                "read_group",
                domain,
                ["__count"],
                group_by,
                lazy=False,
                context=context,
            )

    def _graph(self, model, domain, context, arch):
        group_by = [
            node.get("name")
            for node in arch.iter("field")
            if node.get("type") != "measure"
        ]
        self.call(
            model,
            "web_read_group",
            domain,
            ["__count"],
            group_by,
            lazy=False,
            context=context,
        )


@tagged("post_install", "-at_install")
class TestReadonlyPanels(RpcCase):
    """The panels, the overview and the search results as the demo supervisor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = cls.users["supervisor"]

    # ------------------------------------------------------------------ routing

    def test_panel_reads_are_readonly_methods(self):
        """Odoo routes these calls to the replica, and only these."""
        registry = self.registry
        for model in sorted({panel.model for panel in PANELS}):
            for method in sorted(PANEL_READS):
                with self.subTest(model=model, method=method):
                    self.assertTrue(
                        readonly_method(registry, model, method),
                        f"{model}.{method} would be served by the primary",
                    )
        self.assertTrue(readonly_method(registry, "service.panel", "get_overview"))
        self.assertTrue(
            readonly_method(registry, "service.ticket", "action_panel_refresh")
        )
        self.assertIs(Action.load.original_routing["readonly"], True)
        for model, _values in WIZARDS:
            # the button reads the wizard it just saved: on the primary, where the
            # save went (a replica may not have it yet)
            self.assertFalse(readonly_method(registry, model, "action_search"))

    # ------------------------------------------------------------------ cursor

    def _readonly_env(self, cr):
        user = self.supervisor
        self.assertTrue(cr.readonly, "the registry gave no read-only cursor")
        return api.Environment(
            cr,
            user.id,
            {
                "lang": "en_US",
                "tz": user.tz,
                "allowed_company_ids": user.company_ids.ids,
            },
        )

    def _in_process(self, env):
        def call(model, method, *args, context=None, **kwargs):
            records = env[model].with_context(**(context or {}))
            return api.call_kw(records, method, list(args), kwargs)

        return call

    def test_the_readonly_cursor_refuses_writes(self):
        """The cursor the next tests read on is really read-only."""
        cr = self.registry.cursor(readonly=True)
        try:
            self._readonly_env(cr)
            cr.execute("SHOW transaction_read_only")
            self.assertEqual(cr.fetchone()[0], "on")
            with (
                mute_logger("odoo.sql_db"),
                self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
            ):
                cr.execute("UPDATE service_ticket SET city = city")
        finally:
            cr.close()

    def test_panels_on_a_readonly_cursor(self):
        self.env.flush_all()
        read = 0
        for panel in PANELS:
            with (
                self.subTest(panel=panel.code),
                self.registry.cursor(readonly=True) as cr,
            ):
                env = self._readonly_env(cr)
                action = env["ir.actions.act_window"]._for_xml_id(
                    f"painel_atendimento.action_panel_{panel.code}"
                )
                visit = PanelVisit(self._in_process(env))
                count = visit.open(action)
                self.assertEqual(
                    count,
                    env[panel.model].search_count([("panel", "=", panel.code)]),
                )
                self.assertLessEqual({m for _model, m in visit.calls}, PANEL_READS)
                read += count
        self.assertTrue(read, "the demo data shows nothing in any panel")
        with self.registry.cursor(readonly=True) as cr:
            env = self._readonly_env(cr)
            tabs = env["service.panel"].get_overview()
        self.assertEqual(
            sum(len(tab["panels"]) for tab in tabs),
            len(PANELS),
            "the supervisor sees every panel in the overview",
        )

    def test_search_results_on_a_readonly_cursor(self):
        for model, values in WIZARDS:
            with self.subTest(wizard=model):
                # the wizard is saved and its button run where writes go
                wizard = self.env[model].with_user(self.supervisor).create(values)
                action = wizard.action_search()
                self.env.flush_all()
                with self.registry.cursor(readonly=True) as cr:
                    env = self._readonly_env(cr)
                    count = PanelVisit(self._in_process(env)).open(action)
                    self.assertEqual(
                        count, env["service.ticket"].search_count(action["domain"])
                    )

    # ------------------------------------------------------------------ JSON-RPC

    def _spy_cursor_modes(self):
        """Record, for each request the server serves, the cursor it ended on:
        "ro" (read-only from start to end: the replica), "ro->rw" (a write on a
        read-only request made Odoo run it again on the primary) or "rw"."""
        modes = []
        transactioning = odoo.http.Request._transactioning

        def spy(request, func, readonly):
            try:
                return transactioning(request, func, readonly)
            finally:
                modes.append(
                    (
                        request.httprequest.path,
                        getattr(threading.current_thread(), "cursor_mode", None),
                    )
                )

        self.startPatcher(patch.object(odoo.http.Request, "_transactioning", spy))
        return modes

    def _rpc(self, modes):
        """``PanelVisit``'s ``call`` over JSON-RPC as the supervisor; each call must
        be served read-only."""

        def call(model, method, *args, context=None, **kwargs):
            del modes[:]
            answer = self.call(
                "supervisor", model, method, *args, context=context, **kwargs
            )
            result = self.assertAllowed(answer, f"{model}.{method}")
            self.assertEqual(
                [mode for _path, mode in modes],
                ["ro"],
                f"{model}.{method} was not served read-only: {modes}",
            )
            return result

        return call

    def _load_action(self, modes, xmlid):
        del modes[:]
        answer = self.post_json(
            "/web/action/load",
            {"action_id": xmlid, "context": self.client_context("supervisor")},
        )
        self.assertEqual([mode for _path, mode in modes], ["ro"], xmlid)
        return self.assertAllowed(answer, xmlid)

    def test_panels_over_json_rpc_are_served_readonly(self):
        self.login("supervisor")
        modes = self._spy_cursor_modes()
        overview = self._load_action(modes, "painel_atendimento.action_panel_overview")
        self.assertEqual(overview["tag"], "painel_atendimento.panel_overview")
        tabs = self._rpc(modes)("service.panel", "get_overview")
        counts = {
            panel["code"]: panel["count"] for tab in tabs for panel in tab["panels"]
        }
        self.assertEqual(set(counts), {panel.code for panel in PANELS})
        for panel in PANELS:
            with self.subTest(panel=panel.code):
                action = self._load_action(
                    modes, f"painel_atendimento.action_panel_{panel.code}"
                )
                count = PanelVisit(self._rpc(modes)).open(action)
                self.assertEqual(count, counts[panel.code])

    def test_search_results_over_json_rpc_are_served_readonly(self):
        self.login("supervisor")
        modes = self._spy_cursor_modes()
        for model, values in WIZARDS:
            with self.subTest(wizard=model):
                # the dialog's "Apply": web_save, then call_button on the saved id
                del modes[:]
                saved = self.assertAllowed(
                    self.call("supervisor", model, "web_save", [], values, {}), model
                )
                action = self.assertAllowed(
                    self.post_json(
                        "/web/dataset/call_button",
                        {
                            "model": model,
                            "method": "action_search",
                            "args": [[saved[0]["id"]]],
                            "kwargs": {"context": self.client_context("supervisor")},
                        },
                    ),
                    model,
                )
                self.assertEqual(
                    [mode for _path, mode in modes], ["rw", "rw"], "save and button"
                )
                PanelVisit(self._rpc(modes)).open(action)
