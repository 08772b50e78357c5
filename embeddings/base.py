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
        return self._embed(list(texts), "query")

    def embed_query(self, text: str) -> np.ndarray:
        """One query's vector, cached: a turn embeds the same text for intent routing and for search."""
        cache, lock = self._query_cache()
        with lock:
            if text in cache:
                cache.move_to_end(text)
                return cache[text]
        vector = self.embed_queries([text])[0]
        vector.setflags(write=False)  # shared by every caller of the cache
        with lock:
            cache[text] = vector
            while len(cache) > QUERY_CACHE_SIZE:
                cache.popitem(last=False)
        return vector

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
