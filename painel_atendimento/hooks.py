from odoo.tools import SQL

from .models.service_append_only_mixin import REFUSE_FUNCTION


def uninstall_hook(env):
    """The append-only tables are dropped with the module; their trigger function,
    which belongs to no table, goes with them."""
    env.cr.execute(
        SQL("DROP FUNCTION IF EXISTS %s() CASCADE", SQL.identifier(REFUSE_FUNCTION))
    )
