"""Optimal one-to-one assignment of candidates to functions, shortlists and reasons.

**Objective.** Over feasible pairs only (no knock-out), find a one-to-one assignment that

* ``"placements"`` (default): first places as many people as possible, then has the
  highest total score among those assignments (lexicographic);
* ``"score"``: has the highest total score, even if that places fewer people.

Both are solved exactly as a maximum-weight bipartite matching with scipy's
``linear_sum_assignment`` (the Hungarian / Jonker-Volgenant method) on weights
``w = M + score`` (placements) or ``w = score`` (score) for feasible pairs and 0 for the
rest. With ``M = min(F, C) + 1`` one more placement is always worth more than any score
difference, which makes the lexicographic objective exact. Pairs of weight 0 chosen by the
solver are dropped from the result.

Every function and candidate left without a partner gets a Dutch reason.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from matcher.score import COMPONENT_LABELS_NL, COMPONENTS, KNOCKOUT_LABELS_NL, PairScores

__all__ = [
    "Assignment",
    "Objective",
    "assign",
    "assign_greedy",
    "shortlist",
    "solve_assignment",
    "why_not",
]

Objective = Literal["placements", "score"]


@dataclass(frozen=True)
class Assignment:
    """The chosen pairs and everyone left without one (with a reason)."""

    pairs: pd.DataFrame
    unassigned: pd.DataFrame
    objective: Objective

    @property
    def placements(self) -> int:
        """Number of people placed."""
        return len(self.pairs)

    @property
    def total_score(self) -> float:
        """Sum of the scores of the chosen pairs."""
        return round(float(self.pairs["score"].sum()), 4)

    def partner_of_function(self) -> dict[str, str]:
        """function_id -> assigned candidate_id."""
        return dict(zip(self.pairs["function_id"], self.pairs["candidate_id"], strict=True))

    def partner_of_candidate(self) -> dict[str, str]:
        """candidate_id -> assigned function_id."""
        return dict(zip(self.pairs["candidate_id"], self.pairs["function_id"], strict=True))


def _matching(n_f: int, n_c: int, f_idx: np.ndarray, c_idx: np.ndarray,
              weight: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight matching over non-negative pair weights (0 = not allowed)."""
    if n_f == 0 or n_c == 0 or len(weight) == 0:
        return []
    matrix = np.zeros((n_f, n_c))
    np.maximum.at(matrix, (f_idx, c_idx), weight)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if matrix[r, c] > 0]


def solve_assignment(n_functions: int, n_candidates: int, f_index: np.ndarray,
                     c_index: np.ndarray, score: np.ndarray,
                     objective: Objective = "placements") -> list[tuple[int, int]]:
    """The optimal one-to-one assignment over the given (feasible) pairs.

    Parameters
    ----------
    n_functions, n_candidates
        Sizes of the two sides.
    f_index, c_index, score
        The allowed pairs and their scores (>= 0); pairs not listed are not allowed.
    objective
        ``"placements"``: most pairs, then highest total score; ``"score"``: highest
        total score.

    Returns
    -------
    list of (function position, candidate position), sorted.
    """
    if objective not in ("placements", "score"):
        raise ValueError(f"objective must be 'placements' or 'score'. Got {objective!r}.")
    score = np.asarray(score, dtype=float)
    if len(score) and (np.isnan(score).any() or score.min() < 0):
        raise ValueError("scores must be >= 0 and not NaN.")
    big = min(n_functions, n_candidates) + 1.0
    weight = (big + score) if objective == "placements" else score + 1e-9
    return sorted(_matching(n_functions, n_candidates, np.asarray(f_index, dtype=np.int64),
                            np.asarray(c_index, dtype=np.int64), weight))


def assign(scores: PairScores, objective: Objective = "placements") -> Assignment:
    """Solve the assignment exactly over the feasible pairs.

    Parameters
    ----------
    scores
        Scored pairs from :func:`matcher.score_pairs`.
    objective
        ``"placements"`` (most people placed, then highest total score) or ``"score"``
        (highest total score).
    """
    frame = scores.frame
    feasible = frame["feasible"].to_numpy(bool)
    f_idx, c_idx = scores.f_index[feasible], scores.c_index[feasible]
    value = frame["score"].to_numpy(float)[feasible]
    n_f, n_c = len(scores.functions), len(scores.pool)
    matched = solve_assignment(n_f, n_c, f_idx, c_idx, value, objective)
    lookup = {(int(f), int(c)): float(s) for f, c, s in zip(f_idx, c_idx, value, strict=True)}
    fids = [f.function_id for f in scores.functions]
    cids = scores.pool.ids
    pairs = pd.DataFrame(
        [{"function_id": fids[f], "candidate_id": cids[c], "score": lookup[(f, c)]}
         for f, c in sorted(matched)],
        columns=["function_id", "candidate_id", "score"],
    )
    unassigned = _reasons(scores, pairs)
    return Assignment(pairs, unassigned, objective)


def assign_greedy(scores: PairScores) -> Assignment:
    """The baseline a user would otherwise follow (the Kandidatenverkenner way).

    Functions are taken in input order; each gets the best-scoring feasible candidate not
    yet taken. Used to measure what the exact assignment adds.
    """
    frame = scores.frame[scores.frame["feasible"]]
    frame = frame.sort_values(["f_index", "score", "candidate_id"],
                              ascending=[True, False, True], kind="stable")
    taken: set[str] = set()
    rows = []
    for _, group in frame.groupby("f_index", sort=True):
        for _, row in group.iterrows():
            if row["candidate_id"] not in taken:
                taken.add(row["candidate_id"])
                rows.append({"function_id": row["function_id"],
                             "candidate_id": row["candidate_id"], "score": row["score"]})
                break
    pairs = pd.DataFrame(rows, columns=["function_id", "candidate_id", "score"])
    return Assignment(pairs, _reasons(scores, pairs), "placements")


def _knockout_summary(codes: pd.Series) -> str:
    counter: Counter[str] = Counter()
    for text in codes:
        for code in str(text).split(";"):
            if code:
                counter[code] += 1
    return ", ".join(f"{n}x {KNOCKOUT_LABELS_NL[c]}" for c, n in counter.most_common())


def _reasons(scores: PairScores, pairs: pd.DataFrame) -> pd.DataFrame:
    """A Dutch reason for every function and candidate without a partner."""
    frame = scores.frame
    function_texts = ("no_feasible_candidate", "geen enkele kandidaat zonder knock-out",
                      "candidates_taken",
                      "alle {n} haalbare kandidaten zijn aan een andere functie toegewezen, "
                      "waar ze meer plaatsingen of een hogere totaalscore opleveren")
    candidate_texts = ("no_feasible_function", "past bij geen enkele functie",
                       "functions_taken",
                       "de {n} haalbare functie(s) zijn aan andere kandidaten toegewezen")
    rows = [
        *_side_reasons(frame, "function_id", [f.function_id for f in scores.functions],
                       set(pairs["function_id"]), "function", function_texts),
        *_side_reasons(frame, "candidate_id", scores.pool.ids, set(pairs["candidate_id"]),
                       "candidate", candidate_texts),
    ]
    return pd.DataFrame(rows, columns=["kind", "id", "reason_code", "reason"])


def _side_reasons(frame: pd.DataFrame, key: str, ids: list[str], taken: set[str], kind: str,
                  texts: tuple[str, str, str, str]) -> list[dict[str, str]]:
    """Reasons for one side: no feasible partner (knock-outs counted) or partners taken."""
    no_code, no_text, taken_code, taken_text = texts
    feasible = frame.groupby(key, sort=False)["feasible"].sum()
    knockouts = frame.loc[~frame["feasible"]].groupby(key, sort=False)["knockouts"]
    summaries = {k: _knockout_summary(v) for k, v in knockouts}
    rows = []
    for item in ids:
        if item in taken:
            continue
        n = int(feasible.get(item, 0))
        if n == 0:
            detail = summaries.get(item, "geen paren gescoord")
            rows.append({"kind": kind, "id": item, "reason_code": no_code,
                         "reason": f"{no_text} ({detail})"})
        else:
            rows.append({"kind": kind, "id": item, "reason_code": taken_code,
                         "reason": taken_text.format(n=n)})
    return rows


