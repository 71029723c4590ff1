"""The sparse candidate graph: score only the pairs within travel reach.

A dense score matrix of the whole register (126,000 people x 25,000 functions) does not
fit in memory, and almost all of its pairs are knock-outs on distance anyway. The graph
keeps exactly the feasible pairs in reach, and works on *groups* so that the per-pair
work is a handful of array look-ups:

1. **Reach, per location pair.** Candidates are grouped by location (a 4-digit postcode
   centre is shared by ~30 people on average), and within a location sorted by their
   radius: ``max_travel_km`` when known (pairs beyond it are knock-outs, so nothing is
   lost), else ``search_km`` (default 30 km: twice the reference distance, where the
   travel component has fallen to its floor). One scikit-learn ``BallTree`` (haversine)
   over the sites answers one radius query per *location*; the exact distance of each
   (location, site) pair is then computed once with the same haversine formula as dense
   scoring. The candidates of a location that reach a site are a prefix of the sorted
   group, so each (location, site) pair expands to a block (prefix x functions whose
   first site it is) by vectorised index arithmetic. A multi-site function is reached
   when *all* its sites are; the travel distance is the one to its farthest site.
2. **Knock-outs by class.** Functions are grouped into classes of equal (hours, level,
   longest day, fixed days, working days) and candidates into classes of equal (hours
   range, hours per day, available days, education); one small table per class pair
   holds the knock-out rules broken and the weighted hours + level + availability term.
   A pair's knock-outs are one look-up; knocked-out pairs are counted per rule (per
   function and per candidate) and dropped.
3. **Scoring.** The feasible pairs get the travel term from their distance, and the load
   and wishes terms from two more class tables; all terms come from the same elementwise
   formulas as :func:`matcher.score_pairs` (:mod:`matcher.matching.components`) and are
   added by the one score formula (:meth:`~matcher.matching.weights.Weights.combine_terms`),
   so scores are bit for bit those of dense scoring.
4. **Keeping.** Pairs stay in compact arrays (:class:`~matcher.matching.score.PairArrays`: int32
   positions and the score in uint16 units of 1/10,000); explanations and DataFrames are
   built only for the pairs someone looks at (shortlists, the assignment, why-not).
   Optionally only the ``max_edges_per_candidate`` best pairs per candidate are kept.

Candidate locations are processed in chunks (bounded memory) by two threads (NumPy
releases the GIL); the result does not depend on the number of threads. Candidates
without a known location cannot be placed on the map: they get no pairs in the graph and
are reported as such (dense scoring, for small problems, scores them with travel
unknown). Use :func:`match_pairs` to pick dense or sparse by size.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from sklearn.neighbors import BallTree

from matcher.geo import EARTH_RADIUS_KM, haversine_km
from matcher.matching.components import (
    availability_value,
    hours_value,
    knock_rules,
    level_value,
    load_value,
    travel_ref,
    travel_value,
    wishes_value,
)
from matcher.matching.score import PairArrays, PairScores, score_pairs, score_units
from matcher.matching.tables import CandidateTable, FunctionTable
from matcher.matching.weights import Weights
from matcher.model import Pool, Sites

__all__ = ["DENSE_MAX_PAIRS", "candidate_graph", "match_pairs"]

#: Up to this many function x candidate pairs, :func:`match_pairs` scores every pair.
DENSE_MAX_PAIRS = 250_000

#: Class tables up to this many cells are looked up; larger ones are evaluated per pair.
TABLE_MAX_CELLS = 40_000_000

# knock-out bits in KNOCKOUT_CODES order (travel is decided by reach)
_BITS = np.array([1, 2, 4, 8, 16], dtype=np.uint8)


def _classes(*columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class of each row, first row of each class) for equal values in all columns;
    NaN counts as a value of its own. Classes are numbered in sorted order."""
    key = np.zeros(len(columns[0]), dtype=np.int64)
    span = 1
    for column in columns:
        values = np.where(np.isnan(column), -np.inf, column) if column.dtype.kind == "f" \
            else column
        _, code = np.unique(values, return_inverse=True)
        size = int(code.max()) + 1 if len(code) else 1
        if span * size >= 2**62:  # too many combinations for one integer: compress first
            _, key = np.unique(key, return_inverse=True)
            span = int(key.max()) + 1
        key = key * size + code.reshape(-1)
        span *= size
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1).astype(np.int32), first


