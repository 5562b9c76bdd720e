import re

import polib

from odoo.exceptions import UserError
from odoo.tools.misc import file_path
from odoo.tools.translate import code_translations

from .common import PainelCase

MODULE = "painel_atendimento"
# What must survive translation untouched: %-placeholders, {placeholders}, QWeb
# expressions and HTML tags.
KEPT = re.compile(r"%\(\w+\)s|%[sd]|\{\{.*?\}\}|\{%?\(?\w*\)?s?\}|<[^>]+>")


class TestI18n(PainelCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        # the database may hold an older pt_BR.po: load the one of this tree
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["pt_BR"], overwrite=True
        )
        cls.pt_env = cls.env(context=dict(cls.env.context, lang="pt_BR"))
        cls.po = polib.pofile(file_path(f"{MODULE}/i18n/pt_BR.po"))
        cls.pot = polib.pofile(file_path(f"{MODULE}/i18n/{MODULE}.pot"))

    def test_po_file_is_complete(self):
        self.assertEqual(self.po.metadata["Language"], "pt_BR")
        self.assertEqual(
            self.po.metadata["Plural-Forms"], "nplurals=2; plural=(n > 1);"
        )
        self.assertFalse(
            [e.msgid for e in self.po.untranslated_entries()], "untranslated"
        )
        self.assertFalse([e.msgid for e in self.po.fuzzy_entries()], "fuzzy")
        missing = {e.msgid for e in self.pot} - {e.msgid for e in self.po}
        self.assertFalse(missing, "msgids of the template missing in pt_BR.po")

    def test_po_keeps_placeholders_and_markup(self):
        for entry in self.po:
            self.assertEqual(
                sorted(KEPT.findall(entry.msgstr)),
                sorted(KEPT.findall(entry.msgid)),
                entry.msgid,
            )

    def test_menus_and_actions(self):
        def name(xmlid):
            return self.pt_env.ref(f"{MODULE}.{xmlid}").name

        self.assertEqual(name("menu_root"), "Atendimentos")
        self.assertEqual(name("menu_panel_tab_open"), "Abertos")
        self.assertEqual(name("menu_panel_open_today"), "Abertos hoje")
        self.assertEqual(name("action_panel_open_today"), "Abertos hoje")
        self.assertEqual(
            name("action_panel_late_24h"), "Atrasados nas últimas 24 horas"
        )
        self.assertEqual(name("origin_phone"), "Telefônico")
        self.assertEqual(name("group_tool_sla_change"), "Ferramenta: Modificar SLA")

    def test_field_labels_and_selections(self):
        fields = self.pt_env["service.ticket"].fields_get(
            ["protocol", "partner_display_document", "claimed_by_id"]
            + ["work_order_status", "state"],
            ["string", "selection"],
        )
        self.assertEqual(fields["protocol"]["string"], "Protocolo")
        self.assertEqual(fields["partner_display_document"]["string"], "Nome/Documento")
        self.assertEqual(fields["claimed_by_id"]["string"], "Resgate")
        self.assertEqual(
            dict(fields["work_order_status"]["selection"]),
            {
                "none": "Inexistente",
                "unscheduled": "Sem agendamento",
                "scheduled": "Agendada",
                "done": "Concluído",
            },
        )
        self.assertEqual(dict(fields["state"]["selection"])["closed"], "Finalizado")
        step_fields = self.pt_env["service.ticket.step"].fields_get(
            ["expected_end"], ["string"]
        )
        self.assertEqual(step_fields["expected_end"]["string"], "Fim previsto")

    def test_view_and_web_client_strings(self):
        arch = self.pt_env["service.ticket"].get_view(view_type="form")["arch"]
        self.assertIn('string="Resgatar"', arch)
        self.assertIn('string="Finalizar atendimento"', arch)
        self.assertNotIn('string="Claim"', arch)
        web = code_translations.get_web_translations(MODULE, "pt_BR")["messages"]
        self.assertIn(
            "Listar todos", {message["string"] for message in web}, "OWL templates"
        )

    def test_user_error_in_the_operator_language(self):
        self.operator.lang = "pt_BR"
        ticket = self._create_ticket()
        ticket.action_close(self.classification_close)
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.operator).action_close(self.classification_close)
        self.assertEqual(
            error.exception.args[0],
            f"O atendimento {ticket.protocol} não está aberto.",
        )
