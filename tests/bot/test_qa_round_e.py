"""QA round E (dialect money questions, "요약해줘", vendor follow-ups, long pastes, bare input, the
language hint): each defect's steps through the core, asserted on the replies it returns; and the
rules behind them, without a model.

The core runs over a small knowledge base written under tmp_path: the AX 실증산단 documents and the
inspection, logistics and energy vendor briefs (with 프레스케어, whose brief says 비용 too).
"""

import shutil
from pathlib import Path

import pytest

from bot import actions, texts
from bot.assistant import (
    BARE_CHOICE,
    DIALECT_QUESTION,
    GENERIC_VENDOR_REQUEST,
    SAD,
    SUMMARY_REQUEST,
    WHAT_FOR_ME,
    _clean_text,
    _foreign_language,
)
from bot.conversation import SourceRef
from bot.intents import IntentRouter, closing_question, load_examples, match_rules, normalise
from bot.vendors import VendorDetails, format_comparison, format_contact
from tests.bot.test_qa_round_d import User
from tests.core_setup import built_knowledge, scratch_settings

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "knowledge/content"
PROGRAMS = ("ax-testbed.md", "ax-testbed-faq.md")
VENDORS = (
    "v01-visionmate.md", "v02-cleanscan.md", "v03-pcbeye.md", "v06-presscare.md", "v07-airsense.md", "v16-movinglab.md",
    "v17-stackcube.md", "v20-peakzero.md", "v21-haedam-energy.md", "v22-carbontracker.md", "v23-heatsaver.md",
)
INTRO = "저희 공장은 경남 창원에 있는 금형 제조 기업이고 직원은 40명 정도입니다. "
LOGISTICS = {"v16-movinglab", "v17-stackcube"}


# --- the rules, without a model -----------------------------------------------------------


@pytest.mark.parametrize("text", ["돈 마이 주나", "돈은 얼마나 주노", "얼마나 주노", "돈 얼마 받을 수 있어요"])
def test_money_in_dialect_or_banmal_is_a_program_question(text):  # E4
    assert match_rules(normalise(text, 1000).compact) == "program_question"


@pytest.mark.parametrize("text", ["돈 많이 드는 로봇 말고 추천해줘", "돈 벌고 싶어요"])
def test_money_words_without_asking_for_money_are_not(text):
    assert match_rules(normalise(text, 1000).compact) != "program_question"


@pytest.mark.parametrize("text, dialect", [
    ("돈은 얼마나 주노", True), ("산단위크 했나", True), ("우째 하능교", True), ("언제 하노", True),
    ("좋아요", False), ("카라반", False),
])
def test_dialect_question_endings(text, dialect):  # E4
    assert bool(DIALECT_QUESTION.search(text)) is dialect


@pytest.mark.parametrize("text, summary", [
    ("요약해줘", True), ("요약해 주세요", True), ("간단히 정리해줘", True), ("한줄로 요약해줘", True), ("좀 요약해 줄래?", True),
    ("카라반 요약", False), ("정리해야 할 서류가 뭐예요", False),
])
def test_asking_for_a_summary(text, summary):  # E4
    assert bool(SUMMARY_REQUEST.match(text)) is summary


@pytest.mark.parametrize("text, choice", [
    ("5", True), ("2", True), ("1번이요", True), ("두 번째요", True), ("3번으로", True), ("15명", False), ("2025년", False),
])
def test_a_bare_number_is_a_choice(text, choice):  # E11
    assert bool(BARE_CHOICE.match(text)) is choice


@pytest.mark.parametrize("text", ["그래서 나한테 뭐가 좋은데", "아무거나", "우리 회사에 무슨 도움이 돼요", "아무거나 추천해줘"])
def test_what_is_in_it_for_me(text):  # E15
    assert WHAT_FOR_ME.search(text)


@pytest.mark.parametrize("text, sad", [("   .  ", False), ("...", False), ("ㅠㅠ...", True), ("😭", True)])
def test_punctuation_alone_is_no_sigh(text, sad):  # E11
    assert bool(SAD.match(text)) is sad


@pytest.mark.parametrize("text", ["   .  ", "...", "!", "…"])
def test_punctuation_alone_asks_for_help(text):  # E11
    assert IntentRouter(None, load_examples()).classify(text).intent == "help"


@pytest.mark.parametrize("text, foreign", [
    ("AX大篷车是什么？怎么申请？", True), ("How do I apply for the caravan?", True), ("カラバンの申し込み方法は？", True),
    ("'; DROP TABLE bookings; --", False), ("<b>카라반</b>", False), ("kicef뭐임", False), ("카라반 신청 방법", False),
])
def test_the_language_hint_is_for_other_languages_not_code(text, foreign):  # E12
    assert _foreign_language(text) is foreign


