"""Vendor proposals: the solution companies whose briefs fit a manager's problem, re-ranked by the
company's industry, region and size, each with reasons quoted from its own brief.

Every reason is built from the brief's data (front matter, `## 도입 사례`) and words the user
and the brief share; nothing is claimed that the brief does not say.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from bot import texts
from bot.conversation import SourceRef
from bot.profile import (
    INDUSTRIES,
    REGIONS,
    ProfileHints,
    company_size,
    extract_hints,
    mentioned_industries,
    normalise_industry,
    region_of,
    without_company_facts,
)
from knowledge.documents import Chunk, Hit
from knowledge.errors import LoadError
from knowledge.index_files import LoadedIndex
from knowledge.loaders import extract_text
from knowledge.retriever import HybridRetriever, SearchFilter
from knowledge.settings import LoaderSettings
from bot.settings import VendorSettings  # defined with the other settings: loading config stays light

# Longer text adds nothing to a search (the retriever reads 1,000 characters) and only costs time.
MAX_NEED_CHARS = 1000
_VENDORS = SearchFilter(kind="vendor")
_NATIONWIDE = "전국"


class CompanyFacts(Protocol):
    """What the matcher reads from a profile: bot.storage.profiles.CompanyProfile has these (and
    `interest`, used when the request itself is empty); free text is normalised here."""

    industry: str | None
    region: str | None
    employees: int | None


@dataclass(frozen=True)
class VendorProposal:
    doc_id: str
    name: str
    title: str
    categories: tuple[str, ...]  # category ids; `category_labels` gives the Korean names
    reasons: tuple[str, ...]
    score: float
    sample: bool  # a fictional sample vendor: shown as 가상의 예시 기업
    source: SourceRef


@dataclass(frozen=True)
class VendorDetails:
    doc_id: str
    name: str
    title: str
    categories: tuple[str, ...]
    summary: str
    features: tuple[str, ...]
    cases: tuple[str, ...]
    adoption: str
    fit: str
    regions: tuple[str, ...]
    contact: str | None
    sample: bool
    updated: str
    source: SourceRef


def category_labels(categories: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(texts.VENDORS_CATEGORY_LABELS.get(category, category) for category in categories)


# Words by which a request names a kind of solution. They only break near-ties: retrieval has
# already judged what the request is about ("용접 로봇" is a cobot, not weld inspection).
_CATEGORY_CUES = {
    "vision_inspection": r"검사|불량|이물|결함|검단|외관|육안|비전|\baoi\b",
    "predictive_maintenance": r"고장|예지|정비|진동|베어링|다운타임|징후|미리\s*알|멈추|멈춰|멈춘|멈췄|정지",
    "cobot": r"협동\s*로봇|로봇\s*팔|사람이\s*없|사람을?\s*못\s*구|인력|일손|구인|그만두|그만둬|그만뒀",
    "logistics_automation": r"물류|창고|재고|운반|이송|\bagv\b|\bamr\b|\bwms\b",
    "energy_management": r"전기\s*(?:요금|세|료)|전력|에너지|가스비|연료비|탄소|태양광|보일러|스팀",
    "mes_smart_factory": r"\bmes\b|생산\s*관리|실적|이력|기록|전산|스마트\s*공장|가동률",
    "process_optimization": r"조건|최적|수율|배합|레시피",
    "industrial_safety": r"안전|사고|끼임|끼는|보호구|안전모|누출|가스\s*새|재해|위험",
}
_CATEGORY_PATTERNS = {category: re.compile(pattern, re.IGNORECASE) for category, pattern in _CATEGORY_CUES.items()}
# Words (Kiwi's nouns, lower-case) that name the problem a whole kind of solution addresses. Asked
# for that kind, a request's word here counts as answered by every brief of the kind, whatever
# words its trade uses: 텍스비전's "원단 결함 검단" answers "불량 검사" without saying either.
# Words that name one problem within a kind (이물, 보일러, 안전모, 재고) stay out: only the briefs
# that use them answer them. Each word is one of its kind's cues above.
_KIND_WORDS = {
    "vision_inspection": frozenset({"불량", "검사", "결함", "외관", "육안", "비전"}),
    "predictive_maintenance": frozenset({"고장", "예지보전", "정비", "다운타임"}),
    "cobot": frozenset({"로봇", "인력", "일손", "구인"}),
    "logistics_automation": frozenset({"물류", "운반", "이송"}),
    "energy_management": frozenset({"에너지"}),
    "mes_smart_factory": frozenset({"mes", "전산"}),
    "process_optimization": frozenset({"최적", "조건"}),
    "industrial_safety": frozenset({"안전", "사고", "재해", "위험"}),
}
# "로봇" alone asks for a cobot, but robots also carry and store ("물류 로봇", AMR, 자동창고):
# next to another kind's word it only describes that kind.
_WEAK_CUES = {"cobot": re.compile(r"로봇", re.IGNORECASE)}


def asked_categories(need: str) -> frozenset[str]:
    """The solution categories a request names by its own words."""
    named = {category for category, pattern in _CATEGORY_PATTERNS.items() if pattern.search(need)}
    weak = {category for category, pattern in _WEAK_CUES.items() if pattern.search(need)}
    return frozenset(named | weak if named <= weak else named)


# --- the matcher -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Case:
    company: str  # "울산 북구의 자동차부품 기업(직원 120명)"
    result: str  # in 해요체 where the ending allows it
    industries: frozenset[str]
    region: str | None


@dataclass(frozen=True)
class _Vendor:
    doc_id: str
    name: str
    title: str
    categories: tuple[str, ...]
    industries: frozenset[str]
    regions: frozenset[str]
    sizes: frozenset[str]
    sample: bool
    updated: str
    source_path: str
    sections: dict[str, str]
    cases: tuple[_Case, ...]
    tokens: frozenset[str]  # the brief's content morphemes, from the index
    text: str  # title and every section, for finding the words a request shares with it
    sentences: tuple[str, ...]  # the text's sentences and list items, lower-cased: where a shared word is used

    def serves(self, region: str) -> bool:
        return _NATIONWIDE in self.regions or region in self.regions


@dataclass(frozen=True)
class _Company:
    industry: str | None = None
    region: str | None = None
    size: str | None = None


@dataclass(frozen=True)
class _Request:
    """A request as the matcher reads it."""

    text: str
    asked: frozenset[str]  # the kinds of solution it names (asked_categories)
    nouns: frozenset[str]  # the nouns that can name its problem: "원단", "불량", "자동" (of 자동화); not "업체", "대구"
    leading_nouns: frozenset[str]  # those opening a word: "전기" of 전기요금, not its "요금"
    noun_ends: frozenset[int]  # offsets where a whole noun ends: after "자동화", not inside it after "자동"


class VendorMatcher:
    def __init__(self, retriever: HybridRetriever, settings: VendorSettings, index: Callable[[], LoadedIndex] | None = None):
        self._retriever = retriever
        self.settings = settings
        # HybridRetriever has no public accessor for its index or tokenizer yet; services may pass the index.
        self._index = index or retriever._index
        self._tokenizer = retriever._tokenizer
        self._catalogue_for: tuple[LoadedIndex, dict[str, _Vendor]] | None = None

    def propose(
        self, need: str, profile: CompanyFacts | ProfileHints | None = None, exclude: frozenset[str] = frozenset(),
    ) -> list[VendorProposal]:
        """Up to `top_k` vendors for a problem in the manager's words, best first; [] when none fits.
        `exclude`: vendors already shown, for "다른 업체도 보여 주세요"."""
        text = _clean(need) or _clean(getattr(profile, "interest", None) or "")
        if not _has_words(text):
            return []
        hits = self._retriever.search(text, k=self.settings.candidate_chunks, filters=_VENDORS)
        if not hits or self._retriever.confidence(hits) < self.settings.min_confidence:
            return []
        request, company, catalogue = self._request(text), _company(text, profile), self._catalogue()
        hits = [*hits, *self._missed_of_kind(hits, text, request.asked)]
        ranked = self._rank(hits, request, company, catalogue)
        ranked = [row for row in ranked if row[0] not in exclude][: self.settings.top_k]
        return [self._proposal(catalogue[doc_id], score, request, company, best, catalogue) for doc_id, score, best in ranked]

    def names_a_need(self, text: str) -> bool:
        """Whether a message says what the company needs, in words some brief uses or by naming a kind
        of solution. "대구 섬유 직원 15명이에요" or "반월시화 사출 공장이에요" does not: it only
        describes the company (its industry word is who the company is, not what is wrong)."""
        request = self._request(_clean(without_company_facts(_clean(text))))
        return any(_grounded(vendor, request) for vendor in self._catalogue().values())

    def name_of(self, doc_id: str) -> str | None:
        """A vendor's name from the index alone (details() also reads the brief's file)."""
        vendor = self._catalogue().get(doc_id)
        return vendor.name if vendor else None

    def named_in(self, text: str) -> str | None:
        """The vendor a message names ("비전메이트 연락처 알려 주세요"), if it names exactly one."""
        squashed = "".join(text.split()).lower()
        named = [doc_id for doc_id, vendor in self._catalogue().items() if len(vendor.name) >= 2 and "".join(vendor.name.split()).lower() in squashed]
        return named[0] if len(named) == 1 else None

    def details(self, doc_id: str) -> VendorDetails | None:
        vendor = self._catalogue().get(doc_id)
        return _details(vendor) if vendor else None

    def _request(self, text: str) -> _Request:
        analysis = self._tokenizer.analyse(text) if text else ()
        nouns = _problem_nouns(text, analysis)
        leading = frozenset(noun for noun, opens_word in nouns if opens_word)
        return _Request(text, asked_categories(text), frozenset(noun for noun, _ in nouns), leading, _noun_ends(analysis))

    def _rank(self, hits, request: _Request, company: _Company, catalogue: dict[str, _Vendor]) -> list[tuple[str, float, Chunk]]:
        """(doc id, score, best chunk), best first: how well each vendor meets the need, plus company fit.
        Asked for more, the same bar holds: retrieval alone finding a brief relevant (a press-failure
        vendor for "에너지 비용", on the word 비용) is no reason to show it."""
        relevance, best_chunk = self._relevance(hits, catalogue)
        words = _word_evidence(request, catalogue)
        cut = self.settings.min_relevance
        final = {}
        for doc_id, value in relevance.items():
            vendor = catalogue[doc_id]
            meets = _meets_need(value, words.get(doc_id, 0.0) if words else None, _kind_match(vendor, request), self.settings)
            if meets >= cut and _grounded(vendor, request):
                final[doc_id] = meets + self._fit_boost(vendor, request.asked, company)
        order = sorted(final, key=lambda doc_id: (-final[doc_id], doc_id))
        return [(doc_id, round(final[doc_id], 4), best_chunk[doc_id]) for doc_id in order]

    def _missed_of_kind(self, hits: list[Hit], text: str, asked: frozenset[str]) -> list[Hit]:
        """Hits for the vendors of the kinds the request names that the vendor-wide search missed, from
        a search among those kinds only. A brief in its trade's own words ("원단 결함 검단", not "불량
        검사") can rank below every chunk the vendor-wide search keeps, and a vendor that is not a
        candidate is never judged at all. Found vendors keep their scores: a brief's rank among its
        own kind is better than its rank among all, and would lift every vendor of the kind."""
        if not asked:
            return []
        found = {hit.chunk.doc_id for hit in hits}
        kinds = SearchFilter(kind="vendor", categories=asked)
        of_kind = self._retriever.search(text, k=self.settings.candidate_chunks, filters=kinds)
        return [hit for hit in of_kind if hit.chunk.doc_id not in found]

    def _relevance(self, hits: list[Hit], catalogue: dict[str, _Vendor]) -> tuple[dict[str, float], dict[str, Chunk]]:
        scores: dict[str, list[float]] = {}
        best_chunk: dict[str, Chunk] = {}
        for hit in hits:
            if hit.chunk.doc_id in catalogue:
                scores.setdefault(hit.chunk.doc_id, []).append(hit.score)
                best_chunk.setdefault(hit.chunk.doc_id, hit.chunk)
        combined = {doc_id: values[0] + self.settings.support_weight * sum(values[1:2]) for doc_id, values in scores.items()}
        top = max(combined.values(), default=1.0)
        return {doc_id: value / top for doc_id, value in combined.items()}, best_chunk

    def _fit_boost(self, vendor: _Vendor, asked: frozenset[str], company: _Company) -> float:
        settings = self.settings
        boost = settings.category_boost if asked.intersection(vendor.categories) else 0.0
        if company.industry in vendor.industries:
            boost += settings.industry_boost
        if company.region and vendor.serves(company.region):
            boost += settings.region_boost
        if company.size in vendor.sizes:
            boost += settings.size_boost
        return boost

    def _proposal(
        self, vendor: _Vendor, score: float, request: _Request, company: _Company, best: Chunk, catalogue: dict[str, _Vendor],
    ) -> VendorProposal:
        return VendorProposal(
            doc_id=vendor.doc_id,
            name=vendor.name,
            title=vendor.title,
            categories=vendor.categories,
            reasons=_reasons(vendor, request, company, catalogue),
            score=score,
            sample=vendor.sample,
            source=SourceRef(vendor.doc_id, vendor.title, best.section, vendor.updated),
        )

    def _catalogue(self) -> dict[str, _Vendor]:
        """Vendors by doc id, rebuilt only when a new index build is being served."""
        index = self._index()
        if self._catalogue_for is None or self._catalogue_for[0] is not index:
            self._catalogue_for = (index, _catalogue(index.chunks, index.tokens))
        return self._catalogue_for[1]


# --- how well a vendor meets the need --------------------------------------------------------

# "Meets the need" blends retrieval's relevance with the request's own words found in the brief
# (rare words weigh most) and with being the kind of solution the request names. Retrieval ranks
# by wording, so briefs for the same need can sit far apart in it ("물류 로봇": 스택큐브 at 0.34,
# behind five cobots that say "로봇" more often); words and kind put equal answers level, and the
# company fit then decides between them. The shares are settings (vendors.need_*_share), chosen
# with bench/vendors.py (docs/BENCHMARKS.md).
_NOUN_TAGS = ("NNG", "NNP", "SL", "SH", "XR")


def _meets_need(relevance: float, words: float | None, kind: float | None, settings: VendorSettings) -> float:
    """The blend over the signals the request gives: one naming no kind of solution, or no word any
    brief uses, is judged by what is left."""
    parts = ((settings.need_relevance_share, relevance), (settings.need_words_share, words), (settings.need_kind_share, kind))
    used = [(weight, value) for weight, value in parts if value is not None]
    total = sum(weight for weight, _ in used)
    return sum(weight * value for weight, value in used) / total if total else relevance


def _kind_match(vendor: _Vendor, request: _Request) -> float | None:
    if not request.asked:
        return None
    return 1.0 if request.asked.intersection(vendor.categories) else 0.0


def _word_evidence(request: _Request, catalogue: dict[str, _Vendor]) -> dict[str, float]:
    """Per vendor, the weight of the request's nouns its brief answers (_speaks_to), relative to the
    best vendor's; {} when no noun tells vendors apart."""
    weights = _rarity(request, catalogue)
    evidence = {
        doc_id: sum(weight for word, weight in weights.items() if _speaks_to(word, vendor, request))
        for doc_id, vendor in catalogue.items()
    }
    best = max(evidence.values(), default=0.0)
    return {doc_id: value / best for doc_id, value in evidence.items()} if best else {}


