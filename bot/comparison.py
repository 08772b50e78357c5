"""Questions that compare programs ("실증산단이랑 카라반 차이가 뭐예요?"): each program is asked
about on its own and the answers are shown side by side, every sentence still quoted verbatim
with its source. A search for the whole question finds whichever program's sentences score
best, and half a comparison reads like a wrong answer."""

import re
from dataclasses import dataclass

from bot import texts
from bot.answering import Answer, AnswerContext, ExtractiveAnswerer, NamedProgram, source_line

# "차이", "다른 점", "뭐가 달라요", "비교", "vs": the question sets programs against each other.
COMPARES = re.compile(
    r"차이|다른\s*점|공통점|비교|(?<![a-z])vs(?![a-z])|대비해|구분(?:해|이|을|하)"
    r"|(?:뭐가|무엇이|뭐|어떻게|어디가|어떤\s*점이|어떤\s*게)\s*(?:달라|다르|다른)|다른\s*(?:가요|거예요|건가요|건지)|헷갈"
)
MAX_PROGRAMS = 3


@dataclass(frozen=True)
class _Part:
    """One program's side: its own documents' sentences only (a search for "카라반 예산" also
    finds the testbed's budget, which under the caravan's name would mislead)."""

    program: NamedProgram
    kind: str  # "answer", "not_published" or "declined"
    quotes: tuple[tuple[str, str], ...] = ()  # (sentence, document id)
    answer: Answer | None = None


class ComparingAnswerer:
    """Same `answer()` as the answerer it wraps; a comparison of named programs is its own, and
    is always extractive (each side is a handful of quoted sentences)."""

    def __init__(self, answerer, extractive: ExtractiveAnswerer):
        self._answerer = answerer  # extractive, or the LLM answerer around it
        self._extractive = extractive

    def answer(self, question: str, context: AnswerContext | None = None) -> Answer:
        return self.compare(question) or self._answerer.answer(question, context)

    def compare(self, question: str) -> Answer | None:
        """The side-by-side answer, or None when the question compares fewer than two programs
        or the documents say nothing on any side."""
        if not COMPARES.search(question.lower()):
            return None
        named = self._extractive.programs_named(question)[:MAX_PROGRAMS]
        if len(named) < 2:
            return None
        aspects = " ".join(self._extractive.aspects(question))
        parts = [self._part(program, aspects) for program in named]
        if all(part.kind == "declined" for part in parts):
            return None
        return _side_by_side(question, parts)

    def _part(self, program: NamedProgram, aspects: str) -> _Part:
        answer = self._extractive.answer(_part_question(program, aspects))
        own = tuple((s, doc_id) for s, doc_id in zip(answer.sentences, answer.sentence_doc_ids) if program.owns(doc_id))
        if answer.kind == "declined" or not own:
            return _Part(program, "declined")
        return _Part(program, answer.kind, own, answer)


def _part_question(program: NamedProgram, aspects: str) -> str:
    """What one program is asked: the compared aspect by the name the user gave it (a full title
    brings in words such as "산업단지" that pull other sentences up), or what the program is."""
    return f"{program.mention} {aspects}" if aspects else f"{program.title}은 어떤 사업인가요?"


def _side_by_side(question: str, parts: list[_Part]) -> Answer:
    lines = [texts.ANSWER_COMPARE_INTRO]
    for part in parts:
        lines += ["", texts.ANSWER_COMPARE_PROGRAM.format(title=part.program.title)]
        if part.kind == "declined":
            lines.append(texts.ANSWER_COMPARE_NOT_FOUND)
            continue
        if part.kind == "not_published":
            lines.append(texts.ANSWER_COMPARE_NOT_PUBLISHED)
        lines += [texts.ANSWER_QUOTE.format(sentence=sentence) for sentence, _ in part.quotes]
    found = [part for part in parts if part.answer is not None]
    sources = tuple(dict.fromkeys(s for part in found for s in part.answer.sources if part.program.owns(s.doc_id)))
    lines += ["", *(source_line(source) for source in sources)]
    answered = any(part.kind == "answer" for part in found)
    return Answer(
        kind="answer" if answered else "not_published",
        text="\n".join(lines),
        sentences=tuple(sentence for part in found for sentence, _ in part.quotes),
        sentence_doc_ids=tuple(doc_id for part in found for _, doc_id in part.quotes),
        sources=sources,
        doc_ids=tuple(dict.fromkeys(source.doc_id for source in sources)),
        confidence=min(part.answer.confidence for part in found),
        query=question,
        unpublished_aside=answered and any(part.kind == "not_published" for part in found),
    )

