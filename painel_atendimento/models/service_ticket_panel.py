from odoo import api, fields, models
from odoo.osv import expression

from .service_panel_mixin import YES_NO, searched_values


class ServiceTicket(models.Model):
    _name = "service.ticket"
    _inherit = ["service.ticket", "service.panel.mixin"]

    is_closed_label = fields.Selection(
        YES_NO,
        string="Closed",
        compute="_compute_is_closed_label",
        search="_search_is_closed_label",
    )

    @api.depends("state")
    def _compute_is_closed_label(self):
        for ticket in self:
            ticket.is_closed_label = "yes" if ticket.state == "closed" else "no"

    def _search_is_closed_label(self, operator, value):
        wanted = searched_values(operator, value, ("yes", "no"))
        if len(wanted) != 1:
            return [] if wanted else expression.FALSE_DOMAIN
        return [("state", "=" if "yes" in wanted else "!=", "closed")]
