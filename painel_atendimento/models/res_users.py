import pytz

from odoo import models

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
