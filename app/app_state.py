"""Session-state plumbing and display helpers of the Streamlit app.

Everything here is plain Python over the :mod:`matcher` API, without Streamlit calls, so the
tests can call it directly: loading the demo, uploaded files or a session file (all problems
at once), the default values of the session state, the session's actions (carve, lock,
move a task, re-carve the rest, edit tasks) and turning library frames into tables with
Dutch headers. Computations stay in the library; this module only formats and routes.
Per-user results live in the session state only, never in a shared cache.
"""

from __future__ import annotations

import math
import tempfile
import time
from collections.abc import Iterable, MutableMapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import matcher
from matcher import quota as mquota
from matcher.carving.core import FTA_HOURS
from matcher.geo import haversine_km, pc4_table
from matcher.inputs.schema import (
    TASK_COLUMNS,
    WORK_DAYS,
)
from matcher.outputs.files import write_csv
from matcher.outputs.template import dutch_header
from matcher.quota import DEFAULT_QUOTA, QuotaParameters
from matcher.session import workflow as msession
from matcher.text.catalogue import render, translate
from matcher.text.format import format_days, format_time
from matcher.text.labels import AREA_LABELS_NL, COMPONENT_LABELS_NL, DAY_NAMES_NL, LEVEL_NAMES_NL

# --------------------------------------------------------------------------------------
# Session state

#: Demo inventories offered on the start page: name -> Dutch label.
DEMO_LABELS: dict[str, str] = {
    "vo": "Eemland College (vo)",
    "po": "Stichting PO De Gelderse Vallei (po)",
}

#: Default board target (fta) per demo, with the source: SZW's estimate of the 2024 quotum
#: task, 5.9 jobs for an average vo school and 0.8 for an average po school (> 25 fte);
#: the po demo board has six schools.
DEMO_TARGETS: dict[str, float] = {"vo": 5.9, "po": 4.8}
TARGET_HELP = ("Het aantal banen (fta) dat het bestuur wil of moet realiseren. Ter "
               "vergelijking: SZW schatte de quotumtaak 2024 op 5,9 banen voor een gemiddelde "
               "vo-school en 0,8 voor een gemiddelde po-school (> 25 fte).")

#: Example payroll figures for the quotum calculator per demo (clearly examples).
DEMO_PAYROLL: dict[str, tuple[int, float]] = {"vo": (180, 4000.0), "po": (95, 2000.0)}

#: Optimisation goals of the assignment: code -> Dutch label.
OBJECTIVE_LABELS: dict[str, str] = {
    "placements": "Zoveel mogelijk mensen plaatsen",
    "score": "Hoogste totaalscore",
}

#: Carving scope: code -> Dutch label.
SCOPE_LABELS: dict[str, str] = {
    "board": "Over het hele bestuur (een functie mag locaties combineren)",
    "site": "Per locatie (elke locatie apart, één locatie per functie)",
    "around": "Rond de kandidaten (uren passend bij de kandidaten in de buurt)",
}

#: Carving speed (when the library offers a choice): code -> Dutch label.
METHOD_LABELS: dict[str, str] = {
    "fast": "Snel (enkele seconden)",
    "thorough": "Grondig (standaard van matcher; kan een minuut of langer duren)",
}

#: Threshold readings of the quotum: code -> Dutch label.
BASIS_LABELS: dict[str, str] = {
    "employees": "25 werknemers of meer",
    "jobs": "25 banen (fte van 25,5 uur) of meer",
}

_DEFAULT_WEIGHTS = matcher.Weights()
_DEFAULT_CARVE = matcher.CarveParams()
_CARVE_FIELDS = {f.name for f in fields(matcher.CarveParams)}
_HAS_METHOD = "method" in _CARVE_FIELDS

#: Widget keys whose value must survive a page switch, with their defaults. Streamlit drops
#: the state of widgets that are not on the current page; the entrypoint writes these keys
#: back on every run so that the choices made on one page are still there on return.
WIDGET_DEFAULTS: dict[str, Any] = {
    "demo_choice": "vo",
    "use_demo_candidates": False,
    "carve_target": float(_DEFAULT_CARVE.target_hours),
    "carve_min": float(_DEFAULT_CARVE.min_hours),
    "carve_max": float(_DEFAULT_CARVE.max_hours),
    "carve_max_areas": int(_DEFAULT_CARVE.max_areas),
    "carve_max_sites": int(_DEFAULT_CARVE.max_sites),
    "carve_scope": "board",
    "carve_method": "fast",
    "fta_target": DEMO_TARGETS["vo"],
    "objective": "placements",
    **{f"w_{name}": float(getattr(_DEFAULT_WEIGHTS, name)) for name in matcher.COMPONENTS},
    "f_site": None,
    "f_max_km": 25,
    "f_hours": (0, 40),
    "f_education": [],
    "f_days": [],
    "f_unknown": True,
    "q_employees": DEMO_PAYROLL["vo"][0],
    "q_hours": DEMO_PAYROLL["vo"][1],
    "q_realised": 0.0,
    "q_count_created": True,
    "q_basis": "employees",
    "q_year": DEFAULT_QUOTA.year,
    "q_percentage": DEFAULT_QUOTA.percentage,
    "q_levy": DEFAULT_QUOTA.levy_per_job,
    "q_source": DEFAULT_QUOTA.source,
    "q_date": DEFAULT_QUOTA.date,
    "q_levy_source": DEFAULT_QUOTA.levy_source,
    "q_levy_confirmed": DEFAULT_QUOTA.levy_confirmed,
    "include_candidates": False,
}

#: Data keys of the session state and their empty values.
DATA_DEFAULTS: dict[str, Any] = {
    "inventory": None,  # matcher.Inventory
    "pool": None,  # matcher.Pool
    "source": "",  # what is loaded, in words
    "load_problems": None,  # DataFrame with Dutch headers, when the last load failed
    "load_warnings": (),  # tuple of str from the loaders
    "carving": None,  # matcher.Carving
    "carve_scope_used": "board",  # scope of the current carving
    "carve_seconds": None,  # how long the last carve took
    "locks": (),  # tuple of task-id groups: the locked functions
    "carve_message": None,  # (kind, text) after a lock, move or carve action
    "tasks_changed": False,  # the inventory was edited after the last carving
    "tasks_base": None,  # DataFrame shown in the task editor
    "tasks_version": 0,  # bumps the editor's key when the base changes
    "tasks_edited": None,  # last edited frame (survives leaving the page)
    "tasks_checked": None,  # the edited frame that was last validated
    "edit_problems": None,  # DataFrame (rij, kolom, probleem, waarde) of the last edit
    "weight_options": {},  # unknown_value, reference_km, level_tolerance from a TOML
    "weights_message": None,
    "match_cache": None,  # (key, MatchResult) of this user
    "score_cache": None,  # (key, PairScores): scores do not change with the goal or pins
    "task_pins": (),  # (task id, anchor task id): the task stays with the anchor's function
    "candidate_pins": (),  # (anchor task id, candidate id): agreed pairs
    "match_message": None,  # (kind, text) after pinning a candidate
    "pin_notes": (),  # Dutch notes on pins the last carve could not keep or had to move
    "carving_before": None,  # the carving dropped by a task edit: pins follow its functions
    "site_targets": {},  # site -> fta target
}


def init_state(state: MutableMapping[str, Any]) -> None:
    """Fill in missing session-state keys and keep widget values across page switches."""
    for key, value in DATA_DEFAULTS.items():
        if key not in state:
            state[key] = value.copy() if isinstance(value, dict) else value
    for key, value in WIDGET_DEFAULTS.items():
        # Re-assigning detaches the value from the widget, so it survives leaving the page.
        state[key] = state.get(key, value)


