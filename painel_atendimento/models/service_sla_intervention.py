from odoo import api, fields, models
from odoo.tools import format_datetime

INTERVENTION_KINDS = [
    ("increment", "Increment"),
    ("pause", "Pause"),
    ("resume", "Resume"),
]
INCREMENT_UNITS = [("hours", "Hours"), ("days", "Days")]


class ServiceSlaIntervention(models.Model):
    """Intervenção de SLA: one change of a ticket's SLA. Append-only, down to
    PostgreSQL: rows are created by the ticket's ``sla_increment`` / ``sla_pause``
    / ``sla_resume`` and never changed."""

    _name = "service.sla.intervention"
    _description = "SLA Intervention"
    _inherit = ["service.append.only.mixin"]
    _order = "date desc, id desc"

    ticket_id = fields.Many2one(
        "service.ticket",
        string="Ticket",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    protocol = fields.Char(related="ticket_id.protocol")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    kind = fields.Selection(INTERVENTION_KINDS, required=True, readonly=True)
    motive_id = fields.Many2one(
        "service.sla.motive", string="Motive", readonly=True, ondelete="restrict"
    )
    notes = fields.Text(readonly=True)
    quantity = fields.Float(readonly=True)
    unit = fields.Selection(INCREMENT_UNITS, readonly=True)
    deadline_before = fields.Datetime(readonly=True)
    deadline_after = fields.Datetime(readonly=True)
    remaining_hours = fields.Float(
        string="Remaining (hrs)",
        readonly=True,
        help="Working hours left on the SLA when it was paused or resumed.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="User",
        readonly=True,
        ondelete="restrict",
        default=lambda self: self.env.user,
    )
    # The moment the change took effect, the one the deadline is computed from
    # (create_date is the transaction's time).
    date = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Like the events: an SLA change's notes never keep the customer's
        identity."""
        scrubbers = self.env["res.partner"]._painel_ticket_scrubbers(
            vals.get("ticket_id") for vals in vals_list
        )
        for vals in vals_list:
            scrubber = scrubbers.get(vals.get("ticket_id"))
            if scrubber and vals.get("notes"):
                vals["notes"] = scrubber.scrub(vals["notes"])
        return super().create(vals_list)

    @api.depends("kind", "date")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for intervention in self:
            intervention.display_name = "{} {}".format(
                kinds.get(intervention.kind, ""),
                format_datetime(self.env, intervention.date, dt_format="short"),
            )
