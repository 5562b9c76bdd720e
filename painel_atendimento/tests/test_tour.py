from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPainelTour(HttpCase):
    """The browser test of the Painel (static/tests/tours/painel_tour.js)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env,
            login="tour_supervisor",
            groups="painel_atendimento.group_supervisor",
            tz="America/Sao_Paulo",
        )
        classification = cls.env["service.classification"].create(
            {"name": "Classificação do Tour", "kind": "opening"}
        )
        cls.env["service.sla.policy"].create(
            {
                "name": "SLA do Tour",
                "sequence": -1,
                "target_hours": 8,
                "classification_ids": [classification.id],
            }
        )
        cls.motive = cls.env["service.sla.motive"].create(
            {"name": "Motivo do Tour", "kind": "increment"}
        )
        customer = cls.env["res.partner"].create({"name": "Cliente do Tour"})
        process = cls.env["service.process"].create(
            {
                "name": "Processo do Tour",
                "subprocess_ids": [(0, 0, {"name": "Triagem"})],
            }
        )
        cls.ticket = cls.env["service.ticket"].create(
            {
                "partner_id": customer.id,
                "process_id": process.id,
                "opening_classification_id": classification.id,
                "origin_id": cls.env.ref("painel_atendimento.origin_phone").id,
            }
        )

    def test_operator_increments_an_sla_from_a_panel(self):
        deadline = self.ticket.sla_deadline
        self.assertTrue(deadline, "the ticket starts with a running SLA")
        self.start_tour("/odoo", "painel_atendimento_tour", login="tour_supervisor")

        expected = self.ticket._sla_shifted_deadline(deadline, 2, "hours")
        self.assertEqual(self.ticket.sla_deadline, expected)
        intervention = self.ticket.sla_intervention_ids
        self.assertEqual(len(intervention), 1)
        self.assertRecordValues(
            intervention,
            [
                {
                    "kind": "increment",
                    "motive_id": self.motive.id,
                    "quantity": 2,
                    "unit": "hours",
                    "deadline_before": deadline,
                    "deadline_after": expected,
                    "user_id": self.supervisor.id,
                }
            ],
        )
