"""The one helper for the indexes this addon creates by hand (Odoo's ``index=True``
cannot say INCLUDE, WHERE or UNIQUE over a subset)."""

from odoo.tools import SQL


def create_index(cr, name, table, columns, include=(), where=None, unique=False):
    """Create index ``name`` on ``table`` unless it exists.

    ``columns`` are the key (``"date DESC"`` allowed); ``include`` the columns a query
    also tests — company_id for the record rules... — so that PostgreSQL answers from
    the index alone instead of visiting every row (benchmarks/README.md); ``where``
    makes it partial. All arguments are the addon's own constants, never user input.
    """
    cr.execute(
        SQL(
            "CREATE %s INDEX IF NOT EXISTS %s ON %s (%s)%s%s",
            SQL("UNIQUE") if unique else SQL(""),
            SQL.identifier(name),
            SQL.identifier(table),
            SQL(", ".join(columns)),
            SQL(" INCLUDE (%s)", SQL(", ".join(include))) if include else SQL(""),
            SQL(" WHERE %s", SQL(where)) if where else SQL(""),
        )
    )
