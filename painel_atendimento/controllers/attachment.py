from odoo import http
from odoo.http import request
from odoo.tools import str2bool

from odoo.addons.web.controllers.binary import Binary


def _readonly_unless_download(_controller):
    # a download of a ticket file is logged, so it needs a read/write cursor
    return not str2bool(request.httprequest.args.get("download", "0"), False)


class PainelBinary(Binary):
    """Log "Download de anexo solicitado" when a ticket's file is downloaded
    (the chatter serves images through /web/image, other files /web/content)."""

    @http.route(readonly=_readonly_unless_download)
    def content_common(self, xmlid=None, model="ir.attachment", id=None, **kwargs):
        response = super().content_common(xmlid=xmlid, model=model, id=id, **kwargs)
        self._painel_log_download(model, id, kwargs.get("download"), response)
        return response

    @http.route(readonly=_readonly_unless_download)
    def content_image(self, xmlid=None, model="ir.attachment", id=None, **kwargs):
        response = super().content_image(xmlid=xmlid, model=model, id=id, **kwargs)
        self._painel_log_download(model, id, kwargs.get("download"), response)
        return response

    @staticmethod
    def _painel_log_download(model, record_id, download, response):
        """Log only a file actually served, as a download, to a logged-in user who
        may read it by his own rights (not through a shared link's token): anything
        else leaves no trace, and so tells nothing about which ids exist."""
        if model != "ir.attachment" or not str2bool(download or "0", False):
            return
        if response.status_code != 200 or request.env.user._is_public():
            return
        try:
            attachment = request.env["ir.attachment"].browse(int(record_id))
        except (TypeError, ValueError):
            return
        if attachment.has_access("read"):
            attachment._painel_log_download()
