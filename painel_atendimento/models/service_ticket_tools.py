from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

GROUP_TECHNICIAN = "painel_atendimento.group_technician"
GROUP_OPERATOR = "painel_atendimento.group_operator"
GROUP_SUPERVISOR = "painel_atendimento.group_supervisor"
GROUP_NEW_TICKET = "painel_atendimento.group_tool_new_ticket"
GROUP_EDIT_TICKET = "painel_atendimento.group_tool_edit_ticket"
GROUP_SLA_HISTORY = "painel_atendimento.group_tool_sla_history"
GROUP_SLA_CHANGE = "painel_atendimento.group_tool_sla_change"
GROUP_RATING_RESEND = "painel_atendimento.group_tool_rating_resend"
GROUP_INTEGRATION = "painel_atendimento.group_integration"

# Who may do what to a ticket: the roles' transitions and the panel tools. The views
# only mirror this table (groups= on the buttons); the server checks it.
RIGHTS = {
    "comment": (GROUP_TECHNICIAN, _lt("comment on tickets")),
    "claim": (GROUP_OPERATOR, _lt("claim tickets")),
    "release": (GROUP_OPERATOR, _lt("release tickets")),
    "forward": (GROUP_OPERATOR, _lt("forward tickets")),
    "next_step": (GROUP_OPERATOR, _lt("start the next subprocess of tickets")),
    "close": (GROUP_OPERATOR, _lt("close tickets")),
    "cancel": (GROUP_SUPERVISOR, _lt("cancel tickets")),
    "reopen": (GROUP_SUPERVISOR, _lt("reopen tickets")),
    "edit": (GROUP_EDIT_TICKET, _lt("edit tickets (tool “Edit Ticket”)")),
    "sla_change": (
        GROUP_SLA_CHANGE,
        _lt("change the SLA of tickets (tool “Change SLA”)"),
    ),
    "sla_history": (
        GROUP_SLA_HISTORY,
        _lt("see the SLA history of tickets (tool “SLA History”)"),
    ),
    "notice_resend": (GROUP_OPERATOR, _lt("resend the protocol notice of tickets")),
    "survey_resend": (
        GROUP_RATING_RESEND,
        _lt("resend the survey of tickets (tool “Resend Survey to SAC Plus”)"),
    ),
}

# The ticket's own address (defaults from the customer); work orders copy it.
ADDRESS_FIELDS = (
    "street",
    "street_number",
    "district",
    "city",
    "state_id",
    "zip",
    "condominium",
)
# What the "Edit" tool changes on an open ticket. Everything else of the ticket is
# either fixed at the opening or changed by a transition.
EDIT_TOOL_FIELDS = frozenset(
    {
        "partner_id",
        "description",
        *ADDRESS_FIELDS,
        "origin_id",
        "opening_classification_id",
        "team_id",
    }
)


class ServiceTicketTools(models.AbstractModel):
    """Permissões de ferramentas: who may use each transition and panel tool.

    "New ticket" is the create right of ``ir.model.access.csv`` (so Odoo itself hides
    the New buttons); every other right is in ``RIGHTS`` and checked by the server
    whatever the client shows.
    """

    _name = "service.ticket.tools"
    _description = "Service Ticket Tool Permissions"

    can_use_edit_tool = fields.Boolean(
        compute="_compute_can_use_edit_tool",
        help="Technical: the current user may change the ticket's data now (a new "
        "ticket with the New Ticket tool, an open one with the Edit Ticket tool).",
    )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_use_edit_tool(self):
        user = self.env.user
        can_open = user.has_group(GROUP_NEW_TICKET)
        can_edit = user.has_group(GROUP_EDIT_TICKET)
        for ticket in self:
            if not ticket.id:
                ticket.can_use_edit_tool = can_open
            else:
                ticket.can_use_edit_tool = can_edit and ticket.state == "open"

    @api.model
    def _check_right(self, right):
        """Refuse ``right`` (a key of ``RIGHTS``) to a user without its group."""
        group, action = RIGHTS[right]
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                _(
                    "You are not allowed to %(action)s. Ask an administrator for the "
                    "permission.",
                    action=self.env._(action),
                )
            )

    def _check_edit_tool(self, vals):
        if EDIT_TOOL_FIELDS.intersection(vals):
            self._check_right("edit")
