"""Tests for the exact assignment: optimality against brute force, objectives, reasons,
functions split over two part-timers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher
from matcher.matching import assign, score_pairs, shortlist, solve_assignment, why_not


def brute_force(n_f: int, n_c: int, pairs: dict[tuple[int, int], float], objective: str
                ) -> tuple[int, float]:
    """Best (placements, total score) over every matching, by enumeration."""
    best = (0, 0.0)
    edges = list(pairs)
    for k in range(min(n_f, n_c), 0, -1):
        for chosen in itertools.combinations(edges, k):
            fs = [f for f, _ in chosen]
            cs = [c for _, c in chosen]
            if len(set(fs)) < k or len(set(cs)) < k:
                continue
            total = sum(pairs[e] for e in chosen)
            key = (k, total) if objective == "placements" else (0, total)
            best_key = best if objective == "placements" else (0, best[1])
            if key > (best_key[0], best_key[1] + 1e-9):
                best = (k, total)
    return best


@st.composite
def instances(draw: st.DrawFn) -> tuple[int, int, dict[tuple[int, int], float]]:
    """Tiny random bipartite instances with random feasible pairs and scores."""
    n_f = draw(st.integers(0, 4))
    n_c = draw(st.integers(0, 5))
    pairs: dict[tuple[int, int], float] = {}
    for f in range(n_f):
        for c in range(n_c):
            if draw(st.booleans()):
                pairs[(f, c)] = draw(st.floats(0.0, 1.0, allow_nan=False).map(
                    lambda x: round(x, 3)))
    return n_f, n_c, pairs


@settings(max_examples=150, deadline=None)
@given(instances(), st.sampled_from(["placements", "score"]))
def test_optimal_against_brute_force(instance, objective):
    """The solver's matching is one-to-one, feasible and as good as exhaustive search."""
    n_f, n_c, pairs = instance
    keys = list(pairs)
    f_idx = np.array([f for f, _ in keys], dtype=np.int64)
    c_idx = np.array([c for _, c in keys], dtype=np.int64)
    scores = np.array([pairs[k] for k in keys])
    result = solve_assignment(n_f, n_c, f_idx, c_idx, scores, objective)
    assert len({f for f, _ in result}) == len(result)  # one function per candidate
    assert len({c for _, c in result}) == len(result)  # one candidate per function
    assert all(pair in pairs for pair in result)  # only feasible pairs
    total = sum(pairs[p] for p in result)
    best_k, best_total = brute_force(n_f, n_c, pairs, objective)
    if objective == "placements":
        assert len(result) == best_k
        assert total == pytest.approx(best_total, abs=1e-6)
    else:
        assert total == pytest.approx(best_total, abs=1e-6)


def test_placements_first_beats_pure_score():
    """Placements-first places both people where pure score places one better pair."""
    # Function 0 likes candidate 0 (0.9) and candidate 1 (0.0); function 1 only fits
    # candidate 0 (0.1). Pure score takes 0.9 alone... unless both fit: 0.0 + 0.1 < 0.9.
    f_idx = np.array([0, 0, 1])
    c_idx = np.array([0, 1, 0])
    scores = np.array([0.9, 0.0, 0.1])
    assert solve_assignment(2, 2, f_idx, c_idx, scores, "placements") == [(0, 1), (1, 0)]
    assert solve_assignment(2, 2, f_idx, c_idx, scores, "score") == [(0, 0)]


@pytest.mark.parametrize(
    ("scores", "objective", "message"),
    [
        (np.array([-0.1]), "placements", "scores must be >= 0"),  # negative score
        (np.array([np.nan]), "score", "scores must be >= 0"),  # NaN score
        (np.array([0.5]), "best", "objective must be"),  # unknown objective
    ],
)
def test_invalid_arguments(scores, objective, message):
    """Tests that invalid scores and objectives are refused with a clear message."""
    with pytest.raises(ValueError, match=message):
        solve_assignment(1, 1, np.array([0]), np.array([0]), scores, objective)


def test_assign_on_demo(demo_match):
    """On the demo, the assignment is feasible, one-to-one and every left-over has a reason."""
    scores, assignment = demo_match
    frame = scores.frame.set_index(["function_id", "candidate_id"])
    for _, row in assignment.pairs.iterrows():
        assert frame.loc[(row["function_id"], row["candidate_id"]), "feasible"]
    assert assignment.pairs["function_id"].is_unique
    assert assignment.pairs["candidate_id"].is_unique
    n_functions = len(scores.functions)
    n_candidates = len(scores.pool)
    unassigned = assignment.unassigned
    assert (unassigned["kind"] == "function").sum() == n_functions - assignment.placements
    assert (unassigned["kind"] == "candidate").sum() == n_candidates - assignment.placements
    assert unassigned["reason"].str.len().gt(10).all()


