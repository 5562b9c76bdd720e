from .brazil import format_document, normalize_document
