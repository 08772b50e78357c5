"""The composition root: what a start of the bot does before the first user writes."""

import numpy as np

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
