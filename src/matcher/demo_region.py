"""The demo region: a WSP's region workspace built from seeded data, to look around in.

:func:`build_demo_region` builds a region into a new store file
(:class:`matcher.store.RegionStore`): both shipped demos (:func:`matcher.demo.demo_files`
``"vo"`` and ``"po"``), seeded generated schools around Amersfoort and Ede (the schools of
a board share a timetable), a generated pool and 18 months of pipeline history with
outcomes drawn from :class:`RegionOutcomeModel`, the model the analysts' back-test of
:mod:`matcher.analysis.outcomes` runs on. ``matcher workspace demo PATH`` and the app's
Regio page call it.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from matcher.carving import SolverParams
from matcher.carving.problem import ProgressCallback
from matcher.demo import demo_files, generate_board, generate_candidates
from matcher.inputs.loaders import load_candidates
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import Inventory, Pool, Sites, Task
from matcher.session.workspace import Workspace
from matcher.store.region import RegionStore

__all__ = ["DEMO_REGION_SEED", "DEMO_REGION_SOLVER", "DEMO_TRUE_WEIGHTS",
           "RegionOutcomeModel", "build_demo_region"]

#: Seed of the demo region (``build_demo_region``'s default).
DEMO_REGION_SEED = 20261206

#: The weights of the demo region's outcome model: in the demo region the journey and the
#: hours decide whether people stay, much more than the default weights assume (long
#: journeys are the first reason people with an occupational disability drop out); the
#: level and the days hardly matter once the knock-outs have guarded them. Learning has
#: this to find.
DEMO_TRUE_WEIGHTS = Weights(travel=0.55, hours=0.25, level=0.0, availability=0.0,
                            load=0.05, wishes=0.15)


@dataclass(frozen=True)
class RegionOutcomeModel:
    """Whether a placed candidate still works at the school, in the demo region.

    ``logit P(working after 6 months) = intercept + slope * s + e``, with ``s`` the pair's
    score under ``weights`` (unknown components count as ``weights.unknown_value``) and
    ``e ~ N(0, noise_sd)`` per placement; who still works after 6 months still works after
    12 with the log-odds raised by ``later`` (the first months are the hardest).

    Parameters
    ----------
    weights
        True component weights [:data:`DEMO_TRUE_WEIGHTS`].
    slope
        Log-odds per unit of score [12].
    intercept
        Log-odds at score 0 [-6.5]: about 60% of the demo placements still work after 6
        months, about half after 12.
    noise_sd
        Standard deviation of the unexplained log-odds per placement [0.5].
    later
        Log-odds added for 12 months given 6 [1.5].
    """

    weights: Weights = field(default_factory=lambda: DEMO_TRUE_WEIGHTS)
    slope: float = 12.0
    intercept: float = -6.5
    noise_sd: float = 0.5
    later: float = 1.5

    def logit(self, components: np.ndarray) -> np.ndarray:
        """Log-odds of still working after 6 months per row of components (in
        :data:`~matcher.matching.weights.COMPONENTS` order, NaN = unknown), without noise."""
        return np.asarray(self.intercept + self.slope * self.weights.combine(components))


@dataclass
class _SchoolPlan:
    """A school of the demo region before it is written: name, board, its workspace."""

    name: str
    board: str
    workspace: Workspace
    joined: float  # day (since the start of the history) its functions were first open


def _board_timetable(rng: np.random.Generator) -> np.ndarray:
    """Lesson starts (minutes after midnight) of a board's shared timetable: a first
    lesson at 08:15-08:45, lessons of 45 or 50 minutes, a short and a long break."""
    start = 495 + 15 * int(rng.integers(0, 3))
    length = int(rng.choice([45, 50]))
    slots, t = [], start
    for k in range(10):
        slots.append(t)
        t += length + (15 if k == 1 else 30 if k == 3 else 0)
    return np.array([s for s in slots if s <= 990])


def _on_timetable(task: Task, slots: np.ndarray) -> Task:
    """``task`` with its fixed start moved to the nearest lesson start (duration kept;
    the latest start that still ends by 18:00 when the nearest would end later)."""
    if task.start is None or task.end is None:
        return task
    length = task.end - task.start
    fits = slots[slots + length <= 1080]
    if not len(fits):
        return task
    start = int(fits[np.argmin(np.abs(fits - task.start))])
    return replace(task, start=start, end=start + length)


#: How the generated schools of the demo region are carved: the heuristic with fewer
#: restarts and searches than the default, about four times faster on these small
#: schools (the demo school and board get the default settings).
DEMO_REGION_SOLVER = SolverParams(method="heuristic", restarts=1, lns_rounds=3,
                                  two_way_tasks=0, iterations=5000)


def _region_schools(rng: np.random.Generator, seed: int, schools: int,
                    tasks_per_school: int) -> list[tuple[str, str, Inventory]]:
    """The generated schools: (name, board, inventory of its own site), half around
    Amersfoort and half around Ede, a board per four schools, the schools of a board
    sharing a timetable."""
    out: list[tuple[str, str, Inventory]] = []
    half = (schools + 1) // 2
    for k, (region, n) in enumerate((("eemland", half), ("gelderse-vallei", schools - half))):
        if n < 1:
            continue
        board = generate_board(tasks_per_school * n, n, seed=seed + k,
                               n_boards=max(1, round(n / 4)), region=region,
                               secondary_share=0.4)
        frame = board.sites.frame
        timetables = {b: _board_timetable(rng) for b in sorted(frame["board"].unique())}
        for row in frame.itertuples(index=False):
            slots = timetables[str(row.board)]
            tasks = tuple(_on_timetable(t, slots) for t in board.tasks if t.site == row.site)
            sites = Sites(frame[frame["site"] == row.site].reset_index(drop=True))
            name = str(row.name)
            if any(name == other for other, _, _ in out):  # a school's name is its key
                name = f"{name} ({region} {row.site})"
            out.append((name, str(row.board),
                        Inventory(tasks, sites, f"demo region: {name}")))
    return out


def _day_to_datetime(start: dt.date, day: float) -> dt.datetime:
    """Day ``day`` (a fraction of a day counts as office hours, 08:00-17:00) after
    ``start``, in UTC."""
    whole = int(np.floor(day))
    minutes = int((day - whole) * 540)
    return dt.datetime.combine(start + dt.timedelta(days=whole), dt.time(8, 0),
                               tzinfo=dt.UTC) + dt.timedelta(minutes=minutes)


@dataclass
class _Pipeline:
    """The simulated moves, placements and flags of the demo region's history."""

    moves: list[tuple[float, int, str, str, str, str, str]] = field(default_factory=list)
    placements: list[tuple[str, str, str, float, bool, bool]] = field(default_factory=list)
    busy: dict[str, list[tuple[float, float]]] = field(default_factory=dict)

    def add(self, day: float, school: str, function_id: str, candidate_id: str,
            status: str, reason: str = "") -> None:
        self.moves.append((day, len(self.moves), school, function_id, candidate_id, status,
                           reason))

    def is_busy(self, candidate_id: str, day: float) -> bool:
        return any(a <= day <= b for a, b in self.busy.get(candidate_id, ()))


