"""Format loaders: one file in, its Markdown-like text out, or a LoadError that says why not.

`extract_text` is the whole public surface; each format lives in its own module with a
`load(path, limits) -> ExtractedText`, imported only when a file of that format turns up.
"""

import dataclasses
import importlib
import logging
from pathlib import Path

from knowledge import messages
from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.archive import MEGABYTE
from knowledge.loaders.normalise import normalise, one_line
from knowledge.settings import LoaderSettings

_MODULE_BY_SUFFIX = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".hwpx": "hwpx",
    ".hwp": "hwp",
}
SUPPORTED_SUFFIXES = frozenset(_MODULE_BY_SUFFIX)

__all__ = ["SUPPORTED_SUFFIXES", "extract_text"]

log = logging.getLogger(__name__)


def extract_text(path: Path, limits: LoaderSettings) -> ExtractedText:
    """The normalised text of one file; LoadError (and nothing else) when it cannot be read."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _MODULE_BY_SUFFIX:
        raise LoadError(path, "unsupported", suffix or "확장자 없음")
    _check_size(path, limits)
    extracted = _run_loader(path, _MODULE_BY_SUFFIX[suffix], limits)
    text = normalise(extracted.text)
    if not text:
        raise LoadError(path, "empty")
    if len(text) > limits.max_text_chars:
        # Embedding time grows with the text, not the file size (pictures make a PDF big).
        raise LoadError(path, "oversized", messages.TEXT_TOO_LONG.format(chars=len(text), limit=limits.max_text_chars))
    return dataclasses.replace(extracted, text=text, title=one_line(extracted.title))


def _check_size(path: Path, limits: LoaderSettings) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(path, "corrupt", messages.FILE_UNREADABLE) from exc
    if size > limits.max_file_mb * MEGABYTE:
        raise LoadError(path, "oversized", f"{size / MEGABYTE:.3g}MB, 최대 {limits.max_file_mb:g}MB")
    if size == 0:
        raise LoadError(path, "empty", "0바이트")


def _run_loader(path: Path, module_name: str, limits: LoaderSettings) -> ExtractedText:
    load = importlib.import_module(f"{__name__}.{module_name}").load
    try:
        return load(path, limits)
    except LoadError:
        raise
    except Exception as exc:
        # Parsers fail in their own ways on damaged files; to a batch they are all one thing.
        # Their English messages help developers, not staff: they go to the log only.
        log.info("loader_failed file=%s error=%.200r", path.name, exc)
        raise LoadError(path, "corrupt", messages.PARSER_FAILED) from exc
