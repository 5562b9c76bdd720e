from odoo import fields, models


class ServiceSubprocess(models.Model):
    _name = "service.subprocess"
    _description = "Service Subprocess"
    _order = "process_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    process_id = fields.Many2one(
        "service.process", required=True, ondelete="cascade", index=True
    )
    duration_hours = fields.Float(
        string="Duration (working hours)",
        required=True,
        default=8.0,
        help="Working time this step may take before it is late.",
    )
    company_id = fields.Many2one(related="process_id.company_id", store=True)

    _sql_constraints = [
        (
            "duration_positive",
            "CHECK(duration_hours > 0)",
            "The duration of a subprocess must be greater than zero.",
        ),
    ]

    def _next_subprocess(self):
        """The subprocess after this one in its process (empty after the last)."""
        self.ensure_one()
        siblings = self.process_id.subprocess_ids.sorted()
        later = siblings.filtered(
            lambda sub: (sub.sequence, sub.id) > (self.sequence, self.id)
        )
        return later[:1]
