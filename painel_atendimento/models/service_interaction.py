from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ServiceInteraction(models.Model):
    """One event in the history of a ticket.

    Append-only: rows are written by ``service.ticket._log_interaction`` and never
    edited or deleted through the ORM, so the history handed to a customer (ANATEL)
    is the one that happened. The ticket fields the panels filter and sort on are
    stored here too, so the panel of interactions needs no join per row.
    """

    _name = "service.interaction"
    _description = "Ticket Interaction"
    _order = "date desc, id desc"
    _rec_name = "message"

    ticket_id = fields.Many2one(
        "service.ticket",
        string="Ticket",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    type_id = fields.Many2one(
        "service.interaction.type",
        string="Interaction Type",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    code = fields.Char(related="type_id.code", store=True, index=True)
    message = fields.Char(string="Interaction", required=True, readonly=True)
    details = fields.Text(readonly=True)
    user_id = fields.Many2one("res.users", string="Operator", readonly=True, index=True)
    date = fields.Datetime(
        string="Date and Time",
        required=True,
        readonly=True,
        index=True,
        default=fields.Datetime.now,
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, string="Company"
    )
    protocol = fields.Char(related="ticket_id.protocol", store=True, index=True)
    claimed_by_id = fields.Many2one(
        related="ticket_id.claimed_by_id", store=True, index=True, string="Claimed By"
    )
    process_id = fields.Many2one(
        related="ticket_id.process_id", store=True, index=True, string="Process"
    )
    subprocess_id = fields.Many2one(
        related="ticket_id.subprocess_id", store=True, index=True, string="Subprocess"
    )
    opening_classification_id = fields.Many2one(
        related="ticket_id.opening_classification_id",
        store=True,
        index=True,
        string="Opening Classification",
    )
    ticket_state = fields.Selection(
        related="ticket_id.state", store=True, index=True, string="Ticket Status"
    )

    def write(self, vals):
        raise UserError(_("Ticket interactions are a permanent record: no edit."))

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(_("Ticket interactions are a permanent record: no delete."))
