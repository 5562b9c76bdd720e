import re

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import (
    format_document,
    is_placeholder_document,
    mask_document,
    normalize_document,
    scrubber_for,
)

GROUP_TECHNICIAN = "painel_atendimento.group_technician"
GROUP_FULL_DOCUMENT = "painel_atendimento.group_tool_full_document"
GROUP_MANAGER = "painel_atendimento.group_manager"
# The anonymised customer's name: data of the record, in the ISP's language.
ANONYMISED_NAME = "Cliente anonimizado nº %s"
# What anonymising clears of his tickets and work orders: the address of the service
# but its city and state (nobody is found by a city; ANATEL counts per municipality).
ADDRESS_CLEARED = ("street", "street_number", "district", "zip", "condominium")
# What anonymising clears of the customer himself.
PARTNER_CLEARED = (
    "vat",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "website",
    "comment",
    "function",
    "image_1920",
)
_NOT_DIGIT = re.compile(r"\D")
# what a phone number is typed with, besides its digits
_PHONE_TYPED = re.compile(r"[\d\s()+\-.]+")


class ResPartner(models.Model):
    """The ISP's customer: CPF/CNPJ validated (base_vat), stored unformatted, shown
    punctuated — and masked (LGPD) to the painel's users without the full-document
    permission, who still find a customer by the full number."""

    _inherit = "res.partner"

    service_ticket_ids = fields.One2many(
        "service.ticket", "partner_id", string="Tickets"
    )
    service_ticket_count = fields.Integer(compute="_compute_service_ticket_count")
    # The digits of the phone and mobile, so that an operator finds the customer by
    # the number he calls from, typed with or without punctuation.
    service_phone_digits = fields.Char(
        compute="_compute_service_phone_digits", store=True, index="trigram"
    )

    @api.depends("service_ticket_ids")
    def _compute_service_ticket_count(self):
        counts = dict(
            self.env["service.ticket"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.service_ticket_count = counts.get(partner, 0)

    @api.depends("phone", "mobile")
    def _compute_service_phone_digits(self):
        for partner in self:
            numbers = (
                _NOT_DIGIT.sub("", n or "") for n in (partner.phone, partner.mobile)
            )
            partner.service_phone_digits = " ".join(n for n in numbers if n) or False

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
        """A CPF/CNPJ is stored unformatted and checked as Brazilian. The ISP's
        customers are Brazilian: a document typed on a customer without a country
        makes it Brazilian, unless it starts with another country's code (a foreign
        customer, which Odoo checks as such)."""
        vat = vals.get("vat")
        if not vat or not isinstance(vat, str):
            return
        brazil = self.env.ref("base.br")
        if not country_id and not self._painel_foreign_prefix(vat):
            vals["country_id"] = country_id = brazil.id
        if country_id == brazil.id:
            document = normalize_document(vat)
            if document.startswith("BR") and len(document) - 2 in (11, 14):
                document = document[2:]
            vals["vat"] = document

    @api.model
    def _painel_foreign_prefix(self, vat):
        """The country code ``vat`` starts with, when it is another country's."""
        prefix = normalize_document(vat)[:2]
        if not prefix.isalpha() or prefix == "BR":
            return False
        return bool(self.env["res.country"].search_count([("code", "=", prefix)]))

    @api.constrains("vat", "country_id")
    def _check_painel_document(self):
        # base_vat checks the check digits; it cannot tell a CPF from a foreign number
        # whose first letters read as a country code
        brazil = self.env.ref("base.br")
        for partner in self.filtered("vat"):
            if partner.country_id == brazil:
                document = normalize_document(partner.vat)
                cpf = len(document) == 11 and document.isdigit()
                if not (cpf or len(document) == 14):
                    raise ValidationError(
                        _(
                            "%(document)s is neither a CPF (11 digits) nor a CNPJ (14 "
                            "characters): check the document of %(partner)s.",
                            document=partner.vat,
                            partner=partner.display_name,
                        )
                    )
            elif not partner.country_id and not self._painel_foreign_prefix(
                partner.vat
            ):
                raise ValidationError(
                    _(
                        "%(partner)s has a CPF/CNPJ: its country is Brazil.",
                        partner=partner.display_name,
                    )
                )

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
        super()._compute_display_name()
        if not self.env.context.get("show_vat"):
            return
        # Odoo appends the raw number: show it as this user may see it (reading
        # display_name in another context here would read the field being computed)
        for partner in self.filtered("vat"):
            raw = f" ‒ {partner.vat}"
            name = partner.display_name or ""
            if name.endswith(raw):
                shown = self._painel_document_shown(partner.vat)
                partner.display_name = f"{name[: -len(raw)]} ‒ {shown}"

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        # Odoo names the results as the superuser: name them as this user may see
        # them, or the dropdown of a customer field would show the full CPF/CNPJ
        result = super().name_search(name, args=args, operator=operator, limit=limit)
        if self.env.su or not self.env.context.get("show_vat"):
            return result
        shown = {
            partner.id: partner.display_name
            for partner in self.browse([partner_id for partner_id, _name in result])
        }
        return [(partner_id, shown[partner_id]) for partner_id, _name in result]

    @api.model
    def _search_display_name(self, operator, value):
        # a CPF/CNPJ is found typed with or without its punctuation, a phone number
        # by its digits
        domain = super()._search_display_name(operator, value)
        document = normalize_document(value) if isinstance(value, str) else ""
        positive = operator in ("ilike", "=ilike", "like", "=like", "=")
        if positive and any(char.isdigit() for char in document):
            domain = ["|", *domain, ("vat", "ilike", document)]
            phone = _NOT_DIGIT.sub("", value)
            if len(phone) >= 8 and _PHONE_TYPED.fullmatch(value.strip()):
                if phone.startswith("55") and len(phone) >= 12:
                    phone = phone[2:]  # typed with Brazil's country code
                domain = ["|", *domain, ("service_phone_digits", "like", phone)]
        return domain

    def action_view_service_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_ticket"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------------ LGPD

    def _painel_scrubber(self):
        """What recognises this customer's identifiers in typed text."""
        self.ensure_one()
        partner = self.sudo()
        return scrubber_for(
            partner.name or "",
            partner.vat or "",
            partner.email or "",
            partner.phone or "",
            partner.mobile or "",
        )

    @api.model
    def _painel_ticket_scrubbers(self, ticket_ids):
        """{ticket id: the scrubber of its customer} (the ids are of existing
        tickets: the history is written by the tickets themselves)."""
        tickets = (
            self.env["service.ticket"].sudo().browse(set(filter(None, ticket_ids)))
        )
        return {
            ticket.id: ticket.partner_id._painel_scrubber()
            for ticket in tickets
            if ticket.partner_id
        }

    def action_painel_anonymize(self):
        """Anonimizar cliente (LGPD, at the customer's request): his personal data is
        replaced wherever the Painel keeps it; the regulatory record stays —
        protocols, dates, events — without it. The events and SLA interventions,
        append-only down to PostgreSQL, are not touched: they were written without
        his identifiers (``service.interaction.create``)."""
        if not (self.env.su or self.env.user.has_group(GROUP_MANAGER)):
            raise AccessError(_("Only administrators anonymise customers."))
        staff = self._painel_users().filtered(lambda user: not user.share)
        if staff:
            raise UserError(
                _(
                    "%s is a user of the system, not a customer: archive the user "
                    "instead.",
                    staff[0].partner_id.display_name,
                )
            )
        for partner in self:
            partner._painel_anonymize()
        return True

    def _painel_users(self):
        """The users of these customers and of their contacts, archived included."""
        return (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "child_of", self.ids)])
        )

    def _painel_anonymize(self):
        self.ensure_one()
        env = self.env(su=True, context=dict(self.env.context, tracking_disable=True))
        partner = self.with_env(env)
        scrubber = partner._painel_scrubber()
        tickets = env["service.ticket"].search([("partner_id", "child_of", partner.id)])
        for ticket in tickets:
            vals = dict.fromkeys(ADDRESS_CLEARED, False)
            for name in ("description", "closing_comment"):
                if scrubber.finds(ticket[name]):
                    vals[name] = scrubber.scrub(ticket[name])
            ticket.write(vals)
        for order in tickets.work_order_ids:
            order.write(
                dict.fromkeys(ADDRESS_CLEARED, False)
                | {"description": scrubber.scrub(order.description)}
            )
        for rating in env["rating.rating"].search(
            [("res_model", "=", "service.ticket"), ("res_id", "in", tickets.ids)]
        ):
            if scrubber.finds(rating.feedback):
                rating.feedback = scrubber.scrub(rating.feedback)
        partner._painel_anonymize_messages(tickets, scrubber)
        for user in partner._painel_users():
            user.write(
                {"active": False, "login": f"anonimizado-{partner.id}-{user.id}"}
            )
        partner.write(
            dict.fromkeys(PARTNER_CLEARED, False)
            | {"name": ANONYMISED_NAME % partner.id}
        )
        tickets._log_event("customer_anonymized", user=self.env.user)

    def _painel_anonymize_messages(self, tickets, scrubber):
        """The chatter of the customer and of his tickets: texts scrubbed; the
        copies still to be sent (e-mails, SMS) dropped."""
        env = self.env
        messages = env["mail.message"].search(
            [
                "|",
                "|",
                "&",
                ("model", "=", "service.ticket"),
                ("res_id", "in", tickets.ids),
                "&",
                ("model", "=", "res.partner"),
                ("res_id", "=", self.id),
                ("author_id", "=", self.id),
            ]
        )
        for message in messages:
            vals = {
                name: scrubber.scrub(message[name])
                for name in ("subject", "record_name", "email_from")
                if scrubber.finds(message[name])
            }
            body = str(message.body or "")
            if scrubber.finds(body):
                # the scrubber only replaces text with plain tokens
                vals["body"] = Markup(scrubber.scrub(body))
            if vals:
                message.write(vals)
        for tracking in env["mail.tracking.value"].search(
            [("mail_message_id", "in", messages.ids)]
        ):
            vals = {
                name: scrubber.scrub(tracking[name])
                for name in (
                    "old_value_char",
                    "new_value_char",
                    "old_value_text",
                    "new_value_text",
                )
                if scrubber.finds(tracking[name])
            }
            if vals:
                tracking.write(vals)
        env["mail.mail"].search([("mail_message_id", "in", messages.ids)]).unlink()
        if "sms.sms" in env:
            env["sms.sms"].search(
                [
                    "|",
                    ("mail_message_id", "in", messages.ids),
                    ("partner_id", "=", self.id),
                ]
            ).unlink()
