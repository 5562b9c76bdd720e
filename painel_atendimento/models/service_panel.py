"""The panels of the Painel de Atendimento: the one place that says what each means.

A panel is a code, the model it lists, its tab, its name and a domain builder. The
models expose a searchable ``panel`` field (see ``service.panel.mixin``) so that
``search([("panel", "=", code)])`` returns the panel's records at the moment of the
search; window actions, menus, the overview counts and the tests all go through it.
Domains only compare stored, indexed fields with moments computed here, so a panel is
one indexed query whatever the number of tickets.
"""

from collections import namedtuple
from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

TICKET = "service.ticket"
STEP = "service.ticket.step"
INTERACTION = "service.interaction"

TABS = (
    ("open", _lt("Open Tickets")),
    ("step_late", _lt("Late Subprocesses")),
    ("closed", _lt("Closed Tickets")),
    ("work_order", _lt("In Work Order")),
    ("late", _lt("Late Tickets")),
    ("search", _lt("Ticket Search")),
    ("regulation", _lt("Regulation")),
)


class PanelClock:
    """The moments the periods of the panels are measured from, for one search.

    ``today`` is the operator's local midnight; the "last N days" periods are
    rolling (now minus N days), like the spec's "últimos 7 dias". All values are
    naive UTC, comparable with the stored datetimes.
    """

    def __init__(self, now, tz):
        self.now = now
        local_now = pytz.utc.localize(now).astimezone(tz)
        midnight = tz.localize(datetime.combine(local_now.date(), time.min))
        self.today = midnight.astimezone(pytz.utc).replace(tzinfo=None)

    def days_ago(self, days):
        return self.now - timedelta(days=days)


# ``tally``, when given, is how the overview counts the panel without visiting its
# rows: (model, domain builder, aggregate), the panel's count being the aggregate
# over that model's records as the user sees them.
Panel = namedtuple("Panel", "code model tab name domain tally", defaults=(None,))

_OPEN = [("state", "=", "open")]
_CLOSED = [("state", "=", "closed")]
# Cancelled tickets are neither open, closed nor late: they only show in the search.
_NOT_CANCELLED = [("state", "!=", "cancelled")]
_SLA_LATE = [("is_sla_late", "=", True)]
_WITH_WORK_ORDER = [("work_order_status", "!=", "none")]
# Closing and cancelling finish the running step and reopening starts none, so a
# running step belongs to an open ticket: no join on the ticket's state (measured).
_RUNNING_STEP = [("finished_at", "=", False)]


def _late_step(clock):
    # is_late already means running: repeating finished_at misleads the planner's
    # row estimate into a slow plan (benchmarks/README.md)
    return [("is_late", "=", True)]


def _late_ticket_since(clock, days=None):
    """Late tickets (open, or closed after the deadline) whose deadline passed in
    the last ``days``; is_sla_late never holds for a cancelled ticket."""
    period = [("sla_deadline", ">=", clock.days_ago(days))] if days else []
    return _SLA_LATE + period


def _opened_since(clock, days):
    return [("opened_at", ">=", clock.days_ago(days))]


def _closed_since(moment):
    return _CLOSED + [("closed_at", ">=", moment)]


def _protocol_notice_pending(clock):
    """The notice failed, is still unsent 24 hours after the record, or went after
    them (in the last 30 days)."""
    return [
        "|",
        "|",
        ("protocol_notice_state", "=", "failed"),
        "&",
        ("protocol_notice_state", "=", "pending"),
        ("protocol_notice_due_at", "<", clock.now),
        "&",
        ("protocol_notice_late", "=", True),
        ("opened_at", ">=", clock.days_ago(30)),
    ]


def _regulatory_due_before(clock, moment):
    """Open tickets whose regulatory deadline is still ahead, up to ``moment``."""
    return _OPEN + [
        ("regulatory_deadline", ">=", clock.now),
        ("regulatory_deadline", "<", moment),
    ]


