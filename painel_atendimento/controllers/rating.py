from odoo import http
from odoo.http import request

from odoo.addons.rating.controllers.main import Rating

from ..models.service_ticket import SERVER_MARK


class PainelRating(Rating):
    @http.route()
    def action_open_rating(self, token, rate, **kwargs):
        # this page stores Odoo's "Customer rated ..." as feedback: not a comment
        # of the customer, so no "rating_comment" interaction for it
        request.update_context(painel_rating_automatic_feedback=SERVER_MARK)
        return super().action_open_rating(token, rate, **kwargs)