def ensure_option(state: MutableMapping[str, Any], key: str, options: list[Any]) -> None:
    """Forget a selectbox value that is no longer among its options (e.g. after re-carving)."""
    if key in state and state[key] not in options:
        del state[key]


@dataclass(frozen=True)
class Loaded:
    """Inputs that passed validation: inventory, optional pool, and the loaders' warnings."""

    inventory: matcher.Inventory
    pool: matcher.Pool | None
    warnings: tuple[str, ...]
    source: str
    demo: str | None = None


def set_loaded(state: MutableMapping[str, Any], loaded: Loaded) -> None:
    """Put freshly loaded inputs in the session state and drop results of the old inputs."""
    state["inventory"] = loaded.inventory
    state["pool"] = loaded.pool
    state["source"] = loaded.source
    state["load_warnings"] = warnings_nl(loaded.warnings)
    state["load_problems"] = None
    state["carving"] = None
    state["locks"] = ()
    state["task_pins"] = ()
    state["candidate_pins"] = ()
    state["pin_notes"] = ()
    state["carving_before"] = None
    state["carve_message"] = None
    state["tasks_changed"] = False
    state["match_cache"] = None
    state["score_cache"] = None
    state["site_targets"] = {}
    state["edit_problems"] = None
    reset_task_editor(state)
    target = DEMO_TARGETS.get(loaded.demo or "", 1.0)
    state["fta_target"] = target
    employees, hours = DEMO_PAYROLL.get(loaded.demo or "", (0, 0.0))
    state["q_employees"] = employees
    state["q_hours"] = hours


def load_demo(name: str) -> Loaded:
    """Load one of the shipped demos (tasks, sites and the synthetic candidate pool)."""
    files = matcher.demo_files(name)
    inventory = matcher.load_tasks(files.tasks, files.sites)
    pool = matcher.load_candidates(files.candidates)
    return Loaded(inventory, pool, inventory.warnings + pool.warnings,
                  f"demo: {files.title}", demo=name)


def load_uploads(
    tasks_bytes: bytes, tasks_name: str,
    sites_bytes: bytes | None = None, sites_name: str | None = None,
    cand_bytes: bytes | None = None, cand_name: str | None = None,
) -> Loaded | pd.DataFrame:
    """Load uploaded files; return the loaded inputs, or every problem of every file.

    All files are checked before anything is returned, so a user sees the problems of the
    task, sites and candidates files in one table, in Dutch (bestand, rij, kolom,
    probleem, waarde). Nothing is half-loaded: one problem anywhere means no inputs.
    """
    problems: list[pd.DataFrame] = []
    sites = None
    if sites_bytes is not None:
        try:
            sites = matcher.load_sites(sites_bytes, name=sites_name or "locaties")
        except matcher.InputError as error:
            problems.append(error.to_frame("nl"))
    inventory = None
    try:
        inventory = matcher.load_tasks(tasks_bytes, sites=sites, name=tasks_name)
    except matcher.InputError as error:
        problems.append(error.to_frame("nl"))
    pool = None
    if cand_bytes is not None:
        try:
            pool = matcher.load_candidates(cand_bytes, name=cand_name or "kandidaten")
        except matcher.InputError as error:
            problems.append(error.to_frame("nl"))
    if problems or inventory is None:
        return pd.concat(problems, ignore_index=True)
    warnings = inventory.warnings + (pool.warnings if pool is not None else ())
    names = [n for n in (tasks_name, sites_name if sites_bytes is not None else None,
                         cand_name if cand_bytes is not None else None) if n]
    return Loaded(inventory, pool, warnings, "bestanden: " + ", ".join(names))


def set_pool(state: MutableMapping[str, Any], data: bytes | None, name: str | None) -> bool:
    """Load only a candidate pool (the demo pool when ``data`` is None) into this session.

    The tasks, functions and locks stay. Returns False, with the problems in
    ``load_problems``, when the file is refused.
    """
    try:
        pool = demo_pool() if data is None else matcher.load_candidates(
            data, name=name or "kandidaten")
    except matcher.InputError as error:
        state["load_problems"] = error.to_frame("nl")
        state["load_warnings"] = ()
        return False
    state["pool"] = pool
    state["match_cache"] = None
    state["load_problems"] = None
    state["load_warnings"] = warnings_nl(pool.warnings)
    extra = "demokandidaten" if data is None else f"kandidaten {name}"
    state["source"] = f"{state['source']} + {extra}" if state["source"] else extra
    return True


def demo_pool() -> matcher.Pool:
    """The synthetic demo candidate pool (for uploads without a candidates file)."""
    return matcher.load_candidates(matcher.demo_files("vo").candidates)


# --------------------------------------------------------------------------------------
# Carving: params, carve, lock, move, re-carve


def carve_params(state: MutableMapping[str, Any]) -> matcher.CarveParams:
    """Carving settings from the form (raises ValueError when they do not fit together)."""
    extra: dict[str, Any] = {}
    if state["carve_method"] == "fast":
        # the heuristic without the extra neighbourhood search: seconds, not minutes
        if _HAS_METHOD:
            extra["method"] = "heuristic"
        if "lns_rounds" in _CARVE_FIELDS:
            extra["lns_rounds"] = 0
    return matcher.CarveParams(
        target_hours=float(state["carve_target"]), min_hours=float(state["carve_min"]),
        max_hours=float(state["carve_max"]), max_areas=int(state["carve_max_areas"]),
        max_sites=int(state["carve_max_sites"]), seed=0, **extra,
    )


def has_method_choice() -> bool:
    """Whether this matcher offers a choice of carving method."""
    return _HAS_METHOD


def ordered_locks(carving: matcher.Carving | None, locks: Sequence[Sequence[str]]
                  ) -> tuple[tuple[str, ...], ...]:
    """The locks in function order (those of the carving first), as tuples."""
    wanted = {frozenset(g) for g in locks}
    out: list[tuple[str, ...]] = []
    if carving is not None:
        out = [f.task_ids for f in carving.functions if frozenset(f.task_ids) in wanted]
    seen = {frozenset(g) for g in out}
    out += [tuple(g) for g in locks if frozenset(g) not in seen]
    return tuple(out)


def _set_carving(state: MutableMapping[str, Any], carving: matcher.Carving, scope: str) -> None:
    state["carving"] = carving
    state["carve_scope_used"] = scope
    state["locks"] = tuple(f.task_ids for f in carving.functions if f.locked)
    state["match_cache"] = None
    state["tasks_changed"] = False


def carve_now(state: MutableMapping[str, Any], params: matcher.CarveParams, scope: str
              ) -> matcher.Carving:
    """Carve the inventory keeping the locked functions; the rest is carved anew.

    Raises :class:`matcher.InputError` when a locked function no longer has a workable week
    (after the tasks were edited).
    """
    inventory = state["inventory"]
    known = {t.task_id for t in inventory.tasks}
    locks = [g for g in ordered_locks(state["carving"], state["locks"])
             if set(g) <= known]
    start = time.perf_counter()
    state["around_label"] = None
    if scope == "around" and state.get("pool") is not None and not locks:
        from matcher.session.around import carve_around_pool

        result = carve_around_pool(inventory, state["pool"], params)
        carving = result.carving
        state["around_label"] = result.label
    else:
        # around the pool needs candidates and no locks; otherwise carve the whole board,
        # starting from the previous functions so a lock never costs a function
        board_scope = "board" if scope == "around" else scope
        carving = msession.carve_scoped(
            inventory, params, board_scope, locked=locks,  # type: ignore[arg-type]
            warm_start=_warm_groups(state, locks, board_scope))
    carving, notes = _keep_pins(state, carving, scope)
    state["pin_notes"] = notes
    state["carve_seconds"] = time.perf_counter() - start
    _set_carving(state, carving, scope)
    state["carving_before"] = None
    return carving