def shortlist(scores: PairScores, top: int = 10, assignment: Assignment | None = None
              ) -> pd.DataFrame:
    """The ``top`` best feasible candidates per function, ranked, with explanations.

    Columns: function_id, rank, candidate_id, score, confidence, one column per component
    (empty = unknown), assigned (whether the optimal assignment picked this pair) and a
    Dutch explanation. Ties in score are broken by candidate_id, so the list is stable.
    """
    if top < 1:
        raise ValueError(f"top must be >= 1. Got {top}.")
    frame = scores.frame[scores.frame["feasible"]].copy()
    frame = frame.sort_values(["function_id", "score", "candidate_id"],
                              ascending=[True, False, True], kind="stable")
    frame["rank"] = frame.groupby("function_id").cumcount() + 1
    frame = frame[frame["rank"] <= top]
    chosen = set()
    if assignment is not None:
        chosen = set(zip(assignment.pairs["function_id"], assignment.pairs["candidate_id"],
                         strict=True))
    from matcher.score import explain_pair

    explanations = [
        explain_pair(row, scores.functions[int(row["f_index"])],
                     scores.pool.frame.iloc[int(row["c_index"])], scores.weights)
        for _, row in frame.iterrows()
    ]
    out = frame[["function_id", "rank", "candidate_id", "score", "confidence",
                 *COMPONENTS]].copy()
    out["assigned"] = [(f, c) in chosen for f, c in zip(frame["function_id"],
                                                         frame["candidate_id"], strict=True)]
    out["explanation"] = explanations
    return out.reset_index(drop=True)


def why_not(scores: PairScores, function_id: str, candidate_id: str,
            assignment: Assignment | None = None) -> str:
    """Why a candidate is not (or not first) for a function: knock-outs or lost points.

    Names every knock-out; otherwise the components that cost most score (weight times
    shortfall), the rank on the function's list, and where the assignment put them.
    """
    row = scores.pair(function_id, candidate_id)
    base = scores.explain(function_id, candidate_id)
    if not row["feasible"]:
        return base
    w = scores.weights.vector() / scores.weights.vector().sum()
    losses = []
    for k, c in enumerate(COMPONENTS):
        value = row[c]
        filled = scores.weights.unknown_value if pd.isna(value) else float(value)
        loss = w[k] * (1 - filled)
        if loss > 0.005:
            losses.append((loss, c, pd.isna(value)))
    losses.sort(reverse=True)
    feasible = scores.frame[(scores.frame["function_id"] == function_id)
                            & scores.frame["feasible"]]
    rank = int((feasible["score"] > row["score"]).sum()) + 1
    text = f"Score {row['score']:.2f}, plaats {rank} van {len(feasible)} haalbare kandidaten."
    if losses:
        lost = ", ".join(f"{COMPONENT_LABELS_NL[c]} -{loss:.2f}" + (" (onbekend)" if unk else "")
                         for loss, c, unk in losses[:3])
        text += f" Grootste puntenverlies: {lost}."
    if assignment is not None:
        placed = assignment.partner_of_candidate().get(candidate_id)
        holder = assignment.partner_of_function().get(function_id)
        if placed == function_id:
            text += " Deze kandidaat is aan deze functie toegewezen."
        elif placed:
            text += f" Deze kandidaat is toegewezen aan {placed}."
        if holder and holder != candidate_id:
            text += f" De functie is toegewezen aan {holder}."
    return text + " " + base
