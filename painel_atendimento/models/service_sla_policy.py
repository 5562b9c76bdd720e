from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ServiceSlaPolicy(models.Model):
    _name = "service.sla.policy"
    _description = "SLA Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="Tickets get the first matching policy in this order."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    target_hours = fields.Float(
        string="Target (working hours)",
        required=True,
        default=24.0,
        help="Working hours of the calendar between opening and deadline.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working time and public holidays the target is counted in. "
        "A 24x7 calendar counts every hour.",
    )
    classification_ids = fields.Many2many(
        "service.classification",
        string="Opening Classifications",
        domain=[("kind", "=", "opening")],
        help="Leave empty to match any classification.",
    )
    process_ids = fields.Many2many(
        "service.process",
        string="Processes",
        help="Leave empty to match any process.",
    )
    origin_ids = fields.Many2many(
        "service.contact.origin",
        string="Contact Origins",
        help="Leave empty to match any contact origin.",
    )
    team_ids = fields.Many2many(
        "service.team",
        string="Workspace Groups",
        help="Leave empty to match any workspace group.",
    )
    description = fields.Text()

    _sql_constraints = [
        (
            "target_hours_positive",
            "CHECK(target_hours > 0)",
            "The SLA target must be greater than zero hours.",
        ),
    ]

    @api.constrains("resource_calendar_id")
    def _check_resource_calendar(self):
        for policy in self:
            if policy.resource_calendar_id.flexible_hours:
                raise ValidationError(
                    _(
                        "The calendar of SLA policy %s has flexible hours: choose a "
                        "calendar with working hours to count the deadline in.",
                        policy.name,
                    )
                )

    @api.model
    def _painel_find_for_tickets(self, tickets):
        """Map each ticket to its policy: the first active one, by sequence, whose
        non-empty criteria all match it (an empty recordset when none does)."""
        policies = self.search([("company_id", "in", tickets.company_id.ids)])
        return {
            ticket: next(
                (policy for policy in policies if policy._painel_matches(ticket)),
                self.browse(),
            )
            for ticket in tickets
        }

    def _painel_matches(self, ticket):
        self.ensure_one()
        criteria = (
            (self.classification_ids, ticket.opening_classification_id),
            (self.process_ids, ticket.process_id),
            (self.origin_ids, ticket.origin_id),
            (self.team_ids, ticket.team_id),
        )
        return self.company_id == ticket.company_id and all(
            not accepted or value in accepted for accepted, value in criteria
        )
