from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import create_index, run_in_batches


class ServiceTicketRegulation(models.AbstractModel):
    """Prazos regulatórios: the deadline the regulation gives each ticket, by its
    kind of request (``service.regulatory.rule``), beside the contractual SLA
    (readme/CONFORMIDADE.md). Set once by the opening, stamped once by a
    scheduled action when it passes; the panels compare it with now."""

    _name = "service.ticket.regulation"
    _description = "Service Ticket Regulatory Deadline"

    regulatory_rule_id = fields.Many2one(
        "service.regulatory.rule",
        string="Kind of Request (Regulation)",
        readonly=True,
        copy=False,
    )
    # indexed for the panels by service_ticket_regulatory_open_index
    regulatory_deadline = fields.Datetime(
        readonly=True,
        copy=False,
        help="Counted from the record of the demand; never paused nor moved by an "
        "SLA change.",
    )
    regulatory_breached_at = fields.Datetime(
        string="Regulatory Deadline Passed On", readonly=True, copy=False
    )
    regulatory_hours_left = fields.Float(
        compute="_compute_regulatory_hours_left",
        digits=(16, 1),
        help="Hours until the regulatory deadline, up to now or to the closing; "
        "negative past it.",
    )
    is_regulatory_late = fields.Boolean(
        string="Regulatory Deadline Late",
        compute="_compute_is_regulatory_late",
        search="_search_is_regulatory_late",
    )

    def init(self):
        super().init()
        if self._abstract:
            return
        # Prazos regulatórios (hoje / 48 h / vencidos) and the breach cron
        create_index(
            self.env.cr,
            "service_ticket_regulatory_open_index",
            self._table,
            ["regulatory_deadline"],
            include=["company_id"],
            where="state = 'open' AND regulatory_deadline IS NOT NULL",
        )

    @api.depends("regulatory_deadline", "state", "closed_at")
    def _compute_regulatory_hours_left(self):
        now = fields.Datetime.now()
        for ticket in self:
            deadline = ticket.regulatory_deadline
            end = (ticket.closed_at or now) if ticket.state == "closed" else now
            ticket.regulatory_hours_left = (
                (deadline - end).total_seconds() / 3600
                if deadline and ticket.state != "cancelled"
                else 0.0
            )

    @api.depends("regulatory_deadline", "state", "closed_at")
    def _compute_is_regulatory_late(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.is_regulatory_late = ticket._missed(ticket.regulatory_deadline, now)

    def _search_is_regulatory_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(
                _("Late regulatory deadlines can only be searched as true or false.")
            )
        late = [
            "|",
            "&",
            ("state", "=", "open"),
            ("regulatory_deadline", "<", fields.Datetime.now()),
            "&",
            ("state", "=", "closed"),
            ("regulatory_breached_at", "!=", False),
        ]
        return late if (operator == "=") == value else ["!", *late]

    def _regulation_open(self):
        """Give each opened ticket the deadline of its kind of request, where its
        company keeps regulatory deadlines. What trusted code gave (an import of
        history) stays as given."""
        rules = self.env["service.regulatory.rule"]
        for ticket in self.filtered(
            lambda ticket: (
                ticket.company_id.service_regulatory_deadlines
                and not ticket.regulatory_deadline
            )
        ):
            rule = rules._painel_rule_for(
                ticket.company_id, ticket.opening_classification_id
            )
            if rule:
                ticket.sudo().write(
                    {
                        "regulatory_rule_id": rule.id,
                        "regulatory_deadline": rule._painel_deadline(
                            ticket.opened_at, ticket.company_id
                        ),
                    }
                )
        self._regulation_settle()

    def _regulation_settle(self):
        """However a ticket leaves 'open', its regulatory deadline is met or not
        for good: a closing after the deadline the cron had not stamped yet is
        stamped now, with the same event."""
        self.filtered(
            lambda ticket: (
                ticket.state == "closed"
                and ticket.regulatory_deadline
                and not ticket.regulatory_breached_at
                and ticket.closed_at
                and ticket.closed_at > ticket.regulatory_deadline
            )
        )._stamp_regulatory_breach()

    def _stamp_regulatory_breach(self):
        """Stamp the breach of each ticket's regulatory deadline, with its event;
        returns the tickets stamped."""
        for ticket in self.sudo():
            ticket.write({"regulatory_breached_at": ticket.regulatory_deadline})
            ticket._log_event(
                "regulatory_deadline_breached",
                when=ticket.regulatory_deadline,
                user=self.env["res.users"],
                rule=ticket.regulatory_rule_id.name,
            )
        return self

    @api.model
    def _cron_stamp_regulatory_breaches(self, batch_size=500):
        """Stamp the open tickets whose regulatory deadline has passed, once, with
        an event, one batch per call; the panels do not wait for it."""
        domain = [
            ("state", "=", "open"),
            ("regulatory_breached_at", "=", False),
            ("regulatory_deadline", "<", fields.Datetime.now()),
        ]
        return run_in_batches(
            self.sudo(),
            domain,
            "regulatory_deadline, id",
            batch_size,
            lambda tickets: tickets._stamp_regulatory_breach(),
        )
