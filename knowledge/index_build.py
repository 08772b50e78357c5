"""`kb build`: turn the source folders into a new index, re-embedding only what changed.

Unchanged files are not even re-read (their chunks come from the previous build by file
hash), unchanged chunks are not re-embedded (vectors by chunk content hash), and when
nothing changed at all no build is written. A file that fails to load is reported and, if
the previous build had a version of it, that version keeps serving.
"""

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from embeddings.base import Embedder
from embeddings.vector_index import VectorIndex
from knowledge.bm25 import LexicalIndex
from knowledge.chunking import CHUNKER_VERSION, chunk_document, embedding_text
from knowledge.documents import Chunk
from knowledge.errors import KnowledgeError, LoadError
from knowledge.index_files import IndexLayout, LoadedIndex, Manifest, write_jsonl
from knowledge.morphology import TOKENIZER_VERSION, KoreanTokenizer
from knowledge.settings import KnowledgeSettings
from knowledge.sources import SourceFile, load_source, scan_sources

log = logging.getLogger(__name__)

BuildStage = Literal["documents", "chunks"]
#: Told how far a build has got: progress(stage, done, total) after each document read and each
#: batch of chunks embedded (knowledge/build_progress.py prints a line now and then; tests record).
Progress = Callable[[BuildStage, int, int], None]


@dataclass
class BuildReport:
    changed: bool
    documents: int = 0
    chunks: int = 0
    embedded: int = 0  # chunks whose vectors were computed in this build
    reused: int = 0  # chunks whose vectors came from the previous build
    failures: list[LoadError] = field(default_factory=list)
    kept_previous: list[str] = field(default_factory=list)  # failed doc ids still served from before
    seconds: float = 0.0
    build_dir: Path | None = None


class NoDocumentsError(KnowledgeError):
    def __init__(self):
        from knowledge import messages

        super().__init__(messages.NO_DOCUMENTS)


@dataclass
class _Previous:
    """What a build can reuse from the build being served."""

    manifest: Manifest | None = None
    chunks_by_doc: dict[str, list[Chunk]] = field(default_factory=dict)
    vectors_by_hash: dict[str, np.ndarray] = field(default_factory=dict)
    tokens_by_hash: dict[str, list[str]] = field(default_factory=dict)


