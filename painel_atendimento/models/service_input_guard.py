import math
from datetime import date, datetime

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Dates a ticket can sensibly carry; beyond them a value is a typo or an attack.
FIRST_DATE = date(1970, 1, 1)
LAST_DATE = date(2100, 12, 31)
_MAX_INTEGER = 2**31 - 1  # PostgreSQL integer
_MAX_FLOAT = 1e12


def _is_number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


class ServiceInputGuard(models.AbstractModel):
    """What a client sends, checked before the ORM sees it.

    JSON-RPC lets a client send anything: text where a number is expected, a list, NaN,
    a boolean, an id that does not exist, a date in the year 9999. The ORM would answer
    with a traceback or a raw PostgreSQL error; these checks answer with a message
    that names the field and says what to fix, before anything is written.
    """

    _name = "service.input.guard"
    _description = "Checked Client Input"

    @api.model
    def _guard_values(self, vals):
        """Refuse ``vals`` (a create or write dictionary) unless every value fits
        its field."""
        if not isinstance(vals, dict):
            raise ValidationError(_("The values to save must be a dictionary."))
        for name, value in vals.items():
            field = self._fields.get(name)
            if field is None:
                raise ValidationError(
                    _("There is no field “%(field)s” here.", field=name)
                )
            problem = self._guard_problem(field, value)
            if problem:
                raise ValidationError(
                    _(
                        "%(field)s: %(problem)s",
                        field=field._description_string(self.env),
                        problem=problem,
                    )
                )

    @api.model
    def _field_labels(self, names):
        """The labels of fields ``names``, for a message that lists them."""
        return ", ".join(
            self._fields[name]._description_string(self.env) for name in names
        )

    @api.model
    def _guard_context_defaults(self):
        """The ``default_<field>`` keys of the context, as the values ``create``
        will receive: checked like them, and returned for the caller's own rules."""
        defaults = {
            name: value
            for key, value in self.env.context.items()
            if key.startswith("default_")
            and (name := key.removeprefix("default_")) in self._fields
        }
        self._guard_values(defaults)
        return defaults

    @api.model
    def _guard_problem(self, field, value):
        """What is wrong with ``value`` for ``field``, or None."""
        if value is None or (value is False and field.type != "boolean"):
            return None
        check = getattr(self, f"_guard_{field.type}", None)
        return check(field, value) if check else None

    def _guard_boolean(self, field, value):
        if not isinstance(value, bool):
            return _("choose yes or no.")
        return None

    def _guard_integer(self, field, value):
        if not isinstance(value, int) or isinstance(value, bool):
            return _("type a whole number.")
        if abs(value) > _MAX_INTEGER:
            return _("the number is too large.")
        return None

    def _guard_float(self, field, value):
        if not _is_number(value) or not math.isfinite(value):
            return _("type a number.")
        if abs(value) > _MAX_FLOAT:
            return _("the number is too large.")
        return None

    _guard_monetary = _guard_float

    def _guard_char(self, field, value):
        if not isinstance(value, str):
            return _("type a text.")
        return None

    _guard_text = _guard_char
    _guard_html = _guard_char

    def _guard_selection(self, field, value):
        if value not in field.get_values(self.env):
            return _("choose one of the offered options.")
        return None

    def _guard_many2one(self, field, value):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            return _("choose a record from the list.")
        # existence only (sudo): record rules and companies are checked by the ORM
        if not self.env[field.comodel_name].sudo().browse(value).exists():
            return _("the chosen record does not exist (any more).")
        return None

    def _guard_date(self, field, value):
        return self._guard_moment(value, fields.Date.to_date, date)

    def _guard_datetime(self, field, value):
        return self._guard_moment(value, fields.Datetime.to_datetime, datetime)

    def _guard_moment(self, value, parse, kind):
        if not isinstance(value, str | kind):
            return _("type a date.")
        try:
            moment = parse(value)
        except (ValueError, TypeError):
            return _("type a valid date.")
        day = moment.date() if isinstance(moment, datetime) else moment
        if not FIRST_DATE <= day <= LAST_DATE:
            return _("the date must be between 1970 and 2100.")
        return None

    def _guard_one2many(self, field, value):
        if not isinstance(value, list | tuple) or not all(
            isinstance(command, list | tuple)
            and command
            and _is_number(command[0])
            and command[0] in tuple(fields.Command)
            for command in value
        ):
            return _("the list of lines is malformed.")
        return None

    _guard_many2many = _guard_one2many

    @api.model
    def _guard_record(self, model_name, value, label):
        """``value`` — a record, an id, or a one-id list as RPC clients send — as a
        single existing record of ``model_name`` the user may read."""
        records = value
        if isinstance(value, list | tuple) and len(value) == 1:
            value = value[0]
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            records = self.env[model_name].browse(value)
        if (
            not isinstance(records, models.BaseModel)
            or records._name != model_name
            or len(records) != 1
            or not records.exists()
        ):
            raise ValidationError(_("Choose one %(what)s from the list.", what=label))
        records.check_access("read")
        return records

    @api.model
    def _guard_text_argument(self, value, label):
        """An optional text argument of a method: a string, or nothing."""
        if value in (None, False, ""):
            return False
        if not isinstance(value, str):
            raise ValidationError(_("%(what)s must be a text.", what=label))
        return value
