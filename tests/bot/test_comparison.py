"""Comparisons of programs: the side-by-side answer is composed from each program's own answer."""

import pytest

from bot import texts
from bot.answering import Answer, AnswerContext, NamedProgram
from bot.comparison import COMPARES, ComparingAnswerer
from bot.coordination import CoordinatedPart
from bot.conversation import SourceRef

CARAVAN = NamedProgram("산업단지 AX 카라반", "ax-caravan", "카라반")
TESTBED = NamedProgram("AX 실증산단 구축사업", "ax-testbed", "실증산단")
WEEK = NamedProgram("산업단지 위크", "week", "산단위크")


def quoted(kind: str, *quotes: tuple[str, str]) -> Answer:
    sources = tuple(SourceRef(doc_id, doc_id, "개요", "2025-05-20") for doc_id in dict.fromkeys(d for _, d in quotes))
    return Answer(kind, "…", tuple(s for s, _ in quotes), tuple(d for _, d in quotes), sources, tuple(d for _, d in quotes), 0.8, "")


class FakePrograms:
    """The extractive answerer's seam: which programs a question names, and an answer per question."""

    def __init__(self, named, answers, aspects=(), joined=()):
        self.named, self.answers, self._aspects, self.asked = named, answers, aspects if isinstance(aspects, dict) else list(aspects), []
        self.joined = [CoordinatedPart(label, question) for label, question in joined]

    def programs_named(self, question):
        return self.named.get(question, []) if isinstance(self.named, dict) else self.named

    def aspects(self, question):
        return self._aspects.get(question, []) if isinstance(self._aspects, dict) else self._aspects

    def coordinated(self, question):
        return self.joined

    def answer(self, question, context=None):
        self.asked.append(question)
        return self.answers.get(question, Answer("declined", "없어요", reason="low_confidence"))


class Inner:
    def __init__(self):
        self.asked = []

    def answer(self, question, context=None):
        self.asked.append((question, context))
        return Answer("answer", "inner")


@pytest.mark.parametrize("question", ["실증산단이랑 카라반 차이가 뭐예요?", "카라반 실증산단 비교해 주세요", "둘이 뭐가 달라요", "카라반 vs 실증산단", "헷갈려요 둘이"])
def test_comparison_wording_is_recognised(question):
    assert COMPARES.search(question.lower())


@pytest.mark.parametrize("question", ["카라반 언제 와요?", "다른 업체도 보여 주세요", "실증산단 예산 얼마예요"])
def test_other_questions_are_not_comparisons(question):
    assert not COMPARES.search(question.lower())


def test_each_program_is_answered_on_its_own_under_its_name_in_the_order_named():
    programs = FakePrograms([TESTBED, CARAVAN], {
        "AX 실증산단 구축사업은 어떤 사업인가요?": quoted("answer", ("테스트베드를 만들어요.", "ax-testbed")),
        "산업단지 AX 카라반은 어떤 사업인가요?": quoted("answer", ("기업을 찾아가요.", "ax-caravan-faq")),
    })
    answer = ComparingAnswerer(Inner(), programs).answer("실증산단이랑 카라반 차이가 뭐예요?")
    lines = answer.text.splitlines()
    assert lines[0] == texts.ANSWER_COMPARE_INTRO
    assert lines.index("▶ AX 실증산단 구축사업") < lines.index("“테스트베드를 만들어요.”") < lines.index("▶ 산업단지 AX 카라반") < lines.index("“기업을 찾아가요.”")
    assert answer.kind == "answer" and answer.query == "실증산단이랑 카라반 차이가 뭐예요?"
    assert answer.doc_ids == ("ax-testbed", "ax-caravan-faq") and answer.sentence_doc_ids == answer.doc_ids


