from odoo import api, fields, models

from ..tools import (
    format_document,
    is_placeholder_document,
    mask_document,
    normalize_document,
)

GROUP_TECHNICIAN = "painel_atendimento.group_technician"
GROUP_FULL_DOCUMENT = "painel_atendimento.group_tool_full_document"


class ResPartner(models.Model):
    """The ISP's customer: CPF/CNPJ validated (base_vat), stored unformatted, shown
    punctuated — and masked (LGPD) to the painel's users without the full-document
    permission, who still find a customer by the full number."""

    _inherit = "res.partner"

    service_ticket_ids = fields.One2many(
        "service.ticket", "partner_id", string="Tickets"
    )
    service_ticket_count = fields.Integer(compute="_compute_service_ticket_count")

    @api.depends("service_ticket_ids")
    def _compute_service_ticket_count(self):
        counts = dict(
            self.env["service.ticket"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.service_ticket_count = counts.get(partner, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._painel_prepare_document(vals, vals.get("country_id"))
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("vat"):
            country_id = vals.get("country_id", self[:1].country_id.id)
            self._painel_prepare_document(vals, country_id)
        return super().write(vals)

    @api.model
    def _painel_prepare_document(self, vals, country_id):
        """A CPF/CNPJ is stored unformatted and checked as Brazilian: typed on a
        customer without a country, it makes the customer Brazilian (the ISP's
        customers are), rather than letting its first letters pass for a country
        code that base_vat would check against."""
        vat = vals.get("vat")
        if not vat or not isinstance(vat, str):
            return
        brazil = self.env.ref("base.br")
        document = normalize_document(vat)
        if not country_id and len(document) in (11, 14):
            vals["country_id"] = country_id = brazil.id
        if country_id == brazil.id:
            vals["vat"] = document

    def check_vat_br(self, vat):
        return super().check_vat_br(vat) and not is_placeholder_document(vat)

    # ------------------------------------------------------------------ LGPD

    @api.model
    def _painel_document_shown(self, vat):
        """A CPF/CNPJ as the current user may see it: punctuated, masked for the
        painel's users without the full-document permission."""
        if not vat:
            return vat
        user = self.env.user
        masked = (
            not self.env.su
            and user.has_group(GROUP_TECHNICIAN)
            and not user.has_group(GROUP_FULL_DOCUMENT)
        )
        return mask_document(vat) if masked else format_document(vat)

    def _read_format(self, fnames, load="_classic_read"):
        # read, web_read and search_read all answer through here: what a client sees
        result = super()._read_format(fnames, load=load)
        if "vat" in fnames:
            for values in result:
                if "vat" in values:
                    values["vat"] = self._painel_document_shown(values["vat"])
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        rows = super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        columns = [index for index, path in enumerate(fields) if path == ["vat"]]
        for row in rows:
            for index in columns:
                if isinstance(row[index], str):
                    row[index] = self._painel_document_shown(row[index])
        return rows

    @api.depends_context("uid")
    def _compute_display_name(self):
        if not self.env.context.get("show_vat"):
            return super()._compute_display_name()
        # Odoo appends the raw number: append it as this user may see it
        for partner in self:
            name = partner.with_context(show_vat=False).display_name
            if partner.vat:
                name = f"{name} ‒ {self._painel_document_shown(partner.vat)}"
            partner.display_name = name

    @api.model
    def _search_display_name(self, operator, value):
        # a CPF/CNPJ is found typed with or without its punctuation
        domain = super()._search_display_name(operator, value)
        document = normalize_document(value) if isinstance(value, str) else ""
        positive = operator in ("ilike", "=ilike", "like", "=like", "=")
        if positive and any(char.isdigit() for char in document):
            domain = ["|", *domain, ("vat", "ilike", document)]
        return domain

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_ticket"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
