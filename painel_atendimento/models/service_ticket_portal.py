from odoo import _, api, models
from odoo.exceptions import AccessError

from .res_users import DEFAULT_TZ

# What a customer (portal user) reads of his own tickets, through any route.
PORTAL_FIELDS = frozenset(
    {"id", "display_name", "protocol", "state", "opened_at", "closed_at", "company_id"}
)
# The history is pt_BR data: these words go into its events as they are.
CHANNELS = {"portal": "portal do cliente"}


class ServiceTicketPortal(models.AbstractModel):
    """The customer's own history (Decreto 11.034/2022 art. 12): in Odoo's portal a
    customer sees his own protocols only — opened at, state, closed at — and the
    events whose type is shown to customers, without the operators' names where the
    company hides them, and downloads a protocol's history as a PDF. Every delivery
    of the history is an event. Record rules keep him to his own tickets; here he
    is kept to those fields, off the chatter, and from writing."""

    _name = "service.ticket.portal"
    _description = "Service Ticket in the Customer Portal"
    # it overrides the chatter's access: it must come before mail.thread
    _inherit = ["mail.thread"]

    def _is_customer_user(self):
        return not self.env.su and self.env.user.share

    @api.model
    def check_field_access_rights(self, operation, field_names):
        if self._is_customer_user():
            if operation != "read":
                raise AccessError(_("Customers cannot change tickets."))
            if field_names is None:
                field_names = list(PORTAL_FIELDS)
            if set(field_names) - PORTAL_FIELDS:
                raise AccessError(
                    _("Customers see only the protocol, status and dates of tickets.")
                )
        return super().check_field_access_rights(operation, field_names)

    def _determine_fields_to_fetch(self, field_names, ignore_when_in_cache=False):
        # a customer's reads prefetch his fields only (the others would be refused)
        if self._is_customer_user():
            field_names = [name for name in field_names if name in PORTAL_FIELDS]
        return super()._determine_fields_to_fetch(field_names, ignore_when_in_cache)

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # the chatter's routes (messages, posting, uploads) are the operators': a
        # customer reads his history in the portal
        if self._is_customer_user():
            return self.browse()
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    def _get_mail_message_access(self, res_ids, operation, model_name=None):
        # the chatter is the operators': a customer reads only the messages sent to
        # him (mail's recipients rule), never the ticket's thread
        if self._is_customer_user():
            return "write"
        return super()._get_mail_message_access(res_ids, operation, model_name)

    def _portal_history(self):
        """One ticket's history as the customer gets it: [(date and time in the
        company's time, text, operator or "")], oldest first."""
        self.ensure_one()
        ticket = self.sudo()
        hide = ticket.company_id.service_hide_operator_names
        tz_name = ticket.company_id.resource_calendar_id.tz or DEFAULT_TZ
        format_datetime = self.env["service.interaction.type"]._format_datetime
        events = ticket.interaction_ids.filtered("type_id.customer_visible").sorted(
            lambda event: (event.date, event.id)
        )
        return [
            (
                format_datetime(event.date, tz_name),
                event.message,
                "" if hide else (event.user_id.name or ""),
            )
            for event in events
        ]

    def _portal_log_history_delivered(self, channel):
        """Each delivery of the history is an event of the ticket delivered."""
        self.sudo()._log_event(
            "history_delivered", user=self.env["res.users"], channel=CHANNELS[channel]
        )