# In the spec's order: the overview, the menus and the tests follow it.
PANELS = (
    Panel(
        "open_today",
        TICKET,
        "open",
        _lt("Opened Today"),
        lambda c: _OPEN + [("opened_at", ">=", c.today)],
    ),
    Panel(
        "open_week",
        TICKET,
        "open",
        _lt("Opened This Week"),
        lambda c: _OPEN + _opened_since(c, 7),
    ),
    Panel("open_all", TICKET, "open", _lt("All Open"), lambda c: list(_OPEN)),
    Panel(
        "open_sla_late",
        TICKET,
        "open",
        _lt("Open with Late SLA"),
        lambda c: _OPEN + _SLA_LATE,
    ),
    Panel(
        "open_interactions",
        INTERACTION,
        "open",
        _lt("Operator Interactions"),
        lambda c: [("ticket_id.state", "=", "open")],
        # the events of the open tickets, counted by the tickets: the event rows
        # are append-only and keep no copy of the ticket's state, so counting
        # them is one index lookup per open ticket in the ten-million-row log
        # (benchmarks/README.md); the record rules of events follow their ticket's
        tally=(TICKET, lambda c: list(_OPEN), "interaction_count:sum"),
    ),
    Panel(
        "open_step_deadlines",
        STEP,
        "open",
        _lt("Subprocess Deadlines"),
        lambda c: list(_RUNNING_STEP),
    ),
    Panel(
        "open_process_steps",
        STEP,
        "open",
        _lt("Process x Subprocess"),
        lambda c: list(_RUNNING_STEP),
    ),
    Panel(
        "open_synthetic",
        TICKET,
        "open",
        _lt("Synthetic Chart"),
        lambda c: list(_OPEN),
    ),
    Panel(
        "step_late_7d",
        STEP,
        "step_late",
        _lt("Late Subprocesses (7 Days)"),
        lambda c: _late_step(c) + [("expected_end", ">=", c.days_ago(7))],
    ),
    Panel(
        "step_late_15d",
        STEP,
        "step_late",
        _lt("Late Subprocesses (15 Days)"),
        lambda c: _late_step(c) + [("expected_end", ">=", c.days_ago(15))],
    ),
    Panel(
        "step_late_all",
        STEP,
        "step_late",
        _lt("All Late Subprocesses"),
        _late_step,
    ),
    Panel(
        "closed_today",
        TICKET,
        "closed",
        _lt("Closed Today"),
        lambda c: _closed_since(c.today),
    ),
    Panel(
        "closed_week",
        TICKET,
        "closed",
        _lt("Closed This Week"),
        lambda c: _closed_since(c.days_ago(7)),
    ),
    Panel(
        "closed_30d",
        TICKET,
        "closed",
        _lt("Closed in the Last 30 Days"),
        lambda c: _closed_since(c.days_ago(30)),
    ),
    Panel(
        "closed_30d_address",
        TICKET,
        "closed",
        _lt("Closed in the Last 30 Days with Address"),
        lambda c: _closed_since(c.days_ago(30)),
    ),
    Panel(
        "closed_late_30d",
        TICKET,
        "closed",
        _lt("Closed Late in the Last 30 Days"),
        # a closed ticket is breached exactly when it was closed after its deadline;
        # said directly, PostgreSQL uses the closed-tickets index (benchmarks/)
        lambda c: _closed_since(c.days_ago(30)) + [("sla_state", "=", "breached")],
    ),
    Panel(
        "wo_opened_30d",
        TICKET,
        "work_order",
        _lt("Opened in the Last 30 Days with Work Order"),
        lambda c: _NOT_CANCELLED + _opened_since(c, 30) + _WITH_WORK_ORDER,
    ),
    Panel(
        "wo_open",
        TICKET,
        "work_order",
        _lt("With a Work Order Still Open"),
        lambda c: (
            _NOT_CANCELLED + [("work_order_status", "in", ("unscheduled", "scheduled"))]
        ),
    ),
    Panel(
        "wo_late_30d",
        TICKET,
        "work_order",
        _lt("Opened in the Last 30 Days with Work Order and Late"),
        lambda c: _NOT_CANCELLED + _opened_since(c, 30) + _WITH_WORK_ORDER + _SLA_LATE,
    ),
    Panel(
        "wo_address_30d",
        TICKET,
        "work_order",
        _lt("Last 30 Days in Work Order by Address"),
        lambda c: _NOT_CANCELLED + _opened_since(c, 30) + _WITH_WORK_ORDER,
    ),
    Panel(
        "late_24h",
        TICKET,
        "late",
        _lt("Late in the Last 24 Hours"),
        lambda c: _late_ticket_since(c, 1),
    ),
    Panel(
        "late_week",
        TICKET,
        "late",
        _lt("Late This Week"),
        lambda c: _late_ticket_since(c, 7),
    ),
    Panel(
        "late_30d",
        TICKET,
        "late",
        _lt("Late in the Last 30 Days"),
        lambda c: _late_ticket_since(c, 30),
    ),
    Panel("late_all", TICKET, "late", _lt("All Late"), _late_ticket_since),
    Panel(
        "search_synthetic",
        TICKET,
        "search",
        _lt("Synthetic Information (Last 180 Days)"),
        lambda c: _opened_since(c, 180),
    ),
    Panel(
        "search_advanced",
        TICKET,
        "search",
        _lt("Advanced Search"),
        lambda c: [],
    ),
    # Regulatório (readme/CONFORMIDADE.md)
    Panel(
        "reg_due_today",
        TICKET,
        "regulation",
        _lt("Deadlines Due Today"),
        lambda c: _regulatory_due_before(c, c.today + timedelta(days=1)),
    ),
    Panel(
        "reg_due_48h",
        TICKET,
        "regulation",
        _lt("Deadlines Due in 48 Hours"),
        lambda c: _regulatory_due_before(c, c.now + timedelta(hours=48)),
    ),
    Panel(
        "reg_breached",
        TICKET,
        "regulation",
        _lt("Overdue Deadlines"),
        lambda c: _OPEN + [("regulatory_deadline", "<", c.now)],
    ),
    Panel(
        "notice_pending",
        TICKET,
        "regulation",
        _lt("Protocol Notice Pending"),
        _protocol_notice_pending,
    ),
)
PANELS_BY_CODE = {panel.code: panel for panel in PANELS}


