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
        cache = self._query_cache()
        with cache.lock:
            missing = list(dict.fromkeys(text for text in texts if cache.get(text) is None))
        if missing:
            self.remember_queries(missing, self._embed(missing, "query"))
        with cache.lock:
            vectors = [cache.get(text) for text in texts]
        if any(vector is None for vector in vectors):  # evicted meanwhile by a flood of new texts
            return self._embed(texts, "query")
        if not vectors:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.vstack(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def remember_queries(self, texts: Sequence[str], vectors: np.ndarray, pin: bool = False) -> None:
        """Put this model's query vectors into the cache, whether computed now or in an earlier
        run. Pinned ones (the fixed texts of embeddings.saved_vectors) are never evicted."""
        cache = self._query_cache()
        with cache.lock:
            cache.put(texts, normalise(np.asarray(vectors, dtype=np.float32)), pin)

    def _query_cache(self) -> "_QueryCache":
        # Created lazily so providers need not call a base __init__.
        if "_cache" not in self.__dict__:
            self.__dict__["_cache"] = _QueryCache()
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


class _QueryCache:
    """Query vectors by text: the most recent `QUERY_CACHE_SIZE` of what users ask, and pinned
    fixed texts (intent examples, Q&A questions), which a flood of new questions must not evict:
    evicted, they would be embedded again at every start. Callers hold `lock`."""

    def __init__(self):
        self.lock = threading.Lock()
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._pinned: dict[str, np.ndarray] = {}

    def get(self, text: str) -> np.ndarray | None:
        vector = self._pinned.get(text)
        return vector if vector is not None else self._recent.get(text)

    def put(self, texts: Sequence[str], vectors: np.ndarray, pin: bool) -> None:
        for text, vector in zip(texts, vectors):
            vector.setflags(write=False)  # shared by every caller of the cache
            if pin:
                self._pinned[text] = vector
                self._recent.pop(text, None)
            elif text not in self._pinned:
                self._recent[text] = vector
        while len(self._recent) > QUERY_CACHE_SIZE:
            self._recent.popitem(last=False)
