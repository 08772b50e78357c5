"""Extractive answers about the programs: verbatim sentences from the best chunks, with their sources.

Nothing is ever written by us inside a quoted sentence, so every number, date and name is the
documents' own. Follow-up questions borrow the previous question; questions the documents do not
cover are declined, and details the documents say are unpublished are answered as such.
"""

import logging
import math
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict

from bot import texts
from bot.answer_model import LinearModel, load_model_for
from bot.coordination import CoordinatedPart, coordinated_parts
from bot.conversation import SourceRef
from embeddings.base import Embedder
from knowledge.documents import Chunk, Hit
from knowledge.index_files import LoadedIndex
from knowledge.morphology import KoreanTokenizer
from knowledge.retriever import HybridRetriever, SearchFilter
from bot.settings import AnswerSettings  # defined with the other settings: loading config stays light

log = logging.getLogger(__name__)

AnswerKind = Literal["answer", "not_published", "declined"]
# Nobody asks a question longer than this; the rest would only cost tokenising time.
MAX_QUESTION_CHARS = 1000
# Answers kept per index build for questions asked again: about a kilobyte each (the passages are shared).
MAX_REMEMBERED_GROUNDINGS = 2048
# Chat spellings of question words that neither Kiwi nor e5 read as the word ("카라반이 머에요",
# "예싼 얼마인교"): each whole token is read as its standard form before the search.
CHAT_SPELLINGS = (
    # A question word typed onto the noun before it ("실증산단머임", "카라반신청어케함", "돈얼마"):
    # Kiwi reads "실증산단머" as one unknown noun.
    (re.compile(
        r"(?<=[가-힣])(?=(?:(?:뭐|머)(?:임|야|예요|에요|에여|여|냐|니|꼬|지)|(?:어케|어캐|어떻게)(?:함|해|해요|하나요|돼요|되나요|됨|하죠)?"
        r"|(?:언제|어디)(?:임|야|예요|에요|여|까지|서|에서|함|해요|하나요)?|얼마(?:임|야|예요|에요|여|나|죠)?)\s*[?？!.~]*$)"
    ), " "),
    (re.compile(r"(?<![가-힣])(?:(?:머|모|뭐)(?:에요|예요|에여|예여)|(?:머|뭐)임)(?![가-힣])"), "뭐예요"),  # not 모임, 모여
    (re.compile(r"(?<![가-힣])얼마(?:인교|임|에요|여|노)(?![가-힣])"), "얼마예요"),
    (re.compile(r"(?<![가-힣])(언제|어디)(?:임|에요|여|고)(?![가-힣])"), r"\1예요"),
    (re.compile(r"(?<![가-힣])(?:어케|어캐|어떡케|어떻케)(?![가-힣])"), "어떻게"),
    (re.compile(r"(?<![가-힣])(?:어케|어캐|어떡케|어떻케)함(?![가-힣])"), "어떻게 해요"),
    (re.compile(r"(?<![가-힣])예싼"), "예산"),
    # Gyeongsang speech and slips heard in the user tests: "머꼬", "뭐하는 긴교", "몃개", "어데서".
    (re.compile(r"(?<![가-힣])(?:머|뭐)꼬(?![가-힣])"), "뭐예요"),
    (re.compile(r"(?<=[가-힣] )긴교(?![가-힣])"), "거예요"),
    (re.compile(r"(?<![가-힣])몃(?=\s*(?:개|번|명|곳|시|일|회|군데))"), "몇"),
    (re.compile(r"(?<![가-힣])어데(?=서|에|\s|$)"), "어디"),
    (re.compile(r"(어디서|언제)\s*함(?![가-힣])"), r"\1 해요"),
    # KICEF as it is said aloud.
    (re.compile(r"케이세프|키세프"), "KICEF"),
)
_PROGRAMS = SearchFilter(kind="program")
# Decides whether the best sentences state a fact that answers the question; fitted by
# scripts/train_answer_model.py on the dev question sets only.
DEFAULT_ANSWERABILITY_MODEL = Path(__file__).with_name("answerability.json")


@dataclass(frozen=True)
class AnswerContext:
    """What the last answer was about, for follow-ups such as "그건 언제까지 해요?"."""

    previous_question: str | None = None
    previous_doc_ids: tuple[str, ...] = ()
    # The previous text is another clause of the same message ("일정표는 아직이라던데"): it lends
    # its topic, never all of it, since the message asks something else.
    same_message: bool = False


@dataclass(frozen=True)
class Answer:
    kind: AnswerKind
    text: str  # ready to send: 해요체 framing, verbatim quotes, source lines
    sentences: tuple[str, ...] = ()  # verbatim from chunks (table rows rendered "항목: 값")
    sentence_doc_ids: tuple[str, ...] = ()  # the document each sentence is quoted from
    sources: tuple[SourceRef, ...] = ()
    doc_ids: tuple[str, ...] = ()
    confidence: float = 0.0
    query: str = ""  # what was searched, after follow-up rewriting
    reason: str = ""  # why declined: empty_question, low_confidence, no_supporting_sentence
    unpublished_aside: bool = False  # a fact, then another part of the question is unpublished

    @property
    def mentions_unpublished(self) -> bool:
        """Some of what was asked is not published: a consultant may know more."""
        return self.kind == "not_published" or self.unpublished_aside


@dataclass(frozen=True)
class NamedProgram:
    title: str  # of the program's main document
    doc_id: str  # of the program's main document; its other documents' ids start with it
    mention: str  # the name the question used, typo mended ("실증산단", "캬라반" → "카라반")

    def owns(self, doc_id: str) -> bool:
        return _same_program(doc_id, self.doc_id)


@dataclass(frozen=True)
class Grounding:
    """The retrieved passages behind an answer, for a generative answerer to rewrite from."""

    answer: Answer
    hits: tuple[Hit, ...] = ()


# --- splitting chunks into quotable units ---------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One quotable piece of a chunk: a sentence, a list item or a table row."""

    text: str  # verbatim; a table row rendered as "항목: 값"
    lead: str = ""  # the sentence introducing a list or table ("다음 내용은 … 공개되지 않았습니다.")
    context: str = ""  # nearby heading and table header: evidence, never quoted
    key: str = ""  # a table row's first cell ("기간", "대상")
    position: int = 0
    # The questions this unit answers, in a Q&A section: its heading when that is a question,
    # and the "비슷한 질문:" line's phrasings. Evidence, never quoted.
    asked: tuple[str, ...] = ()
    # The answer's first sentence, which states what is asked; the rest of the answer follows it.
    opens_answer: bool = False


_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_BULLET = re.compile(r"^(?:[-*•·]\s+|\d{1,2}[.)]\s+|•$)")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?。？！])\s+")
# A PDF flattens a list into one line: "…않았습니다. • 참가비 • 연락처".
_INLINE_BULLET = re.compile(r"(?:^|\s+)•(?:\s+|$)")
_ENDS_LIKE_TEXT = re.compile(r"[.!?。？！:：)\]」”\"']$")
_LIST_INTRO = re.compile(r"다음|아래|:$")
# A Q&A section lists other ways of asking its question: "비슷한 질문: 카라반이 뭐예요? / …".
_ALSO_ASKED = re.compile(r"^비슷한\s*질문\s*[:：]\s*")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*")
_NOT_PUBLISHED = re.compile(
    r"(공개|발표|확정|결정|공지)되지\s*않|(나와|적혀)\s*있지\s*않|나오지\s*않|정해지지\s*않|알려지지\s*않|밝혀지지\s*않|다루지\s*않"
)


def split_units(text: str, section: str = "") -> list[Unit]:
    """Sentences, list items and table rows in order, each with the sentence that introduced it
    and, in a Q&A section (its heading `section` is a question), the questions it answers."""
    units: list[Unit] = []
    lines = [line.strip() for line in text.splitlines()]
    state = _SplitState(asked=_question_heading(section))
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        for piece in _line_units(line, following, state):
            opens = bool(state.asked) and not any(unit.asked == state.asked for unit in units)
            units.append(Unit(piece.text, piece.lead, piece.context, piece.key, len(units), state.asked, opens))
    return units


@dataclass
class _SplitState:
    heading: str = ""
    lead: str = ""
    header: tuple[str, ...] = ()
    bullet_pending: bool = False  # a PDF line holding only "•": the next line is the item
    asked: tuple[str, ...] = ()


