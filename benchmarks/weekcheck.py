"""An independent checker of carved weeks against the week rules of issue 16.

Written from the spec (issue 16, "The week model", rules 1-5, plus the function rules and
the bookkeeping a week must get right), not from matcher's week builder: it imports
nothing from ``matcher.carving`` and no solver. The CP-SAT model in
``benchmarks/cpsat_model.py`` checks its own weeks with it, and the tests check matcher's
carvings with it (:func:`check_carving`).

What a week must keep (minutes after midnight, durations in minutes, defaults of
:class:`Rules`):

* **bookkeeping**: every task of the function gets exactly its minutes; a fixed task sits
  at its own times on each of its days (all work days when it names none) and nowhere
  else; a flexible task with days only on those days, with its equal share on each
  (``Rules.equal_shares``); every block at its task's site; no two rows of a day (work,
  break, travel) overlap; at most ``max_day`` minutes of work a day.
* **rule 1, school hours**: flexible work inside its site's opening hours, flexible work
  with pupils (``pupil_contact >= pupil_contact_level``) inside the pupil hours (on
  Wednesday until ``wednesday_pupils_until`` where the sites file gives it). Fixed tasks
  keep their own times.
* **rule 2, sites**: at most ``max_site_changes`` moves between sites a working day, with
  at least the travel time between the two blocks, shown as a travel row (``reistijd``).
* **rule 3, pieces**: no flexible block shorter than ``min_piece``, except the one block
  of a task that has less than that to do: a task with days less on that day (its day
  share is given), a task without days less in the whole week. Rows of one task that
  follow each other without a gap count as one block.
* **rule 4, breaks** (Arbeidstijdenwet): a day of more than ``break_after`` minutes of work
  holds ``break_minutes`` of break (one part, or two of at least ``break_part``), above
  ``long_day`` ``long_break``; the break lies between the day's first start and last end.
* **rule 5, a real working day**: at least ``min_day`` minutes of work on a working day,
  and at most ``max_idle`` idle minutes: the day's span less its work, its travel (the
  travel time of its moves) and *the break it needs*. A longer "break" is idle time
  (labelling a gap ``pauze`` does not make it rest the law asks for).
* **function rules**: hours in ``[min_hours, max_hours]``, at most ``max_areas`` areas,
  a level spread of at most ``max_level_spread``, at most ``max_sites`` sites and
  ``max_boards`` boards, carvable tasks only.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from matcher.geo import haversine_km
from matcher.model import Inventory, Sites, Task

__all__ = [
    "BREAK",
    "DAY_NAMES",
    "SCHEDULE_COLUMNS",
    "TRAVEL",
    "WORK",
    "Hours",
    "Rules",
    "check_carving",
    "check_week",
    "day_shares",
    "rules_from_params",
    "site_boards",
    "site_hours",
    "travel_minutes",
    "window",
]

#: Day names as ``schedule.csv`` writes them, Monday = 0.
DAY_NAMES = ("ma", "di", "wo", "do", "vr", "za", "zo")
WEDNESDAY = 2
DAY_END = 24 * 60
WORK, BREAK, TRAVEL = "werk", "pauze", "reistijd"
SCHEDULE_COLUMNS = ["function_id", "day", "start", "end", "site", "task_id", "fixed", "kind"]

#: A site's hours: (open_from, open_until, pupils_from, pupils_until,
#: wednesday_pupils_until), minutes after midnight.
Hours = tuple[int, int, int, int, int]

#: The sites-file columns of the hours, in the order of :data:`Hours`.
HOUR_COLUMNS = ("open_from", "open_until", "pupils_from", "pupils_until",
                "wednesday_pupils_until")


@dataclass(frozen=True)
class Rules:
    """The rules of a function and its week, with the spec's defaults (minutes after midnight
    for times, minutes for durations). A site's own opening and pupil hours (columns
    ``open_from``, ``open_until``, ``pupils_from``, ``pupils_until``,
    ``wednesday_pupils_until`` of ``Sites.frame``, NaN = default) override the defaults.

    ``equal_shares``: a flexible task with days gets the same minutes on each of them (the
    remainder a minute each on its first days), as matcher and the CP-SAT model plan it.
    """

    min_hours: float = 20.0
    max_hours: float = 30.0
    max_areas: int = 2
    max_level_spread: int = 1
    max_sites: int = 3
    max_boards: int = 1
    open_from: int = 7 * 60 + 30
    open_until: int = 17 * 60 + 30
    pupils_from: int = 8 * 60 + 30
    pupils_until: int = 15 * 60 + 30
    wednesday_pupils_until: int | None = None
    pupil_contact_level: int = 1
    max_site_changes: int = 1
    min_piece: int = 30
    break_after: int = 330
    break_minutes: int = 30
    break_part: int = 15
    long_day: int = 600
    long_break: int = 45
    min_day: int = 120
    max_idle: int = 60
    max_day: int = 480
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    equal_shares: bool = True

    def __post_init__(self) -> None:
        if self.max_site_changes < 0:
            raise ValueError("need max_site_changes >= 0")
        if not 0 <= self.min_hours <= self.max_hours:
            raise ValueError("need 0 <= min_hours <= max_hours")

    def break_needed(self, work: int) -> int:
        """Break minutes a day with ``work`` minutes of work must hold."""
        if work > self.long_day:
            return self.long_break
        return self.break_minutes if work > self.break_after else 0

    def default_hours(self) -> Hours:
        """The hours of a site whose sites-file row gives none."""
        wed = self.wednesday_pupils_until
        return (self.open_from, self.open_until, self.pupils_from, self.pupils_until,
                self.pupils_until if wed is None else wed)


def rules_from_params(params: Any) -> Rules:
    """:class:`Rules` from matcher's ``CarveParams`` (duck-typed: the band, the mixing
    limits and ``schedule``'s week rules by their documented names; a missing field keeps
    the spec's default). The user's settings, not the carver's logic."""
    base = Rules()
    values: dict[str, Any] = {}
    for name in ("min_hours", "max_hours", "max_areas", "max_level_spread", "max_sites",
                 "max_boards"):
        if hasattr(params, name):
            values[name] = getattr(params, name)
    week = getattr(params, "schedule", None)
    if week is not None:
        minutes = {"day_start": "open_from", "day_end": "open_until",
                   "pupil_start": "pupils_from", "pupil_end": "pupils_until",
                   "max_site_changes": "max_site_changes", "min_piece": "min_piece",
                   "break_minutes": "break_minutes", "break_part_minutes": "break_part",
                   "long_break_minutes": "long_break", "max_idle_per_day": "max_idle",
                   "pupil_contact_level": "pupil_contact_level"}
        for theirs, ours in minutes.items():
            if hasattr(week, theirs):
                values[ours] = int(getattr(week, theirs))
        hours = {"break_after_hours": "break_after", "long_day_hours": "long_day",
                 "min_day_hours": "min_day", "max_hours_per_day": "max_day"}
        for theirs, ours in hours.items():
            if hasattr(week, theirs):
                values[ours] = round(float(getattr(week, theirs)) * 60)
        if hasattr(week, "work_days"):
            values["days"] = tuple(int(d) for d in week.work_days)
    return Rules(**{**base.__dict__, **values})


