from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .service_ticket_tools import GROUP_SUPERVISOR


class ServiceTicketLifecycle(models.AbstractModel):
    """The ticket as a state machine the server enforces.

    Every transition — Resgatar (claim), Liberar (release), Encaminhar (forward),
    Próximo subprocesso (next step), Finalizar (close), Cancelar (cancel), Reabrir
    (reopen) — has one public method here. Each one goes through
    ``_begin_transition`` (the user's right, the record rules, the row lock), checks
    its own preconditions, changes the protected fields with ``sudo()`` and writes its
    events in the same transaction: an action and its history commit together or not
    at all. Invariants: an open ticket has exactly one running step; a ticket that is
    not open has none.
    """

    _name = "service.ticket.lifecycle"
    _description = "Service Ticket Lifecycle"

    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed"), ("cancelled", "Cancelled")],
        string="Status",
        default="open",
        required=True,
        index=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    process_id = fields.Many2one(
        "service.process",
        string="Process",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    step_ids = fields.One2many(
        "service.ticket.step", "ticket_id", string="Steps", readonly=True
    )
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
    claimed_by_id = fields.Many2one(
        "res.users",
        string="Claimed By",
        index=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    opened_by_id = fields.Many2one(
        "res.users",
        string="Opened By",
        index=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env.user,
    )
    # indexed, with company_id, by service_ticket_panel_period_index
    opened_at = fields.Datetime(
        string="Opened On",
        required=True,
        readonly=True,
        copy=False,
        default=fields.Datetime.now,
    )
    closed_at = fields.Datetime(
        string="Closed On", index=True, readonly=True, copy=False
    )
    closed_by_id = fields.Many2one(
        "res.users", string="Closed By", index=True, readonly=True, copy=False
    )
    closing_classification_id = fields.Many2one(
        "service.classification",
        string="Closing Classification",
        index=True,
        domain=[("kind", "=", "closing")],
        readonly=True,
        copy=False,
    )
    closing_comment = fields.Text(readonly=True, copy=False)
    can_release = fields.Boolean(
        compute="_compute_can_release",
        help="Technical: the current user may release the ticket (its claimant or a "
        "supervisor).",
    )

    @api.depends("step_ids.finished_at", "step_ids.subprocess_id")
    def _compute_current_step(self):
        for ticket in self:
            steps = ticket.step_ids.sorted(lambda step: (step.started_at, step.id))
            running = steps.filtered(lambda step: not step.finished_at)[:1]
            ticket.current_step_id = running
            # a closed ticket keeps showing where it stopped
            ticket.subprocess_id = (running or steps[-1:]).subprocess_id

    @api.depends("claimed_by_id", "state")
    @api.depends_context("uid")
    def _compute_can_release(self):
        supervisor = self.env.user.has_group(GROUP_SUPERVISOR)
        for ticket in self:
            ticket.can_release = (
                ticket.state == "open"
                and bool(ticket.claimed_by_id)
                and (supervisor or ticket.claimed_by_id == self.env.user)
            )

    # ------------------------------------------------------------------ the door

    def _begin_transition(self, transition):
        """What every transition starts with: the user's right to it, the record
        rules of the tickets, and a row lock, so that of two operators acting on one
        ticket at the same moment one succeeds and the other is told."""
        if not self:
            raise UserError(_("Select the tickets first."))
        self._check_right(transition)
        if not self.env.su:
            self.check_access("read" if transition == "comment" else "write")
        self._lock_for_update()

    def _lock_for_update(self):
        """Row-lock the tickets, or tell the operator someone else is changing them.

        NOWAIT plus the snapshot check of REPEATABLE READ mean that of two operators
        acting on the same ticket at once, exactly one wins. The refusal is an
        ordinary business answer: the failed query is not logged as an error.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM service_ticket WHERE id IN %s "
                        "FOR UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
        except (pg_errors.LockNotAvailable, pg_errors.SerializationFailure) as error:
            raise UserError(
                _(
                    "Another operator is changing this ticket right now. "
                    "Reload and try again."
                )
            ) from error
        # read afresh what others may have committed before the lock
        self.invalidate_recordset()

    def _ensure_open(self):
        for ticket in self:
            if ticket.state != "open":
                raise UserError(
                    _("Ticket %(protocol)s is not open.", protocol=ticket.protocol)
                )

    def _missed(self, deadline, now):
        """Whether this ticket missed ``deadline`` (an SLA's, the regulation's):
        still open past it, or closed after it. A cancelled ticket misses none."""
        self.ensure_one()
        if not deadline:
            return False
        if self.state == "open":
            return deadline < now
        return (
            self.state == "closed"
            and bool(self.closed_at)
            and self.closed_at > deadline
        )

    # ------------------------------------------------------------------ opening

    def _open(self):
        """What opening a ticket sets in motion, in the order its history reads:
        the opening itself, the SLA, the customer's report, the first step; then
        what the regulation asks: the regulatory deadline, the protocol notice, the
        link to an ongoing outage of the customer's area."""
        for ticket in self:
            ticket._log_event(
                "ticket_started", when=ticket.opened_at, user=ticket.opened_by_id
            )
        self._sla_start()
        for ticket in self:
            if ticket.description:
                ticket._log_event(
                    "opening_comment",
                    when=ticket.opened_at,
                    user=ticket.opened_by_id,
                    details=ticket.description,
                )
            ticket._start_step(
                ticket.process_id._first_subprocess(),
                ticket.opened_at,
                ticket.opened_by_id,
            )
        # history brought in whole by trusted code (an import) ends as it says
        self.filtered(lambda ticket: ticket.state != "open")._keep_state_invariants()
        self._regulation_open()
        self._protocol_notice_open()
        self._outage_open()

    def _keep_state_invariants(self):
        """However a ticket leaves 'open' — a transition, or trusted code importing
        history — its running step ends with it; the SLA follows the state."""
        for ticket in self.filtered(lambda ticket: ticket.state != "open"):
            ticket.current_step_id._finish(ticket.closed_at, ticket.closed_by_id)
        self._sla_settle()
        self._regulation_settle()

    def _start_step(self, subprocess, when=None, user=None):
        self.ensure_one()
        if not subprocess:
            raise UserError(
                _("Process %s has no subprocesses.", self.process_id.display_name)
            )
        user = user or self.env.user
        step = (
            self.env["service.ticket.step"]
            .sudo()
            .create(
                {
                    "ticket_id": self.id,
                    "subprocess_id": subprocess.id,
                    "started_at": when or fields.Datetime.now(),
                    "user_id": user.id,
                }
            )
        )
        self._log_event(
            "step_started", when=step.started_at, user=user, subprocess=subprocess
        )
        return step.with_env(self.env)

    # ------------------------------------------------------------------ transitions

    def action_claim(self):
        """Resgatar: the operator becomes responsible for the tickets."""
        self._begin_transition("claim")
        self._ensure_open()
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
        self.sudo().write({"claimed_by_id": user.id})
        self._log_event("claimed")
        return True

    def action_release(self):
        """Liberar: nobody is responsible any more. Only the claimant, or a
        supervisor, may release a ticket."""
        self._begin_transition("release")
        self._ensure_open()
        supervisor = self.env.su or self.env.user.has_group(GROUP_SUPERVISOR)
        for ticket in self:
            if not ticket.claimed_by_id:
                raise UserError(
                    _("Ticket %s is not claimed by anyone.", ticket.protocol)
                )
            if ticket.claimed_by_id != self.env.user and not supervisor:
                raise AccessError(
                    _(
                        "Only %(user)s, who claimed ticket %(protocol)s, or a "
                        "supervisor can release it.",
                        user=ticket.claimed_by_id.name,
                        protocol=ticket.protocol,
                    )
                )
        self.sudo().write({"claimed_by_id": False})
        self._log_event("released")
        return True

    def action_forward(self, process, comment=None):
        """Encaminhar: send the tickets to another process, which starts at its
        first subprocess; the optional comment is the "Comentário ao encaminhar"."""
        self._begin_transition("forward")
        self._ensure_open()
        process = self._guard_record("service.process", process, _("process"))
        comment = self._guard_text_argument(comment, _("The comment"))
        first = process._first_subprocess()
        if not first:
            raise UserError(_("Process %s has no subprocesses.", process.name))
        for ticket in self:
            if process.company_id and process.company_id != ticket.company_id:
                raise UserError(
                    _("Process %s belongs to another company.", process.name)
                )
            if ticket.process_id == process:
                raise UserError(
                    _(
                        "Ticket %(protocol)s is already in process %(process)s.",
                        protocol=ticket.protocol,
                        process=process.name,
                    )
                )
        for ticket in self:
            ticket.current_step_id._finish()
            ticket.sudo().write({"process_id": process.id})
            ticket._log_event("forwarded", process=process)
            if comment:
                ticket._log_event("forward_comment", details=comment)
            ticket._start_step(first)
        return True

    def action_next_step(self):
        """Próximo subprocesso: finish the running subprocess and start the next.
        After the last one there is nothing to start: the ticket is closed instead,
        so an open ticket always has its running step."""
        self._begin_transition("next_step")
        self._ensure_open()
        following = {}
        for ticket in self:
            subprocess = ticket.current_step_id.subprocess_id
            following[ticket] = subprocess._next_subprocess() if subprocess else None
            if not following[ticket]:
                raise UserError(
                    _(
                        "“%(subprocess)s” is the last subprocess of ticket "
                        "%(protocol)s: close the ticket instead.",
                        subprocess=ticket.subprocess_id.name,
                        protocol=ticket.protocol,
                    )
                )
        for ticket in self:
            ticket.current_step_id._finish()
            ticket._start_step(following[ticket])
        return True

    def action_close(self, closing_classification, comment=None):
        """Finalizar: close the tickets with a closing classification and an
        optional comment; the customer gets the satisfaction survey."""
        self._begin_transition("close")
        self._ensure_open()
        classification = self._guard_record(
            "service.classification",
            closing_classification,
            _("closing classification"),
        )
        comment = self._guard_text_argument(comment, _("The closing comment"))
        if classification.kind != "closing":
            raise UserError(_("Choose a closing classification to close the ticket."))
        for ticket in self:
            if classification.company_id not in (
                ticket.company_id,
                self.env["res.company"],
            ):
                raise UserError(
                    _(
                        "The classification %s belongs to another company.",
                        classification.name,
                    )
                )
        now = fields.Datetime.now()
        self.sudo().write(
            {
                "state": "closed",
                "closed_at": now,
                "closed_by_id": self.env.uid,
                "closing_classification_id": classification.id,
                "closing_comment": comment,
            }
        )
        for ticket in self:
            ticket._log_event("closed", when=now)
            if comment:
                ticket._log_event("closing_comment", when=now, details=comment)
        self._send_rating_request()
        return True

    def action_cancel(self):
        """Cancelar (supervisors): the ticket ends without being solved. A ticket
        with history is never deleted: this is how it goes away."""
        self._begin_transition("cancel")
        self._ensure_open()
        now = fields.Datetime.now()
        self.sudo().write(
            {"state": "cancelled", "closed_at": now, "closed_by_id": self.env.uid}
        )
        self._log_event("cancelled", when=now)
        return True

    def action_reopen(self):
        """Reabrir (supervisors): the ticket is open again, at the subprocess where
        it stopped, and its SLA runs again."""
        self._begin_transition("reopen")
        for ticket in self:
            if ticket.state == "open":
                raise UserError(_("Ticket %s is already open.", ticket.protocol))
        self._log_event("reopened")
        self.sudo().write(
            {
                "state": "open",
                "closed_at": False,
                "closed_by_id": False,
                "closing_classification_id": False,
                "closing_comment": False,
            }
        )
        for ticket in self:
            ticket._start_step(ticket.subprocess_id)
        return True

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
