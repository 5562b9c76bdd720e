from odoo import _, api, fields, models
from odoo.exceptions import UserError


class ServiceTicketCloseWizard(models.TransientModel):
    """Finalizar: the closing classification and comment. A ticket whose work order
    is still open (unscheduled or scheduled) closes only once the operator confirms
    it: the technician may still be on the way."""

    _name = "service.ticket.close.wizard"
    _inherit = ["service.ticket.wizard.mixin"]
    _description = "Close Ticket"

    closing_classification_id = fields.Many2one(
        "service.classification",
        string="Closing Classification",
        required=True,
        domain=[("kind", "=", "closing")],
    )
    comment = fields.Text(string="Closing Comment")
    open_work_order_names = fields.Char(
        string="Open Work Orders", compute="_compute_open_work_order_names"
    )

    @api.depends("ticket_ids")
    def _compute_open_work_order_names(self):
        for wizard in self:
            orders = wizard.ticket_ids.work_order_ids.filtered(
                lambda order: order.state in ("draft", "scheduled")
            )
            wizard.open_work_order_names = ", ".join(orders.sorted("id").mapped("name"))

    def action_confirm(self):
        if self.open_work_order_names:
            raise UserError(
                _(
                    "Work orders %s are still open: confirm that the ticket closes "
                    "with them open, or finish them first.",
                    self.open_work_order_names,
                )
            )
        return self._close()

    def action_confirm_open_work_orders(self):
        """The operator confirmed closing with the work orders still open."""
        return self._close()

    def _close(self):
        self.ticket_ids.action_close(self.closing_classification_id, self.comment)
        return {"type": "ir.actions.act_window_close"}
