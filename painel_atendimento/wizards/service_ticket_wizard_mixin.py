from odoo import api, fields, models


class ServiceTicketWizardMixin(models.AbstractModel):
    """Wizards launched on the tickets selected in a list or open in a form. What a
    client sends them is checked like the ticket's own input."""

    _name = "service.ticket.wizard.mixin"
    _inherit = ["service.wizard.input.mixin"]
    _description = "Wizard on Selected Tickets"

    ticket_ids = fields.Many2many("service.ticket", string="Tickets", required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if (
            "ticket_ids" in fields_list
            and context.get("active_model") == "service.ticket"
        ):
            values["ticket_ids"] = [fields.Command.set(context.get("active_ids", []))]
        return values