def test_shortlist_ranked_and_feasible(demo_match):
    """Shortlists hold feasible candidates only, ranked by score, with explanations."""
    scores, assignment = demo_match
    short = shortlist(scores, top=5, assignment=assignment)
    assert short.groupby("function_id")["rank"].max().le(5).all()
    for _, group in short.groupby("function_id"):
        assert group["score"].is_monotonic_decreasing
        assert list(group["rank"]) == list(range(1, len(group) + 1))
    merged = short.merge(scores.frame, on=["function_id", "candidate_id"])
    assert merged["feasible"].all()
    assert short["explanation"].str.len().gt(20).all()
    # every assigned pair that made the top 5 is flagged
    chosen = set(zip(assignment.pairs["function_id"], assignment.pairs["candidate_id"],
                     strict=True))
    flagged = set(zip(short.loc[short["assigned"], "function_id"],
                      short.loc[short["assigned"], "candidate_id"], strict=True))
    assert flagged <= chosen


def test_why_not_names_knockouts(demo_match):
    """why_not for an infeasible pair names its knock-outs in Dutch."""
    scores, assignment = demo_match
    bad = scores.frame[~scores.frame["feasible"]].iloc[0]
    text = why_not(scores, bad["function_id"], bad["candidate_id"], assignment)
    assert text.startswith("Valt af:")
    first = bad["knockouts"].split(";")[0]
    from matcher.text.labels import KNOCKOUT_LABELS_NL

    assert KNOCKOUT_LABELS_NL[first] in text


def test_why_not_feasible_pair_reports_rank(demo_match):
    """why_not for a feasible pair gives its rank and where the assignment put people."""
    scores, assignment = demo_match
    good = scores.frame[scores.frame["feasible"]].sort_values("score").iloc[0]
    text = why_not(scores, good["function_id"], good["candidate_id"], assignment)
    assert "plaats" in text and "haalbare kandidaten" in text


def test_assign_objective_score_never_lower_total(demo_match):
    """The pure-score objective reaches at least the placements-first total score."""
    scores, assignment = demo_match
    pure = assign(scores, "score")
    assert pure.total_score >= assignment.total_score - 1e-6
    assert pure.placements <= assignment.placements


# --- functions split over two part-timers -------------------------------------------------

def _brute_splits(n_f, n_c, pairs, parent, objective):
    """Best (placements, score) by enumeration, honouring full-or-halves exclusivity."""
    best = (0, 0.0)
    edges = list(pairs)
    for k in range(1, min(len(edges), n_c) + 1):
        for chosen in itertools.combinations(edges, k):
            fs = [f for f, _ in chosen]
            cs = [c for _, c in chosen]
            if len(set(fs)) < k or len(set(cs)) < k:
                continue
            used = set(fs)
            if any(parent[h] >= 0 and parent[h] in used for h in used):
                continue
            total = sum(pairs[e] for e in chosen)
            key = (k, total) if objective == "placements" else (0, total)
            ref = best if objective == "placements" else (0, best[1])
            if key > (ref[0], ref[1] + 1e-9):
                best = (k, total)
    return best


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 2), st.integers(1, 4), st.data(),
       st.sampled_from(["placements", "score"]))
def test_split_assignment_optimal_against_brute_force(n_full, n_c, data, objective):
    """With split functions the MILP equals exhaustive search and never mixes full/halves."""
    parent = np.array([-1] * n_full + [p for p in range(n_full) for _ in (0, 1)])
    n_f = len(parent)
    pairs = {}
    for f in range(n_f):
        for c in range(n_c):
            if data.draw(st.booleans()):
                pairs[(f, c)] = data.draw(st.integers(0, 100)) / 100
    keys = list(pairs)
    f_idx = np.array([f for f, _ in keys], dtype=np.int64)
    c_idx = np.array([c for _, c in keys], dtype=np.int64)
    value = np.array([pairs[k] for k in keys])
    got = solve_assignment(n_f, n_c, f_idx, c_idx, value, objective, parent=parent)
    used = {f for f, _ in got}
    assert not any(parent[h] >= 0 and parent[h] in used for h in used)
    assert len({c for _, c in got}) == len(got) == len(used)
    best_k, best_total = _brute_splits(n_f, n_c, pairs, parent, objective)
    total = sum(pairs[p] for p in got)
    if objective == "placements":
        assert len(got) == best_k
    assert total == pytest.approx(best_total, abs=1e-6)


