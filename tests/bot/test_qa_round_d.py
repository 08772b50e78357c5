"""QA round D (conversation, routing and profile): each defect's steps through the core, asserted on
the replies it returns; and the rules behind them, without a model.

The core runs over a small knowledge base written under tmp_path: two shipped program documents,
vendor briefs and two staff uploads named like vendors' trades ("물류 로봇", "프레스").
"""

import shutil
from pathlib import Path

import pytest

from bot import actions, texts
from bot.assistant import (
    ASKS_WHY,
    DECLINING,
    FOLLOW_UP_QUESTION,
    SAD,
    SHOW_AGAIN,
    TYPED_COMMAND,
    VENDOR_PRICE,
    _ends_after_courtesy,
)
from bot.conversation import Incoming, Reply
from bot.intents import match_rules, normalise
from bot.profile import extract_hints, validate_industry, value_in_edit_request, without_company_facts
from tests.core_setup import built_knowledge, scratch_settings
from tests.knowledge.kb_factory import write_program
from tests.e2e.core_user import CoreUser

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "knowledge/content"
PROGRAMS = ("ax-caravan.md", "ax-caravan-faq.md")
VENDORS = ("v01-visionmate.md", "v02-cleanscan.md", "v03-pcbeye.md", "v05-texvision.md", "v16-movinglab.md", "v17-stackcube.md")
CLOUD_BRIDGE = (
    "# 구름다리 물류 로봇 임차 지원\n구름다리 물류 로봇 임차 지원은 QA 테스트를 위한 가상의 지원사업이에요.\n\n"
    "## 지원 금액\n구름다리 물류 로봇 임차 지원의 지원 금액은 기업당 최대 1,870만 원이에요.\n\n"
    "## 접수 기간\n구름다리 물류 로봇 임차 지원 접수 기간은 2026년 4월 7일부터 4월 28일까지예요.\n"
)
STAR_PRESS = (
    "# 별똥별 프레스 예지보전 실증\n별똥별 프레스 예지보전 실증은 QA용 가상 사업이에요.\n\n"
    "## 지원 내용\n별똥별 실증 참여 기업은 센서 설치비를 한 대당 최대 410만 원까지 지원받아요.\n\n"
    "## 모집 기간\n별똥별 실증 모집 기간은 2026년 6월 2일부터 6월 23일까지예요.\n"
)


# --- the rules, without a model -----------------------------------------------------------


def _rule(text: str) -> str | None:
    return match_rules(normalise(text, 1000).compact)


@pytest.mark.parametrize("text", [
    "구름다리 물류 로봇 임차 지원 금액 얼마예요?", "구름다리 물류로봇 지원금 얼마", "별똥별 실증 모집기간",
    "별똥별 프레스 예지보전 실증 모집 기간 알려주세요", "로봇 임차 지원 대상이 어떻게 돼요",
])
def test_what_a_program_gives_and_when_to_apply_make_a_program_question(text):  # 4
    assert _rule(text) == "program_question"


@pytest.mark.parametrize("text", ["그 업체 지원 지역 어디예요", "물류 로봇 추천해 주세요"])
def test_a_vendors_support_area_is_not_a_program_detail(text):
    assert _rule(text) != "program_question"


@pytest.mark.parametrize("text", ["씨발 왜 대답을 못해", "왜 답을 안 해요", "아 짜증나네 ㅅㅂ", "대답을 왜 못해"])
def test_complaints_and_swearing_are_dissatisfaction(text):  # 10
    assert _rule(text) == "negative_feedback"


@pytest.mark.parametrize("text", ["시발점이 어디예요", "ㅅㅂ 프레스가 또 멈췄어요 업체 추천해줘"])
def test_a_need_said_with_a_swear_word_is_still_served(text):
    assert _rule(text) != "negative_feedback"


@pytest.mark.parametrize("text", ["ChatGPT보다 나아?", "너 gpt야?", "챗GPT랑 뭐가 달라요"])
def test_the_bot_compared_with_another_assistant_is_small_talk(text):  # 10
    assert _rule(text) == "small_talk"


def test_an_assistant_named_in_a_program_question_is_not_small_talk():
    assert _rule("ChatGPT 도입 지원 있어요?") != "small_talk"


@pytest.mark.parametrize("text", ["산업단지 반월시화로 바꿔줘", "산단 변경할게요", "공단 이름 바꿔주세요", "산업단지 수정하고 싶어요"])
def test_editing_the_complex_is_a_profile_request(text):  # 8
    assert _rule(text) == "profile"


@pytest.mark.parametrize("text", ["산업단지를 AI 혁신 공간으로 바꾸는 사업 뭐예요", "산업단지를 바꾸는 정책"])
def test_a_program_about_changing_complexes_is_not(text):
    assert _rule(text) != "profile"


@pytest.mark.parametrize("text, industry, typed, place, employees", [
    ("창원, 금형, 직원 40명", "금속가공", "금형", "경남 창원", 40),  # the profile screen's own example
    ("창원 금형, 직원 40명", "금속가공", "금형", "경남 창원", 40),
    ("창원국가산단 금형 40명", "금속가공", "금형", "경남 창원", 40),
    ("김해 사출 30명", "플라스틱·고무", None, "경남 김해", 30),
])
def test_a_profile_line_keeps_its_industry_even_a_process_word(text, industry, typed, place, employees):  # 8
    hints = extract_hints(text)
    assert (hints.industry, hints.industry_as_typed, hints.place, hints.employees) == (industry, typed, place, employees)
    assert not without_company_facts(text).replace("직원", "").replace("40명", "").replace("30명", "").strip(" ,")


@pytest.mark.parametrize("text", ["프레스", "금형 바꾸고 나서 불량이 많아요", "프레스 예지보전 하고 싶어요"])
def test_a_process_word_alone_or_in_a_problem_is_no_industry(text):
    assert extract_hints(text).industry is None
    assert "프레스" in without_company_facts(text) or "금형" in without_company_facts(text)


@pytest.mark.parametrize("text, value", [
    ("업종 금형으로 바꿔줘", "금형"), ("업종을 금형으로 바꿔 주세요", "금형"), ("업종 도자기로 바꿔주세요", "도자기"),
    ("산업단지 반월시화로 바꿔줘", "반월시화"), ("회사 이름 한빛정밀로 바꿔주세요", "한빛정밀"),
    ("업종 변경할게요", ""), ("산단 변경할게요", ""), ("업종 좀 바꿔주세요", ""),
])
def test_the_new_value_of_an_edit_request(text, value):
    assert value_in_edit_request(text) == value


def test_a_process_word_is_kept_as_written_and_a_trade_word_is_mapped():
    assert validate_industry("금형") == ("금형", None)
    assert validate_industry("사출") == ("플라스틱·고무", None)


@pytest.mark.parametrize("text, declining", [("ㄴㄴ 됐어요", True), ("아니요 괜찮아요", True), ("그냥 됐어요", True),
                                              ("아니요 카라반 궁금해요", False), ("아니 그게 아니라", False)])
def test_no_thanks(text, declining):  # 14
    assert bool(DECLINING.match(text)) is declining


@pytest.mark.parametrize("text, sad", [("😭😭", True), ("ㅠㅠ", True), ("ㅋㅋ", False), ("🙂", False)])
def test_crying(text, sad):  # 14
    assert bool(SAD.match(text)) is sad


@pytest.mark.parametrize("text, ends", [
    ("네 감사합니다 이제 끝낼게요", True), ("감사합니다 상담 종료할게요", True),
    ("이제 끝낼게요", False),  # the handoff service's own
    ("네 감사합니다 카라반 언제 와요", False), ("감사합니다", False),
])
def test_ending_a_handoff_behind_thanks(text, ends):
    assert _ends_after_courtesy(text) is ends


@pytest.mark.parametrize("text, asks", [("대통령 오나요", True), ("대통령 오나요?", True), ("날씨 어때요?", False), ("점심 뭐 먹지", False)])
def test_a_question_in_so_many_words_may_follow_an_answer_up_and_chit_chat_may_not(text, asks):  # 14
    assert bool(FOLLOW_UP_QUESTION.search(text)) is asks


@pytest.mark.parametrize("text, again", [("아까 그 업체들 다시 보여줘", True), ("근데 아까 그 검사업체 어디였지", True),
                                         ("아까 그 업체로 다시 예약할게요", False), ("아까 그 업체 연락처", False)])
def test_the_earlier_vendors_are_shown_again_only_when_asked_for_as_such(text, again):  # 6
    assert bool(SHOW_AGAIN.search(text)) is again


@pytest.mark.parametrize("text, price", [("그거 얼마임", True), ("가격은요?", True), ("비용은 얼마예요?", True),
                                         ("거기 설치 기간은 얼마나 걸려요", False), ("얼마 동안 써요", False)])
def test_a_price_question_is_not_a_question_of_how_long(text, price):  # 15
    assert bool(VENDOR_PRICE.search(text)) is price


@pytest.mark.parametrize("text, why", [("그건 왜 물어봐요?", True), ("왜요?", True), ("왜 업종을 알려줘야 돼요", True),
                                       ("왜 자꾸 불량이 나요", False)])
def test_asking_why_the_prompt_asks(text, why):  # 7
    assert bool(ASKS_WHY.search(text)) is why


@pytest.mark.parametrize("text, command", [("/start@otherbot", "start"), ("/help", "help"), ("/start 카라반", None), ("카라반", None)])
def test_a_command_typed_as_text(text, command):  # 17
    found = TYPED_COMMAND.match(text)
    assert (found.group(1) if found else None) == command


# --- the core, over a small knowledge base with two uploads ---------------------------------


@pytest.fixture(scope="module")
def round_d_settings(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("qa-round-d")
    content, uploads = scratch / "content", scratch / "uploads"
    for folder, names in (("programs", PROGRAMS), ("vendors", VENDORS)):
        (content / folder).mkdir(parents=True)
        for name in names:
            shutil.copy(SHIPPED / folder / name, content / folder / name)
    write_program(uploads, "qa-cloud-bridge", "구름다리 물류 로봇 임차 지원 (가상 QA)", CLOUD_BRIDGE, updated="2026-11-22")
    write_program(uploads, "qa-star-press", "별똥별 프레스 예지보전 실증", STAR_PRESS, updated="2026-11-22")
    return scratch_settings(scratch, content, uploads)


@pytest.fixture(scope="module")
def round_d_knowledge(round_d_settings):
    return built_knowledge(round_d_settings)


@pytest.fixture
def make_bot(round_d_settings, round_d_knowledge, tmp_path):
    """All bot services on the test's own database; `staff_chat_id` makes handoffs possible."""
    from bot.services import build_bot

    def make(staff_chat_id: int | None = None):
        updates = {
            "storage": round_d_settings.storage.model_copy(update={"url": f"sqlite:///{tmp_path / 'axbot.db'}"}),
            "handoff": round_d_settings.handoff.model_copy(update={"staff_chat_id": staff_chat_id}),
        }
        return build_bot(round_d_settings.model_copy(update=updates), knowledge=round_d_knowledge)

    return make


@pytest.fixture
def bot(make_bot):
    return make_bot()


class User(CoreUser):
    """A user of the core (tests/e2e/core_user.py) that can also tap a button of an earlier message."""

    def __init__(self, assistant, user_id: str = "tg:4242"):
        super().__init__(assistant, user_id)

    def tap(self, action: str) -> list[Reply]:
        """A button pressed on an earlier message (Telegram keeps them pressable)."""
        return self._turn(Incoming(self.user_id, action=action))

    def text(self) -> str:
        return "\n".join(reply.text for reply in self.last)

    def actions(self) -> list[str]:
        return [b.action for reply in self.last for b in reply.buttons]


def proposals(user: User, need: str = "용접 불량 검사 자동화 업체 추천해 주세요") -> list[str]:
    """Ask for vendors, skip the profile question: the proposed vendor ids."""
    user.say(need)
    [reply] = user.press(actions.SKIP)
    assert reply.vendors
    return list(reply.vendors)


@pytest.mark.models
@pytest.mark.parametrize("question, fact", [
    ("구름다리 물류 로봇 임차 지원 금액 얼마예요?", "1,870만 원"),
    ("구름다리 물류로봇 지원금 얼마", "1,870만 원"),
    ("구름다리 로봇 임차는 누가 하는 사업이에요?", "구름다리"),  # the upload's own name, no program word
])
def test_an_uploaded_program_with_robots_in_its_name_is_a_program_question(bot, question, fact):  # 4
    [reply] = User(bot.assistant).say(question)
    assert reply.intent == "program_question" and fact in reply.text
    assert texts.ASSISTANT_VENDOR_PROFILE_QUESTION not in reply.text


@pytest.mark.models
def test_with_proposals_on_screen_an_uploaded_program_question_is_answered_not_a_vendor_picker(bot):  # 4
    user = User(bot.assistant)
    proposals(user, "물류 로봇 업체 추천해 주세요")
    [reply] = user.say("별똥별 실증 모집기간")
    assert reply.intent == "program_question" and "6월 2일" in reply.text
    proposals(user, "물류 로봇 업체 추천해 주세요")
    [reply] = user.say("구름다리 물류 로봇 임차 지원 금액 얼마예요?")
    assert reply.intent == "program_question" and "1,870만 원" in reply.text


@pytest.mark.models
def test_a_robot_need_still_asks_for_vendors(bot):
    [reply] = User(bot.assistant).say("물류 로봇 도입하고 싶어요")
    assert reply.intent == "vendor_request"


@pytest.mark.models
def test_that_vendor_is_remembered_across_a_program_question(bot):  # 6
    user = User(bot.assistant)
    proposals(user)
    user.tap(actions.VENDOR_DETAILS + "v01-visionmate")
    user.say("카라반 뭐예요")
    [reply] = user.say("아까 그 업체 연락처")
    assert reply.vendors == ("v01-visionmate",) and "055-0000-0101" in reply.text
    user.say("카라반 언제 와요")
    user.say("아까 그 업체로 다시 예약할게요")
    user.press("bk:ok")
    assert "bk:t:program" not in user.actions()  # the vendor's consult, not "which kind of consult?"


@pytest.mark.models
def test_the_earlier_list_is_shown_again_after_program_questions(bot):  # 6
    user = User(bot.assistant)
    shown = proposals(user)
    user.say("카라반 뭐예요")
    [reply] = user.say("근데 아까 그 검사업체 어디였지")
    assert list(reply.vendors) == shown and all(any(a == actions.VENDOR_DETAILS + v for a in user.actions()) for v in shown)
    user.say("카라반 뭐예요")
    [reply] = user.say("아까 추천받은 업체 연락처요")
    assert reply.intent == "vendor_details" and texts.ASSISTANT_NO_VENDOR_LIST not in reply.text


@pytest.mark.models
def test_a_program_answer_still_takes_the_vendors_off_screen_for_there(bot):
    user = User(bot.assistant)
    proposals(user)
    [reply] = user.say("카라반 뭐예요")
    assert reply.intent == "program_question"
    [reply] = user.say("그건 언제까지예요?")  # about the caravan, not a vendor
    assert reply.intent == "program_question"


@pytest.mark.models
def test_other_vendors_asked_for_in_so_many_words_after_a_program_answer_are_the_next_ones(bot):  # 5
    user = User(bot.assistant)
    shown = proposals(user)
    user.say("카라반 뭐예요")
    [reply] = user.say("다른업체도")
    assert reply.intent == "vendor_request" and reply.vendors and not set(reply.vendors) & set(shown)

@pytest.mark.models
def test_a_program_question_at_the_industry_prompt_is_answered_and_the_prompt_asked_again(bot):  # 7
    user = User(bot.assistant)
    user.say("용접검사 업체 추천좀")
    replies = user.say("별똥별 실증 모집기간")
    assert "6월 2일" in replies[0].text and replies[-1].text == texts.ASSISTANT_VENDOR_PROFILE_AGAIN
    replies = user.say("카라반 언제 와요")
    assert replies[0].intent == "program_question" and replies[-1].text == texts.ASSISTANT_VENDOR_PROFILE_AGAIN
    [reply] = user.say("창원 자동차부품 45명")
    assert reply.intent == "vendor_request" and reply.vendors  # the need held all along


@pytest.mark.models
def test_a_price_question_at_the_industry_prompt_is_said_with_the_proposals(bot):  # 7
    user = User(bot.assistant)
    user.say("검사자동화업체")
    [reply] = user.say("거기 비용")
    assert reply.text.startswith(texts.VENDORS_PRICE_IN_CONSULT) and reply.vendors


@pytest.mark.models
def test_why_the_prompt_asks(bot):
    user = User(bot.assistant)
    user.say("용접검사 업체 추천좀")
    replies = user.say("그건 왜 물어봐요?")
    assert [r.text for r in replies] == [texts.ASSISTANT_VENDOR_PROFILE_WHY, texts.ASSISTANT_VENDOR_PROFILE_AGAIN]


@pytest.mark.models
@pytest.mark.parametrize("text", ["창원, 금형, 직원 40명", "창원 금형, 직원 40명"])
def test_the_profile_screens_example_keeps_the_industry(bot, text):  # 8
    user = User(bot.assistant)
    [reply] = user.say(text)
    assert reply.intent == "profile" and not reply.vendors and "업종 금형" in reply.text
    profile = bot.assistant._stores.profiles.get(user.user_id)
    assert (profile.industry, profile.region, profile.employees) == ("금형", "경남 창원", 40)


@pytest.mark.models
def test_under_the_profile_screen_a_complex_line_is_saved(bot):  # 8
    user = User(bot.assistant)
    user.command("profile")
    [reply] = user.say("창원국가산단 금형 40명")
    assert reply.text.startswith(texts.PROFILE_SAVED)
    profile = bot.assistant._stores.profiles.get(user.user_id)
    assert (profile.industry, profile.complex_name, profile.employees) == ("금형", "창원국가산업단지", 40)


@pytest.mark.models
def test_the_complex_can_be_edited(bot):  # 8
    user = User(bot.assistant)
    [screen] = user.command("profile")
    assert actions.PROFILE_EDIT + "complex_name" in user.actions()
    [reply] = user.say("산업단지 반월시화로 바꿔줘")
    assert reply.text.startswith(texts.PROFILE_SAVED)
    profile = bot.assistant._stores.profiles.get(user.user_id)
    assert (profile.complex_name, profile.region) == ("반월시화국가산업단지", "경기")
    user.press(actions.PROFILE_EDIT + "complex_name")
    user.say("창원국가산단")
    assert bot.assistant._stores.profiles.get(user.user_id).complex_name == "창원국가산업단지"


@pytest.mark.models
@pytest.mark.parametrize("text, saved", [("업종 금형으로 바꿔줘", "금형"), ("업종 도자기로 바꿔주세요", "도자기")])
def test_an_industry_edit_saves_the_words_named(bot, text, saved):  # 8
    user = User(bot.assistant)
    user.say(text)
    assert bot.assistant._stores.profiles.get(user.user_id).industry == saved


@pytest.mark.models
def test_an_industry_edit_without_a_value_asks_for_it(bot):
    user = User(bot.assistant)
    [reply] = user.say("업종 변경할게요")
    assert reply.text == texts.PROFILE_ASK["industry"]


@pytest.mark.models
@pytest.mark.parametrize("text", ["씨발 왜 대답을 못해", "왜 답을 안 해요"])
def test_a_complaint_gets_an_apology_and_a_consultant_and_is_kept_for_staff(bot, text):  # 10
    [reply] = User(bot.assistant).say(text)
    assert reply.text == texts.ASSISTANT_NEGATIVE and actions.HUMAN in [b.action for b in reply.buttons]
    assert text in [item.question for item in bot.assistant._stores.unanswered.open_items()]


@pytest.mark.models
def test_asking_whether_the_bot_beats_chatgpt_hears_what_it_is_for(bot):  # 10
    [reply] = User(bot.assistant).say("ChatGPT보다 나아?")
    assert reply.text == texts.ASSISTANT_ABOUT_ME


@pytest.mark.models
def test_no_thanks_after_a_refused_handoff_is_a_polite_close(bot):  # 14
    user = User(bot.assistant)
    user.say("상담원 연결좀")
    [reply] = user.say("ㄴㄴ 됐어요")
    assert reply.text == texts.ASSISTANT_OK_CLOSE


@pytest.mark.models
def test_crying_hears_sympathy_and_a_consultant(bot):  # 14
    [reply] = User(bot.assistant).say("😭😭")
    assert reply.text == texts.ASSISTANT_SYMPATHY and actions.HUMAN in [b.action for b in reply.buttons]


@pytest.mark.models
def test_a_question_right_after_an_answer_is_not_chit_chat(bot):  # 14
    user = User(bot.assistant)
    user.say("카라반 뭐예요")
    [reply] = user.say("대통령 오나요")
    assert reply.intent == "program_question" and reply.text != texts.ASSISTANT_ABOUT_ME


@pytest.mark.models
def test_a_detail_named_alone_after_an_answer_asks_about_that_program(bot):  # 5
    user = User(bot.assistant)
    user.say("카라반 신청")
    [reply] = user.say("언제까지")
    assert reply.intent == "program_question" and "신청 방법과 신청 기간" in reply.text
    user.say("카라반 행사 몇 번 해요")
    [reply] = user.say("장소는")
    assert reply.intent == "program_question" and reply.text != texts.ASSISTANT_ABOUT_ME and "카라반" in reply.text

@pytest.mark.models
def test_a_vendors_price_is_its_brief_terms_and_the_consult(bot):  # 15
    user = User(bot.assistant)
    proposals(user)
    user.tap(actions.VENDOR_DETAILS + "v02-cleanscan")
    [reply] = user.say("그거 얼마임")
    assert reply.text == texts.ASSISTANT_VENDOR_PRICE_IN_CONSULT.format(name="클린스캔")
    assert reply.buttons[0].action == actions.VENDOR_BOOK + "v02-cleanscan"
    user.tap(actions.VENDOR_DETAILS + "v01-visionmate")
    [reply] = user.say("가격은요?")
    assert "월 구독형" in reply.text and "분야:" not in reply.text  # the brief's terms, not the card again
    [reply] = user.say("그 업체 연락처")
    assert "055-0000-0101" in reply.text  # other details still open the card
    [reply] = user.say("거기 설치 기간은 얼마나 걸려요")  # how long, not how much
    assert "6~8주" in reply.text


@pytest.mark.models
def test_a_start_command_addressed_to_another_bot_starts(bot):  # 17
    [reply] = User(bot.assistant).say("/start@otherbot")
    assert reply.text == texts.ASSISTANT_WELCOME


@pytest.mark.models
def test_ending_a_handoff_with_thanks_first_ends_it(make_bot):  # round C 14
    services = make_bot(staff_chat_id=-100123)
    user = User(services.assistant)
    user.say("상담원 연결해 주세요")
    assert services.handoff.is_active(user.user_id)
    [reply] = user.say("네 감사합니다 이제 끝낼게요")
    assert reply.text == texts.HANDOFF_ENDED_FOR_USER and not services.handoff.is_active(user.user_id)