def _speaks_to(word: str, vendor: _Vendor, request: _Request) -> bool:
    """Whether the brief answers this word of the request: it uses the word in the user's sense, or
    the word names the problem of the brief's kind of solution, the kind the request asks for."""
    return _names_its_kind(word, vendor, request) or (word in vendor.tokens and _in_sense(word, vendor, request))


def _names_its_kind(word: str, vendor: _Vendor, request: _Request) -> bool:
    return any(word in _KIND_WORDS.get(kind, ()) for kind in request.asked.intersection(vendor.categories))


def _rarity(request: _Request, catalogue: dict[str, _Vendor]) -> dict[str, float]:
    """log(vendors / vendors whose brief has the word or answers it by its kind): "원단" (one
    brief) outweighs "자동" (24) and "불량" (every vision-inspection brief and more)."""
    weights = {}
    for word in request.nouns:
        found = sum(word in vendor.tokens or _names_its_kind(word, vendor, request) for vendor in catalogue.values())
        if found:
            weights[word] = math.log(len(catalogue) / found)
    return weights


def _in_sense(term: str, vendor: _Vendor, request: _Request) -> bool:
    """Whether the brief uses a shared word for what the user means by it. A word naming another
    kind of solution than the vendor's counts only from a sentence that shares another of the
    request's nouns: 에어센스's "컴프레서 정지 사고" does not answer "지게차 사고", while 포크리스's
    "지게차로 인한 충돌 사고" does."""
    kinds = _kinds_named(term, request)
    if not kinds or kinds.intersection(vendor.categories):
        return True
    term = term.lower()
    others = request.nouns - {term}
    return any(term in sentence and any(other in sentence for other in others) for sentence in vendor.sentences)


