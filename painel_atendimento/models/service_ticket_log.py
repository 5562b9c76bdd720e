from collections import defaultdict
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from .service_ticket_tools import GROUP_INTEGRATION, GROUP_OPERATOR

# Placeholders every message gets from the ticket itself: nobody may override them.
# ({when} is the event's moment: the ``when`` argument, an integration's privilege.)
BUILTIN_PLACEHOLDERS = frozenset(
    {"protocol", "process", "subprocess", "operator", "customer"}
)


class ServiceTicketLog(models.AbstractModel):
    """Interações: the ticket's append-only event log, and the chatter events that
    feed it (comments, followers).

    ``_log_event`` is the addon's own entry point: an event is part of the action
    that caused it, so a failure to write it fails the action (and Odoo retries the
    request on a serialization failure). ``log_interaction`` is the entry point of
    integrations: integration codes only, as the caller, now — unless the caller is
    an Integration, which may log for another user or at an earlier moment, and the
    event then says so.
    """

    _name = "service.ticket.log"
    # it extends the chatter: its message_post/message_subscribe come before mail's
    _inherit = ["mail.thread"]
    _description = "Service Ticket Interaction Log"

    interaction_ids = fields.One2many(
        "service.interaction", "ticket_id", string="Events", readonly=True
    )

    # ------------------------------------------------------------------ log API

    @api.returns("service.interaction")
    def log_interaction(self, code, **values):
        """Write one integration event of type ``code`` on each ticket of ``self``.

        For integrations (network tools, CRM, chatbot) logging events that happen
        outside this addon. ``details`` is free text kept with the event; the other
        values fill the placeholders of the type's template. Integrations may also
        pass ``user`` (the res.users id the event is about) and ``when`` (the moment
        it happened, in the past).
        """
        if not self.env.su:
            self._check_log_interaction(code, values)
        when = values.pop("when", None)
        user = values.pop("user", None)
        by_integration = not self.env.su and (when is not None or user is not None)
        if user is not None and not isinstance(user, models.BaseModel):
            user = self._guard_record("res.users", user, _("user"))
        return self._log_event(
            code,
            when=fields.Datetime.to_datetime(when),
            user=user,
            by_integration=by_integration,
            **values,
        ).with_env(self.env)

    def _check_log_interaction(self, code, values):
        if not self:
            raise UserError(_("Select the tickets to log the event on."))
        integration = self.env.user.has_group(GROUP_INTEGRATION)
        if not (integration or self.env.user.has_group(GROUP_OPERATOR)):
            raise AccessError(_("You are not allowed to log events on tickets."))
        self.check_access("read")
        if not isinstance(code, str):
            raise UserError(_("Give the code of the event to log."))
        interaction_type = self.env["service.interaction.type"]._get_by_code(code)
        if interaction_type.automatic:
            raise UserError(
                _(
                    "The event %s is written by the tickets themselves: integrations "
                    "log only their own events.",
                    code,
                )
            )
        overridden = sorted(BUILTIN_PLACEHOLDERS & set(values))
        if overridden:
            raise UserError(
                _(
                    "The values %s come from the ticket itself and cannot be given.",
                    ", ".join(overridden),
                )
            )
        if ("when" in values or "user" in values) and not integration:
            raise AccessError(
                _(
                    "Only an integration may log an event for another user or at "
                    "another moment."
                )
            )
        self._check_log_values(values)

    def _check_log_values(self, values):
        for key, value in values.items():
            if key == "when":
                self._check_log_moment(value)
            elif key == "user":
                self._check_log_user(value)
            elif isinstance(value, bool) or not isinstance(value, str | int | float):
                raise UserError(
                    _("The value %s of the event must be a text or a number.", key)
                )

    def _check_log_user(self, value):
        """An existing internal user (said before an access check would say more)."""
        ids = value if isinstance(value, list | tuple) else [value]
        users = (
            self.env["res.users"]
            .sudo()
            .browse(
                [
                    id_
                    for id_ in ids
                    if isinstance(id_, int) and not isinstance(id_, bool)
                ]
            )
        )
        if users.exists().filtered("share"):
            raise UserError(_("Events are logged for internal users only."))
        self._guard_record("res.users", value, _("user"))

    def _check_log_moment(self, value):
        problem = self._guard_moment(value, fields.Datetime.to_datetime, datetime)
        if problem:
            raise UserError(_("When the event happened: %s", problem))
        if fields.Datetime.to_datetime(value) > fields.Datetime.now():
            raise UserError(_("An event cannot be logged in the future."))

    def _log_event(
        self,
        code,
        when=None,
        user=None,
        details=None,
        by_integration=False,
        moments=None,
        **values,
    ):
        """Write one event of type ``code`` on each ticket of ``self`` (sudo: the
        rows are the addon's record, not the user's), in one INSERT. ``when``
        defaults to now, or ``moments`` gives each ticket's own (ticket id ->
        datetime: the breach of each deadline); ``user`` defaults to the current
        user (an empty one means nobody: the customer); other values fill the
        template."""
        interactions = self.env["service.interaction"].sudo()
        interaction_type = self.env["service.interaction.type"]._get_by_code(code)
        if not interaction_type.active or not self:
            return interactions
        when = when or fields.Datetime.now()
        user = self.env.user if user is None else user
        placeholders = interaction_type._template_placeholders()
        vals_list = []
        for ticket in self.sudo():
            moment = moments[ticket.id] if moments else when
            vals_list.append(
                {
                    "ticket_id": ticket.id,
                    "company_id": ticket.company_id.id,
                    "protocol": ticket.protocol,
                    "type_id": interaction_type.id,
                    "code": interaction_type.code,
                    "user_id": user.id,
                    "date": moment,
                    "details": details or False,
                    "logged_by_integration": by_integration,
                    "message": interaction_type._render(
                        ticket._interaction_values(moment, user, values, placeholders)
                    ),
                }
            )
        return interactions.create(vals_list)

    def _interaction_values(self, when, user, values, placeholders):
        """Values of the ``placeholders`` of one ticket's message, as text (only
        those: a name or a date costs, thousands of events can be written at
        once)."""
        self.ensure_one()
        available = {
            **values,
            "when": when,
            "protocol": self.protocol,
            "process": self.process_id,
            "subprocess": self.subprocess_id,
            "operator": user,
            "customer": self.partner_id,
        }
        format_datetime = self.env["service.interaction.type"]._format_datetime
        rendered = {}
        for key in placeholders & available.keys():
            value = available[key]
            if isinstance(value, models.BaseModel):
                rendered[key] = ", ".join(value.mapped("display_name"))
            elif isinstance(value, datetime):
                tz_name = user._painel_tz(self.company_id).zone
                rendered[key] = format_datetime(value, tz_name)
            else:
                rendered[key] = "" if value is None or value is False else str(value)
        return rendered

    # ------------------------------------------------------------------ chatter

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        user = self.env.user
        if not self.env.su and {"rating_value", "rating_id"} & kwargs.keys():
            raise AccessError(
                _("Only the customer rates a ticket, through the satisfaction survey.")
            )
        commenting = kwargs.get("message_type") == "comment" and user._is_internal()
        if (
            commenting
            and not self.env.su
            and kwargs.get("author_id") not in (None, user.partner_id.id)
        ):
            raise AccessError(_("A comment is written in one's own name."))
        if commenting:
            self._begin_transition("comment")
        message = super().message_post(**kwargs)
        if commenting:
            self._log_event("comment_added", details=html2plaintext(message.body))
        return message

    def message_subscribe(self, partner_ids=None, subtype_ids=None):
        before = self._painel_operator_followers(partner_ids)
        result = super().message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids
        )
        self._log_followers(
            "operator_added", self._painel_operator_followers(partner_ids) - before
        )
        return result

    def message_unsubscribe(self, partner_ids=None):
        before = self._painel_operator_followers(partner_ids)
        result = super().message_unsubscribe(partner_ids=partner_ids)
        self._log_followers(
            "viewer_removed", before - self._painel_operator_followers(partner_ids)
        )
        return result

    def _painel_operator_followers(self, partner_ids):
        """(ticket id, partner) pairs of operators among ``partner_ids`` following."""
        if not self or not partner_ids:
            return set()
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("partner_id", "in", list(partner_ids)),
                    ("partner_id.user_ids.share", "=", False),
                ]
            )
        )
        return {(follower.res_id, follower.partner_id) for follower in followers}

    def _log_followers(self, code, pairs):
        """One event per (ticket id, partner) pair: one INSERT per partner (an
        activity subscribes its user to a whole batch of tickets at once)."""
        tickets_of = defaultdict(list)
        for ticket_id, partner in pairs:
            tickets_of[partner].append(ticket_id)
        for partner in sorted(tickets_of, key=lambda partner: partner.id):
            self.browse(sorted(tickets_of[partner]))._log_event(
                code, details=partner.display_name
            )