def _weakest(values: dict[str, float], reasons: dict[str, str], below: float,
             fallback: str) -> str:
    """The reason of the weakest known component below ``below``, else ``fallback``."""
    known = {c: v for c, v in values.items() if v == v and c in reasons}
    if not known:
        return fallback
    component = min(known, key=lambda c: known[c])
    return reasons[component] if known[component] < below else fallback


def _simulate(rng: np.random.Generator, plans: list[_SchoolPlan],
              lists: dict[tuple[str, str], list[tuple[str, float]]],
              components: dict[tuple[str, str, str], np.ndarray], horizon: float,
              model: RegionOutcomeModel) -> _Pipeline:
    """Rounds of proposals per function, in the order they start (see
    :func:`build_demo_region`)."""
    from heapq import heappop, heappush

    out = _Pipeline()
    queue: list[tuple[float, int, str, str, int]] = []
    for plan in plans:
        assert plan.workspace.carving is not None
        for f in plan.workspace.carving.functions:
            day = plan.joined + float(rng.uniform(0, 30))
            heappush(queue, (day, len(queue), plan.name, f.function_id, 0))
    tried: dict[tuple[str, str], set[str]] = {}
    order = len(queue)
    while queue:
        t0, _, school, fid, empty = heappop(queue)
        if t0 > horizon:
            continue
        seen = tried.setdefault((school, fid), set())
        ranked = [(c, s) for c, s in lists.get((school, fid), []) if c not in seen]
        available = [(c, s) for c, s in ranked if not out.is_busy(c, t0)]
        if not available:
            if empty < 3 and ranked:  # everyone on the list is busy: try again later
                order += 1
                heappush(queue, (t0 + float(rng.uniform(30, 60)), order, school, fid,
                                 empty + 1))
            continue
        k = min(len(available), int(rng.integers(2, 6)))
        score = np.array([s for _, s in available])
        p = np.exp(4.0 * score)
        picked = rng.choice(len(available), size=k, replace=False, p=p / p.sum())
        survivors: list[tuple[str, float, float, float]] = []
        ends: list[float] = []
        for j in picked:
            cid, sc = available[int(j)]
            seen.add(cid)
            v = dict(zip(COMPONENTS, components[(school, fid, cid)], strict=True))
            filled = {c: (0.5 if x != x else x) for c, x in v.items()}
            t = t0 + float(rng.uniform(0, 3))
            first = t
            out.add(t, school, fid, cid, "voorgesteld")
            t += float(rng.uniform(2, 10))
            if rng.random() < 0.08:  # the candidate declines before the school sees them
                out.add(t, school, fid, cid, "teruggetrokken", "kandidaat")
            else:
                out.add(t, school, fid, cid, "voorgelegd")
                t += float(rng.uniform(5, 20))
                if rng.random() < 0.10 + 0.35 * (1 - min(filled["level"], filled["hours"])):
                    out.add(t, school, fid, cid, "afgewezen",
                            _weakest(v, {"level": "niveau", "hours": "uren", "wishes": "taken"},
                                     0.6, "school"))
                else:
                    out.add(t, school, fid, cid, "kennismaking")
                    t += float(rng.uniform(3, 14))
                    if rng.random() < 0.08 + 0.30 * (1 - filled["travel"]):
                        out.add(t, school, fid, cid, "teruggetrokken",
                                "reistijd" if filled["travel"] < 0.5 else "kandidaat")
                    else:
                        survivors.append((cid, sc, first, t))
                        continue
            ends.append(t)
            out.busy.setdefault(cid, []).append((first, t))
        next_round: float | None
        if not survivors:
            next_round = max(ends) + float(rng.uniform(14, 35))
        else:
            impression = np.array([4.0 * s for _, s, _, _ in survivors]) + rng.normal(
                0, 0.7, len(survivors))
            pick = int(np.argmax(impression))
            t_pick = max(t for _, _, _, t in survivors)
            for j, (cid, _, first, _) in enumerate(survivors):
                if j == pick:
                    continue
                t_end = t_pick + float(rng.uniform(0, 3))
                out.add(t_end, school, fid, cid, "afgewezen", "school")
                out.busy.setdefault(cid, []).append((first, t_end))
            cid = survivors[pick][0]
            values = components[(school, fid, cid)]
            wishes = values[COMPONENTS.index("wishes")]
            wishes = 0.5 if wishes != wishes else float(wishes)
            out.add(t_pick, school, fid, cid, "proefplaatsing")
            if rng.random() < 0.10 + 0.20 * (1 - wishes):  # the trial does not work out
                t_end = t_pick + float(rng.uniform(14, 42))
                out.add(t_end, school, fid, cid, "afgewezen",
                        "taken" if wishes < 0.5 else "begeleiding")
                out.busy.setdefault(cid, []).append((t0, t_end))
                next_round = t_end + float(rng.uniform(14, 35))
            else:
                placed = t_pick + float(rng.uniform(28, 56))
                out.add(placed, school, fid, cid, "geplaatst")
                logit = float(model.logit(values[None, :])[0]) + float(
                    rng.normal(0, model.noise_sd))
                stay6 = bool(rng.random() < 1 / (1 + np.exp(-logit)))
                stay12 = stay6 and bool(rng.random() < 1 / (1 + np.exp(-(logit + model.later))))
                left = (placed + float(rng.uniform(30, 180)) if not stay6 else
                        placed + float(rng.uniform(185, 360)) if not stay12 else np.inf)
                out.placements.append((school, fid, cid, placed, stay6, stay12))
                out.busy.setdefault(cid, []).append((t0, left))
                next_round = None
                if np.isfinite(left):
                    out.add(left, school, fid, cid, "teruggetrokken", "uitval")
                    next_round = left + float(rng.uniform(14, 45))
        if next_round is not None:
            order += 1
            heappush(queue, (next_round, order, school, fid, 0))
    return out


