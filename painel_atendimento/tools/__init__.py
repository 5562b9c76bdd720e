from .brazil import (
    format_document,
    is_placeholder_document,
    mask_document,
    normalize_document,
)
from .cron import run_in_batches
from .index import create_index
from .text import escape_like, normalize_search_text
from .personal_data import scrubber_for