def _warm_groups(state: MutableMapping[str, Any], locks: Sequence[Sequence[str]], scope: str
                 ) -> list[tuple[str, ...]]:
    """The previous carving's unlocked functions, to start a re-carve from (same scope only;
    groups that are no longer valid after an edit are ignored by the library)."""
    previous = state.get("carving")
    used = state.get("carve_scope_used")
    if previous is None or ("board" if used == "around" else used) != scope:
        return []
    locked = {frozenset(g) for g in locks}
    return [g for g in msession.groups_of(previous) if frozenset(g) not in locked]


def _keep_pins(state: MutableMapping[str, Any], carving: matcher.Carving, scope: str
               ) -> tuple[matcher.Carving, tuple[str, ...]]:
    """The new carving with the task pins kept and the agreed candidates moved along with
    their functions; every pin that could not be kept, or whose function changed, gets a
    Dutch note (nothing is dropped silently)."""
    inventory = carving.inventory
    notes: list[str] = []
    pins = tuple(state.get("task_pins", ()))
    valid = msession.valid_task_pins(inventory, pins)
    known = {t.task_id for t in inventory.tasks}
    for task_id, anchor in pins:
        if (task_id, anchor) not in valid:
            gone = task_id if task_id not in known else anchor
            notes.append(f"De pin van {task_id} (bij {anchor}) is vervallen: "
                         + render("pin.gone", "nl", task=gone))
    state["task_pins"] = valid
    if valid:
        outcome = msession.keep_pins(carving, valid,
                                     [f.task_ids for f in carving.functions if f.locked],
                                     "site" if scope == "site" else "board")
        carving = outcome.carving
        for (task_id, anchor), why in outcome.reasons:
            notes.append(f"{task_id} kon niet bij {anchor} blijven: {why.text('nl')} De pin "
                         "blijft bewaard; pas de functie aan of maak de pin los.")
    before = state.get("carving") or state.get("carving_before")
    followed = msession.follow_candidate_pins(before, carving, state.get("candidate_pins", ()))
    state["candidate_pins"] = followed.pins
    agreed = [f"De afspraak met {candidate} {why.text('nl')} Controleer de afspraak."
              for (_, candidate), why in followed.changed]
    agreed += [f"De afspraak met {candidate} is vervallen: {why.text('nl')}"
               for (_, candidate), why in followed.dropped]
    active = msession.candidate_pins_by_function(carving, followed.pins)
    for anchor, candidate in followed.pins:
        home = msession.function_of_anchor(carving, anchor)
        holder = active.get(home.function_id) if home is not None else None
        if home is not None and holder is not None and holder != candidate:
            agreed.append(f"De afspraak met {candidate} geldt nu niet: {home.function_id} "
                          f"heeft al een afspraak met {holder}. Maak er een los.")
    if agreed:  # also on the Matching page, where the agreements are
        state["match_message"] = ("warning", " ".join(agreed))
    return carving, (*notes, *agreed)


def pin_notes(state: MutableMapping[str, Any]) -> str | None:
    """The Dutch notes about pins of the last carve, as one text (None when all held)."""
    notes = state.get("pin_notes") or ()
    return " ".join(notes) if notes else None


def set_lock(state: MutableMapping[str, Any], function_id: str, locked: bool) -> None:
    """Lock or unlock one function (no re-carve: only the flag changes)."""
    carving = state["carving"]
    group = carving.function(function_id).task_ids
    locks = [g for g in state["locks"] if frozenset(g) != frozenset(group)]
    if locked:
        locks.append(group)
    carving = msession.with_locks(carving, locks)
    state["carving"] = carving
    state["locks"] = tuple(f.task_ids for f in carving.functions if f.locked)
    done = "vastgezet" if locked else "losgelaten"
    state["carve_message"] = ("success", f"{function_id} is {done}.")


def unlock_all(state: MutableMapping[str, Any]) -> None:
    """Unlock every function."""
    if state["carving"] is not None:
        state["carving"] = msession.with_locks(state["carving"], ())
    state["locks"] = ()
    state["carve_message"] = ("success", "Alle functies zijn losgelaten.")


def move_task(state: MutableMapping[str, Any], task_id: str, target_id: str) -> bool:
    """Move a task into another function: the target is locked, the source unlocked.

    The carving is rebuilt from the new task groups (no re-carve of the other functions).
    Returns False, with a message in the state, when the target would have no workable
    week; nothing changes then.
    """
    carving = state["carving"]
    groups = msession.groups_of(carving)
    ids = [f.function_id for f in carving.functions]
    target = ids.index(target_id)
    source = next((f.function_id for f in carving.functions if task_id in f.task_ids), None)
    new_groups, new_locks = msession.move_task(groups, state["locks"], task_id, target)
    try:
        rebuilt = msession.rebuild(carving.inventory, carving.params, new_groups, new_locks,
                                   state["carve_scope_used"])
    except matcher.InputError as error:
        rules = rules_nl(error)
        state["carve_message"] = ("error", f"{task_id} past niet in {target_id}: {rules} "
                                           "Er is niets veranderd.")
        return False
    _set_carving(state, rebuilt, state["carve_scope_used"])
    new_id = next(f.function_id for f in rebuilt.functions if task_id in f.task_ids)
    where = f"uit {source}" if source else "uit de niet geplaatste taken"
    note = _release_anchor(state, groups, task_id) if source != target_id else ""
    if any(p[0] == task_id for p in state["task_pins"]):
        state["task_pins"] = msession.unpin_task(state["task_pins"], task_id)
        note += f" De pin van {task_id} is losgemaakt."
    state["carve_message"] = ("success", f"{task_id} is verplaatst {where} naar {new_id}; "
                                         f"{new_id} is nu vastgezet.{note}")
    return True


def pin_task(state: MutableMapping[str, Any], task_id: str, function_id: str) -> bool:
    """Pin a task to a function: it moves there (when elsewhere) and stays there after a
    re-carve; the function is not locked. Returns False, with a message, when that week
    would not work or the function has no other task; nothing changes then."""
    carving = state["carving"]
    function = carving.function(function_id)
    task = next((t for t in carving.inventory.tasks if t.task_id == task_id), None)
    if task is not None and not task.carvable:  # keep_pins would refuse it at the next carve
        why = render("pin.not_carvable", "nl", task=task_id)
        state["carve_message"] = ("error", f"{why[:1].upper()}{why[1:]} Zet de taak eerst op "
                                           "carveerbaar in Taken; er is niets veranderd.")
        return False
    try:
        anchor = msession.function_anchor(function, state["task_pins"], exclude=task_id)
    except ValueError:
        state["carve_message"] = ("error", f"{function_id} heeft geen andere taak om {task_id} "
                                           "aan vast te pinnen.")
        return False
    groups = msession.groups_of(carving)
    target = [f.function_id for f in carving.functions].index(function_id)
    new_groups, new_locks, _ = msession.pin_task(groups, state["locks"], state["task_pins"],
                                                 task_id, target, anchor)
    note = ""
    if new_groups != groups:
        try:
            carving = msession.rebuild(carving.inventory, carving.params, new_groups,
                                       new_locks, state["carve_scope_used"])
        except matcher.InputError as error:
            state["carve_message"] = ("error", f"{task_id} past niet in {function_id}: "
                                               f"{rules_nl(error)} Er is niets veranderd.")
            return False
        note = _release_anchor(state, groups, task_id)  # pins of its old function stay there
        _set_carving(state, carving, state["carve_scope_used"])
    state["task_pins"] = (*msession.unpin_task(state["task_pins"], task_id), (task_id, anchor))
    home = msession.function_of_anchor(carving, anchor)
    new_id = home.function_id if home is not None else function_id
    state["carve_message"] = ("success", f"{task_id} is vastgepind aan {new_id}: de taak blijft "
                                         f"bij opnieuw maken bij {anchor}. {new_id} is niet "
                                         f"vastgezet.{note}")
    return True


