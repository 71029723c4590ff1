"""Learning and back-testing on recorded outcomes: the proposals a region recorded with
their components, the minimum of outcomes, and a back-test whose answer is known."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import matcher
from matcher.analysis import (
    MIN_EACH,
    MIN_OUTCOMES,
    backtest,
    enough_outcomes,
    learn_recorded,
    learn_weights,
    placements,
    recorded_history,
)
from matcher.matching.weights import COMPONENTS, Weights
from matcher.session.workspace import Workspace
from matcher.store import RegionStore

SCHOOL = "Eemland College"


def when(month: int, day: int = 1) -> dt.datetime:
    return dt.datetime(2025, month, day, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> RegionStore:
    """One school with a small carved inventory and the demo pool. F01: K1-K3 proposed in
    January, K1 placed in March and gone by June (6 months: no), K2 turned down; then K4
    proposed in July and placed in September (6 months: yes). K5 is proposed at F02 and
    still waiting."""
    folder = tmp_path_factory.mktemp("outcomes")
    region = RegionStore(folder / "r.sqlite")
    pool = matcher.load_candidates(matcher.demo_files("vo").candidates)
    region.import_candidates(pool, confirmed=dt.date(2026, 1, 1))
    tasks = folder / "taken.csv"
    tasks.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n" + "".join(
        f"T{i};Administratie {i};administratie;5;1\n" for i in range(1, 11)),
        encoding="utf-8")
    region.add_school(SCHOOL)
    ws = Workspace.from_files(tasks)
    ws.carve()
    assert ws.carving is not None and ws.inventory is not None
    assert len(ws.carving.functions) == 2
    region.save_session(SCHOOL, ws.save(), tasks=len(ws.inventory.tasks),
                        functions=len(ws.carving.functions))
    k = pool.ids
    moves = [
        (k[1], "F01", "voorgesteld", "", when(1, 5)), (k[2], "F01", "voorgesteld", "", when(1, 6)),
        (k[3], "F01", "voorgesteld", "", when(1, 7)), (k[1], "F01", "voorgelegd", "", when(1, 9)),
        (k[2], "F01", "afgewezen", "niveau", when(1, 12)),
        (k[3], "F01", "teruggetrokken", "reistijd", when(1, 20)),
        (k[1], "F01", "geplaatst", "versneld", when(3)),
        (k[1], "F01", "teruggetrokken", "uitval", when(6)),
        (k[4], "F01", "voorgesteld", "", when(7)),
        (k[4], "F01", "geplaatst", "versneld", when(9)),
        (k[5], "F02", "voorgesteld", "", when(10)),
    ]
    for cid, fid, status, reason, at in moves:
        region.set_status(SCHOOL, fid, cid, status, reason, when=at)
    region.record_outcome(SCHOOL, "F01", k[1], 6, False)
    region.record_outcome(SCHOOL, "F01", k[4], 6, True)
    return region


def test_recorded_history_has_every_proposal_with_its_components(region: RegionStore) -> None:
    frame = recorded_history(region)
    pool = region.pool()
    assert pool is not None
    k = pool.ids
    assert frame["candidate_id"].tolist() == [k[1], k[2], k[3], k[4], k[5]]
    assert frame["round"].tolist() == [1, 1, 1, 2, 1]
    assert frame["placed"].tolist() == [True, False, False, True, False]
    assert frame["status"].tolist() == ["teruggetrokken", "afgewezen", "teruggetrokken",
                                        "geplaatst", "voorgesteld"]
    assert frame["reason"].tolist()[:3] == ["uitval", "niveau", "reistijd"]
    assert frame["employed_6m"].tolist()[0] == 0.0
    assert frame["employed_6m"].tolist()[3] == 1.0
    assert frame["employed_6m"].isna().tolist() == [False, True, True, False, True]
    assert frame["employed_12m"].isna().all()
    assert frame["proposed"].iloc[0] == pd.Timestamp("2025-01-05 10:00", tz="UTC")
    assert frame["placed_at"].iloc[3] == pd.Timestamp("2025-09-01 10:00", tz="UTC")
    assert frame["known"].all()
    # the components are the scorer's for the school's functions and the current profiles
    stored = region.session(SCHOOL)
    assert stored is not None
    ws, _ = Workspace.open(stored[1], "s.json", pool=pool)
    scores = ws.scores().frame.assign(candidate_id=lambda f: f["candidate_id"].astype(str))
    merged = frame.merge(scores, on=["function_id", "candidate_id"], suffixes=("", "_s"))
    assert len(merged) == len(frame)
    for c in (*COMPONENTS, "score"):
        np.testing.assert_array_equal(merged[c].to_numpy(float), merged[f"{c}_s"].to_numpy(float))


def test_placements_are_what_learning_accepts(region: RegionStore) -> None:
    placed = placements(recorded_history(region))
    assert placed["employed_6m"].tolist() == [0, 1]  # in the order they were placed
    assert placed["employed_6m"].dtype.kind == "i"
    with pytest.raises(ValueError, match="Unknown outcome"):
        placements(recorded_history(region), "employed_3m")


def test_too_few_outcomes_say_so_with_the_counts(region: RegionStore) -> None:
    count = enough_outcomes(region)
    assert not count.enough and not count
    assert (count.n, count.stayed, count.left) == (2, 1, 1)
    assert "2 placement(s) with the 6-month outcome recorded (1 still working, 1 no longer)" \
        in count.message
    assert "too few" in count.message
    assert f"{MIN_OUTCOMES - 2} more placement(s)" in count.message
    twelve = enough_outcomes(region, "employed_12m")
    assert twelve.n == 0 and "too few" in twelve.message


def synthetic(n_rounds: int = 240, per_round: int = 4, seed: int = 0,
              drive: str | None = "travel") -> pd.DataFrame:
    """A recorded history in which one placement per round is picked at random (no
    selection by score) and staying 6 months depends only on the ``drive`` component
    (``None``: on nothing)."""
    rng = np.random.default_rng(seed)
    rows = []
    start = pd.Timestamp("2024-01-01", tz="UTC")
    for r in range(n_rounds):
        values = rng.uniform(0, 1, (per_round, len(COMPONENTS)))
        values[rng.random(values.shape) < 0.1] = np.nan
        pick = int(rng.integers(per_round))
        x = values[pick, COMPONENTS.index(drive)] if drive else 0.5
        x = 0.5 if np.isnan(x) else x
        stayed = float(rng.random() < 1 / (1 + np.exp(-10 * (x - 0.5))))
        at = start + pd.Timedelta(days=2 * r)
        for j in range(per_round):
            rows.append({
                "school": "S", "function_id": f"F{r:03d}", "candidate_id": f"K{r:03d}{j}",
                "round": 1, "proposed": at, "placed": j == pick,
                "placed_at": at + pd.Timedelta(days=30) if j == pick else pd.NaT,
                **dict(zip(COMPONENTS, values[j], strict=True)), "known": True,
                "employed_6m": stayed if j == pick else np.nan, "employed_12m": np.nan})
    return pd.DataFrame(rows)


def test_backtest_finds_that_learned_weights_rank_stayers_higher() -> None:
    """Staying depends on travel only and placements were picked at random: weights
    learned on the earlier two thirds put travel first and rank the later stayers higher
    than the defaults did, surely; they separate stayers from leavers better."""
    result = backtest(synthetic(n_rounds=900))
    assert result.learned_here and result.learned is not None
    assert result.n_train == 600 and result.n_test == 300
    assert result.split_at == pd.Timestamp("2024-01-01", tz="UTC") + pd.Timedelta(
        days=2 * 600 + 30)
    shares = result.weights.shares()
    assert shares[COMPONENTS.index("travel")] > 0.6
    summary = result.summary.set_index("group")
    stayed, left = summary.loc["stayed 6m"], summary.loc["left by 6m"]
    assert stayed["n"] + left["n"] == 300
    assert stayed["mean_rank_learned"] < stayed["mean_rank_default"]
    assert stayed["higher"] > stayed["lower"]
    assert stayed["gain_low"] > 0
    assert left["rank_gain"] < 0
    assert summary.loc["stayed - left 6m", "gain_low"] > 0
    assert summary.loc["stayed 12m", "n"] == 0
    assert result.auc["learned"] > result.auc["default"] + 0.1
    assert result.answer() == "yes"
    text = result.verdict()
    assert "Learned on the 600 earlier placements" in text and "Yes." in text


def test_backtest_of_the_default_weights_against_themselves_changes_nothing() -> None:
    result = backtest(synthetic(drive=None), learned=Weights())
    assert not result.learned_here
    stayed = result.summary.set_index("group").loc["stayed 6m"]
    assert stayed["same"] == stayed["n"] > 0
    assert stayed["rank_gain"] == 0
    assert result.answer() == "no"
    assert "flatters them" in result.verdict()


def test_backtest_needs_both_results_among_the_earlier_placements() -> None:
    frame = synthetic(n_rounds=30)
    frame.loc[frame["placed"], "employed_6m"] = 1.0
    with pytest.raises(ValueError, match="at least two of each"):
        backtest(frame)
    with pytest.raises(ValueError, match="too few to split"):
        backtest(synthetic(n_rounds=1))


def test_enough_outcomes_and_learning_on_a_frame() -> None:
    frame = synthetic(n_rounds=MIN_OUTCOMES + 10)
    count = enough_outcomes(frame)
    assert count.n == MIN_OUTCOMES + 10
    assert count.enough == (min(count.stayed, count.left) >= MIN_EACH)
    learned = learn_recorded(frame)
    assert learned.n == MIN_OUTCOMES + 10
    assert learned.table["known_coef"].isna().all()  # small samples: no indicators
    direct = learn_weights(placements(frame))
    assert direct.n == learned.n


def test_recorded_history_of_an_empty_region_is_empty(tmp_path: Path) -> None:
    frame = recorded_history(RegionStore(tmp_path / "empty.sqlite"))
    assert frame.empty and "employed_6m" in frame.columns
    assert not enough_outcomes(frame)
