from odoo import fields, models


class ServiceTeam(models.Model):
    _name = "service.team"
    _description = "Workspace Group"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    member_ids = fields.Many2many("res.users", string="Members")
    supervisor_id = fields.Many2one(
        "res.users", help="Receives the follow-up of late tickets of this group."
    )
