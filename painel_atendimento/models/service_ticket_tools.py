import functools

from odoo import _, api, fields, models
from odoo.exceptions import AccessError

from .service_ticket import ADDRESS_FIELDS

GROUP_NEW_TICKET = "painel_atendimento.group_tool_new_ticket"
GROUP_EDIT_TICKET = "painel_atendimento.group_tool_edit_ticket"

# What the "Edit" tool changes. Lifecycle methods (claim, forward, close...) write
# other, read-only fields and stay available to every operator.
EDIT_TOOL_FIELDS = frozenset(
    {
        "partner_id",
        "description",
        *ADDRESS_FIELDS,
        "origin_id",
        "opening_classification_id",
        "team_id",
        "process_id",
        "company_id",
    }
)


class ServiceTicket(models.Model):
    """Permissões de ferramentas: the server side of the panel tools' groups.

    The views hide each tool from users outside its group; these checks make the
    server refuse it as well, whatever the client sends.
    """

    _inherit = "service.ticket"

    can_use_edit_tool = fields.Boolean(
        compute="_compute_can_use_edit_tool",
        help="Technical: the current user may change the ticket's data.",
    )

    @api.depends_context("uid")
    def _compute_can_use_edit_tool(self):
        self.can_use_edit_tool = self.env.user.has_group(GROUP_EDIT_TICKET)

    def _check_access(self, operation):
        # Creating is the "New ticket" tool. Refusing it here, rather than in
        # create(), also removes the New buttons from every ticket view of the user.
        result = super()._check_access(operation)
        if (
            result is None
            and operation == "create"
            and not self.env.user.has_group(GROUP_NEW_TICKET)
        ):
            return self, functools.partial(
                AccessError,
                _(
                    "You are not allowed to open new tickets. Ask an administrator "
                    "for the “New Ticket” tool permission."
                ),
            )
        return result

    def write(self, vals):
        edited = EDIT_TOOL_FIELDS.intersection(vals)
        if self._is_forwarding():
            # forwarding (a lifecycle step) moves the ticket to another process
            edited -= {"process_id"}
        if edited:
            self._check_tool(GROUP_EDIT_TICKET, _("Edit Ticket"))
        return super().write(vals)
