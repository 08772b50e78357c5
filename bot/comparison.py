"""Questions about several things at once, answered one thing at a time, every sentence still
quoted verbatim with its source:

- programs compared ("실증산단이랑 카라반 차이가 뭐예요?", "카라반하고 실증산단 예산"): each
  program is asked about on its own, under its name;
- details joined ("산단위크 기간이랑 참가비 알려줘요"): each detail is asked on its own (bot/coordination.py).

A search for the whole question finds whichever part's sentences score best, and half an
answer reads like a wrong one, or like "not published" when only one part is.
"""

import re
from dataclasses import dataclass, replace

from bot import texts
from bot.answering import Answer, AnswerContext, ExtractiveAnswerer, NamedProgram, source_line
from bot.conversation import SourceRef

# "차이", "다른 점", "뭐가 달라요", "비교", "vs": the question sets programs against each other.
COMPARES = re.compile(
    r"차이|다른\s*점|공통점|비교|(?<![a-z])vs(?![a-z])|대비해|구분(?:해|이|을|하)"
    r"|(?:뭐가|무엇이|뭐|어떻게|어디가|어떤\s*점이|어떤\s*게)\s*(?:달라|다르|다른)|다른\s*(?:가요|거예요|건가요|건지)|헷갈"
)
MAX_PROGRAMS = 3


# Two programs joined ("카라반하고 실증산단 예산") are set side by side as if compared.
_JOINED = r"\s*(?:이랑|랑|하고|와|과|및|,|이나|나|아니면)\s*"
# Words that may join two things: without one, nothing is joined.
_MAY_JOIN = re.compile(r"랑|하고|[와과](?:\s|$)|및|,|나\s|아니면")


@dataclass(frozen=True)
class _Part:
    """One side: a program's (its own documents' sentences only: a search for "카라반 예산"
    also finds the testbed's budget, which under the caravan's name would mislead) or a detail's."""

    label: str
    kind: str  # "answer", "not_published" or "declined"
    quotes: tuple[tuple[str, str], ...] = ()  # (sentence, document id)
    sources: tuple[SourceRef, ...] = ()
    confidence: float = 0.0


class ComparingAnswerer:
    """Same `answer()` as the answerer it wraps; a question about several things is its own, and
    is always extractive (each part is a handful of quoted sentences)."""

    def __init__(self, answerer, extractive: ExtractiveAnswerer):
        self._answerer = answerer  # extractive, or the LLM answerer around it
        self._extractive = extractive

    def answer(self, question: str, context: AnswerContext | None = None) -> Answer:
        if not (COMPARES.search(question.lower()) or _MAY_JOIN.search(question)):
            return self._answerer.answer(question, context)  # most questions: spare the analysis
        return self.compare(question, context) or self.one_by_one(question, context) or self._answerer.answer(question, context)

    def compare(self, question: str, context: AnswerContext | None = None) -> Answer | None:
        """The side-by-side answer, or None when the question compares fewer than two programs
        or the documents say nothing on any side. A comparison naming one program ("카라반이랑
        비교하면") sets it beside the program of the previous question, on that question's aspects."""
        named = self._extractive.programs_named(question)[:MAX_PROGRAMS]
        aspects = self._extractive.aspects(question)
        earlier = context.previous_question if context else None
        if len(named) == 1 and earlier and COMPARES.search(question.lower()):
            named = [*[p for p in self._extractive.programs_named(earlier) if p.title != named[0].title][:1], *named]
            aspects = aspects or self._extractive.aspects(earlier)
        if len(named) < 2 or not (COMPARES.search(question.lower()) or _joins_programs(question, named)):
            return None
        aspects = " ".join(aspects)
        parts = [self._program_part(program, aspects) for program in named]
        if all(part.kind == "declined" for part in parts):
            return None
        return _side_by_side(question, parts, texts.ANSWER_COMPARE_INTRO, texts.ANSWER_COMPARE_NOT_FOUND)

    def one_by_one(self, question: str, context: AnswerContext | None = None) -> Answer | None:
        """Each joined detail answered on its own, or None when nothing is joined, nothing is
        found, or every detail gets the same sentences (then one answer says it all: "세미나와
        교육도 해요?")."""
        asked = self._extractive.coordinated(question)
        if len(asked) < 2:
            return None
        parts = _merged([self._detail_part(part.label, self._extractive.answer(part.question, context)) for part in asked])
        if len(parts) < 2 or all(part.kind == "declined" for part in parts):
            return None
        return _side_by_side(question, parts, texts.ANSWER_PARTS_INTRO, texts.ANSWER_PART_NOT_FOUND)

    def _program_part(self, program: NamedProgram, aspects: str) -> _Part:
        answer = self._extractive.answer(_part_question(program, aspects))
        own = tuple((s, doc_id) for s, doc_id in zip(answer.sentences, answer.sentence_doc_ids) if program.owns(doc_id))
        if answer.kind == "declined" or not own:
            return _Part(program.title, "declined")
        sources = tuple(source for source in answer.sources if program.owns(source.doc_id))
        return _Part(program.title, answer.kind, own, sources, answer.confidence)

    @staticmethod
    def _detail_part(label: str, answer: Answer) -> _Part:
        if answer.kind == "declined" or not answer.sentences:
            return _Part(label, "declined")
        quotes = tuple(zip(answer.sentences, answer.sentence_doc_ids or ("",) * len(answer.sentences)))
        return _Part(label, answer.kind, quotes, answer.sources, answer.confidence)


