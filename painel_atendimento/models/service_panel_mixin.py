from odoo import _, api, fields, models
from odoo.exceptions import UserError

YES_NO = [("yes", "YES"), ("no", "NO")]


def searched_values(operator, value, choices):
    """The values of ``choices`` a search ``operator value`` on a selection asks for."""
    if operator in ("=", "!="):
        values = {value}
    elif operator in ("in", "not in"):
        values = set(value or ())
    else:
        raise UserError(_("Search this column by choosing one of its values."))
    if operator in ("!=", "not in"):
        return set(choices) - values
    return values & set(choices)


class ServicePanelMixin(models.AbstractModel):
    """What every model listed by a panel shares: the ``panel`` search field and the
    tools that do not depend on the selected rows."""

    _name = "service.panel.mixin"
    _description = "Listed by the Service Panels"

    panel = fields.Selection(
        selection="_selection_panel",
        compute="_compute_panel",
        search="_search_panel",
    )

    @api.model
    def _selection_panel(self):
        return self.env["service.panel"]._panel_selection(self._name)

    def _compute_panel(self):
        # a record can be in many panels at once: the field only serves to search
        self.panel = False

    def _search_panel(self, operator, value):
        return self.env["service.panel"]._panel_domain(self._name, operator, value)

    def action_panel_new_ticket(self):
        """Tool "Novo atendimento" of the Abertos panels (header button)."""
        return {
            "type": "ir.actions.act_window",
            "name": _("New Ticket"),
            "res_model": "service.ticket",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _panel_tickets(self):
        """The tickets of the selected rows."""
        return self

    def action_panel_edit_ticket(self):
        """Tool "Editar" of the Abertos and Subprocessos atrasados panels: the
        ticket of the selected row, in its form."""
        tickets = self._panel_tickets()
        if len(tickets) != 1:
            raise UserError(_("Select one ticket to edit."))
        tickets._check_right("edit")
        tickets._ensure_open()
        return {
            "type": "ir.actions.act_window",
            "res_model": "service.ticket",
            "res_id": tickets.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.readonly
    def action_panel_refresh(self):
        """Tool "Atualizar a grade do painel": writes nothing (read replica)."""
        return {"type": "ir.actions.client", "tag": "soft_reload"}