def _release_anchor(state: MutableMapping[str, Any], groups: Sequence[Sequence[str]],
                    task_id: str) -> str:
    """Before ``task_id`` leaves its function by hand: pins and agreed candidates anchored
    at it stay with that function (:func:`matcher.session.workflow.reanchor`). Returns a Dutch
    note on pins that had to go (empty when none)."""
    result = msession.reanchor(groups, state["task_pins"], state["candidate_pins"], task_id)
    state["task_pins"] = result.task_pins
    state["candidate_pins"] = result.candidate_pins
    note = ""
    why = render("pin.anchor_left", "nl")
    for task, _ in result.dropped_task_pins:
        note += f" De pin van {task} is losgemaakt: {why}"
    for _, candidate in result.dropped_candidate_pins:
        note += f" De afspraak met {candidate} is vervallen: {why}"
    return note


def unpin_task(state: MutableMapping[str, Any], task_id: str) -> None:
    """Remove the pin of a task (the task stays where it is until the next carve)."""
    state["task_pins"] = msession.unpin_task(state["task_pins"], task_id)
    state["carve_message"] = ("success", f"De pin van {task_id} is losgemaakt.")


def task_pins_table(carving: matcher.Carving | None, pins: Sequence[tuple[str, str]],
                    inventory: matcher.Inventory) -> pd.DataFrame:
    """Task pins for display: taak, omschrijving, vastgepind bij (anchor), functie nu."""
    owner = ({t: f.function_id for f in carving.functions for t in f.task_ids}
             if carving is not None else {})
    known = {t.task_id: t for t in inventory.tasks}
    rows = [{"taak": t,
             "omschrijving": _short(known[t].description, 50) if t in known else "onbekend",
             "vastgepind bij taak": a,
             "functie nu": owner.get(a, "geen functie"),
             "status": ("samen" if owner.get(t) is not None and owner.get(t) == owner.get(a)
                        else "niet samen")}
            for t, a in pins]
    return pd.DataFrame(rows, columns=["taak", "omschrijving", "vastgepind bij taak",
                                       "functie nu", "status"])


def pin_candidate(state: MutableMapping[str, Any], function_id: str, candidate_id: str
                  ) -> None:
    """Fix an agreed candidate on a function; the assignment keeps it and solves the rest.

    An earlier pin of the same function or the same candidate is replaced.
    """
    carving = state["carving"]
    function = carving.function(function_id)
    anchor = msession.function_anchor(function, state["task_pins"])
    kept = []
    for pin_anchor, pinned in state["candidate_pins"]:
        home = msession.function_of_anchor(carving, pin_anchor)
        if pinned == candidate_id or (home is not None and home.function_id == function_id):
            continue
        kept.append((pin_anchor, pinned))
    state["candidate_pins"] = (*kept, (anchor, candidate_id))
    state["match_message"] = ("success", f"{candidate_id} is vastgezet op {function_id}; de "
                                         "andere functies zijn opnieuw optimaal verdeeld.")


def unpin_candidate(state: MutableMapping[str, Any], candidate_id: str) -> None:
    """Remove the agreement with a candidate (also one that no longer holds)."""
    state["candidate_pins"] = tuple(p for p in state["candidate_pins"] if p[1] != candidate_id)
    state["match_message"] = ("success", f"De afspraak met {candidate_id} is losgemaakt.")


def candidate_pins_table(carving: matcher.Carving, pins: Sequence[tuple[str, str]],
                         pool: matcher.Pool | None) -> pd.DataFrame:
    """Candidate pins for display: functie, titel, kandidaat, status."""
    ids = set(pool.ids) if pool is not None else set()
    active = active_candidate_pins(carving, pins, pool)
    rows = []
    for anchor, candidate_id in pins:
        home = msession.function_of_anchor(carving, anchor)
        if home is None:
            status = f"vervallen: taak {anchor} zit in geen functie"
        elif candidate_id not in ids:
            status = "kandidaat niet geladen"
        elif active.get(home.function_id) != candidate_id:
            status = "vervallen: functie of kandidaat al vastgezet"
        else:
            status = "geldt"
        rows.append({"functie": home.function_id if home is not None else "–",
                     "titel": home.title if home is not None else "–",
                     "kandidaat": candidate_id, "status": status})
    return pd.DataFrame(rows, columns=["functie", "titel", "kandidaat", "status"])


def active_candidate_pins(carving: matcher.Carving, pins: Sequence[tuple[str, str]],
                          pool: matcher.Pool | None) -> dict[str, str]:
    """function_id -> candidate_id of the pins that hold (function exists, candidate loaded)."""
    ids = set(pool.ids) if pool is not None else set()
    return msession.candidate_pins_by_function(
        carving, [(a, c) for a, c in pins if c in ids])


def task_options(carving: matcher.Carving) -> dict[str, str]:
    """Every task for the move selector: id -> 'id – description (function)'."""
    owner = {t: f.function_id for f in carving.functions for t in f.task_ids}
    return {t.task_id: f"{t.task_id} – {_short(t.description, 50)} "
                       f"({owner.get(t.task_id, 'niet geplaatst')})"
            for t in carving.inventory.tasks}


def created_fta(carving: matcher.Carving) -> float:
    """fta of all functions of the carving (their hours / 25.5, two decimals)."""
    return mquota.total_fta(carving.functions)


# --------------------------------------------------------------------------------------
# Task editor

#: Editor columns: canonical name -> header (the template's Dutch header).
EDITOR_COLUMNS: dict[str, str] = {spec.name: dutch_header("tasks", spec) for spec in TASK_COLUMNS}
_AREA_FROM_NL = {label: area for area, label in AREA_LABELS_NL.items()}


def editor_frame(inventory: matcher.Inventory) -> pd.DataFrame:
    """The inventory as the task editor shows it: Dutch headers and values."""
    frame = inventory.to_frame()
    frame["area"] = [AREA_LABELS_NL.get(a, a) for a in frame["area"]]
    frame["carvable"] = [c == "yes" for c in frame["carvable"]]
    frame["hours_per_week"] = frame["hours_per_week"].astype(float)
    for column in ("level", "physical_load", "pupil_contact"):
        frame[column] = frame[column].astype("Int64")
    return frame.rename(columns=EDITOR_COLUMNS)


def reset_task_editor(state: MutableMapping[str, Any]) -> None:
    """Show the current inventory in the task editor again (drops unsaved edits)."""
    inventory = state["inventory"]
    state["tasks_base"] = editor_frame(inventory) if inventory is not None else None
    state["tasks_edited"] = None
    state["tasks_checked"] = None
    state["edit_problems"] = None
    state["tasks_version"] = int(state.get("tasks_version", 0)) + 1


def _cell_text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool | np.bool_):
        return "ja" if value else "nee"
    if isinstance(value, float | np.floating):
        return f"{float(value):g}"
    return str(value)


