import time

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel, GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.answering import AnswerContext, AnswerSettings, ExtractiveAnswerer
from bot.conversation import SourceRef
from bot.llm import SYSTEM_PROMPT, LlmAnswerer, LlmSettings, build_messages, check_reply, make_chat_model
from knowledge.retriever import HybridRetriever
from tests.bot.test_answering import build_sample_index
from tests.fakes.openai_server import FakeOpenAIServer, ScriptedReply

BUDGET = "실증산단 예산 총 투자 금액 얼마예요?"
TESTBED_SOURCE = SourceRef("testbed", "AX 실증산단 구축사업", "예산과 기간", "2025-09-04")


class FailingChatModel(FakeListChatModel):
    """A model whose server is down."""

    def _call(self, *args, **kwargs) -> str:
        raise ConnectionError("model server unreachable")


@pytest.fixture
def extractive(knowledge_settings, tokenizer, embedder) -> ExtractiveAnswerer:
    serving = build_sample_index(knowledge_settings, embedder, tokenizer)
    retriever = HybridRetriever(serving, embedder, tokenizer, knowledge_settings.retrieval)
    answerer = ExtractiveAnswerer(retriever, tokenizer, AnswerSettings(), min_confidence=0.2)
    # The tests below cite [1]: make sure passage 1 is the budget section.
    assert answerer.ground(BUDGET).hits[0].chunk.section == "예산과 기간"
    return answerer


def scripted(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=reply) for reply in replies]))


# --- citations and checks -------------------------------------------------------------------


def test_a_grounded_reply_with_a_valid_citation_is_kept_with_only_the_cited_source(extractive):
    llm = LlmAnswerer(scripted("AX 실증산단 구축사업은 2027년까지 총 2,000억 원을 투자해요 [1]."), extractive)
    answer = llm.answer(BUDGET)
    assert answer.kind == "answer"
    assert answer.text.startswith("AX 실증산단 구축사업은 2027년까지 총 2,000억 원을 투자해요 [1].")
    assert answer.sources == (TESTBED_SOURCE,) and answer.doc_ids == ("testbed",)
    assert answer.text.endswith("[1] AX 실증산단 구축사업 · 예산과 기간 (2025-09-04 기준)")
    assert answer.confidence == extractive.answer(BUDGET).confidence


def test_an_invented_citation_is_dropped_and_the_rest_kept(extractive):
    llm = LlmAnswerer(scripted("총 2,000억 원이에요 [1][9]. 국비는 1,400억 원이에요 [1, 9]."), extractive)
    answer = llm.answer(BUDGET)
    assert answer.text.splitlines()[0] == "총 2,000억 원이에요 [1]. 국비는 1,400억 원이에요 [1]."
    assert answer.sources == (TESTBED_SOURCE,)


def test_citations_are_renumbered_in_order_of_use(extractive):
    passages = extractive.ground(BUDGET).hits
    second = passages[1].chunk
    llm = LlmAnswerer(scripted("총 2,000억 원이에요 [1]. 참고로 다른 자료도 있어요 [2]."), extractive)
    answer = llm.answer(BUDGET)
    assert [source.doc_id for source in answer.sources] == ["testbed", second.doc_id]
    llm = LlmAnswerer(scripted("다른 자료에 따르면 그래요 [2]."), extractive)
    only_second = llm.answer(BUDGET)
    assert only_second.text.startswith("다른 자료에 따르면 그래요 [1].") and only_second.sources[0].doc_id == second.doc_id


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("총 2,000억 원이에요.", "no_valid_citation"),
        ("총 2,000억 원이에요 [9].", "no_valid_citation"),
        ("총 3,000억 원이에요 [1].", "number_not_in_cited_passages:3000"),
        ("   ", "empty_reply"),
    ],
)
def test_replies_without_grounding_fall_back_to_the_extractive_answer(extractive, reply, problem):
    passages = extractive.ground(BUDGET).hits
    assert check_reply(reply, passages).problem == problem
    assert LlmAnswerer(scripted(reply), extractive).answer(BUDGET) == extractive.answer(BUDGET)


def test_a_number_from_an_uncited_passage_is_not_enough(extractive):
    passages = extractive.ground(BUDGET).hits
    elsewhere = next(n for n, hit in enumerate(passages, start=1) if hit.chunk.doc_id != "testbed")
    # "2,000억" is in passage 1 only; citing another passage for it is an invented figure.
    assert check_reply(f"총 2,000억 원이에요 [{elsewhere}].", passages).problem.startswith("number_not_in_cited_passages")


def test_a_model_error_falls_back(extractive):
    assert LlmAnswerer(FailingChatModel(responses=["unused"]), extractive).answer(BUDGET) == extractive.answer(BUDGET)


def test_a_slow_model_times_out_and_falls_back_quickly(extractive):
    slow = FakeListChatModel(responses=["총 2,000억 원이에요 [1]."], sleep=1.0)
    started = time.perf_counter()
    answer = LlmAnswerer(slow, extractive, timeout_s=0.2).answer(BUDGET)
    assert answer == extractive.answer(BUDGET) and time.perf_counter() - started < 0.8


