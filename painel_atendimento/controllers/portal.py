from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal, pager

HISTORY_REPORT = "painel_atendimento.action_report_service_ticket_history"
# The history is pt_BR data, like the events' message templates.
CANCELLATION_REPORT = (
    "Cancelamento do serviço solicitado pelo cliente no portal, sem atendente."
)
PAGE_SIZE = 20


class PainelCustomerPortal(CustomerPortal):
    """Atendimentos in the customer's portal: his protocols, each with its public
    history, downloadable as a PDF."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "service_ticket_count" in counters:
            tickets = request.env["service.ticket"]
            values["service_ticket_count"] = (
                tickets.search_count([]) if tickets.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_tickets(self, page=1, **kw):
        tickets = request.env["service.ticket"]
        if not tickets.has_access("read"):
            return request.redirect("/my")
        page_pager = pager(
            url="/my/tickets",
            total=tickets.search_count([]),
            page=page,
            step=PAGE_SIZE,
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # read as the customer (record rules), shown through sudo (fields)
                "tickets": tickets.search(
                    [], limit=PAGE_SIZE, offset=page_pager["offset"]
                ).sudo(),
                "pager": page_pager,
                "page_name": "service_ticket",
                "default_url": "/my/tickets",
                "cancellation_offered": bool(
                    request.env.company.service_cancellation_process_id
                ),
            }
        )
        return request.render("painel_atendimento.portal_my_service_tickets", values)

    @http.route(["/my/tickets/<int:ticket_id>"], type="http", auth="user", website=True)
    def portal_my_service_ticket(self, ticket_id, **kw):
        try:
            ticket = self._document_check_access("service.ticket", ticket_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "ticket": ticket,
                "history": ticket._portal_history(),
                "page_name": "service_ticket",
            }
        )
        return request.render("painel_atendimento.portal_my_service_ticket", values)

    @http.route(
        ["/my/tickets/<int:ticket_id>/history"], type="http", auth="user", website=True
    )
    def portal_my_service_ticket_history(self, ticket_id, **kw):
        """Download the protocol's history: a PDF (an HTML page where the PDF engine,
        wkhtmltopdf, is missing), and the event of its delivery."""
        try:
            ticket = self._document_check_access("service.ticket", ticket_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        report = request.env["ir.actions.report"].sudo().with_company(ticket.company_id)
        content, kind = report._render_qweb_pdf(HISTORY_REPORT, ticket.ids)
        ticket._portal_log_history_delivered("portal")
        mimetype = "application/pdf" if kind == "pdf" else "text/html"
        filename = f"historico-{ticket.protocol}.{kind}"
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    @http.route(
        ["/my/tickets/cancellation"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_request_cancellation(self, reason="", **kw):
        """Cancelamento sem atendente (RGC): the customer's request is a ticket of
        the company's cancellation process, with its protocol, at once."""
        user = request.env.user
        company = request.env.company
        process = company.sudo().service_cancellation_process_id
        if not user.share or not process:
            return request.redirect("/my")
        description = CANCELLATION_REPORT
        if reason.strip():
            description = f"{description}\n{reason.strip()[:2000]}"
        ticket = (
            request.env["service.ticket"]
            .sudo()
            .create(
                {
                    "company_id": company.id,
                    "partner_id": user.partner_id.id,
                    "process_id": process.id,
                    "opening_classification_id": (
                        company.sudo().service_cancellation_classification_id.id
                    ),
                    "origin_id": request.env.ref(
                        "painel_atendimento.origin_website"
                    ).id,
                    "description": description,
                }
            )
        )
        ticket._log_event("cancellation_requested", user=request.env["res.users"])
        return request.redirect(f"/my/tickets/{ticket.id}")
