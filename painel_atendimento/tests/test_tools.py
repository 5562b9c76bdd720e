from datetime import date, datetime

from freezegun import freeze_time
from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import PainelCase


@tagged("post_install", "-at_install")
class TestToolPermissions(PainelCase):
    """Permissões de ferramentas: the button is hidden and the server refuses."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["service.sla.policy"].create(
            {
                "name": "SLA 8h",
                "sequence": -1,
                "target_hours": 8,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.ticket = cls._create_ticket()
        cls.other_customer = cls.customer.copy({"name": "Ana Souza", "vat": False})

    def _user_without(self, tool, login):
        """An operator from whom the administrator took ``tool`` away."""
        group = self.env.ref(f"painel_atendimento.group_tool_{tool}")
        self.env.ref("painel_atendimento.group_operator").implied_ids = [
            Command.unlink(group.id)
        ]
        user = new_test_user(
            self.env,
            login=login,
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        self.assertFalse(user.has_group(f"painel_atendimento.group_tool_{tool}"))
        return user

    def _arch(self, user, view_type, view_id=False):
        views = (
            self.env["service.ticket"].with_user(user).get_views([(view_id, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def _panel_view(self, code, view_type):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            f"painel_atendimento.action_panel_{code}"
        )
        return {kind: view for view, kind in action["views"]}[view_type]

    # ------------------------------------------------------------------ new ticket

    def test_new_ticket_without_tool(self):
        user = self._user_without("new_ticket", "sem_novo")
        for view_type in ("list", "form"):
            arch = self._arch(user, view_type)
            self.assertEqual(arch.get("create"), "False", view_type)
        arch = self._arch(user, "list", self._panel_view("open_today", "list"))
        self.assertFalse(arch.xpath("//button[@name='action_panel_new_ticket']"))
        # the tool is the create right of the access rules: Odoo's own refusal
        with self.assertRaisesRegex(AccessError, "Tool: New Ticket"):
            self.env["service.ticket"].with_user(user).create(self._ticket_values())
        # the other tools of the operator keep working
        self.ticket.with_user(user).action_claim()
        self.assertEqual(self.ticket.claimed_by_id, user)

    def test_new_ticket_with_tool(self):
        for view_type in ("list", "form"):
            self.assertIsNone(self._arch(self.operator, view_type).get("create"))
        # the Abertos panels show the spec's "Novo atendimento" button instead of "New"
        panel = self._arch(
            self.operator, "list", self._panel_view("open_today", "list")
        )
        self.assertEqual(panel.get("create"), "0")
        self.assertTrue(panel.xpath("//header/button[@name='action_panel_new_ticket']"))
        ticket = (
            self.env["service.ticket"]
            .with_user(self.operator)
            .create(self._ticket_values())
        )
        self.assertEqual(ticket.opened_by_id, self.operator)
        # a new ticket's form is editable for whoever may open one
        self.assertTrue(
            self.env["service.ticket"]
            .with_user(self.operator)
            .new({})
            .can_use_edit_tool
        )

    # ------------------------------------------------------------------ edit

    def _guarded_in_form(self, user, field_name):
        arch = self._arch(user, "form")
        node = arch.xpath(f"//sheet//field[@name='{field_name}']")[0]
        return "not can_use_edit_tool" in node.get("readonly", "")

    def test_edit_without_tool(self):
        user = self._user_without("edit_ticket", "sem_editar")
        ticket = self.ticket.with_user(user)
        self.assertFalse(ticket.can_use_edit_tool)
        for field_name in ("partner_id", "description", "city"):
            self.assertTrue(self._guarded_in_form(user, field_name), field_name)
        for vals in (
            {"partner_id": self.other_customer.id},
            {"description": "Outro relato"},
            {"city": "Valinhos"},
        ):
            with self.assertRaisesRegex(AccessError, "Edit Ticket"):
                ticket.write(vals)
        self.assertEqual(self.ticket.partner_id, self.customer)
        self.assertEqual(self.ticket.process_id, self.process)
        # lifecycle tools are not "editing"
        ticket.action_claim()
        ticket.action_forward(self.other_process)
        self.assertEqual(self.ticket.process_id, self.other_process)
        ticket.action_close(self.classification_close, "ok")
        self.assertEqual(self.ticket.state, "closed")

    def test_edit_with_tool(self):
        ticket = self.ticket.with_user(self.operator)
        self.assertTrue(ticket.can_use_edit_tool)
        ticket.write({"description": "Sem sinal na ONU", "city": "Valinhos"})
        self.assertEqual(self.ticket.city, "Valinhos")
        # the edit tool edits an open ticket's data, not a closed ticket's history
        ticket.action_close(self.classification_close)
        self.assertFalse(ticket.can_use_edit_tool)
        with self.assertRaisesRegex(UserError, "no longer open"):
            ticket.write({"city": "Campinas"})

    # ------------------------------------------------------------------ SLA tools

    def _has_button(self, user, name, view_type="form", view_id=False):
        return bool(
            self._arch(user, view_type, view_id).xpath(f"//button[@name='{name}']")
        )

    def test_sla_change_without_tool(self):
        self.assertFalse(
            self._has_button(self.operator, "action_open_sla_change_wizard")
        )
        panel_list = self._panel_view("open_today", "list")
        self.assertFalse(
            self._has_button(
                self.operator, "action_open_sla_change_wizard", "list", panel_list
            )
        )
        ticket = self.ticket.with_user(self.operator)
        with self.assertRaises(AccessError):
            ticket.action_open_sla_change_wizard()
        motive = self.env["service.sla.motive"].create(
            {"name": "Feriado municipal", "kind": "increment"}
        )
        deadline = self.ticket.sla_deadline
        with self.assertRaises(AccessError):
            ticket.sla_increment(2, "hours", motive, "Feriado")
        self.assertEqual(self.ticket.sla_deadline, deadline)

    def test_sla_change_with_tool(self):
        self.assertTrue(
            self._has_button(self.supervisor, "action_open_sla_change_wizard")
        )
        panel_list = self._panel_view("open_today", "list")
        self.assertTrue(
            self._has_button(
                self.supervisor, "action_open_sla_change_wizard", "list", panel_list
            )
        )
        action = self.ticket.with_user(self.supervisor).action_open_sla_change_wizard()
        self.assertEqual(action["res_model"], "service.sla.change.wizard")

    def test_sla_history_without_tool(self):
        user = self._user_without("sla_history", "sem_historico")
        self.assertFalse(self._has_button(user, "action_view_sla_history"))
        with self.assertRaises(AccessError):
            self.ticket.with_user(user).action_view_sla_history()

    def test_sla_history_with_tool(self):
        self.assertTrue(self._has_button(self.operator, "action_view_sla_history"))
        action = self.ticket.with_user(self.operator).action_view_sla_history()
        self.assertEqual(action["res_model"], "service.sla.intervention")

    # ------------------------------------------------------------------ rating

    def test_rating_resend_by_tool(self):
        self.ticket.action_close(self.classification_close)
        panel_list = self._panel_view("closed_today", "list")
        for user, allowed in ((self.operator, False), (self.supervisor, True)):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self._has_button(user, "action_resend_rating", "list", panel_list),
                    allowed,
                )
                self.assertEqual(
                    self._has_button(user, "action_resend_rating"), allowed
                )
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.operator).action_resend_rating()
        self.company.service_survey_resend_hours = 0
        action = self.ticket.with_user(self.supervisor).action_resend_rating()
        self.assertEqual(action["params"]["type"], "success")


@tagged("post_install", "-at_install")
@freeze_time("2025-06-11 15:00:00")  # Wednesday, 12:00 in São Paulo
class TestSearchWizards(PainelCase):
    """Busca avançada on a known data set; the operator is in America/Sao_Paulo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.neighbour = cls.env["res.partner"].create(
            {
                "name": "Condomínio Jardim",
                "street": "Avenida Orosimbo Maia, 200",
                "street2": "Cambuí",
                "city": "Campinas",
            }
        )
        cls.other_city = cls.env["res.partner"].create(
            {
                "name": "Carlos Lima",
                "street": "Rua XV de Novembro, 10",
                "street2": "Centro",
                "city": "Valinhos",
            }
        )
        whatsapp = cls.env.ref("painel_atendimento.origin_whatsapp")
        cls.t_before = cls._ticket("2025-05-01 02:59:59")  # 30/04 23:59:59 local
        cls.t_first = cls._ticket("2025-05-01 03:00:00")  # 01/05 00:00 local
        cls.t_claimed = cls._ticket(
            "2025-05-20 14:00:00",
            partner_id=cls.neighbour.id,
            opened_by_id=cls.operator_2.id,
            condominium="Residencial Aurora",
        )
        cls.t_claimed.with_user(cls.operator).action_claim()
        cls.t_whatsapp = cls._ticket(
            "2025-06-01 12:00:00", partner_id=cls.other_city.id, origin_id=whatsapp.id
        )
        cls.t_last = cls._ticket("2025-06-11 02:59:59")  # 10/06 23:59:59 local
        cls.t_after = cls._ticket("2025-06-11 03:00:00")  # 11/06 00:00 local
        cls.t_old_closed = cls._ticket("2025-03-01 12:00:00")
        with freeze_time("2025-05-10 12:00:00"):
            cls.t_old_closed.action_close(cls.classification_close)
        cls.t_cancelled = cls._ticket("2025-03-02 12:00:00")
        with freeze_time("2025-05-11 12:00:00"):
            cls.t_cancelled.action_cancel()
        cls.tickets = (
            cls.t_before
            | cls.t_first
            | cls.t_claimed
            | cls.t_whatsapp
            | cls.t_last
            | cls.t_after
            | cls.t_old_closed
            | cls.t_cancelled
        )

    @classmethod
    def _ticket(cls, opened_at, **values):
        return cls._create_ticket(opened_at=opened_at, **values)

    def _wizard(self, kind, **values):
        model = f"service.ticket.{kind}.search"
        vals = {"date_from": date(2025, 5, 1), "date_to": date(2025, 6, 10)}
        vals.update(values)
        return self.env[model].with_user(self.operator).create(vals)

    def _found(self, wizard):
        domain = wizard._search_domain() + [("id", "in", self.tickets.ids)]
        return self.env["service.ticket"].search(domain)

    # ------------------------------------------------------------------ period

    def test_default_period_is_the_last_180_operator_days(self):
        with freeze_time("2025-06-11 02:30:00"):  # still 10/06 in São Paulo
            wizard = self.env["service.ticket.synthetic.search"].with_user(
                self.operator
            )
            wizard = wizard.create({})
        self.assertEqual(wizard.date_to, date(2025, 6, 10))
        self.assertEqual(wizard.date_from, date(2024, 12, 12))
        self.assertEqual(wizard.search_by, "period")

    def test_period_uses_operator_local_day_bounds(self):
        wizard = self._wizard("synthetic")
        self.assertEqual(
            wizard._period_domain("opened_at"),
            [
                ("opened_at", ">=", datetime(2025, 5, 1, 3)),
                ("opened_at", "<", datetime(2025, 6, 11, 3)),
            ],
        )
        expected = self.t_first | self.t_claimed | self.t_whatsapp | self.t_last
        self.assertEqual(self._found(wizard), expected)
        self.assertEqual(self._found(self._wizard("advanced")), expected)

    # ------------------------------------------------------------------ synthetic

    def test_synthetic_criteria(self):
        cases = {
            "claimed_by": ({"user_id": self.operator.id}, self.t_claimed),
            "opened_by": ({"user_id": self.operator_2.id}, self.t_claimed),
            "city": ({"city": " valinhos "}, self.t_whatsapp),
            "origin": (
                {"origin_id": self.t_whatsapp.origin_id.id},
                self.t_whatsapp,
            ),
        }
        for search_by, (values, expected) in cases.items():
            with self.subTest(search_by=search_by):
                wizard = self._wizard("synthetic", search_by=search_by, **values)
                self.assertEqual(self._found(wizard), expected)

    def test_synthetic_opens_the_pivot_with_the_domain(self):
        wizard = self._wizard("synthetic", search_by="city", city="Campinas")
        action = wizard.action_search()
        self.assertEqual(action["res_model"], "service.ticket")
        self.assertIn("pivot", action["view_mode"])
        self.assertTrue(action["display_name"].endswith("05/01/2025 to 06/10/2025"))
        self.assertIn("graph", action["view_mode"])
        found = self.env["service.ticket"].search(
            action["domain"] + [("id", "in", self.tickets.ids)]
        )
        self.assertEqual(found, self.t_first | self.t_claimed | self.t_last)

    # ------------------------------------------------------------------ advanced

    def test_advanced_criteria(self):
        protocol = self.t_old_closed.protocol
        cases = {
            # protocol and code find the ticket whatever the period
            "protocol": (
                {"protocol": f"{protocol[:8]}.{protocol[8:11]}-{protocol[11:]}"},
                self.t_old_closed,
            ),
            "code": ({"code": f" {self.t_cancelled.id} "}, self.t_cancelled),
            "partner": ({"partner_id": self.neighbour.id}, self.t_claimed),
            "claimed_by": ({"user_id": self.operator.id}, self.t_claimed),
            "opened_by": ({"user_id": self.operator_2.id}, self.t_claimed),
            "city": ({"city": "VALINHOS"}, self.t_whatsapp),
            "origin": ({"origin_id": self.t_whatsapp.origin_id.id}, self.t_whatsapp),
            # closed (not cancelled) in the period, whenever it was opened
            "closed": ({}, self.t_old_closed),
            "address": ({"street": "orosimbo", "city": "Campinas"}, self.t_claimed),
            "condominium": ({"condominium": "aurora"}, self.t_claimed),
        }
        for search_by, (values, expected) in cases.items():
            with self.subTest(search_by=search_by):
                wizard = self._wizard("advanced", search_by=search_by, **values)
                self.assertEqual(self._found(wizard), expected)

    def test_address_by_district(self):
        wizard = self._wizard("advanced", search_by="address", district="centro")
        self.assertEqual(
            self._found(wizard),
            self.t_first | self.t_whatsapp | self.t_last,
        )

    def test_advanced_opens_the_list_with_the_domain(self):
        wizard = self._wizard("advanced", search_by="code", code=str(self.t_first.id))
        action = wizard.action_search()
        self.assertEqual(action["res_model"], "service.ticket")
        self.assertEqual(action["view_mode"].split(",")[0], "list")
        self.assertEqual(
            self.env["service.ticket"].search(action["domain"]), self.t_first
        )
        self.assertFalse(action["context"]["painel_search_mode"])

    # ------------------------------------------------------------------ bad input

    def test_bad_input_is_refused(self):
        cases = [
            ("synthetic", {"date_from": False}, "period"),
            ("advanced", {"date_to": False}, "period"),
            (
                "synthetic",
                {"date_from": date(2025, 6, 2), "date_to": date(2025, 6, 1)},
                "starts after it ends",
            ),
            ("synthetic", {"date_from": date(2024, 12, 1)}, "at most 180 days"),
            ("advanced", {"date_from": date(2024, 5, 1)}, "at most 366 days"),
            ("advanced", {"search_by": "code", "code": "12a"}, "digits only"),
            ("advanced", {"search_by": "code", "code": "9" * 12}, "No ticket has"),
            ("advanced", {"search_by": "code", "code": " "}, "Code"),
            ("advanced", {"search_by": "protocol"}, "Protocol"),
            ("synthetic", {"search_by": "claimed_by"}, "Operator"),
            ("synthetic", {"search_by": "city", "city": "  "}, "City"),
            ("synthetic", {"search_by": "origin"}, "Contact Origin"),
            ("advanced", {"search_by": "partner"}, "Customer"),
            ("advanced", {"search_by": "address"}, "street, the district or"),
            ("advanced", {"search_by": "condominium"}, "Condominium"),
        ]
        for kind, values, message in cases:
            with self.subTest(kind=kind, values=values):
                wizard = self._wizard(kind, **values)
                with self.assertRaisesRegex(UserError, message):
                    wizard.action_search()
