import re
from string import Formatter

import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"^[a-z][a-z0-9_]*$")
DATETIME_FORMAT = "%d/%m/%Y %H:%M:%S"


class ServiceInteractionType(models.Model):
    _name = "service.interaction.type"
    _description = "Ticket Interaction Type"
    _order = "name, id"

    code = fields.Char(
        required=True,
        index=True,
        help="Technical key used by the code and by integrations "
        "(service.ticket.log_interaction).",
    )
    name = fields.Char(required=True, translate=True)
    message_template = fields.Char(
        required=True,
        help="Text written in the ticket history. Placeholders between braces: "
        "{when} (date and time of the event), {protocol}, {process}, {subprocess}, "
        "{operator}, {customer}, plus any value an integration passes.",
    )
    automatic = fields.Boolean(
        string="Written Automatically",
        readonly=True,
        help="Logged by the addon itself; the others come from integrations.",
    )
    customer_visible = fields.Boolean(
        string="Shown to the Customer",
        help="Events of this type are part of the history the customer sees in the "
        "portal and downloads as a PDF (opening, steps, closing...). Comments, "
        "notes and the SLA's internals are not.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of an interaction type is unique."),
    ]

    @api.constrains("code")
    def _check_code(self):
        for interaction_type in self:
            if not _CODE.match(interaction_type.code):
                raise ValidationError(
                    _(
                        "The code %s must be lower case letters, digits and "
                        "underscores.",
                        interaction_type.code,
                    )
                )

    @api.constrains("message_template")
    def _check_message_template(self):
        for interaction_type in self:
            interaction_type._template_placeholders()

    def _template_placeholders(self):
        """Names used by the template; refuse anything but plain ``{name}``."""
        self.ensure_one()
        try:
            parsed = list(Formatter().parse(self.message_template))
        except ValueError as error:
            raise ValidationError(
                _("The message template %s has unbalanced braces.", self.name)
            ) from error
        names = set()
        for _literal, name, spec, conversion in parsed:
            if name is None:
                continue
            if not _PLACEHOLDER.match(name) or spec or conversion:
                raise ValidationError(
                    _(
                        "Placeholder {%(placeholder)s} of %(type)s is not valid: use "
                        "a plain name such as {protocol}.",
                        placeholder=name,
                        type=self.name,
                    )
                )
            names.add(name)
        return names

    @api.model_create_multi
    def create(self, vals_list):
        types = super().create(vals_list)
        self.env.registry.clear_cache()  # _ids_by_code
        return types

    def write(self, vals):
        result = super().write(vals)
        if "code" in vals:
            self.env.registry.clear_cache()  # _ids_by_code
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _ids_by_code
        return result

    @api.model
    def _get_by_code(self, code):
        """The type of ``code``, archived or not (sudo: the log is the addon's)."""
        ids = self._ids_by_code()
        if code not in ids:
            raise UserError(_("There is no interaction type with code %s.", code))
        # every type in the prefetch: the events of one request read them at once
        return (
            self.with_context(active_test=False)
            .sudo()
            .browse(ids[code])
            .with_prefetch(tuple(ids.values()))
        )

    @api.model
    @tools.ormcache()
    def _ids_by_code(self):
        """code -> id of every type: read on every event, changed by the
        administrator only (create/write/unlink clear it)."""
        types = self.with_context(active_test=False).sudo().search([])
        return {
            interaction_type.code: interaction_type.id for interaction_type in types
        }

    def _render(self, values):
        """Render the message with ``values`` (plain strings)."""
        self.ensure_one()
        missing = self._template_placeholders() - set(values)
        if missing:
            raise UserError(
                _(
                    "The interaction %(code)s needs the value(s): %(names)s.",
                    code=self.code,
                    names=", ".join(sorted(missing)),
                )
            )
        return self.message_template.format_map(values)

    @api.model
    def _format_datetime(self, moment, tz_name):
        """DD/MM/AAAA HH:MM:SS of a naive UTC datetime, in ``tz_name``."""
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name))
        return local.strftime(DATETIME_FORMAT)
