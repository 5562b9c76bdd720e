import calendar
import math
from datetime import timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import escape_like
from .res_users import DEFAULT_TZ
from .service_ticket_tools import GROUP_SUPERVISOR

ACTION_FIELDS = frozenset({"state", "end_at", "customer_ids", "ticket_ids"})


class ServiceOutage(models.Model):
    """Parada: an interruption of the service in an area, with the script operators
    follow while it lasts. Tickets opened for the area meanwhile are linked to it;
    when it ends, the customers it affected, with the time each was without
    service, make the refund list RQUAL requires (readme/CONFORMIDADE.md)."""

    _name = "service.outage"
    _description = "Service Outage (Parada)"
    _inherit = ["mail.thread"]
    _order = "start_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Description", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        [("active", "Ongoing"), ("ended", "Ended"), ("cancelled", "Cancelled")],
        string="Status",
        required=True,
        default="active",
        readonly=True,
        index=True,
        tracking=True,
    )
    start_at = fields.Datetime(
        string="Start", required=True, default=fields.Datetime.now, tracking=True
    )
    expected_end_at = fields.Datetime(string="Expected Return", tracking=True)
    end_at = fields.Datetime(string="End", readonly=True, tracking=True)
    area_ids = fields.One2many(
        "service.outage.area", "outage_id", string="Affected Area"
    )
    partner_ids = fields.Many2many(
        "res.partner",
        "service_outage_partner_rel",
        "outage_id",
        "partner_id",
        string="Affected Customers (List)",
        check_company=True,
        help="Customers affected wherever they live (a building's link, a "
        "dedicated line...).",
    )
    script = fields.Html(
        string="Script for Operators",
        help="What the operators tell the customers of the area while it lasts.",
    )
    ticket_ids = fields.One2many(
        "service.ticket", "outage_id", string="Linked Tickets", readonly=True
    )
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    customer_ids = fields.One2many(
        "service.outage.customer",
        "outage_id",
        string="Refund List",
        readonly=True,
    )
    customer_count = fields.Integer(
        string="Affected Customers", compute="_compute_customer_count"
    )
    duration_minutes = fields.Integer(
        string="Duration (min)", compute="_compute_duration_minutes"
    )

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        for outage in self:
            outage.ticket_count = len(outage.ticket_ids)

    @api.depends("customer_ids")
    def _compute_customer_count(self):
        for outage in self:
            outage.customer_count = len(outage.customer_ids)

    @api.depends("start_at", "end_at")
    def _compute_duration_minutes(self):
        for outage in self:
            outage.duration_minutes = (
                _minutes(outage.start_at, outage.end_at) if outage.end_at else 0
            )

    @api.constrains("start_at", "expected_end_at")
    def _check_expected_end(self):
        for outage in self:
            if outage.expected_end_at and outage.expected_end_at < outage.start_at:
                raise ValidationError(
                    _(
                        "The expected return of outage “%s” cannot be before its "
                        "start.",
                        outage.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_client_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._check_client_values(vals)
            if self.filtered(lambda outage: outage.state != "active"):
                raise UserError(_("Only an ongoing outage can be changed."))
        return super().write(vals)

    def _check_client_values(self, vals):
        # the end and the status are the actions' (the end builds the refund list)
        if ACTION_FIELDS & vals.keys():
            raise UserError(
                _("An outage ends or is cancelled through its buttons only.")
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_if_unused(self):
        if self.ticket_ids or self.customer_ids:
            raise UserError(
                _(
                    "An outage with linked tickets or a refund list is part of the "
                    "record: cancel it instead of deleting it."
                )
            )

    # ------------------------------------------------------------------ actions

    def _check_supervisor(self):
        if not (self.env.su or self.env.user.has_group(GROUP_SUPERVISOR)):
            raise UserError(_("Only supervisors end or cancel outages."))
        self.check_access("write")
        if self.filtered(lambda outage: outage.state != "active"):
            raise UserError(_("Only an ongoing outage can be ended or cancelled."))

    def action_end(self):
        """Encerrar parada: the service is back now; the refund list is built."""
        self._check_supervisor()
        now = fields.Datetime.now()
        if self.filtered(lambda outage: outage.start_at > now):
            raise UserError(_("An outage that has not started yet cannot end."))
        self.sudo().write({"state": "ended", "end_at": now})
        self._build_refund_list()
        return True

    def action_cancel(self):
        """A wrongly registered outage: its tickets stay linked, nobody is refunded."""
        self._check_supervisor()
        self.sudo().write({"state": "cancelled"})
        return True

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_ticket"
        )
        action.update(domain=[("outage_id", "=", self.id)], context={})
        return action

    def action_view_refund_list(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_outage_customer"
        )
        action.update(domain=[("outage_id", "=", self.id)], context={})
        return action

    # ------------------------------------------------------------------ matching

    @api.model
    def _ongoing_for(self, ticket):
        """The first ongoing outage of the ticket's company, started by the time
        the ticket was opened, that lists its customer or covers its address."""
        outages = self.sudo().search(
            [
                ("state", "=", "active"),
                ("company_id", "=", ticket.company_id.id),
                ("start_at", "<=", ticket.opened_at),
            ],
            order="start_at, id",
        )
        customer = ticket.partner_id.commercial_partner_id
        return outages.filtered(
            lambda outage: (
                customer in outage.partner_ids.commercial_partner_id
                or any(
                    area._covers(ticket.city, ticket.district, ticket.condominium)
                    for area in outage.area_ids
                )
            )
        )[:1]

    def _affected_customers(self):
        """{customer: reason} of one outage: the listed customers, the company's
        customers living in its area (by the address of their record, or of a
        ticket for a condomínio), and whoever opened a ticket about it."""
        self.ensure_one()
        partners = self.env["res.partner"].sudo()
        tickets = self.env["service.ticket"].sudo()
        affected = {}
        for partner in self.ticket_ids.partner_id.commercial_partner_id:
            affected[partner] = "ticket"
        for area in self.area_ids:
            # candidates by the city, then the area's own comparison (case, spaces)
            city = [("city", "ilike", escape_like(area.city.strip()))]
            if area.condominium:
                found = tickets.search(
                    city
                    + [
                        ("company_id", "=", self.company_id.id),
                        ("condominium", "ilike", escape_like(area.condominium.strip())),
                    ]
                )
                found = found.filtered(
                    lambda t, area=area: area._covers(t.city, t.district, t.condominium)
                ).partner_id
            else:
                found = partners.search(
                    city
                    + [
                        ("company_id", "in", [self.company_id.id, False]),
                        ("service_ticket_ids", "!=", False),
                    ]
                ).filtered(lambda p, area=area: area._covers(p.city, p.street2, None))
            for partner in found.commercial_partner_id:
                affected.setdefault(partner, "area")
        for partner in self.partner_ids.commercial_partner_id:
            affected[partner] = "listed"
        return affected

    def _build_refund_list(self):
        """The customers the ended outage affected, each with the time without
        service and whether and by when the refund is due."""
        lines = self.env["service.outage.customer"].sudo()
        for outage in self:
            company = outage.company_id
            affected = outage._affected_customers()
            minutes = _minutes(outage.start_at, outage.end_at)
            refund_due = (
                len(affected) >= company.service_outage_min_customers
                and minutes >= company.service_outage_min_minutes
            )
            due_by = (
                outage._refund_due_by()
                if refund_due and company.service_rqual_refund
                else False
            )
            lines.create(
                [
                    {
                        "outage_id": outage.id,
                        "partner_id": partner.id,
                        "reason": reason,
                        "start_at": outage.start_at,
                        "end_at": outage.end_at,
                        "duration_minutes": minutes,
                        "is_refund_due": refund_due,
                        "refund_due_by": due_by,
                    }
                    for partner, reason in affected.items()
                ]
            )

    def _refund_due_by(self):
        """The last day of the second month after the one the outage began in
        (company time): RQUAL art. 32's automatic refund."""
        self.ensure_one()
        tz = pytz.timezone(self.company_id.resource_calendar_id.tz or DEFAULT_TZ)
        start = pytz.utc.localize(self.start_at).astimezone(tz).date()
        month_index = start.month + 1  # zero-based month two months later
        year, month = start.year + month_index // 12, month_index % 12 + 1
        return start.replace(
            year=year, month=month, day=calendar.monthrange(year, month)[1]
        )


def _minutes(start, end):
    """Whole minutes without service, rounded up: a started minute counts."""
    return max(0, math.ceil((end - start) / timedelta(minutes=1)))
