import numpy as np

from embeddings.base import normalise
from embeddings.vector_index import VectorIndex


def random_unit_vectors(rows: int, dimension: int = 16, seed: int = 7) -> np.ndarray:
    return normalise(np.random.default_rng(seed).normal(size=(rows, dimension)).astype(np.float32))


def test_search_returns_nearest_rows_best_first():
    vectors = random_unit_vectors(50)
    index = VectorIndex(16)
    index.add(vectors)
    results = index.search(vectors[13], k=3)
    assert results[0][0] == 13 and results[0][1] > 0.999
    assert [score for _, score in results] == sorted((score for _, score in results), reverse=True)


def test_allowed_rows_restrict_the_search():
    vectors = random_unit_vectors(50)
    index = VectorIndex(16)
    index.add(vectors)
    results = index.search(vectors[13], k=5, allowed=[2, 4, 6])
    assert {row for row, _ in results} == {2, 4, 6}
    assert index.search(vectors[13], k=5, allowed=[]) == []


def test_save_and_load_round_trip_without_pickle(tmp_path):
    vectors = random_unit_vectors(20)
    index = VectorIndex(16)
    index.add(vectors)
    index.save(tmp_path / "dense.faiss")
    loaded = VectorIndex.load(tmp_path / "dense.faiss")
    assert len(loaded) == 20 and loaded.dimension == 16
    np.testing.assert_allclose(loaded.reconstruct_all(), vectors, rtol=1e-6)
    assert loaded.similarity(vectors[3], 3) > 0.999


def test_empty_index_searches_to_nothing():
    index = VectorIndex(8)
    assert index.search(np.ones(8, dtype=np.float32), k=3) == []
    assert index.reconstruct_all().shape == (0, 8)
