"""LangChain at the seams: our retriever as a `BaseRetriever`, our embedders as `Embeddings`.

Lets a developer drop the knowledge base into any LangChain chain, or plug any LangChain
embeddings into our index. Our own types stay inside; `Document`s exist only out here.
"""

from collections.abc import Sequence
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from embeddings.base import Embedder, TextKind
from knowledge.documents import Hit
from knowledge.retriever import HybridRetriever, SearchFilter


class KnowledgeBaseRetriever(BaseRetriever):
    """`retriever.invoke("질문")` → Documents with source metadata, scores and confidence."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: HybridRetriever
    k: int = 5
    filters: SearchFilter | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, filters=self.filters)
        confidence = self.retriever.confidence(hits)
        return [hit_to_document(hit, confidence) for hit in hits]


def hit_to_document(hit: Hit, confidence: float) -> Document:
    chunk = hit.chunk
    metadata: dict[str, Any] = {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "title": chunk.title,
        "section": chunk.section,
        "source": chunk.source_path,
        "updated": chunk.updated,
        "kind": chunk.kind,
        "score": hit.score,
        "rank": hit.rank,
        "confidence": confidence,
        **chunk.attributes,
    }
    return Document(page_content=chunk.text, metadata=metadata, id=chunk.chunk_id)


class EmbedderAsLangChain(Embeddings):
    """Our embedder where LangChain expects `Embeddings` (vector stores, evaluators)."""

    def __init__(self, embedder: Embedder):
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


class LangChainEmbedder(Embedder):
    """Any LangChain `Embeddings` behind our seam; `name` must identify the model for manifests."""

    def __init__(self, embeddings: Embeddings, name: str, dimension: int):
        self._embeddings = embeddings
        self.name = name
        self.dimension = dimension

    def embed_batch(self, texts: Sequence[str], kind: TextKind) -> np.ndarray:
        if kind == "query":
            return np.array([self._embeddings.embed_query(text) for text in texts], dtype=np.float32)
        return np.array(self._embeddings.embed_documents(list(texts)), dtype=np.float32)
