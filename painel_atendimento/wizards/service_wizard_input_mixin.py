from odoo import api, models


class ServiceWizardInputMixin(models.AbstractModel):
    """A wizard whose fields a client fills: every value is checked before it is
    saved, like the ticket's own input (service.input.guard)."""

    _name = "service.wizard.input.mixin"
    _inherit = ["service.input.guard"]
    _description = "Wizard with Checked Input"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._guard_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._guard_values(vals)
        return super().write(vals)
