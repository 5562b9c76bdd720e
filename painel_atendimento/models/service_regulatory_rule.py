from datetime import timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

MAX_DAYS = 365


class ServiceRegulatoryRule(models.Model):
    """Prazo regulatório: the time the regulation gives the provider to answer one
    kind of request, beside the contractual SLA of the ticket.

    A ticket gets the rule listing its opening classification, else its company's
    rule for every other demand (Decreto 11.034/2022 art. 13: 7 calendar days).
    The deadline counts from the record of the demand (``opened_at``), in calendar
    days (the same moment N days later) or in business days (the company's working
    calendar, holidays included). It is never paused nor moved by an SLA change:
    the regulation's clock is not the contract's.
    """

    _name = "service.regulatory.rule"
    _description = "Regulatory Deadline"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(string="Kind of Request", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        string="Company",
        index=True,
        help="Empty: the rule holds for every company.",
    )
    days = fields.Integer(string="Deadline (days)", required=True, default=7)
    day_kind = fields.Selection(
        [("calendar", "Calendar Days"), ("business", "Business Days")],
        string="Counted In",
        required=True,
        default="calendar",
    )
    classification_ids = fields.Many2many(
        "service.classification",
        "service_regulatory_rule_classification_rel",
        "rule_id",
        "classification_id",
        string="Opening Classifications",
        domain=[("kind", "=", "opening")],
        check_company=True,
        help="Tickets opened with one of these classifications get this deadline.",
    )
    is_default = fields.Boolean(
        string="Every Other Demand",
        help="The deadline of the tickets whose classification no rule lists.",
    )
    source = fields.Char(help="Where the regulation says it (act and article).")
    consequence = fields.Text(
        string="When Breached",
        translate=True,
        help="What the regulation requires when the deadline passes.",
    )

    _sql_constraints = [
        (
            "days_range",
            f"CHECK(days > 0 AND days <= {MAX_DAYS})",
            "A regulatory deadline is between 1 and 365 days.",
        ),
    ]

    @api.constrains("classification_ids", "is_default", "active", "company_id")
    def _check_one_rule_per_demand(self):
        """A classification, and every other demand, belong to one active rule of a
        company (or one shared rule): a ticket's deadline is never a matter of
        order. A company's own rule may override a shared one."""
        for rule in self.filtered("active"):
            others = self.sudo().search(
                [("id", "!=", rule.id), ("company_id", "=", rule.company_id.id)]
            )
            for other in others:
                shared = other.classification_ids & rule.classification_ids
                if shared:
                    raise ValidationError(
                        _(
                            "The classification %(classification)s already has the "
                            "regulatory deadline “%(rule)s”.",
                            classification=shared[0].display_name,
                            rule=other.name,
                        )
                    )
                if rule.is_default and other.is_default:
                    raise ValidationError(
                        _(
                            "There is already a regulatory deadline for every other "
                            "demand: “%(rule)s”.",
                            rule=other.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _painel_rule_id_for
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _painel_rule_for(self, company, classification):
        """The rule of a demand of ``classification`` at ``company``: a rule listing
        the classification before a rule for every other demand, the company's
        own rule before a shared one."""
        return self.sudo().browse(
            self._painel_rule_id_for(company.id, classification.id)
        )

    @tools.ormcache("company_id", "classification_id")
    def _painel_rule_id_for(self, company_id, classification_id):
        # asked at every opening: cached until a rule changes
        rules = self.sudo().search([("company_id", "in", [company_id, False])])

        def preference(rule):
            listed = classification_id in rule.classification_ids.ids
            return (not listed, not rule.company_id)

        fitting = rules.filtered(
            lambda rule: (
                rule.is_default or classification_id in rule.classification_ids.ids
            )
        )
        return fitting.sorted(preference)[:1].id or None

    def _painel_deadline(self, start, company):
        """The deadline of a demand recorded at ``start`` (naive UTC)."""
        self.ensure_one()
        if self.day_kind == "business":
            return company.resource_calendar_id._painel_add_days(start, self.days)
        return start + timedelta(days=self.days)