@dataclass(frozen=True)
class _Table:
    """Values of a function-class x candidate-class rule, looked up per pair.

    ``values`` has shape (candidate classes, function classes), so the pairs of one
    candidate read one row. When the table would be too large, ``values`` is None and
    ``evaluate`` computes the rule per pair from the classes' first rows instead (the same
    formula, so the same values).
    """

    f_class: np.ndarray
    c_class: np.ndarray
    n_f: int
    values: np.ndarray | None
    evaluate: Callable[[np.ndarray, np.ndarray], np.ndarray]

    @classmethod
    def build(cls, f_class: np.ndarray, f_first: np.ndarray, c_class: np.ndarray,
              c_first: np.ndarray, rule: Callable[[np.ndarray, np.ndarray], np.ndarray],
              broadcast: bool = True, fill: bool = True) -> _Table:
        """``rule(function rows, candidate rows)`` is elementwise over aligned rows (and,
        with ``broadcast``, over a row of functions against a column of candidates).
        Without ``fill`` the table is left to the caller (values None: per pair)."""
        n_f, n_c = len(f_first), len(c_first)

        def evaluate(fc: np.ndarray, cc: np.ndarray) -> np.ndarray:
            return rule(f_first[fc], c_first[cc])

        values = None
        if fill and n_f * n_c <= TABLE_MAX_CELLS:
            if broadcast:
                values = np.asarray(rule(f_first[None, :], c_first[:, None])).reshape(-1)
            else:
                grid_c, grid_f = np.divmod(np.arange(n_f * n_c), n_f)
                values = rule(f_first[grid_f], c_first[grid_c])
        return cls(f_class, c_class, n_f, values, evaluate)

    def look_up(self, f_idx: np.ndarray, c_idx: np.ndarray) -> np.ndarray:
        """The values of pairs (function positions, candidate positions)."""
        return self.by_class(self.f_class[f_idx], self.c_class[c_idx])

    def by_class(self, fc: np.ndarray, cc: np.ndarray) -> np.ndarray:
        """The values of (function class, candidate class) pairs."""
        if self.values is None:
            return self.evaluate(fc, cc)
        key = cc.astype(np.int64) * self.n_f + fc if len(self.values) > 2**31 - 1 else \
            cc * np.int32(self.n_f) + fc
        return self.values[key]


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(owner, position) of the ranges ``[starts[k], starts[k] + lengths[k])`` laid end to
    end: owner k of each element, and its position in the ranged array."""
    lengths = lengths.astype(np.int64)
    owner = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    first = np.cumsum(lengths) - lengths
    position = np.arange(len(owner), dtype=np.int64) + (starts.astype(np.int64) - first)[owner]
    return owner, position


#: Up to this many (location x class) cells, segments are found in a dense table.
SEGMENT_TABLE_MAX = 50_000_000

#: Up to this many function classes, candidates are expanded over exact classes (no
#: per-pair knock-out check); above it over coarser classes, with the exact check per pair.
ENUM_MAX_CLASSES = 1024


@dataclass(frozen=True)
class _Prepared:
    """Everything the chunks share: groups, reach and class tables.

    *LF pairs* are (candidate location, reachable function) pairs within the largest
    radius of the location, with the km to the function's farthest site and its *rank*
    (the index of the smallest candidate radius that reaches it). They are sorted by
    (location, enumeration class, rank) into *segments*: the functions of one class in
    reach of a candidate with radius rank r are the first ``cnt[segment, r]`` of its
    segment.
    """

    ft: FunctionTable
    ct: CandidateTable
    n_radii: int
    cand_order: np.ndarray      # located candidates, by (location, radius descending)
    cand_loc: np.ndarray        # location of each candidate (-1: unknown)
    cand_rank: np.ndarray       # radius rank of each candidate
    cand_key: np.ndarray        # sorted (location, descending radius rank) keys of cand_order
    loc_start: np.ndarray       # start of each location in cand_order
    lf_func: np.ndarray         # LF pairs: function, by (location, class, rank)
    lf_km: np.ndarray
    lf_loc: np.ndarray
    lf_rank: np.ndarray
    seg_start: np.ndarray       # start of each segment in the LF arrays
    seg_keys: np.ndarray        # location * n_enum + class of each segment (sorted)
    seg_of: np.ndarray | None   # dense segment lookup (-1: none), when small enough
    cnt: np.ndarray             # (segments x radii) LF pairs of rank <= r, flattened
    n_enum: int
    compat_ptr: np.ndarray      # per candidate class: its compatible enumeration classes
    compat_e: np.ndarray
    compat_profile: np.ndarray  # exact: the profile term of each compatible class pair
    exact: bool                 # enumeration classes are the knock-out classes
    knock: _Table               # knock-out bits (function class x candidate class)
    profile: _Table             # weighted (hours + level) + availability
    other: _Table               # weighted load + wishes
    travel_ref: np.ndarray      # per candidate
    halve: np.ndarray           # per candidate: does not travel independently
    multi: np.ndarray           # per function: more than one site


def _prepare(ft: FunctionTable, ct: CandidateTable, sites: Sites, weights: Weights,
             search_km: float) -> _Prepared | None:
    site_lat = sites.frame["lat"].to_numpy(float)
    site_lon = sites.frame["lon"].to_numpy(float)
    located = np.flatnonzero(~np.isnan(ct.lat) & ~np.isnan(ct.lon))
    n_sites = ft.n_sites
    point_func = np.repeat(np.arange(len(ft)), n_sites)
    point_ok = ~np.isnan(site_lat[ft.site_idx]) & ~np.isnan(site_lon[ft.site_idx])
    complete = np.bincount(point_func[point_ok], minlength=len(ft)) == n_sites
    reachable = np.flatnonzero(complete & (n_sites > 0))
    if not len(located) or not len(reachable):
        return None
    # candidates by location, then radius descending (ties: position)
    radius = np.where(np.isnan(ct.max_km), search_km + 1e-6, ct.max_km + 1e-9)
    loc_class, loc_first = _classes(ct.lat[located], ct.lon[located])
    loc_lat, loc_lon = ct.lat[located][loc_first], ct.lon[located][loc_first]
    n_loc = len(loc_first)
    radii = np.unique(radius[located])
    n_r = len(radii)
    r_rank = np.searchsorted(radii, radius[located])
    key = loc_class.astype(np.int64) * n_r + (n_r - 1 - r_rank)
    order = np.lexsort((located, key))
    cand_order = located[order]
    cand_key = key[order]
    loc_start = np.searchsorted(cand_key, np.arange(n_loc + 1) * n_r)
    loc_max_rank = np.zeros(n_loc, dtype=np.int64)
    np.maximum.at(loc_max_rank, loc_class, r_rank)
    cand_loc = np.full(len(ct), -1, dtype=np.int64)
    cand_loc[located] = loc_class
    cand_rank = np.zeros(len(ct), dtype=np.int64)
    cand_rank[located] = r_rank

    # LF pairs: sites in reach of each location (one BallTree query per location), then
    # the functions whose first site it is; exact distances by the dense formula
    first_site = ft.site_idx[ft.site_ptr[reachable]]
    by_site = np.argsort(first_site, kind="stable")
    func_order = reachable[by_site]
    site_start = np.searchsorted(first_site[by_site], np.arange(len(site_lat) + 1))
    used_sites = np.unique(first_site)
    tree = BallTree(np.radians(np.column_stack([site_lat[used_sites], site_lon[used_sites]])),
                    metric="haversine")
    hits = tree.query_radius(np.radians(np.column_stack([loc_lat, loc_lon])),
                             r=(radii[loc_max_rank] + 1e-3) / EARTH_RADIUS_KM)
    counts = np.fromiter((len(h) for h in hits), dtype=np.int64, count=len(hits))
    b_loc = np.repeat(np.arange(n_loc), counts)
    b_site = used_sites[np.concatenate(hits)] if counts.sum() else np.zeros(0, np.int64)
    b_km = haversine_km(site_lat[b_site], site_lon[b_site], loc_lat[b_loc], loc_lon[b_loc])
    owner, at = _ragged(site_start[b_site], site_start[b_site + 1] - site_start[b_site])
    lf_loc, lf_func, lf_km = b_loc[owner], func_order[at], b_km[owner]
    many = np.flatnonzero(n_sites[lf_func] > 1)
    for k in range(1, int(n_sites.max())):  # multi-site: the farthest site counts
        more = many[n_sites[lf_func[many]] > k]
        s = ft.site_idx[ft.site_ptr[lf_func[more]] + k]
        d = haversine_km(site_lat[s], site_lon[s], loc_lat[lf_loc[more]], loc_lon[lf_loc[more]])
        lf_km[more] = np.maximum(lf_km[more], d)
    lf_rank = np.searchsorted(radii, lf_km, side="left")  # reached by radius rank >= this
    keep = lf_rank <= loc_max_rank[lf_loc]
    lf_loc, lf_func, lf_km, lf_rank = lf_loc[keep], lf_func[keep], lf_km[keep], lf_rank[keep]

    # classes and tables
    fk, fk_first = _classes(ft.hours, ft.level, ft.max_day, ft.fixed_mask.astype(float),
                            ft.days_mask.astype(float))
    ck, ck_first = _classes(ct.hmin, ct.hmax, ct.hday, ct.avail_mask.astype(float), ct.edu)
    tol = weights.level_tolerance

    def knock_rule(f: np.ndarray, c: np.ndarray) -> np.ndarray:
        hours, day, level, days = knock_rules(
            ft.hours[f], ft.max_day[f], ft.level[f], ft.fixed_mask[f], ct.hmin[c],
            ct.hmax[c], ct.hday[c], ct.edu[c], ct.avail_mask[c], tol)
        return (hours.astype(np.uint8) * 2 | day.astype(np.uint8) * 4
                | level.astype(np.uint8) * 8 | days.astype(np.uint8) * 16)

    def profile_rule(f: np.ndarray, c: np.ndarray) -> np.ndarray:
        return weights.profile_term(hours_value(ft.hours[f], ct.hmin[c], ct.hmax[c]),
                                    level_value(ct.edu[c], ft.level[f]),
                                    availability_value(ft.days_mask[f], ct.avail_mask[c]))

    fo, fo_first = _classes(ft.physical, ft.contact, *ft.area_share.T)
    co, co_first = _classes(ct.cap_p, ct.cap_c, ct.pref_known.astype(float),
                            *ct.pref.T.astype(float))

    def other_rule(f: np.ndarray, c: np.ndarray) -> np.ndarray:
        return weights.other_term(
            load_value(ft.physical[f], ft.contact[f], ct.cap_p[c], ct.cap_c[c]),
            wishes_value(ft.area_share[f], ct.pref[c], ct.pref_known[c]))

    knock = _Table.build(fk, fk_first, ck, ck_first, knock_rule)
    n_fk, n_ck = len(fk_first), len(ck_first)
    # enumeration classes: the knock-out classes, or coarser ones when there are many
    exact = n_fk <= ENUM_MAX_CLASSES
    if exact:
        ek_of_fk = np.arange(n_fk)
    else:
        ek_of_fk, _ = _classes(ft.level[fk_first], np.floor(ft.hours[fk_first] / 2),
                               np.floor(ft.max_day[fk_first]))
    n_enum = int(ek_of_fk.max()) + 1
    # compatible enumeration classes of each candidate class (any member compatible)
    by_ek = np.argsort(ek_of_fk, kind="stable")
    ek_starts = np.searchsorted(ek_of_fk[by_ek], np.arange(n_enum))
    step = max(1, 4_000_000 // max(n_fk, 1))
    compat_rows, compat_cols = [], []
    for lo in range(0, n_ck, step):
        rows = np.arange(lo, min(n_ck, lo + step))
        grid_c, grid_f = np.divmod(np.arange(len(rows) * n_fk), n_fk)
        ok = (knock.by_class(grid_f, rows[grid_c]) == 0).reshape(len(rows), n_fk)
        any_ok = np.logical_or.reduceat(ok[:, by_ek], ek_starts, axis=1)
        r, e = np.nonzero(any_ok)
        compat_rows.append(rows[r])
        compat_cols.append(e)
    compat_r = np.concatenate(compat_rows)
    compat_e = np.concatenate(compat_cols).astype(np.int64)
    compat_ptr = np.searchsorted(compat_r, np.arange(n_ck + 1))
    # the profile term: per compatible (candidate class, function class) when exact
    profile = _Table.build(fk, fk_first, ck, ck_first, profile_rule, fill=not exact)
    compat_profile = profile.by_class(compat_e, compat_r) if exact else np.zeros(0)

    # segments: LF pairs by (location, enumeration class, rank)
    seg_key = lf_loc * n_enum + ek_of_fk[fk[lf_func]]
    order = np.argsort(seg_key * n_r + lf_rank, kind="stable")
    lf_loc, lf_func, lf_km, lf_rank = lf_loc[order], lf_func[order], lf_km[order], \
        lf_rank[order]
    seg_key = seg_key[order]
    new = np.ones(len(seg_key), dtype=bool)
    new[1:] = seg_key[1:] != seg_key[:-1]
    seg_first = np.flatnonzero(new)
    seg_keys = seg_key[seg_first]
    n_seg = len(seg_first)
    seg_id = np.cumsum(new) - 1
    cnt = np.cumsum(np.bincount(seg_id * n_r + lf_rank, minlength=n_seg * n_r)
                    .reshape(n_seg, n_r), axis=1).ravel()
    seg_of = None
    if n_loc * n_enum <= SEGMENT_TABLE_MAX:
        seg_of = np.full(n_loc * n_enum, -1, dtype=np.int64)
        seg_of[seg_keys] = np.arange(n_seg)
    return _Prepared(
        ft, ct, n_r, cand_order.astype(np.int64), cand_loc, cand_rank, cand_key, loc_start,
        lf_func.astype(np.int32), lf_km, lf_loc, lf_rank,
        np.concatenate([seg_first, [len(seg_key)]]).astype(np.int64), seg_keys, seg_of, cnt,
        n_enum, compat_ptr.astype(np.int64), compat_e, compat_profile, exact, knock,
        profile, _Table.build(fo, fo_first, co, co_first, other_rule),
        travel_ref(ct.max_km, weights.reference_km), ct.independent == 0, n_sites > 1,
    )


def _segments(p: _Prepared, loc: np.ndarray, enum: np.ndarray) -> np.ndarray:
    """Segment of each (location, enumeration class), -1 when nothing is in reach."""
    key = loc * p.n_enum + enum
    if p.seg_of is not None:
        return p.seg_of[key]
    if not len(p.seg_keys):
        return np.full(len(key), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(p.seg_keys, key), len(p.seg_keys) - 1)
    return np.where(p.seg_keys[at] == key, at, -1)


def _chunk(p: _Prepared, cands: np.ndarray, weights: Weights,
           cap: int | None) -> PairArrays:
    """The feasible pairs of these candidates (positions), scored."""
    ct_class = p.knock.c_class
    ckc = ct_class[cands]
    # entries: (candidate, compatible enumeration class) with something in reach
    e_owner, at = _ragged(p.compat_ptr[ckc], p.compat_ptr[ckc + 1] - p.compat_ptr[ckc])
    e_seg = _segments(p, p.cand_loc[cands][e_owner], p.compat_e[at])
    has = e_seg >= 0
    e_owner, e_seg, at = e_owner[has], e_seg[has], at[has]
    e_n = p.cnt[e_seg * p.n_radii + p.cand_rank[cands][e_owner]]
    has = e_n > 0
    e_owner, e_seg, e_n, at = e_owner[has], e_seg[has], e_n[has], at[has]
    # pairs
    p_entry, lf = _ragged(p.seg_start[e_seg], e_n)
    c = cands[e_owner][p_entry]
    f = p.lf_func[lf]
    km = p.lf_km[lf]
    if p.exact:  # no knock-outs by construction; the profile term comes with the entry
        profile = p.compat_profile[at][p_entry]
    else:  # coarse classes: check the knock-outs of each pair
        ok = p.knock.look_up(f, c) == 0
        f, c, km = f[ok], c[ok], km[ok]
        profile = p.profile.look_up(f, c)
    travel = weights.travel_term(travel_value(km, p.travel_ref[c], p.halve[c] & p.multi[f]))
    score = weights.combine_terms(travel, profile, p.other.look_up(f, c))
    pairs = PairArrays(f.astype(np.int32), c.astype(np.int32), score_units(score))
    if cap is not None:
        pairs = pairs.take(_best_per_candidate(pairs, cap))
    return pairs


def _knockouts_of(p: _Prepared, cands: np.ndarray, funcs: np.ndarray, n_f: int, n_c: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Knock-out counts (per rule) among the pairs in reach, for these candidates and
    these functions (those without a feasible pair: their reasons need them)."""
    per_rule = ((np.arange(32)[:, None] & _BITS.astype(np.int64)[None, :]) != 0
                ).astype(np.int64)
    knock_c = np.zeros((n_c, 5), dtype=np.int64)
    knock_f = np.zeros((n_f, 5), dtype=np.int64)
    cands = cands[p.cand_loc[cands] >= 0]
    if len(cands) and p.exact:
        # per (candidate, function class): how many of the class are in reach, and which
        # rules the class breaks for the candidate
        step = max(1, 4_000_000 // p.n_enum)
        classes = np.arange(p.n_enum)
        for lo in range(0, len(cands), step):
            part = cands[lo:lo + step]
            seg = _segments(p, np.repeat(p.cand_loc[part], p.n_enum),
                            np.tile(classes, len(part)))
            rank = np.repeat(p.cand_rank[part], p.n_enum)
            n = np.zeros(len(seg), dtype=np.int64)
            hit = seg >= 0
            n[hit] = p.cnt[seg[hit] * p.n_radii + rank[hit]]
            bits = p.knock.by_class(np.tile(classes, len(part)),
                                    np.repeat(p.knock.c_class[part], p.n_enum))
            owner = np.repeat(np.arange(len(part)), p.n_enum)
            counts = np.bincount(owner * 32 + bits, weights=n, minlength=len(part) * 32)
            knock_c[part] = np.rint(counts).astype(np.int64).reshape(len(part), 32) @ per_rule
    elif len(cands):
        # every LF pair of the location with rank <= the candidate's radius rank
        by_loc = np.lexsort((p.lf_rank, p.lf_loc))
        loc_sorted = p.lf_loc[by_loc] * p.n_radii + p.lf_rank[by_loc]
        loc = p.cand_loc[cands]
        lo = np.searchsorted(loc_sorted, loc * p.n_radii)
        hi = np.searchsorted(loc_sorted, loc * p.n_radii + p.cand_rank[cands], side="right")
        owner, at = _ragged(lo, hi - lo)
        bits = p.knock.look_up(p.lf_func[by_loc[at]], cands[owner]).astype(np.int64)
        counts = np.bincount(owner * 32 + bits, minlength=len(cands) * 32)
        knock_c[cands] = counts.reshape(len(cands), 32) @ per_rule
    wanted = np.zeros(n_f, dtype=bool)
    wanted[funcs] = True
    lf = np.flatnonzero(wanted[p.lf_func])
    if len(lf):
        # candidates of the location whose radius rank is >= the LF pair's rank
        loc, rank = p.lf_loc[lf], p.lf_rank[lf]
        lo = p.loc_start[loc]
        hi = np.searchsorted(p.cand_key, loc * p.n_radii + (p.n_radii - 1 - rank),
                             side="right")
        owner, at = _ragged(lo, np.maximum(hi - lo, 0))
        f = p.lf_func[lf][owner].astype(np.int64)
        bits = p.knock.look_up(f, p.cand_order[at]).astype(np.int64)
        knock_f += (np.bincount(f * 32 + bits, minlength=n_f * 32).reshape(n_f, 32)
                    @ per_rule)
    return knock_f, knock_c


def _best_per_candidate(pairs: PairArrays, k: int) -> np.ndarray:
    """Positions of the k best-scoring pairs of each candidate (ties: input order)."""
    order = np.argsort(pairs.c_idx.astype(np.int64) * 10_001 + (10_000 - pairs.score_k),
                       kind="stable")
    cands = pairs.c_idx[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = cands[1:] != cands[:-1]
    start = np.maximum.accumulate(np.where(new, np.arange(len(order)), 0))
    return np.sort(order[(np.arange(len(order)) - start) < k])


def candidate_graph(
    functions: FunctionTable, pool: Pool, sites: Sites, weights: Weights | None = None, *,
    search_km: float = 30.0, max_edges_per_candidate: int | None = None,
    chunk: int = 8_000, candidates: CandidateTable | None = None, workers: int = 2,
) -> PairScores:
    """Score the pairs within travel reach and keep the feasible ones.

    Parameters
    ----------
    functions
        The functions as a :class:`~matcher.matching.tables.FunctionTable`.
    pool, sites, weights
        As for :func:`matcher.score_pairs`.
    search_km
        Radius for candidates whose maximum travel distance is unknown [30].
    max_edges_per_candidate
        Keep only this many best-scoring feasible pairs per candidate (None: all). Not
        exact in general: check on the instance that the optimum does not change.
    chunk
        Candidates processed at once (bounds memory) [8,000].
    candidates
        The pool's :class:`~matcher.matching.tables.CandidateTable` when already built.
    workers
        Threads processing chunks in parallel [2]; the result does not depend on it.

    Returns
    -------
    PairScores
        With ``method="sparse"`` and the feasible pairs in ``pairs`` (compact arrays);
        ``frame`` is built on first use. Knock-outs are counted among the pairs in reach.
    """
    weights = weights or Weights()
    if max_edges_per_candidate is not None and max_edges_per_candidate < 1:
        raise ValueError(f"max_edges_per_candidate must be >= 1. Got "
                         f"{max_edges_per_candidate}.")
    ct = candidates if candidates is not None else CandidateTable.from_pool(pool)
    n_f, n_c = len(functions), len(ct)
    kept: list[PairArrays] = []
    prepared = _prepare(functions, ct, sites, weights, search_km) if n_f and n_c else None
    if prepared is not None:
        p = prepared

        def process(cands: np.ndarray) -> PairArrays:
            return _chunk(p, cands, weights, max_edges_per_candidate)

        # ascending candidate positions: pairs come out grouped by candidate in order, so
        # the solver's sparse matrix (one row per function) needs no sorting
        order = np.sort(p.cand_order)
        batches = [order[i:i + chunk] for i in range(0, len(order), max(1, chunk))]
        with ThreadPoolExecutor(max_workers=max(1, workers)) as threads:
            kept = list(threads.map(process, batches))
    if kept:
        pairs = PairArrays(*(np.concatenate([getattr(k, name) for k in kept])
                             for name in ("f_idx", "c_idx", "score_k")))
    else:
        pairs = PairArrays(np.zeros(0, np.int32), np.zeros(0, np.int32),
                           np.zeros(0, np.uint16))
    feasible_f = np.bincount(pairs.f_idx, minlength=n_f).astype(np.int64)
    feasible_c = np.bincount(pairs.c_idx, minlength=n_c).astype(np.int64)
    if prepared is not None:
        knock_f, knock_c = _knockouts_of(prepared, np.flatnonzero(feasible_c == 0),
                                         np.flatnonzero(feasible_f == 0), n_f, n_c)
    else:
        knock_f, knock_c = np.zeros((n_f, 5), np.int64), np.zeros((n_c, 5), np.int64)
    return PairScores(
        functions=functions, pool=pool, sites=sites, weights=weights, candidates=ct,
        knockouts_f=knock_f, knockouts_c=knock_c, feasible_f=feasible_f,
        feasible_c=feasible_c, method="sparse", pairs=pairs)


def match_pairs(
    functions: FunctionTable, pool: Pool, sites: Sites, weights: Weights | None = None, *,
    method: str = "auto", search_km: float = 30.0,
    max_edges_per_candidate: int | None = None,
) -> PairScores:
    """Score pairs the right way for the size: every pair when small, else the graph.

    ``method`` is ``"auto"`` (dense up to :data:`DENSE_MAX_PAIRS` pairs), ``"dense"`` or
    ``"sparse"``.
    """
    if method not in ("auto", "dense", "sparse"):
        raise ValueError(f"method must be 'auto', 'dense' or 'sparse'. Got {method!r}.")
    if method == "dense" or (method == "auto" and len(functions) * len(pool)
                             <= DENSE_MAX_PAIRS):
        return score_pairs(functions, pool, sites, weights)
    return candidate_graph(functions, pool, sites, weights, search_km=search_km,
                           max_edges_per_candidate=max_edges_per_candidate)