def check_edited_tasks(frame: pd.DataFrame, sites: matcher.Sites
                       ) -> matcher.Inventory | pd.DataFrame:
    """Validate an edited task table through the loader; return the inventory or the problems.

    Problems come as a table with columns rij (the row in the editor, 1 = first task),
    kolom, probleem and waarde.
    """
    text = frame.map(_cell_text)
    data = text.to_csv(index=False).encode("utf-8")
    try:
        return matcher.load_tasks(data, sites=sites, name="takentabel")
    except matcher.InputError as error:
        raw = error.to_frame("nl")
        raw["rij"] = [int(r) - 1 if pd.notna(r) else None for r in raw["rij"]]
        return raw[["rij", "kolom", "probleem", "waarde"]]


def apply_edit(state: MutableMapping[str, Any], edited: pd.DataFrame) -> str:
    """Take an edited task table: re-validate, and on success replace the inventory.

    Returns ``"same"`` (nothing new to check), ``"ok"`` (inventory replaced; the carving
    is dropped and the locks kept) or ``"problems"`` (the edit stays in the editor and
    ``edit_problems`` holds the table).
    """
    state["tasks_edited"] = edited
    checked = state["tasks_checked"]
    if checked is not None and checked.equals(edited):
        return "same"
    if checked is None and state["tasks_base"] is not None and state["tasks_base"].equals(
            edited):
        return "same"
    state["tasks_checked"] = edited
    inventory = state["inventory"]
    result = check_edited_tasks(edited, inventory.sites)
    if isinstance(result, pd.DataFrame):
        state["edit_problems"] = result
        return "problems"
    state["edit_problems"] = None
    before = inventory.to_frame()
    if result.to_frame().equals(before):
        return "same"
    state["inventory"] = matcher.Inventory(result.tasks, result.sites, inventory.source,
                                           inventory.warnings)
    if state["carving"] is not None:
        state["carving_before"] = state["carving"]  # agreed candidates follow its functions
        state["carving"] = None
        state["tasks_changed"] = True
    state["match_cache"] = None
    return "ok"


# --------------------------------------------------------------------------------------
# Candidates: PC4 map and filters

def pc4_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Candidates per PC4 area at that area's centre, never at a finer point.

    A profile given with coordinates instead of a pc4 is counted at the nearest PC4 centre.
    Columns: pc4, plaats, lat, lon, kandidaten, size (circle radius in metres, growing with
    the square root of the count). Profiles with an unknown location are left out.
    """
    table = pc4_table()
    codes: list[str] = []
    for pc4, lat, lon in zip(frame["pc4"], frame["lat"], frame["lon"], strict=True):
        if isinstance(pc4, str) and pc4 in table.index:
            codes.append(pc4)
        elif pd.notna(lat) and pd.notna(lon):
            km = haversine_km(float(lat), float(lon), table["lat"].to_numpy(float),
                              table["lon"].to_numpy(float))
            codes.append(str(table.index[int(np.argmin(km))]))
    if not codes:
        return pd.DataFrame(columns=["pc4", "plaats", "lat", "lon", "kandidaten", "size"])
    counts = pd.Series(codes).value_counts().sort_index()
    out = pd.DataFrame({
        "pc4": counts.index,
        "plaats": [str(table.at[c, "place"]) if "place" in table.columns else ""
                   for c in counts.index],
        "lat": table.loc[counts.index, "lat"].to_numpy(float),
        "lon": table.loc[counts.index, "lon"].to_numpy(float),
        "kandidaten": counts.to_numpy(int),
    })
    out["size"] = 250 + 350 * np.sqrt(out["kandidaten"])
    return out.sort_values(["kandidaten", "pc4"], ascending=[False, True]).reset_index(drop=True)


EDUCATION_ORDER = ("geen", "pro", "vso", "entree", "mbo-1", "vmbo", "mbo-2", "mbo-3", "mbo-4",
                   "havo", "vwo", "hbo", "wo", "onbekend")


def education_options(pool: matcher.Pool) -> list[str]:
    """Education values present in the pool, in a sensible order."""
    present = {str(e) if isinstance(e, str) and e else "onbekend"
               for e in pool.frame["education"]}
    return [e for e in EDUCATION_ORDER if e in present] + sorted(present -
                                                                   set(EDUCATION_ORDER))


def filter_pool(pool: matcher.Pool, sites: matcher.Sites | None, site: str | None,
                max_km: float, hours: tuple[float, float], educations: Sequence[str],
                days: Sequence[int], include_unknown: bool = True) -> pd.DataFrame:
    """Profiles that pass the filters, with the approximate distance to ``site`` (km).

    Like the Kandidatenverkenner, but unknown is unknown: with ``include_unknown`` a
    profile whose field is unknown passes that filter (and the table says onbekend);
    without it, only known matches pass. Filters: straight-line distance from the site
    (PC4 precision) at most ``max_km``; hours a week wanted overlapping ``hours``;
    education among ``educations`` (empty = any); available on every day in ``days``.
    """
    f = pool.frame
    keep = np.ones(len(f), dtype=bool)
    distance = np.full(len(f), np.nan)
    if site and sites is not None and site in sites.ids:
        row = sites.frame[sites.frame["site"] == site].iloc[0]
        if pd.notna(row["lat"]):
            distance = haversine_km(float(row["lat"]), float(row["lon"]),
                                    f["lat"].to_numpy(float), f["lon"].to_numpy(float))
            known = ~np.isnan(distance)
            keep &= np.where(known, distance <= max_km, include_unknown)
    low, high = hours
    hmin = f["hours_per_week_min"].to_numpy(float)
    hmax = f["hours_per_week_max"].to_numpy(float)
    unknown_hours = np.isnan(hmin) & np.isnan(hmax)
    fits = (np.nan_to_num(hmin, nan=0.0) <= high) & (np.nan_to_num(hmax, nan=40.0) >= low)
    keep &= np.where(unknown_hours, include_unknown, fits)
    if educations:
        education = [str(e) if isinstance(e, str) and e else "onbekend" for e in f["education"]]
        wanted = set(educations)
        keep &= np.array([e in wanted or (e == "onbekend" and include_unknown)
                          for e in education])
    if days:
        need = set(days)
        keep &= np.array([include_unknown if not isinstance(d, tuple) else need <= set(d)
                          for d in f["days_available"]])
    out = f[keep].copy()
    out["distance_km"] = np.round(distance[keep], 1)
    return out


# --------------------------------------------------------------------------------------
# Matching (memoised per user in the session state)


def weights_from_state(state: MutableMapping[str, Any]) -> matcher.Weights:
    """Weights from the slider values and the options of a loaded TOML file.

    Raises :class:`matcher.InputError` when invalid (e.g. every weight 0).
    """
    values: dict[str, Any] = {c: float(state[f"w_{c}"]) for c in matcher.COMPONENTS}
    return matcher.Weights(**values, **state.get("weight_options", {}))


def apply_weights(state: MutableMapping[str, Any], weights: matcher.Weights) -> bool:
    """Put loaded weights into the sliders (0-1) and keep their options.

    Weights above 1 are scaled down together (only their ratios matter); returns whether
    that happened.
    """
    top = max(float(getattr(weights, c)) for c in matcher.COMPONENTS)
    scale = top if top > 1 else 1.0
    for c in matcher.COMPONENTS:
        state[f"w_{c}"] = round(float(getattr(weights, c)) / scale, 2)
    state["weight_options"] = {"unknown_value": weights.unknown_value,
                               "reference_km": weights.reference_km,
                               "level_tolerance": weights.level_tolerance}
    return scale > 1


def load_weights_file(state: MutableMapping[str, Any], data: bytes, name: str) -> None:
    """Load an uploaded weights TOML into the sliders; problems go to ``weights_message``."""
    try:
        weights = matcher.Weights.from_toml_text(data, name)
    except matcher.InputError as error:
        state["weights_message"] = ("error", error.to_frame("nl"))
        return
    scaled = apply_weights(state, weights)
    note = (" De gewichten zijn samen geschaald naar 0-1; alleen de verhouding telt."
            if scaled else "")
    state["weights_message"] = ("success", f"Gewichten geladen uit {name}.{note}")


@dataclass(frozen=True)
class MatchResult:
    """Scores, the optimal assignment and the shortlists of one carving, pool and weights."""

    scores: matcher.PairScores
    assignment: matcher.Assignment
    shortlist: pd.DataFrame
    seconds: float


def match_results(state: MutableMapping[str, Any], weights: matcher.Weights) -> MatchResult:
    """Score, assign and shortlist; recomputed only when carving, pool, weights or goal change."""
    carving, pool, objective = state["carving"], state["pool"], state["objective"]
    pins = active_candidate_pins(carving, state.get("candidate_pins", ()), pool)
    key = (id(carving), id(pool), weights, objective, tuple(sorted(pins.items())))
    cached = state.get("match_cache")
    if cached is not None and cached[0] == key:
        return cached[1]
    start = time.perf_counter()
    score_key = key[:3]
    scored = state.get("score_cache")
    if scored is not None and scored[0] == score_key:
        scores = scored[1]
    else:
        scores = matcher.score_pairs(carving.functions, pool, carving.inventory.sites, weights)
        state["score_cache"] = (score_key, scores)
    assignment = msession.assign_with_pins(scores, objective, pins)
    short = matcher.shortlist(scores, top=10, assignment=assignment, explain=True)
    result = MatchResult(scores, assignment, short, time.perf_counter() - start)
    state["match_cache"] = (key, result)
    return result


# --------------------------------------------------------------------------------------
# Rapport: quota, downloads, session file


def quota_params(state: MutableMapping[str, Any]) -> QuotaParameters:
    """The quotum parameters from the form (raises InputError when invalid)."""
    return QuotaParameters(
        year=int(state["q_year"]), percentage=float(state["q_percentage"]),
        levy_per_job=float(state["q_levy"]), source=str(state["q_source"]),
        date=str(state["q_date"]), levy_source=str(state["q_levy_source"]),
        levy_confirmed=bool(state["q_levy_confirmed"]), threshold=DEFAULT_QUOTA.threshold,
    )


#: The quotum form's Dutch labels by the field names its problems use.
QUOTA_FIELDS_NL: dict[str, str] = {
    "year": "Jaar", "percentage": "Quotumpercentage", "levy_per_job": "Heffing per "
    "ontbrekende baan", "source": "Bron van het percentage", "date": "Datum van de bron",
    "levy_source": "Bron van het heffingsbedrag", "threshold": "Drempel",
    "employees": "Aantal werknemers", "hours_per_week": "Betaalde uren per week",
    "realised_jobs": "Al gerealiseerde banen", "basis": "Drempel",
}


def quota_problems_nl(error: matcher.InputError) -> str:
    """The problems of the quotum form in Dutch, each after its field's label."""
    return sentences(f"{QUOTA_FIELDS_NL.get(p.column, p.column)}: {p.message('nl')}"
                     for p in error.problems)


