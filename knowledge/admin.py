"""Staff operations on the knowledge base: add, replace, remove and list documents.

Each change rebuilds the index incrementally and publishes it atomically, so running bots
pick it up within seconds and never see a half-built index.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.errors import DocumentNotFoundError, LoadError
from knowledge.index_build import BuildReport, IndexBuilder
from knowledge.index_files import IndexLayout, Manifest
from knowledge.settings import KnowledgeSettings
from knowledge.sources import SourceFile, file_hash, load_source, read_removed, scan_sources, write_removed


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
    added: list[str] = field(default_factory=list)
    rejected: list[LoadError] = field(default_factory=list)
    build: BuildReport | None = None


class KnowledgeAdmin:
    def __init__(self, settings: KnowledgeSettings, builder: IndexBuilder):
        self._settings = settings
        self._builder = builder

    def add(self, paths: list[Path]) -> AddReport:
        """Copy readable files into the uploads folder (replacing same-id documents), then rebuild.

        Each file is read before it is accepted, so a corrupt file is rejected with its reason
        and never replaces a good document.
        """
        report = AddReport()
        for path in paths:
            try:
                self._accept(path)
                report.added.append(path.stem)
            except LoadError as error:
                report.rejected.append(error)
        if report.added:
            removed = read_removed(self._settings.uploads_dir) - set(report.added)
            write_removed(self._settings.uploads_dir, removed)
            report.build = self._builder.build()
        return report

    def _accept(self, path: Path) -> None:
        if not path.is_file():
            raise LoadError(path, "missing")
        load_source(SourceFile(path.stem, path, file_hash(path)), self._settings)
        uploads = self._settings.uploads_dir
        uploads.mkdir(parents=True, exist_ok=True)
        for same_id in uploads.glob(f"{path.stem}.*"):
            same_id.unlink()  # a replacement may change format: foo.pdf replaces foo.hwp
        temporary = uploads / f".{path.name}.part"
        shutil.copyfile(path, temporary)
        temporary.replace(uploads / path.name)

    def remove(self, doc_id: str) -> BuildReport:
        sources = {source.doc_id: source for source in scan_sources(self._settings)}
        if doc_id not in sources:
            raise DocumentNotFoundError(doc_id)
        uploads = self._settings.uploads_dir.resolve()
        for upload in uploads.glob(f"{doc_id}.*") if uploads.is_dir() else []:
            upload.unlink()
        if doc_id in {source.doc_id for source in scan_sources(self._settings)}:
            # Still provided by a shipped folder: hide it instead of deleting shipped files.
            write_removed(self._settings.uploads_dir, read_removed(self._settings.uploads_dir) | {doc_id})
        return self._builder.build()

    def documents(self) -> tuple[list[DocumentSummary], list[dict]]:
        """Documents in the served index, and the files that failed to load in its build."""
        manifest = Manifest.read(IndexLayout(self._settings.index_dir).require_current())
        summaries = [
            DocumentSummary(doc_id, entry["title"], entry["kind"], entry["chunks"], entry["updated"], entry["source_path"])
            for doc_id, entry in sorted(manifest.documents.items())
        ]
        return summaries, manifest.failures