def _kinds_named(term: str, request: _Request) -> frozenset[str]:
    """The kinds of solution a word names in this request: "로봇" in "물류 로봇" is a logistics robot."""
    kinds = asked_categories(term)
    weak_only = bool(kinds) and kinds <= _WEAK_CUES.keys()
    return request.asked if weak_only and not request.asked <= kinds else kinds


def _grounded(vendor: _Vendor, request: _Request) -> bool:
    """Something in the request itself points at this vendor: its kind of solution named, or a word
    of the request whose head noun the brief uses in the same sense ("기업 추천해 주세요" points at
    none, so it gets no proposals, not random ones). The tail of a compound alone does not: a brief
    sharing only "사업" of "지원사업" is not about the request."""
    if request.asked.intersection(vendor.categories):
        return True
    return any(word in vendor.tokens and _in_sense(word, vendor, request) for word in request.leading_nouns)


def _problem_nouns(text: str, analysis) -> set[tuple[str, bool]]:
    """(noun, whether it opens its word) for the request's nouns that can name a problem (see
    _says_something). Verb stems say nothing about which vendor fits: "구하" of 구하기, "쓰" of 쓰고."""
    lowered = text.lower()
    nouns = set()
    for token in analysis:
        start = _word_start(lowered, token.start)
        word = _WORD.match(lowered, start)
        if token.tag.startswith(_NOUN_TAGS) and len(token.form) > 1 and word and _says_something(token.form.lower(), word.group()):
            nouns.add((token.form.lower(), start == token.start))
    return nouns