def _line_units(line: str, following: str, state: _SplitState) -> list[Unit]:
    if not line or _TABLE_SEPARATOR.match(line):
        return []
    also_asked = _ALSO_ASKED.match(line)
    if also_asked:
        # " / " separates them ("SW/HW" stays whole); a stray "/" at either end is no phrasing.
        phrasings = (phrasing.strip(" /") for phrasing in line[also_asked.end():].split(" / "))
        state.asked += tuple(phrasing for phrasing in phrasings if phrasing)
        return []
    if line.startswith("|"):
        return _table_row(line, following, state)
    state.header = ()
    bullet = _BULLET.match(line)
    if bullet or state.bullet_pending:
        item = line[bullet.end():] if bullet else line
        state.bullet_pending = not item
        return [Unit(_plain(item), state.lead, state.heading)] if item else []
    if _MARKDOWN_HEADING.match(line) or _looks_like_heading(line):
        state.heading, state.lead = _MARKDOWN_HEADING.sub("", line), ""
        state.asked = _question_heading(state.heading)
        return []
    return _sentences(line, state)


def _table_row(line: str, following: str, state: _SplitState) -> list[Unit]:
    cells = tuple(_plain(cell.strip()) for cell in line.strip("|").split("|"))
    if _TABLE_SEPARATOR.match(following):
        state.header = cells
        return []
    filled = [cell for cell in cells if cell]
    if len(filled) < 2:
        return [Unit(filled[0], state.lead, state.heading)] if filled else []
    context = " ".join((state.heading, *state.header))
    return [Unit(f"{filled[0]}: {', '.join(filled[1:])}", state.lead, context, filled[0])]


def _sentences(line: str, state: _SplitState) -> list[Unit]:
    units = []
    for sentence in _SENTENCE_END.split(line):
        first, *items = _INLINE_BULLET.split(sentence)
        if first:
            units.append(Unit(_plain(first), "", state.heading))
            state.lead = first if _LIST_INTRO.search(first) else ""
        units.extend(Unit(_plain(item), state.lead, state.heading) for item in items if item.strip())
    return [unit for unit in units if unit.text]


def _looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation is a heading in documents without '#' (HWPX)."""
    return len(line) <= 40 and not _ENDS_LIKE_TEXT.search(line)


def _question_heading(heading: str) -> tuple[str, ...]:
    heading = heading.strip()
    return (heading,) if heading.endswith(("?", "？")) else ()


def _plain(text: str) -> str:
    return _EMPHASIS.sub(r"\1", text).strip()


def is_not_published(unit: Unit) -> bool:
    return bool(_NOT_PUBLISHED.search(unit.text) or (unit.lead and _NOT_PUBLISHED.search(unit.lead)))


# --- the question ---------------------------------------------------------------------------

# "그건 언제까지 해요?", "거기는 비용 들어요?", "그 사업 신청은요?": the topic is in the last turn.
_ANAPHORA = re.compile(
    r"그거|그건|그게|그걸|그것|거기|그곳|그쪽|이거|이건|이게|이것|저거|"
    r"그\s*(?:사업|행사|프로그램|박람회|지원|곳|거|건)|해당\s*(?:사업|행사|프로그램)|^\s*(?:그럼|그러면|그렇다면)"
)
# What a question asks for, and what a sentence that says it looks like. Some sentence patterns
# name this knowledge base's own organisations and places; new kinds of documents may need more.
_ANSWER_TYPES = {
    "when": (r"언제|며칠|몇\s*(?:월|일)|날짜|일정|기간|마감|까지|시작", r"\d+\s*월|\d+\s*일|\d{4}\s*년|하반기|상반기|내년"),
    "amount": (r"얼마|예산|금액|규모|투자|국비|재원", r"\d[\d,]*\s*(?:억|만|천)?\s*원|억\s*원"),
    "count": (r"몇|개수|갯수|수는|수가", r"\d[\d,]*\s*(?:여\s*)?(?:개|곳|명|회|번|가지)|\d+\s*여\s*년"),
    "where": (r"어디|장소|위치|지역", r"킨텍스|지역본부|에서\s"),
    "who": (r"누가|누구|주관|주최|담당|기관|부처|이사장|실장", r"산업통상자원부|한국산업단지공단|산업부|산단공|이사장|실장"),
    "meaning": (r"약자|뜻|의미|무슨\s*말|란\s*게|이란", r"뜻합니다|뜻해|의미합니다|말합니다"),
    "why": (r"왜|이유|취지|목적|배경", r"위해|위한|목적|취지|의지|배경|계기"),
    "apply": (r"신청|접수|등록|참여하려|참가하려|받으려|받고\s*싶", r"신청|참여\s*방법|참가\s*방법"),
    "cost": (r"비용|돈\s*(?:들|내|드)|무료|유료|공짜|참가비|참가료|입장료|관람료|내야", r"비용|무료|참가비|부담"),
    "contact": (r"연락처|전화|번호|담당자|문의처|이메일|메일", r"연락처|전화|문의"),
    "list": (r"명단|목록|리스트|어디\s*어디|어느\s*곳", r"명단|목록"),
    "announced": (r"나왔|나왔나|발표(?:됐|되었|났)|정해졌|확정(?:됐|되었)|공개(?:됐|되었)", _NOT_PUBLISHED.pattern),
    "source": (r"재원|출처|어디서\s*(?:확보|나오|나와|마련|충당)", r"재원|추가경정|추경|예산으로"),
}
# A Q&A answer that says yes or no answers the question however closely it restates it.
_CONFIRMS = re.compile(r"^(?:네|예|아니요|아니오|아뇨)\s*[,.]")
# A sentence that only makes sense after the one before it.
_REFERS_BACK = re.compile(r"^(?:이|그)\s|^(?:이렇게|이와|이를|이에|이런|이러한|이처럼|그러나|다만|아울러|또한)\s")
# Types whose answer can be "that is not published" (the others ask for a value).
_TOPIC_TYPES = frozenset({"apply", "cost", "contact", "list", "announced"})
# Where a question in parts divides: after a sentence, or after a clause that sets the scene
# ("…안 나왔다던데", "…가는데"), which is never itself the question.
_SCENE_ENDINGS = ("던데", "는데", "지만", "몰라도")
# A question joined to the next by "고" ("대상 기업 몇 개고 신청은 어떻게 해요?") is a question of its own.
_ASKING_AND = ("언제고", "어디고", "얼마고", "누구고", "뭐고", "몇개고", " 개고", " 곳이고", " 명이고")
_CLAUSE_BREAK = re.compile("|".join([
    r"(?<=[?？!.])\s+", *(rf"(?<={ending})\s+" for ending in (*_SCENE_ENDINGS, *_ASKING_AND)),
]))
MAX_CLAUSES = 4
# What follows a name to make it a program's ("달빛 코팅 지원", "뿌리기업 지원사업").
_PROGRAM_NOUN = r"(?:지원|사업|프로그램|행사|바우처|공모|챌린지|박람회)"
# Sentences that are never an answer: a document's preamble, a line naming who said the sentence
# before it, and invitations to ask a consultant.
_BOILERPLATE = re.compile(r"밝힌 내용이에요\.?$|범위에서\s*안내해\s*드립니다|^이 문서는|^참고로|상담원\s*연결을\s*요청|관계가\s*없|관련이\s*없|기준일:|(문의|예약|요청)(해|하시거나|하시)?\s*(주시기\s*바랍니다|주세요)|주시기 바랍니다\.$")
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")
# Everyday nouns people add to any question: never its point, so they weigh little.
_FILLER_NOUNS = frozenset(
    "사장 사장님 대표 대표님 직원 팀장 부장 과장 대리 실무 회사 우리회사 업체 공장 "
    "질문 답변 설명 내용 정보 관련 경우 부분 사람 이번 요즘 혹시 가능 여부 정확 자세 특정 "
    "확인 부탁 감사 얘기 이야기 소리 뉴스 기사 뭐 머 거 것 아무나 누구 어디 얼마 몇 "
    "군데 군대 곳 개 번 회 앞 뒤 다음 나중 머시기 무엇 하나 데 정확히".split()
)
# Nouns that say what is asked ("부처", "개수", "취지"): never a topic to be supported, and they
# weigh little in sentence scores; a table row they name ("대상: …", "기간: …") gets `key_bonus`.
_QUESTION_NOUNS = frozenset(
    "부처 기관 개수 갯수 숫자 약자 뜻 의미 목적 이유 취지 차이 방법 장소 위치 날짜 일정 기간 "
    "금액 규모 대상 주최 주관 영문 영어 이름 명칭 종류 정식 요약 절차 특징 올해 담당자 결과".split()
)
# Nouns that say two things are being compared ("차이", "비교"), not what about them.
_COMPARING_NOUNS = frozenset("차이 차이점 비교 점 대비 구분 vs 다른점 공통점".split())
# Everyday words and the documents' words for the same thing.
_SYNONYMS = {
    "견학": ("투어",),
    "연결": ("매칭",),
    "돈": ("비용",),
    "공짜": ("무료",),
    "유료": ("비용", "무료"),
    "마감": ("기간",),
    "마감일": ("기간",),
    "입장료": ("비용", "관람"),
    "관람료": ("비용", "관람"),
    "참가비": ("비용",),
    "전화": ("연락처",),
    "전화번호": ("연락처",),
    "연락처": ("전화번호",),
}
_GENERIC_TITLE_TERMS = frozenset("사업 행사 안내 구축 방향 정책 이용 제 회 날 산업단지 ax".split())
# Title words a question uses without meaning that program ("지원 차이", "우리 산업 분야").
_EVERYDAY_TITLE_WORDS = frozenset("산업 단지 지원 대한민국 자주 묻다 질문 표준 모델 산업부 상담 봇 이용 디지털 전환 광역 수출".split())


@dataclass(frozen=True)
class _Term:
    """A content morpheme of the question and the known forms that stand for it in the documents."""

    form: str
    tag: str
    known: tuple[str, ...]  # itself if known, else its typo fix or compound parts; plus synonyms
    focus: bool = False  # what the question asks about ("무슨 영화", "강사가 누구", a clause's last noun)


@dataclass(frozen=True)
class _Question:
    text: str  # the question as asked (normalised)
    query: str  # what is searched
    weights: dict[str, float]  # known form -> weight for sentence coverage
    terms: frozenset[str]  # every known form the question used, fillers included (for table keys)
    salient: tuple[_Term, ...]  # terms the quoted chunks must contain
    background: tuple[_Term, ...]  # unknown words beside the point ("원청에서 자꾸 … 해서요")
    topical: tuple[_Term, ...]  # content terms an answer sentence should mention
    types: tuple[str, ...]  # answer types asked for
    programs: frozenset[str] = frozenset()  # program-name words the question uses
    previous_docs: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _CorpusStats:
    """Per loaded index: how rare each term is, and the programs' own names."""

    idf: dict[str, float]
    topic_terms: frozenset[str]
    by_jamo_length: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # A word that names one program and no other ("카라반", "kicef") -> that program's title;
    # the same for the other names documents declare ("aliases": "실증단지"), spaces removed.
    program_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (title, main doc id)
    program_aliases: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass
