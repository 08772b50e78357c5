import pytest

from knowledge.documents import Chunk, Hit
from knowledge.evaluation import EvalQuery, QueryFileError, evaluate, ranked_documents, read_queries


def hit(file_name: str, rank: int) -> Hit:
    chunk = Chunk(f"{file_name}#0", file_name, "t", "", "본문", f"/corpus/{file_name}", "2025-01-01", "program", "h")
    return Hit(chunk, 1.0 / rank, rank, rank, rank, 0.5, 0.5)


def test_documents_are_ranked_by_their_best_chunk_without_duplicates():
    assert ranked_documents([hit("a.txt", 1), hit("b.txt", 2), hit("a.txt", 3), hit("c.txt", 4)]) == ["a.txt", "b.txt", "c.txt"]


def test_metrics_on_a_hand_computed_example():
    results = {"q1": ["a.txt", "b.txt"], "q2": ["x.txt", "y.txt", "b.txt"], "q3": ["z.txt"]}
    queries = [
        EvalQuery("q1", "q1", frozenset({"a.txt"})),  # found at rank 1
        EvalQuery("q2", "q2", frozenset({"b.txt"})),  # found at rank 3
        EvalQuery("q3", "q3", frozenset({"a.txt", "b.txt"})),  # never found
    ]
    search = lambda question: [hit(name, rank) for rank, name in enumerate(results[question], start=1)]
    metrics = evaluate(search, queries, k=10).metrics
    assert metrics["recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert metrics["recall@5"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["mrr@10"] == pytest.approx((1 + 1 / 3) / 3, abs=1e-4)
    assert metrics["ndcg@10"] == pytest.approx((1 + 0.5) / 3, abs=1e-4)  # 1/log2(4) = 0.5
    assert metrics["n_queries"] == 3 and metrics["latency_p95_ms"] >= metrics["latency_p50_ms"] >= 0


def test_a_qa_companion_counts_as_the_document_it_accompanies_once():
    query = EvalQuery("q1", "q1", frozenset({"kicef.pdf"}))
    ranked = ["kicef-faq.md", "week.hwpx", "kicef.pdf", "week-faq.md"]
    outcome = evaluate(lambda question: [hit(name, rank) for rank, name in enumerate(ranked, start=1)], [query]).outcomes[0]
    assert outcome.ranked_documents == ["kicef.pdf", "week.hwpx", "week-faq.md"]


def test_read_queries_validates_each_line(tmp_path):
    good = tmp_path / "q.jsonl"
    good.write_text('{"id": "g1", "question": "카라반", "relevant": ["a.md"]}\n\n', encoding="utf-8")
    assert read_queries(good) == [EvalQuery("g1", "카라반", frozenset({"a.md"}))]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "g1"}\n', encoding="utf-8")
    with pytest.raises(QueryFileError, match="1번째 줄"):
        read_queries(bad)
    with pytest.raises(QueryFileError, match="찾을 수 없어요"):
        read_queries(tmp_path / "none.jsonl")
