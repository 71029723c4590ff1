"""The pricing walk of :func:`matcher.carving.exact.price`, compiled with numba.

The walk visits millions of task sets per pricing round at 35-40 tasks; in pure Python it
took ~4-5 µs per set and was 90% of an exact proof's time. This module holds the same
depth-first walk as one compiled function over flat arrays (built by
:func:`matcher.carving.exact.price`, which documents the walk and its pruning bound). It also
runs un-compiled (``NUMBA_DISABLE_JIT=1``), only slower.

Arrays describe the pool in walk order (position ``k``); variable-length data per position
is stored as CSR: ``ptr[k]:ptr[k + 1]`` indexes the flat arrays.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numba import njit

from matcher.carving.week import ScheduleParams
from matcher.inputs.schema import WORK_DAYS
from matcher.model import Task

#: returned status: the walk finished, went over ``limit`` visited sets, or listed more
#: than ``max_sets`` sets
DONE, OVER_LIMIT, OVER_SETS = 0, 1, 2

# indices into the float and int parameter vectors
F_CW, F_TW, F_SW, F_TARGET, F_LO, F_HI, F_IDLE, F_DAY_TARGET, F_BREAK = range(9)
(I_SPREAD, I_DAY_CAP, I_MAX_AREAS, I_MAX_SITES, I_MAX_BOARDS, I_N_AREAS, I_N_LEVELS,
 I_N_SITES, I_N_BOARDS, I_IDLE_CAP) = range(10)


def csr(rows: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """Variable-length integer rows as (pointers, flat values)."""
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(r) for r in rows])
    flat = np.array([v for r in rows for v in r], dtype=np.int64)
    return ptr, flat


@dataclass(frozen=True)
class TaskArrays:
    """What the compiled week rules need of each task, by position in a task list."""

    fix_ptr: np.ndarray  # CSR over the (day, start, end) of a fixed-time task
    fix_day: np.ndarray
    fix_start: np.ndarray
    fix_end: np.ndarray
    flexible: np.ndarray  # minutes of a task without fixed times (0 for a fixed one)
    bound_ptr: np.ndarray  # CSR over the days of a flexible task bound to days
    bound_day: np.ndarray
    minutes: np.ndarray
    is_free: np.ndarray  # flexible and on any day
    rank: np.ndarray  # position in task-id order (the week builder's tie-break)


def task_arrays(tasks: Sequence[Task]) -> TaskArrays:
    """The arrays of :class:`TaskArrays` for ``tasks`` (positions = list order)."""
    fixed = [[(d, t.start, t.end) for d in (t.days or WORK_DAYS)]
             if t.start is not None and t.end is not None else [] for t in tasks]
    fix_ptr, fix_day = csr([[d for d, _, _ in rows] for rows in fixed])
    bound_ptr, bound_day = csr([list(t.days) if not t.fixed else [] for t in tasks])
    rank = np.empty(len(tasks), dtype=np.int64)
    rank[sorted(range(len(tasks)), key=lambda k: (tasks[k].task_id, k))] = np.arange(len(tasks))
    return TaskArrays(
        fix_ptr=fix_ptr, fix_day=fix_day,
        fix_start=np.array([b for rows in fixed for _, b, _ in rows], dtype=np.int64),
        fix_end=np.array([e for rows in fixed for _, _, e in rows], dtype=np.int64),
        flexible=np.array([0 if t.fixed else t.minutes for t in tasks], dtype=np.int64),
        bound_ptr=bound_ptr, bound_day=bound_day,
        minutes=np.array([t.minutes for t in tasks], dtype=np.int64),
        is_free=np.array([not t.fixed and not t.days for t in tasks], dtype=np.bool_),
        rank=rank)


def days_fit(tasks: Sequence[Task], params: ScheduleParams) -> bool:
    """The compiled twin of :func:`matcher.carving.week.days_fit` on a whole task list (the
    walk applies it to every set it lists; the tests hold the two equal)."""
    if not tasks:
        return True
    a = task_arrays(tasks)
    return bool(_days_fit(
        np.arange(len(tasks), dtype=np.int64), len(tasks), a.fix_ptr, a.fix_day, a.fix_start,
        a.fix_end, a.bound_ptr, a.bound_day, a.minutes, a.is_free, a.rank,
        np.array(params.work_days, dtype=np.int64), params.target_hours_per_day,
        params.max_day_minutes, params.max_idle_per_day, np.zeros(7, dtype=np.int64),
        np.empty(len(tasks) + 1, dtype=np.int64), np.empty(8, dtype=np.int64),
        np.empty(8, dtype=np.int64)))


@njit(cache=True)
def _days_fit(members: np.ndarray, depth: int, fix_ptr: np.ndarray, fix_day: np.ndarray,
              fix_start: np.ndarray, fix_end: np.ndarray, bound_ptr: np.ndarray,
              bound_day: np.ndarray, minutes: np.ndarray, is_free: np.ndarray,
              rank: np.ndarray, work_days: np.ndarray, day_target: float, cap: int,
              idle_cap: int, load: np.ndarray, free: np.ndarray, days: np.ndarray,
              order: np.ndarray) -> bool:
    """:func:`matcher.carving.week.days_fit` of the first ``depth`` members (the week
    builder's spreading of flexible work over the days; ``load``, ``free``, ``days`` and
    ``order`` are scratch arrays)."""
    lo = np.full(7, 10**6, dtype=np.int64)  # the fixed span and count of each day
    hi = np.full(7, -1, dtype=np.int64)
    n_fixed = np.zeros(7, dtype=np.int64)
    fixed_load = np.zeros(7, dtype=np.int64)
    for d in range(7):
        load[d] = 0
    n_free = 0
    for q in range(depth):
        m = members[q]
        if fix_ptr[m + 1] > fix_ptr[m]:
            for r in range(fix_ptr[m], fix_ptr[m + 1]):
                d = fix_day[r]
                load[d] += fix_end[r] - fix_start[r]
                fixed_load[d] += fix_end[r] - fix_start[r]
                lo[d] = min(lo[d], fix_start[r])
                hi[d] = max(hi[d], fix_end[r])
                n_fixed[d] += 1
        elif bound_ptr[m + 1] > bound_ptr[m]:
            count = bound_ptr[m + 1] - bound_ptr[m]
            share = minutes[m] // count
            rest = minutes[m] - share * count
            for i in range(count):
                load[bound_day[bound_ptr[m] + i]] += share + (1 if i < rest else 0)
        elif is_free[m]:
            # insertion in (-minutes, task id) order
            j = n_free
            while j > 0 and (minutes[free[j - 1]] < minutes[m] or (
                    minutes[free[j - 1]] == minutes[m] and rank[free[j - 1]] > rank[m])):
                free[j] = free[j - 1]
                j -= 1
            free[j] = m
            n_free += 1
    demand = np.zeros(7, dtype=np.int64)  # week._demand: gaps to fill, beyond idle_cap
    for d in range(7):
        if n_fixed[d] > 1:
            want = hi[d] - lo[d] - fixed_load[d] - idle_cap
            if want > 0:
                demand[d] = want
    n_days = 0
    if n_free:
        total = 0
        for d in range(7):
            total += load[d]
        for j in range(n_free):
            total += minutes[free[j]]
        n_mandatory = 0
        for d in work_days:
            if load[d] > 0:
                n_mandatory += 1
        wanted = max(n_mandatory, math.ceil(total / (day_target * 60) - 1e-9))
        extra = max(0, wanted - n_mandatory)
        for d in work_days:
            if load[d] > 0:
                days[n_days] = d
                n_days += 1
            elif load[d] == 0 and extra > 0:
                days[n_days] = d
                n_days += 1
                extra -= 1
        if n_days == 0:
            days[0] = work_days[0]
            n_days = 1
        days[:n_days].sort()
    for j in range(n_free):
        m = free[j]
        total_minutes = minutes[m]
        pieces = total_minutes // 60
        if pieces < 1:
            pieces = 1
        if pieces > n_days:
            pieces = n_days
        # the least loaded days (ties: the earlier day), in day order
        for i in range(n_days):
            order[i] = days[i]
        if pieces < n_days:
            for i in range(1, n_days):  # stable insertion sort by load
                d = order[i]
                q = i
                while q > 0 and (load[order[q - 1]] - demand[order[q - 1]]
                                 > load[d] - demand[d]):
                    order[q] = order[q - 1]
                    q -= 1
                order[q] = d
            order[:pieces].sort()
        share = total_minutes // pieces
        rest = total_minutes - share * pieces
        for i in range(pieces):
            load[order[i]] += share + (1 if i < rest else 0)
    return bool(np.all(load <= cap))


@njit(cache=True)
def _idle_bound(members: np.ndarray, depth: int, fix_ptr: np.ndarray, fix_day: np.ndarray,
                fix_start: np.ndarray, fix_end: np.ndarray, flexible: np.ndarray,
                per_minute: float, allowance: float, day_lo: np.ndarray, day_hi: np.ndarray
                ) -> float:
    """A lower bound on the idle-time term of a one-site set's week (carve_exact.price):
    the gaps between its fixed tasks, less all its flexible minutes and ``allowance``
    minutes (the longest break) on every day with a fixed task."""
    for d in range(7):
        day_lo[d] = 10**6
        day_hi[d] = -1
    gaps = 0
    for q in range(depth):
        m = members[q]
        if fix_ptr[m + 1] > fix_ptr[m]:
            for r in range(fix_ptr[m], fix_ptr[m + 1]):
                d = fix_day[r]
                if fix_start[r] < day_lo[d]:
                    day_lo[d] = fix_start[r]
                if fix_end[r] > day_hi[d]:
                    day_hi[d] = fix_end[r]
                gaps -= fix_end[r] - fix_start[r]
        else:
            gaps -= flexible[m]
    for d in range(7):
        if day_hi[d] >= 0:
            gaps += day_hi[d] - day_lo[d] - allowance
    return per_minute * gaps if gaps > 0 else 0.0


@njit(cache=True)
def _push(heap_rc: np.ndarray, heap_tick: np.ndarray, heap_row: np.ndarray, size: int,
          rc: float, tick: int, row: int) -> None:
    """Push onto a min-heap ordered by (rc, tick); the heap has room."""
    i = size
    heap_rc[i], heap_tick[i], heap_row[i] = rc, tick, row
    while i > 0:
        parent = (i - 1) // 2
        if heap_rc[parent] < heap_rc[i] or (heap_rc[parent] == heap_rc[i]
                                            and heap_tick[parent] < heap_tick[i]):
            break
        heap_rc[i], heap_rc[parent] = heap_rc[parent], heap_rc[i]
        heap_tick[i], heap_tick[parent] = heap_tick[parent], heap_tick[i]
        heap_row[i], heap_row[parent] = heap_row[parent], heap_row[i]
        i = parent


@njit(cache=True)
def _pop(heap_rc: np.ndarray, heap_tick: np.ndarray, heap_row: np.ndarray, size: int
         ) -> int:
    """Remove the heap's smallest entry; returns its row (free for reuse)."""
    row = heap_row[0]
    size -= 1
    heap_rc[0], heap_tick[0], heap_row[0] = heap_rc[size], heap_tick[size], heap_row[size]
    i = 0
    while True:
        left = 2 * i + 1
        if left >= size:
            break
        child = left
        right = left + 1
        if right < size and (heap_rc[right] < heap_rc[left] or (
                heap_rc[right] == heap_rc[left] and heap_tick[right] < heap_tick[left])):
            child = right
        if heap_rc[i] < heap_rc[child] or (heap_rc[i] == heap_rc[child]
                                           and heap_tick[i] <= heap_tick[child]):
            break
        heap_rc[i], heap_rc[child] = heap_rc[child], heap_rc[i]
        heap_tick[i], heap_tick[child] = heap_tick[child], heap_tick[i]
        heap_row[i], heap_row[child] = heap_row[child], heap_row[i]
        i = child
    return row


