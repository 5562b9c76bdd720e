"""The service ticket (atendimento): its record, and the door every change goes through.

What a ticket does is composed of named mixins, listed in ``_inherit``; each is the
home of one concern, found by its spec word (see ``readme/DEVELOP.md``):

- ``service.ticket.lifecycle`` — Resgatar, Liberar, Encaminhar, Próximo subprocesso,
  Finalizar, Cancelar, Reabrir: the state machine (service_ticket_lifecycle.py);
- ``service.ticket.sla`` — SLA, Modificar SLA, Histórico (service_ticket_sla.py);
- ``service.ticket.log`` — Interações, comments, followers (service_ticket_log.py);
- ``service.ticket.survey`` — Avaliação SAC Plus (service_ticket_survey.py);
- ``service.ticket.work.orders`` — Ordens de Serviço (service_ticket_work_orders.py);
- ``service.ticket.tools`` — Permissões de ferramentas (service_ticket_tools.py);
- ``service.ticket.panel`` — the Painel's columns and indexes (service_ticket_panel.py);
- ``service.ticket.regulation`` — Prazos regulatórios (service_ticket_regulation.py);
- ``service.ticket.protocol.notice`` — Aviso de protocolo
  (service_ticket_protocol_notice.py);
- ``service.ticket.outage`` — Parada, its script (service_ticket_outage.py);
- ``service.ticket.portal`` — the customer's own history (service_ticket_portal.py).

``create``, ``write`` and ``unlink`` are overridden here only, and call the mixins'
hooks by name: nothing depends on the order the files are imported in.
"""

import re

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..tools import (
    escape_like,
    format_document,
    mask_document,
    normalize_document,
    normalize_search_text,
)
from .service_ticket_tools import ADDRESS_FIELDS, EDIT_TOOL_FIELDS

# Given when the ticket is opened, never changed afterwards: the company (nothing moves
# between companies) and the process (changed by forwarding only). Every other field
# but the Edit tool's is the lifecycle's, the SLA engine's or the survey's: they write
# it with sudo() — the privilege is the point — and a client sending it is refused.
OPENING_FIELDS = frozenset({"company_id", "process_id"})
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NOT_DIGIT = re.compile(r"\D")
_MAX_ID = 2**31 - 1  # ids are PostgreSQL integers


