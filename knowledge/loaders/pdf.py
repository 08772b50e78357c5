"""PDF files: pypdf page by page, pypdfium2 for the pages (or whole files) pypdf cannot read."""

import dataclasses
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pypdf
import pypdfium2
from pypdf.errors import DependencyError

from knowledge import messages
from knowledge.documents import ExtractedText
from knowledge.errors import LoadError
from knowledge.loaders.titles import metadata_date, metadata_title
from knowledge.settings import LoaderSettings

log = logging.getLogger(__name__)

_PDFIUM_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD
_PDFIUM_SECURITY_ERROR = 5  # FPDF_ERR_SECURITY: an encryption scheme pdfium does not support
_SENTENCE_END = re.compile(r"[.!?。:;)\]」』>]$")
_BULLETS = "-•·∙○●◦□■▪◆◇※*▶▷➢"
_LONE_BULLET = re.compile(r"^\s*[" + _BULLETS + r"]$")
_LIST_MARKER = re.compile(r"^\s*([" + _BULLETS + r"]|\d{1,2}[.)]|[가나다라마바사아자차카타파하][.)]|\(\d{1,2}\)|[①-⑳])")
# A line at least this share of the page's longest line was wrapped by the layout, not the author.
_FULL_LINE = 0.75
# Pages whose longest line is shorter than this are slides, forms or tables: never re-joined.
_MIN_BODY_WIDTH = 25


def load(path: Path, limits: LoaderSettings) -> ExtractedText:
    with _pypdf_warnings_quiet():
        return _load(path, limits)


@contextmanager
def _pypdf_warnings_quiet() -> Iterator[None]:
    """pypdf logs each repair it makes to a damaged file ("EOF marker not found") as a WARNING,
    which staff would see as raw English lines; the outcome is reported by this loader anyway."""
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        pypdf_log.setLevel(level)


def _load(path: Path, limits: LoaderSettings) -> ExtractedText:
    reader = _pypdf_reader(path)
    if reader is None:
        return _load_with_pdfium(path, limits)
    _check_page_count(path, len(reader.pages), limits)
    fallback = _PdfiumPages(path)
    try:
        pages = [_pypdf_page_text(reader, number) or fallback.text(number) for number in range(len(reader.pages))]
    finally:
        fallback.close()
    return dataclasses.replace(_extracted(path, pages, _pypdf_title(reader)), updated=_pypdf_date(reader))


def _pypdf_reader(path: Path) -> pypdf.PdfReader | None:
    """An open, decrypted reader; None when pypdf cannot read the file and pdfium should try."""
    try:
        reader = pypdf.PdfReader(path)
        # Many PDFs carry only an owner password (no printing, no copying): the empty user
        # password opens them for reading.
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(path, "encrypted", "PDF 열기 암호")
        len(reader.pages)  # walks the page tree now, so a broken one goes to pdfium
        return reader
    except LoadError:
        raise
    except DependencyError:
        return None  # AES needs the optional `cryptography`; pdfium decrypts it natively
    except Exception as exc:
        log.info("pdf_pypdf_unreadable file=%s error=%.200r", path.name, exc)
        return None


def _pypdf_page_text(reader: pypdf.PdfReader, number: int) -> str:
    try:
        text = reader.pages[number].extract_text() or ""
        return text if text.strip() else ""
    except Exception as exc:
        log.info("pdf_pypdf_page_failed page=%d error=%.200r", number + 1, exc)
        return ""


def _pypdf_title(reader: pypdf.PdfReader) -> str | None:
    try:
        return metadata_title((reader.metadata or {}).get("/Title"))
    except Exception:
        return None  # a broken Info dictionary costs the title, not the document


def _pypdf_date(reader: pypdf.PdfReader) -> str | None:
    try:
        info = reader.metadata or {}
        return metadata_date(info.get("/ModDate")) or metadata_date(info.get("/CreationDate"))
    except Exception:
        return None  # like the title: a broken Info dictionary costs the date only


