"""An instance to tune weights on: functions, a candidate pool and sites, scored once.

Re-weighting an :class:`Instance` does not score again: :func:`rescore` recombines the
stored components with other weights (by :meth:`matcher.Weights.combine`, the one score
formula), so sweeps are cheap. :func:`top_candidates` ranks as the shortlist does, without
explanations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from matcher.carving import CarveParams, Carving, Function, carve
from matcher.demo import demo_files
from matcher.inputs.loaders import load_candidates, load_tasks
from matcher.matching.assign import Assignment, Objective, assign
from matcher.matching.score import PairScores, score_pairs
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import Pool, Sites

__all__ = ["Instance", "rescore", "top_candidates"]


@dataclass(frozen=True)
class Instance:
    """Functions, a candidate pool and sites, with every pair scored once.

    Re-weighting an instance (:meth:`scored`) does not score again: see :func:`rescore`.

    Parameters
    ----------
    scores
        All pairs scored with some weights (normally the defaults).
    name
        A label for tables and plots.
    """

    scores: PairScores
    name: str = "instance"

    @classmethod
    def from_parts(cls, functions: Sequence[Function], pool: Pool, sites: Sites,
                   name: str = "instance", weights: Weights | None = None) -> Instance:
        """Score every function x candidate pair once and wrap the result."""
        return cls(score_pairs(functions, pool, sites, weights or Weights()), name)

    @classmethod
    def demo(cls, names: Sequence[str] = ("vo", "po"), pool: Pool | None = None,
             params: CarveParams | None = None) -> Instance:
        """The demo school(s), carved, against the demo pool of 600 profiles.

        Parameters
        ----------
        names
            Demo inventories (``"vo"``, ``"po"``). With more than one, function ids get the
            demo name as prefix (``vo-F01``) and the sites are combined (the pool lives
            around both Amersfoort and Ede, so both are the natural instance).
        pool
            Candidate pool; defaults to the shipped demo pool.
        params
            Carve settings; defaults to :class:`matcher.CarveParams`.
        """
        if not names:
            raise ValueError("Instance.demo needs at least one demo name.")
        functions: list[Function] = []
        site_frames: list[pd.DataFrame] = []
        for name in names:
            files = demo_files(name)
            inventory = load_tasks(files.tasks, files.sites)
            carving: Carving = carve(inventory, params)
            for f in carving.functions:
                functions.append(f if len(names) == 1 else
                                 replace(f, function_id=f"{name}-{f.function_id}"))
            site_frames.append(inventory.sites.frame)
        frame = pd.concat(site_frames, ignore_index=True)
        if frame["site"].duplicated().any():
            raise ValueError("Instance.demo needs distinct site ids across the demos.")
        pool = pool if pool is not None else load_candidates(demo_files(names[0]).candidates)
        return cls.from_parts(functions, pool, Sites(frame), "+".join(names))

    @property
    def functions(self) -> Any:
        """The functions, as :class:`matcher.PairScores` holds them (accepted by
        :func:`matcher.score_pairs`)."""
        return self.scores.functions

    @property
    def function_ids(self) -> list[str]:
        """Function ids in order."""
        return _function_ids(self.scores)

    @property
    def pool(self) -> Pool:
        """The candidate pool."""
        return self.scores.pool

    @property
    def sites(self) -> Sites:
        """The sites."""
        return self.scores.sites

    def scored(self, weights: Weights) -> PairScores:
        """The pairs scored with ``weights`` (re-weighted, not scored again)."""
        if weights == self.scores.weights:
            return self.scores
        return rescore(self.scores, weights)

    def assign(self, weights: Weights, objective: Objective = "placements") -> Assignment:
        """The optimal assignment under ``weights``."""
        return assign(self.scored(weights), objective)

    def summary(self) -> dict[str, int | str]:
        """Name, functions, candidates, pairs and feasible pairs."""
        frame = self.scores.frame
        return {"name": self.name, "functions": len(self.functions),
                "candidates": len(self.pool), "pairs": len(frame),
                "feasible_pairs": int(frame["feasible"].sum())}


def _function_ids(scores: PairScores) -> list[str]:
    """Function ids of scored pairs, whether PairScores holds functions or a table."""
    functions: Any = scores.functions
    ids = getattr(functions, "ids", None)
    if ids is not None:
        return [str(i) for i in ids]
    return [str(f.function_id) for f in functions]


def rescore(scores: PairScores, weights: Weights) -> PairScores:
    """The same pairs scored with other weights, without computing the components again.

    The score is :meth:`matcher.Weights.combine` (the weighted mean, unknown values counted
    as ``weights.unknown_value``) and ``confidence`` :meth:`matcher.Weights.confidence`,
    as :func:`matcher.score_pairs` computes them from its (unrounded) components.
    The frame holds components rounded to 4 decimals, so a re-weighted score can differ
    from a fresh :func:`matcher.score_pairs` by at most 1e-4. When ``reference_km`` or
    ``level_tolerance`` change (they change components or knock-outs), the pairs are scored
    again with :func:`matcher.score_pairs`.
    """
    old = scores.weights
    if (weights.reference_km != old.reference_km
            or weights.level_tolerance != old.level_tolerance):
        return score_pairs(scores.functions, scores.pool, scores.sites, weights,
                           pairs=(scores.f_index, scores.c_index))
    frame = scores.frame.copy()
    comps = frame[list(COMPONENTS)].to_numpy(dtype=float)
    frame["score"] = np.round(weights.combine(comps), 4)
    frame["confidence"] = np.round(weights.confidence(comps), 3)
    return replace(scores, frame=frame, weights=weights)


def top_candidates(scores: PairScores, top: int = 10) -> pd.DataFrame:
    """The ``top`` feasible pairs per function with their rank (as :func:`matcher.shortlist`).

    Same order as the shortlist (score descending, ties by candidate_id) without the
    explanations, so it is cheap enough for sweeps. Columns: those of ``scores.frame``
    plus ``rank``.
    """
    if top < 1:
        raise ValueError(f"top must be >= 1. Got {top}.")
    frame = scores.frame[scores.frame["feasible"]]
    frame = frame.sort_values(["function_id", "score", "candidate_id"],
                              ascending=[True, False, True], kind="stable")
    ranked = frame.assign(rank=frame.groupby("function_id").cumcount() + 1)
    return ranked[ranked["rank"] <= top].reset_index(drop=True)
