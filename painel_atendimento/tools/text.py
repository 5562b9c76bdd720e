"""Text typed into searches, made safe and literal."""

import unicodedata


def normalize_search_text(value):
    """``value`` in the form stored text is compared with: Unicode compatibility
    forms folded (full-width digits and letters become plain ones), trimmed."""
    return unicodedata.normalize("NFKC", value or "").strip()


def escape_like(value):
    """``value`` as a literal for SQL LIKE: ``%``, ``_`` and the backslash match
    themselves instead of anything."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
