from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class ServiceOutageArea(models.Model):
    """One place an outage covers: a whole city, a bairro of it, or a condomínio."""

    _name = "service.outage.area"
    _description = "Area of an Outage"
    _order = "city, district, condominium, id"

    outage_id = fields.Many2one(
        "service.outage", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="outage_id.company_id", store=True)
    city = fields.Char(required=True)
    district = fields.Char(string="Bairro", help="Empty: the whole city.")
    condominium = fields.Char(help="Empty: the whole bairro, or the whole city.")

    @api.model_create_multi
    def create(self, vals_list):
        areas = super().create(vals_list)
        areas._check_outage_ongoing()
        return areas

    def write(self, vals):
        self._check_outage_ongoing()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_ongoing(self):
        self._check_outage_ongoing()

    def _check_outage_ongoing(self):
        # the area of an ended outage made its refund list: it stays as it was
        if not self.env.su and self.outage_id.filtered(lambda o: o.state != "active"):
            raise UserError(_("Only an ongoing outage can be changed."))

    @api.constrains("city")
    def _check_city(self):
        if any(not (area.city or "").strip() for area in self):
            raise ValidationError(_("Say the city of every affected area."))

    @api.depends("city", "district", "condominium")
    def _compute_display_name(self):
        for area in self:
            area.display_name = " / ".join(
                part for part in (area.city, area.district, area.condominium) if part
            )

    def _covers(self, city, district, condominium):
        """Whether this area holds an address (case and spaces do not count)."""
        self.ensure_one()
        return all(
            _same(mine, theirs)
            for mine, theirs in (
                (self.city, city),
                (self.district, district),
                (self.condominium, condominium),
            )
            if mine
        )


def _same(one, other):
    return (one or "").strip().casefold() == (other or "").strip().casefold()
