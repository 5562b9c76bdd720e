from odoo import fields, models


class ServiceTicketForwardWizard(models.TransientModel):
    _name = "service.ticket.forward.wizard"
    _inherit = ["service.ticket.wizard.mixin"]
    _description = "Forward Ticket to a Process"

    process_id = fields.Many2one("service.process", string="New Process", required=True)

    def action_confirm(self):
        self.ticket_ids.action_forward(self.process_id)
        return {"type": "ir.actions.act_window_close"}
