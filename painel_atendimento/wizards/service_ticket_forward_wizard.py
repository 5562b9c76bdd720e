from odoo import fields, models


class ServiceTicketForwardWizard(models.TransientModel):
    """Encaminhar: another process, and the "Comentário ao encaminhar"."""

    _name = "service.ticket.forward.wizard"
    _inherit = ["service.ticket.wizard.mixin"]
    _description = "Forward Ticket to a Process"

    process_id = fields.Many2one("service.process", string="New Process", required=True)
    comment = fields.Text(string="Forwarding Comment")

    def action_confirm(self):
        self.ticket_ids.action_forward(self.process_id, self.comment)
        return {"type": "ir.actions.act_window_close"}