def quota_result(state: MutableMapping[str, Any]) -> mquota.QuotaResult:
    """The quotum calculator's result (raises InputError when an input is invalid)."""
    realised = float(state["q_realised"])
    if state["q_count_created"] and state["carving"] is not None:
        realised += created_fta(state["carving"])
    return mquota.quota(int(state["q_employees"]), float(state["q_hours"]), realised,
                               quota_params(state), state["q_basis"])


def _target_columns(out: pd.DataFrame, target: pd.Series, share: pd.Series) -> pd.DataFrame:
    """Add 'doel (fta)' and '% van doel' as text ('–' where no target is set)."""
    out["doel (fta)"] = ["–" if pd.isna(t) else nl_number(float(t), 2) for t in target]
    out["% van doel"] = ["–" if pd.isna(v) else f"{v:.0%}" for v in share]
    return out


def site_table(carving: matcher.Carving, targets: dict[str, float]) -> pd.DataFrame:
    """fta per site with Dutch headers (and the target and share where one is set)."""
    frame = mquota.jobs_by_site(carving.functions, carving.inventory.sites, targets)
    out = pd.DataFrame({
        "locatie": frame["name"], "bestuur": frame["board"].replace("", "onbekend"),
        "functies": frame["functions"], "uren per week": frame["hours_per_week"],
        "fta": frame["fta"],
    })
    return _target_columns(out, frame["target"], frame["share"])


def board_table(carving: matcher.Carving, target: float | None) -> pd.DataFrame:
    """fta per board with Dutch headers, against the board target."""
    frame = mquota.jobs_by_board(carving.functions, carving.inventory.sites, target or 0.0)
    out = pd.DataFrame({
        "bestuur": frame["board"].replace("", "onbekend"), "locaties": frame["sites"],
        "functies": frame["functions"], "uren per week": frame["hours_per_week"],
        "fta": frame["fta"],
    })
    return _target_columns(out, frame["target"], frame["share"])


def _csv_bytes(frame: pd.DataFrame) -> bytes:
    """A frame as formula-safe CSV bytes (UTF-8 with BOM), through matcher.inputs.read.write_csv."""
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(frame, Path(folder) / "export.csv", sep=";")
        return path.read_bytes()


def wsp_shortlist_csv(carving: matcher.Carving, short: pd.DataFrame,
                      pool: matcher.Pool | None = None, k: int = 5) -> bytes:
    """The shortlist for the WSP: pseudonymous ids and scores, small-group checked.

    With the pool, ``matcher.outputs.privacy.k_anonymise`` adds postcode, level and hours,
    coarsened until every combination is shared by at least ``k`` candidates, and drops
    the explanation text (it describes the profile too precisely); each row says how it
    was coarsened in ``generalised``.
    """
    titles = {f.function_id: f.title for f in carving.functions}
    columns = ["function_id", "rank", "candidate_id", "score", "confidence",
               *matcher.COMPONENTS, "assigned", "explanation"]
    out = short[columns].copy()
    if pool is not None:
        from matcher.outputs.privacy import k_anonymise

        out, _ = k_anonymise(out, pool.frame, k=k)
    out.insert(1, "title", [titles[f] for f in out["function_id"]])
    out["score"] = out["score"].round(3)
    out["confidence"] = out["confidence"].round(2)
    for c in matcher.COMPONENTS:
        out[c] = out[c].round(3)
    out["assigned"] = ["ja" if a else "nee" for a in out["assigned"]]
    return _csv_bytes(out)


def profiles_xlsx(carving: matcher.Carving) -> bytes:
    """Function profiles as an Excel workbook."""
    from matcher.outputs import profiles as profiles

    return profiles.profiles_xlsx(carving)


def profiles_markdown(carving: matcher.Carving) -> str:
    """Function profiles as Markdown."""
    from matcher.outputs import profiles as profiles

    return profiles.profiles_markdown(carving)


def current_session(state: MutableMapping[str, Any]) -> msession.Session:
    """The session as it stands, for the session file."""
    carving = state["carving"]
    groups = msession.groups_of(carving) if carving is not None else ()
    try:
        params = carving.params if carving is not None else carve_params(state)
    except ValueError:
        params = matcher.CarveParams()
    try:
        weights = weights_from_state(state)
    except matcher.InputError:
        weights = matcher.Weights()
    try:
        qparams = quota_params(state)
    except matcher.InputError:
        qparams = DEFAULT_QUOTA
    return msession.Session(
        inventory=state["inventory"], pool=state["pool"], params=params,
        scope=state["carve_scope_used"] if carving is not None else state["carve_scope"],
        groups=groups, locks=ordered_locks(carving, state["locks"]), weights=weights,
        objective=state["objective"], fta_target=float(state["fta_target"]),
        site_targets=dict(state["site_targets"]), quota=qparams,
        quota_inputs={"employees": int(state["q_employees"]), "hours_per_week":
                      float(state["q_hours"]), "realised_jobs": float(state["q_realised"]),
                      "count_created": bool(state["q_count_created"]),
                      "basis": state["q_basis"]},
        source=state["source"], task_pins=tuple(state["task_pins"]),
        candidate_pins=tuple(state["candidate_pins"]),
    )