@pytest.mark.parametrize("text, generic", [
    ("기업 상담", True), ("업체 추천해 주세요", True), ("AI 기업 추천받고 싶어요", True), ("용접 업체 추천", False), ("불량 검사", False),
])
def test_vendors_asked_for_with_no_need(text, generic):  # E8
    assert bool(GENERIC_VENDOR_REQUEST.match(text)) is generic


def test_a_long_message_closing_with_a_question_in_a_polite_statement():  # E9
    pasted = _clean_text(INTRO * 40 + " 그래서 카라반 신청 방법이 궁금합니다.")
    assert closing_question(pasted) == "그래서 카라반 신청 방법이 궁금합니다."


def test_a_long_message_opening_with_a_question_and_then_describing():  # E9
    pasted = _clean_text("실증산단 예산 얼마예요? " + INTRO * 60)
    assert closing_question(pasted) == "실증산단 예산 얼마예요?"


def test_sentences_end_without_punctuation_at_a_line_break():  # E9
    pasted = _clean_text("저희는 창원 금형 업체입니다\n직원은 40명이고 요즘 불량이 많아요\n카라반 신청 방법이 궁금합니다")
    assert closing_question(pasted) == "카라반 신청 방법이 궁금합니다"


def test_a_description_with_no_question_has_none():
    assert closing_question(_clean_text(INTRO * 10 + "잘 부탁드립니다.")) is None


def _details(doc_id: str, name: str, contact: str | None) -> VendorDetails:
    return VendorDetails(
        doc_id, name, f"{name} — 공장 에너지 절감", ("energy_management",), "소개", (), (), "설치 1주가 걸려요. 그 뒤 학습해요.", "",
        ("전국",), contact, True, "2026-11-01", SourceRef(doc_id, name, "솔루션 소개", "2026-11-01"),
    )


def test_a_contact_is_one_line_of_the_brief():  # E8
    text = format_contact(_details("v1", "가나에너지", "02-0000-0001 · a@b.example"))
    assert "연락처: 02-0000-0001 · a@b.example" in text and len(text.splitlines()) <= 3
    assert "연락처가 없어요" in format_contact(_details("v1", "가나에너지", None))


def test_a_comparison_sets_each_vendor_side_by_side_and_leaves_the_choice_to_the_consult():  # E8
    text = format_comparison([_details("v1", "가나에너지", None), _details("v2", "다라에너지", None)])
    assert "1. 가나에너지" in text and "2. 다라에너지" in text and "설치 1주가 걸려요." in text and "그 뒤 학습해요" not in text
    assert texts.VENDORS_COMPARE_OUTRO in text


