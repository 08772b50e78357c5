"""Fixtures shared by every test package. Every path a test writes is under tmp_path."""

from pathlib import Path

import pytest

from embeddings.hashing import HashingEmbedder
from knowledge.morphology import KoreanTokenizer
from knowledge.settings import KnowledgeSettings


@pytest.fixture(scope="session")
def tokenizer() -> KoreanTokenizer:
    # Kiwi takes over a second to load: one instance for the whole run.
    return KoreanTokenizer()


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder(dimension=128)


@pytest.fixture
def knowledge_settings(tmp_path: Path) -> KnowledgeSettings:
    content = tmp_path / "content"
    content.mkdir()
    return KnowledgeSettings(
        sources=[content, tmp_path / "uploads"],
        uploads_dir=tmp_path / "uploads",
        index_dir=tmp_path / "index",
        reload_check_s=0,
    )
