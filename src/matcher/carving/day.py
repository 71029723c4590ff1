"""One day of a function's week: sites in order, flexible work placed, the break, the
day's own rules (:class:`DayPlan`, used by :func:`matcher.carving.week.build_schedule`)."""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matcher.carving.weekrules import DEFAULT_SCHEDULE, ScheduleParams, SiteHours
from matcher.errors import ScheduleError
from matcher.text.format import format_time
from matcher.text.labels import DAY_NAMES_NL

if TYPE_CHECKING:
    from matcher.model import Task

__all__ = ["DayPlan", "Row", "join_rows"]

TravelTable = Mapping[tuple[str, str], float]

#: A day's block before it becomes a :class:`matcher.carving.week.Block`: ``(start, task,
#: end, site, fixed, Task)``; the task only for fixed ones (error messages).
Row = tuple[int, str, int, str, bool, "Task | None"]

_DEFAULT_HOURS = DEFAULT_SCHEDULE.default_hours()


def _first_two(row: Row) -> tuple[int, str]:
    return row[0], row[1]


class _Part:
    """One site's stretch of a day: its fixed rows and the free room around them.

    ``free`` holds lists of free segments ``[lo, hi]``, one list per stretch of room in the
    order flexible work tries them (gaps between fixed rows, after the last, before the
    first), each with its direction: work packs ``forward`` (after ``lo``) or backward
    (to end at ``hi``).
    """

    __slots__ = ("fixed", "free", "rows", "site")

    def __init__(self, site: str, fixed: list[Row]) -> None:
        self.site = site
        self.fixed = fixed
        self.rows: list[Row] = []
        self.free: list[tuple[list[list[int]], bool]] = []

    @property
    def first(self) -> int | None:
        return self.fixed[0][0] if self.fixed else None

    @property
    def last(self) -> int | None:
        return self.fixed[-1][2] if self.fixed else None

    def end(self) -> int:
        """The end of the part's last row (fixed or placed)."""
        return max(r[2] for r in (*self.fixed, *self.rows))


_FAR = 10**6  # beyond any day


