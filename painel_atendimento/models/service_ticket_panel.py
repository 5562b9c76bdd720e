from odoo import api, fields, models
from odoo.osv import expression

from .service_panel_mixin import YES_NO, create_panel_index, searched_values


class ServiceTicket(models.Model):
    _name = "service.ticket"
    _inherit = ["service.ticket", "service.panel.mixin"]

    is_closed_label = fields.Selection(
        YES_NO,
        string="Closed",
        compute="_compute_is_closed_label",
        search="_search_is_closed_label",
    )

    def init(self):
        super().init()
        cr, table = self.env.cr, self._table
        # Abertos / Busca avançada periods (replaces a plain index on opened_at)
        create_panel_index(
            cr,
            "service_ticket_panel_opened_index",
            table,
            ["opened_at"],
            ["company_id"],
        )
        # Finalizados
        create_panel_index(
            cr,
            "service_ticket_panel_closed_index",
            table,
            ["closed_at"],
            ["company_id", "sla_state"],
            where="state = 'closed'",
        )
        # Em O.S.
        create_panel_index(
            cr,
            "service_ticket_panel_work_order_index",
            table,
            ["opened_at", "id"],
            ["company_id", "state", "sla_state", "sla_deadline"],
            where="work_order_status <> 'none'",
        )

    @api.depends("state")
    def _compute_is_closed_label(self):
        for ticket in self:
            ticket.is_closed_label = "yes" if ticket.state == "closed" else "no"

    def _search_is_closed_label(self, operator, value):
        wanted = searched_values(operator, value, ("yes", "no"))
        if len(wanted) != 1:
            return [] if wanted else expression.FALSE_DOMAIN
        return [("state", "=" if "yes" in wanted else "!=", "closed")]
