from odoo import api, fields, models

from ..tools import create_index


class ServiceInteraction(models.Model):
    """Interação: one event in the history of a ticket.

    Append-only, down to PostgreSQL: rows are written by ``service.ticket._log_event``
    and never changed, so the history handed to a customer (ANATEL) is the one that
    happened. Besides the event itself, a row keeps only what never changes on its
    ticket (the company and the protocol); the ticket's current columns shown by the
    panel "Interações dos operadores" are read through the ticket.
    """

    _name = "service.interaction"
    _description = "Ticket Interaction (Event)"
    _inherit = [
        "service.append.only.mixin",
        "service.literal.search.mixin",
        "service.panel.ticket.row",
    ]
    _order = "date desc, id desc"
    _rec_name = "message"
    _literal_search_fields = ("protocol", "message", "details")

    ticket_id = fields.Many2one(
        "service.ticket",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, string="Company"
    )
    protocol = fields.Char(required=True, readonly=True, index=True)
    type_id = fields.Many2one(
        "service.interaction.type",
        string="Interaction Type",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    code = fields.Char(required=True, readonly=True, index=True)
    message = fields.Char(string="Interaction", required=True, readonly=True)
    details = fields.Text(readonly=True)
    user_id = fields.Many2one(
        "res.users",
        string="Operator",
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    date = fields.Datetime(string="Date and Time", required=True, readonly=True)
    logged_by_integration = fields.Boolean(
        string="Logged by an Integration",
        readonly=True,
        help="An integration logged this event for its operator or at an earlier "
        "moment; “Created by” says which one.",
    )
    process_id = fields.Many2one(related="ticket_id.process_id")
    subprocess_id = fields.Many2one(related="ticket_id.subprocess_id")

    @api.model_create_multi
    def create(self, vals_list):
        """The history never keeps the customer's identity (LGPD): his name, CPF/CNPJ,
        e-mail and phones become tokens in the event's text before the row is
        written. Rows are never rewritten, so anonymising him later finds nothing
        of him here (tools/personal_data.py)."""
        scrubbers = self.env["res.partner"]._painel_ticket_scrubbers(
            vals.get("ticket_id") for vals in vals_list
        )
        for vals in vals_list:
            scrubber = scrubbers.get(vals.get("ticket_id"))
            for name in ("message", "details"):
                if scrubber and vals.get(name):
                    vals[name] = scrubber.scrub(vals[name])
        return super().create(vals_list)

    def init(self):
        cr, table = self.env.cr, self._table
        # a ticket's history, and the open tickets' events counted from the index
        create_index(
            cr,
            "service_interaction_ticket_index",
            table,
            ["ticket_id"],
            include=["company_id"],
        )
        # Interações dos operadores: newest first
        create_index(
            cr,
            "service_interaction_date_index",
            table,
            ["date DESC", "id DESC"],
            include=["company_id", "ticket_id"],
        )
        return super().init()
