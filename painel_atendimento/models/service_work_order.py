from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from .service_ticket_tools import ADDRESS_FIELDS, GROUP_OPERATOR

# What a technician may change on his own work orders; operators change the rest of
# the editable fields too. State, number and ticket change through the actions only.
TECHNICIAN_FIELDS = frozenset({"scheduled_at", "description"})
EDITABLE_FIELDS = TECHNICIAN_FIELDS | {"technician_id", *ADDRESS_FIELDS}


class ServiceWorkOrder(models.Model):
    """Ordem de Serviço (O.S.): field work for a technician, opened from a ticket.

    It takes the ticket's address unless the operator typed another. It moves by its
    actions — schedule, done, cancel — each one an event of its ticket; it is never
    deleted (a cancelled order leaves its ticket's summary).
    """

    _name = "service.work.order"
    _description = "Work Order (Ordem de Serviço)"
    _inherit = ["mail.thread", "service.input.guard"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(readonly=True, copy=False, default="/", index=True)
    ticket_id = fields.Many2one(
        "service.ticket",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    state = fields.Selection(
        [
            ("draft", "Unscheduled"),
            ("scheduled", "Scheduled"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        index=True,
        tracking=True,
        readonly=True,
        copy=False,
    )
    scheduled_at = fields.Datetime(string="Scheduled For", tracking=True)
    technician_id = fields.Many2one("res.users", string="Technician", tracking=True)
    done_at = fields.Datetime(readonly=True, copy=False)
    description = fields.Text()
    street = fields.Char()
    street_number = fields.Char()
    district = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", string="State")
    zip = fields.Char()
    condominium = fields.Char()

    @api.onchange("ticket_id")
    def _onchange_ticket_id(self):
        """The form opened from a ticket ("Abrir O.S.") shows the ticket's address:
        the operator keeps it or types another."""
        ticket = self.ticket_id
        if ticket and not any(self[field] for field in ADDRESS_FIELDS):
            for field in ADDRESS_FIELDS:
                self[field] = ticket[field]

    # ------------------------------------------------------------------ the door

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            allowed = EDITABLE_FIELDS | {"ticket_id"}
            self._check_client_values([self._guard_context_defaults()], allowed)
            self._check_client_values(vals_list, allowed)
        for vals in vals_list:
            ticket_id = vals.get("ticket_id", self.env.context.get("default_ticket_id"))
            if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
                raise UserError(_("A work order is opened from its ticket."))
            vals["ticket_id"] = ticket_id
            ticket = self.env["service.ticket"].browse(ticket_id)
            if ticket.state != "open":
                raise UserError(_("Work orders can only be added to open tickets."))
            vals["name"] = self.env["ir.sequence"].next_by_code("service.work.order")
            # the browser sends the address fields empty: empty means "the ticket's"
            for field in ADDRESS_FIELDS:
                if not vals.get(field):
                    vals[field] = ticket._fields[field].convert_to_write(
                        ticket[field], ticket
                    )
            if vals.get("scheduled_at") and "state" not in vals:
                vals["state"] = "scheduled"
        orders = super().create(vals_list)
        for order in orders:
            order.ticket_id._log_event(
                "work_order_added", user=order.create_uid, details=order.name
            )
        return orders

    def write(self, vals):
        if not self.env.su:
            operator = self.env.user.has_group(GROUP_OPERATOR)
            self._check_client_values(
                [vals], EDITABLE_FIELDS if operator else TECHNICIAN_FIELDS
            )
            if self.filtered(lambda order: order.state in ("done", "cancelled")):
                raise UserError(_("A finished work order cannot be changed."))
        result = super().write(vals)
        if not self.env.su:
            for order in self:
                order.ticket_id._log_event(
                    "work_order_edit_requested", details=order.name
                )
        return result

    def _check_client_values(self, vals_list, allowed):
        for vals in vals_list:
            self._guard_values(vals)
            refused = sorted(set(vals) - allowed)
            if refused:
                raise UserError(
                    _(
                        "These fields of a work order change only through its "
                        "actions (schedule, done, cancel): %(fields)s.",
                        fields=self._field_labels(refused),
                    )
                )

    # ------------------------------------------------------------------ actions

    def _begin_action(self, operators_only=False):
        if not self:
            raise UserError(_("Select the work orders first."))
        if operators_only and not (
            self.env.su or self.env.user.has_group(GROUP_OPERATOR)
        ):
            raise AccessError(_("Only operators can cancel a work order."))
        self.check_access("write")

    def action_schedule(self):
        """Agendar: the visit has a date."""
        self._begin_action()
        for order in self:
            if order.state not in ("draft", "scheduled"):
                raise UserError(_("Only pending work orders can be scheduled."))
            if not order.scheduled_at:
                raise UserError(_("Set the date of the visit before scheduling."))
        self.sudo().write({"state": "scheduled"})
        self._log_on_tickets("work_order_scheduled")
        return True

    def action_done(self):
        """Concluir: the technician finished the visit."""
        self._begin_action()
        for order in self:
            if order.state in ("done", "cancelled"):
                raise UserError(_("Work order %s is already finished.", order.name))
        self.sudo().write({"state": "done", "done_at": fields.Datetime.now()})
        self._log_on_tickets("work_order_done")
        return True

    def action_cancel(self):
        """Cancelar (operators): the order leaves its ticket."""
        self._begin_action(operators_only=True)
        for order in self:
            if order.state in ("done", "cancelled"):
                raise UserError(_("Work order %s is already finished.", order.name))
        self.sudo().write({"state": "cancelled"})
        self._log_on_tickets("work_order_removed")
        return True

    def _log_on_tickets(self, code):
        for order in self:
            order.ticket_id._log_event(code, details=order.name)

    def action_open_work_order(self):
        """Open the work order from its ticket, leaving a trace that it was seen."""
        self.ensure_one()
        self.check_access("read")
        self.ticket_id._log_event("work_order_viewed", details=self.name)
        return {
            "type": "ir.actions.act_window",
            "name": _("Work Order"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
