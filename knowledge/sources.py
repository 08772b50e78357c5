"""The catalogue of source files: which files make up the knowledge base, and their identity.

A document's id is its file name without the suffix, in NFC (macOS writes Hangul file names
decomposed; the same name typed on a terminal is composed). Source folders are read in order
and a later folder replaces an earlier one's document of the same id, so staff uploads (the
last folder) can replace a shipped document. Shipped documents removed by staff are listed in
the uploads folder's `.removed.json`.
"""

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from knowledge import messages
from knowledge.documents import DocumentKind, ExtractedText, SourceDocument
from knowledge.errors import LoadError, RemovedListError
from knowledge.loaders import SUPPORTED_SUFFIXES, extract_text
from knowledge.settings import KnowledgeSettings

REMOVED_LIST = ".removed.json"
_SKIPPED_NAMES = {"readme.md", "readme.txt"}


@dataclass(frozen=True)
class SourceFile:
    doc_id: str
    path: Path
    file_hash: str


def document_id(path: Path) -> str:
    return unicodedata.normalize("NFC", path.stem)


def scan_sources(settings: KnowledgeSettings) -> list[SourceFile]:
    """Every document file in the source folders, later folders replacing earlier ids."""
    removed = read_removed(settings.uploads_dir)  # first: a broken list stops the scan before any work
    by_id: dict[str, SourceFile] = {}
    for folder in settings.sources:
        for path in document_files(folder):
            by_id[document_id(path)] = SourceFile(document_id(path), path, file_hash(path))
    return [source for doc_id, source in sorted(by_id.items()) if doc_id not in removed]


def document_files(folder: Path) -> list[Path]:
    """The files of one source folder that the scan reads as documents."""
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.rglob("*") if path.is_file() and is_document_path(path.relative_to(folder)))


def is_document_path(relative: Path) -> bool:
    """Whether a path inside a source folder is read as a document: folders and files starting
    with '.' or '_' (drafts, temporary copies, `.removed.json`) and README files are not."""
    hidden = any(part.startswith((".", "_")) for part in relative.parts)
    return not hidden and relative.name.lower() not in _SKIPPED_NAMES


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_source(source: SourceFile, settings: KnowledgeSettings, location: Path | None = None) -> SourceDocument:
    """Read one file into a document; raises LoadError naming the file and the reason.

    `location` is where the file will be served from when it is read before being copied
    there (`kb add`): the folder decides the kind of a file whose front matter does not.
    """
    if source.path.suffix.lower() not in SUPPORTED_SUFFIXES:
        raise LoadError(source.path, "unsupported", source.path.suffix or "확장자 없음")
    extracted = extract_text(source.path, settings.loaders)
    return SourceDocument(
        doc_id=source.doc_id,
        title=str(extracted.front_matter.get("title") or extracted.title or source.doc_id),
        text=extracted.text,
        source_path=str(source.path),
        updated=_updated_date(extracted, source.path),
        kind=_kind(extracted, location or source.path),
        content_hash=source.file_hash,
        attributes=_attributes(extracted),
    )


def _updated_date(extracted: ExtractedText, path: Path) -> str:
    declared = extracted.front_matter.get("updated") or extracted.updated
    if declared:
        return str(declared)[:10]
    return dt.date.fromtimestamp(path.stat().st_mtime).isoformat()


def _kind(extracted: ExtractedText, path: Path) -> DocumentKind:
    declared = extracted.front_matter.get("kind")
    if declared in ("program", "vendor"):
        return declared
    return "vendor" if "vendors" in path.parts else "program"


def _attributes(extracted: ExtractedText) -> dict:
    """Vendor facts used for filtering and matching, and a program's other names ("aliases":
    what users call it, such as 실증산단); only JSON-friendly values survive."""
    vendor = extracted.front_matter.get("vendor") or {}
    attributes = {key: vendor[key] for key in ("name", "categories", "industries", "regions", "company_sizes") if key in vendor}
    aliases = extracted.front_matter.get("aliases")
    if isinstance(aliases, list):
        attributes["aliases"] = [str(alias) for alias in aliases if str(alias).strip()]
    if "sample" in extracted.front_matter:
        attributes["sample"] = bool(extracted.front_matter["sample"])
    return json.loads(json.dumps(attributes, ensure_ascii=False, default=str))


def read_removed(uploads_dir: Path) -> set[str]:
    """The ids of shipped documents staff removed; RemovedListError when the file is not a list.

    A broken list is refused rather than read as empty: empty would quietly put every removed
    (typically outdated) document back in front of users at the next build.
    """
    path = uploads_dir / REMOVED_LIST
    if not path.exists():
        return set()
    try:
        removed = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise RemovedListError(path, messages.REMOVED_LIST_NOT_TEXT) from exc
    except json.JSONDecodeError as exc:
        raise RemovedListError(path, messages.REMOVED_LIST_NOT_JSON.format(line=exc.lineno, column=exc.colno)) from exc
    if not isinstance(removed, list) or not all(isinstance(doc_id, str) for doc_id in removed):
        raise RemovedListError(path, messages.REMOVED_LIST_NOT_IDS)
    return {unicodedata.normalize("NFC", doc_id) for doc_id in removed}


def write_removed(uploads_dir: Path, removed: set[str]) -> None:
    uploads_dir.mkdir(parents=True, exist_ok=True)
    temporary = uploads_dir / (REMOVED_LIST + ".tmp")
    # One id per line: staff read and sometimes edit this file by hand.
    temporary.write_text(json.dumps(sorted(removed), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    temporary.replace(uploads_dir / REMOVED_LIST)
