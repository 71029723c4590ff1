"""Tests for scoring: components, knock-outs, unknown handling, weights, explanations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from matcher.carving import SolverParams, carve
from matcher.inputs.loaders import load_candidates
from matcher.matching import COMPONENTS, Weights, score_pairs
from matcher.model import Inventory, Sites, Task

SITES = Sites(pd.DataFrame({
    "site": ["s"], "name": ["School"], "lat": [52.1589], "lon": [5.3897], "pc4": ["3811"],
    "board": [""], "approximate": [False],
}))
HEADER = ("candidate_id,lat,lon,max_travel_km,independent_travel,hours_per_week_min,"
          "hours_per_week_max,hours_per_day_max,days_available,education,preferred_areas,"
          "physical_capacity,pupil_contact_ok\n")


@pytest.fixture(scope="module")
def function():
    """One 25-hour level-2 facilities function, Monday to Friday, physical load 2."""
    tasks = [Task(f"T{k}", "plein vegen", "facilities", 5.0, 2, "s", physical_load=2)
             for k in range(5)]
    carving = carve(Inventory(tuple(tasks), SITES),
                    solver=SolverParams(iterations=100, restarts=1))
    assert len(carving.functions) == 1
    return carving.functions[0]


def score_rows(function, rows: list[str], weights: Weights | None = None) -> pd.DataFrame:
    """Score the function against candidates given as CSV rows."""
    pool = load_candidates((HEADER + "\n".join(rows) + "\n").encode(), name="k.csv")
    return score_pairs([function], pool, SITES, weights).frame.set_index("candidate_id")


PERFECT = "P,52.1589,5.3897,10,ja,20,28,6,ma-vr,entree,facilitair,2,2"


@pytest.mark.parametrize(
    ("row", "knockout"),
    [
        ("X,52.30,5.39,10,ja,20,28,6,ma-vr,entree,facilitair,2,2", "travel"),  # ~16 km > 10
        ("X,52.1589,5.3897,10,ja,10,16,6,ma-vr,entree,facilitair,2,2", "hours"),  # wants <= 16
        ("X,52.1589,5.3897,10,ja,30,36,6,ma-vr,entree,facilitair,2,2", "hours"),  # wants >= 30
        ("X,52.1589,5.3897,10,ja,20,28,4,ma-vr,entree,facilitair,2,2", "hours_per_day"),  # 5 h/d
        ("X,52.1589,5.3897,10,ja,20,28,6,ma-vr,vso,facilitair,2,2", "level"),  # level 1 < 2
        ("X,52.1589,5.3897,10,ja,20,28,6,\"ma,di\",entree,facilitair,2,2", "days"),  # 2 days
    ],
)
def test_knockouts(function, row, knockout):
    """Each hard rule knocks a pair out only when the data breaking it is known."""
    frame = score_rows(function, [PERFECT, row])
    assert frame.loc["P", "feasible"]
    assert not frame.loc["X", "feasible"]
    assert knockout in frame.loc["X", "knockouts"].split(";")


def test_perfect_candidate_scores_high(function):
    """A candidate matching everything scores near 1 with full confidence."""
    frame = score_rows(function, [PERFECT])
    assert frame.loc["P", "score"] > 0.95
    assert frame.loc["P", "confidence"] == 1.0


def test_unknown_is_neither_match_nor_knockout(function):
    """A profile with everything unknown is feasible, scores unknown_value, confidence 0."""
    frame = score_rows(function, ["U,,,,onbekend,,,,,onbekend,,,"])
    assert frame.loc["U", "feasible"]
    assert frame.loc["U", "confidence"] == 0.0
    assert frame.loc["U", "score"] == pytest.approx(0.5)
    assert frame.loc["U", list(COMPONENTS)].isna().all()


def test_unknown_education_not_a_knockout_but_lower_confidence(function):
    """Unknown education keeps the pair feasible and lowers confidence by its weight."""
    frame = score_rows(function, [PERFECT, PERFECT.replace("P,", "Q,").replace("entree",
                                                                                "onbekend")])
    assert frame.loc["Q", "feasible"]
    w = Weights()
    assert frame.loc["Q", "confidence"] == pytest.approx(1 - w.level / sum(w.vector()))
    assert frame.loc["Q", "score"] < frame.loc["P", "score"]


def test_closer_is_better(function):
    """Travel score falls with distance."""
    near = "N,52.1589,5.3897,20,ja,20,28,6,ma-vr,entree,facilitair,2,2"
    far = "F,52.25,5.3897,20,ja,20,28,6,ma-vr,entree,facilitair,2,2"
    frame = score_rows(function, [near, far])
    assert frame.loc["N", "travel"] > frame.loc["F", "travel"]
    assert 9 < frame.loc["F", "distance_km"] < 11


def test_weights_change_the_ranking(function):
    """With only the wishes weight, the candidate whose wishes match ranks first."""
    wish = "W,52.25,5.3897,20,ja,20,28,6,ma-vr,entree,facilitair,2,2"
    other = "O,52.1589,5.3897,20,ja,20,28,6,ma-vr,entree,klas,2,2"
    only_wishes = Weights(travel=0, hours=0, level=0, availability=0, load=0, wishes=1)
    frame = score_rows(function, [wish, other], only_wishes)
    assert frame.loc["W", "score"] > frame.loc["O", "score"]
    only_travel = Weights(travel=1, hours=0, level=0, availability=0, load=0, wishes=0)
    frame = score_rows(function, [wish, other], only_travel)
    assert frame.loc["O", "score"] > frame.loc["W", "score"]


def test_scores_in_unit_interval(demo_match):
    """Every score, confidence and known component on the demo lies in [0, 1]."""
    scores, _ = demo_match
    values = scores.frame[["score", "confidence", *COMPONENTS]].to_numpy(float)
    known = values[~np.isnan(values)]
    assert known.min() >= 0 and known.max() <= 1
    assert len(scores.frame) == len(scores.functions) * len(scores.pool)
