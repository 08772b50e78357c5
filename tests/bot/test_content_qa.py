"""The Q&A companions in knowledge/content follow the format the answerer reads, and add no facts."""

import re
from pathlib import Path

import pytest

from bot.answering import split_units

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "knowledge/content/programs"
# assistant-faq.md is about the service itself, not a program document's companion.
COMPANIONS = sorted(path for path in PROGRAMS.glob("*-faq.md") if path.name != "assistant-faq.md")
# The .pdf and .hwpx documents are generated from these Markdown sources.
DOCUMENTS = [p for p in PROGRAMS.glob("*.md") if not p.name.endswith("faq.md")] + sorted((ROOT / "scripts/content_sources").glob("*.md"))
_NUMBER = re.compile(r"\d[\d,]*")


def sections(path: Path) -> list[tuple[str, str]]:
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    parts = re.split(r"^## (.+)$", body, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2]))


def test_every_companion_accompanies_a_program_document():
    stems = {path.stem for path in PROGRAMS.iterdir() if not path.name.endswith("faq.md") and path.suffix in {".md", ".pdf", ".hwpx"}}
    companions = {path.name.removesuffix("-faq.md") for path in COMPANIONS}
    # The caravan's events are answered in the caravan's companion.
    assert companions <= stems and stems - companions == {"ax-caravan-events"}


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda path: path.name)
def test_each_entry_is_a_question_with_phrasings_and_an_answer(path):
    entries = sections(path)
    assert entries
    for heading, text in entries:
        units = split_units(text, section=heading)
        assert heading.endswith("?"), heading
        assert 3 <= len(units[0].asked) - 1 <= 10, heading  # the heading and its 3–10 phrasings
        assert units[0].opens_answer and "비슷한 질문" not in " ".join(unit.text for unit in units), heading
        assert not re.match(r"(이|그)\s", units[0].text), heading  # the answer reads on its own


@pytest.mark.parametrize("path", COMPANIONS, ids=lambda path: path.name)
def test_every_number_a_companion_answers_with_is_in_the_documents(path):
    documents = " ".join(document.read_text(encoding="utf-8") for document in DOCUMENTS).replace(",", "")
    for heading, text in sections(path):
        answer = " ".join(unit.text for unit in split_units(text, section=heading))
        assert {number.replace(",", "") for number in _NUMBER.findall(answer)} <= set(_NUMBER.findall(documents)), heading
