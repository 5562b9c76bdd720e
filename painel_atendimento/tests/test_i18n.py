import re

import polib

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import code_translations

from .common import PainelCase, PainelRpcCase

MODULE = "painel_atendimento"
# What must survive translation untouched: %-placeholders, {placeholders}, QWeb
# expressions and HTML tags.
KEPT = re.compile(r"%\(\w+\)s|%[sd]|\{\{.*?\}\}|\{%?\(?\w*\)?s?\}|<[^>]+>")


@tagged("post_install", "-at_install")
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

    def test_the_overview_speaks_the_spec_words(self):
        overview = self.pt_env["service.panel"].get_overview()
        self.assertEqual(
            [tab["name"] for tab in overview][:2],
            ["Abertos", "Subprocessos atrasados"],
        )
        names = {panel["name"] for tab in overview for panel in tab["panels"]}
        self.assertLessEqual(
            {"Abertos hoje", "Prazos dos subprocessos", "Processo x Subprocesso"},
            names,
        )

    def test_view_and_web_client_strings(self):
        arch = self.pt_env["service.ticket"].get_view(view_type="form")["arch"]
        self.assertIn('string="Resgatar"', arch)
        self.assertIn('string="Finalizar atendimento"', arch)
        self.assertNotIn('string="Claim"', arch)
        web = code_translations.get_web_translations(MODULE, "pt_BR")["messages"]
        self.assertIn(
            "Listar todos", {message["string"] for message in web}, "OWL templates"
        )

    def test_refusals_in_the_operator_language(self):
        # as the web client calls: the user's language in the context
        self.operator.lang = "pt_BR"
        ticket = (
            self._create_ticket().with_user(self.operator).with_context(lang="pt_BR")
        )
        with self.assertRaises(AccessError) as error:
            ticket.action_cancel()
        self.assertEqual(
            error.exception.args[0],
            "Você não tem permissão para cancelar atendimentos. Peça a permissão a "
            "um administrador.",
        )
        with self.assertRaises(UserError) as error:
            ticket.write({"state": "closed"})
        self.assertEqual(
            error.exception.args[0],
            "Estes campos de um atendimento mudam apenas pelas suas ações (resgatar, "
            "encaminhar, finalizar, modificar SLA...): Status.",
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


@tagged("post_install", "-at_install")
class TestRefusalsAtTheDoorInPortuguese(PainelRpcCase):
    """What an operator of the demo ISP reads when the server refuses: pt_BR."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.env["ir.module.module"]._load_module_terms(
            [MODULE], ["pt_BR"], overwrite=True
        )

    def test_operator_refusals(self):
        ticket = self.ticket()
        before = self.snapshot(ticket)
        context = {"lang": "pt_BR"}
        for call, message in (
            (
                ("action_cancel", [ticket.id]),
                (
                    "Você não tem permissão para cancelar atendimentos. Peça a "
                    "permissão a um administrador."
                ),
            ),
            (
                ("write", [ticket.id], {"claimed_by_id": self.users["operator"].id}),
                (
                    "Estes campos de um atendimento mudam apenas pelas suas ações "
                    "(resgatar, encaminhar, finalizar, modificar SLA...): Resgate."
                ),
            ),
            (
                ("sla_increment", [ticket.id], 1, "days", 0, "x"),
                (
                    "Você não tem permissão para modificar o SLA de atendimentos "
                    "(ferramenta “Modificar SLA”). Peça a permissão a um administrador."
                ),
            ),
        ):
            with self.subTest(method=call[0]):
                answer = self.call("operator", "service.ticket", *call, context=context)
                self.assertEqual(answer.message, message)
        self.assertUnchanged(before, ticket, "operator refusals in pt_BR")
