from odoo import fields, models


class ServiceTicketCloseWizard(models.TransientModel):
    _name = "service.ticket.close.wizard"
    _inherit = ["service.ticket.wizard.mixin"]
    _description = "Close Ticket"

    closing_classification_id = fields.Many2one(
        "service.classification",
        string="Closing Classification",
        required=True,
        domain=[("kind", "=", "closing")],
    )
    comment = fields.Text(string="Closing Comment")

    def action_confirm(self):
        self.ticket_ids.action_close(self.closing_classification_id, self.comment)
        return {"type": "ir.actions.act_window_close"}
