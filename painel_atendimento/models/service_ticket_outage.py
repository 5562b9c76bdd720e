from odoo import fields, models


class ServiceTicketOutage(models.AbstractModel):
    """A ticket opened while an outage ("parada") of its customer's area is ongoing
    is linked to it when opened, with the event "Notificação de parada encontrada";
    the operator reads the outage's script on the ticket."""

    _name = "service.ticket.outage"
    _description = "Service Ticket Outage"

    outage_id = fields.Many2one(
        "service.outage",
        string="Outage",
        readonly=True,
        index="btree_not_null",
        copy=False,
    )
    outage_state = fields.Selection(related="outage_id.state", string="Outage Status")
    outage_script = fields.Html(
        related="outage_id.script", string="Outage Script for Operators"
    )

    def _outage_open(self):
        """Called by the opening: link each ticket to the ongoing outage that
        covers it."""
        outages = self.env["service.outage"]
        for ticket in self:
            outage = outages._ongoing_for(ticket)
            if outage:
                ticket.sudo().write({"outage_id": outage.id})
                ticket._log_event(
                    "outage_found",
                    when=ticket.opened_at,
                    user=self.env["res.users"],
                    outage=outage.name,
                )