def _word_start(text: str, offset: int) -> int:
    while offset > 0 and _WORD.match(text[offset - 1]):
        offset -= 1
    return offset


def _noun_ends(analysis) -> frozenset[int]:
    """Offsets where a whole noun of the request ends. A derivational suffix belongs to its noun:
    "자동화" ends after 화, so the "자동" a brief shares is only a fragment of it."""
    tokens = list(analysis)
    ends = set()
    for token, following in zip(tokens, [*tokens[1:], None]):
        if token.tag.startswith(_NOUN_TAGS):
            end = token.start + token.len
            suffix = following is not None and following.tag == "XSN" and following.start == end
            ends.add(end + following.len if suffix else end)
    return frozenset(ends)


def _company(need: str, profile: CompanyFacts | ProfileHints | None) -> _Company:
    """What the message says about the company wins over the saved profile: it is newer."""
    hints = extract_hints(need)
    industry = hints.industry or _vocabulary_industry(getattr(profile, "industry", None))
    region = hints.region or _vocabulary_region(getattr(profile, "region", None))
    size = hints.company_size or company_size(getattr(profile, "employees", None)) or getattr(profile, "company_size", None)
    return _Company(industry, region, size)


def _vocabulary_industry(industry: str | None) -> str | None:
    if not industry:
        return None
    return industry if industry in INDUSTRIES else normalise_industry(industry)


