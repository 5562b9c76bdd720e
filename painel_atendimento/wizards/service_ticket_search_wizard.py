from datetime import datetime, time, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

_MAX_ID = 2**31 - 1  # ids are PostgreSQL integers


class ServiceTicketSearchMixin(models.AbstractModel):
    """Busca avançada: a period in the operator's dates plus one search criterion.

    Each wizard lists its criteria in ``search_by``; the chosen one is turned into a
    domain by ``_domain_<criterion>`` and the result opens in the wizard's panel.
    """

    _name = "service.ticket.search.mixin"
    _inherit = ["service.wizard.input.mixin"]
    _description = "Ticket Search by Period"

    # the longest period one search may cover, in days
    _max_period_days = 180
    # xmlid of the panel that shows the result
    _result_action = None
    # criteria that find a ticket by a unique key, whatever the period
    _criteria_without_period = ()

    date_from = fields.Date(string="From", default=lambda self: self._default_from())
    date_to = fields.Date(string="To", default=lambda self: self._operator_today())
    user_id = fields.Many2one("res.users", string="Operator")
    city = fields.Char()
    origin_id = fields.Many2one("service.contact.origin", string="Contact Origin")

    # ------------------------------------------------------------------ period

    @api.model
    def _operator_tz(self):
        return self.env.user._painel_tz()

    @api.model
    def _operator_today(self):
        return datetime.now(self._operator_tz()).date()

    @api.model
    def _default_from(self):
        return self._operator_today() - timedelta(days=self._max_period_days)

    def _check_period(self):
        if not (self.date_from and self.date_to):
            raise UserError(_("Fill in the period: both the start and the end date."))
        if self.date_from > self.date_to:
            raise UserError(_("The period starts after it ends."))
        if (self.date_to - self.date_from).days > self._max_period_days:
            raise UserError(
                _(
                    "The period can span at most %(days)s days.",
                    days=self._max_period_days,
                )
            )

    def _period_domain(self, field_name):
        """``field_name`` within the operator's local dates, as naive UTC bounds."""
        tz = self._operator_tz()
        start, end = (
            tz.localize(datetime.combine(day, time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
            for day in (self.date_from, self.date_to + timedelta(days=1))
        )
        return [(field_name, ">=", start), (field_name, "<", end)]

    # ------------------------------------------------------------------ criteria

    def _required_value(self, field_name):
        """The value of a criterion field, or a clear error when it is empty."""
        value = self[field_name]
        if isinstance(value, str):
            value = value.strip()
        if not value:
            label = self._fields[field_name]._description_string(self.env)
            raise UserError(_("Fill in “%(field)s” to search.", field=label))
        return value

    def _domain_period(self):
        return []

    def _domain_claimed_by(self):
        return [("claimed_by_id", "=", self._required_value("user_id").id)]

    def _domain_opened_by(self):
        return [("opened_by_id", "=", self._required_value("user_id").id)]

    def _domain_city(self):
        return [("city", "=ilike", self._required_value("city"))]

    def _domain_origin(self):
        return [("origin_id", "=", self._required_value("origin_id").id)]

    # ------------------------------------------------------------------ action

    def _search_domain(self):
        self.ensure_one()
        criterion = getattr(self, f"_domain_{self.search_by}")()
        if self.search_by in self._criteria_without_period:
            return criterion
        self._check_period()
        return self._period_domain(self._period_field()) + criterion

    def _period_field(self):
        return "opened_at"

    def action_search(self):
        self.ensure_one()
        domain = self._search_domain()
        action = self.env["ir.actions.act_window"]._for_xml_id(self._result_action)
        action["domain"] = domain
        # the result is the search: the panel must not wait for another one
        action["context"] = {"painel_search_mode": False}
        if self.search_by not in self._criteria_without_period:
            # the breadcrumb shows the period searched
            action["display_name"] = _(
                "%(panel)s: %(date_from)s to %(date_to)s",
                panel=action["name"],
                date_from=format_date(self.env, self.date_from),
                date_to=format_date(self.env, self.date_to),
            )
        return action


class ServiceTicketSyntheticSearch(models.TransientModel):
    """Informações sintéticas (últimos 180 dias): pivot and graph of a period."""

    _name = "service.ticket.synthetic.search"
    _inherit = ["service.ticket.search.mixin"]
    _description = "Synthetic Ticket Information"

    _result_action = "painel_atendimento.action_panel_search_synthetic"

    search_by = fields.Selection(
        [
            ("period", "Period only"),
            ("claimed_by", "Claiming operator in the period"),
            ("opened_by", "Opening operator in the period"),
            ("city", "City in the period"),
            ("origin", "Contact origin in the period"),
        ],
        required=True,
        default="period",
    )


class ServiceTicketAdvancedSearch(models.TransientModel):
    """Pesquisa avançada: the list of the tickets matching one criterion."""

    _name = "service.ticket.advanced.search"
    _inherit = ["service.ticket.search.mixin"]
    _description = "Advanced Ticket Search"

    _result_action = "painel_atendimento.action_panel_search_advanced"
    # a year: the list stays an index range scan on the period even for big bases
    _max_period_days = 366
    _criteria_without_period = ("protocol", "code")

    search_by = fields.Selection(
        [
            ("period", "Period only"),
            ("protocol", "Protocol"),
            ("code", "Code"),
            ("partner", "Customer in the period"),
            ("claimed_by", "Operator in the period"),
            ("opened_by", "Opening operator in the period"),
            ("city", "City in the period"),
            ("origin", "Contact origin in the period"),
            ("closed", "Closed in the period"),
            ("address", "Address in the period"),
            ("condominium", "Condominium in the period"),
        ],
        required=True,
        default="period",
    )
    protocol = fields.Char(help="With or without punctuation.")
    code = fields.Char(help="The ticket code, digits only.")
    partner_id = fields.Many2one("res.partner", string="Customer")
    street = fields.Char()
    district = fields.Char()
    condominium = fields.Char()

    def _period_field(self):
        return "closed_at" if self.search_by == "closed" else "opened_at"

    def _domain_protocol(self):
        return [("protocol_search", "=", self._required_value("protocol"))]

    def _domain_code(self):
        code = self._required_value("code")
        if not (code.isascii() and code.isdigit()):
            raise UserError(_("The code is the ticket number: digits only."))
        if int(code) > _MAX_ID:
            raise UserError(_("No ticket has the code %(code)s.", code=code))
        return [("id", "=", int(code))]

    def _domain_partner(self):
        return [("partner_id", "=", self._required_value("partner_id").id)]

    def _domain_closed(self):
        return [("state", "=", "closed")]

    def _domain_address(self):
        parts = {
            name: (self[name] or "").strip() for name in ("street", "district", "city")
        }
        if not any(parts.values()):
            raise UserError(
                _("Fill in the street, the district or the city to search.")
            )
        return [(name, "ilike", value) for name, value in parts.items() if value]

    def _domain_condominium(self):
        return [("condominium", "ilike", self._required_value("condominium"))]
