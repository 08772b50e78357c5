"""Hybrid retrieval: BM25 over Kiwi morphemes and dense vectors, fused by weighted reciprocal rank.

Lexical search is strong on program names and numbers, dense search on paraphrases; rank
fusion needs no score calibration between the two. Each hit keeps the evidence a caller
needs to decide whether to trust it (dense similarity, share of query morphemes matched).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from embeddings.base import Embedder
from knowledge.documents import Chunk, DocumentKind, Hit
from knowledge.index_files import LoadedIndex
from knowledge.morphology import KoreanTokenizer
from knowledge.settings import RetrievalSettings

SearchMode = Literal["hybrid", "bm25", "dense"]
# Longer input adds nothing to a query (e5 reads 512 tokens) and only costs time.
MAX_QUERY_CHARS = 1000


@dataclass(frozen=True)
class SearchFilter:
    """Restricts a search; vendor attributes match when they share any value ("전국" serves every region)."""

    kind: DocumentKind | None = None
    categories: frozenset[str] = frozenset()
    industries: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    company_sizes: frozenset[str] = frozenset()

    def allows(self, chunk: Chunk) -> bool:
        if self.kind and chunk.kind != self.kind:
            return False
        wanted = {"categories": self.categories, "industries": self.industries, "company_sizes": self.company_sizes}
        for attribute, values in wanted.items():
            if values and not values & set(chunk.attributes.get(attribute, ())):
                return False
        regions = set(chunk.attributes.get("regions", ()))
        return not self.regions or bool(self.regions & regions) or "전국" in regions


class HybridRetriever:
    def __init__(
        self,
        index: Callable[[], LoadedIndex],
        embedder: Embedder,
        tokenizer: KoreanTokenizer,
        settings: RetrievalSettings,
        mode: SearchMode = "hybrid",
    ):
        self._index = index
        self._embedder = embedder
        self._tokenizer = tokenizer
        self._settings = settings
        self.mode = mode

    def search(self, query: str, k: int = 5, filters: SearchFilter | None = None) -> list[Hit]:
        query = " ".join(query.split())[:MAX_QUERY_CHARS]
        if not query:
            return []
        index = self._index()
        allowed = _allowed_rows(index, filters)
        query_tokens = self._tokenizer.tokens(query)
        query_vector = self._embedder.embed_query(query) if self.mode != "bm25" else None
        lexical_ranking = self._lexical_ranking(index, query_tokens, allowed) if self.mode != "dense" else []
        dense_ranking = self._dense_ranking(index, query_vector, allowed) if query_vector is not None else []
        fused = self._fuse(lexical_ranking, dense_ranking)[:k]
        return [
            _hit(index, row, score, rank, lexical_ranking, dense_ranking, query_tokens, query_vector)
            for rank, (row, score) in enumerate(fused, start=1)
        ]

    def confidence(self, hits: list[Hit]) -> float:
        """0–1: how likely the top hits really answer the query; the bot declines below `min_confidence`."""
        if not hits:
            return 0.0
        floor, ceiling = self._settings.dense_floor, self._settings.dense_ceiling
        best = 0.0
        for hit in hits[:3]:
            dense = min(max((hit.dense_similarity - floor) / (ceiling - floor), 0.0), 1.0)
            lexical = hit.lexical_coverage
            best = max(best, dense if self.mode == "dense" else lexical if self.mode == "bm25" else (dense + lexical) / 2)
        return round(best, 4)

    def _lexical_ranking(self, index: LoadedIndex, tokens: list[str], allowed: np.ndarray | None) -> list[int]:
        scores = index.lexical.scores(tokens, None if allowed is None else _mask(len(index.chunks), allowed))
        candidates = np.argsort(-scores, kind="stable")[: self._settings.candidates]
        return [int(row) for row in candidates if scores[row] > 0]

    def _dense_ranking(self, index: LoadedIndex, vector: np.ndarray, allowed: np.ndarray | None) -> list[int]:
        return [row for row, _ in index.vectors.search(vector, self._settings.candidates, allowed)]

    def _fuse(self, lexical: list[int], dense: list[int]) -> list[tuple[int, float]]:
        settings = self._settings
        scores: dict[int, float] = {}
        for weight, ranking in ((settings.bm25_weight, lexical), (settings.dense_weight, dense)):
            for rank, row in enumerate(ranking, start=1):
                scores[row] = scores.get(row, 0.0) + weight / (settings.rrf_k + rank)
        return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _allowed_rows(index: LoadedIndex, filters: SearchFilter | None) -> np.ndarray | None:
    if filters is None:
        return None
    return index.rows_where(filters, filters.allows)


def _mask(size: int, rows: np.ndarray) -> np.ndarray:
    mask = np.zeros(size, dtype=np.float32)
    mask[rows] = 1.0
    return mask


def _hit(index, row, score, rank, lexical_ranking, dense_ranking, query_tokens, query_vector) -> Hit:
    query_set = set(query_tokens)
    matched = query_set & index.token_set(row)
    similarity = index.vectors.similarity(query_vector, row) if query_vector is not None else 0.0
    return Hit(
        chunk=index.chunks[row],
        score=score,
        rank=rank,
        bm25_rank=lexical_ranking.index(row) + 1 if row in lexical_ranking else None,
        dense_rank=dense_ranking.index(row) + 1 if row in dense_ranking else None,
        dense_similarity=similarity,
        lexical_coverage=len(matched) / len(query_set) if query_set else 0.0,
    )