def test_a_compared_detail_is_asked_by_the_users_name_and_another_programs_sentences_are_dropped():
    programs = FakePrograms([TESTBED, CARAVAN], {
        "실증산단 예산": quoted("answer", ("총 2,000억 원이에요.", "ax-testbed-faq")),
        # A search for the caravan's budget also finds the testbed's: not the caravan's fact.
        "카라반 예산": quoted("answer", ("총 2,000억 원이에요.", "ax-testbed-faq"), ("예산은 공개되지 않았어요.", "ax-caravan-faq")),
    }, aspects=["예산"])
    answer = ComparingAnswerer(Inner(), programs).answer("실증산단이랑 카라반 예산 차이")
    caravan_side = answer.text[answer.text.index("▶ 산업단지 AX 카라반"):]
    assert "2,000억" not in caravan_side and "공개되지 않았어요" in caravan_side
    assert programs.asked == ["실증산단 예산", "카라반 예산"]
    assert [source.doc_id for source in answer.sources] == ["ax-testbed-faq", "ax-caravan-faq"]


def test_an_unpublished_side_says_so_and_a_side_with_nothing_says_it_was_not_found():
    programs = FakePrograms([CARAVAN, TESTBED, WEEK], {
        "카라반 신청": quoted("not_published", ("신청 방법은 공개되지 않았어요.", "ax-caravan-faq")),
        "실증산단 신청": quoted("not_published", ("참여 방법은 공개되지 않았어요.", "ax-testbed-faq")),
    }, aspects=["신청"])
    answer = ComparingAnswerer(Inner(), programs).answer("카라반 실증산단 산단위크 신청 차이")
    assert answer.kind == "not_published" and answer.mentions_unpublished
    assert answer.text.count(texts.ANSWER_COMPARE_NOT_PUBLISHED) == 2
    assert answer.text.split("▶ 산업단지 위크")[1].strip().startswith(texts.ANSWER_COMPARE_NOT_FOUND)


@pytest.mark.parametrize("named, question", [
    ([CARAVAN, TESTBED], "카라반 언제 와요?"),  # not a comparison
    ([CARAVAN], "카라반이랑 뭐가 달라요?"),  # one program
    ([CARAVAN, TESTBED], "카라반이랑 실증산단 주차 차이"),  # nothing found on either side
])
def test_anything_else_goes_to_the_answerer_it_wraps_with_its_context(named, question):
    inner, context = Inner(), AnswerContext(previous_question="카라반이 뭐예요?")
    answer = ComparingAnswerer(inner, FakePrograms(named, {}, aspects=["주차"])).answer(question, context)
    assert answer.text == "inner" and inner.asked == [(question, context)]



def test_a_comparison_naming_one_program_sets_it_beside_the_previous_questions_on_its_aspects():
    """"카라반이랑 비교하면" after "산단위크 참가비": 산단위크 and the caravan, each on 참가비."""
    programs = FakePrograms({"산단위크 참가비": [WEEK], "카라반이랑 비교하면": [CARAVAN]}, {
        "산단위크 참가비": quoted("not_published", ("참가 비용은 공개되지 않았어요.", "week-faq")),
        "카라반 참가비": quoted("not_published", ("참여 비용은 공개되지 않았어요.", "ax-caravan-faq")),
    }, aspects={"산단위크 참가비": ["참가비"]})
    answer = ComparingAnswerer(Inner(), programs).answer("카라반이랑 비교하면", AnswerContext(previous_question="산단위크 참가비"))
    assert programs.asked == ["산단위크 참가비", "카라반 참가비"]
    assert answer.text.index("▶ 산업단지 위크") < answer.text.index("▶ 산업단지 AX 카라반")

def test_two_programs_joined_without_a_word_of_comparing_are_still_set_side_by_side():
    programs = FakePrograms([CARAVAN, TESTBED], {
        "카라반 예산": quoted("not_published", ("예산은 공개되지 않았어요.", "ax-caravan-faq")),
        "실증산단 예산": quoted("answer", ("총 2,000억 원이에요.", "ax-testbed-faq")),
    }, aspects=["예산"])
    answer = ComparingAnswerer(Inner(), programs).answer("카라반하고 실증산단 예산 알려줘요")
    assert answer.text.startswith(texts.ANSWER_COMPARE_INTRO) and answer.unpublished_aside
    assert programs.asked == ["카라반 예산", "실증산단 예산"]


WEEK_PARTS = [("기간", "산단위크 기간 알려줘요"), ("참가비", "산단위크 참가비 알려줘요")]


