"""Any sentence-transformers model, by hub name or local path (needs torch)."""

from collections.abc import Sequence

import numpy as np

from embeddings.base import Embedder, TextKind


class SentenceTransformersEmbedder(Embedder):
    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 32):
        from sentence_transformers import SentenceTransformer  # heavy: imports torch

        self._model = SentenceTransformer(model, device="cpu")
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dimension = int(dimension())
        self.name = f"sentence-transformers:{model}"
        self.batch_size = batch_size
        self._prefixes = {"query": query_prefix, "passage": passage_prefix}

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        prefix = self._prefixes[kind]
        return self._model.encode([prefix + text for text in texts], convert_to_numpy=True)
