from .brazil import format_document, is_placeholder_document, normalize_document
