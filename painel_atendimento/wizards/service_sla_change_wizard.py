import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.service_sla_intervention import INCREMENT_UNITS
from ..models.service_sla_motive import MOTIVE_KINDS

OPERATIONS = [
    ("increment", "Increment SLA"),
    ("pause", "Pause SLA"),
    ("resume", "Resume SLA"),
]


class ServiceSlaChangeWizard(models.TransientModel):
    """Modificar SLA: step 1 chooses the operation, step 2 takes its details and
    shows the new deadline before the operator confirms.

    "Next" records the operation chosen and the SLAs as the supervisor saw them;
    "Finish" runs exactly that operation, or refuses when another operator changed
    one of those SLAs in between.
    """

    _name = "service.sla.change.wizard"
    _inherit = ["service.ticket.wizard.mixin"]
    _description = "Modify SLA"

    step = fields.Selection(
        [("choose", "Choose"), ("details", "Details")],
        required=True,
        default="choose",
    )
    sla_paused = fields.Boolean(compute="_compute_sla_paused")
    # Two radios, so that step 1 offers only what the SLA's state allows.
    running_choice = fields.Selection(
        OPERATIONS[:2], string="Running SLA Action", default="increment"
    )
    paused_choice = fields.Selection(
        OPERATIONS[2:], string="Paused SLA Action", default="resume"
    )
    confirmed_operation = fields.Selection(OPERATIONS, readonly=True)
    # the tickets' SLAs when the operation was chosen: (id, state, deadline)
    seen_slas = fields.Text(readonly=True)
    operation = fields.Selection(OPERATIONS, compute="_compute_operation")
    motive_kind = fields.Selection(MOTIVE_KINDS, compute="_compute_operation")
    company_id = fields.Many2one("res.company", compute="_compute_sla_paused")
    motive_id = fields.Many2one(
        "service.sla.motive",
        string="Motive",
        domain="[('kind', '=', motive_kind), "
        "('company_id', 'in', [False, company_id])]",
    )
    notes = fields.Text()
    unit = fields.Selection(INCREMENT_UNITS, string="Increment Type", default="hours")
    quantity = fields.Float(string="Increment Quantity")
    current_deadline = fields.Datetime(compute="_compute_deadlines")
    new_deadline = fields.Datetime(compute="_compute_deadlines")
    confirm = fields.Boolean(string="Are you sure you want to run this process now?")

    @api.depends("ticket_ids.sla_state")
    def _compute_sla_paused(self):
        for wizard in self:
            tickets = wizard.ticket_ids
            wizard.sla_paused = bool(tickets) and all(
                state == "paused" for state in tickets.mapped("sla_state")
            )
            wizard.company_id = tickets.company_id[:1]

    @api.depends("sla_paused", "running_choice", "paused_choice", "confirmed_operation")
    def _compute_operation(self):
        for wizard in self:
            operation = wizard.confirmed_operation or (
                wizard.paused_choice if wizard.sla_paused else wizard.running_choice
            )
            wizard.operation = operation
            wizard.motive_kind = operation if operation != "resume" else False

    @api.depends("ticket_ids", "operation", "unit", "quantity")
    @api.depends_context("uid")
    def _compute_deadlines(self):
        now = fields.Datetime.now()
        for wizard in self:
            ticket = wizard.ticket_ids if len(wizard.ticket_ids) == 1 else None
            wizard.current_deadline = ticket.sla_deadline if ticket else False
            wizard.new_deadline = False
            if not ticket or not ticket.sla_policy_id:
                continue
            # what the ticket's SLA is now may no longer suit the operation chosen
            # (another supervisor changed it): no preview then, and Finish refuses
            increment = wizard.operation == "increment" and ticket.sla_deadline
            if increment and wizard._valid_quantity():
                wizard.new_deadline = ticket._sla_shifted_deadline(
                    ticket.sla_deadline, wizard.quantity, wizard.unit
                )
            elif wizard.operation == "resume" and ticket.sla_state == "paused":
                wizard.new_deadline = ticket.sla_calendar_id._painel_add_hours(
                    now, ticket.sla_paused_remaining_hours
                )

    def _valid_quantity(self):
        """Whether the increment typed so far can be previewed: what the SLA
        engine would accept (it says why not when Finish is clicked)."""
        quantity = self.quantity
        max_days = self.company_id.service_sla_max_increment_days
        if not (self.unit and 0 < quantity <= max_days * 24):
            return False
        return self.unit == "hours" or (
            quantity == int(quantity) and quantity <= max_days
        )

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Modify SLA"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_next(self):
        self.ensure_one()
        states = set(self.ticket_ids.mapped("sla_state"))
        if "paused" in states and len(states) > 1:
            raise UserError(
                _(
                    "Some of the selected tickets have their SLA paused and others "
                    "running: change them separately."
                )
            )
        self.write(
            {
                "step": "details",
                "confirmed_operation": self.operation,
                "seen_slas": self._sla_snapshot(),
            }
        )
        return self._reopen()

    def action_back(self):
        self.ensure_one()
        self.write({"step": "choose", "confirmed_operation": False})
        return self._reopen()

    def _sla_snapshot(self):
        return json.dumps(
            [
                [ticket.id, ticket.sla_state, str(ticket.sla_deadline or "")]
                for ticket in self.ticket_ids.sorted("id")
            ]
        )

    def action_confirm(self):
        self.ensure_one()
        if not self.confirm:
            raise UserError(
                _("Tick 'Are you sure you want to run this process now?' to finish.")
            )
        if not self.confirmed_operation:
            raise UserError(_("Choose what to do with the SLA first."))
        tickets = self.ticket_ids
        tickets._begin_transition("sla_change")
        if self._sla_snapshot() != self.seen_slas:
            raise UserError(
                _(
                    "The SLA was changed by another operator in the meantime: close "
                    "this window and open “Modify SLA” again."
                )
            )
        if self.confirmed_operation == "increment":
            tickets.sla_increment(self.quantity, self.unit, self.motive_id, self.notes)
            message = _("The time to complete the ticket was incremented.")
        elif self.confirmed_operation == "pause":
            tickets.sla_pause(self.motive_id, self.notes)
            message = _("The SLA count of the ticket was paused.")
        else:
            tickets.sla_resume(self.notes)
            message = _("The SLA count of the ticket was resumed.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": _("Done!"),
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
