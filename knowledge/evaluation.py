"""Retrieval evaluation: a query set with relevant documents (by file name) against a retriever.

Hits are chunks; metrics are over documents, ranked by their best chunk, because the
question "did we find the right document" is what the golden set can state.
"""

import json
import math
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from embeddings.base import Embedder
from knowledge.documents import Hit
from knowledge.errors import KnowledgeError
from knowledge.index_build import IndexBuilder, Progress
from knowledge.morphology import KoreanTokenizer
from knowledge.retriever import HybridRetriever, SearchMode
from knowledge.serving import ServingIndex
from knowledge.settings import KnowledgeSettings

# Enough chunks that ten distinct documents almost always appear among them.
CHUNKS_PER_QUERY = 60


@dataclass(frozen=True)
class EvalQuery:
    id: str
    question: str
    relevant: frozenset[str]


@dataclass
class QueryOutcome:
    query: EvalQuery
    ranked_documents: list[str]
    latency_ms: float

    def first_relevant_rank(self) -> int | None:
        for rank, name in enumerate(self.ranked_documents, start=1):
            if name in self.query.relevant:
                return rank
        return None


@dataclass
class EvalReport:
    metrics: dict[str, float]
    outcomes: list[QueryOutcome] = field(default_factory=list)


class QueryFileError(KnowledgeError):
    """The queries file is missing, or a line is not {"id", "question", "relevant": [...]}."""


def read_queries(path: Path) -> list[EvalQuery]:
    if not path.is_file():
        raise QueryFileError(f"질문 파일을 찾을 수 없어요: {path}")
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            queries.append(EvalQuery(str(row["id"]), str(row["question"]), frozenset(row["relevant"])))
        except (ValueError, KeyError, TypeError) as error:
            raise QueryFileError(f"질문 파일 {path}의 {number}번째 줄 형식이 올바르지 않아요: {error}") from error
    return queries


def ranked_documents(hits: Iterable[Hit]) -> list[str]:
    """Distinct source file names in the order of their best chunk."""
    names: list[str] = []
    for hit in hits:
        name = Path(hit.chunk.source_path).name
        if name not in names:
            names.append(name)
    return names


def evaluate(search: Callable[[str], list[Hit]], queries: list[EvalQuery], k: int = 10) -> EvalReport:
    outcomes = []
    for query in queries:
        started = time.perf_counter()
        hits = search(query.question)
        latency_ms = (time.perf_counter() - started) * 1000
        ranked = list(dict.fromkeys(_standing_for(name, query.relevant) for name in ranked_documents(hits)))
        outcomes.append(QueryOutcome(query, ranked[:k], latency_ms))
    return EvalReport(metrics=_metrics(outcomes, k), outcomes=outcomes)


def _standing_for(name: str, relevant: frozenset[str]) -> str:
    """A document's Q&A companion ("ax-caravan-faq.md" beside "ax-caravan.md") answers from the
    same facts: it counts as that document, once."""
    for document in relevant:
        if name == f"{Path(document).stem}-faq.md":
            return document
    return name


def _metrics(outcomes: list[QueryOutcome], k: int) -> dict[str, float]:
    latencies = sorted(outcome.latency_ms for outcome in outcomes)
    metrics = {f"recall@{cutoff}": _mean(_recall(o, cutoff) for o in outcomes) for cutoff in sorted({1, 5, k})}
    metrics[f"mrr@{k}"] = _mean(1 / rank if (rank := o.first_relevant_rank()) else 0.0 for o in outcomes)
    metrics[f"ndcg@{k}"] = _mean(_ndcg(o, k) for o in outcomes)
    metrics["latency_p50_ms"] = _percentile(latencies, 50)
    metrics["latency_p95_ms"] = _percentile(latencies, 95)
    metrics["n_queries"] = len(outcomes)
    return metrics


def _recall(outcome: QueryOutcome, cutoff: int) -> float:
    found = set(outcome.ranked_documents[:cutoff]) & outcome.query.relevant
    return len(found) / len(outcome.query.relevant) if outcome.query.relevant else 0.0


def _ndcg(outcome: QueryOutcome, k: int) -> float:
    gains = [1.0 / math.log2(rank + 1) for rank, name in enumerate(outcome.ranked_documents[:k], start=1) if name in outcome.query.relevant]
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(outcome.query.relevant), k) + 1))
    return sum(gains) / ideal if ideal else 0.0


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return round(statistics.fmean(values), 4) if values else 0.0


def _percentile(sorted_values: list[float], percent: float) -> float:
    if not sorted_values:
        return 0.0
    position = min(len(sorted_values) - 1, max(0, math.ceil(percent / 100 * len(sorted_values)) - 1))
    return round(sorted_values[position], 2)


def evaluate_corpus(
    corpus: Path,
    queries: list[EvalQuery],
    knowledge: KnowledgeSettings,
    embedder: Embedder,
    mode: SearchMode = "hybrid",
    k: int = 10,
    progress: Progress | None = None,
) -> EvalReport:
    """Build a throw-away index over `corpus`, then evaluate; adds build time, memory and size."""
    with tempfile.TemporaryDirectory(prefix="axbot-eval-") as scratch:
        settings = knowledge.model_copy(
            update={"sources": [corpus], "uploads_dir": Path(scratch) / "uploads", "index_dir": Path(scratch) / "index"}
        )
        tokenizer = KoreanTokenizer()
        build = IndexBuilder(settings, embedder, tokenizer, progress).build(full=True)
        serving = ServingIndex(settings.index_dir, embedder.name)
        retriever = HybridRetriever(serving, embedder, tokenizer, settings.retrieval, mode)
        report = evaluate(lambda question: retriever.search(question, k=CHUNKS_PER_QUERY), queries, k)
    report.metrics.update(
        build_s=round(build.seconds, 2),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        n_docs=build.documents,
        n_chunks=build.chunks,
    )
    return report
