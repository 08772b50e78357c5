"""The composition root: what a start of the bot does before the first user writes."""

from dataclasses import replace

import numpy as np

from bot.answering import load_answerability_model
from bot.conversation import Incoming
from bot.services import build_bot, build_knowledge
from bot.settings import Settings
from embeddings.saved_vectors import QUERY_VECTORS_FILE
from tests.embeddings.test_saved_vectors import CountingEmbedder
from tests.knowledge.kb_factory import write_program


def _settings(tmp_path) -> Settings:
    content = tmp_path / "content"
    write_program(content / "programs", "caravan", "산업단지 AX 카라반", "# 개요\n출범식에는 20개 AI 전문기업이 참여했어요.\n")
    return Settings.model_validate({
        "embeddings": {"provider": "hashing", "dimension": 64},
        "knowledge": {"sources": [str(content)], "uploads_dir": str(tmp_path / "uploads"), "index_dir": str(tmp_path / "index")},
        "storage": {"url": f"sqlite:///{tmp_path / 'axbot.db'}"},
    })


def test_a_restart_reuses_the_example_vectors_the_first_start_saved(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    starts: list[CountingEmbedder] = []

    def counting_embedder(_settings):
        starts.append(CountingEmbedder(dimension=64))
        return starts[-1]

    monkeypatch.setattr("bot.services.make_embedder", counting_embedder)
    first = build_knowledge(settings)
    first.builder.build()
    build_bot(settings, knowledge=first, warm_up=True)
    with np.load(tmp_path / "index" / QUERY_VECTORS_FILE) as data:
        saved = {str(text) for text in data["texts"]}
    assert len(saved) > 100 and saved <= set(starts[0].embedded)  # the intent router's examples

    build_bot(settings, knowledge=build_knowledge(settings), warm_up=True)
    assert starts[1].embedded == ["산업단지 AX 카라반"]  # the warm-up search alone: a query, not kept

    build_bot(settings, knowledge=build_knowledge(settings))  # `axbot ask`: no warm-up, the file still read
    assert starts[2].embedded == []


TESTBED_QA = (
    "## 실증산단은 몇 곳에 생겨요?\n"
    "비슷한 질문: 실증산단 몇 개 만들어요? / 실증산단 몇 군데예요?\n"
    "실증산단은 전국 10곳에 조성될 예정이에요.\n"
)


def _saved_texts(tmp_path) -> set[str]:
    with np.load(tmp_path / "index" / QUERY_VECTORS_FILE) as data:
        return {str(text) for text in data["texts"]}


def test_a_build_published_while_the_bot_runs_is_readied_before_a_user_asks(tmp_path, monkeypatch):
    settings = _settings(tmp_path)
    embedder = CountingEmbedder(dimension=64)
    monkeypatch.setattr("bot.services.make_embedder", lambda _settings: embedder)
    # Q&A questions are embedded only for the embedder the answerability model was fitted with.
    words_only = load_answerability_model("")
    monkeypatch.setattr("bot.answering.load_answerability_model", lambda name="": replace(words_only, embedder=name))
    knowledge = build_knowledge(settings)
    knowledge.builder.build()
    services = build_bot(settings, knowledge=knowledge, warm_up=True)
    preparer = services.index_preparer
    preparer.take_over()  # what the Telegram jobs do
    assert not preparer.refresh()  # no new build

    write_program(tmp_path / "content" / "programs", "testbed", "AX 실증산단", TESTBED_QA)
    knowledge.builder.build()  # what `axbot kb add` does from another process
    embedder.embedded.clear()
    assert preparer.refresh()
    new_questions = {"실증산단은 몇 곳에 생겨요?", "실증산단 몇 개 만들어요?", "실증산단 몇 군데예요?"}
    assert new_questions <= set(embedder.embedded)
    assert new_questions <= _saved_texts(tmp_path)  # and the next start reads them back
    assert not preparer.refresh()

    embedder.embedded.clear()
    replies = services.assistant.handle(Incoming(user_id="console:t", text="실증산단 몇 개 만들어요?"))
    assert "10곳" in replies[0].text
    assert set(embedder.embedded) <= {"실증산단 몇 개 만들어요?"}  # at most the user's own question