class DayPlan:
    """The plan of one day: parts by site, flexible work placed, the break, the checks."""

    def __init__(self, day: int, fixed: list[Row], pieces: list[tuple[int, str, str, int]],
                 travel: TravelTable, params: ScheduleParams, hours: Mapping[str, SiteHours],
                 pupils: set[str]) -> None:
        self.day = day
        self.fixed = fixed
        self.pieces = sorted(pieces, key=lambda p: (p[1] not in pupils, p[0], p[1]))
        self.travel = travel
        self.params = params
        self.hours = hours
        self.pupils = pupils
        self.default = _DEFAULT_HOURS if params is DEFAULT_SCHEDULE else params.default_hours()

    # -- helpers -----------------------------------------------------------------------
    def hop(self, a: str, b: str) -> float:
        """Travel minutes from site ``a`` to ``b`` (0 at one site)."""
        return 0 if a == b else self.travel.get((a, b), math.inf)

    def window(self, site: str, task_id: str) -> tuple[int, int]:
        """Where flexible work on ``task_id`` at ``site`` may lie on this day."""
        return self.hours.get(site, self.default).window(self.day, task_id in self.pupils)

    def error(self, code: str, text: str, tasks: Sequence[str], short: int = 0
              ) -> ScheduleError:
        return ScheduleError(code, f"{DAY_NAMES_NL[self.day]}: {text}", sorted(set(tasks)),
                             day=self.day, short=short)

    # -- the plan ----------------------------------------------------------------------
    def plan(self, complete: bool = True) -> tuple[list[Row], list[tuple[int, int, str]]]:
        """The day's work rows (sorted) and breaks ``(start, end, site)``; without the
        break and the day's own rules unless ``complete``."""
        parts = self.parts()
        left = {p[1]: p[3] for p in self.pieces}
        cursor: int | None = None
        previous: _Part | None = None
        for k, part in enumerate(parts):
            after = parts[k + 1] if k + 1 < len(parts) else None
            self.room(part, previous, cursor, after)
            self.place(part, left)
            if part.fixed or part.rows:
                cursor, previous = part.end(), part
        short = [t for t, m in left.items() if m > 0]
        if short:
            lo, hi = self.params.day_start, self.params.day_end
            raise self.error("no_room", f"geen ruimte voor {left[short[0]]} min van "
                             f"{short[0]} binnen de schooltijden ({format_time(lo)}-"
                             f"{format_time(hi)})", short)
        rows = sorted([*self.fixed, *(r for p in parts for r in p.rows)], key=_first_two)
        rows = join_rows(rows)
        if not complete:
            return rows, []
        pauses = self.pause(rows)
        self.check(rows, pauses)
        return rows, pauses

    def parts(self) -> list[_Part]:
        """The day's parts in time order: one per run of fixed rows at one site, and one
        for each site that has only flexible work today."""
        parts: list[_Part] = []
        for row in self.fixed:
            if parts and parts[-1].site == row[3]:
                parts[-1].fixed.append(row)
            else:
                parts.append(_Part(row[3], [row]))
        flex: dict[str, int] = defaultdict(int)
        for p in self.pieces:
            flex[p[2]] += p[3]
        have = {p.site for p in parts}
        extra = sorted((s for s in flex if s not in have), key=lambda s: (-flex[s], s))
        limit = self.params.max_site_changes + 1
        if len(parts) + len(extra) > limit:
            sites = [p.site for p in parts] + extra
            tasks = [r[1] for r in self.fixed] + [p[1] for p in self.pieces]
            raise self.error("site_changes", f"{len(sites) - 1} wisselingen van locatie "
                             f"nodig ({' / '.join(sites)}), hoogstens "
                             f"{self.params.max_site_changes}", tasks)
        for site in extra:
            if not parts or not parts[0].fixed:
                parts.append(_Part(site, []))
                continue
            first, last = parts[0], parts[-1]
            lo, hi = self.window(site, "")
            assert first.first is not None and last.last is not None
            room_end = hi - (last.last + self.hop(last.site, site))
            room_start = first.first - self.hop(site, first.site) - lo
            if room_end >= flex[site] or room_end >= room_start:
                parts.append(_Part(site, []))
            else:
                parts.insert(0, _Part(site, []))
        for a, b in itertools.pairwise(parts):
            if math.isinf(self.hop(a.site, b.site)):
                tasks = [r[1] for r in self.fixed] + [p[1] for p in self.pieces]
                raise self.error("travel", f"geen reistijd tussen {a.site} en {b.site}",
                                 tasks)
        return parts

    def room(self, part: _Part, previous: _Part | None, cursor: int | None,
             after: _Part | None) -> None:
        """Lay out the free room of ``part``: gaps, then after, then before its fixed rows."""
        arrive = -_FAR if cursor is None or previous is None else \
            cursor + int(self.hop(previous.site, part.site))
        if after is None:
            leave = _FAR
        elif after.first is not None:
            leave = after.first - int(self.hop(part.site, after.site))
        else:  # keep room for the next part's flexible work
            need = sum(p[3] for p in self.pieces if p[2] == after.site)
            leave = self.window(after.site, "")[1] - need - int(self.hop(part.site, after.site))
        if part.fixed:
            for a, b in itertools.pairwise(part.fixed):
                if b[0] > a[2]:
                    part.free.append(([[a[2], b[0]]], True))
            last, first = part.last, part.first
            assert last is not None and first is not None
            # the gap from the previous part is idle unless filled: before extending the day
            if previous is not None and first > arrive:
                part.free.append(([[arrive, first]], False))
            if leave > last:
                part.free.append(([[last, leave]], True))
            if previous is None and first > arrive:
                part.free.append(([[arrive, first]], False))
        elif cursor is None and after is not None and after.first is not None:
            part.free.append(([[-_FAR, leave]], False))  # before the next part's first task
        elif cursor is None:  # a day without fixed tasks: start at flex_start, or earlier
            need = sum(p[3] for p in self.pieces if p[2] == part.site)
            need += self.params.break_needed(sum(p[3] for p in self.pieces))
            lo, hi = self.window(part.site, "")
            start = max(lo, min(self.params.flex_start, hi - need))
            part.free.append(([[start, leave]], True))
            part.free.append(([[-_FAR, start]], False))
        else:
            part.free.append(([[arrive, leave]], True))

    def place(self, part: _Part, left: dict[str, int]) -> None:
        """Place the open flexible minutes at ``part``'s site in its free room."""
        for _, task_id, site, _ in self.pieces:
            remaining = left[task_id]
            if site != part.site or remaining <= 0:
                continue
            lo_w, hi_w = self.window(site, task_id)
            while remaining > 0:
                spot = self.spot(part, remaining, lo_w, hi_w)
                if spot is None:
                    break
                segments, j, start, take = spot
                seg_lo, seg_hi = segments[j]
                part.rows.append((start, task_id, start + take, site, False, None))
                segments[j:j + 1] = [s for s in ([seg_lo, start], [start + take, seg_hi])
                                     if s[1] > s[0]]
                remaining -= take
            left[task_id] = remaining

    def spot(self, part: _Part, remaining: int, lo_w: int, hi_w: int
             ) -> tuple[list[list[int]], int, int, int] | None:
        """The first free segment of ``part`` (stretches in order) that takes a block of
        the ``remaining`` minutes inside the window: ``(segments, index, start, minutes)``."""
        shortest = self.params.min_piece
        for segments, forward in part.free:
            order = range(len(segments)) if forward else range(len(segments) - 1, -1, -1)
            for j in order:
                seg_lo, seg_hi = segments[j]
                lo, hi = max(seg_lo, lo_w), min(seg_hi, hi_w)
                take = min(remaining, hi - lo)
                if take < min(shortest, remaining):
                    continue
                if 0 < remaining - take < shortest:
                    take = remaining - shortest
                    if take < shortest:
                        continue
                return segments, j, (lo if forward else hi - take), take
        return None

    # -- breaks ------------------------------------------------------------------------
    def pause(self, rows: list[Row]) -> list[tuple[int, int, str]]:
        """The day's breaks: in idle gaps that are long enough, else made by moving
        flexible work; :class:`ScheduleError` ``break`` when neither works."""
        p = self.params
        work = sum(r[2] - r[0] for r in rows)
        need = p.break_needed(work)
        if not need:
            return []
        middle = self.middle(rows, work)
        gaps = []  # (distance from the middle, lo, hi, site)
        for a, b in itertools.pairwise(rows):
            lo = a[2] + int(self.hop(a[3], b[3]))
            if b[0] > lo:
                gaps.append((abs((lo + b[0]) / 2 - middle), lo, b[0], b[3]))
        whole = sorted(g for g in gaps if g[2] - g[1] >= need)
        if whole:
            _, lo, _, site = whole[0]
            return [(lo, lo + need, site)]
        made = self.make_pause(rows, need, middle)
        if made is not None:
            return [made]
        parts = sorted((g for g in gaps if g[2] - g[1] >= p.break_part_minutes),
                       key=lambda g: (-(g[2] - g[1]), g[0]))
        if len(parts) >= 2 and parts[0][2] - parts[0][1] + parts[1][2] - parts[1][1] >= need:
            (_, lo1, hi1, s1), (_, lo2, _, s2) = parts[0], parts[1]
            first = min(hi1 - lo1, need - p.break_part_minutes)
            return sorted([(lo1, lo1 + first, s1), (lo2, lo2 + need - first, s2)])
        raise self.error("break", f"geen pauze van {need} min in te passen bij "
                         f"{work / 60:.1f} uur werk".replace(".", ","), [r[1] for r in rows],
                         max(0, work - round(p.break_after_hours * 60)))

    @staticmethod
    def middle(rows: list[Row], work: int) -> float:
        """The time at which half the day's work is done."""
        half = work / 2
        for r in rows:
            if r[2] - r[0] >= half:
                return r[0] + half
            half -= r[2] - r[0]
        return rows[-1][2]

    def make_pause(self, rows: list[Row], need: int, middle: float
                   ) -> tuple[int, int, str] | None:
        """Make room for a break by moving flexible rows (``rows`` is changed in place),
        at the split point nearest the middle of the work where it fits."""
        shortest = self.params.min_piece
        points: list[tuple[float, int, int]] = []  # (distance, row index, split minute)
        for j, r in enumerate(rows):
            if j:
                points.append((abs(r[0] - middle), j, -1))
            if not r[4] and r[2] - r[0] >= 2 * shortest:
                cut = min(max(round(middle), r[0] + shortest), r[2] - shortest)
                points.append((abs(cut - middle), j, cut))
        for _, j, cut in sorted(points):
            trial = list(rows)
            if cut >= 0:  # split a flexible row in two
                s, t, e, site, _, _ = trial[j]
                trial[j:j + 1] = [(s, t, cut, site, False, None), (cut, t, e, site, False, None)]
                j += 1
            a, b = trial[j - 1], trial[j]
            have = b[0] - a[2] - int(self.hop(a[3], b[3]))
            x = need - max(0, have)
            if self.shift(trial, j, x, later=True) or self.shift(trial, j, x, later=False):
                a, b = trial[j - 1], trial[j]
                lo = a[2] + int(self.hop(a[3], b[3]))
                rows[:] = trial
                return lo, lo + need, b[3]
        return None

    def shift(self, rows: list[Row], j: int, x: int, later: bool) -> bool:
        """Move the flexible rows from ``j`` on (``later``) or before ``j`` by ``x``
        minutes, up to the next fixed row or the day's edge, when they stay in their
        windows; ``rows`` changes only on success."""
        if later:
            k = j
            while k < len(rows) and not rows[k][4]:
                k += 1
            chain = range(j, k)
            if not chain:
                return False
            stop = rows[k][0] - int(self.hop(rows[k - 1][3], rows[k][3])) \
                if k < len(rows) else _FAR
            if rows[k - 1][2] + x > stop:
                return False
        else:
            k = j - 1
            while k >= 0 and not rows[k][4]:
                k -= 1
            chain = range(k + 1, j)
            if not chain:
                return False
            stop = rows[k][2] + int(self.hop(rows[k][3], rows[k + 1][3])) if k >= 0 else -_FAR
            if rows[k + 1][0] - x < stop:
                return False
        delta = x if later else -x
        for i in chain:
            lo, hi = self.window(rows[i][3], rows[i][1])
            if rows[i][0] + delta < lo or rows[i][2] + delta > hi:
                return False
        for i in chain:
            s, t, e, site, f, task = rows[i]
            rows[i] = (s + delta, t, e + delta, site, f, task)
        return True

    # -- the day's own rules -----------------------------------------------------------
    def check(self, rows: list[Row], pauses: list[tuple[int, int, str]]) -> None:
        """A real working day: enough work, little idle time."""
        p = self.params
        work = sum(r[2] - r[0] for r in rows)
        tasks = [r[1] for r in rows]
        if work < round(p.min_day_hours * 60):
            raise self.error("short_day", f"{work} min werk, minstens "
                             f"{round(p.min_day_hours * 60)} min op een werkdag", tasks)
        moves = sum(int(self.hop(a[3], b[3])) for a, b in itertools.pairwise(rows))
        idle = rows[-1][2] - rows[0][0] - work - moves - sum(e - s for s, e, _ in pauses)
        if idle > p.max_idle_per_day:
            raise self.error("idle", f"{idle} min zonder werk tussen {format_time(rows[0][0])} "
                             f"en {format_time(rows[-1][2])}, hoogstens "
                             f"{p.max_idle_per_day}", tasks, idle - p.max_idle_per_day)


def join_rows(rows: list[Row]) -> list[Row]:
    """Join back-to-back flexible rows of one task and site."""
    out: list[Row] = []
    for row in rows:
        if out and not row[4]:
            prev = out[-1]
            if not prev[4] and prev[1] == row[1] and prev[2] == row[0] and prev[3] == row[3]:
                out[-1] = (prev[0], row[1], row[2], row[3], False, None)
                continue
        out.append(row)
    return out


