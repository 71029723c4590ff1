"""Region-wide shortlists with a cap per candidate: exact, checked by brute force on tiny
regions, and honest about what the cap moved."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.matching.region import capped_shortlists, uncapped_shortlists


def brute_force(pairs: pd.DataFrame, top: int, cap: int) -> float:
    """The best total score of any choice of pairs within the rules, by enumeration."""
    rows = list(pairs.itertuples(index=False))
    best = 0.0
    for mask in itertools.product((0, 1), repeat=len(rows)):
        chosen = [r for r, m in zip(rows, mask, strict=True) if m]
        per_function: dict[tuple[str, str], int] = {}
        per_school: set[tuple[str, str]] = set()
        schools: dict[str, set[str]] = {}
        ok = True
        for r in chosen:
            per_function[r.school, r.function_id] = per_function.get(
                (r.school, r.function_id), 0) + 1
            if (r.candidate_id, r.school) in per_school:
                ok = False
                break
            per_school.add((r.candidate_id, r.school))
            schools.setdefault(r.candidate_id, set()).add(r.school)
        if not ok or any(v > top for v in per_function.values()) or any(
                len(s) > cap for s in schools.values()):
            continue
        best = max(best, sum(r.score for r in chosen))
    return best


@st.composite
def regions(draw: st.DrawFn) -> tuple[pd.DataFrame, int, int]:
    n_schools = draw(st.integers(1, 3))
    functions = [(f"S{s}", f"F{f}") for s in range(n_schools)
                 for f in range(draw(st.integers(1, 2)))]
    candidates = [f"K{k}" for k in range(draw(st.integers(1, 4)))]
    possible = [(s, f, k) for (s, f) in functions for k in candidates]
    chosen = draw(st.lists(st.sampled_from(possible), unique=True, min_size=1,
                           max_size=min(12, len(possible))))
    scores = draw(st.lists(st.integers(1, 100), min_size=len(chosen), max_size=len(chosen)))
    frame = pd.DataFrame([(s, f, k, v / 100) for (s, f, k), v in zip(chosen, scores,
                                                                      strict=True)],
                         columns=["school", "function_id", "candidate_id", "score"])
    return frame, draw(st.integers(1, 2)), draw(st.integers(1, 2))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(regions())
def test_the_capped_lists_are_optimal_by_brute_force(case: tuple[pd.DataFrame, int, int]
                                                     ) -> None:
    pairs, top, cap = case
    result = capped_shortlists(pairs, top=top, cap=cap)
    lists = result.shortlists
    assert result.total_score == pytest.approx(brute_force(pairs, top, cap))
    # the rules hold
    assert (lists.groupby(["school", "function_id"]).size() <= top).all()
    assert not lists.duplicated(["school", "candidate_id"]).any()
    assert (lists.groupby("candidate_id")["school"].nunique() <= cap).all()
    # what the cap moved is exactly the uncapped lists less the capped ones
    uncapped = uncapped_shortlists(pairs, top)
    key = ["school", "function_id", "candidate_id"]
    missing = set(map(tuple, uncapped[key].to_numpy())) - set(map(tuple, lists[key].to_numpy()))
    assert set(map(tuple, result.moved[key].to_numpy())) == missing
    assert result.total_score <= result.uncapped_score + 1e-9


def test_one_strong_candidate_is_not_sent_everywhere() -> None:
    """K1 is everyone's first choice; with a cap of 2 schools the third school gets its
    next best, and the report names the move."""
    rows = [(f"S{s}", "F01", "K1", 0.95) for s in range(3)]
    rows += [(f"S{s}", "F01", f"K{s + 2}", 0.6 + s / 100) for s in range(3)]
    pairs = pd.DataFrame(rows, columns=["school", "function_id", "candidate_id", "score"])
    result = capped_shortlists(pairs, top=1, cap=2)
    firsts = dict(zip(result.shortlists["school"], result.shortlists["candidate_id"],
                      strict=True))
    assert sorted(firsts.values()).count("K1") == 2
    assert firsts["S2"] == "K4"  # S2's next best is the strongest: it does without K1
    assert result.candidates_moved == 1
    assert result.moved.iloc[0].to_dict() == {"school": "S2", "function_id": "F01",
                                              "candidate_id": "K1", "score": 0.95,
                                              "uncapped_rank": 1}


def test_a_region_sized_list_is_solved_in_seconds() -> None:
    """50 schools x 5 functions x 400 candidates within reach (100,000 pairs)."""
    rng = np.random.default_rng(0)
    rows = [(f"S{s:02d}", f"F{f}", f"K{k:04d}", float(rng.uniform(0.3, 1.0)))
            for s in range(50) for f in range(5)
            for k in rng.choice(2000, size=80, replace=False)]
    pairs = pd.DataFrame(rows, columns=["school", "function_id", "candidate_id", "score"])
    result = capped_shortlists(pairs, top=10, cap=3)
    assert len(result.shortlists) == 250 * 10
    assert (result.shortlists.groupby("candidate_id")["school"].nunique() <= 3).all()


def test_bad_arguments() -> None:
    pairs = pd.DataFrame([("S", "F", "K", 0.5)] * 2,
                         columns=["school", "function_id", "candidate_id", "score"])
    with pytest.raises(ValueError, match="appears twice"):
        capped_shortlists(pairs)
    with pytest.raises(ValueError, match="at least 1"):
        capped_shortlists(pairs.iloc[:1], cap=0)
    empty = capped_shortlists(pairs.iloc[0:0])
    assert empty.total_score == 0 and empty.shortlists.empty and empty.moved.empty
