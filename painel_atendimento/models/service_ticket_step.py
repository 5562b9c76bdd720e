from odoo import api, fields, models


class ServiceTicketStep(models.Model):
    _name = "service.ticket.step"
    _description = "Running Subprocess of a Ticket"
    _order = "started_at desc, id desc"
    _rec_name = "subprocess_id"

    ticket_id = fields.Many2one(
        "service.ticket", required=True, ondelete="cascade", index=True, readonly=True
    )
    subprocess_id = fields.Many2one(
        "service.subprocess",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    process_id = fields.Many2one(
        related="subprocess_id.process_id", store=True, index=True, string="Process"
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Started By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    started_at = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    expected_end = fields.Datetime(
        compute="_compute_expected_end", store=True, index=True, string="Expected End"
    )
    finished_at = fields.Datetime(readonly=True, index=True)
    finished_by_id = fields.Many2one("res.users", readonly=True)

    def init(self):
        # "a ticket has at most one running step", enforced where races cannot slip by
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS service_ticket_step_one_running
                ON service_ticket_step (ticket_id) WHERE finished_at IS NULL
            """
        )

    @api.model_create_multi
    def create(self, vals_list):
        # steps finished earlier in this transaction must reach the database first, or
        # the one-running-step index still sees them running
        self.flush_model(["finished_at"])
        return super().create(vals_list)

    # Depends on the subprocess, not on its duration: editing a subprocess later must
    # not rewrite the deadline of steps already running or finished.
    @api.depends("started_at", "subprocess_id")
    def _compute_expected_end(self):
        for step in self:
            calendar = step.ticket_id.company_id.resource_calendar_id
            hours = step.subprocess_id.duration_hours
            if not (step.started_at and hours and calendar):
                step.expected_end = False
                continue
            step.expected_end = calendar._painel_add_hours(step.started_at, hours)

    def _finish(self, when=None):
        running = self.filtered(lambda step: not step.finished_at)
        if running:
            running.write(
                {
                    "finished_at": when or fields.Datetime.now(),
                    "finished_by_id": self.env.uid,
                }
            )
        return running
