from odoo import fields, models


class ServiceContactOrigin(models.Model):
    _name = "service.contact.origin"
    _description = "Contact Origin"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a contact origin must be unique."),
    ]
