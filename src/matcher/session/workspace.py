"""The functiecreatie workspace: one team's session as plain Python, without a UI.

A :class:`Workspace` holds what a school team works on between meetings: the task
inventory (with its sites), the candidate pool, the carving and its settings, the locked
functions, the task pins and the agreed candidates, the score weights and goal, and the
targets. Its methods are the session's actions (carve keeping locks and pins, lock,
move or pin a task, agree a candidate, match, open and save the session file). Each
action changes the workspace and returns an :class:`Outcome` with coded notes
(:class:`~matcher.text.catalogue.Msg`, codes ``sess.*``, ``pin.*``), so a UI only routes
and renders: ``outcome.text("nl")``.

>>> import matcher
>>> from matcher.session import Workspace
>>> files = matcher.demo_files("vo")
>>> ws = Workspace(matcher.load_tasks(files.tasks, files.sites),
...                matcher.load_candidates(files.candidates))
>>> ws.carve().ok  # doctest: +SKIP
True
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import pandas as pd

from matcher.carving import CarveParams, Carving, Function, SolverParams
from matcher.carving.problem import ProgressCallback
from matcher.errors import InputError, MatcherError, Problem
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks
from matcher.inputs.read import Source
from matcher.matching.assign import Assignment, Objective, shortlist
from matcher.matching.score import PairScores, score_pairs
from matcher.matching.weights import COMPONENTS, Weights
from matcher.model import Inventory, Pool, Sites
from matcher.quota import DEFAULT_QUOTA, QuotaParameters
from matcher.session.around import carve_around_pool
from matcher.session.file import Session, dump_session, load_session
from matcher.session.pins import (
    CandidatePin,
    TaskPin,
    assign_with_pins,
    candidate_pins_by_function,
    follow_candidate_pins,
    function_anchor,
    function_of_anchor,
    keep_pins,
    pin_task,
    reanchor,
    unpin_task,
    valid_task_pins,
)
from matcher.session.scope import Group, Scope, carve_scoped, groups_of, move_task, rebuild
from matcher.session.scope import with_locks as locks_applied
from matcher.text.catalogue import Msg, msg

__all__ = [
    "REOPEN_SECONDS",
    "CarveScope",
    "MatchResult",
    "Outcome",
    "Workspace",
    "error_reason",
    "ordered_locks",
    "reopen_solver",
    "slider_weights",
]

#: How to carve: board-wide, per site, or around the candidate pool (board-wide when
#: there are no candidates or there are locked functions).
CarveScope = Literal["board", "site", "around"]

Kind = Literal["success", "info", "warning", "error"]


@dataclass(frozen=True)
class Outcome:
    """What an action did: whether it succeeded and the notes for the user.

    ``notes`` are coded messages (render them with :meth:`text`); ``warnings`` are notes
    the user must act on (a pin that could not be kept, an agreement that moved);
    ``error`` is the library's error when the action was refused (nothing changed then).
    """

    ok: bool = True
    notes: tuple[Msg, ...] = ()
    warnings: tuple[Msg, ...] = ()
    error: MatcherError | None = None

    @property
    def kind(self) -> Kind:
        """``"error"`` when refused, ``"warning"`` with warnings, else ``"success"``."""
        if not self.ok:
            return "error"
        return "warning" if self.warnings else "success"

    def text(self, lang: str = "en") -> str:
        """Every note and warning in ``lang``, joined with spaces."""
        return " ".join(m.text(lang) for m in (*self.notes, *self.warnings))


@dataclass(frozen=True)
class MatchResult:
    """Scores, the optimal assignment (agreed pairs kept) and the shortlists."""

    scores: PairScores
    assignment: Assignment
    shortlist: pd.DataFrame
    seconds: float


def error_reason(error: MatcherError) -> Msg | str:
    """The first problem of an error as a message parameter (its code when it has one)."""
    problems: list[Problem] = list(getattr(error, "problems", []))
    if not problems:
        return str(error)
    first = problems[0]
    return Msg(first.code, first.params) if first.code else first.rule


def ordered_locks(carving: Carving | None, locks: Iterable[Sequence[str]]) -> tuple[Group, ...]:
    """The locks in function order (those of the carving first), as tuples."""
    wanted = {frozenset(g) for g in locks}
    out: list[Group] = []
    if carving is not None:
        out = [f.task_ids for f in carving.functions if frozenset(f.task_ids) in wanted]
    seen = {frozenset(g) for g in out}
    out += [tuple(g) for g in locks if frozenset(g) not in seen]
    return tuple(dict.fromkeys(out))


def slider_weights(base: Weights, sliders: Mapping[str, float], scale: float = 1.0,
                   digits: int = 2) -> Weights:
    """``base`` with the components whose slider was moved set to the slider's value.

    Sliders show each weight divided by ``scale`` and rounded to ``digits``; a slider
    still at that shown value keeps the exact weight of ``base`` (a loaded file's weights
    are used exactly), a moved one gives ``value * scale``. The options of ``base``
    (unknown value, reference distance, level tolerance) are kept.
    """
    values: dict[str, Any] = {}
    for c in COMPONENTS:
        exact = float(getattr(base, c))
        value = float(sliders.get(c, round(exact / scale, digits)))
        values[c] = exact if value == round(exact / scale, digits) else value * scale
    return replace(base, **values)


#: Seconds the carving of the tasks outside a reopened session's functions may take.
REOPEN_SECONDS = 60.0


def reopen_solver(solver: SolverParams | None) -> SolverParams:
    """``solver`` (default settings when ``None``) with its time budget at most
    :data:`REOPEN_SECONDS`."""
    solver = solver or SolverParams()
    budget = solver.time_budget
    return replace(solver, time_budget=REOPEN_SECONDS if budget is None
                   else min(budget, REOPEN_SECONDS))


@dataclass
class Workspace:
    """One team's functiecreatie session (see the module docstring).

    Change it through its methods; each returns an :class:`Outcome`. ``carving_before``
    is the carving a task edit dropped: agreed candidates follow its functions at the
    next carve.
    """

    inventory: Inventory | None = None
    pool: Pool | None = None
    params: CarveParams = field(default_factory=CarveParams)
    scope: CarveScope = "board"
    solver: SolverParams | None = None
    carving: Carving | None = None
    locks: tuple[Group, ...] = ()
    task_pins: tuple[TaskPin, ...] = ()
    candidate_pins: tuple[CandidatePin, ...] = ()
    weights: Weights = field(default_factory=Weights)
    objective: Objective = "placements"
    carving_before: Carving | None = None
    fta_target: float | None = None
    site_targets: dict[str, float] = field(default_factory=dict)
    quota: QuotaParameters = DEFAULT_QUOTA
    quota_inputs: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    around_label: str | None = None
    seconds: float | None = None

    # ---- inputs ----------------------------------------------------------------------

    @classmethod
    def from_files(cls, tasks: Source, sites: Source | None = None,
                   candidates: Source | None = None, *, tasks_name: str | None = None,
                   sites_name: str | None = None, candidates_name: str | None = None,
                   source: str = "") -> Workspace:
        """A workspace with the tasks, sites and candidates of files (or frames).

        Every file is checked before anything is returned, so one error lists the
        problems of all of them; nothing is half-loaded.

        Raises
        ------
        InputError
            With every problem of every file.
        """
        problems: list[Problem] = []
        site_table = None
        if sites is not None:
            try:
                site_table = load_sites(sites, name=sites_name or "locaties")
            except InputError as error:
                problems += error.problems
        inventory = pool = None
        try:
            inventory = load_tasks(tasks, sites=site_table, name=tasks_name)
        except InputError as error:
            problems += error.problems
        if candidates is not None:
            try:
                pool = load_candidates(candidates, name=candidates_name or "kandidaten")
            except InputError as error:
                problems += error.problems
        if problems or inventory is None:
            raise InputError(problems)
        return cls(inventory, pool, source=source)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The loaders' warnings of the inventory and the pool (coded notes)."""
        return ((self.inventory.warnings if self.inventory is not None else ())
                + (self.pool.warnings if self.pool is not None else ()))

    @property
    def sites(self) -> Sites | None:
        """The sites of the inventory (None before an inventory is loaded)."""
        return self.inventory.sites if self.inventory is not None else None

    def load(self, inventory: Inventory, pool: Pool | None = None, source: str = "") -> None:
        """Start over with new inputs: the carving, locks and pins of the old ones go."""
        self.inventory, self.pool, self.source = inventory, pool, source
        self.carving = self.carving_before = None
        self.locks, self.task_pins, self.candidate_pins = (), (), ()
        self.site_targets = {}
        self.around_label = self.seconds = None

    def edit_tasks(self, inventory: Inventory) -> Outcome:
        """Replace the inventory after an edit; the carving goes, the locks and pins stay."""
        self.inventory = inventory
        if self.carving is not None:
            self.carving_before = self.carving
            self.carving = None
            return Outcome(notes=(msg("sess.tasks_edited"),))
        return Outcome()

    # ---- carving ---------------------------------------------------------------------

    def _scope_of(self, scope: CarveScope) -> Scope:
        return "site" if scope == "site" else "board"

    def warm_groups(self, locks: Sequence[Sequence[str]], scope: CarveScope) -> list[Group]:
        """The current carving's unlocked functions, to start a re-carve from (same scope
        only; groups that are no longer valid after an edit are ignored by the library)."""
        if self.carving is None or self._scope_of(self.scope) != self._scope_of(scope):
            return []
        locked = {frozenset(g) for g in locks}
        return [g for g in groups_of(self.carving) if frozenset(g) not in locked]

    def carve(self, params: CarveParams | None = None, scope: CarveScope | None = None,
              progress: ProgressCallback | None = None) -> Outcome:
        """Carve the inventory keeping the locked functions; the rest is carved anew.

        The re-carve starts from the current functions (it never ends below them), pinned
        tasks go back to their anchors and agreed candidates follow their functions; every
        pin that could not be kept gets a warning. Around the pool needs candidates and no
        locks; otherwise it carves board-wide (and says so). Refused (nothing changes)
        when a locked function no longer has a workable week. ``progress(fraction,
        stage)`` hears how far the carve is (see :func:`matcher.carve`).
        """
        if self.inventory is None:
            return Outcome(False, (msg("sess.no_carving"),))
        params = params or self.params
        scope = scope or self.scope
        known = {t.task_id for t in self.inventory.tasks}
        locks = [g for g in ordered_locks(self.carving, self.locks) if set(g) <= known]
        start = time.perf_counter()
        label: str | None = None
        try:
            if scope == "around" and self.pool is not None and not locks:
                result = carve_around_pool(self.inventory, self.pool, params,
                                           solver=self.solver)
                carving, label = result.carving, result.label
            else:
                board = self._scope_of(scope)
                carving = carve_scoped(self.inventory, params, board, locked=locks,
                                       warm_start=self.warm_groups(locks, scope),
                                       solver=self.solver, earlier=self.function_ids(),
                                       progress=progress)
        except InputError as error:
            return Outcome(False, (msg("sess.locked_broken", reason=error_reason(error)),),
                           error=error)
        carving, warnings = self._keep_pins(carving, scope)
        self.seconds = time.perf_counter() - start
        self.params, self.around_label = params, label
        self._set_carving(carving, scope)
        self.carving_before = None
        if scope == "around":
            head = (msg("sess.around_chosen", seconds=self.seconds, label=label) if label
                    else msg("sess.around_fallback"))
        else:
            head = msg("sess.carved", seconds=self.seconds)
        return Outcome(True, (head,), warnings)

    def _set_carving(self, carving: Carving, scope: CarveScope) -> None:
        self.carving = carving
        self.scope = scope
        self.locks = tuple(f.task_ids for f in carving.functions if f.locked)

    def _keep_pins(self, carving: Carving, scope: CarveScope
                   ) -> tuple[Carving, tuple[Msg, ...]]:
        """The new carving with the task pins kept and the agreed candidates moved along
        with their functions; a warning for every pin not kept or whose function changed."""
        inventory = carving.inventory
        notes: list[Msg] = []
        valid = valid_task_pins(inventory, self.task_pins)
        known = {t.task_id for t in inventory.tasks}
        for task_id, anchor in self.task_pins:
            if (task_id, anchor) not in valid:
                gone = task_id if task_id not in known else anchor
                notes.append(msg("sess.pin_dropped", task=task_id, anchor=anchor,
                                 reason=msg("pin.gone", task=gone)))
        self.task_pins = valid
        if valid:
            kept = keep_pins(carving, valid, [f.task_ids for f in carving.functions if f.locked],
                             self._scope_of(scope), self.solver)
            carving = kept.carving
            for (task_id, anchor), why in kept.reasons:
                notes.append(msg("sess.pin_not_kept", task=task_id, anchor=anchor, reason=why))
        followed = follow_candidate_pins(self.carving or self.carving_before, carving,
                                         self.candidate_pins)
        self.candidate_pins = followed.pins
        notes += [msg("sess.agreement_changed", candidate=c, reason=why)
                  for (_, c), why in followed.changed]
        notes += [msg("sess.agreement_dropped", candidate=c, reason=why)
                  for (_, c), why in followed.dropped]
        active = candidate_pins_by_function(carving, followed.pins)
        for anchor, candidate in followed.pins:
            home = function_of_anchor(carving, anchor)
            holder = active.get(home.function_id) if home is not None else None
            if home is not None and holder is not None and holder != candidate:
                notes.append(msg("sess.agreement_clash", candidate=candidate,
                                 function=home.function_id, holder=holder))
        return carving, tuple(notes)

    def _function(self, function_id: str) -> Function | None:
        if self.carving is None:
            return None
        return next((f for f in self.carving.functions if f.function_id == function_id), None)

    # ---- locks -----------------------------------------------------------------------

    def lock(self, function_id: str, locked: bool = True) -> Outcome:
        """Lock (or with ``locked=False`` unlock) one function; nothing is re-carved."""
        function = self._function(function_id)
        if function is None or self.carving is None:
            return Outcome(False, (msg("sess.no_function", function=function_id),))
        locks = [g for g in self.locks if frozenset(g) != frozenset(function.task_ids)]
        if locked:
            locks.append(function.task_ids)
        self.carving = locks_applied(self.carving, locks)
        self.locks = tuple(f.task_ids for f in self.carving.functions if f.locked)
        return Outcome(notes=(msg("sess.locked" if locked else "sess.unlocked",
                                  function=function_id),))

    def unlock(self, function_id: str) -> Outcome:
        """Unlock one function."""
        return self.lock(function_id, False)

    def unlock_all(self) -> Outcome:
        """Unlock every function (also locks waiting for the next carve)."""
        if self.carving is not None:
            self.carving = locks_applied(self.carving, ())
        self.locks = ()
        return Outcome(notes=(msg("sess.unlocked_all"),))

    # ---- moving and pinning tasks ----------------------------------------------------

    def _rebuild(self, groups: Sequence[Sequence[str]], locks: Sequence[Sequence[str]]
                 ) -> Carving:
        assert self.carving is not None
        return rebuild(self.carving.inventory, self.carving.params, groups, locks,
                       self._scope_of(self.scope), self.solver, self.function_ids())

    def function_ids(self) -> dict[str, tuple[str, ...]]:
        """Function id -> task ids of the current carving (empty without one): a re-carve
        keeps the id of every function that carries on."""
        if self.carving is None:
            return {}
        return {f.function_id: f.task_ids for f in self.carving.functions}

    def _release_anchor(self, groups: Sequence[Sequence[str]], task_id: str
                        ) -> tuple[Msg, ...]:
        """Before ``task_id`` leaves its function by hand: pins and agreements anchored at
        it stay with that function; notes on those that had to go."""
        result = reanchor(groups, self.task_pins, self.candidate_pins, task_id)
        self.task_pins, self.candidate_pins = result.task_pins, result.candidate_pins
        why = msg("pin.anchor_left")
        return (*(msg("sess.pin_released", task=t, reason=why)
                  for t, _ in result.dropped_task_pins),
                *(msg("sess.agreement_dropped", candidate=c, reason=why)
                  for _, c in result.dropped_candidate_pins))

    def move_task(self, task_id: str, function_id: str) -> Outcome:
        """Move a task into another function: the target is locked, the source unlocked.

        The carving is rebuilt from the new task groups (no re-carve of the other
        functions). A pin of the task is removed. Refused (nothing changes) when the
        target would have no workable week.
        """
        target_function = self._function(function_id)
        if target_function is None or self.carving is None:
            return Outcome(False, (msg("sess.no_function", function=function_id),))
        if task_id in target_function.task_ids:
            return Outcome(False, (msg("sess.already_there", task=task_id,
                                       function=function_id),))
        groups = groups_of(self.carving)
        ids = [f.function_id for f in self.carving.functions]
        source = next((f.function_id for f in self.carving.functions
                       if task_id in f.task_ids), None)
        new_groups, new_locks = move_task(groups, self.locks, task_id, ids.index(function_id))
        try:
            rebuilt = self._rebuild(new_groups, new_locks)
        except InputError as error:
            return Outcome(False, (msg("sess.move_refused", task=task_id, function=function_id,
                                       reason=error_reason(error)),), error=error)
        self._set_carving(rebuilt, self.scope)
        new_id = next(f.function_id for f in rebuilt.functions if task_id in f.task_ids)
        head = (msg("sess.moved", task=task_id, source=source, function=new_id) if source
                else msg("sess.moved_unplaced", task=task_id, function=new_id))
        notes = [head, *self._release_anchor(groups, task_id)]
        if any(p[0] == task_id for p in self.task_pins):
            self.task_pins = unpin_task(self.task_pins, task_id)
            notes.append(msg("sess.unpinned", task=task_id))
        return Outcome(True, tuple(notes))

    def pin_task(self, task_id: str, function_id: str) -> Outcome:
        """Pin a task to a function: it moves there (when elsewhere) and stays there after a
        re-carve; the function is not locked. Refused (nothing changes) when the task is
        not carvable, the function has no other task or the week would not work."""
        function = self._function(function_id)
        if function is None or self.carving is None:
            return Outcome(False, (msg("sess.no_function", function=function_id),))
        task = next((t for t in self.carving.inventory.tasks if t.task_id == task_id), None)
        if task is not None and not task.carvable:  # keep_pins would refuse it later
            return Outcome(False, (msg("sess.pin_not_carvable", task=task_id),))
        try:
            anchor = function_anchor(function, self.task_pins, exclude=task_id)
        except ValueError:
            return Outcome(False, (msg("sess.pin_no_anchor", function=function_id,
                                       task=task_id),))
        groups = groups_of(self.carving)
        target = [f.function_id for f in self.carving.functions].index(function_id)
        new_groups, new_locks, _ = pin_task(groups, self.locks, self.task_pins, task_id,
                                            target, anchor)
        notes: tuple[Msg, ...] = ()
        if new_groups != groups:
            try:
                carving = self._rebuild(new_groups, new_locks)
            except InputError as error:
                return Outcome(False, (msg("sess.move_refused", task=task_id,
                                           function=function_id,
                                           reason=error_reason(error)),), error=error)
            notes = self._release_anchor(groups, task_id)
            self._set_carving(carving, self.scope)
        self.task_pins = (*unpin_task(self.task_pins, task_id), (task_id, anchor))
        home = function_of_anchor(self.carving, anchor)
        new_id = home.function_id if home is not None else function_id
        return Outcome(True, (msg("sess.pinned", task=task_id, function=new_id, anchor=anchor),
                              *notes))

    def unpin_task(self, task_id: str) -> Outcome:
        """Remove the pin of a task (the task stays where it is until the next carve)."""
        self.task_pins = unpin_task(self.task_pins, task_id)
        return Outcome(notes=(msg("sess.unpinned", task=task_id),))

    # ---- agreed candidates -----------------------------------------------------------

    def pin_candidate(self, function_id: str, candidate_id: str) -> Outcome:
        """Agree a candidate for a function; the assignment keeps the pair and solves the
        rest. One agreement per function and per candidate: an earlier agreement of the
        same function or the same candidate is replaced."""
        function = self._function(function_id)
        if function is None or self.carving is None:
            return Outcome(False, (msg("sess.no_function", function=function_id),))
        anchor = function_anchor(function, self.task_pins)
        kept = []
        for pin_anchor, pinned in self.candidate_pins:
            home = function_of_anchor(self.carving, pin_anchor)
            if pinned == candidate_id or (home is not None and home.function_id == function_id):
                continue
            kept.append((pin_anchor, pinned))
        self.candidate_pins = (*kept, (anchor, candidate_id))
        return Outcome(notes=(msg("sess.agreed", candidate=candidate_id,
                                  function=function_id),))

    def unpin_candidate(self, candidate_id: str) -> Outcome:
        """Remove the agreement with a candidate (also one that no longer holds)."""
        self.candidate_pins = tuple(p for p in self.candidate_pins if p[1] != candidate_id)
        return Outcome(notes=(msg("sess.agreement_removed", candidate=candidate_id),))

    def active_candidate_pins(self) -> dict[str, str]:
        """function_id -> candidate_id of the agreements that hold now (function there,
        candidate loaded, first agreement of a function)."""
        if self.carving is None:
            return {}
        ids = set(self.pool.ids) if self.pool is not None else set()
        return candidate_pins_by_function(
            self.carving, [(a, c) for a, c in self.candidate_pins if c in ids])

    # ---- matching --------------------------------------------------------------------

    def scores(self, weights: Weights | None = None) -> PairScores:
        """Scores of every function x candidate pair with ``weights`` (the workspace's)."""
        if self.carving is None or self.pool is None:
            raise ValueError("scores need a carving and a candidate pool")
        return score_pairs(self.carving.functions, self.pool, self.carving.inventory.sites,
                           weights or self.weights)

    def match(self, scores: PairScores | None = None, top: int = 10) -> MatchResult:
        """The optimal assignment keeping the agreed pairs, and the shortlists.

        ``scores`` may be scores computed earlier with the same carving, pool and
        weights (they do not change with the goal or the agreements).
        """
        start = time.perf_counter()
        scores = scores if scores is not None else self.scores()
        assignment = assign_with_pins(scores, self.objective, self.active_candidate_pins())
        short = shortlist(scores, top=top, assignment=assignment, explain=True)
        return MatchResult(scores, assignment, short, time.perf_counter() - start)

    # ---- the session file ------------------------------------------------------------

    def session(self) -> Session:
        """The workspace as a :class:`~matcher.session.file.Session` (for the file)."""
        if self.inventory is None:
            raise ValueError("a session needs an inventory")
        params = self.carving.params if self.carving is not None else self.params
        return Session(
            inventory=self.inventory, pool=self.pool, params=params,
            scope=self._scope_of(self.scope),
            groups=groups_of(self.carving) if self.carving is not None else (),
            ids=tuple(self.function_ids()),
            locks=ordered_locks(self.carving, self.locks), weights=self.weights,
            objective=self.objective, fta_target=self.fta_target,
            site_targets=dict(self.site_targets), quota=self.quota,
            quota_inputs=dict(self.quota_inputs), source=self.source,
            task_pins=self.task_pins, candidate_pins=self.candidate_pins)

    def save(self, include_candidates: bool = False) -> bytes:
        """The session file (JSON bytes); candidate profiles only with
        ``include_candidates``."""
        return dump_session(self.session(), include_candidates)

    @classmethod
    def open(cls, data: bytes | str, name: str = "sessie.json", *,
             pool: Pool | None = None, solver: SolverParams | None = None
             ) -> tuple[Workspace, Outcome]:
        """A workspace from a session file, and notes on what was (not) restored.

        The saved functions are rebuilt as they were; the tasks outside them are carved
        again within :data:`REOPEN_SECONDS` (:func:`reopen_solver`), so a file opens in
        bounded time whatever it holds.

        ``pool`` stands in when the file has no candidates (the agreements are then not
        restored: they name the team's own candidates). ``solver`` gives the solver
        settings the saved functions are rebuilt with (the file keeps only the user's
        rules). When a saved function no longer has a workable week, the workspace has
        the inventory and no carving, and the notes say so.

        Raises
        ------
        InputError
            With every problem of the file.
        """
        session = load_session(data, name)
        params = session.params
        notes: list[Msg] = list(session.notes)
        ws = cls(session.inventory, session.pool or pool, params, session.scope, solver,
                 weights=session.weights,
                 objective="score" if session.objective == "score" else "placements",
                 fta_target=session.fta_target, site_targets=dict(session.site_targets),
                 quota=session.quota, quota_inputs=dict(session.quota_inputs),
                 source=session.source, task_pins=session.task_pins,
                 candidate_pins=session.candidate_pins)
        if session.pool is None:
            notes.append(msg("sess.no_candidates_demo" if pool is not None
                             else "sess.no_candidates"))
            if pool is not None and session.candidate_pins:
                ws.candidate_pins = ()
                notes.append(msg("sess.agreements_not_restored",
                                 count=len(session.candidate_pins)))
        if session.groups:
            try:
                carving = rebuild(session.inventory, params, session.groups, session.locks,
                                  session.scope, reopen_solver(solver),
                                  dict(zip(session.ids, session.groups, strict=True))
                                  if len(session.ids) == len(session.groups) else None)
            except InputError as error:
                ws.locks = session.locks
                notes.append(msg("sess.functions_gone", reason=error_reason(error)))
            else:
                ws._set_carving(carving, session.scope)
                notes.append(msg("sess.restored", functions=len(carving.functions),
                                 locked=sum(f.locked for f in carving.functions)))
        if ws.task_pins or ws.candidate_pins:
            notes.append(msg("sess.pins_restored", tasks=len(ws.task_pins),
                             candidates=len(ws.candidate_pins)))
        return ws, Outcome(True, tuple(notes))
