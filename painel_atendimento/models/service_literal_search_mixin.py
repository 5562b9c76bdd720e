from odoo import models

from ..tools import escape_like, normalize_search_text

_LIKE_OPERATORS = ("like", "ilike", "not like", "not ilike", "=like", "=ilike")


class ServiceLiteralSearchMixin(models.AbstractModel):
    """Text columns an operator searches by typing: what is typed is text. A "%",
    "_" or "\\" matches itself, not anything; full-width digits match plain ones."""

    _name = "service.literal.search.mixin"
    _description = "Searched by Literal Text"

    # the text columns searched literally; every model sets its own
    _literal_search_fields = ()

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if (
            fname in self._literal_search_fields
            and operator in _LIKE_OPERATORS
            and isinstance(value, str)
        ):
            value = escape_like(normalize_search_text(value))
        return super()._condition_to_sql(alias, fname, operator, value, query)