# --- through the core ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def round_e_settings(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("qa-round-e")
    content = scratch / "content"
    for folder, names in (("programs", PROGRAMS), ("vendors", VENDORS)):
        (content / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(SHIPPED / folder / name, content / folder / name)
    return scratch_settings(scratch, content)


@pytest.fixture(scope="module")
def round_e_knowledge(round_e_settings):
    return built_knowledge(round_e_settings)


@pytest.fixture
def user(round_e_settings, round_e_knowledge, tmp_path):
    from bot.services import build_bot

    storage = round_e_settings.storage.model_copy(update={"url": f"sqlite:///{tmp_path / 'axbot.db'}"})
    return User(build_bot(round_e_settings.model_copy(update={"storage": storage}), knowledge=round_e_knowledge).assistant)


def _energy_proposals(user: User) -> list[str]:
    user.say("에너지 비용 줄이고 싶어요")
    [reply] = user.press(actions.SKIP)
    return list(reply.vendors)


@pytest.mark.models
def test_money_asked_in_dialect_after_an_answer_is_its_budget(user):  # E4
    user.say("실증산단 뭐예요")
    [reply] = user.say("돈은 얼마나 주노")
    assert reply.intent == "program_question" and "2,000억 원" in reply.text


@pytest.mark.models
def test_money_asked_in_dialect_with_no_program_is_a_program_question(user):  # E4
    [reply] = user.say("돈 마이 주나")
    assert reply.intent == "program_question" and reply.text != texts.ASSISTANT_OUT_OF_SCOPE


@pytest.mark.models
def test_a_summary_shows_the_last_answer_again_and_says_why(user):  # E4
    [answer] = user.say("실증산단 예산 얼마예요")
    [reply] = user.say("요약해줘")
    assert reply.text == f"{texts.ASSISTANT_SUMMARY_AS_IS}\n\n{answer.text}" and reply.sources == answer.sources


@pytest.mark.models
def test_a_summary_with_no_answer_before_asks_what_to_summarise(user):
    [reply] = user.say("요약해줘")
    assert reply.text == texts.ASSISTANT_SUMMARY_WHAT


@pytest.mark.models
def test_a_new_need_at_the_profile_prompt_replaces_the_pending_one(user):  # E8
    user.say("불량 검사")
    [reply] = user.say("물류 자동화")
    assert reply.vendors and set(reply.vendors) <= LOGISTICS


@pytest.mark.models
def test_vendors_asked_for_with_no_need_ask_for_the_need_first(user):  # E8
    [reply] = user.say("기업 상담")
    assert reply.text == texts.ASSISTANT_VENDOR_PROMPT
    [reply] = user.say("불량 검사")
    assert reply.text == texts.ASSISTANT_VENDOR_PROFILE_QUESTION
    [reply] = user.press(actions.SKIP)
    assert reply.vendors and "v01-visionmate" in reply.vendors


@pytest.mark.models
def test_more_energy_vendors_are_energy_vendors_or_none(user):  # E8
    first = _energy_proposals(user)
    [reply] = user.say("다른 업체도")
    assert "v06-presscare" not in reply.vendors and not set(reply.vendors) & set(first)
    assert "비용 관련" not in reply.text


@pytest.mark.models
def test_a_contact_question_gets_the_contact_line_and_a_comparison_the_vendors_side_by_side(user):  # E8
    shown = _energy_proposals(user)
    [reply] = user.say("두번째 업체 연락처")
    assert reply.vendors == (shown[1],) and "연락처: " in reply.text and texts.VENDORS_DETAILS_FEATURES not in reply.text
    assert actions.VENDOR_DETAILS + shown[1] in user.actions() and actions.VENDOR_BOOK + shown[1] in user.actions()
    [reply] = user.say("첫번째랑 비교하면")
    assert reply.text.startswith(texts.VENDORS_COMPARE_INTRO) and reply.vendors == (shown[0], shown[1])


@pytest.mark.models
@pytest.mark.parametrize("pasted", [
    INTRO * 40 + " 그래서 실증산단 예산이 궁금합니다.",
    "실증산단 예산 얼마예요? " + INTRO * 60,  # cut to 2,000 characters: the question is in the head
])
def test_a_long_paste_is_answered_for_its_question(user, pasted):  # E9
    reply = user.say(pasted)[-1]
    assert reply.intent == "program_question" and "2,000억 원" in reply.text


@pytest.mark.models
@pytest.mark.parametrize("text", ["5", "2", "1번이요"])
def test_a_bare_number_with_nothing_on_screen_gets_help(user, text):  # E11
    [reply] = user.say(text)
    assert reply.text == texts.ASSISTANT_NOTHING_TO_CHOOSE and actions.VENDORS in user.actions()


@pytest.mark.models
def test_a_dot_gets_the_help(user):  # E11
    [reply] = user.say("   .  ")
    assert reply.text == texts.ASSISTANT_HELP


@pytest.mark.models
def test_a_chinese_question_gets_the_language_hint_and_sql_does_not(user):  # E12
    [reply] = user.say("AX大篷车是什么？怎么申请？")
    assert reply.text == texts.ASSISTANT_DECLINE_FOREIGN
    [reply] = user.say("'; DROP TABLE bookings; --")
    assert "Our documents are in Korean" not in reply.text


@pytest.mark.models
@pytest.mark.parametrize("text", ["그래서 나한테 뭐가 좋은데", "아무거나"])
def test_what_is_in_it_for_me_says_what_the_bot_does_for_a_factory(user, text):  # E15
    [reply] = user.say(text)
    assert reply.text == texts.ASSISTANT_WHAT_I_DO and actions.VENDORS in user.actions()


@pytest.mark.models
@pytest.mark.parametrize("text", ["제 전화번호는 010-1234-5678이에요", "010 1234 5678로 전화 주세요"])
def test_a_phone_number_left_outside_a_booking_is_pointed_to_the_booking_not_answered(user, text):  # E6
    """It used to get the caravan's "contact not published" statement; the number is not kept."""
    [reply] = user.say(text)
    assert reply.text == texts.ASSISTANT_NUMBER_LEFT and {actions.BOOK, actions.HUMAN} <= set(user.actions())


@pytest.mark.models
def test_a_phone_number_with_a_consultant_asked_for_goes_to_the_handoff(user):
    [reply] = user.say("상담원 연결해 주세요 010-1234-5678")
    assert reply.text != texts.ASSISTANT_NUMBER_LEFT
