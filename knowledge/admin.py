"""Staff operations on the knowledge base: add, replace, remove and list documents.

Each change rebuilds the index incrementally and publishes it atomically, so running bots
pick it up within seconds and never see a half-built index.

Documents are matched by their exact id (`sources.document_id`), never by a file-name
pattern: adding or removing `guide` leaves `guide.2026.md` alone. A file that is already one
of the knowledge base's files (an upload edited in place, or a shipped original being
restored) is served where it is instead of being copied.
"""

import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import messages
from knowledge.documents import SourceDocument
from knowledge.errors import DocumentNotFoundError, KnowledgeError, LoadError, UploadRefusedError
from knowledge.index_build import BuildReport, IndexBuilder
from knowledge.index_files import IndexLayout, Manifest
from knowledge.settings import KnowledgeSettings
from knowledge.sources import (
    SourceFile,
    document_files,
    document_id,
    file_hash,
    is_document_path,
    load_source,
    read_removed,
    scan_sources,
    write_removed,
)


@dataclass(frozen=True)
class DocumentSummary:
    doc_id: str
    title: str
    kind: str
    chunks: int
    updated: str
    source_path: str


@dataclass
class AddReport:
    added: list[str] = field(default_factory=list)  # ids new to the knowledge base, or shown again
    replaced: list[str] = field(default_factory=list)  # ids whose document now comes from the given file
    unchanged: list[str] = field(default_factory=list)  # ids already served with this very content
    # Changed id -> other documents named after it (`<id>-…`, such as its Q&A companion
    # `<id>-faq`): they still say what the old version said.
    companions: dict[str, list[str]] = field(default_factory=dict)
    # Id -> (old kind, new kind), for a file accepted in place although its kind changed.
    kind_changes: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejected: list[KnowledgeError] = field(default_factory=list)  # LoadError or UploadRefusedError
    build: BuildReport | None = None


@dataclass
class RemoveReport:
    build: BuildReport
    deleted_uploads: list[Path]
    hidden_shipped: Path | None  # a shipped file now hidden; `kb add` of it brings it back
    companions: list[str]  # documents named after the removed one, still served


@dataclass(frozen=True)
class _Catalogue:
    """What the knowledge base holds when a command starts."""

    current: dict[str, SourceFile]  # id -> the file the next build reads
    served: dict[str, dict]  # id -> its entry in the manifest of the build being served
    files: frozenset[Path]  # every document file of every source folder, resolved

    def holds(self, path: Path) -> bool:
        return path.resolve() in self.files

    def serves(self, source: SourceFile) -> bool:
        """Whether this content is both on disk and in the served index already."""
        current, served = self.current.get(source.doc_id), self.served.get(source.doc_id)
        return bool(current and served) and current.file_hash == source.file_hash == served["file_hash"]

    def companions(self, doc_id: str) -> list[str]:
        return sorted(other for other in self.current if other.startswith(f"{doc_id}-"))


