from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .service_panel_mixin import YES_NO, create_panel_index, searched_values


class ServiceTicketStep(models.Model):
    _name = "service.ticket.step"
    _inherit = ["service.ticket.step", "service.panel.ticket.row"]

    # The ticket columns the step panels show. Not stored: the panels filter and sort
    # on the step's own stored fields; these only display and search (as subqueries).
    partner_display_document = fields.Char(related="ticket_id.partner_display_document")
    protocol = fields.Char(related="ticket_id.protocol")
    opened_at = fields.Datetime(related="ticket_id.opened_at")
    opened_by_id = fields.Many2one(related="ticket_id.opened_by_id")
    claimed_by_id = fields.Many2one(related="ticket_id.claimed_by_id")
    origin_id = fields.Many2one(related="ticket_id.origin_id")
    team_id = fields.Many2one(related="ticket_id.team_id")
    city = fields.Char(related="ticket_id.city")
    district = fields.Char(related="ticket_id.district")
    street = fields.Char(related="ticket_id.street")
    condominium = fields.Char(related="ticket_id.condominium")

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

    def init(self):
        super().init()
        # Prazos dos subprocessos, Processo x Subprocesso, Subprocessos atrasados
        create_panel_index(
            self.env.cr,
            "service_ticket_step_panel_running_index",
            self._table,
            ["expected_end"],
            ["company_id", "ticket_id"],
            where="finished_at IS NULL",
        )

    @api.depends("finished_at", "expected_end")
    def _compute_lateness(self):
        now = fields.Datetime.now()
        spans = defaultdict(list)
        for step in self:
            running = not step.finished_at and step.expected_end
            late = bool(running and step.expected_end < now)
            step.is_late = late
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
