from datetime import timedelta

from odoo import _, fields, models
from odoo.exceptions import UserError

RATING_TEMPLATE = "painel_atendimento.mail_template_service_ticket_rating"


class ServiceTicketSurvey(models.AbstractModel):
    """Avaliação (SAC Plus): the satisfaction survey e-mailed when a ticket is
    closed, built on Odoo's ratings, and the tool "Reenviar avaliação para o SAC
    Plus". Only the customer rates, through the survey's own pages."""

    _name = "service.ticket.survey"
    _inherit = ["rating.mixin"]
    _description = "Service Ticket Satisfaction Survey"

    # stored by rating.mixin: the measure "satisfaction" of the analysis views
    rating_last_value = fields.Float(string="Satisfaction Rating (/5)")
    survey_sent_at = fields.Datetime(
        string="Survey Sent On",
        readonly=True,
        copy=False,
        help="When the satisfaction survey was last e-mailed to the customer.",
    )

    def _rating_get_operator(self):
        # the operator rated is the one who closed the ticket
        return (self.closed_by_id or self.claimed_by_id).partner_id

    def _send_rating_request(self):
        """E-mail the satisfaction survey (SAC Plus) to customers with an e-mail."""
        template = self.env.ref(RATING_TEMPLATE, raise_if_not_found=False)
        if not template:
            return
        sent = self.filtered(lambda ticket: ticket.partner_id.email)
        for ticket in sent:
            ticket.rating_send_request(
                template, lang=ticket.partner_id.lang, force_send=False
            )
        sent.sudo().write({"survey_sent_at": fields.Datetime.now()})

    def action_resend_rating(self):
        """Tool "Reenviar avaliação para o SAC Plus", on several closed tickets."""
        self._check_right("survey_resend")
        if not self:
            raise UserError(_("Select the tickets to resend the survey to."))
        self.check_access("read")
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
        interval = self.company_id.service_survey_resend_hours
        if self.survey_sent_at and self.survey_sent_at > fields.Datetime.now() - (
            timedelta(hours=interval)
        ):
            return _(
                "The survey of ticket %(protocol)s was sent less than %(hours)s hours "
                "ago.",
                protocol=self.protocol,
                hours=interval,
            )
        return None

    def _log_customer_rating_comment(self, feedback):
        """The customer wrote a comment on the survey's page."""
        self.ensure_one()
        self._log_event(
            "rating_comment", details=feedback, user=self.env["res.users"].browse()
        )
