from odoo import api, fields, models

from ..tools import format_document, mask_document


class ServiceOutageCustomer(models.Model):
    """One customer of an ended outage: how long without service, and whether and
    by when the refund the regulation requires reaches the bill (RQUAL)."""

    _name = "service.outage.customer"
    _description = "Customer Affected by an Outage"
    _order = "outage_id desc, partner_name, id"
    _rec_name = "partner_id"

    outage_id = fields.Many2one(
        "service.outage", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="outage_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, index=True
    )
    partner_name = fields.Char(related="partner_id.name", store=True)
    partner_document = fields.Char(
        string="CPF/CNPJ", compute="_compute_partner_document"
    )
    reason = fields.Selection(
        [
            ("area", "In the Affected Area"),
            ("listed", "Listed"),
            ("ticket", "Opened a Ticket About It"),
        ],
        string="Affected As",
        readonly=True,
    )
    start_at = fields.Datetime(string="Start", readonly=True)
    end_at = fields.Datetime(string="End", readonly=True)
    duration_minutes = fields.Integer(string="Duration (min)", readonly=True)
    is_refund_due = fields.Boolean(
        string="Refund Due",
        readonly=True,
        help="An interruption of at least the company's minimum duration affecting "
        "more than its minimum of customers (RQUAL: 10 minutes, more than one).",
    )
    refund_due_by = fields.Date(
        readonly=True,
        help="Automatic refund (RQUAL art. 32): in the bill by the end of the second "
        "month after the interruption.",
    )

    @api.depends("partner_id.vat")
    @api.depends_context("uid")
    def _compute_partner_document(self):
        # masked like the tickets' (LGPD), unless the user has the full-document tool
        show = (
            format_document
            if self.env["service.ticket"]._can_see_full_documents()
            else mask_document
        )
        for line in self:
            vat = line.partner_id.vat
            line.partner_document = show(vat) if vat else ""