class KnowledgeAdmin:
    def __init__(self, settings: KnowledgeSettings, builder: IndexBuilder):
        self._settings = settings
        self._builder = builder

    def add(self, paths: list[Path]) -> AddReport:
        """Put readable files into the knowledge base (replacing same-id documents), then rebuild.

        Each file is read before it is accepted, so a corrupt file is rejected with its reason
        and never replaces a good document.
        """
        uploads = self._settings.uploads_dir
        removed = read_removed(uploads)  # a broken list stops here, before any file is touched
        catalogue = self._catalogue()
        report = AddReport()
        accepted: dict[str, SourceFile] = {}
        for path in paths:
            try:
                self._add_one(Path(path), catalogue, accepted, report)
            except (LoadError, UploadRefusedError) as error:
                report.rejected.append(error)
        changed = report.added + report.replaced
        for doc_id in changed:
            companions = [other for other in catalogue.companions(doc_id) if other not in accepted]
            if companions:
                report.companions[doc_id] = companions
        if changed:
            if removed & set(changed):
                write_removed(uploads, removed - set(changed))
            report.build = self._builder.build()
        return report

    def _add_one(self, path: Path, catalogue: _Catalogue, accepted: dict[str, SourceFile], report: AddReport) -> None:
        if not path.is_file():
            raise LoadError(path, "missing")
        in_place = catalogue.holds(path)
        if not in_place and not is_document_path(Path(path.name)):
            raise UploadRefusedError(path, "skipped_name", messages.UPLOAD_SKIPPED_NAME.format(file_name=path.name))
        source = SourceFile(document_id(path), path, file_hash(path))
        doc_id = source.doc_id
        if doc_id in accepted:
            if accepted[doc_id].file_hash == source.file_hash:
                return  # the same file (or the same content) named twice
            first = accepted[doc_id].path.name
            raise UploadRefusedError(path, "duplicate", messages.UPLOAD_DUPLICATE.format(file_name=path.name, doc_id=doc_id, first=first))
        target = path if in_place else self._settings.uploads_dir / unicodedata.normalize("NFC", path.name)
        document = load_source(source, self._settings, location=target)
        if catalogue.serves(source):
            accepted[doc_id] = source
            report.unchanged.append(doc_id)
            return
        self._check_kind(path, document, catalogue, in_place, report)
        accepted[doc_id] = source
        self._place(path, target, doc_id)
        (report.replaced if doc_id in catalogue.current else report.added).append(doc_id)

    def _check_kind(self, path: Path, document: SourceDocument, catalogue: _Catalogue, in_place: bool, report: AddReport) -> None:
        """Refuse a copied-in file that would change a served document's kind: only Markdown
        front matter carries a vendor's attributes, so a DOCX or PDF brief would quietly take
        the vendor out of recommendations. A file already in place is only reported."""
        served = catalogue.served.get(document.doc_id)
        if served is None or served["kind"] == document.kind:
            return
        if in_place:
            report.kind_changes[document.doc_id] = (served["kind"], document.kind)
            return
        hint = messages.UPLOAD_KIND_CHANGE_HINTS[served["kind"]].format(doc_id=document.doc_id)
        message = messages.UPLOAD_KIND_CHANGE.format(
            file_name=path.name,
            doc_id=document.doc_id,
            old=messages.KIND_LABELS[served["kind"]],
            new=messages.KIND_LABELS[document.kind],
            hint=hint,
        )
        raise UploadRefusedError(path, "kind_change", message)

    def _place(self, path: Path, target: Path, doc_id: str) -> None:
        """Make `target` hold the file, then delete the other upload files of the same id (a
        replacement may change format: foo.pdf replaces foo.hwp). The copy comes first because
        the given file may itself be one of those uploads."""
        if path.resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.parent / f".{target.name}.part"
            shutil.copy2(path, temporary)  # copy2 keeps the file's date: the fallback "updated" date
            temporary.replace(target)
        for upload in self._upload_files(doc_id):
            if upload.resolve() != target.resolve():
                upload.unlink()

    def remove(self, doc_id: str) -> RemoveReport:
        """Take a document out: delete its uploads and hide a shipped file of the same id."""
        doc_id = unicodedata.normalize("NFC", doc_id)
        current = {source.doc_id: source for source in scan_sources(self._settings)}
        if doc_id not in current:
            raise DocumentNotFoundError(doc_id)
        deleted = self._upload_files(doc_id)
        for upload in deleted:
            upload.unlink()
        shipped = {source.doc_id: source for source in scan_sources(self._settings)}.get(doc_id)
        if shipped:
            # Still provided by a shipped folder: hide it instead of deleting shipped files.
            write_removed(self._settings.uploads_dir, read_removed(self._settings.uploads_dir) | {doc_id})
        companions = sorted(other for other in current if other.startswith(f"{doc_id}-"))
        return RemoveReport(self._builder.build(), deleted, shipped.path if shipped else None, companions)

    def documents(self) -> tuple[list[DocumentSummary], list[dict]]:
        """Documents in the served index, and the files that failed to load in its build."""
        manifest = Manifest.read(IndexLayout(self._settings.index_dir).require_current())
        summaries = [
            DocumentSummary(doc_id, entry["title"], entry["kind"], entry["chunks"], entry["updated"], entry["source_path"])
            for doc_id, entry in sorted(manifest.documents.items())
        ]
        return summaries, manifest.failures

    def _upload_files(self, doc_id: str) -> list[Path]:
        """The files in the uploads folder that make up this document: exact id, any format."""
        return [path for path in document_files(self._settings.uploads_dir) if document_id(path) == doc_id]

    def _catalogue(self) -> _Catalogue:
        files = frozenset(path.resolve() for folder in self._settings.sources for path in document_files(folder))
        current = {source.doc_id: source for source in scan_sources(self._settings)}
        return _Catalogue(current, self._served_documents(), files)

    def _served_documents(self) -> dict[str, dict]:
        build = IndexLayout(self._settings.index_dir).current_build()
        if build is None:
            return {}
        try:
            return Manifest.read(build).documents
        except (OSError, ValueError):
            return {}  # an unreadable build serves nothing to compare with; the next build replaces it
