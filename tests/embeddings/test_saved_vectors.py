import numpy as np

import embeddings.base

from embeddings.hashing import HashingEmbedder
from embeddings.saved_vectors import SavedQueryVectors


class CountingEmbedder(HashingEmbedder):
    """The hashing embedder, counting the texts it really embeds (cache hits are not counted)."""

    def __init__(self, dimension: int = 32):
        super().__init__(dimension)
        self.embedded: list[str] = []

    def embed_batch(self, texts, kind):
        self.embedded += list(texts)
        return super().embed_batch(texts, kind)


FIXED = ["카라반 신청은 어떻게 해요?", "실증산단 예산은 얼마예요?", "상담원 연결해 주세요"]


def test_a_restart_reads_the_vectors_back_instead_of_embedding_again(tmp_path):
    path = tmp_path / "index" / "query_vectors.npz"
    first = CountingEmbedder()
    expected = first.embed_queries(FIXED)
    assert SavedQueryVectors(path, first).save(FIXED)

    restarted = CountingEmbedder()
    assert SavedQueryVectors(path, restarted).load() == len(FIXED)
    np.testing.assert_allclose(restarted.embed_queries(FIXED), expected, rtol=1e-6)
    assert restarted.embedded == []
    restarted.embed_queries(["처음 보는 질문"])
    assert restarted.embedded == ["처음 보는 질문"]


def test_only_the_named_texts_are_written_never_other_queries(tmp_path):
    path = tmp_path / "query_vectors.npz"
    embedder = CountingEmbedder()
    embedder.embed_queries(["사용자가 물어본 개인적인 질문", *FIXED])
    SavedQueryVectors(path, embedder).save(FIXED)
    with np.load(path) as data:
        assert [str(text) for text in data["texts"]] == FIXED
    assert [p.name for p in tmp_path.iterdir()] == ["query_vectors.npz"]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o644  # readable by workers running as another user


def test_an_unchanged_set_is_not_rewritten_and_a_changed_one_is(tmp_path):
    path = tmp_path / "query_vectors.npz"
    SavedQueryVectors(path, CountingEmbedder()).save(FIXED)
    saved = SavedQueryVectors(path, CountingEmbedder())
    saved.load()
    assert not saved.save(list(reversed(FIXED)))
    assert saved.save(FIXED[:2] + ["새로 추가된 Q&A 질문"])
    restarted = CountingEmbedder()
    assert SavedQueryVectors(path, restarted).load() == 3


def test_another_embedders_file_is_ignored_and_replaced(tmp_path):
    path = tmp_path / "query_vectors.npz"
    SavedQueryVectors(path, CountingEmbedder(dimension=32)).save(FIXED)
    other = CountingEmbedder(dimension=64)
    saved = SavedQueryVectors(path, other)
    assert saved.load() == 0
    assert other.embed_queries(FIXED).shape == (3, 64) and other.embedded == FIXED
    assert saved.save(FIXED)
    assert SavedQueryVectors(path, CountingEmbedder(dimension=64)).load() == 3


def test_a_corrupt_file_is_ignored_and_rewritten(tmp_path, caplog):
    path = tmp_path / "query_vectors.npz"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    embedder = CountingEmbedder()
    saved = SavedQueryVectors(path, embedder)
    assert saved.load() == 0
    assert "query_vectors_unreadable" in caplog.text
    assert saved.save(FIXED)
    assert SavedQueryVectors(path, CountingEmbedder()).load() == 3


def test_an_unwritable_place_only_costs_the_next_start(tmp_path, caplog):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    saved = SavedQueryVectors(blocked / "query_vectors.npz", CountingEmbedder())
    assert not saved.save(FIXED)
    assert "query_vectors_not_saved" in caplog.text


def test_saved_vectors_outlive_a_flood_of_user_questions(tmp_path, monkeypatch):
    monkeypatch.setattr(embeddings.base, "QUERY_CACHE_SIZE", 4)
    path = tmp_path / "query_vectors.npz"
    SavedQueryVectors(path, CountingEmbedder()).save(FIXED)
    restarted = CountingEmbedder()
    SavedQueryVectors(path, restarted).load()
    restarted.embed_queries([f"사용자 질문 {number}" for number in range(10)])  # more than the cache holds
    restarted.embedded.clear()
    restarted.embed_queries(FIXED)
    assert restarted.embedded == []
    restarted.embed_queries(["사용자 질문 0"])  # the users' questions are the ones evicted
    assert restarted.embedded == ["사용자 질문 0"]
