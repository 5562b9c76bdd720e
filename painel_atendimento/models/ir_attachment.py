from odoo import api, models

TICKET_MODEL = "service.ticket"


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        attachments._painel_log("attachment_added")
        return attachments

    def write(self, vals):
        owners = {}
        if "res_model" in vals or "res_id" in vals:
            # pending uploads are linked to the ticket when the message is posted
            owners = {att.id: (att.res_model, att.res_id) for att in self.sudo()}
        described = self.browse()
        if "description" in vals:
            described = self._painel_on_tickets().filtered(
                lambda att: (
                    (att.mimetype or "").startswith("image/")
                    and (att.description or "") != (vals["description"] or "")
                )
            )
        result = super().write(vals)
        if owners:
            self.sudo().filtered(
                lambda att: owners[att.id] != (att.res_model, att.res_id)
            )._painel_log("attachment_added")
        described._painel_log("image_description_changed")
        return result

    def unlink(self):
        removed = [(att.res_id, att.name) for att in self._painel_on_tickets()]
        result = super().unlink()
        for ticket_id, name in removed:
            ticket = self.env[TICKET_MODEL].browse(ticket_id).exists()
            ticket._log_event("attachment_removed", details=name)
        return result

    def _painel_log_download(self):
        """Called by the download route once the file was served."""
        self._painel_log("attachment_downloaded")

    def _painel_on_tickets(self):
        """The attachments of ``self`` that are files of a ticket (sudo)."""
        return self.sudo().filtered(
            lambda att: (
                att.res_model == TICKET_MODEL and att.res_id and not att.res_field
            )
        )

    def _painel_log(self, code):
        for attachment in self._painel_on_tickets():
            ticket = self.env[TICKET_MODEL].browse(attachment.res_id).exists()
            ticket._log_event(code, details=attachment.name)
