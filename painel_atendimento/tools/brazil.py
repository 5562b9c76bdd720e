"""Brazilian CPF/CNPJ helpers with no Odoo dependency.

Validation itself is python-stdnum's (through Odoo's ``base_vat``); these helpers only
shape the number: stored compact, shown punctuated.
"""

import re

from .text import normalize_search_text

_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")


def normalize_document(value):
    """Return a CPF/CNPJ without punctuation, upper-cased (alphanumeric CNPJ); digits
    typed full-width (１２３) count as digits."""
    return _NOT_ALNUM.sub("", normalize_search_text(value)).upper()


def format_document(value):
    """Punctuate a CPF (000.000.000-00) or a CNPJ (00.000.000/0000-00).

    Anything that is neither 11 nor 14 characters long is returned unchanged, so a
    foreign tax id is never mangled.
    """
    doc = normalize_document(value)
    if len(doc) == 11:
        return f"{doc[:3]}.{doc[3:6]}.{doc[6:9]}-{doc[9:]}"
    if len(doc) == 14:
        return f"{doc[:2]}.{doc[2:5]}.{doc[5:8]}/{doc[8:12]}-{doc[12:]}"
    return value or ""


def is_placeholder_document(value):
    """True for a CPF/CNPJ of one repeated digit (000.000.000-00, 111...): their check
    digits add up, but the Receita Federal never issues them."""
    doc = normalize_document(value)
    return len(doc) in (11, 14) and len(set(doc)) == 1


def mask_document(value):
    """The document as users without the full-document permission see it (LGPD):
    punctuated, with only the middle digits — enough to confirm it with the customer.
    ``***.456.789-**``, ``**.345.678/0001-**``; anything else keeps its last three."""
    doc = normalize_document(value)
    if len(doc) == 11:
        return f"***.{doc[3:6]}.{doc[6:9]}-**"
    if len(doc) == 14:
        return f"**.{doc[2:5]}.{doc[5:8]}/{doc[8:12]}-**"
    return "*" * max(len(doc) - 3, 0) + doc[-3:] if doc else ""
