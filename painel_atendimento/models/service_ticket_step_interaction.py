from odoo import models


class ServiceTicketStep(models.Model):
    _inherit = "service.ticket.step"

    def _finish(self, when=None):
        # the single place a step ends: forward, next step, close and cancel
        finished = super()._finish(when=when)
        for step in finished:
            step.ticket_id._log_step("step_finished", step, step.finished_at)
        return finished
