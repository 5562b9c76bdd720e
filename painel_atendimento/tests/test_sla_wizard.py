from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.fields import Datetime
from odoo.tests import Form, new_test_user, tagged

from .test_sla import SlaCase, sp

# the form gives datetimes as strings once saved, as datetimes after an onchange
to_datetime = Datetime.to_datetime


@tagged("post_install", "-at_install")
class TestSlaChangeWizard(SlaCase):
    def _wizard_form(self, tickets, user=None):
        Wizard = self.env["service.sla.change.wizard"].with_user(
            user or self.supervisor
        )
        return Form(
            Wizard.with_context(active_model="service.ticket", active_ids=tickets.ids)
        )

    def _advance(self, form):
        wizard = form.save()
        wizard.action_next()
        self.assertEqual(wizard.step, "details")
        return Form(wizard)

    @freeze_time(sp(4, 17, 8))
    def test_increment_shows_the_new_deadline_before_confirming(self):
        ticket = self._open()
        self.assertEqual(ticket.sla_deadline, sp(4, 17, 17))
        form = self._wizard_form(ticket)
        self.assertFalse(form.sla_paused)
        self.assertEqual(form.running_choice, "increment")
        form = self._advance(form)
        self.assertEqual(form.motive_kind, "increment")
        self.assertEqual(to_datetime(form.current_deadline), sp(4, 17, 17))
        form.motive_id = self.motive_material
        form.notes = "Falta de ONU no estoque"
        form.quantity = 2
        # Thu 17-18 and Tue 22 08-09: the holidays and the weekend do not count
        self.assertEqual(to_datetime(form.new_deadline), sp(4, 22, 9))
        form.unit = "days"
        self.assertEqual(to_datetime(form.new_deadline), sp(4, 23, 17))
        form.quantity = 0
        self.assertFalse(form.new_deadline)
        form.quantity = 1
        self.assertEqual(to_datetime(form.new_deadline), sp(4, 22, 17))
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(ticket.sla_deadline, sp(4, 17, 17))
        form.confirm = True
        result = form.save().action_confirm()
        self.assertEqual(result["params"]["type"], "success")
        self.assertEqual(ticket.sla_deadline, sp(4, 22, 17))
        intervention = ticket.sla_intervention_ids
        self.assertEqual((intervention.quantity, intervention.unit), (1, "days"))
        self.assertEqual(intervention.notes, "Falta de ONU no estoque")

    @freeze_time(sp(4, 14, 9))
    def test_pause_then_resume(self):
        ticket = self._open()
        form = self._wizard_form(ticket)
        form.running_choice = "pause"
        form = self._advance(form)
        self.assertEqual(form.motive_kind, "pause")
        form.motive_id = self.motive_waiting
        form.notes = "Cliente pediu retorno amanhã"
        form.confirm = True
        form.save().action_confirm()
        self.assertEqual(ticket.sla_state, "paused")
        self.assertAlmostEqual(ticket.sla_paused_remaining_hours, 8)

        with freeze_time(sp(4, 15, 13)):
            form = self._wizard_form(ticket)
            self.assertTrue(form.sla_paused)
            self.assertEqual(form.paused_choice, "resume")
            form = self._advance(form)
            self.assertFalse(form.motive_kind)
            # Tue 13-18 and Wed 08-11
            self.assertEqual(to_datetime(form.new_deadline), sp(4, 16, 11))
            form.confirm = True
            form.save().action_confirm()
        self.assertEqual(ticket.sla_state, "running")
        self.assertEqual(ticket.sla_deadline, sp(4, 16, 11))

    @freeze_time(sp(4, 14, 9))
    def test_mixed_selection_is_refused(self):
        running, paused = self._open(), self._open()
        paused.sla_pause(self.motive_waiting, "x")
        wizard = self._wizard_form(running | paused).save()
        with self.assertRaises(UserError):
            wizard.action_next()

    @freeze_time(sp(4, 14, 9))
    def test_several_tickets_at_once(self):
        tickets = self._open() | self._open()
        form = self._advance(self._wizard_form(tickets))
        self.assertFalse(form.new_deadline)
        form.motive_id = self.motive_material
        form.notes = "Chuva forte"
        form.quantity = 1
        form.confirm = True
        form.save().action_confirm()
        self.assertEqual(tickets.mapped("sla_deadline"), [sp(4, 15, 9)] * 2)
        self.assertEqual(len(tickets.sla_intervention_ids), 2)

    @freeze_time(sp(4, 14, 9))
    def test_open_wizard_action(self):
        ticket = self._open()
        action = ticket.action_open_sla_change_wizard()
        self.assertEqual(action["res_model"], "service.sla.change.wizard")
        self.assertEqual(action["context"]["active_ids"], ticket.ids)
        with self.assertRaises(AccessError):
            ticket.with_user(self.operator).action_open_sla_change_wizard()
        ticket.action_close(self.classification_close)
        with self.assertRaises(UserError):
            ticket.action_open_sla_change_wizard()

    @freeze_time(sp(4, 14, 9))
    def test_confirms_exactly_what_was_chosen_or_refuses(self):
        """Two supervisors on one SLA: the second one's confirmed "pause" must not
        run as "resume" because the first paused it in the meantime."""
        ticket = self._open()
        colleague = new_test_user(
            self.env,
            login="supervisor_2",
            groups="painel_atendimento.group_supervisor",
            tz="America/Sao_Paulo",
        )
        form = self._wizard_form(ticket)
        form.running_choice = "pause"
        form = self._advance(form)
        form.motive_id = self.motive_waiting
        form.notes = "Cliente viaja amanhã"
        form.confirm = True
        wizard = form.save()
        # meanwhile the colleague pauses the same SLA
        ticket.with_user(colleague).sla_pause(self.motive_waiting, "Aguardando peça")
        with self.assertRaisesRegex(UserError, "changed by another operator"):
            wizard.action_confirm()
        self.assertEqual(ticket.sla_intervention_ids.mapped("kind"), ["pause"])
        self.assertEqual(ticket.sla_intervention_ids.user_id, colleague)


@tagged("post_install", "-at_install")
class TestHolidayWizard(SlaCase):
    def test_fill_holidays_from_the_wizard(self):
        manager = new_test_user(
            self.env,
            login="gestor",
            groups="painel_atendimento.group_manager",
            tz="America/Sao_Paulo",
        )
        form = Form(
            self.env["resource.calendar.holiday.wizard"]
            .with_user(manager)
            .with_context(active_model="resource.calendar", active_id=self.calendar.id)
        )
        self.assertEqual(form.calendar_id, self.calendar)
        form.year = 2026
        form.state_id = self.env.ref("base.state_br_rj")
        form.save().action_fill()
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("date_from", ">=", "2026-01-01")]
        )
        names = leaves.mapped("name")
        self.assertIn("Tiradentes", names)
        self.assertIn("São Jorge", names)  # Rio de Janeiro, 23 April
        self.assertFalse(leaves.resource_id)
        with self.assertRaises(AccessError):
            self.env["resource.calendar.holiday.wizard"].with_user(
                self.supervisor
            ).create({"calendar_id": self.calendar.id, "year": 2026})
