import logging
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from .service_ticket import SERVER_MARK

_logger = logging.getLogger(__name__)

RATING_TEMPLATE = "painel_atendimento.mail_template_service_ticket_rating"


class ServiceTicket(models.Model):
    _name = "service.ticket"
    # rating.mixin first: it extends mail.thread, which service.ticket already has
    _inherit = ["rating.mixin", "service.ticket"]

    interaction_ids = fields.One2many(
        "service.interaction", "ticket_id", string="Events", readonly=True
    )
    attachment_ids = fields.One2many(
        "ir.attachment",
        "res_id",
        string="Attachments",
        domain=[("res_model", "=", "service.ticket")],
        readonly=True,
    )
    # stored by rating.mixin: the measure "satisfaction" of the analysis views
    rating_last_value = fields.Float(string="Satisfaction Rating (/5)")

    # ------------------------------------------------------------------ log API

    @api.returns("service.interaction")
    def log_interaction(self, code, **values):
        """Write one interaction of type ``code`` on each ticket of ``self``.

        The single entry point, also for integrations (network tools, CRM, chatbot)
        logging events that happen outside this addon. Reserved ``values``:
        ``when`` (naive UTC datetime of the event, default now), ``user``
        (res.users or id of who acted, default the current user), ``details``
        (free text kept with the event); every other value fills a placeholder of
        the template (records give their name, datetimes their local time).
        An unknown code, or a placeholder left without value, raises a UserError.
        """
        self.check_access("write")
        return self._log_interaction(code, **values).with_env(self.env)

    def _log_interaction(self, code, when=None, user=None, details=None, **values):
        interaction_type = self.env["service.interaction.type"]._get_by_code(code)
        interactions = self.env["service.interaction"].sudo()
        if not interaction_type.active or not self:
            return interactions
        # integrations calling over RPC pass a string and a user id
        when = fields.Datetime.to_datetime(when) or fields.Datetime.now()
        if user is None:
            user = self.env.user
        elif isinstance(user, int):
            user = self.env["res.users"].browse(user)
        vals_list = [
            {
                "ticket_id": ticket.id,
                "type_id": interaction_type.id,
                "user_id": user.id,
                "date": when,
                "details": details or False,
                "message": interaction_type._render(
                    ticket._interaction_values(when, user, values)
                ),
            }
            for ticket in self.sudo()
        ]
        return interactions.create(vals_list)

    def _interaction_values(self, when, user, values):
        """Placeholder values of one ticket's message, as text."""
        self.ensure_one()
        tz_name = user._painel_tz(self.company_id).zone
        format_datetime = self.env["service.interaction.type"]._format_datetime
        rendered = {
            "when": when,
            "protocol": self.protocol,
            "process": self.process_id,
            "subprocess": self.subprocess_id,
            "operator": user,
            "customer": self.partner_id,
            **values,
        }
        for key, value in rendered.items():
            if isinstance(value, models.BaseModel):
                rendered[key] = ", ".join(value.mapped("display_name"))
            elif isinstance(value, datetime):
                rendered[key] = format_datetime(value, tz_name)
            else:
                rendered[key] = "" if value is None or value is False else str(value)
        return rendered

    def _log_event(self, code, **values):
        """Log an event the addon detected itself.

        Logging never breaks the action that caused the event: a failure is rolled
        back to a savepoint and reported as a warning.
        """
        if not self:
            return self.env["service.interaction"]
        try:
            with self.env.cr.savepoint():
                return self._log_interaction(code, **values)
        except Exception:
            _logger.warning(
                "Could not log interaction %s on tickets %s",
                code,
                self.ids,
                exc_info=True,
            )
            return self.env["service.interaction"]

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        # steps started while opening are logged after "ticket started"
        tickets = (
            super(ServiceTicket, self.with_context(painel_ticket_opening=SERVER_MARK))
            .create(vals_list)
            .with_env(self.env)
        )
        for ticket in tickets:
            ticket._log_event("ticket_started", when=ticket.opened_at)
            if ticket.sla_policy_id:
                ticket._log_event("sla_defaults_set", when=ticket.opened_at)
            if ticket.description:
                ticket._log_event(
                    "opening_comment", when=ticket.opened_at, details=ticket.description
                )
            for step in ticket.step_ids.sorted("id"):
                ticket._log_step("step_started", step, step.started_at)
        return tickets

    def write(self, vals):
        description_changed = self.browse()
        if "description" in vals:
            description_changed = self.filtered(
                lambda ticket: (ticket.description or "") != (vals["description"] or "")
            )
        result = super().write(vals)
        description_changed._log_event("description_changed")
        # the foundation changes the process only here, between finishing the old
        # step and starting the new one: the history reads in that order
        if "process_id" in vals and self._is_forwarding():
            for ticket in self:
                ticket._log_event("forwarded", process=ticket.process_id)
        return result

    # ------------------------------------------------------------------ lifecycle

    def action_claim(self):
        result = super().action_claim()
        self._log_event("claimed")
        return result

    def action_release(self):
        result = super().action_release()
        self._log_event("released")
        return result

    def action_close(self, closing_classification, comment=None):
        result = super().action_close(closing_classification, comment=comment)
        for ticket in self:
            ticket._log_event("closed", when=ticket.closed_at)
            if comment:
                ticket._log_event(
                    "closing_comment", when=ticket.closed_at, details=comment
                )
        self._send_rating_request()
        return result

    def action_cancel(self):
        result = super().action_cancel()
        for ticket in self:
            ticket._log_event("cancelled", when=ticket.closed_at)
        return result

    def action_reopen(self):
        result = super().action_reopen()
        self._log_event("reopened")
        return result

    def _start_step(self, subprocess, when=None):
        step = super()._start_step(subprocess, when=when)
        if step and not self._has_server_mark("painel_ticket_opening"):
            self._log_step("step_started", step, step.started_at)
        return step

    def _log_step(self, code, step, when):
        self._log_event(code, when=when, subprocess=step.subprocess_id)

    # ------------------------------------------------------------------ SLA tools

    def sla_increment(self, quantity, unit, motive, notes):
        interventions = super().sla_increment(quantity, unit, motive, notes)
        return self._log_sla_changes(interventions)

    def sla_pause(self, motive, notes):
        return self._log_sla_changes(super().sla_pause(motive, notes))

    def sla_resume(self, notes=None):
        return self._log_sla_changes(super().sla_resume(notes=notes))

    def _log_sla_changes(self, interventions):
        # read from the interventions: callers may pass the motive as a record or an id
        for intervention in interventions:
            motive = intervention.motive_id.display_name
            notes = intervention.notes
            details = f"{motive}: {notes}" if motive else notes
            intervention.ticket_id._log_event("sla_changed", details=details)
        return interventions

    @api.model
    def _cron_stamp_sla_breaches(self, batch_size=500):
        tickets = super()._cron_stamp_sla_breaches(batch_size=batch_size)
        for deadline, breached in tickets.grouped("sla_breached_at").items():
            breached._log_event("sla_breached", when=deadline)
        return tickets

    # ------------------------------------------------------------------ chatter

    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, **kwargs):
        message = super().message_post(**kwargs)
        user = self.env.user
        if (
            message.message_type == "comment"
            and user._is_internal()
            and message.author_id == user.partner_id
        ):
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
        for ticket_id, partner in sorted(pairs, key=lambda pair: (pair[0], pair[1].id)):
            self.browse(ticket_id)._log_event(code, details=partner.display_name)

    def action_view_attachments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("base.action_attachment")
        action["domain"] = [("res_model", "=", self._name), ("res_id", "=", self.id)]
        action["context"] = {
            "default_res_model": self._name,
            "default_res_id": self.id,
        }
        return action

    # ------------------------------------------------------------------ rating

    def _rating_get_operator(self):
        # the operator rated is the one who closed the ticket
        return (self.closed_by_id or self.claimed_by_id).partner_id

    def _send_rating_request(self):
        """E-mail the satisfaction survey (SAC Plus) to customers with an e-mail."""
        template = self.env.ref(RATING_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        for ticket in self.filtered(lambda ticket: ticket.partner_id.email):
            ticket.rating_send_request(
                template, lang=ticket.partner_id.lang, force_send=False
            )

    def action_resend_rating(self):
        """Tool "Reenviar avaliação para o SAC Plus", on several closed tickets."""
        self._check_tool(
            "painel_atendimento.group_tool_rating_resend",
            _("Resend Survey to SAC Plus"),
        )
        if not self:
            raise UserError(_("Select the tickets to resend the survey to."))
        problems = [
            problem for ticket in self if (problem := ticket._rating_resend_problem())
        ]
        if problems:
            raise UserError(
                _("The satisfaction survey was not resent:\n%s", "\n".join(problems))
            )
        self._send_rating_request()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": _("Satisfaction Survey (SAC Plus)"),
                "message": _("Rating request resent successfully."),
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _rating_resend_problem(self):
        """Why the survey cannot be resent for this ticket, or None."""
        self.ensure_one()
        if self.state != "closed":
            return _("Ticket %s is not closed.", self.protocol)
        if self.rating_count:
            return _("The customer has already rated ticket %s.", self.protocol)
        if not self.partner_id.email:
            return _(
                "The customer of ticket %(protocol)s (%(customer)s) has no e-mail.",
                protocol=self.protocol,
                customer=self.partner_id.display_name,
            )
        return None

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        rating = super().rating_apply(
            rate,
            token=token,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        # the one-click rating page stores Odoo's own "Customer rated ..." text,
        # which is no comment of the customer (see controllers/rating.py)
        if feedback and not self._has_server_mark("painel_rating_automatic_feedback"):
            self._log_event(
                "rating_comment", details=feedback, user=self.env["res.users"]
            )
        return rating