def _vocabulary_region(region: str | None) -> str | None:
    if not region:
        return None
    return region if region in REGIONS else region_of(region)


# --- the catalogue, from the index's vendor chunks ------------------------------------------

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_CASE_LINE = re.compile(r"^\s*[-*•]\s*(?P<company>[^:\n]+?)\s*:\s*(?P<result>.+?)\s*$", re.MULTILINE)


def _catalogue(chunks: list[Chunk], tokens: list[list[str]]) -> dict[str, _Vendor]:
    grouped: dict[str, list[tuple[Chunk, list[str]]]] = {}
    for chunk, chunk_tokens in zip(chunks, tokens):
        if chunk.kind == "vendor":
            grouped.setdefault(chunk.doc_id, []).append((chunk, chunk_tokens))
    return {
        doc_id: _vendor([chunk for chunk, _ in rows], frozenset(token for _, row in rows for token in row))
        for doc_id, rows in grouped.items()
    }


def _vendor(chunks: list[Chunk], tokens: frozenset[str]) -> _Vendor:
    first = chunks[0]
    attributes = first.attributes
    sections: dict[str, str] = {}
    for chunk in chunks:
        name = chunk.section.split(" > ")[-1].strip()
        sections[name] = f"{sections[name]}\n{chunk.text}" if name in sections else chunk.text
    text = "\n".join([first.title, *sections.values()])
    return _Vendor(
        doc_id=first.doc_id,
        name=str(attributes.get("name") or _title_name(first.title)),
        title=first.title,
        categories=tuple(attributes.get("categories", ())),
        industries=frozenset(attributes.get("industries", ())),
        regions=frozenset(attributes.get("regions", ())),
        sizes=frozenset(attributes.get("company_sizes", ())),
        sample=bool(attributes.get("sample", False)),
        updated=first.updated,
        source_path=first.source_path,
        sections=sections,
        cases=tuple(_case(match) for match in _CASE_LINE.finditer(sections.get("도입 사례", ""))),
        tokens=tokens,
        text=text,
        sentences=tuple(sentence.lower() for sentence in _SENTENCE_BREAK.split(text) if sentence.strip()),
    )


def _case(match: re.Match) -> _Case:
    company = match.group("company")
    return _Case(company, _to_haeyo(match.group("result")), mentioned_industries(company), region_of(company))


def _to_haeyo(sentence: str) -> str:
    """A brief's 합니다체 ending in the bot's 해요체 (the shipped briefs are 해요체 already; a brief
    staff upload may not be); any other ending is quoted as written."""
    sentence = sentence.strip()
    past = re.sub(r"([가-힣])습니다([.!]?)$", lambda m: _past_haeyo(m.group(1), m.group(2)) or m.group(0), sentence)
    if past != sentence:
        return past
    return re.sub(r"합니다([.!]?)$", r"해요\1", sentence)


def _past_haeyo(syllable: str, end: str) -> str | None:
    """었습니다 → 었어요: only after a syllable ending in ㅆ (past tense), where it is always right."""
    final_consonant = (ord(syllable) - 0xAC00) % 28
    return f"{syllable}어요{end}" if final_consonant == 20 else None


def _title_name(title: str) -> str:
    return re.split(r"\s+[—–-]\s+", title, maxsplit=1)[0].strip()


