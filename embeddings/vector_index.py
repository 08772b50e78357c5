"""A cosine-similarity vector index on faiss, saved as a faiss file (no pickle)."""

from collections.abc import Iterable
from pathlib import Path

import faiss
import numpy as np


class VectorIndex:
    """Exact inner-product search over L2-normalised vectors; row ids are positions.

    Exact search is the right call at this scale (tens of thousands of chunks search in
    well under a millisecond); an IVF/HNSW index can replace it behind the same methods.
    """

    def __init__(self, dimension: int):
        self.dimension = dimension
        self._index = faiss.IndexFlatIP(dimension)

    def __len__(self) -> int:
        return self._index.ntotal

    def add(self, vectors: np.ndarray) -> None:
        self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, query: np.ndarray, k: int, allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """Top-k (row, similarity) pairs, best first; `allowed` restricts the rows searched."""
        k = min(k, len(self))
        if k <= 0:
            return []
        params = None
        if allowed is not None:
            rows = np.fromiter(allowed, dtype=np.int64)
            if rows.size == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(rows))
        matrix = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        scores, rows = self._index.search(matrix, k, params=params)
        return [(int(row), float(score)) for row, score in zip(rows[0], scores[0]) if row >= 0]

    def similarity(self, query: np.ndarray, row: int) -> float:
        return float(np.dot(self._index.reconstruct(row), query))

    def reconstruct_all(self) -> np.ndarray:
        """Every stored vector in row order (lets a rebuild reuse vectors instead of re-embedding)."""
        if len(self) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._index.reconstruct_n(0, len(self))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> "VectorIndex":
        index = faiss.read_index(str(path))
        loaded = cls(index.d)
        loaded._index = index
        return loaded
