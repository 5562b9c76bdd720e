from odoo import api, fields, models

# What the provider's class switches (readme/CONFORMIDADE.md): RQUAL (Resolução Anatel
# 717/2019) and its automatic refund of interruptions bind the providers that are not
# of small size. Every other obligation holds for every class, which protects the
# customer.
PROVIDER_CLASS_OBLIGATIONS = {
    "small": {"service_rqual_refund": False},
    "large": {"service_rqual_refund": True},
}


class ResCompany(models.Model):
    _inherit = "res.company"

    service_sla_max_increment_days = fields.Integer(
        string="Largest SLA Increment (days)",
        default=90,
        help="The most an SLA can be incremented by at once: this many working days, "
        "or 24 times as many working hours.",
    )
    service_survey_resend_hours = fields.Integer(
        string="Survey Resend Interval (hours)",
        default=24,
        help="A satisfaction survey is resent to the same customer at most once in "
        "this many hours.",
    )
    service_regulatory_deadlines = fields.Boolean(
        string="Regulatory Deadlines",
        default=True,
        help="Each new ticket gets the regulatory deadline of its kind of request "
        "(Configuration > Regulatory Deadlines), beside its contractual SLA.",
    )
    service_protocol_notice = fields.Boolean(
        string="Send the Protocol Notice",
        default=True,
        help="Each new ticket's protocol, with the date and time of the record, is "
        "sent to the customer within 24 hours (RGC).",
    )
    service_protocol_notice_email = fields.Boolean(
        string="Protocol Notice by E-mail", default=True
    )
    service_protocol_notice_sms = fields.Boolean(
        string="Protocol Notice by SMS",
        default=True,
        help="Sent where Odoo's SMS module is installed; without it, the e-mail "
        "goes alone.",
    )

    service_hide_operator_names = fields.Boolean(
        string="Hide Operator Names from Customers",
        default=True,
        help="The history a customer sees (portal, PDF) does not name the operators.",
    )
    service_cancellation_process_id = fields.Many2one(
        "service.process",
        string="Process of Cancellations Requested in the Portal",
        help="Customers request the cancellation of their service in the portal, "
        "without talking to an agent (RGC): the request is a ticket of this "
        "process. Empty: the portal does not offer it.",
    )
    service_cancellation_classification_id = fields.Many2one(
        "service.classification",
        string="Classification of Cancellations Requested in the Portal",
        domain=[("kind", "=", "opening")],
    )
    service_provider_class = fields.Selection(
        [("small", "Small Provider (PPP)"), ("large", "Not a Small Provider")],
        string="Provider Class",
        required=True,
        default="small",
        help="Prestadora de Pequeno Porte: less than 5% of every national retail "
        "market it serves. Changing the class sets the obligations that depend on "
        "it to their defaults.",
    )
    service_rqual_refund = fields.Boolean(
        string="Automatic Refund of Interruptions (RQUAL)",
        help="The refund list of an outage says by when the refund must be in the "
        "customer's bill, without him asking (RQUAL art. 32). Small providers may "
        "follow it by choice.",
    )
    service_outage_min_minutes = fields.Integer(
        string="Interruption Lasts at Least (minutes)",
        default=10,
        help="RQUAL: an interruption of 10 minutes or more is refunded.",
    )
    service_outage_min_customers = fields.Integer(
        string="Interruption Affects at Least (customers)",
        default=2,
        help="RQUAL: an interruption affecting more than one customer.",
    )

    _sql_constraints = [
        (
            "service_outage_min_minutes_positive",
            "CHECK(service_outage_min_minutes > 0)",
            "An interruption lasts at least one minute.",
        ),
        (
            "service_outage_min_customers_positive",
            "CHECK(service_outage_min_customers > 0)",
            "An interruption affects at least one customer.",
        ),
        (
            "service_sla_max_increment_days_positive",
            "CHECK(service_sla_max_increment_days > 0)",
            "The largest SLA increment must be at least one day.",
        ),
        (
            "service_survey_resend_hours_positive",
            "CHECK(service_survey_resend_hours >= 0)",
            "The survey resend interval cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._apply_provider_class(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._apply_provider_class(vals)
        return super().write(vals)

    @api.onchange("service_provider_class")
    def _onchange_service_provider_class(self):
        self.update(PROVIDER_CLASS_OBLIGATIONS[self.service_provider_class or "small"])

    @api.model
    def _apply_provider_class(self, vals):
        """A class given without its obligations brings their defaults."""
        provider_class = vals.get("service_provider_class")
        if provider_class in PROVIDER_CLASS_OBLIGATIONS:
            for name, value in PROVIDER_CLASS_OBLIGATIONS[provider_class].items():
                vals.setdefault(name, value)