def _title_what(title: str) -> str:
    parts = re.split(r"\s+[—–-]\s+", title, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


# --- reasons ----------------------------------------------------------------------------------

# Words in almost every request, and sector names (a sector is who the company is, not its
# problem): sharing them with a brief says nothing about fit.
_GENERIC_TERMS = frozenset(
    "미리 자꾸 너무 많이 방법 정도 그냥 요즘 사람 회사 공장 문제 우리 저희 다들 한번 지금 이제 아직 계속 "
    "항상 맨날 일일이 빨리 갑자기 대신 가능 필요 때문 이거 그거 작업 기업 솔루션 도입 업체 제품 "
    # What every solution promises to cut: "에너지 비용" is about energy, not any brief saying 비용.
    "비용 원가 "
    "자동차 금속 전자 바이오 배터리 ai 추천 소개 알려 찾고 싶어 원해 맞는 좋은 관련 도움 문의 상담 직원 "
    # Verb stems the analyser keeps as content morphemes; named as the problem they read wrong.
    "자르 잡아 잡는 바꾸 막는 줄이 쓰는 빼고 넣고 찾는 나가 서는 돌리 만들 옮기 들어 알아 보는 하는 되는 있는 없는 같은".split()
) | frozenset(part for industry in INDUSTRIES for part in industry.split("·")) | frozenset(REGIONS)
# Particles a prefix may still end with when the brief happens to use the same form ("엑셀로").
_PARTICLE_END = re.compile(r"(?:이|가|을|를|은|는|에|에서|의|와|과|으로|로|도|만|랑|이랑)$")
_WORD = re.compile(r"[0-9A-Za-z가-힣]+")
_COUNT = re.compile(r"\d+[가-힣]?")  # "30명", "2025년", "3"
# A compound the analyser split ("전기요금" → 전기, 요금) still counts, up to this many parts.
MAX_TERM_PARTS = 3


@dataclass(frozen=True)
class _SharedWord:
    term: str  # as the brief spells it: "고장" of the request's "고장나서"
    index: int  # which word of the request
    end: int  # offset in the request where the term ends
    bare: bool  # the request's word is the term alone, no particle: it can qualify the next noun


def _reasons(vendor: _Vendor, request: _Request, company: _Company, catalogue: dict[str, _Vendor]) -> tuple[str, ...]:
    reasons = [_need_reason(vendor, request, catalogue)]
    fit = _fit_reason(vendor, request.text, company)
    if fit:
        reasons.append(fit)
    return tuple(reasons)


def _need_reason(vendor: _Vendor, request: _Request, catalogue: dict[str, _Vendor]) -> str:
    category = _category_named(vendor, request)
    words = _reason_words(vendor, request, category, catalogue)
    if not words:  # proposed for its kind of solution, or for words the brief shares only in part
        return texts.VENDORS_REASON_NEED_CATEGORY.format(category=category)
    return texts.VENDORS_REASON_NEED.format(terms=words, category=category)


def _category_named(vendor: _Vendor, request: _Request) -> str:
    """The vendor's kinds of solution the request asks for ("전기요금" → 에너지 관리 of 에어센스), else all."""
    named = tuple(category for category in vendor.categories if category in request.asked) or vendor.categories
    return texts.VENDORS_SEPARATOR.join(category_labels(named)) or texts.VENDORS_CATEGORY_FALLBACK


def _reason_words(vendor: _Vendor, request: _Request, category: str, catalogue: dict[str, _Vendor]) -> str | None:
    """How a person would name the problem: two nouns the user wrote together ("라인 불량") if the
    brief uses both, else its rarest single one. Left out: fragments ("자동" of 자동화), words the
    category already says ("검사" beside 비전 검사) and words the brief uses for something else."""
    shared = [
        word for word in _shared_words(request.text, vendor)
        if word.end in request.noun_ends and word.term.lower() not in category.lower() and _in_sense(word.term, vendor, request)
    ]
    pairs = [(first, second) for first, second in zip(shared, shared[1:]) if second.index == first.index + 1 and first.bare]
    choices = [*pairs, *((word,) for word in shared)]
    if not choices:
        return None
    best = max(choices, key=lambda words: (len(words), sum(_rarity_in_text(word.term, catalogue) for word in words)))
    return " ".join(word.term for word in best)


def _rarity_in_text(term: str, catalogue: dict[str, _Vendor]) -> float:
    """Like _rarity, for a term as written ("전기요금" is two morphemes)."""
    term = term.lower()
    found = sum(any(term in sentence for sentence in vendor.sentences) for vendor in catalogue.values())
    return math.log(len(catalogue) / max(found, 1))


def _fit_reason(vendor: _Vendor, need: str, company: _Company) -> str | None:
    """The strongest fact about this company and vendor: a region it does not serve comes first."""
    if company.region and not vendor.serves(company.region):
        return texts.VENDORS_REASON_REGION_OUTSIDE.format(regions=_regions_text(vendor.regions))
    industry_case = next((case for case in vendor.cases if company.industry in case.industries), None)
    if industry_case:
        return texts.VENDORS_REASON_INDUSTRY_CASE.format(industry=company.industry, case=_case_text(industry_case))
    if company.industry and company.industry in vendor.industries:
        return texts.VENDORS_REASON_INDUSTRY.format(industry=company.industry)
    if company.region:
        return _region_reason(vendor, company.region)
    case = _closest_case(vendor, need)
    return texts.VENDORS_REASON_CASE.format(case=_case_text(case)) if case else None


def _region_reason(vendor: _Vendor, region: str) -> str:
    region_case = next((case for case in vendor.cases if case.region == region), None)
    if region_case:
        return texts.VENDORS_REASON_REGION_CASE.format(region=region, case=_case_text(region_case))
    if region in vendor.regions:
        return texts.VENDORS_REASON_REGION.format(region=region)
    return texts.VENDORS_REASON_NATIONWIDE


def _closest_case(vendor: _Vendor, need: str) -> _Case | None:
    """The reference case sharing most words with the request; the first one on a tie."""
    if not vendor.cases:
        return None
    return max(vendor.cases, key=lambda case: len(_shared_words(need, vendor, f"{case.company} {case.result}")))


def _case_text(case: _Case) -> str:
    return texts.VENDORS_CASE.format(company=case.company, result=case.result)


def _regions_text(regions: frozenset[str]) -> str:
    return texts.VENDORS_NATIONWIDE if _NATIONWIDE in regions else texts.VENDORS_SEPARATOR.join(_in_region_order(regions))


def _in_region_order(regions) -> tuple[str, ...]:
    """서울 … 제주 as the government lists them; anything else after."""
    return tuple(sorted(regions, key=lambda region: (REGIONS.index(region) if region in REGIONS else len(REGIONS), region)))


def _shared_words(need: str, vendor: _Vendor, brief: str | None = None) -> list[_SharedWord]:
    """Words of the request that the brief also uses, as the brief spells them: "고장나서" → "고장".

    Each word's longest prefix that occurs in the brief and is made of the brief's content
    morphemes (from the index), so particles and verb endings fall away ("라인이" → "라인")
    without analysing the request again.
    """
    brief = vendor.text if brief is None else brief
    lowered = brief.lower()
    shared: list[_SharedWord] = []
    for index, match in enumerate(_WORD.finditer(need.lower())):
        word = match.group()
        term = _term_in(word, lowered, vendor.tokens)
        if term and _says_something(term, word) and not any(term in kept.term.lower() or kept.term.lower() in term for kept in shared):
            spelled = _brief_spelling(term, brief, lowered)
            shared.append(_SharedWord(spelled, index, match.start() + len(term), bare=term == word))
    return shared


def _says_something(term: str, word: str) -> bool:
    """Whether a shared term can name the problem: not an everyday or sector word, not a count
    ("30명"), not a place ("창원": where the plant is, not what is wrong), and not the head of a
    sector word ("자동" of "자동차부품", which the brief only shares as "자동으로")."""
    if term in _GENERIC_TERMS or _COUNT.fullmatch(term) or region_of(term):
        return False
    return not any(len(generic) > len(term) and word.startswith(generic) for generic in _GENERIC_TERMS)


def _term_in(word: str, lowered_brief: str, tokens: frozenset[str]) -> str | None:
    for end in range(len(word), 1, -1):
        prefix = word[:end]
        if prefix in lowered_brief and _made_of(prefix, tokens, MAX_TERM_PARTS):
            bare = _PARTICLE_END.sub("", prefix)
            return bare if len(bare) >= 2 and bare in tokens else prefix
    return None


def _made_of(text: str, tokens: frozenset[str], parts: int) -> bool:
    """Whether `text` is a concatenation of at most `parts` tokens, the first of two characters or more."""
    if text in tokens:
        return True
    return parts > 1 and any(
        text[:cut] in tokens and _made_of(text[cut:], tokens, parts - 1) for cut in range(2, len(text))
    )


def _brief_spelling(term: str, brief: str, lowered: str) -> str:
    """The term as the brief writes it ("cctv" → "CCTV")."""
    start = lowered.find(term)
    return brief[start : start + len(term)] if len(lowered) == len(brief) else term


# --- details --------------------------------------------------------------------------------


def _details(vendor: _Vendor) -> VendorDetails:
    sections = vendor.sections
    return VendorDetails(
        doc_id=vendor.doc_id,
        name=vendor.name,
        title=vendor.title,
        categories=vendor.categories,
        summary=sections.get("솔루션 소개", "").strip(),
        features=_list_items(sections.get("주요 기능", "")),
        cases=tuple(_case_text(case) for case in vendor.cases),
        adoption=sections.get("도입 방식과 기간", "").strip(),
        fit=sections.get("적합한 기업", "").strip(),
        regions=_in_region_order(vendor.regions),
        contact=_contact(vendor.source_path),
        sample=vendor.sample,
        updated=vendor.updated,
        source=SourceRef(vendor.doc_id, vendor.title, "솔루션 소개", vendor.updated),
    )


def _list_items(text: str) -> tuple[str, ...]:
    items = [re.sub(r"^\s*[-*•]\s*", "", line).strip() for line in text.splitlines()]
    return tuple(item for item in items if item)


def _contact(source_path: str) -> str | None:
    """The brief's contact, read from its front matter: the index keeps only search attributes."""
    path = Path(source_path)
    try:
        return _contact_of_version(path, path.stat().st_mtime_ns)
    except OSError:  # a brief moved or removed since the build only loses its contact line
        return None


@lru_cache(maxsize=512)
def _contact_of_version(path: Path, modified_ns: int) -> str | None:
    """Per file version: a brief is read once, not on every "거기 연락처" (a file read and parse)."""
    try:
        front_matter = extract_text(path, LoaderSettings()).front_matter
    except LoadError:
        return None
    contact = (front_matter.get("vendor") or {}).get("contact") or {}
    if not isinstance(contact, dict):
        return str(contact) or None
    parts = [str(contact[key]) for key in ("phone", "email", "web") if contact.get(key)]
    return " · ".join(parts) or None


# --- message bodies ----------------------------------------------------------------------------


def format_proposals(proposals: list[VendorProposal]) -> str:
    lines = [texts.VENDORS_INTRO]
    for number, proposal in enumerate(proposals, start=1):
        lines.append("")
        lines.append(_item_line(number, proposal.name, proposal.title, proposal.sample))
        lines.extend(texts.VENDORS_REASON_BULLET.format(reason=reason) for reason in proposal.reasons)
    lines += ["", texts.VENDORS_OUTRO]
    if any(proposal.sample for proposal in proposals):
        lines.append(texts.VENDORS_SAMPLE_FOOTER)
    return "\n".join(lines)


def format_details(details: VendorDetails) -> str:
    what = _title_what(details.title)
    header = f"{details.name} — {what}" if what else details.name
    lines = [header + (texts.VENDORS_SAMPLE_TAG if details.sample else "")]
    if details.categories:
        lines.append(texts.VENDORS_DETAILS_CATEGORIES.format(categories=", ".join(category_labels(details.categories))))
    if details.summary:
        lines += ["", details.summary]
    lines += _details_block(texts.VENDORS_DETAILS_FEATURES, details.features)
    lines += _details_block(texts.VENDORS_DETAILS_CASES, details.cases)
    if details.adoption:
        lines += ["", texts.VENDORS_DETAILS_ADOPTION, details.adoption]
    if details.fit:
        lines += ["", texts.VENDORS_DETAILS_FIT, details.fit]
    lines += ["", texts.VENDORS_DETAILS_REGIONS.format(regions=_regions_text(frozenset(details.regions)))]
    if details.contact:
        lines.append(texts.VENDORS_DETAILS_CONTACT.format(contact=details.contact))
    lines.append(texts.VENDORS_DETAILS_UPDATED.format(updated=details.updated))
    if details.sample:
        lines.append(texts.VENDORS_DETAILS_SAMPLE_NOTE)
    return "\n".join(lines)


def format_contact(details: VendorDetails) -> str:
    """"두 번째 업체 연락처": the contact line alone, not the whole card."""
    name = details.name + (texts.VENDORS_SAMPLE_TAG if details.sample else "")
    if not details.contact:
        return texts.VENDORS_CONTACT_MISSING.format(name=name)
    return texts.VENDORS_CONTACT.format(name=name, contact=details.contact)


def format_comparison(vendors: list[VendorDetails]) -> str:
    """The vendors side by side, one short block each from their briefs (what, kind, how it is
    adopted, where); which fits better is for the consult, and the reply says so."""
    lines = [texts.VENDORS_COMPARE_INTRO]
    for number, details in enumerate(vendors, start=1):
        lines += ["", _item_line(number, details.name, details.title, details.sample)]
        if details.categories:
            lines.append(texts.VENDORS_COMPARE_LINE.format(label=texts.VENDORS_COMPARE_KIND, value=", ".join(category_labels(details.categories))))
        if adoption := _first_sentence(details.adoption):
            lines.append(texts.VENDORS_COMPARE_LINE.format(label=texts.VENDORS_COMPARE_ADOPTION, value=adoption))
        lines.append(texts.VENDORS_COMPARE_LINE.format(label=texts.VENDORS_COMPARE_REGIONS, value=_regions_text(frozenset(details.regions))))
    lines += ["", texts.VENDORS_COMPARE_OUTRO]
    if any(details.sample for details in vendors):
        lines.append(texts.VENDORS_SAMPLE_FOOTER)
    return "\n".join(lines)


def _first_sentence(text: str) -> str:
    return next((sentence.strip() for sentence in _SENTENCE_BREAK.split(text or "") if sentence.strip()), "")


def _details_block(heading: str, items: tuple[str, ...]) -> list[str]:
    return ["", heading, *(texts.VENDORS_DETAILS_ITEM.format(item=item) for item in items)] if items else []


def _item_line(number: int, name: str, title: str, sample: bool) -> str:
    what, tag = _title_what(title), texts.VENDORS_SAMPLE_TAG if sample else ""
    if not what:
        return texts.VENDORS_ITEM_NAME_ONLY.format(number=number, name=name, sample=tag)
    return texts.VENDORS_ITEM.format(number=number, name=name, what=what, sample=tag)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())[:MAX_NEED_CHARS]


def _has_words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)
