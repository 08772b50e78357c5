import numpy as np
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.retrievers import BaseRetriever

from embeddings.hashing import HashingEmbedder
from knowledge.index_build import IndexBuilder
from knowledge.langchain_adapters import EmbedderAsLangChain, KnowledgeBaseRetriever, LangChainEmbedder
from knowledge.retriever import HybridRetriever, SearchFilter
from knowledge.serving import ServingIndex
from tests.knowledge.kb_factory import write_sample_kb


def test_knowledge_base_is_a_langchain_retriever(knowledge_settings, tokenizer, embedder):
    write_sample_kb(knowledge_settings.sources[0])
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    hybrid = HybridRetriever(ServingIndex(knowledge_settings.index_dir, embedder.name), embedder, tokenizer, knowledge_settings.retrieval)
    retriever = KnowledgeBaseRetriever(retriever=hybrid, k=2)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("실증산단 예산 총 2,000억 원 투자")
    assert len(documents) == 2
    top = documents[0]
    assert top.metadata["doc_id"] == "testbed" and top.metadata["title"] == "AX 실증산단 구축사업"
    assert top.metadata["updated"] == "2025-05-20" and 0 <= top.metadata["confidence"] <= 1
    assert "2,000억" in top.page_content
    vendors = KnowledgeBaseRetriever(retriever=hybrid, k=5, filters=SearchFilter(kind="vendor")).invoke("솔루션")
    assert vendors and all(doc.metadata["kind"] == "vendor" and doc.metadata["sample"] is True for doc in vendors)


def test_our_embedder_speaks_langchain_embeddings():
    lc = EmbedderAsLangChain(HashingEmbedder(32))
    vectors = lc.embed_documents(["가", "나"])
    assert len(vectors) == 2 and len(vectors[0]) == 32
    assert np.allclose(lc.embed_query("가"), vectors[0])


def test_any_langchain_embeddings_plug_into_our_seam():
    embedder = LangChainEmbedder(DeterministicFakeEmbedding(size=16), name="fake-16", dimension=16)
    vectors = embedder.embed_passages(["하나", "둘", "셋"])
    assert vectors.shape == (3, 16)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
