from odoo import _, api, fields, models
from odoo.exceptions import AccessError


class ResourceCalendarHolidayWizard(models.TransientModel):
    _name = "resource.calendar.holiday.wizard"
    _description = "Fill Public Holidays"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        required=True,
        default=lambda self: self._default_calendar(),
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )
    state_id = fields.Many2one(
        "res.country.state",
        string="State",
        domain="[('country_id.code', '=', 'BR')]",
        default=lambda self: self._default_state(),
        help="Its state holidays are added to the national ones. Municipal "
        "holidays are entered by hand as time off of the calendar.",
    )

    @api.model
    def _default_calendar(self):
        context = self.env.context
        if context.get("active_model") == "resource.calendar":
            return context.get("active_id")
        return self.env.company.resource_calendar_id

    @api.model
    def _default_state(self):
        state = self.env.company.state_id
        return state if state.country_id.code == "BR" else False

    def action_fill(self):
        self.ensure_one()
        if not self.env.user.has_group("painel_atendimento.group_manager"):
            raise AccessError(_("Only an administrator can fill public holidays."))
        # public holidays are global leaves, which only ERP managers may write:
        # the painel's administrators maintain the calendars its SLAs count in
        leaves = self.calendar_id.sudo()._painel_fill_public_holidays(
            self.year, self.state_id.code
        )
        if leaves:
            message = _(
                "%(count)s public holidays added to %(calendar)s.",
                count=len(leaves),
                calendar=self.calendar_id.display_name,
            )
        else:
            message = _("The public holidays of this year were already there.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
