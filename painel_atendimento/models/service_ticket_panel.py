from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.sql import drop_index

from ..tools import create_index
from .service_panel_mixin import YES_NO, searched_values


class ServiceTicketPanel(models.AbstractModel):
    """The ticket as the Painel lists it: the columns only panels show, and the
    covering indexes that keep every panel one indexed query at a million tickets
    (benchmarks/README.md)."""

    _name = "service.ticket.panel"
    _inherit = ["service.panel.mixin"]
    _description = "Service Ticket in the Panels"

    is_closed_label = fields.Selection(
        YES_NO,
        string="Closed",
        compute="_compute_is_closed_label",
        search="_search_is_closed_label",
    )

    # Interações dos operadores counts the events of the open tickets: summed from
    # this counter of the open tickets instead of looked up, ticket by ticket, in
    # the ten-million-row event log (service_panel.py, benchmarks/README.md). In no
    # index, so that the update of each event can stay a HOT update. Two
    # transactions adding events to one ticket conflict on its row, and the later
    # one is retried.
    interaction_count = fields.Integer(
        string="Event Count",
        compute="_compute_interaction_count",
        store=True,
        help="Technical: the number of events in the ticket's history.",
    )

    def init(self):
        super().init()
        if self._abstract:
            return
        cr, table = self.env.cr, self._table
        # Abertos / Busca avançada periods, with the axes of their pivot (process x
        # origin) so that its groups are read from the index alone; replaces
        # service_ticket_panel_opened_index (opened_at, company_id only)
        create_index(
            cr,
            "service_ticket_panel_period_index",
            table,
            ["opened_at"],
            include=["company_id", "process_id", "origin_id"],
        )
        drop_index(cr, "service_ticket_panel_opened_index", table)
        # Finalizados
        create_index(
            cr,
            "service_ticket_panel_closed_index",
            table,
            ["closed_at"],
            include=["company_id", "sla_state"],
            where="state = 'closed'",
        )
        # Em O.S. The predicate is the SQL the ORM writes for
        # ("work_order_status", "!=", "none"): PostgreSQL uses a partial index only
        # when the query implies its predicate, and the ORM's "!=" adds
        # "OR ... IS NULL", which "work_order_status <> 'none'" does not cover.
        # Replaces service_ticket_panel_work_order_index (that predicate).
        create_index(
            cr,
            "service_ticket_panel_wo_index",
            table,
            ["opened_at", "id"],
            include=["company_id", "state", "sla_state", "sla_deadline"],
            where="(work_order_status != 'none' OR work_order_status IS NULL)",
        )
        drop_index(cr, "service_ticket_panel_work_order_index", table)
        # Atrasados (open, or closed breached)
        create_index(
            cr,
            "service_ticket_sla_late_index",
            table,
            ["sla_deadline"],
            include=["state", "sla_state", "company_id"],
            where="state = 'open' OR sla_state = 'breached'",
        )

    @api.depends("interaction_ids")
    def _compute_interaction_count(self):
        tickets = self.filtered("id")
        counts = dict(
            self.env["service.interaction"]
            .sudo()
            ._read_group([("ticket_id", "in", tickets.ids)], ["ticket_id"], ["__count"])
            if tickets
            else []
        )
        for ticket in self:
            ticket.interaction_count = counts.get(ticket, 0)

    @api.depends("state")
    def _compute_is_closed_label(self):
        for ticket in self:
            ticket.is_closed_label = "yes" if ticket.state == "closed" else "no"

    def _search_is_closed_label(self, operator, value):
        wanted = searched_values(operator, value, ("yes", "no"))
        if len(wanted) != 1:
            return [] if wanted else expression.FALSE_DOMAIN
        return [("state", "=" if "yes" in wanted else "!=", "closed")]
