from odoo import models


class RatingRating(models.Model):
    _name = "rating.rating"
    # a ticket's ratings follow the ticket's company (security/…_rules.xml)
    _inherit = ["rating.rating", "service.ticket.attached.mixin"]
