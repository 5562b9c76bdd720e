from odoo import fields, models

from .service_panel_mixin import create_panel_index


class ServiceInteraction(models.Model):
    _name = "service.interaction"
    _inherit = ["service.interaction", "service.panel.ticket.row"]

    # The ticket's SLA and customer, for the panel's columns (display only: the
    # panel filters on the interaction's own stored ticket fields).
    partner_display_document = fields.Char(related="ticket_id.partner_display_document")
    sla_deadline = fields.Datetime(related="ticket_id.sla_deadline")
    sla_state = fields.Selection(related="ticket_id.sla_state")
    is_sla_late = fields.Boolean(related="ticket_id.is_sla_late")

    def init(self):
        super().init()
        # Interações dos operadores: newest first among the open tickets' events
        create_panel_index(
            self.env.cr,
            "service_interaction_panel_open_index",
            self._table,
            ["date DESC", "id DESC"],
            ["company_id"],
            where="ticket_state = 'open'",
        )
