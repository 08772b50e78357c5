"""The composition root: settings in, wired services out. Nothing else constructs providers."""

from dataclasses import dataclass

from bot.settings import Settings
from embeddings import Embedder, make_embedder
from knowledge.admin import KnowledgeAdmin
from knowledge.index_build import IndexBuilder, Progress
from knowledge.morphology import KoreanTokenizer
from knowledge.retriever import HybridRetriever, SearchMode
from knowledge.serving import ServingIndex


@dataclass
class KnowledgeServices:
    embedder: Embedder
    tokenizer: KoreanTokenizer
    index: ServingIndex
    retriever: HybridRetriever
    builder: IndexBuilder
    admin: KnowledgeAdmin


def build_knowledge(settings: Settings, mode: SearchMode = "hybrid", progress: Progress | None = None) -> KnowledgeServices:
    knowledge = settings.knowledge
    embedder = make_embedder(settings.embeddings)
    tokenizer = KoreanTokenizer()
    index = ServingIndex(knowledge.index_dir, embedder.name, knowledge.reload_check_s)
    builder = IndexBuilder(knowledge, embedder, tokenizer, progress)
    return KnowledgeServices(
        embedder=embedder,
        tokenizer=tokenizer,
        index=index,
        retriever=HybridRetriever(index, embedder, tokenizer, knowledge.retrieval, mode),
        builder=builder,
        admin=KnowledgeAdmin(knowledge, builder),
    )