class ServiceTicket(models.Model):
    _name = "service.ticket"
    _description = "Service Ticket (Atendimento)"
    # the chatter (mail.thread) comes with the log and the survey, which extend it
    _inherit = [
        "service.ticket.lifecycle",
        "service.ticket.sla",
        "service.ticket.log",
        "service.ticket.survey",
        "mail.activity.mixin",
        "service.input.guard",
        "service.literal.search.mixin",
        "service.ticket.work.orders",
        "service.ticket.tools",
        "service.ticket.panel",
        "service.ticket.regulation",
        "service.ticket.protocol.notice",
        "service.ticket.outage",
        "service.ticket.portal",
    ]
    _order = "opened_at desc, id desc"
    _rec_name = "protocol"
    _rec_names_search = ["protocol", "partner_display_document"]
    _check_company_auto = True
    # a technician reads the tickets of his work orders and comments on them
    _mail_post_access = "read"
    _literal_search_fields = ("protocol", *ADDRESS_FIELDS, "description")

    protocol = fields.Char(readonly=True, copy=False, index=True, default="/")
    protocol_search = fields.Char(
        compute="_compute_protocol_search",
        search="_search_protocol_search",
        string="Protocol (any format)",
    )
    # The search box's default: what an operator types with a customer on the phone
    quick_search = fields.Char(
        string="Protocol, CPF/CNPJ, Code or Customer",
        compute="_compute_quick_search",
        search="_search_quick_search",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    # What the user may see of the customer's CPF/CNPJ (LGPD): punctuated, masked
    # without the full-document permission; found by the full number either way.
    partner_document = fields.Char(
        string="CPF/CNPJ",
        compute="_compute_partner_document",
        search="_search_partner_document",
    )
    partner_display_document = fields.Char(
        string="Name/Document",
        compute="_compute_partner_document",
        search="_search_partner_display_document",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "service.team",
        string="Workspace Group",
        index=True,
        tracking=True,
        check_company=True,
    )
    origin_id = fields.Many2one(
        "service.contact.origin", string="Contact Origin", index=True, tracking=True
    )
    opening_classification_id = fields.Many2one(
        "service.classification",
        string="Opening Classification",
        index=True,
        domain=[("kind", "=", "opening")],
        tracking=True,
        check_company=True,
    )
    description = fields.Text(string="Customer Report", tracking=True)

    street = fields.Char(
        compute="_compute_address", store=True, readonly=False, precompute=True
    )
    street_number = fields.Char(
        compute="_compute_address", store=True, readonly=False, precompute=True
    )
    district = fields.Char(
        compute="_compute_address",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    city = fields.Char(
        compute="_compute_address",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="State",
        compute="_compute_address",
        store=True,
        readonly=False,
        precompute=True,
    )
    zip = fields.Char(
        compute="_compute_address", store=True, readonly=False, precompute=True
    )
    condominium = fields.Char(index=True)
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Attachments",
        domain=[("res_model", "=", "service.ticket")],
        readonly=True,
    )

    _sql_constraints = [
        ("protocol_unique", "unique(protocol)", "The protocol must be unique."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("protocol")
    def _compute_protocol_search(self):
        for ticket in self:
            ticket.protocol_search = ticket.protocol

    def _search_protocol_search(self, operator, value):
        if operator not in ("=", "ilike", "=ilike", "like") or not isinstance(
            value, str
        ):
            raise UserError(_("Search the protocol by its number."))
        compact = _NOT_ALNUM.sub("", normalize_search_text(value))
        if not compact:
            raise UserError(
                _("Type the digits of the protocol, with or without punctuation.")
            )
        return [("protocol", "=" if operator == "=" else "ilike", compact)]

    def _compute_quick_search(self):
        # a search field only
        self.quick_search = False

    def _search_quick_search(self, operator, value):
        """Digits find the protocol (any part of it), the CPF/CNPJ and the code, and
        a phone number the customer's tickets; letters find the customer's name.
        Punctuation typed or not, it finds the same."""
        if operator not in ("ilike", "=ilike", "like", "=") or not isinstance(
            value, str
        ):
            raise UserError(
                _("Type a protocol, a CPF/CNPJ, a code or the customer's name.")
            )
        text = normalize_search_text(value)
        if not text:
            raise UserError(
                _("Type a protocol, a CPF/CNPJ, a code or the customer's name.")
            )
        compact = _NOT_ALNUM.sub("", text)
        digits = _NOT_DIGIT.sub("", text)
        domains = []
        if compact and compact.isdigit():
            domains.append([("protocol", "ilike", compact)])
            if compact.isascii() and int(compact) <= _MAX_ID:
                domains.append([("id", "=", int(compact))])
        if len(normalize_document(text)) in (11, 14):
            domains.append([("partner_document", "=", text)])
        if len(digits) >= 8 and compact.isdigit():
            partners = self.env["res.partner"]._search(
                self.env["res.partner"]._search_display_name("ilike", text)
            )
            domains.append([("partner_id", "in", partners)])
        if not compact.isdigit():
            domains.append([("partner_id.name", "=ilike", f"%{escape_like(text)}%")])
        return expression.OR(domains)

    @api.depends("partner_id.name", "partner_id.vat")
    @api.depends_context("uid")
    def _compute_partner_document(self):
        show = format_document if self._can_see_full_documents() else mask_document
        for ticket in self:
            partner = ticket.partner_id
            document = show(partner.vat) if partner.vat else ""
            ticket.partner_document = document
            name = partner.name or ""
            ticket.partner_display_document = (
                f"{name} - {document}" if document else name
            )

    def _can_see_full_documents(self):
        return self.env.su or self.env.user.has_group(
            "painel_atendimento.group_tool_full_document"
        )

    def _search_partner_document(self, operator, value):
        if operator not in ("=", "ilike", "=ilike", "like") or not isinstance(
            value, str
        ):
            raise UserError(_("Search the CPF/CNPJ by its number."))
        document = normalize_document(value)
        if not document:
            raise UserError(_("Type the digits of the CPF or CNPJ."))
        # sudo: the number is found whether or not the user may see it in full
        partners = self.env["res.partner"].sudo()._search([("vat", "=", document)])
        return [("partner_id", "in", partners)]

    def _search_partner_display_document(self, operator, value):
        """Nome/Documento: the customer's name, or the full CPF/CNPJ."""
        if operator not in ("=", "ilike", "=ilike", "like") or not isinstance(
            value, str
        ):
            raise UserError(_("Search the customer by name or CPF/CNPJ."))
        text = normalize_search_text(value)
        document = normalize_document(text)
        domain = [("partner_id.name", "=ilike", f"%{escape_like(text)}%")]
        if document and any(char.isdigit() for char in document):
            domain = ["|", *domain, ("partner_document", "=", text)]
        return domain

    @api.depends("partner_id")
    def _compute_address(self):
        for ticket in self:
            partner = ticket.partner_id
            ticket.street = partner.street
            ticket.street_number = False
            ticket.district = partner.street2
            ticket.city = partner.city
            ticket.state_id = partner.state_id
            ticket.zip = partner.zip

    # ------------------------------------------------------------------ the door

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._check_client_values(vals_list, opening=True)
        for vals in vals_list:
            vals["protocol"] = vals.get("protocol") or self._next_protocol(vals)
        tickets = super().create(vals_list)
        tickets._open()
        return tickets

    def write(self, vals):
        if not self.env.su:
            self._check_client_values([vals], opening=False)
            self._check_edit_tool(vals)
        if "protocol" in vals and any(t.protocol != vals["protocol"] for t in self):
            raise UserError(_("The protocol of a ticket can never be changed."))
        described = self.browse()
        if "description" in vals:
            described = self.filtered(
                lambda t: (t.description or "") != (vals["description"] or "")
            )
        result = super().write(vals)
        if "state" in vals:
            self._keep_state_invariants()
        described._log_event("description_changed")
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _("A ticket is never deleted, its history with it: cancel it instead.")
        )

    def _check_client_values(self, vals_list, opening):
        """Refuse what no client may send: any field but the ones a client fills in
        (the Edit tool's, plus the company and the process when opening), including
        as a ``default_*`` context key; a malformed value; an edit of a ticket that
        is no longer open."""
        allowed = EDIT_TOOL_FIELDS | (OPENING_FIELDS if opening else frozenset())
        defaults = self._guard_context_defaults() if opening else {}
        for vals in vals_list:
            self._guard_values(vals)
        sent = set().union(defaults, *vals_list)
        refused = sorted(sent - allowed)
        if refused:
            raise UserError(
                _(
                    "These fields of a ticket change only through its actions (claim, "
                    "forward, close, change SLA...): %(fields)s.",
                    fields=self._field_labels(refused),
                )
            )
        edited = EDIT_TOOL_FIELDS & sent
        if edited and not opening and self.filtered(lambda t: t.state != "open"):
            raise UserError(
                _("A ticket that is no longer open cannot be edited: reopen it first.")
            )

    def _next_protocol(self, vals):
        """AAAAMMDD of the operator's local opening date + a counter that never
        restarts."""
        opened_at = fields.Datetime.to_datetime(vals.get("opened_at"))
        opened_at = opened_at or fields.Datetime.now()
        tz = self.env.user._painel_tz()
        local_day = pytz.utc.localize(opened_at).astimezone(tz).replace(tzinfo=None)
        return (
            self.env["ir.sequence"]
            .with_context(ir_sequence_date=local_day)
            .next_by_code("service.ticket.protocol")
        )

    # ------------------------------------------------------------------ UI actions

    def action_view_attachments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_attachment")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
        }
        return action
