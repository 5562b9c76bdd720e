from odoo import fields, models


class ServiceProcess(models.Model):
    _name = "service.process"
    _description = "Service Process"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, default=lambda self: self.env.company
    )
    subprocess_ids = fields.One2many(
        "service.subprocess", "process_id", string="Subprocesses"
    )
    description = fields.Text()

    def _first_subprocess(self):
        self.ensure_one()
        return self.subprocess_ids.sorted()[:1]