class _BuildCaches:
    """What the answerer derives from one index build. Split chunks and token sets are keyed by
    content, so a build starts with empty ones rather than sharing: memory stays bounded to the
    builds in use."""

    loaded: LoadedIndex
    stats: _CorpusStats
    units: dict[str, tuple[Unit, ...]] = field(default_factory=dict)
    tokens: dict[str, frozenset[str]] = field(default_factory=dict)
    groundings: "OrderedDict[tuple[str, AnswerContext], Grounding]" = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def grounding(self, key: tuple[str, "AnswerContext"]) -> "Grounding | None":
        with self.lock:
            found = self.groundings.get(key)
            if found is not None:
                self.groundings.move_to_end(key)
            return found

    def remember(self, key: tuple[str, "AnswerContext"], grounding: "Grounding") -> None:
        with self.lock:
            self.groundings[key] = grounding
            if len(self.groundings) > MAX_REMEMBERED_GROUNDINGS:
                self.groundings.popitem(last=False)

    def forget_groundings(self) -> None:
        with self.lock:
            self.groundings.clear()


@dataclass(frozen=True)
class _Candidate:
    unit: Unit
    hit: Hit
    coverage: float
    score: float
    not_published: bool
    question_match: float = 0.0  # in a Q&A section: how close its questions are to the one asked


