"""BM25 over Kiwi morphemes (bm25s), saved as bm25s' own numpy/JSON files (no pickle)."""

from pathlib import Path

import bm25s
import numpy as np


class LexicalIndex:
    """Scores every chunk at once: at our scale that is faster than top-k and makes filters exact."""

    def __init__(self, model: bm25s.BM25):
        self._model = model

    @classmethod
    def build(cls, tokenised_chunks: list[list[str]]) -> "LexicalIndex":
        model = bm25s.BM25()
        # An empty token list would make bm25s drop the row; a placeholder keeps rows aligned.
        model.index([tokens or ["<empty>"] for tokens in tokenised_chunks], show_progress=False)
        return cls(model)

    def scores(self, query_tokens: list[str], mask: np.ndarray | None = None) -> np.ndarray:
        known = [token for token in query_tokens if token in self._model.vocab_dict]
        if not known:
            return np.zeros(self._model.scores["num_docs"], dtype=np.float32)
        return self._model.get_scores(known, weight_mask=mask)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> "LexicalIndex":
        return cls(bm25s.BM25.load(str(directory), mmap=False, load_corpus=False))