def _merged(parts: list[_Part]) -> list[_Part]:
    """Details answered by sentences already shown under an earlier detail share its heading
    ("선정기준 · 신청기간" over one "not published" sentence naming both); a detail with new
    sentences keeps only those."""
    merged: list[_Part] = []
    for part in parts:
        shown = {sentence for earlier in merged for sentence, _ in earlier.quotes}
        fresh = tuple(quote for quote in part.quotes if quote[0] not in shown)
        if part.kind == "declined" or fresh:
            merged.append(replace(part, quotes=fresh) if fresh else part)
            continue
        first = part.quotes[0][0]
        owner = next(index for index, earlier in enumerate(merged) if first in {sentence for sentence, _ in earlier.quotes})
        merged[owner] = replace(merged[owner], label=f"{merged[owner].label} · {part.label}")
    return merged


def _joins_programs(question: str, named: list[NamedProgram]) -> bool:
    mentions = "|".join(re.escape(program.mention) for program in named)
    return bool(re.search(f"(?:{mentions}){_JOINED}(?:{mentions})", question, re.IGNORECASE))


def _part_question(program: NamedProgram, aspects: str) -> str:
    """What one program is asked: the compared aspect by the name the user gave it (a full title
    brings in words such as "산업단지" that pull other sentences up), or what the program is."""
    return f"{program.mention} {aspects}" if aspects else f"{program.title}은 어떤 사업인가요?"


def _side_by_side(question: str, parts: list[_Part], intro: str, not_found: str) -> Answer:
    lines = [intro]
    for part in parts:
        lines += ["", texts.ANSWER_COMPARE_PROGRAM.format(title=part.label)]
        if part.kind == "declined":
            lines.append(not_found)
            continue
        if part.kind == "not_published":
            lines.append(texts.ANSWER_COMPARE_NOT_PUBLISHED)
        lines += [texts.ANSWER_QUOTE.format(sentence=sentence) for sentence, _ in part.quotes]
    found = [part for part in parts if part.kind != "declined"]
    sources = tuple(dict.fromkeys(source for part in found for source in part.sources))
    lines += ["", *(source_line(source) for source in sources)]
    answered = any(part.kind == "answer" for part in found)
    return Answer(
        kind="answer" if answered else "not_published",
        text="\n".join(lines),
        sentences=tuple(sentence for part in found for sentence, _ in part.quotes),
        sentence_doc_ids=tuple(doc_id for part in found for _, doc_id in part.quotes),
        sources=sources,
        doc_ids=tuple(dict.fromkeys(source.doc_id for source in sources)),
        confidence=min(part.confidence for part in found),
        query=question,
        # Another part unpublished or not found: a consultant may know more.
        unpublished_aside=answered and (len(found) < len(parts) or any(part.kind == "not_published" for part in found)),
    )
