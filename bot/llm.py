"""Optional generative answers: a chat model rewrites the retrieved passages, citing them as [1].

The extractive answerer decides first (a question it declines never reaches the model). The
model's reply is kept only if it cites a passage it was given and every number in it appears in
a cited passage; otherwise, and on any error or timeout, the extractive answer is sent.
"""

import logging
import re
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict

from bot import texts
from bot.answering import Answer, AnswerContext, ExtractiveAnswerer
from bot.conversation import SourceRef
from knowledge.documents import Hit
from bot.settings import LlmSettings  # defined with the other settings: loading config stays light

log = logging.getLogger(__name__)

# The instructions are for the model, not for users, so they live here rather than in texts.py.
SYSTEM_PROMPT = (
    "당신은 산업단지 입주기업 담당자의 질문에 답하는 상담 도우미예요.\n"
    "아래에 번호가 붙은 자료에 적힌 내용만으로 답하세요.\n"
    "- 자료에 없는 내용은 추측하지 말고 자료에 나와 있지 않다고 말하세요.\n"
    "- 숫자, 날짜, 사업 이름은 자료에 적힌 그대로 쓰세요.\n"
    "- 문장마다 근거가 된 자료의 번호를 [1]처럼 붙이세요.\n"
    "- 해요체로 세 문장 안팎으로 짧게 답하세요."
)
PASSAGE_TEMPLATE = "[{number}] 제목: {title} / 섹션: {section} / 기준일: {updated}\n{text}"
QUESTION_TEMPLATE = "자료:\n{passages}\n\n{previous}질문: {question}"
PREVIOUS_TEMPLATE = "이전 질문: {question}\n"

# "[1]", "[1][3]" and "[1, 3]" all cite.
_CITATION = re.compile(r"\s?\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d)")


def make_chat_model(settings: LlmSettings) -> BaseChatModel | None:
    """The configured chat model, or None for `provider: none`; each client is imported only when chosen."""
    if settings.provider == "none":
        return None
    if not settings.model:
        raise ValueError("llm.model must name a model when llm.provider is not 'none'")
    if settings.provider == "openai":
        from langchain_openai import ChatOpenAI

        return ChatOpenAI(
            model=settings.model,
            base_url=settings.base_url or None,  # "" from an unset ${AXBOT_LLM_BASE_URL:}
            # Local OpenAI-compatible servers (vLLM) accept any key; the client insists on one.
            api_key=settings.api_key or "unused",
            timeout=settings.timeout_s,
            max_retries=0,
            temperature=settings.temperature,
            max_tokens=settings.max_tokens,
        )
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=settings.model,
        base_url=settings.base_url or None,
        temperature=settings.temperature,
        num_predict=settings.max_tokens,
        client_kwargs={"timeout": settings.timeout_s},
    )


@dataclass(frozen=True)
class CheckedReply:
    """A model reply after the citation and number checks; `problem` says why it cannot be used."""

    text: str = ""
    cited: tuple[int, ...] = ()  # passage numbers as given to the model, in order of first citation
    problem: str = ""


class LlmAnswerer:
    """Same `answer()` as ExtractiveAnswerer; the extractive answer is the fallback for everything."""

    def __init__(self, chat_model: BaseChatModel, extractive: ExtractiveAnswerer, timeout_s: float = 15.0, max_passages: int = 5):
        self._model = chat_model
        self._extractive = extractive
        self._timeout_s = timeout_s
        self._max_passages = max_passages
        # Calls run on a worker thread so a slow server cannot hold the turn past the timeout.
        self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="llm")

    def answer(self, question: str, context: AnswerContext | None = None) -> Answer:
        grounding = self._extractive.ground(question, context)
        fallback = grounding.answer
        # Declines and "not published" statements stay extractive: nothing for a model to add.
        if fallback.kind != "answer" or not grounding.hits:
            return fallback
        passages = grounding.hits[: self._max_passages]
        previous = _previous_question(context, fallback)
        try:
            reply = self._ask(build_messages(question, passages, previous))
        except FutureTimeout:
            log.warning("llm_fallback reason=timeout timeout_s=%s", self._timeout_s)
            return fallback
        except Exception as error:  # noqa: BLE001 — any failure of the model means the extractive answer
            log.warning("llm_fallback reason=error error=%s", type(error).__name__, exc_info=True)
            return fallback
        checked = check_reply(reply, passages)
        if checked.problem:
            log.info("llm_fallback reason=%s", checked.problem)
            return fallback
        return _llm_answer(checked, passages, fallback)

    def _ask(self, messages) -> str:
        future = self._pool.submit(self._model.invoke, messages)
        try:
            message = future.result(timeout=self._timeout_s)
        finally:
            future.cancel()
        return message.content if isinstance(message.content, str) else str(message.content)


