from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .service_ticket import ADDRESS_FIELDS


class ServiceWorkOrder(models.Model):
    _name = "service.work.order"
    _description = "Work Order"
    _inherit = ["mail.thread"]
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
    )
    scheduled_at = fields.Datetime(string="Scheduled For", tracking=True)
    technician_id = fields.Many2one("res.users", string="Technician", tracking=True)
    done_at = fields.Datetime(readonly=True)
    description = fields.Text()
    street = fields.Char()
    street_number = fields.Char()
    district = fields.Char()
    city = fields.Char()
    state_id = fields.Many2one("res.country.state", string="State")
    zip = fields.Char()
    condominium = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        tickets = self.env["service.ticket"].browse(
            [vals["ticket_id"] for vals in vals_list]
        )
        for vals, ticket in zip(vals_list, tickets, strict=True):
            if ticket.state != "open":
                raise UserError(_("Work orders can only be added to open tickets."))
            vals["name"] = self.env["ir.sequence"].next_by_code("service.work.order")
            for field in ADDRESS_FIELDS:
                if field not in vals:
                    vals[field] = ticket._fields[field].convert_to_write(
                        ticket[field], ticket
                    )
            if vals.get("scheduled_at") and "state" not in vals:
                vals["state"] = "scheduled"
        return super().create(vals_list)

    def action_schedule(self):
        for order in self:
            if order.state not in ("draft", "scheduled"):
                raise UserError(_("Only pending work orders can be scheduled."))
            if not order.scheduled_at:
                raise UserError(_("Set the date of the visit before scheduling."))
        self.write({"state": "scheduled"})
        return True

    def action_done(self):
        for order in self:
            if order.state in ("done", "cancelled"):
                raise UserError(_("Work order %s is already finished.", order.name))
        self.write({"state": "done", "done_at": fields.Datetime.now()})
        return True

    def action_cancel(self):
        for order in self:
            if order.state == "done":
                raise UserError(_("A completed work order cannot be cancelled."))
        self.write({"state": "cancelled"})
        return True
