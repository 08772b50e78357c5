"""A deterministic, dependency-free embedder for fast tests: hashed character n-grams."""

import hashlib
from collections.abc import Sequence

import numpy as np

from embeddings.base import Embedder, TextKind


class HashingEmbedder(Embedder):
    """Bag of hashed character bigrams and trigrams; similar strings get similar vectors.

    Not a language model: it exists so the whole pipeline runs in milliseconds in tests.
    """

    def __init__(self, dimension: int = 256):
        self.dimension = dimension
        self.name = f"hashing-{dimension}"

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            compact = "".join(text.split())
            for size in (2, 3):
                for start in range(len(compact) - size + 1):
                    vectors[row, self._bucket(compact[start : start + size])] += 1.0
        return vectors

    def _bucket(self, gram: str) -> int:
        digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") % self.dimension
