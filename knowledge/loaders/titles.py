"""Choosing a document title from file metadata or the first lines of its text."""

import re

_MAX_TITLE_CHARS = 80
# Metadata titles that name the tool or the file rather than the document.
_PLACEHOLDER = re.compile(
    r"^(untitled|제목\s*없음|microsoft (word|powerpoint|excel)\b.*|.*\.(hwpx?|docx?|pdf|txt|md))$",
    re.IGNORECASE,
)


def metadata_title(value: object) -> str | None:
    """A title recorded in file metadata, unless it is empty or a placeholder."""
    if not isinstance(value, str):
        return None
    # Some writers leave a NUL-terminated buffer; what follows the NUL is not the title.
    title = " ".join(value.split("\x00", 1)[0].split())
    if len(title) < 2 or _PLACEHOLDER.match(title):
        return None
    return title


def first_line_title(text: str) -> str | None:
    """The first non-empty line outside a table, if it is short enough to be a title."""
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line or line.startswith("|"):
            continue
        return line if len(line) <= _MAX_TITLE_CHARS else None
    return None


_DATE = re.compile(r"(?:D:)?(\d{4})-?(\d{2})-?(\d{2})")
# Generators stamp placeholder dates (reportlab's invariant mode: 2000-01-01); older is noise.
_EARLIEST_REAL_DATE = "2001-01-01"


def metadata_date(value: object) -> str | None:
    """An ISO date from a metadata value (datetime, "D:20250904…", "2025-09-04T…"), or None."""
    if value is None:
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    match = _DATE.match(text.strip())
    if not match:
        return None
    date = "-".join(match.groups())
    return date if date >= _EARLIEST_REAL_DATE else None
