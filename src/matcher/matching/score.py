"""Scoring function x candidate pairs: :func:`score_pairs` and its result, :class:`PairScores`.

Every pair gets the six components of :mod:`matcher.matching.components` (NaN = unknown),
its knock-outs, the score of :meth:`matcher.matching.weights.Weights.combine` (the weighted
mean, an unknown component counting as ``unknown_value``) and its confidence (the share of
weight that rests on known data; see ``docs/scoring.md``). Dense scoring keeps every pair
in a DataFrame; the sparse candidate graph (:mod:`matcher.matching.graph`) keeps feasible
pairs in compact :class:`PairArrays`. Explanations: :mod:`matcher.matching.explain`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from matcher.carving import Function
from matcher.matching.components import (
    KNOCKOUT_CODES,
    component_values,
    farthest_km,
    knockouts,
)
from matcher.matching.explain import explain_pair
from matcher.matching.tables import CandidateTable, FunctionTable
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import Pool, Sites

__all__ = ["PairArrays", "PairScores", "score_pairs", "score_units"]


@dataclass(frozen=True)
class _Scored:
    """Scores of a batch of pairs (arrays aligned with f_idx / c_idx)."""

    f_idx: np.ndarray
    c_idx: np.ndarray
    comps: np.ndarray
    score: np.ndarray
    confidence: np.ndarray
    distance: np.ndarray
    knock: np.ndarray

    @property
    def feasible(self) -> np.ndarray:
        """Whether each pair has no knock-out."""
        return np.asarray(~self.knock.any(axis=1))

    def take(self, keep: np.ndarray) -> _Scored:
        """The pairs at these positions (or where this mask is true)."""
        return _Scored(self.f_idx[keep], self.c_idx[keep], self.comps[keep], self.score[keep],
                       self.confidence[keep], self.distance[keep], self.knock[keep])


def _score_batch(ft: FunctionTable, ct: CandidateTable, site_lat: np.ndarray,
                 site_lon: np.ndarray, f_idx: np.ndarray, c_idx: np.ndarray,
                 weights: Weights, distance: np.ndarray | None = None,
                 knock: np.ndarray | None = None) -> _Scored:
    """Components, score, confidence and knock-outs of pairs; vectorised, no Python loop."""
    f_idx = np.asarray(f_idx, dtype=np.int64)
    c_idx = np.asarray(c_idx, dtype=np.int64)
    if distance is None:
        distance = farthest_km(ft, ct, site_lat, site_lon, f_idx, c_idx)
    if knock is None:
        knock = knockouts(ft, ct, f_idx, c_idx, distance, weights)
    comps = component_values(ft, ct, f_idx, c_idx, distance, weights)
    score = weights.combine(comps)
    confidence = weights.confidence(comps)
    return _Scored(f_idx, c_idx, comps, score, confidence, distance, knock)


@dataclass(frozen=True)
class PairArrays:
    """Scored pairs in compact arrays: what the sparse candidate graph keeps.

    ``f_idx`` / ``c_idx`` are positions in the functions and candidates (int32), and
    ``score_k`` the score in units of 1/10,000 (uint16): ``score_k / 10_000`` is exactly
    the score rounded to 4 decimals that :attr:`PairScores.frame` shows. Every pair is
    feasible. Ten bytes a pair, so the uncapped national graph (about 20 million pairs)
    takes about 200 MB.
    """

    f_idx: np.ndarray
    c_idx: np.ndarray
    score_k: np.ndarray

    def __len__(self) -> int:
        return len(self.f_idx)

    @property
    def score(self) -> np.ndarray:
        """The scores (rounded to 4 decimals, as float)."""
        return self.score_k / 10_000.0

    def take(self, keep: np.ndarray) -> PairArrays:
        """The pairs at these positions (or where this mask is true)."""
        return PairArrays(self.f_idx[keep], self.c_idx[keep], self.score_k[keep])


def score_units(score: np.ndarray) -> np.ndarray:
    """Scores in [0, 1] as uint16 units of 1/10,000 (``np.round(score, 4) * 10_000``)."""
    return np.rint(score * 10_000).astype(np.uint16)


class _LazyFrame:
    """The ``frame`` field of :class:`PairScores`: stored when given, else built from the
    compact pairs the first time it is read (and kept)."""

    def __get__(self, obj: object, objtype: type | None = None) -> pd.DataFrame | None:
        if obj is None:
            return None  # the dataclass default
        cached = obj.__dict__.get("_frame")
        if cached is None:
            cached = obj._rows(None)  # type: ignore[attr-defined]
            obj.__dict__["_frame"] = cached
        return cached

    def __set__(self, obj: object, value: pd.DataFrame | None) -> None:
        obj.__dict__["_frame"] = value


@dataclass(frozen=True, eq=False, repr=False)
class PairScores:
    """Scored function x candidate pairs.

    Dense scoring keeps every pair in ``frame``; the sparse candidate graph keeps its
    feasible pairs in ``pairs`` (:class:`PairArrays`, compact) and builds ``frame`` only
    when it is read. Use the array accessors (:attr:`f_index`, :attr:`c_index`,
    :attr:`score`, :attr:`feasible`) and :meth:`rows` for work at scale.

    ``frame`` has one row per kept pair: function_id, candidate_id, feasible, score,
    confidence, distance_km, one column per component (NaN = unknown), knockouts (codes
    joined by ``;``), f_index and c_index (positions in ``functions`` and ``pool``).
    ``knockouts_f`` / ``knockouts_c`` count, per function and per candidate, the scored
    pairs broken by each rule (columns in :data:`KNOCKOUT_CODES` order);
    ``feasible_f`` / ``feasible_c`` count the feasible pairs. When both ``frame`` and
    ``pairs`` are given (``dataclasses.replace`` with a new frame), the frame is the truth.
    """

    functions: FunctionTable
    pool: Pool
    sites: Sites
    weights: Weights
    candidates: CandidateTable
    knockouts_f: np.ndarray
    knockouts_c: np.ndarray
    feasible_f: np.ndarray
    feasible_c: np.ndarray
    method: str = "dense"
    frame: pd.DataFrame = _LazyFrame()  # type: ignore[assignment]
    pairs: PairArrays | None = None

    def __post_init__(self) -> None:
        if self.__dict__.get("_frame") is not None:
            object.__setattr__(self, "pairs", None)  # an explicit frame wins
        elif self.pairs is None:
            raise ValueError("PairScores needs a frame or pairs.")

    def __repr__(self) -> str:
        return (f"PairScores({len(self.functions)} functions x {len(self.candidates)} "
                f"candidates, {self.n_pairs:,} pairs, method={self.method!r})")

    @property
    def frame_built(self) -> bool:
        """Whether ``frame`` is held (given, or built by a read); the sparse graph builds it
        only when it is first read."""
        return self.__dict__.get("_frame") is not None

    @property
    def n_pairs(self) -> int:
        """Number of kept pairs."""
        return len(self.pairs) if self.pairs is not None else len(self.frame)

    def _cached(self, name: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        value = self.__dict__.get(name)
        if value is None:
            value = make()
            self.__dict__[name] = value
        return value

    @property
    def f_index(self) -> np.ndarray:
        """Function position of each pair (integers)."""
        if self.pairs is not None:
            return self.pairs.f_idx
        return self._cached("_f", lambda: np.asarray(self.frame["f_index"].to_numpy(),
                                                     dtype=np.int64))

    @property
    def c_index(self) -> np.ndarray:
        """Candidate position of each pair (integers)."""
        if self.pairs is not None:
            return self.pairs.c_idx
        return self._cached("_c", lambda: np.asarray(self.frame["c_index"].to_numpy(),
                                                     dtype=np.int64))

    @property
    def score(self) -> np.ndarray:
        """Score of each pair (rounded to 4 decimals, as in ``frame``)."""
        pairs = self.pairs
        if pairs is not None:
            return self._cached("_score", lambda: pairs.score)
        return self._cached("_score", lambda: self.frame["score"].to_numpy(float))

    @property
    def feasible(self) -> np.ndarray:
        """Whether each pair is feasible (no knock-out)."""
        if self.pairs is not None:
            n = len(self.pairs)
            return self._cached("_feasible", lambda: np.ones(n, dtype=bool))
        return self._cached("_feasible", lambda: self.frame["feasible"].to_numpy(bool))

    def rows(self, positions: np.ndarray) -> pd.DataFrame:
        """The ``frame`` rows of these pair positions (built without the whole frame)."""
        positions = np.asarray(positions, dtype=np.int64)
        if self.pairs is None:
            return self.frame.iloc[positions]
        return self._rows(positions)

    def _rows(self, positions: np.ndarray | None, block: int = 1_000_000) -> pd.DataFrame:
        pairs = self.pairs
        if pairs is None:
            raise ValueError("no compact pairs to build rows from")
        if positions is None:
            positions = np.arange(len(pairs))
        lat, lon = self._site_coords()
        parts = []
        for start in range(0, max(len(positions), 1), block):
            at = positions[start:start + block]
            scored = _score_batch(self.functions, self.candidates, lat, lon,
                                  pairs.f_idx[at], pairs.c_idx[at], self.weights)
            part = _frame(scored, self.functions, self.candidates)
            part["score"] = pairs.score_k[at] / 10_000.0  # the score the solver used
            parts.append(part)
        out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
        out.index = positions
        return out

    def locate(self, f: int, c: int) -> int | None:
        """Position of the pair (function position, candidate position), if kept."""
        hit = np.flatnonzero((self.f_index == f) & (self.c_index == c))
        return int(hit[0]) if len(hit) else None

    def pair(self, function_id: str, candidate_id: str) -> pd.Series:
        """The scores of one pair; scored on demand when the frame does not hold it."""
        f = np.flatnonzero(self.functions.ids == function_id)
        c = np.flatnonzero(self.candidates.ids == candidate_id)
        if not len(f) or not len(c):
            raise KeyError((function_id, candidate_id))
        at = self.locate(int(f[0]), int(c[0]))
        if at is not None:
            return self.rows(np.array([at])).iloc[0]
        scored = _score_batch(self.functions, self.candidates, *self._site_coords(),
                              np.array([f[0]]), np.array([c[0]]), self.weights)
        return _frame(scored, self.functions, self.candidates).iloc[0]

    def _site_coords(self) -> tuple[np.ndarray, np.ndarray]:
        return (self.sites.frame["lat"].to_numpy(float), self.sites.frame["lon"].to_numpy(float))

    def explain(self, function_id: str, candidate_id: str) -> str:
        """The Dutch explanation of one pair (why it scores as it does, or why not)."""
        row = self.pair(function_id, candidate_id)
        return explain_pair(row, self.functions, int(row["f_index"]),
                            self.pool.frame.iloc[int(row["c_index"])], self.sites)

    def coverage(self) -> pd.DataFrame:
        """Share of kept pairs with each component known."""
        n = len(self.frame)
        return pd.DataFrame([
            {"component": c, "known_share": round(float(self.frame[c].notna().mean()), 3)
             if n else 0.0} for c in COMPONENTS])


def _frame(s: _Scored, ft: FunctionTable, ct: CandidateTable) -> pd.DataFrame:
    codes = np.array(KNOCKOUT_CODES, dtype=object)
    if s.knock.any():
        knockouts = np.array([";".join(codes[row]) for row in s.knock], dtype=object)
    else:
        knockouts = np.full(len(s.f_idx), "", dtype=object)
    return pd.DataFrame({
        "function_id": ft.ids[s.f_idx],
        "candidate_id": ct.ids[s.c_idx],
        "feasible": s.feasible,
        "score": np.round(s.score, 4),
        "confidence": np.round(s.confidence, 3),
        "distance_km": np.round(s.distance, 1),
        **{c: np.round(s.comps[:, k], 4) for k, c in enumerate(COMPONENTS)},
        "knockouts": knockouts,
        "f_index": s.f_idx,
        "c_index": s.c_idx,
    })


def _count(index: np.ndarray, flags: np.ndarray, size: int) -> np.ndarray:
    """Per-entity counts of true flags (size x columns); zeros when there are no pairs."""
    if len(index) == 0:
        return np.zeros((size, len(KNOCKOUT_CODES)), dtype=np.int64)
    flags = flags.reshape(len(index), -1)
    return np.column_stack([np.bincount(index[flags[:, k]], minlength=size)
                            for k in range(flags.shape[1])]).astype(np.int64)


def score_pairs(
    functions: Sequence[Function] | FunctionTable, pool: Pool, sites: Sites,
    weights: Weights | None = None, pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> PairScores:
    """Score function x candidate pairs (every pair by default), vectorised over pairs.

    Parameters
    ----------
    functions
        Carved functions (see :func:`matcher.carve`) or a :class:`FunctionTable`.
    pool
        Candidate profiles (see :func:`matcher.load_candidates`).
    sites
        The sites the functions are at, with locations.
    weights
        Component weights and options; defaults to :class:`Weights`.
    pairs
        Optional (function positions, candidate positions) to score only those pairs.

    For many functions and candidates use :func:`matcher.matching.graph.candidate_graph`, which
    scores only pairs within travel reach.
    """
    weights = weights or Weights()
    ft = functions if isinstance(functions, FunctionTable) else \
        FunctionTable.from_functions(tuple(functions), sites)
    ct = CandidateTable.from_pool(pool)
    if pairs is None:
        grid_f, grid_c = np.meshgrid(np.arange(len(ft)), np.arange(len(ct)), indexing="ij")
        f_idx, c_idx = grid_f.ravel(), grid_c.ravel()
    else:
        f_idx, c_idx = (np.asarray(p, dtype=np.int64) for p in pairs)
    site_lat = sites.frame["lat"].to_numpy(float)
    site_lon = sites.frame["lon"].to_numpy(float)
    scored = _score_batch(ft, ct, site_lat, site_lon, f_idx, c_idx, weights)
    feasible = scored.feasible
    return PairScores(
        frame=_frame(scored, ft, ct), functions=ft, pool=pool, sites=sites, weights=weights,
        candidates=ct,
        knockouts_f=_count(scored.f_idx, scored.knock, len(ft)),
        knockouts_c=_count(scored.c_idx, scored.knock, len(ct)),
        feasible_f=np.bincount(scored.f_idx, weights=feasible, minlength=len(ft)).astype(int),
        feasible_c=np.bincount(scored.c_idx, weights=feasible, minlength=len(ct)).astype(int),
    )
