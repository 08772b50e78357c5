"""A built index on disk and in memory.

Layout under `index_dir`:
    builds/<build-id>/   manifest.json (written last: its presence marks a complete build),
                         chunks.jsonl, tokens.jsonl, dense.faiss, bm25/
    current              symlink to the build being served, swapped atomically by rename
Readers follow `current`; a build in progress or a failed one is never visible to them.
"""

import datetime as dt
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from embeddings.vector_index import VectorIndex
from knowledge.bm25 import LexicalIndex
from knowledge.documents import Chunk
from knowledge.errors import IndexMismatchError, IndexMissingError

MANIFEST = "manifest.json"
KEEP_BUILDS = 3
MAX_CACHED_FILTERS = 256


@dataclass
class Manifest:
    embedder: str
    dimension: int
    chunking: dict[str, Any]  # chunker version and settings: a change means re-chunking
    built_at: str
    # doc_id -> {file_hash, source_path, title, kind, updated, chunks}
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Files that could not be read: [{doc_id, source_path, file_hash, reason, message}]
    failures: list[dict[str, Any]] = field(default_factory=list)

    def source_hashes(self) -> dict[str, str]:
        hashes = {doc_id: entry["file_hash"] for doc_id, entry in self.documents.items()}
        hashes.update({failure["doc_id"]: failure["file_hash"] for failure in self.failures})
        return hashes

    def save(self, directory: Path) -> None:
        write_json(directory / MANIFEST, self.__dict__)

    @classmethod
    def read(cls, directory: Path) -> "Manifest":
        return cls(**json.loads((directory / MANIFEST).read_text(encoding="utf-8")))


@dataclass
class LoadedIndex:
    """One build in memory: chunks in row order, their dense vectors and BM25 postings."""

    build_dir: Path
    manifest: Manifest
    chunks: list[Chunk]
    vectors: VectorIndex
    lexical: LexicalIndex
    tokens: list[list[str]]  # BM25 tokens per chunk, for coverage and for reuse by the next build

    def __post_init__(self):
        self._token_sets = [frozenset(tokens) for tokens in self.tokens]
        self._rows_where: dict[Hashable, np.ndarray] = {}

    def rows_where(self, key: Hashable, allows: Callable[[Chunk], bool]) -> np.ndarray:
        """The rows whose chunk `allows` accepts, kept per `key` for this build: every question
        searches with the same filter, and testing each chunk cost 2 ms a search."""
        rows = self._rows_where.get(key)
        if rows is None:
            if len(self._rows_where) >= MAX_CACHED_FILTERS:  # vendor filters vary with each profile
                self._rows_where.clear()
            rows = np.array([row for row, chunk in enumerate(self.chunks) if allows(chunk)], dtype=np.int64)
            rows.setflags(write=False)
            self._rows_where[key] = rows
        return rows

    @classmethod
    def load(cls, build_dir: Path, embedder_name: str) -> "LoadedIndex":
        manifest = Manifest.read(build_dir)
        if manifest.embedder != embedder_name:
            raise IndexMismatchError(manifest.embedder, embedder_name)
        return cls(
            build_dir=build_dir,
            manifest=manifest,
            chunks=[Chunk.from_json(row) for row in read_jsonl(build_dir / "chunks.jsonl")],
            vectors=VectorIndex.load(build_dir / "dense.faiss"),
            lexical=LexicalIndex.load(build_dir / "bm25"),
            tokens=[row["tokens"] for row in read_jsonl(build_dir / "tokens.jsonl")],
        )

    def token_set(self, row: int) -> frozenset[str]:
        return self._token_sets[row]

    def tokens_by_hash(self) -> dict[str, list[str]]:
        return {chunk.content_hash: tokens for chunk, tokens in zip(self.chunks, self.tokens)}


class IndexLayout:
    def __init__(self, root: Path):
        self.root = root
        self.builds = root / "builds"
        self.current_link = root / "current"

    def current_build(self) -> Path | None:
        """The build being served, or None before the first build."""
        if not self.current_link.exists():
            return None
        return self.builds / os.readlink(self.current_link).split("/")[-1]

    def require_current(self) -> Path:
        build = self.current_build()
        if build is None or not (build / MANIFEST).exists():
            raise IndexMissingError(self.root)
        return build

    def new_build_dir(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
        directory = self.builds / stamp
        directory.mkdir(parents=True)
        return directory

    def publish(self, build_dir: Path) -> None:
        """Point `current` at a complete build in one rename, then drop old builds."""
        temporary = self.root / "current.tmp"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(Path("builds") / build_dir.name)
        temporary.replace(self.current_link)
        _fsync_directory(self.root)
        self._prune(keep=build_dir.name)

    def _prune(self, keep: str) -> None:
        # Servers hold their index in memory, so deleting an old build never breaks a reader.
        builds = sorted(path for path in self.builds.iterdir() if path.is_dir())
        for old in builds[:-KEEP_BUILDS]:
            if old.name != keep:
                shutil.rmtree(old, ignore_errors=True)

    @contextmanager
    def build_lock(self) -> Iterator[None]:
        """One build at a time per index folder; a second waits for the first."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