class ExtractiveAnswerer:
    """Quotes the sentences that answer a question, or says honestly that it cannot.

    Its caches (per-index term statistics, split chunks, token sets) are filled on first use or
    by `warm_up()`; concurrent turns may at worst compute an entry twice.
    """

    def __init__(
        self,
        retriever: HybridRetriever,
        tokenizer: KoreanTokenizer,
        settings: AnswerSettings,
        min_confidence: float,
        index: Callable[[], LoadedIndex] | None = None,
        answerability: LinearModel | None = None,
        embedder: Embedder | None = None,
    ):
        self._current: _BuildCaches | None = None  # for the build turns are served from
        self._readied: _BuildCaches | None = None  # for a build readied before it is served
        self._retriever = retriever
        self._tokenizer = tokenizer
        self.settings = settings
        self.min_confidence = min_confidence
        # HybridRetriever has no public accessor for its index yet; services may pass it.
        self._index = index or retriever._index
        self._answerability = answerability or load_answerability_model()
        # Compares questions with the ones a Q&A section answers; without it only words do.
        self._embedder = embedder
        self._asked_vectors: dict[tuple[str, ...], np.ndarray] = {}

    # Answers remembered for repeated questions depend on these two, so changing either (a
    # threshold sweep does) forgets them.
    @property
    def settings(self) -> AnswerSettings:
        return self._settings

    @settings.setter
    def settings(self, settings: AnswerSettings) -> None:
        self._settings = settings
        self._forget_groundings()

    @property
    def min_confidence(self) -> float:
        return self._min_confidence

    @min_confidence.setter
    def min_confidence(self, min_confidence: float) -> None:
        self._min_confidence = min_confidence
        self._forget_groundings()

    def _forget_groundings(self) -> None:
        for caches in (self._current, self._readied):
            if caches is not None:
                caches.forget_groundings()

    def answer(self, question: str, context: AnswerContext | None = None) -> Answer:
        return self.ground(question, context).answer

    def warm_up(self) -> None:
        """Load the index and Kiwi and split every program chunk now, not while a user waits."""
        self.ready(self._index())

    def ready(self, loaded: LoadedIndex) -> None:
        """Derive what turns need from a build (term statistics, split chunks, token sets, Q&A
        question vectors), into caches of its own: the build may not be served yet, and turns
        still on the previous build keep theirs. The first turn on the build takes them over."""
        caches = _BuildCaches(loaded, self._compute_stats(loaded))
        for chunk in loaded.chunks:
            if chunk.kind == "program":
                self._chunk_tokens(chunk, caches)
                for unit in self._chunk_units(chunk, caches):
                    self._unit_tokens(chunk, unit, caches)
                    self._asked_matrix(unit.asked)
        if self._current is None or self._current.loaded is loaded:
            self._current = caches
        else:
            self._readied = caches

    def asked_texts(self, loaded: LoadedIndex | None = None) -> list[str]:
        """Every question the program documents' Q&A sections answer (of the served build, or of
        `loaded`): fixed texts whose vectors may be kept between runs (embeddings.saved_vectors);
        none when no embedder matches them."""
        if self._embedder is None:
            return []
        loaded = loaded or self._index()
        caches = next((c for c in (self._current, self._readied) if c is not None and c.loaded is loaded), None)
        program_chunks = [chunk for chunk in loaded.chunks if chunk.kind == "program"]
        # A build with no caches of its own is split on the spot: filling the served build's
        # caches with another build's chunks would keep them alive after that build is gone.
        units = (self._chunk_units(chunk, caches) if caches else split_units(chunk.text, chunk.section) for chunk in program_chunks)
        return list(dict.fromkeys(text for chunk_units in units for unit in chunk_units for text in unit.asked))

    def programs_named(self, question: str) -> list[NamedProgram]:
        """The programs a question names, in the order it names them ("실증산단이랑 카라반" →
        AX 실증산단 구축사업, 산업단지 AX 카라반), by a title word (typos read as in answers:
        "캬라반") or by a name its documents declare ("실증단지")."""
        stats, text = self._stats(), _normalise(question)
        squashed = _squashed(text)
        found: list[tuple[int, NamedProgram]] = []
        for term in self._terms(text, stats):
            for form in (term.form, *term.known):
                if form in stats.program_names:
                    where = squashed.find(_squashed(term.form))
                    found.append((where if where >= 0 else len(squashed), NamedProgram(*stats.program_names[form], form)))
        found += [(squashed.find(alias), NamedProgram(*program, alias)) for alias, program in stats.program_aliases.items() if alias in squashed]
        named: dict[str, NamedProgram] = {}
        for _, program in sorted(found, key=lambda pair: pair[0]):
            named.setdefault(program.title, program)
        return list(named.values())

    def aspects(self, question: str, verbal: bool = False) -> list[str]:
        """What a question asks about besides the programs it names ("실증산단이랑 카라반 예산
        차이" → 예산): its nouns, without fillers, program names or words of comparing; with
        `verbal`, also nouns Kiwi read as a verb's stem ("대상하고" → 대상)."""
        stats, text = self._stats(), _normalise(question)
        aliases = tuple(stats.program_aliases)
        tags = (*_NOUN_TAGS, "VN") if verbal else _NOUN_TAGS
        kept = []
        for term in self._terms(text, stats):
            forms = (term.form, *term.known)
            if not term.tag.startswith(tags) or term.form in _FILLER_NOUNS or term.form in _COMPARING_NOUNS:
                continue
            if any(form in stats.program_names or form in stats.topic_terms for form in forms):
                continue
            if not any(_squashed(term.form) in alias for alias in aliases):
                kept.append(term.form)
        return kept

    def coordinated(self, question: str) -> list[CoordinatedPart]:
        """The question for each thing it joins ("기간이랑 참가비"), or [] (bot/coordination.py)."""
        text = question.strip()[:MAX_QUESTION_CHARS]
        return coordinated_parts(text, self._tokenizer.analyse(text), frozenset(self.aspects(text, verbal=True)))

    def ground(self, question: str, context: AnswerContext | None = None) -> Grounding:
        """The extractive answer together with the passages it was chosen from. Given the build,
        it depends on the question and the context only, so a popular question asked again (by
        anyone) is answered from memory until the knowledge base changes."""
        caches, context = self._caches(), context or AnswerContext()
        key = (question, context if self._follows_up(question, context, caches.stats) else AnswerContext())
        if (remembered := caches.grounding(key)) is not None:
            return remembered
        grounding = self._grounded(question, key[1])
        caches.remember(key, grounding)
        return grounding

    def _follows_up(self, question: str, context: AnswerContext, stats: _CorpusStats) -> bool:
        """Whether the context plays any part: only a follow-up reads the previous question."""
        if not context.previous_question:
            return False
        text = _normalise(question)
        return _is_follow_up(text, self._terms(text, stats), stats)

    def _grounded(self, question: str, context: AnswerContext) -> Grounding:
        text = _normalise(question)
        if not _has_words(text):
            return Grounding(_declined(text, "empty_question", 0.0))
        whole = self._ground_text(text, context)
        if whole.answer.kind == "answer":
            return whole
        return self._ground_clause(text) or whole

    def _ground_text(self, text: str, context: AnswerContext) -> Grounding:
        parsed, hits, confidence = self._retrieve(text, context)
        if confidence < self.min_confidence:
            return Grounding(_declined(parsed.query, "low_confidence", confidence), tuple(hits))
        return Grounding(self._extract(parsed, hits, confidence), tuple(hits))

    def _ground_clause(self, text: str) -> Grounding | None:
        """A question in parts ("장소는 안 나왔다던데 날짜는 언제였어요", "기간이 언제예요? 지역 일정표는
        따로 있나"): the whole may find no fact because one part asks what is unpublished. Then
        the first clause that a fact answers is answered, the other clauses lending it their topic
        as a previous question would, and a clause the documents call unpublished is said to be so
        after it. A clause with a scene-setting ending ("던데", "는데", "지만", "몰라도") is never a question."""
        clauses = [clause for clause in _CLAUSE_BREAK.split(text) if _has_words(clause)][:MAX_CLAUSES]
        if len(clauses) < 2:
            return None
        answered, unpublished = None, []
        for number, clause in enumerate(clauses):
            if clause.endswith(_SCENE_ENDINGS):
                continue
            rest = " ".join(other for position, other in enumerate(clauses) if position != number)
            parsed, hits, confidence = self._retrieve(clause, AnswerContext(previous_question=rest, same_message=True))
            chosen = self._chosen(parsed, hits, confidence, clause=True) if confidence >= self.min_confidence else None
            if chosen and chosen[0] == "answer" and answered is None:
                answered = (parsed, hits, confidence, chosen[1])
            elif chosen and chosen[0] == "not_published":
                unpublished += chosen[1]
        if answered is None:
            return None
        parsed, hits, confidence, quoted = answered
        aside = _unpublished_aside(quoted, unpublished, hits)
        return Grounding(_compose("answer", parsed.query, quoted, confidence, aside), tuple(hits))

    def _retrieve(self, text: str, context: AnswerContext | None) -> tuple["_Question", list[Hit], float]:
        parsed = self._parse(text, context or AnswerContext(), self._stats())
        hits = self._retriever.search(parsed.query, k=self.settings.candidate_chunks, filters=_PROGRAMS)
        return parsed, hits, self._retriever.confidence(hits)

    # --- question analysis --------------------------------------------------------------------

    def _parse(self, text: str, context: AnswerContext, stats: _CorpusStats) -> _Question:
        terms = self._terms(text, stats)
        follow_up = bool(context.previous_question) and _is_follow_up(text, terms, stats)
        weights = _weights(terms, stats, scale=1.0)
        added = [form for term in terms if term.form not in stats.idf for form in term.known]
        query, types = " ".join([text, *added]), _answer_types(text)
        previous_terms: list[_Term] = []
        if follow_up:
            previous = _normalise(context.previous_question or "")
            previous_terms = self._terms(previous, stats)
            # The previous topic weighs half beside words of the follow-up's own ("그럼 장소는
            # 어디예요?"), and fully when it has none ("언제까지" after "카라반 신청").
            own_topic = context.same_message or any(_is_topical(term) for term in terms)
            for form, weight in _weights(previous_terms, stats, scale=0.5 if own_topic else 1.0).items():
                weights.setdefault(form, weight)
            # Applying is still what "언제까지", "어디서", "어떻게" ask about after "카라반 신청" (its
            # deadline, its place); after "실증산단 비용", "언제까지" asks about the program, not its cost.
            previous_types = _answer_types(previous)
            types = (*types, "apply") if types and not own_topic and "apply" in previous_types else types or previous_types
            query = f"{previous} {query}"[-MAX_QUESTION_CHARS:]
        return _Question(
            text=text,
            query=query,
            weights=weights,
            terms=frozenset(form for term in [*terms, *previous_terms] for form in (term.form, *term.known)),
            salient=tuple(term for term in terms if _is_salient(term, stats, self.settings)),
            background=tuple(t for t in terms if _is_topical(t) and not t.focus and t.form not in stats.idf and _is_unknown_word(t)),
            topical=tuple(term for term in terms if _is_topical(term)),
            types=types,
            programs=frozenset(form for term in terms for form in (term.form, *term.known) if form in stats.topic_terms),
            previous_docs=frozenset(context.previous_doc_ids) if follow_up else frozenset(),
        )

    def _terms(self, text: str, stats: _CorpusStats) -> list[_Term]:
        terms = []
        tagged, focus = self._tagged(text)
        for form, tag in tagged:
            known = (form,) if form in stats.idf else _repairs(form, tag, stats)
            synonyms = tuple(s for s in _SYNONYMS.get(form, ()) if s in stats.idf)
            terms.append(_Term(form, tag, known + synonyms, form in focus))
        return terms

    def _tagged(self, text: str) -> tuple[list[tuple[str, str]], frozenset[str]]:
        """Content morphemes with their Kiwi tags (the same forms the index holds), and the forms
        the question is focused on.

        A noun used as a verb ("발언한", "신청함") is tagged "VN": it weighs as a noun but, like a
        verb, it is what the question does rather than what it is about.
        """
        forms = self._tokenizer.tokens(text)
        tokens = self._tokenizer.analyse(text)  # the same cached analysis `tokens` was made from
        tags: dict[str, str] = {}
        for token, following in zip(tokens, [*tokens[1:], None]):
            verbal = following is not None and following.tag.startswith(("XSV", "XSA"))
            tags[_index_form(token.form, token.tag)] = "VN" if verbal and token.tag.startswith("NN") else token.tag
        return [(form, tags.get(form, "NNG")) for form in dict.fromkeys(forms)], _focus(tokens)

    # --- choosing sentences -------------------------------------------------------------------

    def _extract(self, question: _Question, hits: list[Hit], confidence: float) -> Answer:
        chosen = self._chosen(question, hits, confidence)
        if chosen is None:
            return _declined(question.query, "no_supporting_sentence", confidence)
        return _compose(chosen[0], question.query, chosen[1], confidence)

    def _chosen(
        self, question: _Question, hits: list[Hit], confidence: float, clause: bool = False
    ) -> tuple[AnswerKind, list[_Candidate]] | None:
        """The sentences to quote, in reading order, and whether they state a fact or that the
        detail is unpublished; None when nothing may be quoted."""
        facts, unpublished = self._facts_and_unpublished(question, hits)
        if facts and self._accepts(self._signals(question, hits, confidence, facts, unpublished), clause):
            chosen, kind = self._with_informative(question, facts, self._choose(question, facts)), "answer"
        elif (about := self._unpublished_about(question, unpublished)) and self._unpublished_answers(question, about[0], facts):
            chosen, kind = self._choose(question, about), "not_published"
        else:
            return None
        about = question.programs if kind == "not_published" else None
        # Reading order within a passage, the best sentence's passage first: the answer leads.
        first = chosen[0].hit.chunk.chunk_id
        return kind, sorted(self._with_antecedents(chosen, about), key=lambda c: (c.hit.chunk.chunk_id != first, c.hit.rank, c.unit.position))

    def signals(self, question: str, context: AnswerContext | None = None) -> dict[str, float] | None:
        """What the answerability model sees for a question, or None when it is declined before
        (empty, or retrieval too unsure): the training script and the answerer share this."""
        text = _normalise(question)
        if not _has_words(text):
            return None
        parsed, hits, confidence = self._retrieve(text, context)
        if confidence < self.min_confidence:
            return None
        facts, unpublished = self._facts_and_unpublished(parsed, hits)
        return self._signals(parsed, hits, confidence, facts, unpublished) if facts else None

    def _signals(
        self, question: _Question, hits: list[Hit], confidence: float, facts: list[_Candidate], unpublished: list[_Candidate]
    ) -> dict[str, float]:
        """Evidence for and against the best fact answering the question, each a number.

        Retrieval (confidence, the top chunk's dense similarity, the best lexical coverage); the
        best fact and the best "not published" statement (score, coverage, whether each is the kind
        of thing asked for); and the question's own words that no document uses."""
        best, rival = facts[0], (unpublished[0] if unpublished else None)
        closest = max((c for c in facts + unpublished if c.unit.opens_answer), key=lambda c: c.question_match, default=None)
        stats = self._stats()
        unknown = [t for t in question.topical if t.form not in stats.idf and _is_unknown_word(t)]
        asked = [name for name in question.types if name in _TOPIC_TYPES]
        return {
            "confidence": confidence,
            "dense_similarity": hits[0].dense_similarity,
            "lexical_coverage": max(hit.lexical_coverage for hit in hits),
            "fact_score": best.score,
            "fact_coverage": best.coverage,
            "fact_of_asked_type": float(_matches_type(best.unit.text, question.types)),
            "asks_a_type": float(bool(question.types)),
            "asks_cost_apply_contact_list": float(bool(asked)),
            "unpublished_score": rival.score if rival else 0.0,
            "unpublished_coverage": rival.coverage if rival else 0.0,
            "unpublished_of_asked_type": float(bool(rival and _matches_type(_with_lead(rival.unit), asked))),
            # How far the best fact leads the best "not published" statement (a tie: the documents
            # may well be saying the asked detail is left out; none at all counts as a clear lead).
            "fact_lead": best.score - rival.score if rival else 1.0,
            "unknown_words": float(len(unknown)),
            "unknown_words_in_focus": float(sum(term.focus for term in unknown)),
            "background_words": float(len(question.background)),
            "salient_words_supported": float(self._supported(question, [best])),
            "topical_words": float(len(question.topical)),
            "fact_question_match": best.question_match,
            "unpublished_question_match": rival.question_match if rival else 0.0,
            # The Q&A entry whose questions fit best, whether or not it scored best: does it
            # state a fact or that the detail is unpublished?
            "closest_qa_match": closest.question_match if closest else 0.0,
            "closest_qa_unpublished": float(bool(closest and closest.not_published)),
        }

    def _accepts(self, signals: dict[str, float], clause: bool) -> bool:
        """The model's verdict; a clause of a longer question must also get the kind of thing it
        asks for ("어디서 했어요?" is not answered with a date)."""
        if clause and signals["asks_a_type"] and not signals["fact_of_asked_type"]:
            return False
        return self._answerability.accepts(signals)

    def _unpublished_about(self, question: _Question, unpublished: list[_Candidate]) -> list[_Candidate]:
        """The "not published" statements that may answer: none when the question names a program
        by a word no document uses ("달빛 코팅 지원 마감"), and only the named programs' own when
        it names some ("실증산단 담당자 전화번호" is not answered by the 산업단지 위크 contact)."""
        stats = self._stats()
        unknown = [term.form for term in question.topical if term.form not in stats.idf and not _names_program(term, stats)]
        if any(re.search(rf"{re.escape(form)}\S*\s*{_PROGRAM_NOUN}", question.text) for form in unknown):
            return []
        named = question.programs - _EVERYDAY_TITLE_WORDS
        if not named:
            return unpublished
        return [candidate for candidate in unpublished if named & self._unit_tokens(candidate.hit.chunk, candidate.unit)[3]]

    def _unpublished_answers(self, question: _Question, best: _Candidate, facts: list[_Candidate]) -> bool:
        """A statement that the detail is unpublished asserts nothing; it still has to be on topic."""
        if best.unit.opens_answer and self._embedder is not None and best.question_match < self.settings.min_unpublished_match:
            return False
        if facts and self._supported(question, [facts[0]]):
            return True  # the facts lost on score or on the kind of thing asked
        return best.coverage >= self.settings.min_unpublished_coverage

    def _facts_and_unpublished(self, question: _Question, hits: list[Hit]) -> tuple[list[_Candidate], list[_Candidate]]:
        candidates = self._candidates(question, hits)
        return [c for c in candidates if not c.not_published], [c for c in candidates if c.not_published]

    def _candidates(self, question: _Question, hits: list[Hit]) -> list[_Candidate]:
        total = sum(question.weights.values())
        if not total:
            return []
        scored = [
            self._score(question, unit, hit, total)
            for hit in hits
            for unit in self._chunk_units(hit.chunk)
            if len(unit.text) <= self.settings.max_unit_chars and not _BOILERPLATE.search(unit.text)
        ]
        # On a tie a fact goes before a "not published" statement.
        floor = self.settings.min_coverage
        return sorted((c for c in scored if c.coverage >= floor), key=lambda c: (-c.score, c.not_published, c.hit.rank, c.unit.position))

    def _score(self, question: _Question, unit: Unit, hit: Hit, total: float) -> _Candidate:
        settings = self.settings
        own, around, asked, titled = self._unit_tokens(hit.chunk, unit)
        matched = sum(w for term, w in question.weights.items() if term in own)
        nearby = sum(w for term, w in question.weights.items() if term not in own and term in around)
        coverage = (matched + settings.heading_weight * nearby) / total
        match = 0.0
        if unit.opens_answer:  # a Q&A answer: the questions it answers count as its own words
            coverage = max(coverage, sum(w for term, w in question.weights.items() if term in asked) / total)
            match = self._question_match(question, unit.asked, hit.dense_similarity)
        score = coverage + settings.rank_weight / hit.rank - settings.length_penalty * len(unit.text) / 100
        score += settings.question_weight * max(0.0, match - settings.question_floor) / (1.0 - settings.question_floor)
        unpublished = is_not_published(unit)
        # "공개되지 않았습니다 (2025년 5월 20일 기준)" carries a date but answers no "언제".
        types = [name for name in question.types if not unpublished or name in _TOPIC_TYPES]
        if _matches_type(unit.text, types):
            score += settings.type_bonus
        if unit.key and self._names_key(question, unit.key):
            score += settings.key_bonus
        if question.programs & titled:
            score += settings.program_bonus
        if hit.chunk.doc_id in question.previous_docs:
            score += settings.previous_doc_bonus
        return _Candidate(unit, hit, coverage, score, unpublished, match)

    def _question_match(self, question: _Question, asked: tuple[str, ...], passage_similarity: float) -> float:
        """How well a Q&A answer fits: the mean of the question's similarity to the whole entry
        (as retrieval sees it) and its best cosine with the entry's own questions (both embedded
        as queries: two questions are compared, not a question and a passage)."""
        if self._embedder is None:
            return 0.0
        closest = float(np.max(self._asked_matrix(asked) @ self._embedder.embed_query(question.query)))
        return (passage_similarity + closest) / 2

    def _asked_matrix(self, asked: tuple[str, ...]) -> np.ndarray | None:
        vectors = self._asked_vectors.get(asked)
        if vectors is None and self._embedder is not None and asked:
            vectors = self._asked_vectors[asked] = self._embedder.embed_queries(asked)
        return vectors

    def _choose(self, question: _Question, candidates: list[_Candidate]) -> list[_Candidate]:
        best = candidates[0]
        items = self._items_introduced_by(best, question)
        if items:
            return items
        chosen, length = [best], len(best.unit.text)
        for candidate in candidates[1:]:
            if len(chosen) >= self.settings.max_sentences or candidate.score < self.settings.keep_ratio * best.score:
                break
            if any(self._restates(c.unit.text, candidate.unit.text) for c in chosen):
                continue
            if length + len(candidate.unit.text) <= self.settings.max_chars:
                chosen.append(candidate)
                length += len(candidate.unit.text)
        return chosen  # best first: it decides the kind of answer

    def _with_informative(self, question: _Question, candidates: list[_Candidate], chosen: list[_Candidate]) -> list[_Candidate]:
        """When the best fact only restates the question ("카라반 행사는 전국 산업단지를 순회하며 열려요"
        for "카라반이 산업단지를 순회하며 여는 행사는 어떤 종류예요?"), its score says how closely it
        matches the question, not that it answers it: the fact that adds the most among those scoring
        close to it is quoted too (in place of the weakest further sentence when the answer is full).
        The best fact stays first, so the kind of answer and the gate's evidence are unchanged."""
        settings, best = self.settings, chosen[0]
        if best is not candidates[0] or len(candidates) < 2 or not self._only_restates(question, best):
            return chosen
        floor = settings.echo_keep_ratio * best.score
        pool = [
            c for c in candidates[1:]
            if c.score >= floor and all(c is not q for q in chosen) and not any(self._restates(q.unit.text, c.unit.text) for q in chosen)
        ]
        scored = [(c.score * self._novelty(question, c), c) for c in pool]
        scored = [(value, c) for value, c in scored if value >= settings.echo_max_novelty * c.score]
        if not scored:
            return chosen
        added = max(scored, key=lambda pair: pair[0])[1]
        kept = chosen if len(chosen) < settings.max_sentences else chosen[:-1]
        while len(kept) > 1 and sum(len(c.unit.text) for c in kept) + len(added.unit.text) > settings.max_chars:
            kept = kept[:-1]
        if sum(len(c.unit.text) for c in kept) + len(added.unit.text) > settings.max_chars:
            return chosen
        return [*kept, added]

    def _only_restates(self, question: _Question, candidate: _Candidate) -> bool:
        """Few words new to the question, no new value of the kind asked ("하반기" for "언제부터"),
        and no yes or no ("네, …" confirms what was asked)."""
        text = candidate.unit.text
        if _CONFIRMS.match(text) or self._novelty(question, candidate) >= self.settings.echo_max_novelty:
            return False
        return not any(
            match.group() not in question.text
            for name in question.types
            for match in re.finditer(_ANSWER_TYPES[name][1], text)
        )

    def _novelty(self, question: _Question, candidate: _Candidate) -> float:
        """The share of a sentence's words (IDF-weighted; its document's title and one-syllable
        pieces left out) that the question does not already use: near 0 for a sentence that only
        restates the question."""
        idf = self._stats().idf
        title = self._tokens(candidate.hit.chunk.title)
        words = [word for word in self._tokens(candidate.unit.text) if len(word) > 1 and word not in title]
        total = sum(idf.get(word, 0.0) for word in words)
        new = sum(idf.get(word, 0.0) for word in words if word not in question.terms)
        return new / total if total else 1.0

    def _with_antecedents(self, chosen: list[_Candidate], about: frozenset[str] | None = None) -> list[_Candidate]:
        """A sentence that points back ("이 가운데 국비는 …", "이 두 가지를 통해 …") is quoted with
        what it points to, so the answer reads on its own. Beside a statement that something is
        unpublished, a fact it contrasts with ("상담봇 이용은 무료예요. 다만 카라반 … 비용은 공개되지
        않았어요") is quoted only when it is about the programs asked about (`about`): skimmed, it
        would read as the answer."""
        quoted = list(chosen)
        for candidate in chosen:
            position = candidate.unit.position
            if position == 0 or not _REFERS_BACK.match(candidate.unit.text):
                continue
            units = self._chunk_units(candidate.hit.chunk)
            previous = units[position - 1]
            group = [unit for unit in units if previous.lead and unit.lead == previous.lead] or [previous]
            if about is not None and not any(is_not_published(unit) or about & self._tokens(unit.text) for unit in group):
                continue
            for unit in group:
                if all(c.unit != unit or c.hit.chunk.chunk_id != candidate.hit.chunk.chunk_id for c in quoted):
                    quoted.append(_Candidate(unit, candidate.hit, candidate.coverage, candidate.score, is_not_published(unit)))
        return quoted

    def _restates(self, said: str, sentence: str) -> bool:
        """The same fact in other words (a Q&A answer and the document it summarises): quoting
        both would only repeat it."""
        if said == sentence:
            return True
        a, b = self._tokens(said), self._tokens(sentence)
        return len(a & b) >= self.settings.restate_overlap * min(len(a), len(b))

    def _names_key(self, question: _Question, key: str) -> bool:
        """The question asks for this row: it uses the row's own label ("기간", "대상") or all its words."""
        words = self._tokens(key)
        return bool(words & question.terms & _QUESTION_NOUNS) or bool(words) and words <= question.terms

    def _items_introduced_by(self, best: _Candidate, question: _Question) -> list[_Candidate]:
        """When the best sentence introduces a list ("다음 분야를 지원합니다."), the list is the
        answer, as long as the list itself names something the question is about."""
        hit = best.hit
        items = [unit for unit in self._chunk_units(hit.chunk) if unit.lead == best.unit.text]
        about = {form for term in question.topical for form in (term.form, *term.known)}
        if not any(self._tokens(unit.text) & about for unit in items):
            return []
        chosen, length = [], 0
        for unit in items[: self.settings.max_items]:
            if length + len(unit.text) > self.settings.max_chars:
                break
            # The introducing sentence decides: a list under "공개되지 않았습니다" is all unpublished.
            chosen.append(_Candidate(unit, hit, best.coverage, best.score, best.not_published))
            length += len(unit.text)
        return chosen

    def _supported(self, question: _Question, chosen: list[_Candidate]) -> bool:
        """Every salient term of the question appears in a quoted chunk (title and section included),
        as a morpheme or, for a piece the analyser cut oddly ("산단공" → 산 + 단공), as written."""
        found: set[str] = set()
        written = ""
        for candidate in chosen:
            chunk = candidate.hit.chunk
            found |= self._chunk_tokens(chunk)
            written += f"{chunk.title}\n{chunk.section}\n{chunk.text}\n"
        return all(found & {term.form, *term.known} or term.form in written for term in question.salient)

    # --- caches ---------------------------------------------------------------------------------

    def _stats(self) -> _CorpusStats:
        return self._caches().stats

    def _caches(self) -> "_BuildCaches":
        loaded = self._index()
        current = self._current
        if current is None or current.loaded is not loaded:
            readied = self._readied
            current = readied if readied is not None and readied.loaded is loaded else _BuildCaches(loaded, self._compute_stats(loaded))
            self._current, self._readied = current, None
        return current

    def _compute_stats(self, loaded: LoadedIndex) -> _CorpusStats:
        # Vendor briefs count too: they make everyday words ("공장", "회사") look as common as they are.
        size = len(loaded.chunks)
        frequency = Counter(term for row in range(size) for term in loaded.token_set(row))
        idf = {term: math.log((size + 1) / (count + 0.5)) for term, count in frequency.items()}
        titles = {chunk.title for chunk in loaded.chunks if chunk.kind == "program"}
        topic = {term for title in titles for term in self._tokenizer.tokens(title)} - _GENERIC_TITLE_TERMS
        by_length: dict[int, list[tuple[str, str]]] = {}
        for term in idf:
            if _is_hangul(term) and len(term) >= 3:
                by_length.setdefault(len(_jamo(term)), []).append((term, _jamo(term)))
        by_jamo = {size: tuple(terms) for size, terms in by_length.items()}
        return _CorpusStats(idf, frozenset(topic), by_jamo, *self._program_names(loaded.chunks))

    def _program_names(self, chunks: list[Chunk]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
        """The words of program titles that name one program only, and the programs' declared
        other names. A program's documents share its id as a prefix ("ax-caravan",
        "ax-caravan-faq", "ax-caravan-events"); the one with the shortest id gives the title."""
        programs = [chunk for chunk in chunks if chunk.kind == "program"]
        titles = {chunk.doc_id: chunk.title for chunk in programs}
        roots = sorted(titles, key=len)
        program_of = {doc_id: next(root for root in roots if _same_program(doc_id, root)) for doc_id in titles}
        words: dict[str, set[str]] = {}
        for doc_id, title in titles.items():
            for term in self._tokenizer.tokens(title):
                if term not in _GENERIC_TITLE_TERMS and _is_name_like(term):
                    words.setdefault(term, set()).add(program_of[doc_id])
        aliases = {
            _squashed(alias): (titles[program_of[chunk.doc_id]], program_of[chunk.doc_id])
            for chunk in programs for alias in chunk.attributes.get("aliases", ())
        }
        unique = {term: next(iter(owners)) for term, owners in words.items() if len(owners) == 1}
        return {term: (titles[root], root) for term, root in unique.items()}, aliases

    def _chunk_units(self, chunk: Chunk, caches: "_BuildCaches | None" = None) -> tuple[Unit, ...]:
        split = (caches or self._caches()).units
        units = split.get(chunk.content_hash)
        if units is None:
            units = split[chunk.content_hash] = tuple(split_units(chunk.text, chunk.section))
        return units

    def _chunk_tokens(self, chunk: Chunk, caches: "_BuildCaches | None" = None) -> frozenset[str]:
        return self._tokens(f"{chunk.title}\n{chunk.section}\n{chunk.text}", caches)

    def _unit_tokens(self, chunk: Chunk, unit: Unit, caches: "_BuildCaches | None" = None) -> tuple[frozenset[str], ...]:
        """A unit's own words, its neighbourhood's, its own plus its Q&A questions', and its own
        plus its document title's: what `_score` compares a question with."""
        caches = caches or self._caches()
        own = self._tokens(unit.text, caches)
        asked = own | self._tokens(" ".join(unit.asked), caches) if unit.asked else own
        return own, self._tokens(_around(chunk, unit), caches), asked, self._tokens(f"{chunk.title} {unit.text}", caches)

    def _tokens(self, text: str, caches: "_BuildCaches | None" = None) -> frozenset[str]:
        known = (caches or self._caches()).tokens
        tokens = known.get(text)
        if tokens is None:
            tokens = known[text] = frozenset(self._tokenizer.tokens(text))
        return tokens


# --- helpers --------------------------------------------------------------------------------


def load_answerability_model(embedder: str = "", path: Path | None = None) -> LinearModel:
    return load_model_for(path or DEFAULT_ANSWERABILITY_MODEL, embedder)


def extractive_answerer_for(
    retriever: HybridRetriever,
    tokenizer: KoreanTokenizer,
    settings: AnswerSettings,
    min_confidence: float,
    embedder: Embedder,
    index: Callable[[], LoadedIndex] | None = None,
) -> ExtractiveAnswerer:
    """The answerer as the bot runs it: the answerability model fitted with this embedder, and
    the embedder for Q&A matching only then, since another model's similarities are on another
    scale (any other embedder gets the words-only model)."""
    answerability = load_answerability_model(embedder.name)
    matching = embedder if answerability.embedder == embedder.name else None
    return ExtractiveAnswerer(retriever, tokenizer, settings, min_confidence, index, answerability, matching)


def _with_lead(unit: Unit) -> str:
    return f"{unit.lead} {unit.text}"


def _around(chunk: Chunk, unit: Unit) -> str:
    """What surrounds a unit: evidence that it is on topic, though not part of the quote."""
    return " ".join((chunk.title, chunk.section, unit.context, unit.lead))


# "무슨 영화", "어떤 행사": the noun after is asked for; "강사가 누구", "주차비 얼마": the noun before.
_ASKING_DETERMINERS = frozenset("무슨 어떤 어느 몇".split())
_ASKING_WORDS = frozenset("누구 어디 얼마 언제 뭐 무엇 몇".split())


def _focus(tokens) -> frozenset[str]:
    """Nouns the question asks about: next to a question word, or the last noun of a clause."""
    nouns = [i for i, t in enumerate(tokens) if t.tag.startswith(("NNG", "NNP")) and t.form not in _ASKING_WORDS]
    focus: set[int] = set()
    for i, token in enumerate(tokens):
        if token.form in _ASKING_DETERMINERS:
            focus.update(n for n in nouns if i < n <= i + 2)
        if token.form in _ASKING_WORDS:
            focus.update(n for n in nouns if i - 3 <= n < i)
        if token.tag.startswith(("EF", "SF")) or i == len(tokens) - 1:
            before = [n for n in nouns if n < i]
            if before:
                focus.add(before[-1])
            nouns = [n for n in nouns if n > i]
    return frozenset(_index_form(tokens[i].form, tokens[i].tag) for i in focus)


def _normalise(text: str) -> str:
    # A long message keeps its end: the question usually closes it.
    text = " ".join((text or "").split())[-MAX_QUESTION_CHARS:]
    for spelling, standard in CHAT_SPELLINGS:
        text = spelling.sub(standard, text)
    return text


def _has_words(text: str) -> bool:
    return any(character.isalnum() for character in text)


def _index_form(form: str, tag: str) -> str:
    """The form KoreanTokenizer stores for a morpheme (lower case, numbers without commas)."""
    return form.lower().replace(",", "") if tag.startswith("SN") else form.lower()


def _is_follow_up(text: str, terms: list[_Term], stats: _CorpusStats) -> bool:
    """Anaphora ("그건", "거기") or too few words of its own, and no program named."""
    if any(form in stats.topic_terms for term in terms for form in (term.form, *term.known)):
        return False
    return bool(_ANAPHORA.search(text)) or len(terms) <= 2


def _weights(terms: list[_Term], stats: _CorpusStats, scale: float) -> dict[str, float]:
    """IDF per known form; verbs, adverbs and fillers count less; synonyms a little less."""
    weights: dict[str, float] = {}
    for term in terms:
        for number, form in enumerate(term.known):
            factor = _tag_factor(term) * (1.0 if number == 0 else 0.8)
            weights[form] = max(weights.get(form, 0.0), stats.idf[form] * factor * scale)
    return weights


def _tag_factor(term: _Term) -> float:
    if term.form in _FILLER_NOUNS or term.form in _QUESTION_NOUNS or term.tag.startswith("NNB"):
        return 0.3
    return 1.0 if term.tag.startswith(_NOUN_TAGS + ("SN", "NR", "VN")) else 0.5


def _is_topical(term: _Term) -> bool:
    """A noun naming what the question is about (not a filler, not the kind of thing asked)."""
    return term.tag.startswith(_NOUN_TAGS) and term.form not in _FILLER_NOUNS and term.form not in _QUESTION_NOUNS


def _is_salient(term: _Term, stats: _CorpusStats, settings: AnswerSettings) -> bool:
    """A topical noun the answer must be about: unknown to the documents, or very rare in them."""
    if not _is_topical(term):
        return False
    if term.form not in stats.idf:
        return term.focus and _is_unknown_word(term)
    return stats.idf[term.form] >= settings.salient_min_idf


def _names_program(term: _Term, stats: _CorpusStats) -> bool:
    """A typo or a piece of a program's name ("캬라반" → 카라반)."""
    return any(form in stats.topic_terms or form in stats.program_names for form in term.known)


def _is_unknown_word(term: _Term) -> bool:
    """A Korean word no document uses: not a typo or a compound of known words. English words
    are left out: they may paraphrase Korean ones, which the dense leg of retrieval judges."""
    if term.known and not _SYNONYMS.get(term.form):
        return False
    return _is_hangul(term.form) and len(term.form) >= 2


def _repairs(form: str, tag: str, stats: _CorpusStats) -> tuple[str, ...]:
    """Known forms for an unknown noun: its typo fix ("캬라반" → "카라반") or its parts ("산단위크")."""
    if not tag.startswith(_NOUN_TAGS) or not _is_hangul(form):
        return ()
    fix = _typo_fix(form, stats) or _completion(form, stats)
    return (fix,) if fix else _compound_parts(form, stats)


def _completion(form: str, stats: _CorpusStats, minimum: int = 3) -> str | None:
    """The known word a morpheme analysis cut short: "실증산" (from "실증산단 10군데") → "실증산단"."""
    if len(form) < minimum:
        return None
    longer = [term for term in stats.idf if len(term) == len(form) + 1 and term.startswith(form)]
    return min(longer, key=lambda term: stats.idf[term]) if longer else None


def _compound_parts(form: str, stats: _CorpusStats) -> tuple[str, ...]:
    """Known words of two syllables or more written together ("산단위크" → 산단, 위크), or ()."""
    for cut in range(2, len(form) - 1):
        head, tail = _known_word(form[:cut], stats), form[cut:]
        if not head:
            continue
        rest = (_known_word(tail, stats),) if tail in stats.idf or len(tail) < 4 else _compound_parts(tail, stats)
        if all(rest):
            return (head, *rest)
    return ()


def _known_word(part: str, stats: _CorpusStats) -> str | None:
    """The part itself when known, else the known word it begins ("기념" → "기념식")."""
    if part in stats.idf:
        return part
    return _completion(part, stats, minimum=2)


def _answer_types(text: str) -> tuple[str, ...]:
    return tuple(name for name, (asked, _) in _ANSWER_TYPES.items() if re.search(asked, text))


def _matches_type(sentence: str, types: Iterable[str]) -> bool:
    return any(re.search(_ANSWER_TYPES[name][1], sentence) for name in types)


def _typo_fix(term: str, stats: _CorpusStats) -> str | None:
    """A known term one keystroke (one jamo) away from an unknown one: "캬라반" → "카라반"."""
    if term in stats.idf or len(term) < 3:
        return None
    letters = _jamo(term)
    for size in (len(letters) - 1, len(letters), len(letters) + 1):
        for known, known_letters in stats.by_jamo_length.get(size, ()):
            if len(known) == len(term) and _one_edit_apart(letters, known_letters):
                return known
    return None


def _same_program(doc_id: str, main_id: str) -> bool:
    """`main_id` itself or a companion of it ("ax-caravan-faq"), as `axbot kb` names companions."""
    return doc_id == main_id or doc_id.startswith(main_id + "-")


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _is_name_like(term: str) -> bool:
    """Not a number, a single syllable or an everyday word of titles ("지원", "대한민국")."""
    return len(term) > 1 and not term.isdigit() and term not in _EVERYDAY_TITLE_WORDS


def _is_hangul(term: str) -> bool:
    return all("가" <= character <= "힣" for character in term)


def _jamo(term: str) -> str:
    """Hangul syllables as initial/medial/final letter codes, so a typo is one edit."""
    letters = []
    for character in term:
        code = ord(character) - 0xAC00
        letters += [chr(0x1100 + code // 588), chr(0x1161 + code % 588 // 28)] + ([chr(0x11A7 + code % 28)] if code % 28 else [])
    return "".join(letters)


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def _declined(query: str, reason: str, confidence: float) -> Answer:
    # No question text here: message bodies stay out of INFO logs.
    log.info("answer_declined reason=%s confidence=%.3f", reason, confidence)
    text = texts.ANSWER_EMPTY_QUESTION if reason == "empty_question" else texts.ANSWER_DECLINED
    return Answer("declined", text, confidence=confidence, query=query, reason=reason)


def _compose(
    kind: AnswerKind, query: str, chosen: list[_Candidate], confidence: float, unpublished_aside: Sequence[_Candidate] = ()
) -> Answer:
    """The answer's text; `unpublished_aside` quotes what another part of the question asked and
    the documents call unpublished."""
    quoted = [*chosen, *unpublished_aside]
    sources = _sources(quoted)
    intro = texts.ANSWER_NOT_PUBLISHED_INTRO if kind == "not_published" else texts.ANSWER_INTRO
    lines = [intro, "", *_quote_lines(chosen)]
    if unpublished_aside:
        lines += ["", texts.ANSWER_ASIDE_NOT_PUBLISHED, *_quote_lines(list(unpublished_aside))]
    lines += ["", *(source_line(source) for source in sources)]
    return Answer(
        kind=kind,
        text="\n".join(lines),
        sentences=tuple(sentence for sentence, _ in _quoted_sentences(quoted)),
        sentence_doc_ids=tuple(doc_id for _, doc_id in _quoted_sentences(quoted)),
        sources=sources,
        doc_ids=tuple(dict.fromkeys(c.hit.chunk.doc_id for c in quoted)),
        confidence=confidence,
        query=query,
        unpublished_aside=bool(unpublished_aside),
    )


def _unpublished_aside(quoted: list[_Candidate], unpublished: list[_Candidate], hits: list[Hit]) -> list[_Candidate]:
    """Other clauses' "not published" statements worth adding to an answer: each sentence once,
    and only from a document the answer's own search found (alone, a short clause such as
    "주차비도 나왔어요?" finds other programs' statements, which would mislead)."""
    on_topic = {hit.chunk.doc_id for hit in hits}
    said = {_sentence_key(candidate) for candidate in quoted}
    aside = []
    for candidate in unpublished:
        if candidate.hit.chunk.doc_id in on_topic and _sentence_key(candidate) not in said:
            said.add(_sentence_key(candidate))
            aside.append(candidate)
    return aside


def _sentence_key(candidate: _Candidate) -> tuple[str, str]:
    """The same sentence found by two clauses' searches is one sentence."""
    return candidate.hit.chunk.doc_id, candidate.unit.text


def _quoted_sentences(chosen: list[_Candidate]) -> list[tuple[str, str]]:
    """Each quoted sentence (a list's lead once) with the document it is from."""
    quoted: list[tuple[str, str]] = []
    for candidate in chosen:
        doc_id = candidate.hit.chunk.doc_id
        if candidate.unit.lead and (candidate.unit.lead, doc_id) not in quoted:
            quoted.append((candidate.unit.lead, doc_id))
        quoted.append((candidate.unit.text, doc_id))
    return quoted


def _quote_lines(chosen: list[_Candidate]) -> list[str]:
    """One quote per sentence; list items under the sentence that introduced them, once."""
    lines: list[str] = []
    lead, said = None, set()
    for candidate in chosen:
        unit = candidate.unit
        if unit.lead and unit.lead != lead and unit.lead not in said:  # the lead may be quoted itself
            lines.append(texts.ANSWER_QUOTE.format(sentence=unit.lead))
            said.add(unit.lead)
        lead = unit.lead or None
        if unit.text in said:
            continue
        said.add(unit.text)
        template = texts.ANSWER_QUOTE_ITEM if unit.lead else texts.ANSWER_QUOTE
        lines.append(template.format(sentence=unit.text))
    return lines


def _sources(chosen: list[_Candidate]) -> tuple[SourceRef, ...]:
    refs = (SourceRef(c.hit.chunk.doc_id, c.hit.chunk.title, c.hit.chunk.section, c.hit.chunk.updated) for c in chosen)
    return tuple(dict.fromkeys(refs))


def source_line(source: SourceRef) -> str:
    """"출처: 제목 · 섹션 (2025-05-20 기준)"."""
    if source.section:
        return texts.ANSWER_SOURCE.format(title=source.title, section=source.section, updated=source.updated)
    return texts.ANSWER_SOURCE_NO_SECTION.format(title=source.title, updated=source.updated)
