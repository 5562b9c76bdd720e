import re

import pytz
from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

WORK_ORDER_STATUS = [
    ("none", "Nonexistent"),
    ("unscheduled", "Unscheduled"),
    ("scheduled", "Scheduled"),
    ("done", "Done"),
]
# The ticket's own address (defaults from the customer); work orders copy it.
ADDRESS_FIELDS = (
    "street",
    "street_number",
    "district",
    "city",
    "state_id",
    "zip",
    "condominium",
)
_PROTOCOL_PUNCTUATION = re.compile(r"[^0-9A-Za-z]")
# The value of the context keys by which server code tells itself "this is me" (the
# forwarding write, the SLA engine...): RPC clients can only send JSON values, never
# this object, so no client can pass for the server and skip a check or the audit.
SERVER_MARK = object()


class ServiceTicket(models.Model):
    _name = "service.ticket"
    _description = "Service Ticket"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "opened_at desc, id desc"
    _rec_name = "protocol"
    _rec_names_search = ["protocol", "partner_id.name", "partner_document"]
    _check_company_auto = True

    protocol = fields.Char(readonly=True, copy=False, index=True, default="/")
    protocol_search = fields.Char(
        compute="_compute_protocol_search",
        search="_search_protocol_search",
        string="Protocol (any format)",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    partner_document = fields.Char(
        related="partner_id.vat", string="CPF/CNPJ", store=True, index=True
    )
    partner_display_document = fields.Char(
        string="Name/Document", compute="_compute_partner_display_document", store=True
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
    process_id = fields.Many2one(
        "service.process",
        string="Process",
        index=True,
        tracking=True,
        check_company=True,
    )
    step_ids = fields.One2many("service.ticket.step", "ticket_id", string="Steps")
    current_step_id = fields.Many2one(
        "service.ticket.step",
        compute="_compute_current_step",
        store=True,
        string="Running Step",
    )
    subprocess_id = fields.Many2one(
        "service.subprocess",
        compute="_compute_current_step",
        store=True,
        index=True,
        string="Subprocess",
    )
    opening_classification_id = fields.Many2one(
        "service.classification",
        string="Opening Classification",
        index=True,
        domain=[("kind", "=", "opening")],
        tracking=True,
    )
    closing_classification_id = fields.Many2one(
        "service.classification",
        string="Closing Classification",
        index=True,
        domain=[("kind", "=", "closing")],
        readonly=True,
    )
    claimed_by_id = fields.Many2one(
        "res.users", string="Claimed By", index=True, readonly=True, tracking=True
    )
    opened_by_id = fields.Many2one(
        "res.users",
        string="Opened By",
        index=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed By", index=True, readonly=True
    )
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        string="Status",
        default="open",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    # indexed, with company_id, by service_ticket_panel_opened_index
    opened_at = fields.Datetime(
        string="Opened On",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
    )
    closed_at = fields.Datetime(
        string="Closed On", index=True, readonly=True, copy=False
    )
    closing_comment = fields.Text(readonly=True, copy=False)
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

    work_order_ids = fields.One2many(
        "service.work.order", "ticket_id", string="Work Orders"
    )
    work_order_count = fields.Integer(compute="_compute_work_order_summary", store=True)
    work_order_names = fields.Char(
        string="Linked Work Order", compute="_compute_work_order_summary", store=True
    )
    work_order_status = fields.Selection(
        WORK_ORDER_STATUS,
        string="Work Order",
        compute="_compute_work_order_summary",
        store=True,
        index=True,
        default="none",
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
        compact = _PROTOCOL_PUNCTUATION.sub("", value)
        return [("protocol", "=" if operator == "=" else "ilike", compact)]

    @api.depends("partner_id.name", "partner_id.vat")
    def _compute_partner_display_document(self):
        for ticket in self:
            partner = ticket.partner_id
            document = partner._painel_document_display() if partner else ""
            name = partner.name or ""
            ticket.partner_display_document = (
                f"{name} - {document}" if document else name
            )

    @api.depends("step_ids.finished_at", "step_ids.subprocess_id")
    def _compute_current_step(self):
        for ticket in self:
            steps = ticket.step_ids.sorted(lambda step: (step.started_at, step.id))
            running = steps.filtered(lambda step: not step.finished_at)[:1]
            ticket.current_step_id = running
            # after the last step the ticket keeps showing where it stopped
            ticket.subprocess_id = (running or steps[-1:]).subprocess_id

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

    @api.depends("work_order_ids.state", "work_order_ids.name")
    def _compute_work_order_summary(self):
        for ticket in self:
            orders = ticket.work_order_ids.filtered(
                lambda order: order.state != "cancelled"
            )
            ticket.work_order_count = len(orders)
            ticket.work_order_names = ", ".join(orders.sorted("id").mapped("name"))
            ticket.work_order_status = self._work_order_status_of(orders)

    @staticmethod
    def _work_order_status_of(orders):
        states = set(orders.mapped("state"))
        if not states:
            return "none"
        if "draft" in states:
            return "unscheduled"
        if "scheduled" in states:
            return "scheduled"
        return "done"

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        tz = self.env.user._painel_tz()
        for vals in vals_list:
            # the protocol carries the operator's local date of the opening
            opened_at = fields.Datetime.to_datetime(vals.get("opened_at")) or (
                fields.Datetime.now()
            )
            local_day = pytz.utc.localize(opened_at).astimezone(tz).replace(tzinfo=None)
            vals["protocol"] = sequence.with_context(
                ir_sequence_date=local_day
            ).next_by_code("service.ticket.protocol")
        tickets = super().create(vals_list)
        for ticket in tickets.filtered("process_id"):
            step = ticket._start_step(
                ticket.process_id._first_subprocess(), ticket.opened_at
            )
            if ticket.state != "open":  # a finished ticket brought in whole
                step._finish(ticket.closed_at)
        return tickets

    def write(self, vals):
        if "protocol" in vals and any(
            ticket.protocol != vals["protocol"] for ticket in self
        ):
            raise UserError(_("The protocol of a ticket can never be changed."))
        if vals.get("state") in ("closed", "cancelled"):
            # however a ticket ends, its running step ends with it: the step panels
            # rely on "running step" meaning "open ticket"
            ended_at = fields.Datetime.to_datetime(vals.get("closed_at"))
            self.current_step_id._finish(ended_at)
        if "process_id" in vals and not self._is_forwarding():
            process = self.env["service.process"].browse(vals.pop("process_id"))
            result = super().write(vals) if vals else True
            for ticket in self.filtered(lambda t: t.process_id != process):
                ticket.action_forward(process)
            return result
        return super().write(vals)

    def _has_server_mark(self, key):
        """True when server code set ``key`` in the context (see SERVER_MARK)."""
        return self.env.context.get(key) is SERVER_MARK

    def _is_forwarding(self):
        """True inside action_forward's own change of process."""
        return self._has_server_mark("painel_forwarding")

    @api.ondelete(at_uninstall=False)
    def _unlink_only_without_history(self):
        if not self.env.user.has_group("painel_atendimento.group_manager"):
            raise UserError(_("Tickets are never deleted: cancel it instead."))

    # ------------------------------------------------------------------ lifecycle

    def _check_tool(self, group, tool_name):
        """Permissões de ferramentas: refuse a panel tool to users outside its group."""
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                _(
                    "You are not allowed to use the tool “%(tool)s”. Ask an "
                    "administrator for its permission.",
                    tool=tool_name,
                )
            )

    def _ensure_open(self):
        for ticket in self:
            if ticket.state != "open":
                raise UserError(
                    _("Ticket %(protocol)s is not open.", protocol=ticket.protocol)
                )

    def _lock_for_update(self):
        """Row-lock the tickets, or tell the operator someone else is changing them.

        NOWAIT plus the snapshot check of REPEATABLE READ mean that of two operators
        acting on the same ticket at once, exactly one wins.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM service_ticket WHERE id IN %s FOR UPDATE NOWAIT",
                    [tuple(self.ids)],
                )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure) as error:
            raise UserError(
                _(
                    "Another operator is changing this ticket right now. "
                    "Reload and try again."
                )
            ) from error
        self.invalidate_recordset(["claimed_by_id", "state"])

    def action_claim(self):
        self._ensure_open()
        self._lock_for_update()
        user = self.env.user
        for ticket in self:
            if ticket.claimed_by_id == user:
                raise UserError(
                    _("You have already claimed ticket %s.", ticket.protocol)
                )
            if ticket.claimed_by_id:
                raise UserError(
                    _(
                        "Ticket %(protocol)s is already claimed by %(user)s.",
                        protocol=ticket.protocol,
                        user=ticket.claimed_by_id.name,
                    )
                )
        self.write({"claimed_by_id": user.id})
        return True

    def action_release(self):
        self._ensure_open()
        self._lock_for_update()
        for ticket in self:
            if not ticket.claimed_by_id:
                raise UserError(
                    _("Ticket %s is not claimed by anyone.", ticket.protocol)
                )
        self.write({"claimed_by_id": False})
        return True

    def action_forward(self, process):
        self._ensure_open()
        process.ensure_one()
        first = process._first_subprocess()
        if not first:
            raise UserError(_("Process %s has no subprocesses.", process.name))
        for ticket in self:
            ticket.current_step_id._finish()
            ticket.with_context(painel_forwarding=SERVER_MARK).write(
                {"process_id": process.id}
            )
            ticket._start_step(first)
        return True

    def action_next_step(self):
        self._ensure_open()
        for ticket in self:
            step = ticket.current_step_id
            if not step:
                raise UserError(
                    _("Ticket %s has no running subprocess.", ticket.protocol)
                )
            step._finish()
            following = step.subprocess_id._next_subprocess()
            if following:
                ticket._start_step(following)
        return True

    def action_close(self, closing_classification, comment=None):
        self._ensure_open()
        if not closing_classification or closing_classification.kind != "closing":
            raise UserError(_("Choose a closing classification to close the ticket."))
        self._lock_for_update()
        self.write(
            {
                "state": "closed",
                "closed_at": fields.Datetime.now(),
                "closed_by_id": self.env.user.id,
                "closing_classification_id": closing_classification.id,
                "closing_comment": comment or False,
            }
        )
        return True

    def action_cancel(self):
        self._ensure_open()
        self.write(
            {
                "state": "cancelled",
                "closed_at": fields.Datetime.now(),
                "closed_by_id": self.env.user.id,
            }
        )
        return True

    def action_reopen(self):
        if not self.env.user.has_group("painel_atendimento.group_supervisor"):
            raise UserError(_("Only a supervisor can reopen a ticket."))
        for ticket in self:
            if ticket.state == "open":
                raise UserError(_("Ticket %s is already open.", ticket.protocol))
        self.write(
            {
                "state": "open",
                "closed_at": False,
                "closed_by_id": False,
                "closing_classification_id": False,
                "closing_comment": False,
            }
        )
        return True

    def _start_step(self, subprocess, when=None):
        self.ensure_one()
        if not subprocess:
            return self.env["service.ticket.step"]
        return self.env["service.ticket.step"].create(
            {
                "ticket_id": self.id,
                "subprocess_id": subprocess.id,
                "started_at": when or fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------ UI actions

    def action_open_forward_wizard(self):
        return self._open_wizard("service.ticket.forward.wizard", _("Forward"))

    def action_open_close_wizard(self):
        return self._open_wizard("service.ticket.close.wizard", _("Close Ticket"))

    def _open_wizard(self, model, name):
        self._ensure_open()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_view_work_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_work_order"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action