def build_messages(question: str, passages: tuple[Hit, ...], previous_question: str | None = None) -> list:
    numbered = "\n\n".join(
        PASSAGE_TEMPLATE.format(number=number, title=h.chunk.title, section=h.chunk.section or "-", updated=h.chunk.updated, text=h.chunk.text)
        for number, h in enumerate(passages, start=1)
    )
    previous = PREVIOUS_TEMPLATE.format(question=previous_question) if previous_question else ""
    user = QUESTION_TEMPLATE.format(passages=numbered, previous=previous, question=" ".join(question.split()))
    return [SystemMessage(SYSTEM_PROMPT), HumanMessage(user)]


def check_reply(reply: str, passages: tuple[Hit, ...]) -> CheckedReply:
    """Drop citations of passages that were not given; refuse a reply without a valid one, or with
    a number that no cited passage contains."""
    text = (reply or "").strip()
    if not text:
        return CheckedReply(problem="empty_reply")
    given = range(1, len(passages) + 1)
    text = _rewrite_citations(text, lambda number: number if number in given else None).strip()
    valid = tuple(dict.fromkeys(number for match in _CITATION.findall(text) for number in _cited(match)))
    if not valid:
        return CheckedReply(problem="no_valid_citation")
    allowed = set().union(*(_numbers(_passage_text(passages[number - 1])) for number in valid))
    invented = _numbers(_CITATION.sub("", text)) - allowed
    if invented:
        return CheckedReply(problem=f"number_not_in_cited_passages:{','.join(sorted(map(str, invented)))}")
    return CheckedReply(text=text, cited=valid)


def _llm_answer(checked: CheckedReply, passages: tuple[Hit, ...], fallback: Answer) -> Answer:
    """Citations renumbered 1..n in order of appearance; sources are the cited passages only."""
    renumber = {old: new for new, old in enumerate(checked.cited, start=1)}
    text = _rewrite_citations(checked.text, renumber.get)
    sources = tuple(_source(passages[old - 1]) for old in checked.cited)
    lines = [text, "", *(_source_line(number, source) for number, source in enumerate(sources, start=1))]
    return Answer(
        kind="answer",
        text="\n".join(lines),
        sources=sources,
        doc_ids=tuple(dict.fromkeys(source.doc_id for source in sources)),
        confidence=fallback.confidence,
        query=fallback.query,
    )


def _rewrite_citations(text: str, mapping) -> str:
    """Each citation's numbers through `mapping` (None drops a number; a citation left empty goes)."""

    def rewrite(match: re.Match) -> str:
        numbers = [new for old in _cited(match.group(1)) if (new := mapping(old)) is not None]
        space = " " if match.group(0).startswith(" ") else ""
        return f"{space}[{', '.join(map(str, numbers))}]" if numbers else ""

    return _CITATION.sub(rewrite, text)


def _cited(group: str) -> list[int]:
    return [int(part) for part in group.split(",")]


def _previous_question(context: AnswerContext | None, fallback: Answer) -> str | None:
    """The last question, when the extractive answerer read this one as its follow-up."""
    previous = " ".join((context.previous_question or "").split()) if context else ""
    return previous if previous and fallback.query.startswith(previous) else None


def _numbers(text: str) -> set[int]:
    return {int(digits) for digits in re.findall(r"\d+", _THOUSANDS.sub("", text))}


def _passage_text(hit: Hit) -> str:
    chunk = hit.chunk
    return f"{chunk.title} {chunk.section} {chunk.updated} {chunk.text}"


def _source(hit: Hit) -> SourceRef:
    return SourceRef(hit.chunk.doc_id, hit.chunk.title, hit.chunk.section, hit.chunk.updated)


def _source_line(number: int, source: SourceRef) -> str:
    if source.section:
        return texts.ANSWER_LLM_SOURCE.format(number=number, title=source.title, section=source.section, updated=source.updated)
    return texts.ANSWER_LLM_SOURCE_NO_SECTION.format(number=number, title=source.title, updated=source.updated)
