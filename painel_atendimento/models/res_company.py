from odoo import fields, models


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

    _sql_constraints = [
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
