from odoo import fields, models


class ServicePanelTicketRow(models.AbstractModel):
    """A panel row about one ticket (a step, an interaction): the row shows the
    ticket's code, opens the ticket and its tools act on the ticket."""

    _name = "service.panel.ticket.row"
    _inherit = "service.panel.mixin"
    _description = "Panel Row of a Ticket"

    ticket_code = fields.Integer(
        string="Ticket Code",
        compute="_compute_ticket_code",
        search="_search_ticket_code",
    )

    def _compute_ticket_code(self):
        for row in self:
            row.ticket_code = row.ticket_id.id

    def _search_ticket_code(self, operator, value):
        return [("ticket_id", operator, value)]

    def action_open_ticket(self):
        """Double click on a row: the ticket, with its events and attachments."""
        self.ensure_one()
        return self.ticket_id.get_formview_action()

    def action_open_sla_change_wizard(self):
        """Tool "Modificar SLA" on the tickets of the selected rows."""
        return self.ticket_id.action_open_sla_change_wizard()
