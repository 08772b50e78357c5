"""Warm `axbot ask` latency without an LLM: every turn of a realistic mix in one warm process.

    python bench/ask_latency.py

Measures what `axbot ask --batch` measures (the assistant's whole turn: intent routing,
retrieval, answer or vendor matching, and the database writes), p50/p95 over the golden,
answer and out-of-scope question sets plus button presses.
"""

import json
import tempfile
import time
from pathlib import Path

from common import percentile, questions, scratch_assistant

from bot.console import timed_turn
from bot.conversation import Incoming


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="axbot-ask-") as scratch:
        assistant, _ = scratch_assistant(Path(scratch))
        texts = questions("golden.jsonl", "answers_dev.jsonl", "out_of_scope.jsonl")
        latencies, intents = [], {}
        for number, text in enumerate(texts):
            result = timed_turn(assistant.handle, Incoming(user_id=f"console:bench{number % 20}", text=text))
            latencies.append(result["latency_ms"])
            intents[result["intent"]] = intents.get(result["intent"], 0) + 1
            if result["actions"]:  # press the first button too: feedback, details, menu
                pressed = timed_turn(assistant.handle, Incoming(user_id=f"console:bench{number % 20}", action=result["actions"][0]["id"]))
                latencies.append(pressed["latency_ms"])
        report = {
            "turns": len(latencies),
            "p50_ms": round(percentile(latencies, 50), 1),
            "p95_ms": round(percentile(latencies, 95), 1),
            "max_ms": round(max(latencies), 1),
            "intents": intents,
        }
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"total {time.perf_counter() - started:.1f}s")