class ServicePanel(models.AbstractModel):
    _name = "service.panel"
    _description = "Service Panels"

    @api.model
    def _panel_tz(self):
        """The operator's time zone: the user's, else the company calendar's."""
        return self.env.user._painel_tz()

    @api.model
    def _panel_clock(self):
        return PanelClock(fields.Datetime.now(), self._panel_tz())

    @api.model
    def _panel_selection(self, model_name):
        return [
            (panel.code, self.env._(panel.name))
            for panel in PANELS
            if panel.model == model_name
        ]

    @api.model
    def _panel_domain(self, model_name, operator, value):
        """The domain of the panels ``value`` (a code, or codes with ``in``)."""
        if operator == "=" and isinstance(value, str):
            codes = [value]
        elif operator == "in" and isinstance(value, list | tuple):
            codes = value
        else:
            raise UserError(self.env._("Search a panel by its code."))
        clock = self._panel_clock()
        domains = []
        for code in codes:
            panel = PANELS_BY_CODE.get(code)
            if not panel or panel.model != model_name:
                raise UserError(
                    self.env._("There is no panel %(code)s here.", code=code)
                )
            domains.append(panel.domain(clock))
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    @api.model
    def _panel_count(self, panel):
        """The number of records of ``panel`` the user sees."""
        if panel.tally:
            model, domain, aggregate = panel.tally
            [(total,)] = self.env[model]._read_group(
                domain(self._panel_clock()), [], [aggregate]
            )
            return total or 0
        return self.env[panel.model].search_count([("panel", "=", panel.code)])

    @api.model
    @api.readonly
    def get_overview(self):
        """Every tab with its panels and their live counts, for the overview.

        Only reads: over RPC it is served by a read replica when there is one."""
        tabs = []
        for tab, tab_name in TABS:
            panels = [
                {
                    "code": panel.code,
                    "name": self.env._(panel.name),
                    "count": self._panel_count(panel),
                    "action": f"painel_atendimento.action_panel_{panel.code}",
                }
                for panel in PANELS
                if panel.tab == tab and self.env[panel.model].has_access("read")
            ]
            if panels:
                tabs.append(
                    {"code": tab, "name": self.env._(tab_name), "panels": panels}
                )
        return tabs
