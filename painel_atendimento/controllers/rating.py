from odoo import http
from odoo.http import request

from odoo.addons.rating.controllers.main import Rating


class PainelRating(Rating):
    @http.route()
    def action_submit_rating(self, token, rate=0, **kwargs):
        """The survey page where the customer writes a comment: the comment is an
        event of the ticket ("Comentário da avaliação via SAC PLUS")."""
        response = super().action_submit_rating(token, rate=rate, **kwargs)
        feedback = (kwargs.get("feedback") or "").strip()
        if request.httprequest.method == "POST" and feedback:
            rating, record_sudo = self._get_rating_and_record(token)
            if rating.res_model == "service.ticket":
                record_sudo._log_customer_rating_comment(feedback)
        return response