def open_session(state: MutableMapping[str, Any], data: bytes, name: str) -> list[str]:
    """Reopen a session file; returns notes for the user.

    Problems in the file land in ``load_problems`` (nothing changes then). When a saved
    function no longer has a workable week, the inventory is still loaded and the notes
    say the functions must be made again.
    """
    try:
        session = msession.load_session(data, name)
    except matcher.InputError as error:
        state["load_problems"] = error.to_frame("nl")
        state["load_warnings"] = ()
        return []
    pool = session.pool
    notes = []
    if pool is None:
        if state["use_demo_candidates"]:
            pool = demo_pool()
            notes.append("Het sessiebestand heeft geen kandidaten: de demokandidaten zijn "
                         "geladen.")
        else:
            notes.append("Het sessiebestand heeft geen kandidaten. Voor matching: kies onder "
                         "'Eigen bestanden' alleen een kandidatenbestand (of vink de "
                         "demokandidaten aan) en klik 'Bestanden laden'; de taken en functies "
                         "blijven dan staan.")
    source = session.source or name
    set_loaded(state, Loaded(session.inventory, pool, session.inventory.warnings,
                             f"sessie {name} ({source})"))
    apply_weights(state, session.weights)
    state["task_pins"] = session.task_pins
    state["candidate_pins"] = session.candidate_pins
    if session.pool is None and pool is not None and session.candidate_pins:
        # the agreements name people of the team's own candidates file, not demo people
        state["candidate_pins"] = ()
        notes.append(f"{len(session.candidate_pins)} afspra"
                     f"{'ak' if len(session.candidate_pins) == 1 else 'ken'} met kandidaten "
                     "niet hersteld: die gelden voor het eigen kandidatenbestand, niet voor de "
                     "demokandidaten. Zet ze opnieuw vast na het laden van dat bestand.")
    state["objective"] = session.objective
    state["fta_target"] = session.fta_target if session.fta_target is not None else 1.0
    state["site_targets"] = dict(session.site_targets)
    p = session.params
    state.update({"carve_target": float(p.target_hours), "carve_min": float(p.min_hours),
                  "carve_max": float(p.max_hours), "carve_max_areas": int(p.max_areas),
                  "carve_max_sites": int(p.max_sites), "carve_scope": session.scope})
    fast = getattr(p, "method", "heuristic") == "heuristic" and getattr(p, "lns_rounds", 0) == 0
    state["carve_method"] = "fast" if fast else "thorough"
    q = session.quota
    state.update({"q_year": q.year, "q_percentage": q.percentage, "q_levy": q.levy_per_job,
                  "q_source": q.source, "q_date": q.date, "q_levy_source": q.levy_source,
                  "q_levy_confirmed": q.levy_confirmed})
    inputs = session.quota_inputs
    for key, name_ in (("employees", "q_employees"), ("hours_per_week", "q_hours"),
                       ("realised_jobs", "q_realised"), ("count_created", "q_count_created"),
                       ("basis", "q_basis")):
        if key in inputs:
            state[name_] = inputs[key]
    if session.groups:
        try:
            carving = msession.rebuild(session.inventory, session.params, session.groups,
                                       session.locks, session.scope)
        except matcher.InputError as error:
            state["locks"] = session.locks
            notes.append("De opgeslagen functies passen niet meer: "
                         + rules_nl(error)
                         + " Maak de functies opnieuw op de pagina Functies.")
        else:
            _set_carving(state, carving, session.scope)
            notes.append(f"{len(carving.functions)} functies hersteld, waarvan "
                         f"{sum(f.locked for f in carving.functions)} vastgezet.")
    restored = state["candidate_pins"]
    if session.task_pins or restored:
        notes.append(f"{len(session.task_pins)} vastgepinde ta"
                     f"{'ak' if len(session.task_pins) == 1 else 'ken'} en "
                     f"{len(restored)} afgesproken kandida"
                     f"{'at' if len(restored) == 1 else 'ten'} hersteld.")
    return notes


# --------------------------------------------------------------------------------------
# Formatting


SCALE_NL: dict[int, str] = {0: "laag", 1: "middel", 2: "hoog"}

COVERAGE_LABELS_NL: dict[str, str] = {
    "location": "woonplaats (pc4)",
    "max_travel_km": "maximale reisafstand",
    "independent_travel": "zelfstandig reizen",
    "hours_per_week": "uren per week",
    "hours_per_day_max": "maximaal uren per dag",
    "days_available": "beschikbare dagen",
    "education": "opleiding",
    "preferred_areas": "voorkeursgebieden",
    "physical_capacity": "fysieke belastbaarheid",
    "pupil_contact_ok": "leerlingcontact",
}


def nl_number(value: float, digits: int = 1) -> str:
    """A number with a decimal comma: ``25,5``."""
    return f"{value:.{digits}f}".replace(".", ",")


def fta(hours: float) -> float:
    """Jobs (fta) of a number of hours a week, two decimals."""
    return round(hours / FTA_HOURS, 2)


def sentences(texts: Iterable[str]) -> str:
    """Texts joined with semicolons into one sentence ending in a full stop."""
    return "; ".join(t.rstrip(". ") for t in texts) + "."


def rules_nl(error: matcher.InputError) -> str:
    """The rules of an error's problems in Dutch, joined with semicolons."""
    return sentences(p.message("nl") for p in error.problems)


def warnings_nl(warnings: Sequence[str]) -> tuple[str, ...]:
    """The loaders' warnings in Dutch (text the catalogue does not know stays as it is)."""
    return tuple(translate(w, "nl") for w in warnings)


def area_nl(areas: tuple[str, ...] | list[str] | None) -> str:
    """Dutch labels of areas, joined with commas (empty for none)."""
    return ", ".join(AREA_LABELS_NL.get(a, a) for a in areas or ())


def level_nl(level: int) -> str:
    """Level with its Dutch name: ``2 (eenvoudig)``."""
    return f"{level} ({LEVEL_NAMES_NL.get(level, '?')})"


def site_names(inventory: matcher.Inventory, sites: tuple[str, ...] | list[str]) -> str:
    """Readable names of site ids, joined with commas."""
    return ", ".join(inventory.sites.name(s) for s in sites)


def tasks_table(inventory: matcher.Inventory) -> pd.DataFrame:
    """The inventory with Dutch headers and values."""
    rows = [
        {
            "taak": t.task_id,
            "omschrijving": t.description,
            "gebied": AREA_LABELS_NL.get(t.area, t.area),
            "uren per week": t.hours,
            "niveau": level_nl(t.level),
            "locatie": inventory.sites.name(t.site),
            "tijd": t.when,
            "fysieke belasting": SCALE_NL.get(t.physical_load, str(t.physical_load)),
            "leerlingcontact": SCALE_NL.get(t.pupil_contact, str(t.pupil_contact)),
            "huidige uitvoerder": t.current_role or "onbekend",
            "carveerbaar": "ja" if t.carvable else "nee",
        }
        for t in inventory.tasks
    ]
    return pd.DataFrame(rows)


