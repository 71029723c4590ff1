"""A seeded, synthetic history of past placements with a known outcome model.

There is no real outcome data in this project, so the notebook that learns weights from
outcomes (``notebooks/02_learn_weights.ipynb``) runs on a generated history whose truth is
known, which shows how well learning recovers it:

1. A large synthetic candidate pool is drawn with :func:`matcher.demo.generate_candidates`
   (another seed than the shipped demo pool) and scored against the demo functions.
2. Past placements are drawn from the feasible pairs, without replacement, with
   probability proportional to ``exp(selectivity * score)`` under the default weights:
   placement officers picked good matches, but not always the best. A pair stands for one
   placement in some past year; the same pseudonymous profile may appear in several
   functions over the years.
3. The outcome "still employed after 6 months" is drawn from a logistic model on the
   score components with the **true weights** :data:`TRUE_WEIGHTS` (the scorer's formula,
   :meth:`matcher.Weights.combine`: unknown components count as ``unknown_value``), plus
   Gaussian noise on the log-odds for everything the components do not capture
   (:class:`OutcomeModel`).

Same arguments and seed give the same history. With the defaults (30,000 placements),
:func:`matcher.analysis.learning.learn_weights` recovers every true weight within
:data:`RECOVERY_TOLERANCE`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from matcher.analysis.instance import Instance
from matcher.demo import generate_candidates
from matcher.inputs.loaders import load_candidates
from matcher.matching.score import score_pairs
from matcher.matching.weights import COMPONENTS, Weights

__all__ = [
    "RECOVERY_TOLERANCE",
    "TRUE_WEIGHTS",
    "History",
    "OutcomeModel",
    "generate_history",
]

#: The weights the demo history's outcomes are drawn with. They differ from the defaults
#: on purpose (more weight on travel and load, less on hours and availability), so that
#: learning has something to find.
TRUE_WEIGHTS = Weights(travel=0.30, hours=0.10, level=0.20, availability=0.10, load=0.20,
                       wishes=0.10)

#: Largest absolute difference between learned and true normalised weights that the
#: default demo history guarantees (checked by ``tests/analysis/test_learning.py``).
RECOVERY_TOLERANCE = 0.03


@dataclass(frozen=True)
class OutcomeModel:
    """The true model of "still employed after 6 months" in the synthetic history.

    ``logit P = intercept + slope * s + e``, with ``s`` the score of the pair under
    ``weights`` (in [0, 1]; unknown components count as ``weights.unknown_value``) and
    ``e ~ N(0, noise_sd)`` per placement.

    Parameters
    ----------
    weights
        True component weights [:data:`TRUE_WEIGHTS`].
    slope
        Log-odds per unit of score [10]: 0.1 more score multiplies the odds by e.
    intercept
        Log-odds at score 0 [-5.2]; about 60% of the default history stays employed.
    noise_sd
        Standard deviation of the unexplained log-odds per placement [0.5].
    """

    weights: Weights = field(default_factory=lambda: TRUE_WEIGHTS)
    slope: float = 10.0
    intercept: float = -5.2
    noise_sd: float = 0.5

    def __post_init__(self) -> None:
        if not self.slope > 0:
            raise ValueError(f"OutcomeModel.slope must be > 0. Got {self.slope}.")
        if not self.noise_sd >= 0:
            raise ValueError(f"OutcomeModel.noise_sd must be >= 0. Got {self.noise_sd}.")

    def true_score(self, frame: pd.DataFrame) -> np.ndarray:
        """Score of each row (component columns, NaN = unknown) under the true weights."""
        return np.asarray(self.weights.combine(frame[list(COMPONENTS)].to_numpy(dtype=float)))

    def logit(self, frame: pd.DataFrame) -> np.ndarray:
        """Log-odds of a good outcome per row, without the noise."""
        return np.asarray(self.intercept + self.slope * self.true_score(frame))

    def probability(self, frame: pd.DataFrame) -> np.ndarray:
        """Probability of a good outcome per row, without the noise (its median)."""
        return np.asarray(1.0 / (1.0 + np.exp(-self.logit(frame))))


@dataclass(frozen=True)
class History:
    """Past placements and their outcome.

    ``frame`` has one row per placement: placement_id, function_id, candidate_id, the six
    components (NaN = unknown), distance_km, score and confidence (default weights, what
    the placer saw), and employed_6m (1 = still employed after 6 months, else 0).
    """

    frame: pd.DataFrame
    model: OutcomeModel
    seed: int
    pool_size: int

    def summary(self) -> dict[str, float | int]:
        """Placements, outcome rate, and the share of each component that is known."""
        frame = self.frame
        out: dict[str, float | int] = {"placements": len(frame),
                                       "employed_6m_rate": round(float(
                                           frame["employed_6m"].mean()), 3)}
        for c in COMPONENTS:
            out[f"{c}_known"] = round(float(frame[c].notna().mean()), 3)
        return out


def generate_history(n_placements: int = 30_000, *, seed: int = 2025,
                     pool_size: int = 80_000, model: OutcomeModel | None = None,
                     instances: Sequence[Instance] | None = None,
                     selectivity: float = 3.0) -> History:
    """Generate a synthetic placement history with known true weights (see module doc).

    Parameters
    ----------
    n_placements
        Placements to draw [30,000]; at most the number of feasible pairs.
    seed
        Seed of the pool, the placements and the outcomes [2025].
    pool_size
        Size of the generated candidate pool [80,000]; against the 8 demo functions it
        gives about 35,000 feasible pairs (a sixth of the profiles fit at least one
        function, most of those several).
    model
        The true outcome model [:class:`OutcomeModel` defaults].
    instances
        Instances whose functions and sites are used (their pools are not); defaults to
        :meth:`matcher.analysis.instance.Instance.demo` (both demo inventories, carved).
    selectivity
        How strongly placers preferred high scores [3].
    """
    if n_placements < 1 or pool_size < 1:
        raise ValueError("generate_history needs n_placements >= 1 and pool_size >= 1.")
    model = model or OutcomeModel()
    if instances is None:
        instances = [Instance.demo()]
    rng = np.random.default_rng(seed)
    raw = generate_candidates(pool_size, seed)
    raw["candidate_id"] = "H" + raw["candidate_id"].str[1:]
    pool = load_candidates(raw.to_csv(index=False).encode(), name="history.csv")
    frames = [score_pairs(inst.scores.functions, pool, inst.sites).frame for inst in instances]
    feasible = pd.concat(frames, ignore_index=True)
    feasible = feasible[feasible["feasible"]].reset_index(drop=True)
    if n_placements > len(feasible):
        raise ValueError(f"Only {len(feasible)} feasible pairs for {n_placements} placements: "
                         f"raise pool_size.")
    p = np.exp(selectivity * feasible["score"].to_numpy(dtype=float))
    chosen = np.sort(rng.choice(len(feasible), size=n_placements, replace=False,
                                p=p / p.sum()))
    placed = feasible.iloc[chosen].reset_index(drop=True)
    noise = rng.normal(0.0, model.noise_sd, len(placed)) if model.noise_sd > 0 else 0.0
    probability = 1.0 / (1.0 + np.exp(-(model.logit(placed) + noise)))
    employed = (rng.random(len(placed)) < probability).astype(int)
    frame = pd.DataFrame({
        "placement_id": [f"P{k + 1:05d}" for k in range(len(placed))],
        "function_id": placed["function_id"].to_numpy(),
        "candidate_id": placed["candidate_id"].to_numpy(),
        **{c: placed[c].to_numpy(dtype=float) for c in COMPONENTS},
        "distance_km": placed["distance_km"].to_numpy(dtype=float),
        "score": placed["score"].to_numpy(dtype=float),
        "confidence": placed["confidence"].to_numpy(dtype=float),
        "employed_6m": employed,
    })
    return History(frame, model, seed, pool_size)
