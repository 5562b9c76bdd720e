from odoo import fields, models


class ServiceInteraction(models.Model):
    _name = "service.interaction"
    _inherit = ["service.interaction", "service.panel.ticket.row"]

    # The ticket's SLA and customer, for the panel's columns (display only: the
    # panel filters on the interaction's own stored ticket fields).
    partner_display_document = fields.Char(related="ticket_id.partner_display_document")
    sla_deadline = fields.Datetime(related="ticket_id.sla_deadline")
    sla_state = fields.Selection(related="ticket_id.sla_state")
    is_sla_late = fields.Boolean(related="ticket_id.is_sla_late")
