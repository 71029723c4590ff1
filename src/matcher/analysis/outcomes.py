"""Learn and back-test the score weights on the outcomes a workspace recorded.

The WSP's region (:class:`matcher.store.RegionStore`) keeps every move of the pipeline
and, for a placement, whether the candidate still worked there after 6 and 12 months.
These are the real counterpart of the synthetic history of :mod:`matcher.analysis.history`:

* :func:`recorded_history`: every proposal (a pipeline that started at a function), with
  the score components of the pair, whether it led to a placement, and the recorded
  outcomes; :func:`placements` keeps the placements with an outcome, in the shape
  :func:`matcher.analysis.learning.learn_weights` accepts.
* :func:`enough_outcomes`: whether there are enough outcomes to learn from
  (:data:`MIN_OUTCOMES`, :data:`MIN_EACH`), with a message that gives the counts.
* :func:`backtest`: learn on the earlier placements, and check on the later ones whether
  the learned weights would have ranked the candidates who stayed higher among those
  proposed for the same function than the default weights did (and those who left
  lower), with counts and bootstrap intervals.

The components are computed again from the school's current session and the current
profiles (the store does not keep the score a pair had when it was proposed): a profile
updated since, or a school carved again since (other functions under the same ids), shifts
them. Proposals whose function or candidate is no longer there are kept, marked
``known = False``, and left out of learning and ranking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

from matcher.analysis.learning import LearnedWeights, learn_weights
from matcher.matching.weights import COMPONENTS, Weights
from matcher.store.region import ENDS, RegionStore

__all__ = [
    "MIN_EACH",
    "MIN_OUTCOMES",
    "OUTCOME_MONTHS",
    "RECORDED_LEARN_OPTIONS",
    "Backtest",
    "OutcomeCount",
    "backtest",
    "enough_outcomes",
    "learn_recorded",
    "placements",
    "recorded_history",
]

#: The outcome columns of :func:`recorded_history` and the months they are recorded at.
OUTCOME_MONTHS: dict[str, int] = {"employed_6m": 6, "employed_12m": 12}

#: Fewest placements with a recorded outcome to learn weights from. Six weights (and a
#: known-indicator each) from fewer placements change with every placement added; even at
#: this number the learned weights are indicative, which is why :func:`backtest` checks
#: them on later placements before anyone adopts them.
MIN_OUTCOMES = 30

#: The options of :func:`matcher.analysis.learning.learn_weights` for recorded outcomes
#: (:func:`learn_recorded`, :func:`backtest`): with tens of placements, a known-indicator
#: per component doubles the parameters and the weak default regularisation (``C=100``,
#: meant for the 30,000 synthetic placements) follows the noise; without the indicators
#: and with ``C=1`` the learned weights vary far less between samples.
RECORDED_LEARN_OPTIONS: dict[str, Any] = {"indicators": False, "C": 1.0}

#: Fewest placements of each result (still working, no longer working) among them: with
#: fewer of either, the cross-validated logistic regression has nothing to separate.
MIN_EACH = 8

_COLUMNS = ["school", "function_id", "candidate_id", "round", "proposed", "status",
            "reason", "placed", "placed_at", "ended", *COMPONENTS, "distance_km", "score",
            "confidence", "feasible", "known", *OUTCOME_MONTHS]


def _timestamp(text: str) -> pd.Timestamp:
    stamp = pd.Timestamp(text)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _episodes(store: RegionStore) -> pd.DataFrame:
    """Every pipeline from its start (a first move, or a move after an end) to its last
    move: school, function, candidate, proposed, status, reason, placed_at, ended."""
    rows: list[dict[str, Any]] = []
    current: dict[tuple[str, str, str], dict[str, Any]] = {}
    for move in store.history():
        key = (move.school, move.function_id, move.candidate_id)
        at = _timestamp(move.at)
        episode = current.get(key)
        if episode is None or episode["status"] in ENDS:
            episode = {"school": move.school, "function_id": move.function_id,
                       "candidate_id": move.candidate_id, "proposed": at,
                       "placed_at": pd.NaT, "ended": pd.NaT}
            current[key] = episode
            rows.append(episode)
        episode["status"], episode["reason"] = move.status, move.reason
        if move.status == "geplaatst":
            episode["placed_at"] = at
        if move.status in ENDS:
            episode["ended"] = at
    frame = pd.DataFrame(rows, columns=["school", "function_id", "candidate_id", "proposed",
                                        "status", "reason", "placed_at", "ended"])
    for column in ("proposed", "placed_at", "ended"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def _rounds(frame: pd.DataFrame) -> np.ndarray:
    """Round of each proposal within its function: 1 + the placements at that function
    made before it was proposed (a placement closes a round; who is proposed after it
    competes for the next vacancy)."""
    out = np.ones(len(frame), dtype=np.int64)
    for _, group in frame.groupby(["school", "function_id"], sort=False):
        placed = np.sort(group["placed_at"].dropna().to_numpy(dtype="datetime64[ns]"))
        proposed = group["proposed"].to_numpy(dtype="datetime64[ns]")
        out[group.index.to_numpy()] = 1 + np.searchsorted(placed, proposed, side="left")
    return out


def _components(store: RegionStore, frame: pd.DataFrame, weights: Weights) -> pd.DataFrame:
    """The score columns of every (school, function, candidate) of ``frame``, scored
    against the school's current session and the region's current profiles."""
    from matcher.session.workspace import Workspace

    pool = store.pool()
    keep = ["function_id", "candidate_id", *COMPONENTS, "distance_km", "score",
            "confidence", "feasible"]
    frames = []
    if pool is not None:
        for school in sorted(frame["school"].unique()):
            stored = store.session(school)
            if stored is None:
                continue
            ws, _ = Workspace.open(stored[1], f"{school}.json", pool=pool)
            if ws.carving is None or not ws.carving.functions:
                continue
            scores = ws.scores(weights).frame[keep].copy()
            scores["candidate_id"] = scores["candidate_id"].astype(str)
            frames.append(scores.assign(school=school))
    if not frames:
        return pd.DataFrame(columns=["school", *keep])
    return pd.concat(frames, ignore_index=True)


def recorded_history(store: RegionStore, weights: Weights | None = None) -> pd.DataFrame:
    """Every proposal the region recorded, with its score components and outcomes.

    One row per pipeline of a function x candidate, from its first move (normally
    ``voorgesteld``) to its last: school, function_id, candidate_id, round (1 + the
    placements at that function before the proposal: the candidates of one round competed
    for one vacancy), proposed, status and reason (its last move), placed, placed_at and
    ended (UTC timestamps, NaT when not), the six components (NaN = unknown),
    distance_km, score and confidence under ``weights`` (default weights), feasible,
    known (the function and the profile are still there, so the components could be
    computed), and employed_6m / employed_12m (1 still working, 0 not, NaN not recorded;
    on the row of the placement).

    The components are computed again from the school's newest session and the current
    profiles (see the module docstring). Rows are in the order the proposals were made.
    """
    weights = weights or Weights()
    frame = _episodes(store)
    if frame.empty:
        return pd.DataFrame(columns=_COLUMNS)
    frame["placed"] = frame["placed_at"].notna()
    frame["round"] = _rounds(frame)
    scores = _components(store, frame, weights)
    frame = frame.merge(scores, on=["school", "function_id", "candidate_id"], how="left")
    frame["known"] = frame["feasible"].notna()
    frame["feasible"] = frame["feasible"].astype("boolean").fillna(False).astype(bool)
    outcomes = {(o["school"], o["function_id"], o["candidate_id"], int(o["months"])):
                float(o["working"]) for o in store.outcomes()}
    # an outcome belongs to the pair's last placement
    last = frame[frame["placed"]].groupby(["school", "function_id", "candidate_id"])[
        "placed_at"].transform("max")
    is_last = pd.Series(False, index=frame.index)
    is_last[last.index] = frame.loc[last.index, "placed_at"] == last
    for column, months in OUTCOME_MONTHS.items():
        frame[column] = [
            outcomes.get((s, f, c, months), np.nan) if flag else np.nan
            for s, f, c, flag in zip(frame["school"], frame["function_id"],
                                     frame["candidate_id"], is_last, strict=True)]
    frame = frame.sort_values(["proposed", "school", "function_id", "candidate_id"],
                              kind="stable").reset_index(drop=True)
    return frame[_COLUMNS]


def placements(history: pd.DataFrame, outcome: str = "employed_6m") -> pd.DataFrame:
    """The placements of :func:`recorded_history` with ``outcome`` recorded and their
    components known, in the order they were made, ``outcome`` as 0/1: what
    :func:`matcher.analysis.learning.learn_weights` accepts."""
    _check_outcome(outcome)
    keep = history["placed"].astype(bool) & history[outcome].notna() & history["known"].astype(
        bool)
    out = history[keep].sort_values(["placed_at", "school", "function_id", "candidate_id"],
                                    kind="stable").reset_index(drop=True)
    out[outcome] = out[outcome].astype(int)
    return out


def _check_outcome(outcome: str) -> None:
    if outcome not in OUTCOME_MONTHS:
        raise ValueError(f"Unknown outcome {outcome!r}: choose one of "
                         f"{', '.join(OUTCOME_MONTHS)}.")


@dataclass(frozen=True)
class OutcomeCount:
    """How many placements have ``outcome`` recorded, and whether that is enough.

    ``n`` placements with the outcome and known components, of which ``stayed`` still
    worked and ``left`` no longer; ``minimum`` and ``minimum_each`` are the thresholds
    used (:data:`MIN_OUTCOMES`, :data:`MIN_EACH`).
    """

    outcome: str
    n: int
    stayed: int
    left: int
    minimum: int
    minimum_each: int

    @property
    def enough(self) -> bool:
        """At least ``minimum`` placements and ``minimum_each`` of each result."""
        return self.n >= self.minimum and min(self.stayed, self.left) >= self.minimum_each

    @property
    def message(self) -> str:
        """The counts and the verdict in plain words."""
        months = OUTCOME_MONTHS[self.outcome]
        counts = (f"{self.n} placement(s) with the {months}-month outcome recorded "
                  f"({self.stayed} still working, {self.left} no longer)")
        if self.enough:
            return (f"{counts}: enough to learn weights from (at least {self.minimum}, "
                    f"{self.minimum_each} of each); the back-test says whether to trust "
                    "them.")
        short = []
        if self.n < self.minimum:
            short.append(f"{self.minimum - self.n} more placement(s) with an outcome")
        for label, count in (("still working", self.stayed), ("no longer working", self.left)):
            if count < self.minimum_each:
                short.append(f"{self.minimum_each - count} more {label}")
        return (f"{counts}: too few to learn weights from (at least {self.minimum} are "
                f"needed, {self.minimum_each} of each; missing: {', '.join(short)}). Until "
                "there are, keep the default weights for this outcome; the synthetic "
                "history shows how learning works.")

    def __bool__(self) -> bool:
        return self.enough


def enough_outcomes(data: RegionStore | pd.DataFrame, outcome: str = "employed_6m", *,
                    minimum: int = MIN_OUTCOMES, minimum_each: int = MIN_EACH
                    ) -> OutcomeCount:
    """Whether a region (or a :func:`recorded_history` frame) has enough recorded
    ``outcome`` to learn weights from; its :attr:`OutcomeCount.message` gives the counts.
    """
    _check_outcome(outcome)
    history = recorded_history(data) if isinstance(data, RegionStore) else data
    placed = placements(history, outcome)
    stayed = int(placed[outcome].sum())
    return OutcomeCount(outcome, len(placed), stayed, len(placed) - stayed, minimum,
                        minimum_each)


def learn_recorded(data: RegionStore | pd.DataFrame, outcome: str = "employed_6m", *,
                   base: Weights | None = None, **options: Any) -> LearnedWeights:
    """Learn weights from every placement with ``outcome`` recorded (:func:`placements`),
    with :data:`RECORDED_LEARN_OPTIONS` unless ``options`` say otherwise; ``cv`` is at
    most the smaller result's count. Check :func:`enough_outcomes` first, and
    :func:`backtest` before adopting them."""
    _check_outcome(outcome)
    history = recorded_history(data) if isinstance(data, RegionStore) else data
    placed = placements(history, outcome)
    return learn_weights(placed, outcome=outcome, **_learn_options(placed, outcome, base,
                                                                   options))


def _learn_options(placed: pd.DataFrame, outcome: str, base: Weights | None,
                   options: Mapping[str, Any] | None) -> dict[str, Any]:
    stayed = int(placed[outcome].sum())
    fewest = min(stayed, len(placed) - stayed)
    if fewest < 2:
        raise ValueError(f"The {len(placed)} placement(s) have {stayed} still working and "
                         f"{len(placed) - stayed} no longer: learning needs at least two of "
                         "each.")
    return {**RECORDED_LEARN_OPTIONS, "cv": min(5, fewest), "base": base or Weights(),
            **(options or {})}


def _rank(scores: np.ndarray, own: int) -> float:
    """Rank of row ``own`` among ``scores`` (1 = highest; ties share the mean rank)."""
    higher = int((scores > scores[own]).sum())
    ties = int((scores == scores[own]).sum()) - 1
    return 1.0 + higher + ties / 2.0


def _interval(values: np.ndarray, rng: np.random.Generator, n_boot: int
              ) -> tuple[float, float]:
    """95% bootstrap percentile interval of the mean of ``values`` (NaN when fewer
    than 2)."""
    if len(values) < 2 or n_boot < 1:
        return (float("nan"), float("nan"))
    means = values[rng.integers(0, len(values), size=(n_boot, len(values)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return (float(low), float(high))


@dataclass(frozen=True)
class Backtest:
    """The result of :func:`backtest`.

    Attributes
    ----------
    outcome
        The outcome learned from (``employed_6m`` or ``employed_12m``).
    split_at
        When the first later (test) placement was made.
    n_train, train_stayed
        Earlier placements (learned from) and how many of them still worked.
    learned_here
        Whether the learned weights were learned on the earlier placements here (else
        they were given: if they saw the later placements, the back-test flatters them).
    learned
        The learning result (``None`` when weights were given).
    weights, default
        The learned and the default weights compared.
    table
        One row per later placement: school, function_id, candidate_id, placed_at,
        proposed (candidates in its round), employed_6m, employed_12m, score_default,
        score_learned, rank_default, rank_learned (1 = top of the round).
    summary
        One row per group of later placements whose round had at least two candidates:
        ``stayed 6m``, ``left by 6m``, ``stayed 12m``, ``left by 12m``, with n,
        mean_proposed, mean_rank_default, mean_rank_learned, higher / same / lower (how
        many the learned weights ranked higher, the same, lower than the defaults did),
        share_higher, rank_gain (mean of default rank - learned rank: > 0 means the
        learned weights put them higher) and its 95% bootstrap interval (gain_low,
        gain_high); and ``stayed - left 6m`` / ``12m``: the stayers' rank_gain minus the
        leavers' with its interval (the placements were picked with the default scores,
        which favours the default ranks of all placed candidates; better weights lift
        the stayers more than the leavers).
    auc
        Over the later placements with the outcome, how well each score separates who
        stayed from who left (ROC AUC; NaN when one result is missing): ``default`` and
        ``learned``.
    """

    outcome: str
    split_at: pd.Timestamp
    n_train: int
    train_stayed: int
    learned_here: bool
    learned: LearnedWeights | None
    weights: Weights
    default: Weights
    table: pd.DataFrame
    summary: pd.DataFrame
    auc: dict[str, float]

    @property
    def n_test(self) -> int:
        """Later placements checked."""
        return len(self.table)

    def answer(self) -> str:
        """Would the learned weights have ranked the later placed candidates who stayed
        (the outcome learned from) higher than the default weights did: ``"yes"`` (the
        95% interval of the mean gain lies above 0), ``"not surely"`` (a gain, but the
        interval includes 0), ``"no"`` (no gain) or ``"cannot tell"`` (none stayed)."""
        label = "stayed 6m" if self.outcome == "employed_6m" else "stayed 12m"
        rec = next(r for r in self.summary.to_dict("records") if r["group"] == label)
        if int(rec["n"]) == 0:
            return "cannot tell"
        if float(rec["rank_gain"]) <= 0:
            return "no"
        return "yes" if float(rec["gain_low"]) > 0 else "not surely"

    def verdict(self) -> str:
        """The result in plain words, with the counts and how sure it is."""
        months = OUTCOME_MONTHS[self.outcome]
        lines = [f"Learned on the {self.n_train} earlier placements ({self.train_stayed} "
                 f"still working after {months} months), checked on the {self.n_test} "
                 f"placements made from {self.split_at:%Y-%m-%d} on."]
        if not self.learned_here:
            lines.append("The learned weights were given, not learned on the earlier "
                         "placements here: if they saw the later ones, this flatters them.")
        answer = self.answer()
        lines.append({
            "yes": "Would the learned weights have ranked those who stayed higher than the "
                   "default weights did? Yes.",
            "not surely": "Would the learned weights have ranked those who stayed higher "
                          "than the default weights did? On average yes, but with this "
                          "few placements it may be chance.",
            "no": "Would the learned weights have ranked those who stayed higher than the "
                  "default weights did? No: keep the default weights.",
            "cannot tell": "None of the later placements stayed (yet): the back-test "
                           "cannot tell."}[answer])
        for rec in self.summary.to_dict("records"):
            group, n = str(rec["group"]), int(rec["n"])
            if group.startswith("stayed - left"):
                continue
            if n == 0:
                lines.append(f"- {group}: none among the later placements (yet).")
                continue
            gain, low, high = (float(rec[k]) for k in ("rank_gain", "gain_low", "gain_high"))
            good = gain > 0 if group.startswith("stayed") else gain < 0
            judged = ("no difference" if gain == 0 else
                      "as better weights should" if good else "not as better weights should")
            interval = ("too few for an interval" if np.isnan(low) else
                        f"95% interval of the mean gain {low:+.2f} to {high:+.2f}, which "
                        + ("includes 0" if low <= 0 <= high else "excludes 0"))
            lines.append(
                f"- {group} ({n}): the learned weights ranked {rec['higher']} of them "
                f"higher, {rec['lower']} lower and {rec['same']} the same as the default "
                f"weights did; mean rank {float(rec['mean_rank_learned']):.2f} against "
                f"{float(rec['mean_rank_default']):.2f} among "
                f"{float(rec['mean_proposed']):.1f} proposed ({judged}; {interval}).")
        months_label = f"stayed - left {months}m"
        rec = next(r for r in self.summary.to_dict("records") if r["group"] == months_label)
        gain, low, high = (float(rec[k]) for k in ("rank_gain", "gain_low", "gain_high"))
        if not np.isnan(gain):
            lines.append(
                "The placed candidates were picked with the default scores in mind, so the "
                "default weights rank them high by construction and any other weights "
                "rank them lower on average; the fairer test is whether the learned "
                "weights lift those who stayed more than those who left: "
                f"{gain:+.2f} places"
                + ("" if np.isnan(low) else
                   f" (95% interval {low:+.2f} to {high:+.2f}, which "
                   + ("includes 0)" if low <= 0 <= high else "excludes 0)"))
                + (", in favour of the learned weights." if gain > 0 else
                   ", not in favour of the learned weights." if gain < 0 else "."))
        auc_d, auc_l = self.auc.get("default", np.nan), self.auc.get("learned", np.nan)
        if auc_d == auc_d and auc_l == auc_l:
            lines.append(f"Separating who stayed from who left among the later placements: "
                         f"AUC {auc_l:.2f} with the learned weights, {auc_d:.2f} with the "
                         "default weights (0.5 is chance).")
        return "\n".join(lines)


def backtest(data: RegionStore | pd.DataFrame, learned: LearnedWeights | Weights | None = None,
             default: Weights | None = None, *, outcome: str = "employed_6m",
             test_share: float = 1 / 3, n_boot: int = 2000, seed: int = 0,
             learn_options: Mapping[str, Any] | None = None) -> Backtest:
    """Would weights learned on the earlier placements have ranked the later stayers
    higher than the default weights did?

    The placements with ``outcome`` recorded (:func:`placements`) are split in time:
    the last ``test_share`` of them are the later ones. Unless ``learned`` is given, the
    weights are learned (:func:`matcher.analysis.learning.learn_weights`, with
    ``learn_options``) on the earlier ones only. For every later placement the candidates
    proposed in its round (the same function, between the previous placement there and
    this one) are ranked by their score under the learned and under the default weights;
    the :class:`Backtest` reports the ranks of those who stayed (6 and 12 months, where
    recorded) and of those who left, how many the learned weights put higher, and a
    bootstrap interval (``n_boot`` resamples, ``seed``) of the mean gain.

    ``data`` is a region or a :func:`recorded_history` frame.

    Raises
    ------
    ValueError
        When the earlier placements cannot be learned from (fewer than two of either
        result) or there is no later placement; check :func:`enough_outcomes` first.
    """
    _check_outcome(outcome)
    if not 0 < test_share < 1:
        raise ValueError(f"test_share must lie between 0 and 1. Got {test_share}.")
    history = recorded_history(data) if isinstance(data, RegionStore) else data
    default = default or Weights()
    placed = placements(history, outcome)
    n_test = round(test_share * len(placed))
    if n_test < 1 or len(placed) - n_test < 1:
        raise ValueError(f"{len(placed)} placement(s) with {outcome} recorded: too few to "
                         "split into earlier and later ones.")
    train, test = placed.iloc[: len(placed) - n_test], placed.iloc[len(placed) - n_test:]
    stayed = int(train[outcome].sum())
    result: LearnedWeights | None = None
    if learned is None:
        result = learn_weights(train, outcome=outcome,
                               **_learn_options(train, outcome, default, learn_options))
        weights = result.weights
    else:
        weights = learned.weights if isinstance(learned, LearnedWeights) else learned
        result = learned if isinstance(learned, LearnedWeights) else None

    table = _ranked(history, test, weights, default)
    rng = np.random.default_rng(seed)
    rows = [_group(table, column, value, label, rng, n_boot)
            for column, value, label in (
                ("employed_6m", 1, "stayed 6m"), ("employed_6m", 0, "left by 6m"),
                ("employed_12m", 1, "stayed 12m"), ("employed_12m", 0, "left by 12m"))]
    rows += [_contrast(table, column, label, rng, n_boot)
             for column, label in (("employed_6m", "stayed - left 6m"),
                                   ("employed_12m", "stayed - left 12m"))]
    summary = pd.DataFrame(rows)
    auc: dict[str, float] = {}
    y = table[outcome].to_numpy(dtype=float)
    if len(np.unique(y[~np.isnan(y)])) == 2:
        for name in ("default", "learned"):
            auc[name] = float(roc_auc_score(y[~np.isnan(y)],
                                            table[f"score_{name}"].to_numpy()[~np.isnan(y)]))
    else:
        auc = {"default": float("nan"), "learned": float("nan")}
    split_at = pd.Timestamp(test["placed_at"].iloc[0])
    return Backtest(outcome, split_at, len(train), stayed, learned is None, result, weights,
                    default, table, summary, auc)


def _ranked(history: pd.DataFrame, test: pd.DataFrame, weights: Weights,
            default: Weights) -> pd.DataFrame:
    """Each later placement ranked among the candidates of its round."""
    known = history[history["known"].astype(bool)]
    rounds = {key: group for key, group in known.groupby(["school", "function_id", "round"])}
    rows = []
    for placement in test.itertuples(index=False):
        group = rounds[(placement.school, placement.function_id, placement.round)]
        values = group[list(COMPONENTS)].to_numpy(dtype=float)
        own = int(np.flatnonzero((group["candidate_id"] == placement.candidate_id).to_numpy()
                                 & group["placed"].to_numpy(dtype=bool))[0])
        by_default = np.asarray(default.combine(values))
        by_learned = np.asarray(weights.combine(values))
        rows.append({
            "school": placement.school, "function_id": placement.function_id,
            "candidate_id": placement.candidate_id, "placed_at": placement.placed_at,
            "proposed": len(group), "employed_6m": placement.employed_6m,
            "employed_12m": placement.employed_12m,
            "score_default": float(by_default[own]), "score_learned": float(by_learned[own]),
            "rank_default": _rank(by_default, own), "rank_learned": _rank(by_learned, own)})
    return pd.DataFrame(rows, columns=[
        "school", "function_id", "candidate_id", "placed_at", "proposed", "employed_6m",
        "employed_12m", "score_default", "score_learned", "rank_default", "rank_learned"])


def _gains(table: pd.DataFrame, column: str, value: int) -> np.ndarray:
    """Default rank - learned rank of the later placements with ``column == value`` in
    rounds of two or more candidates."""
    rows = table[(table[column] == value) & (table["proposed"] >= 2)]
    return (rows["rank_default"] - rows["rank_learned"]).to_numpy(dtype=float)


def _contrast(table: pd.DataFrame, column: str, label: str, rng: np.random.Generator,
              n_boot: int) -> dict[str, Any]:
    """The stayers' mean gain minus the leavers' (each group resampled on its own for the
    interval): what better weights raise, whatever picked the placements."""
    stayed, left = _gains(table, column, 1), _gains(table, column, 0)
    gain = float(stayed.mean() - left.mean()) if len(stayed) and len(left) else float("nan")
    low = high = float("nan")
    if len(stayed) >= 2 and len(left) >= 2 and n_boot >= 1:
        a = stayed[rng.integers(0, len(stayed), size=(n_boot, len(stayed)))].mean(axis=1)
        b = left[rng.integers(0, len(left), size=(n_boot, len(left)))].mean(axis=1)
        low, high = (float(v) for v in np.percentile(a - b, [2.5, 97.5]))
    nan = float("nan")
    return {"group": label, "n": len(stayed) + len(left), "mean_proposed": nan,
            "mean_rank_default": nan, "mean_rank_learned": nan, "higher": 0, "same": 0,
            "lower": 0, "share_higher": nan, "rank_gain": gain, "gain_low": low,
            "gain_high": high}


def _group(table: pd.DataFrame, column: str, value: int, label: str,
           rng: np.random.Generator, n_boot: int) -> dict[str, Any]:
    """The summary row of the later placements with ``column == value`` in rounds of two
    or more candidates."""
    rows = table[(table[column] == value) & (table["proposed"] >= 2)]
    gain = (rows["rank_default"] - rows["rank_learned"]).to_numpy(dtype=float)
    low, high = _interval(gain, rng, n_boot)
    n = len(rows)
    return {"group": label, "n": n,
            "mean_proposed": float(rows["proposed"].mean()) if n else float("nan"),
            "mean_rank_default": float(rows["rank_default"].mean()) if n else float("nan"),
            "mean_rank_learned": float(rows["rank_learned"].mean()) if n else float("nan"),
            "higher": int((gain > 0).sum()), "same": int((gain == 0).sum()),
            "lower": int((gain < 0).sum()),
            "share_higher": float((gain > 0).mean()) if n else float("nan"),
            "rank_gain": float(gain.mean()) if n else float("nan"),
            "gain_low": low, "gain_high": high}

