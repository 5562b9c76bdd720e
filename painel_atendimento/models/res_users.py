import pytz

from odoo import _, api, models
from odoo.exceptions import UserError

# A Brazilian ISP reads its clocks in Brasília time unless told otherwise.
DEFAULT_TZ = "America/Sao_Paulo"


class ResUsers(models.Model):
    _inherit = "res.users"

    def _painel_tz(self, company=None):
        """The time zone this operator reads dates in ("today", DD/MM/AAAA HH:MM:SS).

        The user's own, else the company calendar's, else Brasília time. The superuser
        (crons, automation) is no operator: its time zone means nothing to a ticket.
        """
        user = self[:1]
        company = company or self.env.company
        own = user.tz if user and not user._is_superuser() else False
        return pytz.timezone(own or company.resource_calendar_id.tz or DEFAULT_TZ)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_ticket_history(self):
        # the history is append-only: deleting its author would have to rewrite it
        for model in ("service.interaction", "service.sla.intervention"):
            if (
                self.env[model]
                .sudo()
                .search_count(
                    ["|", ("user_id", "in", self.ids), ("create_uid", "in", self.ids)],
                    limit=1,
                )
            ):
                raise UserError(
                    _(
                        "These users appear in the history of service tickets, which "
                        "is never rewritten: archive them instead of deleting them."
                    )
                )
