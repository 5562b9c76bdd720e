from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _find_allowed_model_wise(self, doc_model, doc_dict):
        # a customer reads his ticket's history in the portal, not its chatter: the
        # messages found for him are only those sent to him (mail's own rule)
        if doc_model == "service.ticket" and not self.env.su and self.env.user.share:
            return set()
        return super()._find_allowed_model_wise(doc_model, doc_dict)
