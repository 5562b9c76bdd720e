"""An Odoo environment (superuser) on the load-test database, for the harness's own
set-up and checks. Runs with the interpreter Odoo is installed for."""

from contextlib import contextmanager


@contextmanager
def odoo_env(config, db):
    import odoo
    from odoo.tools import config as odoo_config

    odoo_config.parse_config(["-c", config, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