@pytest.mark.parametrize("question", ["법인세 신고 기한이 언제까지예요?", "카라반 참가비 있어요?", ""])
def test_declined_and_unpublished_questions_never_reach_the_model(extractive, question):
    model = FakeListChatModel(responses=["지어낸 답 [1].", "또 지어낸 답 [1]."])
    answer = LlmAnswerer(model, extractive).answer(question)
    assert answer == extractive.answer(question) and answer.kind != "answer" and model.i == 0


def test_the_prompt_numbers_passages_with_their_source_and_keeps_the_previous_question(extractive):
    passages = extractive.ground(BUDGET).hits
    system, user = build_messages("그건 언제까지 해요?", passages[:2], previous_question=BUDGET)
    assert system.content == SYSTEM_PROMPT and "[1]처럼" in system.content
    assert user.content.startswith("자료:\n[1] 제목: AX 실증산단 구축사업 / 섹션: 예산과 기간 / 기준일: 2025-09-04\n")
    assert "\n\n[2] 제목: " in user.content and "2027년까지 총 2,000억 원을 투자해요." in user.content
    assert user.content.endswith(f"이전 질문: {BUDGET}\n질문: 그건 언제까지 해요?")


# --- the chat model factory -----------------------------------------------------------------


def test_make_chat_model_builds_each_provider_lazily():
    from langchain_ollama import ChatOllama
    from langchain_openai import ChatOpenAI

    assert make_chat_model(LlmSettings()) is None
    openai = make_chat_model(LlmSettings(provider="openai", model="m", base_url="http://127.0.0.1:9/v1", timeout_s=3))
    assert isinstance(openai, ChatOpenAI) and openai.openai_api_base == "http://127.0.0.1:9/v1" and openai.max_retries == 0
    ollama = make_chat_model(LlmSettings(provider="ollama", model="qwen2.5:7b", base_url="http://127.0.0.1:9"))
    assert isinstance(ollama, ChatOllama) and ollama.model == "qwen2.5:7b"
    with pytest.raises(ValueError, match="llm.model"):
        make_chat_model(LlmSettings(provider="openai"))


def test_llm_settings_reject_unknown_keys_and_providers():
    with pytest.raises(ValueError):
        LlmSettings(provider="gemini")
    with pytest.raises(ValueError):
        LlmSettings(temprature=0.5)


# --- end to end through ChatOpenAI and a fake OpenAI-compatible server -------------------------


@pytest.fixture
def openai_server():
    with FakeOpenAIServer() as server:
        yield server
        server.assert_clean()


def openai_answerer(server: FakeOpenAIServer, extractive: ExtractiveAnswerer, timeout_s: float = 5.0) -> LlmAnswerer:
    settings = LlmSettings(provider="openai", model="fake-model", base_url=server.base_url, api_key="test-key", timeout_s=timeout_s)
    return LlmAnswerer(make_chat_model(settings), extractive, timeout_s=settings.timeout_s)


def test_end_to_end_the_server_sees_passages_and_question_and_the_answer_keeps_its_source(openai_server, extractive):
    openai_server.script("2027년까지 총 2,000억 원을 투자하고, 그중 국비는 1,400억 원이에요 [1].")
    answer = openai_answerer(openai_server, extractive).answer(BUDGET)
    assert answer.kind == "answer" and answer.sources == (TESTBED_SOURCE,)
    assert answer.text.startswith("2027년까지 총 2,000억 원을 투자하고, 그중 국비는 1,400억 원이에요 [1].")
    [request] = openai_server.requests
    assert request.body["model"] == "fake-model" and request.body["temperature"] == 0.1
    assert request.headers["authorization"] == "Bearer test-key"
    assert [m["role"] for m in request.messages] == ["system", "user"]
    prompt = request.text()
    assert SYSTEM_PROMPT in prompt and f"질문: {BUDGET}" in prompt
    assert "[1] 제목: AX 실증산단 구축사업 / 섹션: 예산과 기간" in prompt and "이 가운데 국비는 1,400억 원이에요." in prompt


def test_end_to_end_a_server_error_falls_back(openai_server, extractive):
    openai_server.script(ScriptedReply("overloaded", status=500))
    assert openai_answerer(openai_server, extractive).answer(BUDGET) == extractive.answer(BUDGET)


def test_end_to_end_a_slow_server_times_out(openai_server, extractive):
    openai_server.script(ScriptedReply("총 2,000억 원이에요 [1].", delay_s=1.5))
    started = time.perf_counter()
    assert openai_answerer(openai_server, extractive, timeout_s=0.3).answer(BUDGET) == extractive.answer(BUDGET)
    assert time.perf_counter() - started < 1.2


def test_end_to_end_a_follow_up_sends_the_previous_question(openai_server, extractive):
    openai_server.script("2027년까지예요 [1].")
    context = AnswerContext(previous_question=BUDGET, previous_doc_ids=("testbed",))
    answer = openai_answerer(openai_server, extractive).answer("그건 언제까지 해요?", context)
    assert answer.kind == "answer" and answer.text.startswith("2027년까지예요 [1].")
    assert f"이전 질문: {BUDGET}\n질문: 그건 언제까지 해요?" in openai_server.requests[0].text()