def totals(inventory: matcher.Inventory, by: str) -> pd.DataFrame:
    """Hours a week and fta per ``gebied``, ``huidige uitvoerder`` or ``locatie``."""
    table = tasks_table(inventory)
    out = (table.groupby(by, sort=False)["uren per week"].agg(["count", "sum"])
           .rename(columns={"count": "taken", "sum": "uren per week"})
           .sort_values("uren per week", ascending=False).reset_index())
    out["uren per week"] = out["uren per week"].round(2)
    out["fta"] = [fta(h) for h in out["uren per week"]]
    return out


def function_tasks_table(function: matcher.Function, inventory: matcher.Inventory
                         ) -> pd.DataFrame:
    """The tasks of one function: id, omschrijving, gebied, uren, tijd, locatie."""
    return pd.DataFrame([
        {"taak": t.task_id, "omschrijving": t.description,
         "gebied": AREA_LABELS_NL.get(t.area, t.area), "uren per week": t.hours,
         "tijd": t.when, "locatie": inventory.sites.name(t.site)}
        for t in function.tasks
    ])


def week_grid(function: matcher.Function, inventory: matcher.Inventory) -> pd.DataFrame:
    """The function's week: one row per school day with its time blocks as text.

    A block reads ``08:30-10:00 VO-001 kopieerwerk voor docenten``. When the function works
    at more than one site, the site name goes before the first block of the day and before
    every block where the site changes (the gap before it is travel time). Days without
    work say so in words.
    """
    names = {t.task_id: t.description for t in function.tasks}
    several_sites = len(function.sites) > 1
    work = function.schedule.minutes_per_day()
    rows = []
    for day in WORK_DAYS:
        blocks = [b for b in function.schedule.blocks if b.day == day]
        texts = []
        site = None
        for b in blocks:
            text = ""
            if several_sites and b.site != site:
                text = f"{inventory.sites.name(b.site)}: "
                site = b.site
            text += f"{format_time(b.start)}-{format_time(b.end)} {b.task_id} "
            text += _short(names.get(b.task_id, ""))
            if b.fixed:
                text += " [vaste tijd]"
            texts.append(text)
        rows.append({
            "dag": DAY_NAMES_NL[day],
            "uren": nl_number(work.get(day, 0) / 60),
            "blokken": " · ".join(texts) if texts else "geen werk",
        })
    return pd.DataFrame(rows)


def _short(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def unplaced_table(carving: matcher.Carving) -> pd.DataFrame:
    """Tasks that are in no function, with the Dutch reason."""
    allocation = carving.allocation
    left = allocation[allocation["function_id"] == ""]
    rows = []
    for _, row in left.iterrows():
        task = carving.inventory.task(str(row["task_id"]))
        rows.append({"taak": task.task_id, "omschrijving": task.description,
                     "gebied": AREA_LABELS_NL.get(task.area, task.area),
                     "uren per week": task.hours, "reden": row["reason"]})
    return pd.DataFrame(rows, columns=["taak", "omschrijving", "gebied", "uren per week",
                                       "reden"])


def coverage_table(pool: matcher.Pool) -> pd.DataFrame:
    """Per profile field how many profiles have it known, with Dutch labels."""
    cov = pool.coverage()
    return pd.DataFrame({
        "veld": [COVERAGE_LABELS_NL.get(f, f) for f in cov["field"]],
        "bekend": cov["known"].astype(int),
        "onbekend": cov["unknown"].astype(int),
        "% bekend": (cov["share_known"] * 100).round(1),
    })


def _yes_no(value: float) -> str:
    if pd.isna(value):
        return "onbekend"
    return "ja" if value else "nee"


def unknown_or(value: Any, digits: int = 1) -> str:
    """A number as Dutch text, or 'onbekend' when it is unknown (never an empty cell)."""
    if value is None or pd.isna(value):
        return "onbekend"
    text = nl_number(float(value), digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _known(value: Any, render: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "onbekend"
    return str(render(value))


def profiles_table(pool: matcher.Pool) -> pd.DataFrame:
    """Candidate profiles with Dutch headers; numbers stay numbers (empty = unknown)."""
    return profiles_table_frame(pool.frame)


def profiles_table_frame(f: pd.DataFrame) -> pd.DataFrame:
    """Profiles of a pool frame with Dutch headers (with the distance when it was computed)."""
    out = pd.DataFrame({
        "kandidaat": f["candidate_id"],
        "pc4": [p or "onbekend" for p in f["pc4"]],
    })
    if "distance_km" in f.columns:
        out["afstand (km, benaderd)"] = [unknown_or(v) for v in f["distance_km"]]
    out = out.assign(**{
        "max. reisafstand (km)": [unknown_or(v) for v in f["max_travel_km"]],
        "zelfstandig reizen": [_yes_no(v) for v in f["independent_travel"]],
        "min. uren per week": [unknown_or(v) for v in f["hours_per_week_min"]],
        "max. uren per week": [unknown_or(v) for v in f["hours_per_week_max"]],
        "max. uren per dag": [unknown_or(v) for v in f["hours_per_day_max"]],
        "beschikbare dagen": [_known(d, format_days) for d in f["days_available"]],
        "opleiding": [e if isinstance(e, str) and e else "onbekend" for e in f["education"]],
        "voorkeursgebieden": [_known(a, area_nl) for a in f["preferred_areas"]],
        "fysieke belastbaarheid": [_known(v, lambda x: SCALE_NL[int(x)])
                                   for v in f["physical_capacity"]],
        "leerlingcontact": [_known(v, lambda x: SCALE_NL[int(x)])
                            for v in f["pupil_contact_ok"]],
    })
    return out.reset_index(drop=True)


def component_labels() -> dict[str, str]:
    """Dutch names of the six score components, in :data:`matcher.COMPONENTS` order."""
    return {c: COMPONENT_LABELS_NL[c] for c in matcher.COMPONENTS}


def assignment_table(assignment: matcher.Assignment, carving: matcher.Carving) -> pd.DataFrame:
    """The chosen pairs: functie, titel, kandidaat, score."""
    titles = {f.function_id: f.title for f in carving.functions}
    pairs = assignment.pairs
    pinned = pairs["pinned"] if "pinned" in pairs.columns else [False] * len(pairs)
    return pd.DataFrame({
        "functie": pairs["function_id"],
        "titel": [titles[f] for f in pairs["function_id"]],
        "kandidaat": pairs["candidate_id"],
        "score": pairs["score"].round(3),
        "afgesproken": ["ja" if p else "nee" for p in pinned],
    })


def shortlist_table(short: pd.DataFrame) -> pd.DataFrame:
    """One function's shortlist with Dutch headers (empty component = unknown)."""
    labels = component_labels()
    out = pd.DataFrame({
        "rang": short["rank"],
        "kandidaat": short["candidate_id"],
        "score": short["score"].round(3),
        "zekerheid": short["confidence"].round(2),
    })
    for c, label in labels.items():
        out[label] = [unknown_or(v, 2) for v in short[c]]
    out["toegewezen"] = ["ja" if a else "nee" for a in short["assigned"]]
    out["uitleg"] = short["explanation"]
    return out.reset_index(drop=True)


def components_chart(row: pd.Series, weights: matcher.Weights) -> pd.DataFrame:
    """Component values of one pair for a bar chart; unknown ones count as ``unknown_value``.

    Unknown components are named so in the label, so the chart does not rely on colour.
    """
    values = {}
    for c, label in component_labels().items():
        value = row[c]
        if pd.isna(value):
            values[f"{label} (onbekend)"] = float(weights.unknown_value)
        else:
            values[label] = float(value)
    return pd.DataFrame({"waarde": list(values.values())}, index=list(values.keys()))