@njit(cache=True)
def paid(rows: np.ndarray, pi: np.ndarray, cut_ptr: np.ndarray, cut_idx: np.ndarray,
         cut_prices: np.ndarray) -> np.ndarray:
    """What each listed set pays, summed as the walk sums it: its members' prices (rows of
    positions, ``-1`` past a set's size) plus the price of every cut it holds two or more
    tasks of."""
    out = np.zeros(rows.shape[0])
    count = np.zeros(max(cut_prices.shape[0], 1), dtype=np.int64)
    for j in range(rows.shape[0]):
        total = 0.0
        for m in range(rows.shape[1]):
            k = rows[j, m]
            if k < 0:
                break
            total += pi[k]
            for r in range(cut_ptr[k], cut_ptr[k + 1]):
                c = cut_idx[r]
                count[c] += 1
                if count[c] == 2:
                    total += cut_prices[c]
        for m in range(rows.shape[1]):
            k = rows[j, m]
            if k < 0:
                break
            for r in range(cut_ptr[k], cut_ptr[k + 1]):
                count[cut_idx[r]] = 0
        out[j] = total
    return out


@njit(cache=True)
def walk(hours: np.ndarray, pi: np.ndarray, area: np.ndarray, level: np.ndarray,
         site: np.ndarray, board: np.ndarray, conf_ptr: np.ndarray, conf_idx: np.ndarray,
         load_ptr: np.ndarray, load_day: np.ndarray, load_min: np.ndarray,
         fix_ptr: np.ndarray, fix_day: np.ndarray, fix_start: np.ndarray,
         fix_end: np.ndarray, flexible: np.ndarray, bound_ptr: np.ndarray,
         bound_day: np.ndarray, minutes: np.ndarray, is_free: np.ndarray, rank: np.ndarray,
         work_days: np.ndarray, cut_ptr: np.ndarray, cut_idx: np.ndarray,
         cut_prices: np.ndarray, suf_p: np.ndarray, suf_h: np.ndarray, suf_r: np.ndarray,
         fpar: np.ndarray, ipar: np.ndarray, threshold: float, most: int, limit: int,
         max_sets: int, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, int]:
    """Every set over the positions whose (relaxed) reduced cost exceeds ``threshold``.

    ``most`` > 0 keeps only the best ``most`` (the threshold rises to the worst kept once
    that many are found). Returns the sets' reduced costs, their members (positions, one
    row per set, ``-1`` past its size), the order they were found in, the number of sets
    visited and the status (:data:`DONE`, :data:`OVER_LIMIT`, :data:`OVER_SETS`).
    """
    n = hours.shape[0]
    cw, tw, sw = fpar[F_CW], fpar[F_TW], fpar[F_SW]
    target, lo_h, hi_h = fpar[F_TARGET], fpar[F_LO], fpar[F_HI]
    per_minute, day_target = fpar[F_IDLE], fpar[F_DAY_TARGET]
    allowance = fpar[F_BREAK]
    spread, day_cap = ipar[I_SPREAD], ipar[I_DAY_CAP]
    idle_cap = ipar[I_IDLE_CAP]
    max_areas, max_sites, max_boards = ipar[I_MAX_AREAS], ipar[I_MAX_SITES], ipar[I_MAX_BOARDS]
    n_a, n_l = ipar[I_N_AREAS], ipar[I_N_LEVELS]

    # the sets found: rows of ``out`` (members), a min-heap over them when ``most`` > 0
    cap = most + 1 if most > 0 else 1024
    out = np.full((cap, width), -1, dtype=np.int32)
    out_rc = np.empty(cap)
    out_tick = np.empty(cap, dtype=np.int64)
    heap_rc = np.empty(cap)
    heap_tick = np.empty(cap, dtype=np.int64)
    heap_row = np.empty(cap, dtype=np.int64)
    size = 0
    spare = -1  # a row freed by the heap (most > 0)
    tick = 0
    visited = 0

    # the current set and its aggregates
    members = np.empty(n + 1, dtype=np.int64)
    area_h = np.zeros(max(n_a, 1))
    level_h = np.zeros(max(n_l, 1))
    site_h = np.zeros(max(ipar[I_N_SITES], 1))
    site_n = np.zeros(max(ipar[I_N_SITES], 1), dtype=np.int64)
    area_n = np.zeros(max(n_a, 1), dtype=np.int64)
    board_n = np.zeros(max(ipar[I_N_BOARDS], 1), dtype=np.int64)
    day_load = np.zeros(7, dtype=np.int64)
    blocked = np.zeros(n + 1, dtype=np.int64)
    cut_count = np.zeros(max(cut_prices.shape[0], 1), dtype=np.int64)
    # per depth: the next position to try and the state of the set of that size
    next_k = np.zeros(n + 2, dtype=np.int64)
    s_h = np.zeros(n + 2)
    s_pi = np.zeros(n + 2)
    s_lo = np.zeros(n + 2, dtype=np.int64)
    s_hi = np.zeros(n + 2, dtype=np.int64)
    s_sites = np.zeros(n + 2, dtype=np.int64)
    s_areas = np.zeros(n + 2, dtype=np.int64)
    s_boards = np.zeros(n + 2, dtype=np.int64)
    s_amax = np.zeros(n + 2)
    s_lmax = np.zeros(n + 2)
    s_smax = np.zeros(n + 2)
    # scratch
    others_p = np.empty(max(n_a, 1))
    others_h = np.empty(max(n_a, 1))
    scratch_load = np.zeros(7, dtype=np.int64)
    scratch_free = np.empty(n + 1, dtype=np.int64)
    scratch_days = np.empty(8, dtype=np.int64)
    scratch_order = np.empty(8, dtype=np.int64)
    day_lo = np.empty(7, dtype=np.int64)
    day_hi = np.empty(7, dtype=np.int64)

    s_lo[0], s_hi[0] = 10**6, -(10**6)
    depth = 0
    next_k[0] = 0
    while depth >= 0:
        k = next_k[depth]
        if k >= n:
            # this level is done: back to the parent, removing its last member (the one
            # place a member leaves the set)
            depth -= 1
            if depth < 0:
                break
            m = members[depth]
            hm = hours[m]
            area_h[area[m]] -= hm
            level_h[level[m]] -= hm
            site_h[site[m]] -= hm
            site_n[site[m]] -= 1
            area_n[area[m]] -= 1
            board_n[board[m]] -= 1
            for r in range(load_ptr[m], load_ptr[m + 1]):
                day_load[load_day[r]] -= load_min[r]
            for r in range(conf_ptr[m], conf_ptr[m + 1]):
                blocked[conf_idx[r]] -= 1
            for r in range(cut_ptr[m], cut_ptr[m + 1]):
                cut_count[cut_idx[r]] -= 1
            continue
        next_k[depth] = k + 1
        h = s_h[depth]
        hk = h + hours[k]
        if hk > hi_h or blocked[k] > 0:
            continue
        a = area[k]
        new_area = area_n[a] == 0
        if new_area and s_areas[depth] >= max_areas:
            continue
        lv = level[k]
        nl_lo = lv if lv < s_lo[depth] else s_lo[depth]
        nl_hi = lv if lv > s_hi[depth] else s_hi[depth]
        if nl_hi - nl_lo > spread:
            continue
        s = site[k]
        n_sites = s_sites[depth] + (1 if site_n[s] == 0 else 0)
        if n_sites > max_sites:
            continue
        b = board[k]
        new_board = board_n[b] == 0
        if new_board and s_boards[depth] >= max_boards:
            continue
        too_full = False
        for r in range(load_ptr[k], load_ptr[k + 1]):
            if day_load[load_day[r]] + load_min[r] > day_cap:
                too_full = True
                break
        if too_full:
            continue  # the minutes certainly on a day only grow: no superset fits
        visited += 1
        if visited > limit:
            return out_rc[:0], out[:0], out_tick[:0], visited, OVER_LIMIT
        # add k
        hours_k = hours[k]
        area_h[a] += hours_k
        level_h[lv] += hours_k
        site_h[s] += hours_k
        site_n[s] += 1
        area_n[a] += 1
        board_n[b] += 1
        for r in range(load_ptr[k], load_ptr[k + 1]):
            day_load[load_day[r]] += load_min[r]
        for r in range(conf_ptr[k], conf_ptr[k + 1]):
            blocked[conf_idx[r]] += 1
        members[depth] = k
        na_max = max(s_amax[depth], area_h[a])
        nlv_max = max(s_lmax[depth], level_h[lv])
        ns_max = max(s_smax[depth], site_h[s])
        n_pi = s_pi[depth] + pi[k]
        for r in range(cut_ptr[k], cut_ptr[k + 1]):
            c = cut_idx[r]
            cut_count[c] += 1
            if cut_count[c] == 2:
                n_pi += cut_prices[c]  # only grows: the pruning bound stays valid
        base = ((1 - cw) * hk + cw * (0.5 * na_max + 0.25 * nlv_max + 0.25 * ns_max)
                - sw * (n_sites - 1) - n_pi)
        n_areas = s_areas[depth] + (1 if new_area else 0)
        n_boards = s_boards[depth] + (1 if new_board else 0)
        relaxed = base - tw * abs(hk - target)
        if hk >= lo_h and relaxed > threshold and n_sites == 1:
            relaxed -= _idle_bound(members, depth + 1, fix_ptr, fix_day, fix_start, fix_end,
                                   flexible, per_minute, allowance, day_lo, day_hi)
        if hk >= lo_h and relaxed > threshold and _days_fit(
                members, depth + 1, fix_ptr, fix_day, fix_start, fix_end, bound_ptr,
                bound_day, minutes, is_free, rank, work_days, day_target, day_cap, idle_cap,
                scratch_load, scratch_free, scratch_days, scratch_order):
            tick += 1
            if most > 0:
                row = spare if spare >= 0 else size
                out[row, :] = -1
                out[row, :depth + 1] = members[:depth + 1]
                out_rc[row] = relaxed
                out_tick[row] = tick
                _push(heap_rc, heap_tick, heap_row, size, relaxed, tick, row)
                size += 1
                spare = -1
                if size > most:
                    spare = _pop(heap_rc, heap_tick, heap_row, size)
                    size -= 1
                if size >= most and heap_rc[0] > threshold:
                    threshold = heap_rc[0]
            else:
                if size == cap:
                    cap *= 2
                    grown = np.full((cap, width), -1, dtype=np.int32)
                    grown[:size] = out[:size]
                    out = grown
                    out_rc = np.concatenate((out_rc[:size], np.empty(cap - size)))
                    out_tick = np.concatenate((out_tick[:size],
                                               np.empty(cap - size, dtype=np.int64)))
                out[size, :depth + 1] = members[:depth + 1]
                out_rc[size] = relaxed
                out_tick[size] = tick
                size += 1
                if size > max_sets:
                    return out_rc[:0], out[:0], out_tick[:0], visited, OVER_SETS
        descend = False
        if k + 1 < n:
            # an upper bound on the profit still addable from k + 1 on; reachable hours
            lv_lo = max(0, nl_hi - spread)
            lv_hi = min(n_l - 1, nl_lo + spread)
            ext = -math.inf
            reach = 0.0
            if lv_lo <= lv_hi:
                slots = max_areas - n_areas
                tot_p = 0.0
                tot_h = 0.0
                best_r = -math.inf
                n_others = 0
                for aa in range(n_a):
                    s_p = 0.0
                    s_hh = 0.0
                    r_best = -math.inf
                    for ll in range(lv_lo, lv_hi + 1):
                        s_p += suf_p[k + 1, aa, ll]
                        s_hh += suf_h[k + 1, aa, ll]
                        if suf_r[k + 1, aa, ll] > r_best:
                            r_best = suf_r[k + 1, aa, ll]
                    if area_n[aa] > 0:
                        tot_p += s_p
                        tot_h += s_hh
                        if r_best > best_r:
                            best_r = r_best
                    elif slots > 0:
                        others_p[n_others] = s_p
                        others_h[n_others] = s_hh
                        n_others += 1
                        if r_best > best_r:
                            best_r = r_best
                if n_others:
                    if slots < n_others:
                        # each sum over the best ``slots`` other areas on its own
                        top_p = np.sort(others_p[:n_others])[::-1]
                        top_h = np.sort(others_h[:n_others])[::-1]
                        add_p = 0.0
                        add_h = 0.0
                        for q in range(slots):
                            add_p += top_p[q]
                            add_h += top_h[q]
                    else:
                        add_p = 0.0
                        add_h = 0.0
                        for q in range(n_others):
                            add_p += others_p[q]
                            add_h += others_h[q]
                    tot_p += add_p
                    tot_h += add_h
                ext = min(tot_p, (hi_h - hk) * max(best_r, 0.0))
                reach = tot_h
            if hk + reach >= lo_h:
                top = hk + min(reach, hi_h - hk)
                if hk > target:
                    dist = hk - target
                elif top < target:
                    dist = target - top
                else:
                    dist = 0.0
                if base + ext - tw * dist > threshold:
                    descend = True
        if descend:
            depth += 1
            s_h[depth] = hk
            s_pi[depth] = n_pi
            s_lo[depth] = nl_lo
            s_hi[depth] = nl_hi
            s_sites[depth] = n_sites
            s_areas[depth] = n_areas
            s_boards[depth] = n_boards
            s_amax[depth] = na_max
            s_lmax[depth] = nlv_max
            s_smax[depth] = ns_max
            next_k[depth] = k + 1
            continue
        # nothing to try below k: an empty level, whose end removes k again
        depth += 1
        next_k[depth] = n
    if most > 0:
        rows = heap_row[:size].copy()
        return out_rc[rows], out[rows], out_tick[rows], visited, DONE
    return out_rc[:size], out[:size], out_tick[:size], visited, DONE