def _double_book(rng: np.random.Generator, pipeline: _Pipeline, horizon: float,
                 lists: dict[tuple[str, str], list[tuple[str, float]]], wanted: int) -> None:
    """Propose ``wanted`` candidates who are early in a pipeline at one school (at the
    horizon) to a function of another school whose list they are on."""
    state: dict[tuple[str, str, str], tuple[str, float]] = {}
    for day, _, school, fid, cid, status, _ in sorted(pipeline.moves):
        if day <= horizon:
            state[(school, fid, cid)] = (status, day)
    early: dict[str, set[str]] = {}
    active: dict[str, set[str]] = {}
    for (school, _, cid), (status, _) in state.items():
        if status in ("voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing",
                      "geplaatst"):
            active.setdefault(cid, set()).add(school)
        if status in ("voorgesteld", "voorgelegd", "kennismaking"):
            early.setdefault(cid, set()).add(school)
    booked = sum(len(s) > 1 for s in active.values())
    on_lists: dict[str, list[tuple[str, str]]] = {}
    for (school, fid), ranked in sorted(lists.items()):
        for cid, _ in ranked:
            on_lists.setdefault(cid, []).append((school, fid))
    ids = sorted(c for c in early if len(active[c]) == 1)
    for k in rng.permutation(len(ids)):
        if booked >= wanted:
            break
        cid = ids[int(k)]
        options = [(s, f) for s, f in on_lists.get(cid, []) if s not in active[cid]
                   and (s, f, cid) not in state]
        if not options:
            continue
        school, fid = options[int(rng.integers(len(options)))]
        pipeline.add(horizon - float(rng.uniform(1, 10)), school, fid, cid, "voorgesteld")
        active[cid].add(school)
        booked += 1


