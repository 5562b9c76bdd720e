from odoo.tools import SQL

from .models.service_append_only_mixin import REFUSE_FUNCTION

HISTORY_TABLES = ("service_interaction", "service_sla_intervention")


def uninstall_hook(env):
    """Uninstalling drops the module's tables, the history among them. The guard of
    the history goes first (its trigger function belongs to no table), then the
    history rows, so that Odoo deletes the module's own records (tickets, interaction
    types...) in order instead of tripping over them."""
    cr = env.cr
    cr.execute(
        SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(REFUSE_FUNCTION))
    )
    for table in HISTORY_TABLES:
        cr.execute(SQL("DELETE FROM %s", SQL.identifier(table)))