class IndexBuilder:
    def __init__(
        self,
        settings: KnowledgeSettings,
        embedder: Embedder,
        tokenizer: KoreanTokenizer,
        progress: Progress | None = None,
    ):
        self._settings = settings
        self._embedder = embedder
        self._tokenizer = tokenizer
        self._progress = progress or (lambda stage, done, total: None)
        self._layout = IndexLayout(settings.index_dir)

    def build(self, full: bool = False) -> BuildReport:
        started = time.perf_counter()
        with self._layout.build_lock():
            report = self._build_locked(full)
        report.seconds = time.perf_counter() - started
        return report

    def is_current(self) -> bool | None:
        """Whether the served index holds the documents as they are now (None: no index yet).
        Content edited without `axbot kb build` would otherwise be served stale, silently."""
        previous = self._layout.current_build()
        if previous is None:
            return None
        try:
            manifest = Manifest.read(previous)
        except (OSError, ValueError, KeyError) as error:
            log.warning("index_manifest_unreadable build=%s error=%s", previous, error)
            return False
        return self._unchanged(manifest, scan_sources(self._settings))

    def _build_locked(self, full: bool) -> BuildReport:
        sources = scan_sources(self._settings)
        previous = _Previous() if full else self._previous()
        if previous.manifest and self._unchanged(previous.manifest, sources):
            manifest = previous.manifest
            return BuildReport(changed=False, documents=len(manifest.documents), chunks=sum(d["chunks"] for d in manifest.documents.values()))
        chunks, manifest, report = self._collect_chunks(sources, previous)
        if not chunks:
            raise NoDocumentsError()
        vectors = self._vectors(chunks, previous, report)
        tokens = [previous.tokens_by_hash.get(c.content_hash) or self._tokenizer.tokens(embedding_text(c)) for c in chunks]
        report.build_dir = self._write(chunks, vectors, tokens, manifest)
        self._layout.publish(report.build_dir)
        report.documents, report.chunks = len(manifest.documents), len(chunks)
        return report

    def _chunking_signature(self) -> dict:
        return {"version": CHUNKER_VERSION, "tokenizer": TOKENIZER_VERSION, **self._settings.chunking.model_dump()}

    def _unchanged(self, manifest: Manifest, sources: list[SourceFile]) -> bool:
        return (
            manifest.embedder == self._embedder.name
            and manifest.chunking == self._chunking_signature()
            and manifest.source_hashes() == {source.doc_id: source.file_hash for source in sources}
        )

    def _previous(self) -> _Previous:
        build = self._layout.current_build()
        if build is None:
            return _Previous()
        try:
            loaded = LoadedIndex.load(build, self._embedder.name)
        except KnowledgeError:
            return _Previous()  # another embedder: nothing to reuse
        except (OSError, ValueError, KeyError, RuntimeError) as error:
            log.warning("previous_index_unreadable build=%s error=%s", build, error)
            return _Previous()
        # Same chunker and tokenizer: chunks and tokens carry over; vectors carry over by hash regardless.
        chunking_same = loaded.manifest.chunking == self._chunking_signature()
        chunks_by_doc: dict[str, list[Chunk]] = {}
        for chunk in loaded.chunks:
            chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk)
        all_vectors = loaded.vectors.reconstruct_all()
        return _Previous(
            manifest=loaded.manifest,
            chunks_by_doc=chunks_by_doc if chunking_same else {},
            vectors_by_hash={chunk.content_hash: all_vectors[row] for row, chunk in enumerate(loaded.chunks)},
            tokens_by_hash=loaded.tokens_by_hash() if chunking_same else {},
        )

    def _collect_chunks(self, sources: list[SourceFile], previous: _Previous) -> tuple[list[Chunk], Manifest, BuildReport]:
        manifest = Manifest(
            embedder=self._embedder.name,
            dimension=self._embedder.dimension,
            chunking=self._chunking_signature(),
            built_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        )
        report = BuildReport(changed=True)
        chunks: list[Chunk] = []
        for done, source in enumerate(sources, start=1):
            document_chunks = self._document_chunks(source, previous, manifest, report)
            if document_chunks:
                chunks.extend(document_chunks)
                manifest.documents[source.doc_id] = _document_entry(source, document_chunks)
            self._progress("documents", done, len(sources))
        return chunks, manifest, report

    def _document_chunks(self, source: SourceFile, previous: _Previous, manifest: Manifest, report: BuildReport) -> list[Chunk]:
        old_entry = previous.manifest.documents.get(source.doc_id) if previous.manifest else None
        old_chunks = previous.chunks_by_doc.get(source.doc_id, [])
        if old_entry and old_entry["file_hash"] == source.file_hash and old_chunks:
            return old_chunks
        try:
            return chunk_document(load_source(source, self._settings), self._settings.chunking)
        except LoadError as error:
            report.failures.append(error)
            manifest.failures.append(_failure_entry(source, error))
            if old_chunks:
                report.kept_previous.append(source.doc_id)
            return old_chunks

    def _vectors(self, chunks: list[Chunk], previous: _Previous, report: BuildReport) -> np.ndarray:
        vectors = np.zeros((len(chunks), self._embedder.dimension), dtype=np.float32)
        missing = [row for row, chunk in enumerate(chunks) if chunk.content_hash not in previous.vectors_by_hash]
        for row, chunk in enumerate(chunks):
            if chunk.content_hash in previous.vectors_by_hash:
                vectors[row] = previous.vectors_by_hash[chunk.content_hash]
        batch = self._embedder.batch_size
        for start in range(0, len(missing), batch):
            rows = missing[start : start + batch]
            vectors[rows] = self._embedder.embed_passages([embedding_text(chunks[row]) for row in rows])
            self._progress("chunks", start + len(rows), len(missing))
        report.embedded, report.reused = len(missing), len(chunks) - len(missing)
        return vectors

    def _write(self, chunks: list[Chunk], vectors: np.ndarray, tokens: list[list[str]], manifest: Manifest) -> Path:
        build_dir = self._layout.new_build_dir()
        write_jsonl(build_dir / "chunks.jsonl", [chunk.to_json() for chunk in chunks])
        write_jsonl(build_dir / "tokens.jsonl", [{"hash": c.content_hash, "tokens": t} for c, t in zip(chunks, tokens)])
        index = VectorIndex(self._embedder.dimension)
        index.add(vectors)
        index.save(build_dir / "dense.faiss")
        LexicalIndex.build(tokens).save(build_dir / "bm25")
        manifest.save(build_dir)  # last: a build without a manifest is incomplete
        return build_dir


def _document_entry(source: SourceFile, chunks: list[Chunk]) -> dict:
    first = chunks[0]
    return {
        "file_hash": source.file_hash,
        "source_path": str(source.path),
        "title": first.title,
        "kind": first.kind,
        "updated": first.updated,
        "chunks": len(chunks),
    }


def _failure_entry(source: SourceFile, error: LoadError) -> dict:
    return {
        "doc_id": source.doc_id,
        "source_path": str(source.path),
        "file_hash": source.file_hash,
        "reason": error.reason,
        "message": str(error),
    }
