from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import create_index
from .service_panel_mixin import YES_NO, searched_values


class ServiceTicketStep(models.Model):
    """Subprocesso em andamento: one subprocess run by one ticket, from its start to
    its end, with the deadline its duration gives in working time.

    Steps are started and finished by the ticket's transitions only (forward, next
    step, close...); a ticket has at most one running step, which the database
    checks. The step panels (Prazos dos subprocessos, Processo x Subprocesso,
    Subprocessos atrasados) list running steps with their ticket's columns.
    """

    _name = "service.ticket.step"
    _description = "Running Subprocess of a Ticket"
    _inherit = ["service.panel.ticket.row"]
    _order = "started_at desc, id desc"
    _rec_name = "subprocess_id"

    ticket_id = fields.Many2one(
        "service.ticket", required=True, ondelete="cascade", index=True, readonly=True
    )
    subprocess_id = fields.Many2one(
        "service.subprocess",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    process_id = fields.Many2one(
        related="subprocess_id.process_id", store=True, index=True, string="Process"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Started By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    started_at = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    expected_end = fields.Datetime(
        compute="_compute_expected_end",
        store=True,
        precompute=True,
        index=True,
    )
    finished_at = fields.Datetime(readonly=True, index=True)
    finished_by_id = fields.Many2one("res.users", readonly=True)
    protocol = fields.Char(related="ticket_id.protocol")

    # "Late" is relative to now, so it is never stored: searching compares the stored,
    # indexed expected_end with the current moment.
    is_late = fields.Boolean(
        string="Late", compute="_compute_lateness", search="_search_is_late"
    )
    status_label = fields.Selection(
        [("late", "Late"), ("on_time", "On Time")],
        string="Status",
        compute="_compute_lateness",
        search="_search_status_label",
    )
    late_label = fields.Selection(
        YES_NO, string="Late?", compute="_compute_lateness", search="_search_late_label"
    )
    remaining_hours = fields.Float(
        string="Remaining (hrs)",
        compute="_compute_lateness",
        digits=(16, 1),
        help="Working hours until the expected end, negative once it has passed: "
        "counted in the calendar the expected end was computed in, like the "
        "SLA's remaining hours.",
    )

    # "Quantidade" of Processo x Subprocesso: the late steps of each group, summed by
    # the database (see _read_group_select); 1 on a late step, 0 on any other.
    late_count = fields.Integer(
        compute="_compute_lateness",
        aggregator="sum",
        help="Open tickets whose running subprocess is late.",
    )

    def init(self):
        cr, table = self.env.cr, self._table
        # "a ticket has at most one running step", enforced where races cannot slip by
        create_index(
            cr,
            "service_ticket_step_one_running",
            table,
            ["ticket_id"],
            where="finished_at IS NULL",
            unique=True,
        )
        # Prazos dos subprocessos, Processo x Subprocesso, Subprocessos atrasados
        create_index(
            cr,
            "service_ticket_step_panel_running_index",
            table,
            ["expected_end"],
            include=["company_id", "ticket_id"],
            where="finished_at IS NULL",
        )
        return super().init()

    @api.model_create_multi
    def create(self, vals_list):
        # steps finished earlier in this transaction must reach the database first, or
        # the one-running-step index still sees them running
        self.flush_model(["finished_at"])
        return super().create(vals_list)

    # Depends on the subprocess, not on its duration: editing a subprocess later must
    # not rewrite the deadline of steps already running or finished.
    @api.depends("started_at", "subprocess_id")
    def _compute_expected_end(self):
        for step in self:
            calendar = step.ticket_id.company_id.resource_calendar_id
            hours = step.subprocess_id.duration_hours
            if not (step.started_at and hours and calendar):
                step.expected_end = False
                continue
            step.expected_end = calendar._painel_add_hours(step.started_at, hours)

    def _finish(self, when=None, user=None):
        """End the running steps of ``self`` (the one place a step ends: forward,
        next step, close, cancel), each with its event. Returns them."""
        running = self.filtered(lambda step: not step.finished_at)
        if not running:
            return running
        user = user or self.env.user
        running.sudo().write(
            {"finished_at": when or fields.Datetime.now(), "finished_by_id": user.id}
        )
        for step in running:
            step.ticket_id._log_event(
                "step_finished",
                when=step.finished_at,
                user=user,
                subprocess=step.subprocess_id,
            )
        return running

    # ------------------------------------------------------------------ lateness

    @api.depends("finished_at", "expected_end")
    def _compute_lateness(self):
        now = fields.Datetime.now()
        spans = defaultdict(list)
        for step in self:
            running = not step.finished_at and step.expected_end
            late = bool(running and step.expected_end < now)
            step.is_late = late
            step.late_count = int(late)
            step.status_label = running and ("late" if late else "on_time")
            step.late_label = running and ("yes" if late else "no")
            step.remaining_hours = 0.0
            if running:
                calendar = step.ticket_id.company_id.resource_calendar_id
                spans[calendar].append((step, step.expected_end))
        # one work-interval lookup per calendar for the whole page of steps
        for calendar, items in spans.items():
            hours = calendar._painel_hours_between_many(
                [(min(now, end), max(now, end)) for _step, end in items]
            )
            for (step, end), value in zip(items, hours, strict=True):
                step.remaining_hours = value if end >= now else -value

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "late_count:sum":
            # the late steps of the group, counted at the moment of the query
            finished_at = self._field_to_sql(self._table, "finished_at", query)
            expected_end = self._field_to_sql(self._table, "expected_end", query)
            return SQL(
                "COUNT(*) FILTER (WHERE %s IS NULL AND %s < %s)",
                finished_at,
                expected_end,
                fields.Datetime.now(),
            )
        return super()._read_group_select(aggregate_spec, query)

    @api.model
    def _late_domain(self):
        return [
            ("finished_at", "=", False),
            ("expected_end", "<", fields.Datetime.now()),
        ]

    @api.model
    def _on_time_domain(self):
        return [
            ("finished_at", "=", False),
            ("expected_end", ">=", fields.Datetime.now()),
        ]

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Search this column by choosing one of its values."))
        if value == (operator == "="):
            return self._late_domain()
        return [
            "|",
            ("finished_at", "!=", False),
            "|",
            ("expected_end", "=", False),
            ("expected_end", ">=", fields.Datetime.now()),
        ]

    def _search_status_label(self, operator, value):
        return self._search_label(operator, value, {"late": True, "on_time": False})

    def _search_late_label(self, operator, value):
        return self._search_label(operator, value, {"yes": True, "no": False})

    def _search_label(self, operator, value, lateness):
        """Search a late/on-time label among the running steps (the only labelled)."""
        wanted = {
            lateness[label] for label in searched_values(operator, value, lateness)
        }
        domains = [
            self._late_domain() if late else self._on_time_domain() for late in wanted
        ]
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN
