"""Joined details found in Kiwi's analysis of real questions (the tokenizer is the real one)."""

import pytest

from bot.coordination import MAX_PARTS, coordinated_parts
from knowledge.morphology import KoreanTokenizer

TOKENIZER = KoreanTokenizer()


def parts(question: str, aspects: set[str]) -> list[tuple[str, str]]:
    return [(part.label, part.question) for part in coordinated_parts(question, TOKENIZER.analyse(question), aspects)]


@pytest.mark.parametrize("question, aspects, expected", [
    # A program named before the first detail stays around each detail.
    ("산단위크 기간이랑 참가비 알려줘요", {"기간", "참가비"}, [("기간", "산단위크 기간 알려줘요"), ("참가비", "산단위크 참가비 알려줘요")]),
    ("카라반 대상이랑 신청방법 알려주세요", {"대상", "신청", "방법"}, [("대상", "카라반 대상 알려주세요"), ("신청방법", "카라반 신청방법 알려주세요")]),
    ("KICEF 일정과 장소", {"일정", "장소"}, [("일정", "KICEF 일정"), ("장소", "KICEF 장소")]),
    ("카라반 대상 및 신청 방법", {"대상", "신청", "방법"}, [("대상", "카라반 대상"), ("신청 방법", "카라반 신청 방법")]),
    # A lone noun after a two-noun detail shares its first noun.
    ("신청 기간이랑 방법은요", {"신청", "기간", "방법"}, [("신청 기간", "신청 기간은요"), ("신청 방법", "신청 방법은요")]),
    ("기간, 장소, 참가비 알려줘요", {"기간", "장소", "참가비"}, [("기간", "기간 알려줘요"), ("장소", "장소 알려줘요"), ("참가비", "참가비 알려줘요")]),
    # Kiwi reads "대상하고" as the verb 대상하다: between two nouns it still joins them.
    ("카라반 대상하고 신청방법 알려줘요", {"대상", "신청", "방법"}, [("대상", "카라반 대상 알려줘요"), ("신청방법", "카라반 신청방법 알려줘요")]),
])
def test_each_joined_detail_becomes_a_question_of_its_own(question, aspects, expected):
    assert parts(question, aspects) == expected


@pytest.mark.parametrize("question, aspects", [
    ("카라반이랑 실증산단 예산 알려줘요", {"예산"}),  # programs joined: a comparison
    ("대표님이랑 같이 가도 돼요?", set()),  # a person, not a detail asked about
    ("카라반 예산 얼마예요?", {"예산"}),  # nothing joined
    ("공장 자동화하고 싶어요", {"자동화"}),  # 하고 before a verb joins nothing
    ("", set()),
])
def test_nothing_is_split_without_two_joined_details(question, aspects):
    assert parts(question, aspects) == []


def test_at_most_a_few_details_are_asked_one_by_one():
    question = "기간, 장소, 참가비, 연락처, 주차 알려줘요"
    found = parts(question, {"기간", "장소", "참가비", "연락처", "주차"})
    assert [label for label, _ in found] == ["기간", "장소", "참가비"][:MAX_PARTS]
