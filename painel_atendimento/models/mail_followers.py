from odoo import models


class MailFollowers(models.Model):
    _name = "mail.followers"
    # a ticket's followers follow the ticket's company (security/…_rules.xml)
    _inherit = ["mail.followers", "service.ticket.attached.mixin"]
