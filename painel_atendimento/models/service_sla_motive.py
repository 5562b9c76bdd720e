from odoo import fields, models

MOTIVE_KINDS = [("increment", "Time Increment"), ("pause", "SLA Pause")]


class ServiceSlaMotive(models.Model):
    _name = "service.sla.motive"
    _description = "SLA Intervention Motive"
    _order = "kind, sequence, name"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(MOTIVE_KINDS, required=True, index=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share it with every company."
    )
