from odoo import fields, models


class ServiceTicketAttachedMixin(models.AbstractModel):
    """Records Odoo attaches to any document by ``res_model``/``res_id`` (ratings,
    followers): when attached to a ticket, they follow the ticket's company rule."""

    _name = "service.ticket.attached.mixin"
    _description = "Attached to a Service Ticket"

    painel_ticket_company_id = fields.Many2one(
        "res.company",
        string="Ticket Company",
        compute="_compute_painel_ticket_company_id",
        search="_search_painel_ticket_company_id",
    )

    def _compute_painel_ticket_company_id(self):
        tickets = self.env["service.ticket"].sudo()
        for record in self:
            ticket = (
                tickets.browse(record.res_id).exists()
                if record.res_model == tickets._name
                else tickets
            )
            record.painel_ticket_company_id = ticket.company_id

    def _search_painel_ticket_company_id(self, operator, value):
        # sudo: the rule compares companies; the tickets' own rules are not the question
        tickets = (
            self.env["service.ticket"].sudo()._search([("company_id", operator, value)])
        )
        return [("res_model", "=", "service.ticket"), ("res_id", "in", tickets)]
