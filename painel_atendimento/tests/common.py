from odoo.tests import TransactionCase, new_test_user


class PainelCase(TransactionCase):
    """Fixtures every painel_atendimento test starts from.

    The company works Mon-Fri 08:00-12:00 / 13:00-18:00 in America/Sao_Paulo (UTC-3, no
    daylight saving since 2019); all datetimes in tests are naive UTC like Odoo's.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Comercial Mon-Fri 08-12 13-18",
                "tz": "America/Sao_Paulo",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": end,
                            "day_period": period,
                        },
                    )
                    for day in range(5)
                    for start, end, period in (
                        (8, 12, "morning"),
                        (13, 18, "afternoon"),
                    )
                ],
            }
        )
        cls.company.resource_calendar_id = cls.calendar
        cls.brazil = cls.env.ref("base.br")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "João Pereira",
                "country_id": cls.brazil.id,
                "vat": "529.982.247-25",
                "street": "Rua Barão de Jaguara, 1000",
                "street2": "Centro",
                "city": "Campinas",
                "zip": "13015-001",
                "email": "joao@example.com",
            }
        )
        cls.process = cls.env["service.process"].create(
            {
                "name": "Suporte técnico",
                "subprocess_ids": [
                    (0, 0, {"name": "Triagem", "sequence": 1, "duration_hours": 2}),
                    (
                        0,
                        0,
                        {"name": "Visita técnica", "sequence": 2, "duration_hours": 16},
                    ),
                ],
            }
        )
        cls.other_process = cls.env["service.process"].create(
            {
                "name": "Financeiro",
                "subprocess_ids": [
                    (0, 0, {"name": "Análise", "sequence": 1, "duration_hours": 4}),
                ],
            }
        )
        cls.classification_open = cls.env["service.classification"].create(
            {"name": "Sem conexão", "kind": "opening"}
        )
        cls.classification_close = cls.env["service.classification"].create(
            {"name": "Resolvido", "kind": "closing"}
        )
        cls.origin_phone = cls.env.ref("painel_atendimento.origin_phone")
        cls.operator = new_test_user(
            cls.env,
            login="operador",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        cls.operator_2 = new_test_user(
            cls.env,
            login="operador2",
            groups="painel_atendimento.group_operator",
            tz="America/Sao_Paulo",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="supervisor",
            groups="painel_atendimento.group_supervisor",
            tz="America/Sao_Paulo",
        )

    @classmethod
    def _ticket_values(cls, **values):
        """What an operator fills in to open a ticket, updated with ``values``."""
        return {
            "partner_id": cls.customer.id,
            "process_id": cls.process.id,
            "origin_id": cls.origin_phone.id,
            "opening_classification_id": cls.classification_open.id,
            **values,
        }

    @classmethod
    def _create_ticket(cls, **values):
        """A ticket opened by trusted code (the test's superuser): ``values`` may
        also say what only the lifecycle sets, as an import of history does."""
        return cls.env["service.ticket"].create(cls._ticket_values(**values))