# --------------------------------------------------------------------------- data


def _minute(text: str) -> int:
    hours, minutes = str(text).split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _time_value(value: Any) -> int | None:
    """Minutes after midnight from a sites-frame cell: minutes (the loader's) or HH:MM."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return _minute(value.strip()) if value.strip() else None
    number = float(value)
    return None if math.isnan(number) else int(number)


def site_hours(sites: Sites | pd.DataFrame, rules: Rules | None = None) -> dict[str, Hours]:
    """Site -> its :data:`Hours`: the sites frame's hour columns where given, else the
    defaults of ``rules``. A Wednesday without its own pupil hours ends with the others."""
    rules = rules or Rules()
    frame = sites.frame if isinstance(sites, Sites) else sites
    default = rules.default_hours()
    out: dict[str, Hours] = {}
    for _, row in frame.iterrows():
        got = [_time_value(row[c]) if c in frame.columns else None for c in HOUR_COLUMNS]
        pupils_until = got[3] if got[3] is not None else default[3]
        wed_default = pupils_until if rules.wednesday_pupils_until is None \
            else rules.wednesday_pupils_until
        out[str(row["site"])] = (
            got[0] if got[0] is not None else default[0],
            got[1] if got[1] is not None else default[1],
            got[2] if got[2] is not None else default[2],
            pupils_until,
            got[4] if got[4] is not None else wed_default)
    return out


def travel_minutes(sites: Sites) -> dict[tuple[str, str], float]:
    """Travel minutes between every ordered pair of sites, from their coordinates and the
    sites' travel parameters (``matcher.geo``): 0 at one site, ``inf`` where a location is
    unknown."""
    frame = sites.frame
    ids = [str(s) for s in frame["site"]]
    lat = frame["lat"].to_numpy(float)
    lon = frame["lon"].to_numpy(float)
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    minutes = np.asarray(sites.travel.minutes(km), dtype=float)
    out: dict[tuple[str, str], float] = {}
    for i, a in enumerate(ids):
        for j, b in enumerate(ids):
            if a == b:
                out[a, b] = 0.0
            else:
                out[a, b] = math.inf if math.isnan(km[i, j]) else float(minutes[i, j])
    return out


def site_boards(sites: Sites | pd.DataFrame) -> dict[str, str]:
    """Site -> board ('' when unknown)."""
    frame = sites.frame if isinstance(sites, Sites) else sites
    if "board" not in frame.columns:
        return {str(s): "" for s in frame["site"]}
    out = {}
    for site, board in zip(frame["site"], frame["board"], strict=True):
        empty = board is None or (isinstance(board, float) and math.isnan(board))
        out[str(site)] = "" if empty else str(board).strip()
    return out


def window(hours: Hours, day: int, pupils: bool) -> tuple[int, int]:
    """Where a flexible block may lie: the opening hours, or the pupil hours inside them."""
    open_from, open_until, pupils_from, pupils_until, wed = hours
    if not pupils:
        return open_from, open_until
    until = wed if day == WEDNESDAY else pupils_until
    return max(open_from, pupils_from), min(open_until, until)


def day_shares(task: Task, days: Sequence[int]) -> dict[int, int]:
    """Minutes of a flexible task with days on each of them: equal shares, the remainder one
    minute each on the first days (W0)."""
    own = sorted(task.days)
    n = len(own)
    base, extra = divmod(task.minutes, n)
    return {d: base + (1 if k < extra else 0) for k, d in enumerate(own) if d in days}


# --------------------------------------------------------------------------- checking

#: One row of a week: (day, start, end, site, task_id, kind).
_Row = tuple[int, int, int, str, str, str]


def _rows(week: pd.DataFrame, problems: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    for r in week.itertuples(index=False):
        name = str(r.day)
        if name not in DAY_NAMES:
            problems.append(f"unknown day {name!r}")
            continue
        kind = getattr(r, "kind", WORK)
        kind = WORK if not isinstance(kind, str) or not kind else kind
        task_id = r.task_id if isinstance(r.task_id, str) else ""
        start, end = _minute(str(r.start)), _minute(str(r.end))
        if end <= start:
            problems.append(f"{name}: {kind} "
                            f"{r.start}-{r.end} ends before it starts")
        rows.append((DAY_NAMES.index(name), start, end, str(r.site), task_id, kind))
    return rows


def _function_rules(tasks: Sequence[Task], rules: Rules, board: Mapping[str, str] | None
                    ) -> list[str]:
    problems: list[str] = []
    total = sum(t.hours for t in tasks)
    if not rules.min_hours - 1e-9 <= total <= rules.max_hours + 1e-9:
        problems.append(f"{total:g} h outside the band")
    if len({t.area for t in tasks}) > rules.max_areas:
        problems.append("too many areas")
    levels = [t.level for t in tasks]
    if levels and max(levels) - min(levels) > rules.max_level_spread:
        problems.append("level spread")
    if len({t.site for t in tasks}) > rules.max_sites:
        problems.append("too many sites")
    if board is not None and len({board.get(t.site, "") for t in tasks}) > rules.max_boards:
        problems.append("too many boards")
    if any(not t.carvable for t in tasks):
        problems.append("a task that is not carvable")
    return problems


def check_week(week: pd.DataFrame, tasks: Sequence[Task], rules: Rules | None = None,
               travel: Mapping[tuple[str, str], float] | None = None,
               hours: Mapping[str, Hours] | None = None,
               board: Mapping[str, str] | None = None) -> list[str]:
    """The rules a function (``tasks``) and its week (``schedule.csv`` rows: day, start,
    end, site, task_id, kind) break, written from the spec (see the module docstring).
    Empty when it keeps them all.

    ``travel``: minutes between sites (missing pairs: no travel possible); ``hours``: the
    sites' :data:`Hours` (missing sites: the defaults of ``rules``); ``board``: site ->
    board (``None``: not checked).
    """
    rules = rules or Rules()
    travel = travel or {}
    default = rules.default_hours()
    hours = hours or {}
    problems = _function_rules(tasks, rules, board)
    known = {t.task_id: t for t in tasks}
    rows = _rows(week, problems)
    work = [r for r in rows if r[5] == WORK]
    for r in rows:
        if r[5] not in (WORK, BREAK, TRAVEL):
            problems.append(f"{DAY_NAMES[r[0]]}: unknown kind {r[5]!r}")
    per_task: dict[str, int] = defaultdict(int)
    per_task_day: dict[tuple[str, int], int] = defaultdict(int)
    for d, s, e, _site, tid, _ in work:
        per_task[tid] += e - s
        per_task_day[tid, d] += e - s
        if tid not in known:
            problems.append(f"{DAY_NAMES[d]}: block of unknown task {tid!r}")
    shortest: dict[tuple[str, int], int] = {}  # the shortest block a flexible task may get
    for t in tasks:
        own_days = t.days or rules.days
        if t.fixed:
            assert t.start is not None and t.end is not None
            for d in own_days:
                if not any(r[0] == d and r[1] == t.start and r[2] == t.end and r[4] == t.task_id
                           for r in work):
                    problems.append(f"{t.task_id}: fixed block {_hhmm(t.start)}-"
                                    f"{_hhmm(t.end)} missing on {DAY_NAMES[d]}")
            if per_task[t.task_id] != len(own_days) * (t.end - t.start):
                problems.append(f"{t.task_id}: fixed task has extra blocks")
            continue
        if per_task[t.task_id] != t.minutes:
            problems.append(f"{t.task_id}: {per_task[t.task_id]} of {t.minutes} min")
        for (tid, d), minutes in per_task_day.items():
            if tid != t.task_id:
                continue
            if t.days and d not in t.days:
                problems.append(f"{t.task_id}: on {DAY_NAMES[d]}, outside its days")
            elif not t.days and d not in rules.days:
                problems.append(f"{t.task_id}: on {DAY_NAMES[d]}, not a work day")
            # rule 3: the day share of a task with days is given; a task without days has
            # less than a piece only when the whole task is shorter
            shortest[tid, d] = min(rules.min_piece, minutes if t.days else t.minutes)
        if t.days and rules.equal_shares:
            for d, share in day_shares(t, t.days).items():
                if per_task_day[t.task_id, d] != share:
                    problems.append(f"{t.task_id}: {per_task_day[t.task_id, d]} min on "
                                    f"{DAY_NAMES[d]}, share {share}")
    for d, s, e, site, tid, _ in work:
        task = known.get(tid)
        if task is None:
            continue
        if site != task.site:
            problems.append(f"{tid}: at {site}, task at {task.site}")
        if task.fixed:
            continue
        pupils = task.pupil_contact >= rules.pupil_contact_level
        lo, hi = window(hours.get(site, default), d, pupils)
        if s < lo or e > hi:
            problems.append(f"{tid}: {DAY_NAMES[d]} {_hhmm(s)}-{_hhmm(e)} outside "
                            f"{_hhmm(lo)}-{_hhmm(hi)}")
    for (tid, d), length in _pieces(work):
        task = known.get(tid)
        if task is not None and not task.fixed and length < shortest.get((tid, d),
                                                                          rules.min_piece):
            problems.append(f"{tid}: block of {length} min on {DAY_NAMES[d]}")
    for d in sorted({r[0] for r in rows}):
        problems += _check_day(d, [r for r in rows if r[0] == d], rules, travel)
    return problems


def _pieces(work: list[_Row]) -> list[tuple[tuple[str, int], int]]:
    """The pieces of work ``((task, day), minutes)``: rows of one task at one site that
    follow each other without a gap are one piece."""
    out: list[tuple[tuple[str, int], int]] = []
    last: dict[tuple[str, int], tuple[int, str, int]] = {}  # -> (end, site, index in out)
    for d, s, e, site, tid, _ in sorted(work, key=lambda r: (r[0], r[1], r[2])):
        before = last.get((tid, d))
        if before is not None and before[0] == s and before[1] == site:
            key, length = out[before[2]]
            out[before[2]] = (key, length + e - s)
            last[tid, d] = (e, site, before[2])
            continue
        last[tid, d] = (e, site, len(out))
        out.append(((tid, d), e - s))
    return out


def _check_day(d: int, rows: list[_Row], rules: Rules,
               travel: Mapping[tuple[str, str], float]) -> list[str]:
    """The rules one day of a week breaks (rules 2, 4 and 5 and overlaps)."""
    problems: list[str] = []
    name = DAY_NAMES[d]
    items = sorted((r for r in rows if r[5] == WORK), key=lambda r: (r[1], r[2]))
    pauses = [r for r in rows if r[5] == BREAK]
    trips = [r for r in rows if r[5] == TRAVEL]
    if not items:
        if pauses or trips:
            problems.append(f"{name}: break or travel without work")
        return problems
    minutes = sum(e - s for _, s, e, *_ in items)
    if minutes > rules.max_day:
        problems.append(f"{name}: {minutes} min of work")
    if minutes < rules.min_day:
        problems.append(f"{name}: only {minutes} min of work")
    changes = 0
    moved = 0.0
    for a, b in itertools.pairwise(items):
        if b[1] < a[2]:
            problems.append(f"{name}: overlap {a[4]} {_hhmm(a[1])}-{_hhmm(a[2])} and "
                            f"{b[4]} {_hhmm(b[1])}-{_hhmm(b[2])}")
        if a[3] != b[3]:
            changes += 1
            need = travel.get((a[3], b[3]), math.inf)
            moved += need
            if b[1] - a[2] < need:
                problems.append(f"{name}: no time to travel {a[3]} -> {b[3]} "
                                f"({_hhmm(a[2])}-{_hhmm(b[1])}, {need:g} min needed)")
            elif not any(t[3] == b[3] and a[2] <= t[1] and t[2] <= b[1]
                         and t[2] - t[1] >= need for t in trips):
                problems.append(f"{name}: no travel row for {a[3]} -> {b[3]} "
                                f"({_hhmm(a[2])}-{_hhmm(b[1])})")
    if changes > rules.max_site_changes:
        problems.append(f"{name}: {changes} site changes")
    first, last = items[0][1], items[-1][2]
    others = sorted(pauses + trips, key=lambda r: (r[1], r[2]))
    for p in others:
        if p[1] < first or p[2] > last:
            problems.append(f"{name}: {p[5]} {_hhmm(p[1])}-{_hhmm(p[2])} outside the work")
        if any(p[1] < b[2] and b[1] < p[2] for b in items):
            problems.append(f"{name}: {p[5]} {_hhmm(p[1])}-{_hhmm(p[2])} overlaps work")
    for a, b in itertools.pairwise(others):
        if b[1] < a[2]:
            problems.append(f"{name}: {a[5]} and {b[5]} overlap at {_hhmm(b[1])}")
    need = rules.break_needed(minutes)
    lengths = sorted((e - s for _, s, e, *_ in pauses), reverse=True)
    if need:
        ok = (lengths and lengths[0] >= need) or (
            len(lengths) >= 2 and lengths[1] >= rules.break_part
            and lengths[0] + lengths[1] >= need)
        if not ok:
            problems.append(f"{name}: {minutes} min of work without a {need} min break")
    credited = min(sum(lengths), need)  # the break that counts (see the module docstring)
    idle = last - first - minutes - moved - credited
    if idle > rules.max_idle + 1e-9:
        problems.append(f"{name}: {idle:g} min idle")
    return problems


# --------------------------------------------------------------------------- carvings


def check_carving(carving: Any, inventory: Inventory, rules: Rules | None = None
                  ) -> dict[str, list[str]]:
    """The violations of each function of a matcher ``Carving`` (duck-typed: ``functions``
    with ``function_id`` and ``task_ids`` or ``tasks``, and ``schedule_frame()``), by
    function id; empty lists when every week keeps the rules.

    Travel minutes and site hours come from ``inventory``'s sites (:func:`travel_minutes`,
    :func:`site_hours`); the tasks from ``inventory`` (or ``carving.inventory`` for ids it
    does not have, e.g. the day tasks of ``split_days``). ``rules`` default to the
    carving's ``params`` (:func:`rules_from_params`), else the spec's defaults. A task in
    two functions is reported under the key ``"(carving)"``.
    """
    if rules is None:
        params = getattr(carving, "params", None)
        rules = rules_from_params(params) if params is not None else Rules()
    tasks = {t.task_id: t for t in inventory.tasks}
    other = getattr(carving, "inventory", None)
    if other is not None:
        for t in other.tasks:
            tasks.setdefault(t.task_id, t)
    travel = travel_minutes(inventory.sites)
    hours = site_hours(inventory.sites, rules)
    board = site_boards(inventory.sites)
    frame = carving.schedule_frame()
    out: dict[str, list[str]] = {}
    owner: dict[str, str] = {}
    clash: list[str] = []
    for f in carving.functions:
        fid = str(f.function_id)
        ids = _task_ids(f)
        problems: list[str] = []
        members = []
        for tid in ids:
            if tid in owner:
                clash.append(f"{tid} in {owner[tid]} and {fid}")
            owner[tid] = fid
            if tid in tasks:
                members.append(tasks[tid])
            else:
                problems.append(f"unknown task {tid}")
        week = frame[frame["function_id"] == fid]
        problems += check_week(week, members, rules, travel, hours, board)
        out[fid] = problems
    if clash:
        out["(carving)"] = clash
    return out


def _task_ids(function: Any) -> list[str]:
    ids: Iterable[Any] | None = getattr(function, "task_ids", None)
    if ids is None:
        ids = [t.task_id for t in function.tasks]
    return [str(t) for t in ids]
