"""The embedding seam: a provider implements one batch method; the base adds the rest."""

import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal

import numpy as np

TextKind = Literal["query", "passage"]
QUERY_CACHE_SIZE = 2048


class Embedder(ABC):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension.

    Providers implement `embed_batch`. Queries and passages may be embedded differently
    (e5 models want "query: " / "passage: " prefixes), so callers always say which they have.
    """

    #: Identifies the model in index manifests: an index built with another embedder is refused.
    name: str
    dimension: int
    batch_size: int = 32

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        """Vectors for one batch of texts, shape (len(texts), dimension)."""

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(list(texts), "passage")

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Query vectors, cached per text: a turn embeds the same text for intent routing and for
        search, and example utterances are embedded once per process however often a router is built."""
        texts = list(texts)
        cache, lock = self._query_cache()
        with lock:
            missing = list(dict.fromkeys(text for text in texts if text not in cache))
        if missing:
            self.remember_queries(missing, self._embed(missing, "query"))
        with lock:
            vectors = [cache[text] if text in cache else None for text in texts]
        if any(vector is None for vector in vectors):  # evicted meanwhile by a flood of new texts
            return self._embed(texts, "query")
        if not vectors:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def remember_queries(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Put this model's query vectors into the cache, whether computed now or in an earlier run."""
        cache, lock = self._query_cache()
        with lock:
            for text, vector in zip(texts, normalise(np.asarray(vectors, dtype=np.float32))):
                vector.setflags(write=False)  # shared by every caller of the cache
                cache[text] = vector
            while len(cache) > QUERY_CACHE_SIZE:
                cache.popitem(last=False)

    def _query_cache(self) -> tuple[OrderedDict, threading.Lock]:
        # Created lazily so providers need not call a base __init__.
        if "_cache" not in self.__dict__:
            self.__dict__["_cache"] = (OrderedDict(), threading.Lock())
        return self.__dict__["_cache"]

    def _embed(self, texts: list[str], kind: TextKind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        batches = [
            self.embed_batch(texts[start : start + self.batch_size], kind)
            for start in range(0, len(texts), self.batch_size)
        ]
        return normalise(np.vstack(batches).astype(np.float32, copy=False))


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)
