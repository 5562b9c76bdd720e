from odoo import _, api, models


class ServiceWorkOrder(models.Model):
    _inherit = "service.work.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        for order in orders:
            order.ticket_id._log_event("work_order_added", details=order.name)
        return orders

    def write(self, vals):
        # chatter bookkeeping (followers, main attachment...) is not an edit
        edited = set(vals) - set(self.env["mail.thread"]._fields)
        result = super().write(vals)
        if edited:
            # a cancelled order leaves the ticket (it no longer counts there)
            code = (
                "work_order_removed"
                if vals.get("state") == "cancelled"
                else "work_order_edit_requested"
            )
            for order in self:
                order.ticket_id._log_event(code, details=order.name)
        return result

    def unlink(self):
        # a cancelled order already left its ticket
        removed = [
            (order.ticket_id, order.name)
            for order in self
            if order.state != "cancelled"
        ]
        result = super().unlink()
        for ticket, name in removed:
            ticket.exists()._log_event("work_order_removed", details=name)
        return result

    def action_open_work_order(self):
        """Open the work order from its ticket, leaving a trace that it was seen."""
        self.ensure_one()
        self.ticket_id._log_event("work_order_viewed", details=self.name)
        return {
            "type": "ir.actions.act_window",
            "name": _("Work Order"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }
