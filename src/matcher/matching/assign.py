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

For large problems (more than ``DENSE_MAX_CELLS`` function x candidate cells) the same
matching is solved on the sparse graph of feasible pairs with scipy's
``min_weight_full_bipartite_matching``: every node of the smaller side gets a private
dummy partner of cost ``K`` and every real pair costs ``K - w`` (``K = max w + 1``), so a
full matching always exists and its cost is ``n * K - sum(w)`` over the real pairs chosen:
minimising it is exactly maximising the weight. Both methods give the same optimum; the
tests check it on random instances.

Every function and candidate left without a partner gets a Dutch reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from matcher.matching.components import KNOCKOUT_CODES
from matcher.matching.explain import explain_pair
from matcher.matching.score import PairScores
from matcher.matching.weights import COMPONENTS
from matcher.text.catalogue import render
from matcher.text.format import nl_number
from matcher.text.labels import COMPONENT_LABELS_NL, KNOCKOUT_LABELS_NL

__all__ = [
    "Assignment",
    "Objective",
    "assign",
    "assign_greedy",
    "passed_over",
    "shortlist",
    "shortlist_candidates",
    "solve_assignment",
    "why_not",
]

Objective = Literal["placements", "score"]
Method = Literal["auto", "dense", "sparse"]

#: Above this many function x candidate cells the sparse solver is used (``method="auto"``).
DENSE_MAX_CELLS = 1_000_000


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
              weight: np.ndarray, method: Method = "auto",
              unique: bool = False) -> list[tuple[int, int]]:
    """Maximum-weight matching over positive pair weights (pairs not listed: not allowed)."""
    if n_f == 0 or n_c == 0 or len(weight) == 0:
        return []
    if method == "auto":
        method = "dense" if n_f * n_c <= DENSE_MAX_CELLS else "sparse"
    if method == "dense":
        matrix = np.zeros((n_f, n_c))
        np.maximum.at(matrix, (f_idx, c_idx), weight)
        rows, cols = linear_sum_assignment(matrix, maximize=True)
        return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if matrix[r, c] > 0]
    return _sparse_matching(n_f, n_c, f_idx, c_idx, weight, unique)


def _sparse_matching(n_f: int, n_c: int, f_idx: np.ndarray, c_idx: np.ndarray,
                     weight: np.ndarray, unique: bool = False) -> list[tuple[int, int]]:
    """Exact maximum-weight matching on a sparse graph via a full matching with dummies."""
    flip = n_c < n_f  # rows must be the smaller side
    rows, cols = (c_idx, f_idx) if flip else (f_idx, c_idx)
    n_rows, n_cols = (n_c, n_f) if flip else (n_f, n_c)
    key = rows.astype(np.int64) * n_cols + cols if not unique else None
    if key is not None and len(np.unique(key)) < len(key):  # keep the best of duplicates
        order = np.lexsort((-weight, key))
        first = np.ones(len(order), dtype=bool)
        first[1:] = key[order][1:] != key[order][:-1]
        sel = order[first]
        rows, cols, weight = rows[sel], cols[sel], weight[sel]
    big = float(weight.max()) + 1.0
    index = np.int32 if n_cols + n_rows < 2**31 else np.int64
    all_rows = np.concatenate([rows.astype(index, copy=False), np.arange(n_rows, dtype=index)])
    all_cols = np.concatenate([cols.astype(index, copy=False),
                               n_cols + np.arange(n_rows, dtype=index)])
    costs = np.concatenate([big - weight, np.full(n_rows, big)])
    # pairs grouped by ascending column (as the candidate graph gives them) make a
    # canonical matrix without sorting
    graph = csr_array((costs, (all_rows, all_cols)), shape=(n_rows, n_cols + n_rows))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(graph)
    real = matched_cols < n_cols
    pairs = list(zip(matched_rows[real].tolist(), matched_cols[real].tolist(), strict=True))
    return [(c, r) for r, c in pairs] if flip else pairs


def solve_assignment(n_functions: int, n_candidates: int, f_index: np.ndarray,
                     c_index: np.ndarray, score: np.ndarray,
                     objective: Objective = "placements", method: Method = "auto",
                     unique: bool = False, parent: np.ndarray | None = None
                     ) -> list[tuple[int, int]]:
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
    method
        ``"dense"`` (Hungarian on the full matrix), ``"sparse"`` (full matching with
        dummies on the graph of allowed pairs) or ``"auto"`` (dense up to
        ``DENSE_MAX_CELLS`` cells).
    unique
        The caller guarantees no pair occurs twice (skips a check; scored frames are).
    parent
        Per function, the position of the full function a half slot belongs to (-1: not a
        half), as :attr:`matcher.matching.tables.FunctionTable.parent`. With any half
        slot the assignment is a small MILP (see :func:`assign`): a full function is never
        filled together with one of its halves; ``method`` does not apply.

    Returns
    -------
    list of (function position, candidate position), sorted.
    """
    if objective not in ("placements", "score"):
        raise ValueError(f"objective must be 'placements' or 'score'. Got {objective!r}.")
    if method not in ("auto", "dense", "sparse"):
        raise ValueError(f"method must be 'auto', 'dense' or 'sparse'. Got {method!r}.")
    score = np.asarray(score, dtype=float)
    if len(score) and (np.isnan(score).any() or score.min() < 0):
        raise ValueError("scores must be >= 0 and not NaN.")
    big = min(n_functions, n_candidates) + 1.0
    weight = (big + score) if objective == "placements" else score + 1e-9
    f_index, c_index = np.asarray(f_index), np.asarray(c_index)
    if parent is not None and (np.asarray(parent) >= 0).any():
        return _solve_with_splits(n_functions, n_candidates, f_index, c_index, score,
                                  objective, np.asarray(parent))
    if f_index.dtype.kind not in "iu":
        f_index = f_index.astype(np.int64)
    if c_index.dtype.kind not in "iu":
        c_index = c_index.astype(np.int64)
    return sorted(_matching(n_functions, n_candidates, f_index, c_index, weight, method,
                            unique))


def _feasible_pairs(scores: PairScores) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(function positions, candidate positions, scores) of the feasible pairs."""
    feasible = scores.feasible
    if feasible.all():
        return scores.f_index, scores.c_index, scores.score
    return scores.f_index[feasible], scores.c_index[feasible], scores.score[feasible]


def assign(scores: PairScores, objective: Objective = "placements",
           method: Method = "auto") -> Assignment:
    """Solve the assignment exactly over the feasible pairs.

    Parameters
    ----------
    scores
        Scored pairs from :func:`matcher.score_pairs` or :func:`matcher.candidate_graph`.
    objective
        ``"placements"`` (most people placed, then highest total score) or ``"score"``
        (highest total score).
    method
        ``"auto"`` (default), ``"dense"`` or ``"sparse"``; see :func:`solve_assignment`.
    """
    f_idx, c_idx, value = _feasible_pairs(scores)
    n_f, n_c = len(scores.functions), len(scores.candidates)
    matched = solve_assignment(n_f, n_c, f_idx, c_idx, value, objective, method,
                               unique=True, parent=scores.functions.parent)
    fids, cids = scores.functions.ids, scores.candidates.ids
    m_f = np.array([f for f, _ in matched], dtype=np.int64)
    m_c = np.array([c for _, c in matched], dtype=np.int64)
    # the score of each matched pair: one pass over the pairs (pairs are unique)
    partner = np.full(n_f, -1, dtype=np.int64)
    partner[m_f] = m_c
    hit = np.flatnonzero(partner[f_idx] == c_idx)
    score_of = np.zeros(n_f)
    score_of[f_idx[hit]] = value[hit]
    pairs = pd.DataFrame({"function_id": fids[m_f], "candidate_id": cids[m_c],
                          "score": score_of[m_f]},
                         columns=["function_id", "candidate_id", "score"])
    return Assignment(pairs, _reasons(scores, pairs), objective)


def _solve_with_splits(n_f: int, n_c: int, f_idx: np.ndarray, c_idx: np.ndarray,
                       value: np.ndarray, objective: Objective, parent: np.ndarray
                       ) -> list[tuple[int, int]]:
    """Exact assignment when functions may be split over two part-timers (a MILP).

    Variables are the feasible (slot, candidate) pairs. Each candidate and each slot is
    used at most once, and a full function never together with one of its half slots.
    Objective as in :func:`solve_assignment` (each person placed counts as one placement).
    Solved by HiGHS through ``scipy.optimize.milp``.
    """
    n = len(value)
    if n == 0:
        return []
    big = min(n_f, n_c) + 1.0
    weight = (big + value) if objective == "placements" else value + 1e-9
    cols = np.arange(n)
    halves = np.flatnonzero(parent >= 0)
    # rows: candidates, slots, then one exclusivity row per half slot (full + half <= 1)
    excl_row = np.full(n_f, -1)
    excl_row[halves] = np.arange(len(halves))
    full_of = np.full(n_f, -1)
    full_of[halves] = parent[halves]
    rows = [c_idx, n_c + f_idx]
    cols_all = [cols, cols]
    in_half = excl_row[f_idx] >= 0
    rows.append(n_c + n_f + excl_row[f_idx[in_half]])
    cols_all.append(cols[in_half])
    for k, h in enumerate(halves):  # the full slot's pairs join each of its halves' rows
        of_full = cols[f_idx == full_of[h]]
        rows.append(np.full(len(of_full), n_c + n_f + k))
        cols_all.append(of_full)
    matrix = csr_array((np.ones(sum(len(r) for r in rows)),
                        (np.concatenate(rows), np.concatenate(cols_all))),
                       shape=(n_c + n_f + len(halves), n))
    result = milp(-weight, integrality=np.ones(n), bounds=Bounds(0, 1),
                  constraints=LinearConstraint(matrix, 0, 1), options={"disp": False})
    if result.x is None:
        raise RuntimeError(f"the assignment MILP found no solution ({result.message}).")
    chosen = np.flatnonzero(result.x > 0.5)
    return sorted(zip(f_idx[chosen].tolist(), c_idx[chosen].tolist(), strict=True))


def _units(value: np.ndarray) -> np.ndarray:
    """Scores (4 decimals) as whole units of 1/10,000."""
    return np.rint(np.asarray(value, dtype=float) * 10_000).astype(np.int64)


def _order(group: np.ndarray, value: np.ndarray, tie: np.ndarray, n_group: int,
           n_tie: int) -> np.ndarray:
    """Pair order by group, score descending, then ``tie`` ascending (one int64 sort)."""
    if n_group * 10_001 * max(n_tie, 1) >= 2**62:
        return np.lexsort((tie, -value, group))
    key = (group.astype(np.int64) * 10_001 + (10_000 - _units(value))) * n_tie + tie
    return np.argsort(key, kind="stable")


def assign_greedy(scores: PairScores) -> Assignment:
    """The baseline a user would otherwise follow (the Kandidatenverkenner way).

    Functions are taken in input order; each gets the best-scoring feasible candidate not
    yet taken. Used to measure what the exact assignment adds.
    """
    f_idx, c_idx, value = _feasible_pairs(scores)
    order = _order(f_idx, value, c_idx, len(scores.functions), len(scores.candidates))
    f_sorted, c_sorted, v_sorted = f_idx[order], c_idx[order], value[order]
    starts = np.searchsorted(f_sorted, np.arange(len(scores.functions) + 1))
    taken = np.zeros(len(scores.candidates), dtype=bool)
    rows = []
    c_list = c_sorted.tolist()
    for f in range(len(scores.functions)):
        for k in range(int(starts[f]), int(starts[f + 1])):
            c = c_list[k]
            if not taken[c]:
                taken[c] = True
                rows.append({"function_id": scores.functions.ids[f],
                             "candidate_id": scores.candidates.ids[c],
                             "score": float(v_sorted[k])})
                break
    pairs = pd.DataFrame(rows, columns=["function_id", "candidate_id", "score"])
    return Assignment(pairs, _reasons(scores, pairs), "placements")


def _knockout_summary(counts: np.ndarray) -> str:
    """``7x uren buiten het gewenste bereik, 3x ...`` from counts in KNOCKOUT_CODES order."""
    order = np.argsort(-counts, kind="stable")
    parts = [f"{int(counts[k])}x {KNOCKOUT_LABELS_NL[KNOCKOUT_CODES[k]]}" for k in order
             if counts[k] > 0]
    return ", ".join(parts)


def _reasons(scores: PairScores, pairs: pd.DataFrame) -> pd.DataFrame:
    """A Dutch reason (catalogue ``match.reason.*``) for every function and candidate
    without a partner."""
    filled = set(pairs["function_id"])
    parent = scores.functions.parent
    if parent is not None:  # a split function is done when its full slot or a half is filled
        ids = scores.functions.ids
        family = np.where(parent >= 0, parent, np.arange(len(ids)))
        done_families = {int(family[k]) for k, i in enumerate(ids) if i in filled}
        filled |= {str(i) for k, i in enumerate(ids) if int(family[k]) in done_families}
    sides = [
        _side_reasons(scores.functions.ids, filled, scores.feasible_f,
                      scores.knockouts_f, "function",
                      ("no_feasible_candidate", "candidates_taken", "no_candidate_in_reach")),
        _side_reasons(scores.candidates.ids, set(pairs["candidate_id"]), scores.feasible_c,
                      scores.knockouts_c, "candidate",
                      ("no_feasible_function", "functions_taken",
                       "not_scored" if scores.method == "dense" else "unreached")),
    ]
    columns = ["kind", "id", "reason_code", "reason"]
    return pd.DataFrame({c: sides[0][c] + sides[1][c] for c in columns}, columns=columns)


def _side_reasons(ids: np.ndarray, taken: set[str], feasible: np.ndarray,
                  knockouts: np.ndarray, kind: str,
                  codes: tuple[str, str, str]) -> dict[str, list[str]]:
    """Reasons for one side: no feasible partner (knock-outs counted) or partners taken.

    ``codes`` are the ``match.reason.`` codes of no feasible partner, partners taken, and
    no knock-out counted either (nothing in reach). Vectorised over the partners-taken rows
    (most of the unassigned at scale); the knock-out summaries are built per row for those
    without any feasible partner."""
    no_code, taken_code, unreached_code = codes
    no_text = render(f"match.reason.{no_code}", "nl")
    unreached = render(f"match.reason.{unreached_code}", "nl")
    head, tail = render(f"match.reason.{taken_code}", "nl", n="\0").split("\0")
    open_ = np.flatnonzero(~pd.Index(ids).isin(list(taken)))
    n = np.asarray(feasible)[open_].astype(np.int64)
    none = n == 0
    code = np.where(none, no_code, taken_code).astype(object)
    reason = (head + pd.Series(n).astype(str) + tail).to_numpy(dtype=object)
    reason[none] = [f"{no_text} ({_knockout_summary(knockouts[k]) or unreached})"
                    for k in open_[none]]
    return {"kind": [kind] * len(open_), "id": np.asarray(ids, dtype=object)[open_].tolist(),
            "reason_code": code.tolist(), "reason": reason.tolist()}


