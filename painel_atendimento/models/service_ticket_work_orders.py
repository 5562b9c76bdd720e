from odoo import _, api, fields, models

WORK_ORDER_STATUS = [
    ("none", "Nonexistent"),
    ("unscheduled", "Unscheduled"),
    ("scheduled", "Scheduled"),
    ("done", "Done"),
]


class ServiceTicketWorkOrders(models.AbstractModel):
    """Ordens de Serviço (O.S.) seen from the ticket: its work orders, the "O.S.
    vinculada" and "Situação da O.S." columns, and the tool that opens one."""

    _name = "service.ticket.work.orders"
    _description = "Service Ticket Work Orders"

    work_order_ids = fields.One2many(
        "service.work.order", "ticket_id", string="Work Orders", readonly=True
    )
    work_order_count = fields.Integer(compute="_compute_work_order_summary", store=True)
    work_order_names = fields.Char(
        string="Linked Work Order", compute="_compute_work_order_summary", store=True
    )
    work_order_status = fields.Selection(
        WORK_ORDER_STATUS,
        string="Work Order",
        compute="_compute_work_order_summary",
        store=True,
        index=True,
        default="none",
    )

    @api.depends("work_order_ids.state", "work_order_ids.name")
    def _compute_work_order_summary(self):
        for ticket in self:
            orders = ticket.work_order_ids.filtered(
                lambda order: order.state != "cancelled"
            )
            ticket.work_order_count = len(orders)
            ticket.work_order_names = ", ".join(orders.sorted("id").mapped("name"))
            ticket.work_order_status = self._work_order_status_of(orders)

    @staticmethod
    def _work_order_status_of(orders):
        states = set(orders.mapped("state"))
        if not states:
            return "none"
        if "draft" in states:
            return "unscheduled"
        if "scheduled" in states:
            return "scheduled"
        return "done"

    def action_view_work_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "painel_atendimento.action_service_work_order"
        )
        action["domain"] = [("ticket_id", "=", self.id)]
        action["context"] = {"default_ticket_id": self.id}
        return action

    def action_new_work_order(self):
        """Abrir O.S.: a new work order of this ticket, at the ticket's address."""
        self.ensure_one()
        self._ensure_open()
        return {
            "type": "ir.actions.act_window",
            "name": _("New Work Order"),
            "res_model": "service.work.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }
