"""Rules the assistant applies to a message before routing it: what a follow-up's length is, what
the previous question was about, what points back at a vendor."""


import pytest

from bot.assistant import BACK_REFERENCE, DETAIL_ALONE, MAX_FOLLOW_UP_CHARS, VENDOR_NOUN, _without_fillers, question_topic
from knowledge.morphology import KoreanTokenizer


@pytest.mark.parametrize("text, left", [
    ("ㅋㅋㅋㅋ 그니까 그거 언제까지냐고요", "그거 언제까지냐고요"),
    ("아니 ㅠㅠ 몇 번 한다고요??", "몇 번 한다고요"),
    ("헐 😂 근데 어디서 해요", "어디서 해요"),
    ("그니까요 언제까지", "그니까요 언제까지"),  # a word that only starts like a filler stays
])
def test_laughter_and_fillers_do_not_count_toward_a_follow_ups_length(text, left):
    assert _without_fillers(text) == left
    assert len(_without_fillers("ㅋ" * 40 + " 그거 언제까지냐고요")) <= MAX_FOLLOW_UP_CHARS


def test_a_long_laugh_is_stripped_too():
    # Thousands of characters, as a user may paste: the pattern cannot backtrack into the runs.
    assert _without_fillers("ㅋ" * 2000 + "진짜요?" + "!" * 2000) == "진짜요"


@pytest.fixture(scope="module")
def tokenizer():
    return KoreanTokenizer()


@pytest.mark.parametrize("question, topic", [
    ("카라반 신청은 어떻게 해요?", "카라반 신청"),
    ("실증산단이 뭔가요?", "실증산단"),
    ("AX 실증산단 신청 자격이 어떻게 돼요?", "AX 실증산단 신청 자격"),
    ("카라반 신청은 어떻게 해요? 그건 언제까지예요?", "카라반 신청"),  # a follow-up's rewritten query
    ("예산은 얼마예요?", "예산"),
    ("어떻게 해요?", "어떻게 해요?"),  # no noun at all: the question as it was
])
def test_a_follow_up_gets_what_the_previous_question_was_about_not_how_it_was_asked(tokenizer, question, topic):
    assert question_topic(question, tokenizer) == topic


def test_no_previous_question_has_no_topic(tokenizer):
    assert question_topic(None, tokenizer) is None and question_topic("", tokenizer) is None


@pytest.mark.parametrize("text", ["그건 언제까지예요?", "그럼 그거 얼마예요?", "그 업체는 몇 년 됐어요?", "거기 직원 몇 명이에요?"])
def test_a_question_back_at_what_is_on_screen(text):
    assert BACK_REFERENCE.match(text)


@pytest.mark.parametrize("text", ["카라반 신청은 언제까지예요?", "그리고 예산은요?", "다른 업체도 있어요?"])
def test_a_question_of_its_own_is_not_a_back_reference(text):
    assert not BACK_REFERENCE.match(text)


@pytest.mark.parametrize("text, about_vendors", [("두번째 업체는요?", True), ("그 회사 연락처", True), ("두 번째 거요", False), ("거기 예산은요?", False)])
def test_only_a_vendor_in_so_many_words_is_about_vendors_when_none_is_on_screen(text, about_vendors):
    assert bool(VENDOR_NOUN.search(text)) is about_vendors


@pytest.mark.parametrize("text, alone", [
    ("장소는", True), ("참가비는요?", True), ("마감일은", True), ("ㅋㅋ 장소는요", True),
    ("저는요", False), ("너는", False), ("우리는", False), ("비용은 얼마", False), ("그건", False),
])
def test_a_detail_named_alone_after_an_answer_asks_about_it(text, alone):
    """"장소는" typed after 산단위크's dates is a question about its place, not chit-chat."""
    assert bool(DETAIL_ALONE.match(_without_fillers(text))) is alone
