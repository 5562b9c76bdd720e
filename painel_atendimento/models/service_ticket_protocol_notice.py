from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..tools import create_index, run_in_batches
from .res_users import DEFAULT_TZ

# RGC (Res. Anatel 632/2014 art. 7 § 3, the protocol kept by Res. 765/2023): the
# customer gets the protocol, with the date and time of the record, within 24 hours.
NOTICE_WINDOW = timedelta(hours=24)
NOTICE_TEMPLATE = "painel_atendimento.mail_template_protocol_notice"
# How long after its sending a notice's delivery is watched (bounces come late).
DELIVERY_WATCH = timedelta(days=3)
# delivery statuses of a notification that did not reach the customer
UNDELIVERED = frozenset({"exception", "bounce", "canceled"})
# The history is pt_BR data, like the events' message templates: these words go
# into it as they are.
EMAIL, SMS = "e-mail", "SMS"
NO_EMAIL = "cliente sem e-mail cadastrado"
NO_PHONE = "cliente sem celular ou telefone cadastrado"
NO_SMS = "envio de SMS indisponível (módulo SMS do Odoo não instalado)"
NO_CHANNEL = "nenhum canal de envio ligado na empresa"


class ServiceTicketProtocolNotice(models.AbstractModel):
    """Aviso de protocolo: each new ticket's protocol, with the date and time of the
    record, sent to the customer by e-mail (Odoo's mail, a pt_BR template) and by
    SMS where Odoo's ``sms`` module is installed, within 24 hours. A scheduled
    action sends the new notices every 5 minutes, out of the operator's way; the
    sending, or why it could not go, is an event. Notices that failed or were not
    sent within 24 hours show in the panel "Aviso de protocolo pendente"
    (readme/CONFORMIDADE.md)."""

    _name = "service.ticket.protocol.notice"
    _description = "Service Ticket Protocol Notice"

    protocol_notice_state = fields.Selection(
        [
            ("pending", "To Send"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("off", "Switched Off"),
            ("imported", "History Brought In"),
        ],
        string="Protocol Notice",
        readonly=True,
        copy=False,
    )
    protocol_notice_due_at = fields.Datetime(
        string="Protocol Notice Due By", readonly=True, copy=False
    )
    protocol_notice_sent_at = fields.Datetime(
        string="Protocol Notice Sent On", readonly=True, copy=False
    )
    protocol_notice_late = fields.Boolean(
        string="Protocol Notice Sent Late",
        readonly=True,
        copy=False,
        help="Sent more than 24 hours after the record of the demand.",
    )
    protocol_notice_channels = fields.Char(
        string="Protocol Notice Sent By", readonly=True, copy=False
    )
    protocol_notice_message_ids = fields.Many2many(
        "mail.message",
        "service_ticket_protocol_notice_message_rel",
        "ticket_id",
        "message_id",
        string="Protocol Notice Messages",
        readonly=True,
        copy=False,
    )

    def init(self):
        super().init()
        if self._abstract:
            return
        # Aviso de protocolo pendente, and the sending cron
        create_index(
            self.env.cr,
            "service_ticket_protocol_notice_index",
            self._table,
            ["protocol_notice_due_at"],
            include=["company_id", "protocol_notice_state", "opened_at"],
            where="protocol_notice_state IN ('pending', 'failed') "
            "OR protocol_notice_late",
        )

    def _protocol_notice_open(self):
        """Called by the opening: the notice is due 24 hours after the record. A
        ticket recorded more than 24 hours ago is history brought in by trusted
        code (an import): its notice was the former system's."""
        now = fields.Datetime.now()
        for ticket in self.filtered(lambda ticket: not ticket.protocol_notice_state):
            due = ticket.opened_at + NOTICE_WINDOW
            if not ticket.company_id.service_protocol_notice:
                vals = {"protocol_notice_state": "off"}
            elif due < now:
                vals = {"protocol_notice_state": "imported"}
            else:
                vals = {"protocol_notice_state": "pending"}
            ticket.sudo().write({**vals, "protocol_notice_due_at": due})

    @api.model
    def _cron_send_protocol_notices(self, batch_size=200):
        """Send the pending notices, one batch per call (the cron runs again at once
        while some are left), then look at the delivery of the recent ones."""
        tickets = run_in_batches(
            self.sudo(),
            [("protocol_notice_state", "=", "pending")],
            "id",
            batch_size,
            lambda tickets: tickets._send_protocol_notice(),
        )
        self._check_protocol_notice_delivery()
        return tickets

    def _send_protocol_notice(self):
        """Send each ticket's notice by its company's channels; the sending is an
        event, and so is a notice that could not go by any channel. Returns the
        tickets."""
        now = fields.Datetime.now()
        for ticket in self.sudo():
            channels, problems, messages = ticket._protocol_notice_by_channels()
            if channels:
                ticket.write(
                    {
                        "protocol_notice_state": "sent",
                        "protocol_notice_sent_at": now,
                        "protocol_notice_late": bool(
                            ticket.protocol_notice_due_at
                            and now > ticket.protocol_notice_due_at
                        ),
                        "protocol_notice_channels": " e ".join(channels),
                        "protocol_notice_message_ids": [(6, 0, messages.ids)],
                    }
                )
                ticket._log_event(
                    "protocol_notice_sent",
                    when=now,
                    user=self.env["res.users"],
                    channels=" e ".join(channels),
                    details="; ".join(problems) or None,
                )
            else:
                ticket.write({"protocol_notice_state": "failed"})
                ticket._log_event(
                    "protocol_notice_failed",
                    when=now,
                    user=self.env["res.users"],
                    details="; ".join(problems),
                )
        return self

    def _protocol_notice_by_channels(self):
        """(channels used, problems, messages) of one ticket's notice."""
        self.ensure_one()
        company, partner = self.company_id, self.partner_id
        channels, problems = [], []
        messages = self.env["mail.message"]
        if company.service_protocol_notice_email:
            if partner.email:
                messages |= self._protocol_notice_by_email()
                channels.append(EMAIL)
            else:
                problems.append(NO_EMAIL)
        if company.service_protocol_notice_sms:
            if not self._painel_sms_installed():
                problems.append(NO_SMS)
            elif not (partner.mobile or partner.phone):
                problems.append(NO_PHONE)
            else:
                messages |= self._protocol_notice_by_sms()
                channels.append(SMS)
        if not (
            company.service_protocol_notice_email or company.service_protocol_notice_sms
        ):
            problems.append(NO_CHANNEL)
        return channels, problems, messages

    def _protocol_notice_by_email(self):
        template = self.env.ref(NOTICE_TEMPLATE)
        if self.partner_id.lang:
            template = template.with_context(lang=self.partner_id.lang)
        # queued: the mail cron sends it after this transaction commits
        return self.with_context(mail_notify_force_send=False).message_post_with_source(
            template,
            email_layout_xmlid="mail.mail_notification_light",
            subtype_xmlid="mail.mt_note",
            force_send=False,
        )

    def _protocol_notice_by_sms(self):
        # queued: the SMS cron sends it after this transaction commits
        return self._message_sms(
            self._protocol_notice_text(),
            partner_ids=self.partner_id.ids,
            put_in_queue=True,
        )

    def _painel_sms_installed(self):
        """Odoo's ``sms`` module gives every thread ``_message_sms``: no hard
        dependency, the e-mail is enough where SMS is not installed."""
        return hasattr(self, "_message_sms")

    def _protocol_notice_text(self):
        """The notice in one line (the SMS, and the e-mail's key sentence)."""
        self.ensure_one()
        return (
            f"{self.company_id.name}: sua demanda foi registrada com o protocolo "
            f"{self.protocol} em {self._protocol_notice_recorded_at()}."
        )

    def _protocol_notice_recorded_at(self):
        """DD/MM/AAAA HH:MM:SS of the record, in the company's time: what the
        customer is told."""
        self.ensure_one()
        tz_name = self.company_id.resource_calendar_id.tz or DEFAULT_TZ
        return self.env["service.interaction.type"]._format_datetime(
            self.opened_at, tz_name
        )

    @api.model
    def _check_protocol_notice_delivery(self):
        """A notice none of whose messages reached the customer (a bounced e-mail,
        a refused SMS) failed: the ticket goes to "Aviso de protocolo pendente",
        with an event. Returns those tickets."""
        tickets = self.sudo().search(
            [
                ("protocol_notice_state", "=", "sent"),
                (
                    "protocol_notice_sent_at",
                    ">=",
                    fields.Datetime.now() - DELIVERY_WATCH,
                ),
            ]
        )
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [("mail_message_id", "in", tickets.protocol_notice_message_ids.ids)]
            )
            .grouped("mail_message_id")
        )
        failed = self.browse()
        for ticket in tickets:
            sent = self.env["mail.notification"].sudo()
            for message in ticket.protocol_notice_message_ids:
                sent |= notifications.get(message, sent.browse())
            if sent and all(n.notification_status in UNDELIVERED for n in sent):
                failed |= ticket
                ticket.write({"protocol_notice_state": "failed"})
                ticket._log_event(
                    "protocol_notice_failed",
                    user=self.env["res.users"],
                    details="; ".join(
                        sorted(
                            {
                                f"{n.notification_type}: "
                                f"{n.failure_type or n.notification_status}"
                                for n in sent
                            }
                        )
                    ),
                )
        return failed

    def action_resend_protocol_notice(self):
        """Reenviar aviso de protocolo: send the notice again now (one that failed,
        or because the customer asks for it)."""
        self._check_right("notice_resend")
        if not self:
            raise UserError(_("Select the tickets to resend the protocol notice of."))
        self.check_access("read")
        self._send_protocol_notice()
        return True
