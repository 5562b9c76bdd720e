from collections import defaultdict

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime, format_duration

from ..tools import create_index, run_in_batches
from .service_sla_intervention import INCREMENT_UNITS

SLA_STATES = [
    ("none", "No SLA"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("met", "Met"),
    ("breached", "Breached"),
]
SLA_DATETIME_FORMAT = "dd/MM/yyyy HH:mm:ss"


class ServiceTicketSla(models.AbstractModel):
    """The SLA of a ticket: its deadline in business hours, the engine that keeps
    it (start, pause, resume, increment, settle, breach) and the tools "Modificar
    SLA" and "Histórico". ``sla_increment``, ``sla_pause`` and ``sla_resume`` are
    the only ways to change it; each leaves an append-only intervention, an event
    and a chatter note."""

    _name = "service.ticket.sla"
    _description = "Service Ticket SLA"

    sla_policy_id = fields.Many2one(
        "service.sla.policy", string="SLA Policy", readonly=True, index=True, copy=False
    )
    # Snapshot of the policy when the clock started: editing a policy later must not
    # move the deadlines of tickets already running.
    sla_calendar_id = fields.Many2one(
        "resource.calendar", string="SLA Calendar", readonly=True, copy=False
    )
    sla_target_hours = fields.Float(
        string="SLA Target (hrs)", readonly=True, copy=False
    )
    sla_started_at = fields.Datetime(string="SLA Start", readonly=True, copy=False)
    sla_deadline = fields.Datetime(
        string="SLA Deadline",
        readonly=True,
        index=True,
        copy=False,
        help="Empty while the SLA is paused.",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        string="SLA Status",
        required=True,
        default="none",
        readonly=True,
        index=True,
        copy=False,
    )
    sla_paused_remaining_hours = fields.Float(
        string="Remaining When Paused (hrs)", readonly=True, copy=False
    )
    sla_breached_at = fields.Datetime(
        string="SLA Breached On",
        readonly=True,
        index=True,
        copy=False,
        help="The moment the deadline passed.",
    )
    sla_remaining_hours = fields.Float(
        string="Remaining (hrs)",
        compute="_compute_sla_hours",
        digits=(16, 2),
        help="Working hours left until the deadline (kept while paused).",
    )
    sla_late_hours = fields.Float(
        string="Late Hours",
        compute="_compute_sla_hours",
        digits=(16, 2),
        help="Working hours past the deadline, up to now or to the closing.",
    )
    sla_used_hours = fields.Float(
        string="SLA Time Used (hrs)",
        compute="_compute_sla_used_hours",
        digits=(16, 2),
        help="Working hours the SLA clock ran, from its start to the closing, "
        "paused spans left out.",
    )
    is_sla_late = fields.Boolean(
        string="SLA Late",
        compute="_compute_is_sla_late",
        search="_search_is_sla_late",
    )
    sla_intervention_ids = fields.One2many(
        "service.sla.intervention",
        "ticket_id",
        string="SLA Interventions",
        readonly=True,
    )
    sla_intervention_count = fields.Integer(
        string="SLA Intervention Count", compute="_compute_sla_intervention_count"
    )

    # ------------------------------------------------------------------ computes

    @api.depends(
        "state",
        "closed_at",
        "sla_state",
        "sla_deadline",
        "sla_paused_remaining_hours",
        "sla_calendar_id",
    )
    def _compute_sla_hours(self):
        now = fields.Datetime.now()
        spans = defaultdict(list)
        for ticket in self:
            paused = ticket.sla_state == "paused"
            ticket.sla_remaining_hours = (
                ticket.sla_paused_remaining_hours if paused else 0.0
            )
            ticket.sla_late_hours = 0.0
            deadline = ticket.sla_deadline
            if not (deadline and ticket.sla_calendar_id) or ticket.state == "cancelled":
                continue
            end = (ticket.closed_at or now) if ticket.state == "closed" else now
            if end > deadline:
                span = (ticket, "sla_late_hours", deadline, end)
            else:
                span = (ticket, "sla_remaining_hours", end, deadline)
            spans[ticket.sla_calendar_id].append(span)
        for calendar, items in spans.items():
            hours = calendar._painel_hours_between_many(
                [(start, end) for _ticket, _fname, start, end in items]
            )
            for (ticket, fname, _start, _end), value in zip(items, hours, strict=True):
                ticket[fname] = value

    @api.depends("state", "closed_at", "sla_started_at", "sla_calendar_id", "sla_state")
    def _compute_sla_used_hours(self):
        finished = self.filtered(
            lambda t: (
                t.state == "closed"
                and t.sla_started_at
                and t.closed_at
                and t.sla_calendar_id
            )
        )
        (self - finished).sla_used_hours = 0.0
        if not finished:
            return
        # the spans the clock stood still: each pause to its resume (or the closing)
        pauses = defaultdict(list)
        interventions = (
            self.env["service.sla.intervention"]
            .sudo()
            .search_fetch(
                [
                    ("ticket_id", "in", finished.ids),
                    ("kind", "in", ("pause", "resume")),
                ],
                ["ticket_id", "kind", "date"],
                order="date, id",
            )
        )
        for intervention in interventions:
            spans = pauses[intervention.ticket_id.id]
            if intervention.kind == "pause":
                spans.append([intervention.date, None])
            elif spans and spans[-1][1] is None:
                spans[-1][1] = intervention.date
        for calendar, tickets in finished.grouped("sla_calendar_id").items():
            items = []
            for ticket in tickets:
                items.append((ticket, 1, ticket.sla_started_at, ticket.closed_at))
                for paused, resumed in pauses.get(ticket.id, ()):
                    end = min(resumed or ticket.closed_at, ticket.closed_at)
                    items.append((ticket, -1, paused, end))
            hours = calendar._painel_hours_between_many(
                [(start, end) for _ticket, _sign, start, end in items]
            )
            used = defaultdict(float)
            for (ticket, sign, _start, _end), value in zip(items, hours, strict=True):
                used[ticket] += sign * value
            for ticket in tickets:
                ticket.sla_used_hours = max(used[ticket], 0.0)

    @api.depends("state", "closed_at", "sla_deadline")
    def _compute_is_sla_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_sla_late = ticket._missed(ticket.sla_deadline, now)

    def _search_is_sla_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(_("Late SLAs can only be searched as true or false."))
        now = fields.Datetime.now()
        # A closed ticket's outcome is settled when it closes (breached exactly when
        # closed after its deadline), so both halves are plain indexed comparisons.
        if (operator == "=") == value:
            return [
                "|",
                "&",
                ("state", "=", "open"),
                ("sla_deadline", "<", now),
                "&",
                ("state", "=", "closed"),
                ("sla_state", "=", "breached"),
            ]
        return [
            "&",
            "|",
            "|",
            ("state", "!=", "open"),
            ("sla_deadline", "=", False),
            ("sla_deadline", ">=", now),
            "|",
            ("state", "!=", "closed"),
            ("sla_state", "!=", "breached"),
        ]

    @api.depends("sla_intervention_ids")
    def _compute_sla_intervention_count(self):
        counts = dict(
            self.env["service.sla.intervention"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["__count"]
            )
        )
        for ticket in self:
            ticket.sla_intervention_count = counts.get(ticket, 0)

    # ------------------------------------------------------------------ engine

    def _sla_write(self, vals):
        # the SLA fields are the engine's alone: clients cannot write them
        return self.sudo().write(vals)

    def _sla_start(self):
        """Give opened tickets their policy and first deadline, counted from the
        opening in the policy's calendar (unless trusted code gave the SLA)."""
        starting = self.filtered(lambda ticket: ticket.sla_state == "none")
        matches = (
            self.env["service.sla.policy"]
            .sudo()
            ._painel_find_for_tickets(starting.filtered(lambda t: not t.sla_policy_id))
        )
        for ticket in starting:
            policy = ticket.sla_policy_id.sudo() or matches.get(ticket)
            if not policy:
                continue
            calendar = policy.resource_calendar_id
            ticket._sla_write(
                {
                    "sla_policy_id": policy.id,
                    "sla_calendar_id": calendar.id,
                    "sla_target_hours": policy.target_hours,
                    "sla_started_at": ticket.opened_at,
                    "sla_deadline": calendar._painel_add_hours(
                        ticket.opened_at, policy.target_hours
                    ),
                    "sla_state": "running",
                    "sla_paused_remaining_hours": 0.0,
                    "sla_breached_at": False,
                }
            )
            ticket._log_event(
                "sla_defaults_set", when=ticket.opened_at, user=ticket.opened_by_id
            )

    def _sla_settle(self):
        """Follow the ticket's state: closing (or cancelling) stops the clock as met
        or breached; reopening starts it again where it stopped."""
        now = fields.Datetime.now()
        for ticket in self.filtered("sla_policy_id"):
            deadline = ticket.sla_deadline
            if ticket.state == "open":
                if ticket.sla_state != "met":
                    continue
                vals = {"sla_state": "running" if deadline else "paused"}
            else:
                late = bool(deadline) and (ticket.closed_at or now) > deadline
                vals = {
                    "sla_state": "breached" if late else "met",
                    "sla_breached_at": deadline if late else False,
                }
            if any(ticket[fname] != value for fname, value in vals.items()):
                ticket._sla_write(vals)

    def _sla_shifted_deadline(self, deadline, quantity, unit):
        """``deadline`` moved by ``quantity`` working hours or working days."""
        self.ensure_one()
        calendar = self.sla_calendar_id
        if unit == "days":
            return calendar._painel_add_days(deadline, int(quantity))
        return calendar._painel_add_hours(deadline, quantity)

    def _sla_replay_deadline(self):
        """The deadline recomputed from the start, the policy's target and the
        interventions in order: it must always equal the stored one."""
        self.ensure_one()
        if not self.sla_policy_id:
            return False
        calendar = self.sla_calendar_id
        deadline = calendar._painel_add_hours(
            self.sla_started_at, self.sla_target_hours
        )
        remaining = 0.0
        interventions = self.sla_intervention_ids.sorted(lambda i: (i.date, i.id))
        for intervention in interventions:
            if intervention.kind == "increment":
                deadline = self._sla_shifted_deadline(
                    deadline, intervention.quantity, intervention.unit
                )
            elif intervention.kind == "pause":
                remaining = calendar._painel_hours_between(intervention.date, deadline)
                deadline = False
            else:
                deadline = calendar._painel_add_hours(intervention.date, remaining)
        return deadline

    # ------------------------------------------------------------------ SLA tools

    def sla_increment(self, quantity, unit, motive, notes):
        """Move the deadline ``quantity`` working hours or days later (unit
        ``hours`` / ``days``), from the current deadline. Returns the
        interventions."""
        self._sla_prepare_change()
        motive = self._sla_check_motive(motive, "increment")
        notes = self._sla_check_notes(notes)
        self._sla_check_quantity(quantity, unit)
        for ticket in self:
            if ticket.sla_state == "paused":
                raise UserError(
                    _(
                        "The SLA of ticket %s is paused: resume it before "
                        "incrementing it.",
                        ticket.protocol,
                    )
                )
        now = fields.Datetime.now()
        interventions = self.env["service.sla.intervention"]
        for ticket in self:
            before = ticket.sla_deadline
            after = ticket._sla_shifted_deadline(before, quantity, unit)
            vals = {"sla_deadline": after}
            if ticket.sla_state == "breached":
                # a stamped breach follows the deadline: gone if it is now ahead
                vals.update(
                    {"sla_breached_at": after}
                    if after < now
                    else {"sla_state": "running", "sla_breached_at": False}
                )
            ticket._sla_write(vals)
            interventions |= ticket._sla_log_intervention(
                "increment",
                now,
                motive=motive,
                notes=notes,
                quantity=quantity,
                unit=unit,
                deadline_before=before,
                deadline_after=after,
            )
        return interventions

    def sla_pause(self, motive, notes):
        """Stop the clock, keeping the working time left. Returns the
        interventions."""
        self._sla_prepare_change()
        motive = self._sla_check_motive(motive, "pause")
        notes = self._sla_check_notes(notes)
        now = fields.Datetime.now()
        for ticket in self:
            if ticket.sla_state == "paused":
                raise UserError(
                    _("The SLA of ticket %s is already paused.", ticket.protocol)
                )
            if ticket.sla_deadline < now:
                raise UserError(
                    _(
                        "The SLA of ticket %s is already late: increment it "
                        "instead of pausing it.",
                        ticket.protocol,
                    )
                )
        interventions = self.env["service.sla.intervention"]
        for ticket in self:
            before = ticket.sla_deadline
            remaining = ticket.sla_calendar_id._painel_hours_between(now, before)
            ticket._sla_write(
                {
                    "sla_deadline": False,
                    "sla_state": "paused",
                    "sla_paused_remaining_hours": remaining,
                }
            )
            interventions |= ticket._sla_log_intervention(
                "pause",
                now,
                motive=motive,
                notes=notes,
                deadline_before=before,
                remaining_hours=remaining,
            )
        return interventions

    def sla_resume(self, notes=None):
        """Start the clock again: deadline = now + the working time left when it
        was paused. Returns the interventions."""
        self._sla_prepare_change()
        notes = self._guard_text_argument(notes, _("The notes"))
        for ticket in self:
            if ticket.sla_state != "paused":
                raise UserError(
                    _("The SLA of ticket %s is not paused.", ticket.protocol)
                )
        now = fields.Datetime.now()
        interventions = self.env["service.sla.intervention"]
        for ticket in self:
            remaining = ticket.sla_paused_remaining_hours
            after = ticket.sla_calendar_id._painel_add_hours(now, remaining)
            ticket._sla_write(
                {
                    "sla_deadline": after,
                    "sla_state": "running",
                    "sla_paused_remaining_hours": 0.0,
                }
            )
            interventions |= ticket._sla_log_intervention(
                "resume",
                now,
                notes=notes,
                deadline_after=after,
                remaining_hours=remaining,
            )
        return interventions

    def _sla_prepare_change(self):
        """Refuse what may not change, then lock the tickets against a concurrent
        change and read their SLA afresh."""
        self._begin_transition("sla_change")
        for ticket in self:
            if ticket.state != "open":
                raise UserError(
                    _(
                        "Ticket %s is no longer open: its SLA cannot change.",
                        ticket.protocol,
                    )
                )
            if not ticket.sla_policy_id:
                raise UserError(_("Ticket %s has no SLA.", ticket.protocol))

    def _sla_check_motive(self, motive, kind):
        motive = self._guard_record("service.sla.motive", motive, _("motive"))
        if motive.kind != kind:
            kinds = dict(motive._fields["kind"]._description_selection(self.env))
            raise UserError(
                _(
                    "'%(motive)s' is not a motive of the kind '%(kind)s'.",
                    motive=motive.name,
                    kind=kinds[kind],
                )
            )
        if not motive.active:
            raise UserError(
                _("The motive '%s' is archived: choose an active one.", motive.name)
            )
        if motive.company_id and motive.company_id not in self.company_id:
            raise UserError(
                _(
                    "The motive '%s' belongs to another company.",
                    motive.name,
                )
            )
        return motive

    @api.model
    def _sla_check_notes(self, notes):
        notes = self._guard_text_argument(notes, _("The notes"))
        if not (notes or "").strip():
            raise UserError(_("Write the notes explaining this SLA change."))
        return notes

    def _sla_check_quantity(self, quantity, unit):
        if not isinstance(unit, str) or unit not in dict(INCREMENT_UNITS):
            raise UserError(_("Increment the SLA in hours or in days."))
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int | float)
            or not quantity > 0  # also refuses NaN
        ):
            raise UserError(
                _("The quantity of the increment must be a number greater than zero.")
            )
        max_days = min(self.company_id.mapped("service_sla_max_increment_days"))
        if quantity > (max_days if unit == "days" else max_days * 24):
            raise UserError(
                _(
                    "An SLA can be incremented by at most %(days)s days (%(hours)s "
                    "hours) at a time: the company setting says so.",
                    days=max_days,
                    hours=max_days * 24,
                )
            )
        if unit == "days" and quantity != int(quantity):
            raise UserError(_("Increment the SLA by a whole number of days."))

    def _sla_log_intervention(self, kind, when, **values):
        """Record one intervention (rows are created by the engine only, hence
        sudo), its event and its chatter note."""
        self.ensure_one()
        motive = values.pop("motive", self.env["service.sla.motive"])
        intervention = (
            self.env["service.sla.intervention"]
            .sudo()
            .create(
                dict(
                    values,
                    ticket_id=self.id,
                    company_id=self.company_id.id,
                    kind=kind,
                    date=when,
                    user_id=self.env.uid,
                    motive_id=motive.id,
                )
            )
        )
        notes = intervention.notes
        details = f"{motive.display_name}: {notes}" if motive else notes
        self._log_event("sla_changed", when=when, details=details)
        self.message_post(
            body=self._sla_intervention_message(intervention),
            subtype_xmlid="mail.mt_note",
        )
        return intervention.with_env(self.env)

    def _sla_intervention_message(self, intervention):
        tz = self.env.user._painel_tz(self.company_id).zone

        def when(moment):
            return format_datetime(
                self.env, moment, tz=tz, dt_format=SLA_DATETIME_FORMAT
            )

        if intervention.kind == "increment":
            units = dict(intervention._fields["unit"]._description_selection(self.env))
            quantity = f"{intervention.quantity:g}"
            title = _(
                "SLA incremented by %(quantity)s (%(unit)s)",
                quantity=quantity,
                unit=units[intervention.unit],
            )
        elif intervention.kind == "pause":
            title = _("SLA paused")
        else:
            title = _("SLA resumed")
        lines = []
        if intervention.motive_id:
            lines.append(_("Motive: %s", intervention.motive_id.name))
        if intervention.notes:
            lines.append(_("Notes: %s", intervention.notes))
        if intervention.kind == "pause":
            lines.append(
                _(
                    "Working time left: %s",
                    format_duration(intervention.remaining_hours),
                )
            )
        lines.append(
            _(
                "Deadline: %(before)s → %(after)s",
                before=when(intervention.deadline_before) or _("paused"),
                after=when(intervention.deadline_after) or _("paused"),
            )
        )
        return Markup("<p><strong>%s</strong></p><ul>%s</ul>") % (
            title,
            Markup().join(Markup("<li>%s</li>") % line for line in lines),
        )

    # ------------------------------------------------------------------ breach

    def init(self):
        super().init()
        if self._abstract:
            return
        # The breach cron's question, oldest deadline first. The Atrasados index
        # (sla_deadline, open or breached) would answer it too, but it starts with
        # the breached closed tickets of past years, hundreds of thousands of
        # entries to skip on every call (benchmarks/README.md).
        create_index(
            self.env.cr,
            "service_ticket_sla_running_index",
            self._table,
            ["sla_deadline", "id"],
            where="state = 'open' AND sla_state = 'running'",
        )

    @api.model
    def _cron_stamp_sla_breaches(self, batch_size=2000):
        """Stamp the running SLAs whose deadline has passed, one batch per call
        (the cron runs again at once while some are left). Idempotent: stamped
        tickets are no longer running. Returns the tickets stamped."""
        domain = [
            ("state", "=", "open"),
            ("sla_state", "=", "running"),
            ("sla_deadline", "<", fields.Datetime.now()),
        ]
        return run_in_batches(
            self,
            domain,
            "sla_deadline, id",
            batch_size,
            lambda tickets: tickets._sla_stamp_breach()._sla_notify_breach(),
        )

    def _sla_stamp_breach(self):
        """Breach the running SLAs of ``self`` at their deadline, set-based: one
        UPDATE for the batch (each ticket its own deadline, which the ORM can only
        write one value at a time) and one INSERT of their events. The UPDATE
        re-checks the condition, so a ticket changed since it was read is left to
        the next run. Returns the tickets stamped."""
        if not self:
            return self
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE service_ticket
                   SET sla_state = 'breached', sla_breached_at = sla_deadline,
                       write_uid = %s, write_date = %s
                 WHERE id IN %s AND state = 'open' AND sla_state = 'running'
                   AND sla_deadline < %s
             RETURNING id, sla_breached_at
                """,
                self.env.uid,
                now,
                tuple(self.ids),
                now,
            )
        )
        moments = dict(self.env.cr.fetchall())
        stamped = self.browse(sorted(moments, key=lambda id_: (moments[id_], id_)))
        written = ["sla_state", "sla_breached_at", "write_uid", "write_date"]
        stamped.invalidate_recordset(written)
        stamped.modified(written)
        stamped._log_event("sla_breached", moments=moments)
        return stamped

    def _sla_notify_breach(self):
        """Give each workspace group's supervisor an activity per breached ticket:
        the activities, not one "assigned to you" message each (thousands of
        tickets can pass their deadline at once, e.g. after a holiday). Returns the
        tickets."""
        for supervisor, tickets in self.grouped(
            lambda t: t.team_id.supervisor_id
        ).items():
            if not supervisor:
                continue
            tickets.with_context(mail_activity_quick_update=True).activity_schedule(
                "mail.mail_activity_data_todo",
                summary=_("SLA breached"),
                user_id=supervisor.id,
            )
        return self

    # ------------------------------------------------------------------ UI actions

    def action_open_sla_change_wizard(self):
        self._check_right("sla_change")
        for ticket in self:
            if ticket.state != "open" or not ticket.sla_policy_id:
                raise UserError(
                    _(
                        "Select open tickets with an SLA: %s is not one.",
                        ticket.protocol,
                    )
                )
        return {
            "type": "ir.actions.act_window",
            "name": _("Modify SLA"),
            "res_model": "service.sla.change.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": self._name, "active_ids": self.ids},
        }

    def action_view_sla_history(self):
        self._check_right("sla_history")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_sla_intervention"
        )
        action["domain"] = [("ticket_id", "in", self.ids)]
        if len(self) == 1:
            action["name"] = _("SLA History of %s", self.protocol)
        return action
