"""What a user decides about carving (:class:`CarveParams`) and how the solver works
(:class:`SolverParams`).

``CarveParams`` holds the school's rules and objective: the hour band, how many areas,
levels, sites and boards one function may mix, the objective's weights and the week's
rules. These are stored in session files. ``SolverParams`` holds the solver's method,
seed and limits: they change how hard the solver looks, never what a valid function is.

Both raise :class:`matcher.errors.ParamError` naming every field that breaks its rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from matcher.carving.week import ScheduleParams
from matcher.errors import ParamError
from matcher.model import FTA_HOURS

__all__ = ["METHODS", "CarveParams", "SolverParams"]

#: The carving methods :class:`SolverParams` accepts.
METHODS = ("auto", "exact", "heuristic")

#: A broken rule: (field, message code, value, message parameters).
Rule = tuple[str, str, object, dict[str, Any]]


@dataclass(frozen=True)
class CarveParams:
    """The rules and objective of carving, as a school decides them (defaults in brackets).

    The hard rules and the objective are described in ``docs/carving.md``; how the solver
    searches is set apart in :class:`SolverParams`.

    Parameters
    ----------
    target_hours
        Preferred size of a function [25.5].
    min_hours, max_hours
        Accepted band; a function outside it is not offered [20, 30].
    max_areas
        Most areas in one function [2].
    max_level_spread
        Largest difference between the lowest and highest task level in a function [1].
    max_sites
        Most sites in one function [3].
    max_boards
        Most school boards one function may work for (sites' ``board``; sites without a
        board count as one board) [1].
    coherence_weight
        How much incoherence lowers a function's value (0 = ignore coherence) [0.3].
    target_weight
        Value lost per hour away from ``target_hours`` [0.2].
    idle_weight
        Value lost per idle hour a week inside working days (split shifts) [0.25].
    site_weight
        Value lost per site beyond the first (two teams to work with) [1.0].
    travel_weight
        Value lost per hour a week of travel between sites inside working days [1.0]:
        paid time without work.
    routine_weight
        Value lost per hour by which the start times of the working days spread beyond
        ``schedule.max_start_spread`` [0.5].
    split_days
        Let a task on several days go to different functions on different days
        (:mod:`matcher.carving.split`; the allocation then names each day of a task) [False].
    schedule
        Rules for a workable week (:class:`matcher.carving.week.ScheduleParams`).

    Raises
    ------
    ParamError
        Naming every field that breaks its rule.
    """

    target_hours: float = FTA_HOURS
    min_hours: float = 20.0
    max_hours: float = 30.0
    max_areas: int = 2
    max_level_spread: int = 1
    max_sites: int = 3
    max_boards: int = 1
    coherence_weight: float = 0.3
    target_weight: float = 0.2
    idle_weight: float = 0.25
    site_weight: float = 1.0
    travel_weight: float = 1.0
    routine_weight: float = 0.5
    split_days: bool = False
    schedule: ScheduleParams = field(default_factory=ScheduleParams)

    def __post_init__(self) -> None:
        broken: list[Rule] = []
        if not self.min_hours > 0:
            broken.append(("min_hours", "param.positive", self.min_hours, {}))
        if not self.max_hours <= 40:
            broken.append(("max_hours", "param.at_most", self.max_hours, {"limit": 40}))
        if not self.min_hours <= self.target_hours <= self.max_hours:
            broken.append(("target_hours", "param.in_band", self.target_hours, {}))
        for name in ("max_areas", "max_sites", "max_boards"):
            _at_least(broken, name, getattr(self, name), 1)
        _at_least(broken, "max_level_spread", self.max_level_spread, 0)
        if not 0 <= self.coherence_weight <= 1:
            broken.append(("coherence_weight", "param.unit_interval", self.coherence_weight,
                           {}))
        for name in ("target_weight", "idle_weight", "site_weight", "travel_weight",
                     "routine_weight"):
            _at_least(broken, name, getattr(self, name), 0)
        if broken:
            raise ParamError.of("CarveParams", broken)


@dataclass(frozen=True)
class SolverParams:
    """How the carving solver searches: method, seed and limits (defaults in brackets).

    None of these change what a valid function is or how it is valued (that is
    :class:`CarveParams`); they change how long the solver looks and which of several
    equally good carvings it returns.

    Parameters
    ----------
    method
        ``"exact"``: a proven-optimal carving. Small inventories (every feasible function
        enumerated within ``exact_max_columns`` sets) get one set-packing MILP; larger ones
        the heuristic's carving as incumbent, then column generation, a walk over every
        function whose reduced cost lies within the gap and a branch and bound over them
        (:mod:`matcher.carving.exact`); refused when that stops at ``exact_work`` or
        ``exact_max_sets``. ``"heuristic"``: candidate generation, column generation,
        MILP selection, local search and large-neighbourhood search. ``"auto"``: exact
        for at most ``exact_max_tasks`` carvable tasks when it finishes within its limits
        (else the heuristic's carving, improved by whatever the exact search found),
        heuristic above, up to ``exact_improve_tasks`` followed by the exact method's
        first stage ["auto"].
    seed
        Seed of the random tie-breaking; same input and seed give the same carving [0].
    iterations
        Move evaluations the polishing local search may spend [20,000].
    restarts
        Rounds of candidate-function generation (the first without noise) [3].
    time_limit
        Seconds the set-packing MILP may take before its best solution is used [20].
    time_budget
        Seconds the whole heuristic may take (``None``: no limit). Every phase stops at
        its share of it; when it binds, the result can depend on the machine's speed, so
        leave it unset where results must be reproducible [None].
    exact_max_tasks
        Largest pool of carvable tasks ``"auto"`` tries the exact method on, within
        ``auto_exact_work`` [26].
    exact_improve_tasks
        Largest pool on which ``"auto"``, above ``exact_max_tasks``, follows the heuristic
        with the exact method's first stage (column generation priced by growth, subset-row
        cuts, the best packing of the generated functions): a better carving in seconds,
        not a proof [40].
    exact_max_columns
        Most task sets the full enumeration of the exact method may visit; above it the
        exact method prices and walks the gap instead [5,000].
    exact_work
        Most task sets the exact method's walks may visit plus ten per branch-and-bound
        node, over all its starts (a work limit: the same on every machine; about 1-2 s
        per million on one core with the weeks built and the LPs solved on the way, so up
        to about 1-1.5 minutes on a 36-40 task school it cannot prove) [40,000,000].
        ``method="exact"`` spends it: a proof may take minutes when it is asked for.
    auto_exact_work
        The same limit for ``"auto"``: a carving in seconds, proven optimal when the proof
        is quick, else the best carving found (about 1-9 s at 25-26 tasks) [4,000,000].
    exact_max_sets
        Most functions the exact method may list inside the gap [1,000,000].
    exact_starts
        Starts of the heuristic (seeds ``seed``, ``seed + 1``, ...) the exact method may
        use as incumbent: a further start runs only while optimality is not proven, and
        the exact search is repeated only when it carves more than the best so far [3].
    lns_rounds
        Rounds of re-carving up to three related functions plus left-over tasks after
        the heuristic (large-neighbourhood search, each sub-problem solved exactly over
        generated columns) [12].
    lns_max_tasks
        Neighbourhoods of at most this many tasks also get every feasible function
        enumerated [12].
    lns_size
        Most tasks in one neighbourhood (freed functions plus left-overs) [36].
    lns_functions
        Most functions freed in one neighbourhood [3].
    lns_patience
        Rounds without improvement after which the neighbourhood search stops [4].
    lns_enumerate
        Most sets the full enumeration may visit when a small inventory (at most
        ``lns_size`` tasks) is re-carved whole by the neighbourhood search [8,000].
    price_rounds
        Rounds of column generation: functions grown by marginal value minus the
        selection LP's dual prices of their tasks, added when their reduced cost is
        positive [2].
    select_columns
        Most candidate functions the heuristic's selection MILP sees; above it, those with
        the best reduced cost under the selection LP's duals [700].
    select_nodes
        Branch-and-bound nodes the heuristic's selection MILPs may explore (a work
        limit, so the result stays the same on any machine); the best packing found is
        then improved by the local and neighbourhood search [300].
    select_gap
        Relative gap between the best packing and the bound at which the heuristic's
        selection MILP over all candidates stops (``0``: HiGHS's default, 0.01%). HiGHS
        finds its packing early and spends most of its time proving it, while the local
        and neighbourhood search change the packing anyway; the smaller MILPs of the
        neighbourhood search keep the default [0.05].
    block_tasks
        Inventories (or parts no function can cross: boards when ``max_boards`` is 1,
        sites when ``max_sites`` is 1) with more carvable tasks than this are carved in
        blocks of nearby sites, then repaired across blocks [300].
    two_way_tasks
        Parts of at most this many carvable tasks (a school) are searched twice: first
        with weeks mended only the plain way, then, from that carving, with every way of
        mending a day (:func:`matcher.carving.week.build_schedule`'s ``mend``); the better
        carving is kept. The search is path-dependent and the plainer weeks steer it to
        other packings, which on some schools are much better (0: search once) [100].
    workers
        Processes that carve the blocks of a large inventory side by side (1: all in
        this process; forked, and only from a single-threaded process); the result is
        the same for any number [2].

    Raises
    ------
    ParamError
        Naming every field that breaks its rule.
    """

    method: str = "auto"
    seed: int = 0
    iterations: int = 20_000
    restarts: int = 3
    time_limit: float = 20.0
    time_budget: float | None = None
    exact_max_tasks: int = 26
    exact_improve_tasks: int = 40
    exact_max_columns: int = 5_000
    exact_work: int = 40_000_000
    auto_exact_work: int = 4_000_000
    exact_max_sets: int = 1_000_000
    exact_starts: int = 3
    lns_rounds: int = 12
    lns_max_tasks: int = 12
    lns_size: int = 36
    lns_functions: int = 3
    lns_patience: int = 4
    lns_enumerate: int = 8_000
    price_rounds: int = 2
    select_columns: int = 700
    select_nodes: int = 300
    select_gap: float = 0.05
    block_tasks: int = 300
    two_way_tasks: int = 100
    workers: int = 2

    def __post_init__(self) -> None:
        broken: list[Rule] = []
        if self.method not in METHODS:
            broken.append(("method", "param.choice", self.method,
                           {"choices": ", ".join(METHODS)}))
        if not self.time_limit > 0:
            broken.append(("time_limit", "param.positive", self.time_limit, {}))
        if self.time_budget is not None and not self.time_budget > 0:
            broken.append(("time_budget", "param.positive_or_none", self.time_budget, {}))
        for name in ("iterations", "exact_max_tasks", "exact_improve_tasks", "two_way_tasks"):
            _at_least(broken, name, getattr(self, name), 0)
        for name in ("restarts", "exact_max_columns", "exact_work", "auto_exact_work",
                     "exact_max_sets",
                     "exact_starts", "select_columns", "select_nodes", "workers"):
            _at_least(broken, name, getattr(self, name), 1)
        _at_least(broken, "lns_size", self.lns_size, 2)
        _at_least(broken, "block_tasks", self.block_tasks, 10)
        if not 0 <= self.select_gap < 1:
            broken.append(("select_gap", "param.fraction", self.select_gap, {}))
        if broken:
            raise ParamError.of("SolverParams", broken)


def _at_least(broken: list[Rule], name: str, value: float, limit: int) -> None:
    """Add the rule ``name >= limit`` to ``broken`` when ``value`` breaks it."""
    if not value >= limit:
        broken.append((name, "param.at_least", value, {"limit": limit}))