def _carved_schools(rng: np.random.Generator, seed: int, schools: int,
                    tasks_per_school: int, horizon: float, report: ProgressCallback
                    ) -> list[_SchoolPlan]:
    """The demo school, the demo board and the generated schools, each carved, with the
    day each joined the region (the demo ones first)."""
    plans: list[_SchoolPlan] = []
    for name in ("vo", "po"):
        files = demo_files(name)
        ws = Workspace.from_files(files.tasks, files.sites, source=files.title)
        assert ws.inventory is not None
        boards = sorted(set(ws.inventory.sites.frame["board"].astype(str)) - {""})
        plans.append(_SchoolPlan(files.title.split(" (")[0], ", ".join(boards), ws,
                                 float(rng.uniform(0, 20))))
    generated = _region_schools(rng, seed, schools, tasks_per_school)
    late = len(generated) - max(1, len(generated) // 5)
    for k, (name, board, inventory) in enumerate(generated):
        # most joined in the first five months, a fifth in the last two (still busy)
        joined = (float(rng.uniform(0, max(min(150.0, horizon - 90.0), 1.0))) if k < late
                  else max(horizon - float(rng.uniform(15, 60)), 0.0))
        plans.append(_SchoolPlan(name, board, Workspace(inventory, source=name,
                                                        solver=DEMO_REGION_SOLVER), joined))
    for k, plan in enumerate(plans):
        report(0.8 * k / len(plans), f"{plan.name} indelen ({k + 1} van {len(plans)})")
        plan.workspace.carve()
    return plans


def _region_lists(plans: list[_SchoolPlan], pool: Pool
                  ) -> tuple[dict[tuple[str, str, str], np.ndarray],
                             dict[tuple[str, str], list[tuple[str, float]]]]:
    """The components of every feasible (school, function, candidate) and the region's
    capped shortlists (top 10, at most 3 schools a candidate): (candidate, score) by
    (school, function), best first."""
    from matcher.matching.region import capped_shortlists

    frames = []
    for plan in plans:
        plan.workspace.pool = pool
        if plan.workspace.carving is None or not plan.workspace.carving.functions:
            continue
        scores = plan.workspace.scores().frame
        frames.append(scores[scores["feasible"]].assign(school=plan.name))
    pairs = pd.concat(frames, ignore_index=True)
    pairs["candidate_id"] = pairs["candidate_id"].astype(str)
    components = {key: np.asarray(values, dtype=float) for key, values in zip(
        zip(pairs["school"], pairs["function_id"], pairs["candidate_id"], strict=True),
        pairs[list(COMPONENTS)].to_numpy(dtype=float), strict=True)}
    shortlists = capped_shortlists(pairs, top=10, cap=3).shortlists
    lists: dict[tuple[str, str], list[tuple[str, float]]] = {}
    for school, fid, cid, score in zip(shortlists["school"], shortlists["function_id"],
                                       shortlists["candidate_id"],
                                       shortlists["score"].to_numpy(dtype=float), strict=True):
        lists.setdefault((str(school), str(fid)), []).append((str(cid), float(score)))
    return components, lists


def build_demo_region(path: Path | str, *, seed: int = DEMO_REGION_SEED, schools: int = 12,
                      tasks_per_school: int = 40, candidates: int = 800, months: int = 18,
                      today: dt.date | None = None, double_bookings: int = 3,
                      model: RegionOutcomeModel | None = None,
                      progress: ProgressCallback | None = None) -> RegionStore:
    """Build a WSP region with ``months`` months of pipeline history into a new store file.

    The region holds the demo school and the demo board (:func:`demo_files` ``"vo"`` and
    ``"po"``, carved with the default settings) and ``schools`` generated schools, half
    around Amersfoort and half around Ede (:func:`generate_board`, about
    ``tasks_per_school`` tasks each, 40% secondary schools; a board per four schools
    whose schools share a timetable: their fixed tasks start on the board's lesson
    starts), each imported as its own session and carved with
    :data:`DEMO_REGION_SOLVER`. Most schools joined in the first five months, a fifth in
    the last two (their rounds are still running). ``candidates`` generated profiles
    (:func:`generate_candidates` with ``seed``, around Amersfoort and Ede) are imported
    with the date they were last confirmed (weekly intakes), about 12% of them longer
    than 6 months ago.

    The history then runs over the ``months`` months before ``today``, function by
    function, in rounds: the WSP proposes 2-5 candidates from the region's shortlists
    (top 10, each candidate on the lists of at most 3 schools; better scores more often,
    no one who is busy elsewhere or was tried at that function before), who move along
    the steps with dates days to weeks apart and drop out with reasons that follow their
    weakest component (the school turns down a poor level or hours fit, the candidate a
    long journey); the school takes one of those left into a trial placement, which
    mostly ends in a placement. Whether a placed candidate still works after 6 and 12
    months is drawn from ``model`` (:class:`RegionOutcomeModel`: the score components do
    drive staying, with other weights than the defaults); who leaves is withdrawn (reason
    ``uitval``) and the function gets a new round. Outcomes are recorded for the
    placements at least 6 (12) months before ``today``; rounds still running at ``today``
    stay in their step. Finally ``double_bookings`` candidates in an early step at one
    school are proposed at a second school too, so the region's flags show. With the
    defaults: 14 schools, 53 functions, about 50 placements of which about 45 with a
    6-month outcome and 20-25 with a 12-month one.

    Only pseudonymous ids and the generated profiles are stored; the sessions hold no
    profiles. The same arguments give the same store (the timestamps of the writes
    themselves aside); every date is counted back from ``today`` (default: the current
    date, so the flags for old profiles show in the app), so another day gives the same
    history shifted. ``progress(fraction, stage)`` hears how far the build is (Dutch
    stage names). With the defaults it takes about half a minute, nearly all of it
    carving; the moves are written to a scratch file in memory and copied to ``path``
    at the end, so ``path`` appears only when the build is complete.

    Raises
    ------
    FileExistsError
        When ``path`` already exists (a store is never overwritten).
    ValueError
        For fewer than one generated school or month.
    """

    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} already exists; the demo region is built into a new "
                              "file.")
    if schools < 1 or months < 1 or tasks_per_school < 3:
        raise ValueError("build_demo_region needs schools >= 1, months >= 1 and "
                         "tasks_per_school >= 3.")
    model = model or RegionOutcomeModel()
    report = progress or (lambda fraction, stage: None)
    today = today or dt.date.today()
    start = today - dt.timedelta(days=round(months * 30.44))
    horizon = float((today - start).days) + 0.99
    rng = np.random.default_rng(seed)

    report(0.0, "scholen maken")
    plans = _carved_schools(rng, seed, schools, tasks_per_school, horizon, report)
    report(0.8, "kandidaten")
    pool = load_candidates(generate_candidates(candidates, seed=seed).to_csv(index=False)
                           .encode(), name="demoregio.csv")
    components, lists = _region_lists(plans, pool)

    # the history
    report(0.85, "trajecten")
    pipeline = _simulate(rng, plans, lists, components, horizon, model)
    _double_book(rng, pipeline, horizon, lists, double_bookings)

    # write it all, into a scratch file first (see _scratch_file), then copied whole
    report(0.9, "opslaan")
    scratch = _scratch_file(path)
    try:
        _write(RegionStore(scratch, user="demo"), plans, pool, pipeline, start, horizon,
               today, rng)
        path.parent.mkdir(parents=True, exist_ok=True)
        source, target = sqlite3.connect(scratch), sqlite3.connect(path)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    report(1.0, "klaar")
    return RegionStore(path, user="demo")


