from odoo import fields, models


class ServicePanelTicketRow(models.AbstractModel):
    """A panel row about one ticket (a step, an event): the row shows the ticket's
    code and columns, opens the ticket, and its tools act on the ticket.

    The ticket's columns are related and not stored: the panels filter and sort on
    the row's own stored fields; these only display, and search as subqueries.
    """

    _name = "service.panel.ticket.row"
    _inherit = "service.panel.mixin"
    _description = "Panel Row of a Ticket"

    ticket_id = fields.Many2one("service.ticket")
    quick_search = fields.Char(
        string="Protocol, CPF/CNPJ, Code or Customer",
        compute="_compute_quick_search",
        search="_search_quick_search",
    )
    ticket_code = fields.Integer(
        compute="_compute_ticket_code",
        search="_search_ticket_code",
    )
    partner_display_document = fields.Char(related="ticket_id.partner_display_document")
    partner_document = fields.Char(related="ticket_id.partner_document")
    opened_at = fields.Datetime(related="ticket_id.opened_at")
    opened_by_id = fields.Many2one(related="ticket_id.opened_by_id")
    claimed_by_id = fields.Many2one(related="ticket_id.claimed_by_id")
    opening_classification_id = fields.Many2one(
        related="ticket_id.opening_classification_id"
    )
    origin_id = fields.Many2one(related="ticket_id.origin_id")
    team_id = fields.Many2one(related="ticket_id.team_id")
    city = fields.Char(related="ticket_id.city")
    district = fields.Char(related="ticket_id.district")
    street = fields.Char(related="ticket_id.street")
    condominium = fields.Char(related="ticket_id.condominium")
    ticket_state = fields.Selection(related="ticket_id.state", string="Ticket Status")
    sla_deadline = fields.Datetime(related="ticket_id.sla_deadline")
    sla_state = fields.Selection(related="ticket_id.sla_state")
    is_sla_late = fields.Boolean(related="ticket_id.is_sla_late")
    sla_paused_remaining_hours = fields.Float(
        related="ticket_id.sla_paused_remaining_hours"
    )
    sla_used_hours = fields.Float(related="ticket_id.sla_used_hours")

    def _compute_quick_search(self):
        # a search field only
        self.quick_search = False

    def _search_quick_search(self, operator, value):
        return [("ticket_id.quick_search", operator, value)]

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

    def _panel_tickets(self):
        return self.ticket_id