class _PdfiumPages:
    """pypdfium2 text per page, opening the document only when pypdf first needs help."""

    def __init__(self, path: Path):
        self._path = path
        self._document: pypdfium2.PdfDocument | None = None
        self._failed = False

    def text(self, number: int) -> str:
        document = self._open()
        if document is None or number >= len(document):
            return ""
        try:
            return _pdfium_page_text(document, number)
        except pypdfium2.PdfiumError:
            return ""

    def close(self) -> None:
        if self._document is not None:
            self._document.close()

    def _open(self) -> pypdfium2.PdfDocument | None:
        if self._document is None and not self._failed:
            try:
                self._document = pypdfium2.PdfDocument(self._path, password="")
            except pypdfium2.PdfiumError:
                self._failed = True
        return self._document


def _load_with_pdfium(path: Path, limits: LoaderSettings) -> ExtractedText:
    document = _open_pdfium(path)
    try:
        _check_page_count(path, len(document), limits)
        pages = [_pdfium_page_text(document, number) for number in range(len(document))]
        title = metadata_title(document.get_metadata_dict().get("Title"))
    finally:
        document.close()
    return _extracted(path, pages, title)


def _open_pdfium(path: Path) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(path, password="")
    except pypdfium2.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == _PDFIUM_PASSWORD_ERROR:
            raise LoadError(path, "encrypted", "PDF 열기 암호") from exc
        if code == _PDFIUM_SECURITY_ERROR:
            raise LoadError(path, "encrypted", messages.PDF_SECURITY) from exc
        log.info("pdf_pdfium_unreadable file=%s error=%.200r", path.name, exc)
        raise LoadError(path, "corrupt", _damage(path)) from exc


def _damage(path: Path) -> str:
    """What is wrong with a file neither pypdf nor pdfium can open, from its first and last bytes."""
    with path.open("rb") as stream:
        head = stream.read(1024)
        stream.seek(max(0, path.stat().st_size - 1024))
        tail = stream.read()
    if b"%PDF-" not in head:
        return messages.NOT_A_PDF
    return messages.PDF_DAMAGED if b"%%EOF" in tail else messages.PDF_TRUNCATED


def _pdfium_page_text(document: pypdfium2.PdfDocument, number: int) -> str:
    page = document[number]
    try:
        return page.get_textpage().get_text_bounded().replace("\r\n", "\n")
    finally:
        page.close()


def _check_page_count(path: Path, pages: int, limits: LoaderSettings) -> None:
    if pages > limits.max_pdf_pages:
        raise LoadError(path, "oversized", f"{pages}쪽, 최대 {limits.max_pdf_pages}쪽")


def _extracted(path: Path, pages: list[str], title: str | None) -> ExtractedText:
    if pages and not any(page.strip() for page in pages):
        raise LoadError(path, "image_only", f"{len(pages)}쪽 모두 글자 없음")
    text = "\n\n".join(join_wrapped_lines(page) for page in pages if page.strip())
    return ExtractedText(text=text, title=title)


def join_wrapped_lines(page: str) -> str:
    """Re-join lines the layout broke: a nearly full line with no sentence end, followed by a line
    that does not start a list item, and a bullet glyph alone on its line. Others keep their break."""
    lines = [line.rstrip() for line in page.split("\n")]
    width = max(len(line) for line in lines)
    joined = lines[:1]
    for previous, line in zip(lines, lines[1:]):
        if _continues(previous, line, width):
            joined[-1] = f"{joined[-1]} {line.lstrip()}"
        else:
            joined.append(line)
    return "\n".join(joined)


def _continues(previous: str, line: str, width: int) -> bool:
    """Whether `line` carries on what the physical line `previous` started."""
    if not line.strip():
        return False
    if _LONE_BULLET.match(previous):
        return True
    if width < _MIN_BODY_WIDTH or len(previous) < _FULL_LINE * width:
        return False
    return not _SENTENCE_END.search(previous) and not _LIST_MARKER.match(line)