def test_split_places_two_part_timers(vo_carving, vo_inventory):
    """A full-time function nobody wants whole goes to two people who want half of it."""
    table = matcher.FunctionTable.from_functions(vo_carving.functions[:1], vo_inventory.sites)
    site = vo_inventory.sites.frame.iloc[0]
    half = float(table.hours[0]) / 2  # the range below excludes the whole function
    lo, hi = f"{half - 2:.2f}", f"{half + 2:.2f}"
    rows = "\n".join(f"K{k},{site['lat']},{site['lon']},20,ja,{lo},{hi},,,onbekend,,,"
                     for k in (1, 2))
    header = ("candidate_id,lat,lon,max_travel_km,independent_travel,hours_per_week_min,"
              "hours_per_week_max,hours_per_day_max,days_available,education,"
              "preferred_areas,physical_capacity,pupil_contact_ok\n")
    pool = matcher.load_candidates((header + rows + "\n").encode(), name="k.csv")
    whole = assign(score_pairs(table, pool, vo_inventory.sites))
    assert whole.placements == 0
    split = table.split()
    halves = assign(score_pairs(split, pool, vo_inventory.sites))
    fid = table.ids[0]
    assert sorted(halves.pairs["function_id"]) == [f"{fid}/1", f"{fid}/2"]
    assert not (halves.unassigned["kind"] == "function").any()
    np.testing.assert_allclose(split.hours[1:], table.hours[0] / 2, atol=0.01)


def _forced_total(scores, f: int, c: int) -> tuple[int, float]:
    """Placements and total score with pair (f, c) fixed, by SciPy's Hungarian method on
    the dense matrix (an independent model: placements first, then score)."""
    from scipy.optimize import linear_sum_assignment

    n_f, n_c = len(scores.functions), len(scores.candidates)
    big = 1000.0
    weight = np.zeros((n_f, n_c))
    ok = scores.feasible
    weight[scores.f_index[ok], scores.c_index[ok]] = big + scores.score[ok]
    weight[f, :] = 0.0
    weight[:, c] = 0.0
    weight[f, c] = big + float(scores.score[ok & (scores.f_index == f) & (scores.c_index == c)][0])
    rows, cols = linear_sum_assignment(weight, maximize=True)
    used = weight[rows, cols] > 0
    return int(used.sum()), float((weight[rows, cols][used] - big).sum())


def test_passed_over_costs_the_forced_assignment_exactly(demo_match):
    """Where the best-scoring candidate of a function went, and the exact cost of placing
    them there instead, checked against an independent solver; never negative."""
    from matcher.matching import passed_over

    scores, assignment = demo_match
    found = passed_over(scores, assignment)
    holder = assignment.partner_of_function()
    fids, cids = list(scores.functions.ids), list(scores.candidates.ids)
    checked = 0
    for f, fid in enumerate(fids):
        mine = scores.feasible & (scores.f_index == f)
        if not mine.any():
            continue
        order = np.lexsort((np.array(cids)[scores.c_index[mine]], -scores.score[mine]))
        best = cids[scores.c_index[mine][order[0]]]
        rows = found[found["function_id"] == fid]
        if holder.get(fid) == best:
            assert rows.empty
            continue
        row = rows.iloc[0]
        assert row["best"] == best
        assert row["best_went_to"] == assignment.partner_of_candidate().get(best, "")
        placements, total = _forced_total(scores, f, cids.index(best))
        assert row["placements_lost"] == assignment.placements - placements
        assert row["score_lost"] == pytest.approx(assignment.total_score - total, abs=1e-6)
        assert row["score_lost"] >= -1e-9 and row["placements_lost"] >= 0
        assert row["text"].startswith(f"{fid}: de hoogst scorende kandidaat {best}")
        checked += 1
    assert checked >= 1


def test_passed_over_keeps_agreed_pairs(demo_match):
    """A function with an agreed candidate is not second-guessed, and a best candidate who
    is agreed elsewhere is named as agreed, without a cost."""
    from matcher.matching import passed_over
    from matcher.session import assign_with_pins

    scores, assignment = demo_match
    plain = passed_over(scores, assignment)
    assert not plain.empty
    listed = plain.iloc[0]
    other = next(f for f in scores.functions.ids if f != listed["function_id"])
    pinned = assign_with_pins(scores, pins={str(other): listed["best"]})
    found = passed_over(scores, pinned)
    assert str(other) not in set(found["function_id"])
    row = found[found["function_id"] == listed["function_id"]].iloc[0]
    assert row["best_went_to"] == str(other) and np.isnan(row["score_lost"])
    assert row["text"].endswith(f"is afgesproken voor {other}.")
    assert (found["score_lost"].dropna() >= -1e-9).all()
