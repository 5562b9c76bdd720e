from odoo import fields, models


class ServiceClassification(models.Model):
    _name = "service.classification"
    _description = "Ticket Classification"
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("opening", "Opening"), ("closing", "Closing")], required=True, index=True
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