def test_joined_details_are_answered_one_by_one_under_their_names_with_the_users_context():
    programs = FakePrograms([WEEK], {
        "산단위크 기간 알려줘요": quoted("answer", ("9월 8일부터 14일까지 열려요.", "week-faq")),
        "산단위크 참가비 알려줘요": quoted("not_published", ("참가 비용은 공개되지 않았어요.", "week-faq")),
    }, joined=WEEK_PARTS)
    context = AnswerContext(previous_question="산단위크가 뭐예요?", previous_doc_ids=("week",))
    inner = Inner()
    answer = ComparingAnswerer(inner, programs).answer("산단위크 기간이랑 참가비 알려줘요", context)
    lines = answer.text.splitlines()
    assert lines[0] == texts.ANSWER_PARTS_INTRO and inner.asked == []
    assert lines.index("▶ 기간") < lines.index("“9월 8일부터 14일까지 열려요.”") < lines.index("▶ 참가비")
    assert lines.index("▶ 참가비") < lines.index(texts.ANSWER_COMPARE_NOT_PUBLISHED) < lines.index("“참가 비용은 공개되지 않았어요.”")
    assert answer.kind == "answer" and answer.unpublished_aside and answer.query == "산단위크 기간이랑 참가비 알려줘요"
    assert answer.doc_ids == ("week-faq",) and [source.doc_id for source in answer.sources] == ["week-faq"]


def test_a_detail_the_documents_do_not_cover_is_said_not_found_and_a_consultant_may_know_more():
    programs = FakePrograms([WEEK], {
        "산단위크 기간 알려줘요": quoted("answer", ("9월 8일부터 14일까지 열려요.", "week-faq")),
    }, joined=WEEK_PARTS)
    answer = ComparingAnswerer(Inner(), programs).answer("산단위크 기간이랑 참가비 알려줘요")
    assert answer.text.split("▶ 참가비")[1].strip().startswith(texts.ANSWER_PART_NOT_FOUND)
    assert answer.kind == "answer" and answer.mentions_unpublished


@pytest.mark.parametrize("answers", [
    {},  # nothing found for any detail
    {  # one sentence answers both: one answer says it all
        "산단위크 기간 알려줘요": quoted("answer", ("9월 8일부터 14일까지, 참가비 없이 열려요.", "week")),
        "산단위크 참가비 알려줘요": quoted("answer", ("9월 8일부터 14일까지, 참가비 없이 열려요.", "week")),
    },
])
def test_joined_details_go_to_the_answerer_it_wraps_when_splitting_adds_nothing(answers):
    inner = Inner()
    answer = ComparingAnswerer(inner, FakePrograms([WEEK], answers, joined=WEEK_PARTS)).answer("산단위크 기간이랑 참가비 알려줘요")
    assert answer.text == "inner" and inner.asked == [("산단위크 기간이랑 참가비 알려줘요", None)]


def test_details_answered_by_a_sentence_already_shown_share_its_heading():
    programs = FakePrograms([TESTBED], {
        "실증산단 예산": quoted("answer", ("총 2,000억 원이에요.", "testbed-faq")),
        "실증산단 선정기준": quoted("not_published", ("선정 기준과 신청 기간은 공개되지 않았어요.", "testbed-faq")),
        "실증산단 신청기간": quoted("not_published", ("선정 기준과 신청 기간은 공개되지 않았어요.", "testbed-faq")),
    }, joined=[("예산", "실증산단 예산"), ("선정기준", "실증산단 선정기준"), ("신청기간", "실증산단 신청기간")])
    answer = ComparingAnswerer(Inner(), programs).answer("실증산단 예산이랑 선정기준이랑 신청기간")
    lines = answer.text.splitlines()
    assert "▶ 예산" in lines and "▶ 선정기준 · 신청기간" in lines and "▶ 신청기간" not in lines
    assert lines.count("“선정 기준과 신청 기간은 공개되지 않았어요.”") == 1
    assert answer.kind == "answer" and answer.sentences == ("총 2,000억 원이에요.", "선정 기준과 신청 기간은 공개되지 않았어요.")
