from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Refuses any change to a history row. Shared by every append-only table.
REFUSE_FUNCTION = "painel_atendimento_refuse_history_change"


class ServiceAppendOnlyMixin(models.AbstractModel):
    """Rows that are history (the ticket's events, its SLA interventions): written
    once, then never updated nor deleted, by anyone.

    The ORM refuses with a clear message; PostgreSQL refuses as well, through a
    trigger the module creates, so that no stored related field, no other module and
    no superuser's SQL can rewrite the record handed to a customer or to ANATEL.
    Every stored field must therefore get its value at creation (no field computed
    after the INSERT). Uninstalling drops the tables, which triggers do not stop.
    """

    _name = "service.append.only.mixin"
    _description = "Append-only History Row"

    def init(self):
        super().init()
        if self._abstract:
            return
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION USING
                        ERRCODE = 'insufficient_privilege',
                        MESSAGE = TG_TABLE_NAME || ' rows are append-only: '
                            || TG_OP || ' refused';
                END $$
                """,
                SQL.identifier(REFUSE_FUNCTION),
            )
        )
        for suffix, event, level in (
            ("change", "UPDATE OR DELETE", "ROW"),
            ("truncate", "TRUNCATE", "STATEMENT"),
        ):
            trigger = f"{self._table}_refuse_{suffix}"
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(trigger),
                    SQL.identifier(self._table),
                )
            )
            cr.execute(
                SQL(
                    "CREATE TRIGGER %s BEFORE %s ON %s "
                    "FOR EACH %s EXECUTE FUNCTION %s()",
                    SQL.identifier(trigger),
                    SQL(event),
                    SQL.identifier(self._table),
                    SQL(level),
                    SQL.identifier(REFUSE_FUNCTION),
                )
            )

    def write(self, vals):  # pylint: disable=method-required-super
        # nothing to call: history is never written twice
        raise UserError(
            _("%s is a permanent record: it cannot be changed.", self._record_kind())
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            _("%s is a permanent record: it cannot be deleted.", self._record_kind())
        )

    def _record_kind(self):
        """The model's name in the user's language."""
        return self.env["ir.model"]._get(self._name).display_name
