from odoo import api, fields, models

from ..tools import format_document, is_placeholder_document, normalize_document


class ResPartner(models.Model):
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
        brazil = self.env.ref("base.br")
        for vals in vals_list:
            if vals.get("vat") and vals.get("country_id") == brazil.id:
                vals["vat"] = normalize_document(vals["vat"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("vat"):
            brazil = self.env.ref("base.br")
            country_id = vals.get("country_id") or self[:1].country_id.id
            if country_id == brazil.id:
                vals["vat"] = normalize_document(vals["vat"])
        return super().write(vals)

    def check_vat_br(self, vat):
        return super().check_vat_br(vat) and not is_placeholder_document(vat)

    def _painel_document_display(self):
        """CPF/CNPJ punctuated as Brazilians read it."""
        self.ensure_one()
        return format_document(self.vat)

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_ticket"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