def _top_positions(group: np.ndarray, units: np.ndarray, tie: np.ndarray, n_group: int,
                   n_tie: int, top: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions, rank) of the ``top`` best pairs of each group, ordered by group, rank.

    A coarse histogram of the scores per group first finds, for each group, a score bin
    that holds at least ``top`` pairs at or above it; only those pairs are sorted.
    """
    bins = 79  # units >> 7 lies in 0..78 for scores in [0, 1]
    coarse = (units >> 7).astype(np.int64)
    hist = np.bincount(group.astype(np.int64) * bins + coarse,
                       minlength=n_group * bins).reshape(n_group, bins)
    from_top = np.cumsum(hist[:, ::-1], axis=1) >= top
    enough = from_top.any(axis=1)
    threshold = np.where(enough, bins - 1 - np.argmax(from_top, axis=1), 0)
    candidates = np.flatnonzero(coarse >= threshold[group])
    order = candidates[_order(group[candidates], units[candidates] / 10_000,
                              tie[candidates], n_group, n_tie)]
    keys = group[order]
    new_group = np.ones(len(order), dtype=bool)
    new_group[1:] = keys[1:] != keys[:-1]
    group_start = np.maximum.accumulate(np.where(new_group, np.arange(len(order)), 0))
    rank = np.arange(len(order)) - group_start + 1
    keep = rank <= top
    return order[keep], rank[keep]


def _top_k(scores: PairScores, by: str, top: int, assignment: Assignment | None,
           explain: bool) -> pd.DataFrame:
    if top < 1:
        raise ValueError(f"top must be >= 1. Got {top}.")
    n_f, n_c = len(scores.functions), len(scores.candidates)
    feasible = scores.feasible
    every = feasible.all()
    rows = np.arange(len(feasible)) if every else np.flatnonzero(feasible)
    f_idx = scores.f_index if every else scores.f_index[rows]
    c_idx = scores.c_index if every else scores.c_index[rows]
    units = scores.pairs.score_k.astype(np.int64) if scores.pairs is not None and every \
        else _units(scores.score[rows])
    if by == "f_index":
        at, rank = _top_positions(f_idx, units, c_idx, n_f, n_c, top)
    else:
        at, rank = _top_positions(c_idx, units, f_idx, n_c, n_f, top)
    chosen = scores.rows(rows[at])
    out = chosen[["function_id", "candidate_id", "score", "confidence", *COMPONENTS]].copy()
    out.insert(1 if by == "f_index" else 2, "rank", rank)
    if by == "c_index":
        out = out[["candidate_id", "rank", "function_id", "score", "confidence", *COMPONENTS]]
    flags = np.zeros(len(chosen), dtype=bool)
    if assignment is not None and len(assignment.pairs):
        f_pos = pd.Index(scores.functions.ids).get_indexer(assignment.pairs["function_id"])
        c_pos = pd.Index(scores.candidates.ids).get_indexer(assignment.pairs["candidate_id"])
        picked = f_pos.astype(np.int64) * n_c + c_pos
        keys = chosen["f_index"].to_numpy(np.int64) * n_c + chosen["c_index"].to_numpy()
        flags = np.isin(keys, picked)
    out["assigned"] = flags
    if explain:
        profiles = scores.pool.frame
        out["explanation"] = [
            explain_pair(row, scores.functions, int(row["f_index"]),
                         profiles.iloc[int(row["c_index"])], scores.sites)
            for _, row in chosen.iterrows()
        ]
    return out.reset_index(drop=True)


def shortlist(scores: PairScores, top: int = 10, assignment: Assignment | None = None,
              explain: bool = True) -> pd.DataFrame:
    """The ``top`` best feasible candidates per function (for the school), ranked.

    Columns: function_id, rank, candidate_id, score, confidence, one column per component
    (empty = unknown), assigned (whether the optimal assignment picked this pair) and,
    with ``explain``, a Dutch explanation. Ties in score are broken by input order, so
    the list is stable.
    """
    return _top_k(scores, "f_index", top, assignment, explain)


def shortlist_candidates(scores: PairScores, top: int = 10,
                         assignment: Assignment | None = None,
                         explain: bool = True) -> pd.DataFrame:
    """The ``top`` best feasible functions per candidate (for the account manager).

    Columns: candidate_id, rank, function_id, score, confidence, components, assigned
    and, with ``explain``, the Dutch explanation.
    """
    return _top_k(scores, "c_index", top, assignment, explain)


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
    values = row[list(COMPONENTS)].to_numpy(dtype=float)
    losses = [(float(loss), c, bool(np.isnan(value)))
              for loss, c, value in zip(scores.weights.losses(values), COMPONENTS, values,
                                        strict=True) if loss > 0.005]
    losses.sort(reverse=True)
    of_function = (scores.f_index == int(row["f_index"])) & scores.feasible
    rank = int((scores.score[of_function] > row["score"]).sum()) + 1
    text = (f"Score {row['score']:.2f}, plaats {rank} van {int(of_function.sum())} haalbare "
            "kandidaten.")
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


def passed_over(scores: PairScores, assignment: Assignment) -> pd.DataFrame:
    """For every function whose best-scoring candidate is not the one assigned: where that
    candidate went, and what placing them here would cost the whole assignment.

    The cost is exact: the assignment is solved again with that pair fixed (the function
    and the candidate have no other pair), under the same objective, and compared with
    ``assignment``: people placed fewer and total score lower. Agreed pairs (a ``pinned``
    column, :func:`matcher.session.assign_with_pins`) stay as they are: a function with an
    agreed candidate is not listed, and a best candidate agreed elsewhere is named as such,
    without a cost. Columns ``function_id``, ``assigned`` (candidate or ``""``), ``best``,
    ``best_score``, ``best_went_to`` (function or ``""``), ``placements_lost``,
    ``score_lost`` (NaN when the best candidate is agreed elsewhere) and ``text`` (Dutch).
    """
    f_idx, c_idx, value = _feasible_pairs(scores)
    n_f, n_c = len(scores.functions), len(scores.candidates)
    fids, cids = scores.functions.ids, scores.candidates.ids
    holder = assignment.partner_of_function()
    placed = assignment.partner_of_candidate()
    pairs = assignment.pairs
    agreed = pairs[pairs["pinned"].astype(bool)] if "pinned" in pairs.columns else pairs[:0]
    f_pos = {str(f): k for k, f in enumerate(fids)}
    c_pos = {str(c): k for k, c in enumerate(cids)}
    agreed_f = {f_pos[f] for f in agreed["function_id"]}
    agreed_c = {c_pos[c] for c in agreed["candidate_id"]}
    agreed_total = float(agreed["score"].sum())
    free = ~np.isin(f_idx, list(agreed_f)) & ~np.isin(c_idx, list(agreed_c))
    rows = []
    for f in range(n_f):
        mine = np.flatnonzero(f_idx == f)
        if not len(mine) or f in agreed_f:
            continue
        top = mine[np.lexsort((cids[c_idx[mine]], -value[mine]))[0]]
        fid, best = str(fids[f]), str(cids[c_idx[top]])
        if holder.get(fid) == best:
            continue
        went = placed.get(best, "")
        head = f"{fid}: de hoogst scorende kandidaat {best} ({nl_number(value[top], 3)})"
        row = {"function_id": fid, "assigned": holder.get(fid, ""), "best": best,
               "best_score": float(value[top]), "best_went_to": went}
        if c_idx[top] in agreed_c:
            rows.append({**row, "placements_lost": 0, "score_lost": float("nan"),
                         "text": f"{head} is afgesproken voor {went}."})
            continue
        keep = free & (((f_idx != f) & (c_idx != c_idx[top])) | (np.arange(len(f_idx)) == top))
        matched = solve_assignment(n_f, n_c, f_idx[keep], c_idx[keep], value[keep],
                                   assignment.objective, unique=True,
                                   parent=scores.functions.parent)
        lookup = {(int(a), int(b)): float(v) for a, b, v in
                  zip(f_idx[keep], c_idx[keep], value[keep], strict=True)}
        total = agreed_total + sum(lookup[(int(a), int(b))] for a, b in matched)
        lost_places = assignment.placements - len(agreed) - len(matched)
        lost_score = round(assignment.total_score - total, 6)
        where = f"is toegewezen aan {went}" if went else "is niet toegewezen"
        cost = (f"{lost_places} plaatsing(en) minder en " if lost_places > 0 else "") + \
            f"{nl_number(lost_score, 3)} totaalscore minder"
        rows.append({**row, "placements_lost": lost_places, "score_lost": lost_score,
                     "text": f"{head} {where}; {best} hier plaatsen kost in totaal {cost}."})
    return pd.DataFrame(rows, columns=["function_id", "assigned", "best", "best_score",
                                       "best_went_to", "placements_lost", "score_lost",
                                       "text"])