def _scratch_file(path: Path) -> Path:
    """A new file name to build the region in: in memory (``/dev/shm``) where there is
    one, else next to ``path``. Every write of the store is a transaction that waits for
    the disk (about 20 ms); the build makes about a thousand, so it writes them where
    that wait is short and copies the finished database in one go."""
    shm = Path("/dev/shm")
    folder = shm if shm.is_dir() and os.access(shm, os.W_OK) else path.parent
    folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="matcher-demo-", suffix=".sqlite", dir=folder)
    os.close(handle)
    os.unlink(name)
    return Path(name)


def _write(region: RegionStore, plans: list[_SchoolPlan], pool: Pool, pipeline: _Pipeline,
           start: dt.date, horizon: float, today: dt.date, rng: np.random.Generator) -> None:
    """Write the schools, the candidates (confirmed at weekly intakes, about 12% more than
    6 months ago), the moves in date order and the outcomes that are due."""
    for plan in plans:
        ws = plan.workspace
        assert ws.inventory is not None
        region.add_school(plan.name, plan.board)
        region.save_session(plan.name, ws.save(), tasks=len(ws.inventory.tasks),
                            functions=len(ws.carving.functions) if ws.carving else 0)
    stale = rng.random(len(pool)) < 0.12
    age = np.where(stale, rng.integers(200, 420, len(pool)), rng.integers(0, 170, len(pool)))
    week = (age // 7) * 7
    for days in sorted(set(week.tolist())):
        chosen = np.flatnonzero(week == days)
        region.import_candidates(replace(pool, frame=pool.frame.iloc[chosen].reset_index(
            drop=True), source=f"bevestigd {days // 7} weken geleden"),
            confirmed=today - dt.timedelta(days=int(days)))
    for day, _, school, fid, cid, status, reason in sorted(pipeline.moves):
        if day <= horizon:
            region.set_status(school, fid, cid, status, reason,
                              when=_day_to_datetime(start, day))
    for school, fid, cid, placed, stay6, stay12 in sorted(pipeline.placements,
                                                          key=lambda p: p[3]):
        for months_after, working in ((6, stay6), (12, stay12)):
            if placed + months_after * 30.44 <= horizon:
                region.record_outcome(school, fid, cid, months_after, working,
                                      when=_day_to_datetime(start, placed + months_after
                                                            * 30.44))
