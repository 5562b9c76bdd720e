"""The customer's personal data, recognised in typed text and replaced by tokens.

The history of a ticket (its events, its SLA interventions) is append-only down to
PostgreSQL: a row is never rewritten, not even to anonymise a customer (LGPD). So the
rows never keep the customer's identity in the first place: when an event is written,
what the record knows of its customer — full name, CPF/CNPJ, e-mail, phone numbers —
is replaced in its text by a token ("[cliente]"...). The ticket says who the customer
is; anonymising the customer then leaves nothing of him in the history.

What cannot be recognised is not replaced: a first name alone, a nickname, an address
typed freely. Operators are told to write the facts of the demand, not who the
customer is (readme/CONFORMIDADE.md).
"""

import re
import unicodedata
from functools import lru_cache

# Tokens written in place of the customer's data: the history is pt_BR data.
NAME_TOKEN = "[cliente]"
DOCUMENT_TOKEN = "[CPF/CNPJ]"
EMAIL_TOKEN = "[e-mail]"
PHONE_TOKEN = "[telefone]"

# the letters a Brazilian name is typed with, with and without their accents
_VARIANTS = {
    "a": "aáàâãä",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôõö",
    "u": "uúùûü",
    "c": "cç",
    "n": "nñ",
}
_SEPARATORS = r"[\s.\-/()]?"
_MIN_NAME = 3
_MIN_PHONE_DIGITS = 8


def strip_accents(text):
    """``text`` without its accents (ç → c, ã → a)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _letters_pattern(text):
    parts = []
    for char in strip_accents(text).casefold():
        if char.isspace():
            parts.append(r"\s+")
        elif char in _VARIANTS:
            parts.append(f"[{_VARIANTS[char]}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def _digits_pattern(digits):
    return _SEPARATORS.join(re.escape(digit) for digit in digits)


class PersonalDataScrubber:
    """Replace one customer's identifiers in a text by tokens.

    ``names``: the customer's names (the full name, and first + last name when it
    has more); ``documents``: CPF/CNPJ as stored; ``emails``; ``phones`` as typed.
    """

    def __init__(self, names=(), documents=(), emails=(), phones=()):
        rules = []
        for name in sorted({n.strip() for n in names if n}, key=len, reverse=True):
            if len(name) >= _MIN_NAME:
                rules.append((rf"(?<!\w){_letters_pattern(name)}(?!\w)", NAME_TOKEN))
        for document in documents:
            compact = re.sub(r"[^0-9A-Za-z]", "", document or "")
            if len(compact) >= _MIN_PHONE_DIGITS:
                rules.append(
                    (
                        rf"(?<![0-9A-Za-z]){_digits_pattern(compact)}(?![0-9A-Za-z])",
                        DOCUMENT_TOKEN,
                    )
                )
        for email in emails:
            if email and "@" in email:
                rules.append((re.escape(email.strip()), EMAIL_TOKEN))
        for phone in phones:
            digits = re.sub(r"\D", "", phone or "")
            if digits.startswith("55") and len(digits) > 11:
                digits = digits[2:]
            digits = digits.lstrip("0")
            if len(digits) < _MIN_PHONE_DIGITS:
                continue
            # the subscriber's number, with or without the area code before it
            subscriber = digits[-9:] if len(digits) >= 11 else digits[-8:]
            area = digits[: -len(subscriber)]
            prefix = (
                rf"(?:\+?55{_SEPARATORS})?(?:\(?{_digits_pattern(area)}\)?\s?)?"
                if area
                else ""
            )
            rules.append(
                (
                    rf"(?<!\d){prefix}{_digits_pattern(subscriber)}(?!\d)",
                    PHONE_TOKEN,
                )
            )
        self._rules = [
            (re.compile(pattern, re.IGNORECASE), token) for pattern, token in rules
        ]

    def __bool__(self):
        return bool(self._rules)

    def scrub(self, text):
        """``text`` with the customer's identifiers replaced; other values as
        given."""
        if not isinstance(text, str) or not text or not self._rules:
            return text
        for pattern, token in self._rules:
            text = pattern.sub(token, text)
        return text

    def finds(self, text):
        """Whether ``text`` still holds one of the customer's identifiers."""
        return bool(text) and any(
            pattern.search(text) for pattern, _token in self._rules
        )


def name_variants(name):
    """The forms of a person's name worth recognising: the full name, and first +
    last name when there are more parts ("Maria Aparecida da Silva" → "Maria
    Silva")."""
    parts = (name or "").split()
    variants = {" ".join(parts)} if parts else set()
    if len(parts) > 2:
        variants.add(f"{parts[0]} {parts[-1]}")
    return variants


@lru_cache(maxsize=256)
def scrubber_for(name, document, email, phone, mobile):
    """The scrubber of one customer's data, built once per set of values (a ticket's
    events are written several at a time)."""
    return PersonalDataScrubber(
        names=name_variants(name),
        documents=[document],
        emails=[email],
        phones=[phone, mobile],
    )
