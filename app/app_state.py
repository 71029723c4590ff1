"""Session-state plumbing of the Streamlit app: the session state <-> a matcher Workspace.

Plain Python without Streamlit calls, so the tests call it directly. The functiecreatie
workflow (carving with locks and pins, agreements, matching, the session file) lives in
:class:`matcher.session.Workspace`; this module builds a workspace from the session state
(:func:`workspace`), runs one of its actions and writes the result back (:func:`store`)
with the action's notes in Dutch. It also loads inputs (demo, uploads, a session file;
all problems at once) and turns the forms into settings. Tables with Dutch headers are in
``app_tables``. Per-user results live in the session state only, never in a shared cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

import matcher
from app_tables import check_edited_tasks, created_fta, editor_frame, warnings_nl
from matcher import quota as mquota
from matcher.carving import Relaxation, needs_relaxing, relaxations
from matcher.quota import DEFAULT_QUOTA, QuotaParameters
from matcher.session import (
    CarveScope,
    MatchResult,
    Outcome,
    Session,
    Workspace,
    dump_session,
    slider_weights,
)
from matcher.store import RegionStore, SessionStore, StaleWrite

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
#: Example payroll figures for the quotum calculator per demo (clearly examples).
DEMO_PAYROLL: dict[str, tuple[int, float]] = {"vo": (180, 4000.0), "po": (95, 2000.0)}

_DEFAULT_WEIGHTS = matcher.Weights()
_DEFAULT_CARVE = matcher.CarveParams()
_DEFAULT_WEEK = _DEFAULT_CARVE.schedule


def _clock(minutes: int) -> dt.time:
    """Minutes after midnight as a time of day (the app's time inputs)."""
    return dt.time(minutes // 60, minutes % 60)


def _minutes(value: Any) -> int:
    """A time of day (or minutes) as minutes after midnight."""
    if isinstance(value, dt.time):
        return value.hour * 60 + value.minute
    return int(value)

#: Widget keys whose value must survive a page switch, with their defaults. Streamlit drops
#: the state of widgets that are not on the current page; the entrypoint writes these keys
#: back on every run so that the choices made on one page are still there on return.
WIDGET_DEFAULTS: dict[str, Any] = {
    "demo_choice": "vo",
    "region_kind": "eigen",
    "use_demo_candidates": False,
    "carve_target": float(_DEFAULT_CARVE.target_hours),
    "carve_min": float(_DEFAULT_CARVE.min_hours),
    "carve_max": float(_DEFAULT_CARVE.max_hours),
    "carve_max_areas": int(_DEFAULT_CARVE.max_areas),
    "carve_max_sites": int(_DEFAULT_CARVE.max_sites),
    "carve_open_from": _clock(_DEFAULT_WEEK.day_start),
    "carve_open_until": _clock(_DEFAULT_WEEK.day_end),
    "carve_pupils_from": _clock(_DEFAULT_WEEK.pupil_start),
    "carve_pupils_until": _clock(_DEFAULT_WEEK.pupil_end),
    "carve_site_changes": int(_DEFAULT_WEEK.max_site_changes),
    "carve_min_piece": int(_DEFAULT_WEEK.min_piece),
    "carve_min_day": float(_DEFAULT_WEEK.min_day_hours),
    "carve_max_idle": int(_DEFAULT_WEEK.max_idle_per_day),
    "carve_start_spread": int(_DEFAULT_WEEK.max_start_spread),
    "carve_split_days": bool(_DEFAULT_CARVE.split_days),
    "carve_level_spread": int(_DEFAULT_CARVE.max_level_spread),
    "carve_scope": "board",
    "carve_method": "fast",
    "fta_target": 0.0,  # no target unless the user enters one (a demo sets its own)
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
    "q_count_created": False,
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
    "weights_base": None,  # matcher.Weights loaded exactly (from a TOML or a session file)
    "weights_scale": 1.0,  # the sliders show weights_base divided by this
    "weights_message": None,
    "match_cache": None,  # (key, MatchResult) of this user
    "score_cache": None,  # (key, PairScores): scores do not change with the goal or pins
    "task_pins": (),  # (task id, anchor task id): the task stays with the anchor's function
    "candidate_pins": (),  # (anchor task id, candidate id): agreed pairs
    "match_message": None,  # (kind, text) after pinning a candidate
    "pin_notes": (),  # Dutch notes on pins the last carve could not keep or had to move
    "carving_before": None,  # the carving dropped by a task edit: pins follow its functions
    "around_label": None,  # the variant chosen by carving around the pool
    "site_targets": {},  # site -> fta target
    "relaxations": [],  # matcher.carving.Relaxation: what looser rules would give
    "carving_version": 0,  # bumped whenever the carving changes (keys of the forms on it)
    "session_key": None,  # the key of this session in the store (in the address too)
    "region_school": None,  # {"path", "school", "version"}: opened from a region workspace
    "region_fingerprint": None,  # what the region holds of this session, last saved
    "region_message": None,  # (kind, text) after saving to the region (a refused write)
    "stale_ids": frozenset(),  # candidates the region last confirmed > 6 months ago
    "saved_fingerprint": None,  # what the store holds of this session, last saved
    "restore_tried": False,  # the address's session key was looked up
    "restore_message": None,  # (kind, text) after restoring a session
    "saved_at": None,  # "HH:MM" of the last automatic save
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


#: The scopes the carving form offers.
_SCOPES: dict[str, CarveScope] = {"board": "board", "site": "site", "around": "around"}


#: Session-state key -> Workspace attribute, for what the workspace's actions change.
_WORKSPACE_KEYS: dict[str, str] = {
    "inventory": "inventory", "pool": "pool", "carving": "carving",
    "carve_scope_used": "scope", "locks": "locks", "task_pins": "task_pins",
    "candidate_pins": "candidate_pins", "carving_before": "carving_before",
    "around_label": "around_label", "carve_seconds": "seconds",
}


def workspace(state: Mapping[str, Any]) -> Workspace:
    """The session state as a :class:`matcher.session.Workspace` (forms that do not
    validate give the library's defaults)."""
    carving = state.get("carving")
    try:
        params = carving.params if carving is not None else carve_params(state)
    except matcher.ParamError:  # the form shows its problems itself
        params = matcher.CarveParams()
    try:
        weights = weights_from_state(state)
    except matcher.InputError:
        weights = matcher.Weights()
    try:
        qparams = quota_params(state)
    except matcher.InputError:
        qparams = DEFAULT_QUOTA
    scope = _SCOPES.get(state.get("carve_scope_used" if carving is not None else "carve_scope",
                                  "board"), "board")
    return Workspace(
        inventory=state.get("inventory"), pool=state.get("pool"), params=params, scope=scope,
        solver=solver_params(state), carving=carving, locks=tuple(state.get("locks", ())),
        task_pins=tuple(state.get("task_pins", ())),
        candidate_pins=tuple(state.get("candidate_pins", ())), weights=weights,
        objective=state.get("objective", "placements"),
        carving_before=state.get("carving_before"),
        fta_target=float(state.get("fta_target", 0.0)) or None,
        site_targets=dict(state.get("site_targets", {})), quota=qparams,
        quota_inputs={"employees": int(state.get("q_employees", 0)),
                      "hours_per_week": float(state.get("q_hours", 0.0)),
                      "realised_jobs": float(state.get("q_realised", 0.0)),
                      "count_created": bool(state.get("q_count_created", False)),
                      "basis": state.get("q_basis", "employees")},
        source=state.get("source", ""), around_label=state.get("around_label"),
        seconds=state.get("carve_seconds"))


def store(state: MutableMapping[str, Any], ws: Workspace) -> None:
    """Write what the workspace's actions change back into the session state."""
    if ws.carving is not state.get("carving"):
        state["match_cache"] = None
        # forms that act on functions are keyed by this: they start afresh with each carving
        state["carving_version"] = int(state.get("carving_version", 0)) + 1
    for key, attr in _WORKSPACE_KEYS.items():
        state[key] = getattr(ws, attr)


def _say(state: MutableMapping[str, Any], key: str, outcome: Outcome) -> bool:
    """Keep the outcome's notes in Dutch under ``key``; return whether it succeeded."""
    state[key] = (outcome.kind, outcome.text("nl"))
    return outcome.ok


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
    ws = Workspace()
    ws.load(loaded.inventory, loaded.pool, loaded.source)
    store(state, ws)
    state.update({"source": loaded.source, "load_warnings": warnings_nl(loaded.warnings),
                  "load_problems": None, "carve_scope_used": "board", "pin_notes": (),
                  "carve_message": None, "tasks_changed": False, "match_cache": None,
                  "score_cache": None, "site_targets": {}, "edit_problems": None,
                  "session_key": None, "saved_fingerprint": None, "region_school": None,
                  "region_fingerprint": None, "stale_ids": frozenset()})
    reset_task_editor(state)
    state["fta_target"] = DEMO_TARGETS.get(loaded.demo or "", 0.0)  # none unless entered
    state["q_employees"], state["q_hours"] = DEMO_PAYROLL.get(loaded.demo or "", (0, 0.0))


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
    """Load uploaded files; return the loaded inputs, or every problem of every file in one
    Dutch table (bestand, rij, kolom, probleem, waarde); nothing is half-loaded.

    One workbook is enough: when the tasks file is an ``.xlsx`` with a ``locaties`` or
    ``kandidaten`` tab (the Excel template's) and no separate file is given for it, that
    tab is read from the same workbook."""
    sheets = workbook_tabs(tasks_bytes) if tasks_name.lower().endswith(".xlsx") else set()
    if sites_bytes is None and "locaties" in sheets:
        sites_bytes, sites_name = tasks_bytes, tasks_name
    if cand_bytes is None and "kandidaten" in sheets:
        cand_bytes, cand_name = tasks_bytes, tasks_name
    names = list(dict.fromkeys(n for n in (
        tasks_name, sites_name if sites_bytes is not None else None,
        cand_name if cand_bytes is not None else None) if n))
    try:
        ws = Workspace.from_files(tasks_bytes, sites_bytes, cand_bytes, tasks_name=tasks_name,
                                  sites_name=sites_name, candidates_name=cand_name)
    except matcher.InputError as error:
        return error.to_frame("nl")
    assert ws.inventory is not None
    return Loaded(ws.inventory, ws.pool, ws.warnings, "bestanden: " + ", ".join(names))


def workbook_tabs(data: bytes) -> set[str]:
    """The tabs of a workbook with a filled row below the header, names in lower case
    (empty when it is not a workbook: the loader then says what is wrong with the file)."""
    import io
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return set()
    try:
        return {name.strip().lower() for name in workbook.sheetnames
                if _has_rows(workbook[name])}
    finally:
        workbook.close()


def _has_rows(sheet: Any) -> bool:
    """Whether a tab holds a filled row below its header (an emptied tab is not read)."""
    for k, row in enumerate(sheet.iter_rows(values_only=True)):
        if k and any(v not in (None, "") for v in row):
            return True
    return False


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
# Carving: the form, carve, lock, move, pin

def carve_params(state: Mapping[str, Any]) -> matcher.CarveParams:
    """The user's carving rules from the form.

    Raises :class:`matcher.errors.ParamError` (naming the fields, see
    :func:`field_problems_nl`) when they do not fit together.
    """
    schedule = replace(
        _DEFAULT_WEEK, day_start=_minutes(state["carve_open_from"]),
        day_end=_minutes(state["carve_open_until"]),
        flex_start=max(_minutes(state["carve_open_from"]), _DEFAULT_WEEK.flex_start),
        pupil_start=_minutes(state["carve_pupils_from"]),
        pupil_end=_minutes(state["carve_pupils_until"]),
        max_site_changes=int(state["carve_site_changes"]),
        min_piece=int(state["carve_min_piece"]), min_day_hours=float(state["carve_min_day"]),
        max_idle_per_day=int(state["carve_max_idle"]),
        max_start_spread=int(state["carve_start_spread"]))
    if not schedule.day_start <= schedule.flex_start < schedule.day_end:
        schedule = replace(schedule, flex_start=schedule.day_start)
    return matcher.CarveParams(
        target_hours=float(state["carve_target"]), min_hours=float(state["carve_min"]),
        max_hours=float(state["carve_max"]), max_areas=int(state["carve_max_areas"]),
        max_sites=int(state["carve_max_sites"]), split_days=bool(state["carve_split_days"]),
        max_level_spread=int(state["carve_level_spread"]), schedule=schedule,
    )


def week_state(params: matcher.CarveParams) -> dict[str, Any]:
    """The form's week settings of ``params`` (to show the settings a carving used)."""
    w = params.schedule
    return {
        "carve_open_from": _clock(w.day_start), "carve_open_until": _clock(w.day_end),
        "carve_pupils_from": _clock(w.pupil_start), "carve_pupils_until": _clock(w.pupil_end),
        "carve_site_changes": int(w.max_site_changes), "carve_min_piece": int(w.min_piece),
        "carve_min_day": float(w.min_day_hours), "carve_max_idle": int(w.max_idle_per_day),
        "carve_start_spread": int(w.max_start_spread),
        "carve_split_days": bool(params.split_days),
        "carve_level_spread": int(params.max_level_spread),
    }


def solver_params(state: Mapping[str, Any]) -> matcher.SolverParams | None:
    """The solver settings of the speed choice: fast = the heuristic without the extra
    neighbourhood search (seconds, not minutes); thorough = the library's defaults."""
    if state.get("carve_method", "fast") != "fast":
        return None
    return matcher.SolverParams(method="heuristic", lns_rounds=0, seed=0)


def carve_now(state: MutableMapping[str, Any], params: matcher.CarveParams, scope: str
              ) -> Outcome:
    """Carve keeping the locked functions, pinned tasks and agreed candidates.

    The outcome's notes go to ``carve_message`` (the pins' warnings also to
    ``pin_notes``, and those about agreements to ``match_message``). When a locked
    function no longer has a workable week nothing changes and the message says so.
    """
    ws = workspace(state)
    outcome = ws.carve(params, _SCOPES.get(scope, "board"))
    if outcome.ok:
        state["relaxations"] = []
        store(state, ws)
        state["tasks_changed"] = False
        state["pin_notes"] = tuple(w.text("nl") for w in outcome.warnings)
        agreed = [w.text("nl") for w in outcome.warnings if w.code.startswith("sess.agree")]
        if agreed:  # also on the Matching page, where the agreements are
            state["match_message"] = ("warning", " ".join(agreed))
    _say(state, "carve_message", outcome)
    return outcome


def relax_now(state: MutableMapping[str, Any],
              progress: Callable[[int, int, str], None] | None = None) -> None:
    """What looser rules would give when the carving places under 70% of the carvable
    hours (``state["relaxations"]``, best first; empty when it places enough)."""
    carving = state.get("carving")
    if carving is None or not needs_relaxing(carving):
        state["relaxations"] = []
        return
    state["relaxations"] = relaxations(carving, solver_params(state), progress=progress)


def apply_relaxation(state: MutableMapping[str, Any], relaxation: Relaxation) -> Outcome:
    """Take a relaxation's rule into the form and carve with it (from the current
    carving, so the result is at least what the relaxation showed); a looser number of
    sites per function needs the board-wide scope."""
    p = relaxation.carving.params
    state.update({"carve_max_areas": int(p.max_areas), "carve_max_sites": int(p.max_sites),
                  "carve_min": float(p.min_hours), **week_state(p)})
    if relaxation.rule in ("max_sites", "split_days"):
        state["carve_scope"] = "board"
    state["relaxations"] = []
    return carve_now(state, carve_params(state), str(state["carve_scope"]))


def pin_notes(state: Mapping[str, Any]) -> str | None:
    """The Dutch notes about pins of the last carve, as one text (None when all held)."""
    notes = state.get("pin_notes") or ()
    return " ".join(notes) if notes else None


def _act(state: MutableMapping[str, Any], key: str, action: str, *args: str) -> bool:
    """Run the workspace action ``action``; store it when it succeeded; say it under ``key``."""
    ws = workspace(state)
    outcome: Outcome = getattr(ws, action)(*args)
    if outcome.ok:
        store(state, ws)
    return _say(state, key, outcome)


def set_lock(state: MutableMapping[str, Any], function_id: str, locked: bool) -> None:
    """Lock or unlock one function (no re-carve: only the flag changes)."""
    _act(state, "carve_message", "lock" if locked else "unlock", function_id)


def unlock_all(state: MutableMapping[str, Any]) -> None:
    """Unlock every function."""
    _act(state, "carve_message", "unlock_all")


def move_task(state: MutableMapping[str, Any], task_id: str, target_id: str) -> bool:
    """Move a task into another function (the target is locked, the source unlocked);
    False, with the reason in ``carve_message``, when refused (nothing changes then)."""
    return _act(state, "carve_message", "move_task", task_id, target_id)


def pin_task(state: MutableMapping[str, Any], task_id: str, function_id: str) -> bool:
    """Pin a task to a function (it stays there after a re-carve; no lock); False, with
    the reason in ``carve_message``, when refused (nothing changes then)."""
    return _act(state, "carve_message", "pin_task", task_id, function_id)


def unpin_task(state: MutableMapping[str, Any], task_id: str) -> None:
    """Remove the pin of a task (the task stays where it is until the next carve)."""
    _act(state, "carve_message", "unpin_task", task_id)


def pin_candidate(state: MutableMapping[str, Any], function_id: str, candidate_id: str
                  ) -> None:
    """Agree a candidate for a function (one per function; replaces earlier ones)."""
    _act(state, "match_message", "pin_candidate", function_id, candidate_id)


def unpin_candidate(state: MutableMapping[str, Any], candidate_id: str) -> None:
    """Remove the agreement with a candidate (also one that no longer holds)."""
    _act(state, "match_message", "unpin_candidate", candidate_id)


# --------------------------------------------------------------------------------------
# Task editor


def reset_task_editor(state: MutableMapping[str, Any]) -> None:
    """Show the current inventory in the task editor again (drops unsaved edits)."""
    inventory = state["inventory"]
    state["tasks_base"] = editor_frame(inventory) if inventory is not None else None
    state["tasks_edited"] = None
    state["tasks_checked"] = None
    state["edit_problems"] = None
    state["tasks_version"] = int(state.get("tasks_version", 0)) + 1


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
    if result.to_frame().equals(inventory.to_frame()):
        return "same"
    ws = workspace(state)
    had_carving = ws.carving is not None
    ws.edit_tasks(matcher.Inventory(result.tasks, result.sites, inventory.source,
                                    inventory.warnings))
    store(state, ws)
    state["tasks_changed"] = state["tasks_changed"] or had_carving
    state["match_cache"] = None
    return "ok"


# --------------------------------------------------------------------------------------
# Matching (memoised per user in the session state)


def weights_from_state(state: Mapping[str, Any]) -> matcher.Weights:
    """The weights: those loaded (exactly, with their options), with every slider the user
    moved away from its shown value taking that value.

    Raises :class:`matcher.InputError` when invalid (e.g. every weight 0).
    """
    base = state.get("weights_base") or _DEFAULT_WEIGHTS
    sliders = {c: float(state[f"w_{c}"]) for c in matcher.COMPONENTS if f"w_{c}" in state}
    return slider_weights(base, sliders, float(state.get("weights_scale", 1.0)))


def apply_weights(state: MutableMapping[str, Any], weights: matcher.Weights) -> bool:
    """Keep loaded weights exactly and show them on the sliders (0-1, two decimals).

    Weights above 1 are shown scaled down together (only their ratios matter); returns
    whether that happened.
    """
    top = max(float(getattr(weights, c)) for c in matcher.COMPONENTS)
    scale = top if top > 1 else 1.0
    state["weights_base"] = weights
    state["weights_scale"] = scale
    for c in matcher.COMPONENTS:
        state[f"w_{c}"] = round(float(getattr(weights, c)) / scale, 2)
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


def match_results(state: MutableMapping[str, Any], weights: matcher.Weights) -> MatchResult:
    """Score, assign and shortlist; recomputed only when carving, pool, weights, goal or
    agreements change (the scores only when carving, pool or weights change)."""
    ws = workspace(state)
    ws.weights = weights
    pins = ws.active_candidate_pins()
    key = (id(ws.carving), id(ws.pool), weights, ws.objective, tuple(sorted(pins.items())))
    cached = state.get("match_cache")
    if cached is not None and cached[0] == key:
        return cached[1]
    scored = state.get("score_cache")
    scores = scored[1] if scored is not None and scored[0] == key[:3] else ws.scores()
    state["score_cache"] = (key[:3], scores)
    result = ws.match(scores)
    state["match_cache"] = (key, result)
    return result


# --------------------------------------------------------------------------------------
# Rapport: quota, session file


def quota_params(state: Mapping[str, Any]) -> QuotaParameters:
    """The quotum parameters from the form (raises InputError when invalid)."""
    return QuotaParameters(
        year=int(state["q_year"]), percentage=float(state["q_percentage"]),
        levy_per_job=float(state["q_levy"]), source=str(state["q_source"]),
        date=str(state["q_date"]), levy_source=str(state["q_levy_source"]),
        levy_confirmed=bool(state["q_levy_confirmed"]), threshold=DEFAULT_QUOTA.threshold,
    )


def quota_result(state: Mapping[str, Any], if_filled: bool = False) -> mquota.QuotaResult:
    """The quotum calculator's result with the jobs realised so far, or (``if_filled``) as
    it would be when the proposed functions are filled (raises InputError when an input
    is invalid)."""
    realised = float(state["q_realised"])
    if if_filled and state["carving"] is not None:
        realised += created_fta(state["carving"])
    return mquota.quota(int(state["q_employees"]), float(state["q_hours"]), realised,
                        quota_params(state), state["q_basis"])


def current_session(state: Mapping[str, Any]) -> Session:
    """The session as it stands, for the session file."""
    return workspace(state).session()


def open_session(state: MutableMapping[str, Any], data: bytes, name: str,
                 restored: bool = False, pool: matcher.Pool | None = None) -> list[str]:
    """Reopen a session file; returns Dutch notes for the user (``restored``: a session
    kept in the store, which keeps its own name and key).

    Problems in the file land in ``load_problems`` (nothing changes then). Without
    candidates in the file the demo candidates stand in when ticked (agreements are then
    not restored); ``pool`` stands in for them instead when given (a region's candidates).
    The saved functions are rebuilt with this app's speed setting.
    """
    if pool is None and state["use_demo_candidates"]:
        pool = demo_pool()
    try:
        ws, outcome = Workspace.open(data, name, pool=pool, solver=solver_params(state))
    except matcher.InputError as error:
        state["load_problems"] = error.to_frame("nl")
        state["load_warnings"] = ()
        return []
    assert ws.inventory is not None
    key = state.get("session_key")
    set_loaded(state, Loaded(ws.inventory, ws.pool, ws.inventory.warnings,
                             (ws.source or name) if restored
                             else f"sessie {name} ({ws.source or name})"))
    if restored:
        state["session_key"] = key
    source = state["source"]
    store(state, ws)
    state["source"] = source
    apply_weights(state, ws.weights)
    p = ws.params
    state.update({
        "objective": ws.objective, "site_targets": dict(ws.site_targets),
        "fta_target": ws.fta_target if ws.fta_target is not None else 0.0,
        "carve_target": float(p.target_hours), "carve_min": float(p.min_hours),
        "carve_max": float(p.max_hours), "carve_max_areas": int(p.max_areas),
        "carve_max_sites": int(p.max_sites), "carve_scope": ws.scope, **week_state(p),
    })
    q = ws.quota
    state.update({"q_year": q.year, "q_percentage": q.percentage, "q_levy": q.levy_per_job,
                  "q_source": q.source, "q_date": q.date, "q_levy_source": q.levy_source,
                  "q_levy_confirmed": q.levy_confirmed})
    for key, widget in (("employees", "q_employees"), ("hours_per_week", "q_hours"),
                        ("realised_jobs", "q_realised"), ("count_created", "q_count_created"),
                        ("basis", "q_basis")):
        if key in ws.quota_inputs:
            state[widget] = ws.quota_inputs[key]
    return [m.text("nl") for m in outcome.notes]


# --------------------------------------------------------------------------------------

# --------------------------------------------------------------------------------------
# Kept on the server: the session in the store, saved as it changes


def content_hash(session: Session) -> str:
    """A hash of what the session holds (without candidates and without the moment it
    is saved at, which changes every second): equal when nothing was changed."""
    fixed = replace(session, saved_at="-")
    return hashlib.sha256(dump_session(fixed, include_candidates=False)).hexdigest()


def autosave(state: MutableMapping[str, Any], sessions: SessionStore) -> bool:
    """Save the session to ``sessions`` under ``state["session_key"]`` when it changed
    since the last save (a new key when it has none); whether it saved.

    Nothing is saved before an inventory is loaded. The stored session is the session
    file with the candidate profiles (pseudonymous, as loaded), so a reload restores the
    matching too.
    """
    if state.get("inventory") is None:
        return False
    try:
        session = current_session(state)
    except (ValueError, matcher.InputError):
        return False
    light = dump_session(session, include_candidates=False)
    fingerprint = (content_hash(session), id(state.get("pool")))
    if state.get("saved_fingerprint") == fingerprint and state.get("session_key"):
        return False
    if not sessions.valid_key(state.get("session_key")):
        state["session_key"] = sessions.new_key()
    data = dump_session(session, include_candidates=True) if session.pool is not None \
        else light
    carving = state.get("carving")
    sessions.save(state["session_key"], data, state.get("source") or "sessie",
               len(carving.functions) if carving is not None else 0)
    state["saved_fingerprint"] = fingerprint
    return True


def restore(state: MutableMapping[str, Any], sessions: SessionStore, key: object
            ) -> list[str] | None:
    """Reopen the session stored under ``key`` into an empty app (after a reload, a
    closed tab or a link from the recent sessions); its Dutch notes, or ``None`` when
    the store has no such session."""
    data = sessions.load(key)
    if data is None:
        return None
    state["session_key"] = key
    notes = open_session(state, data, "bewaarde sessie", restored=True)
    state["saved_fingerprint"] = None  # saved again on the next change
    return notes


# --------------------------------------------------------------------------------------
# A school of a region workspace (matcher.store.RegionStore), opened as the session


def _region_fingerprint(state: Mapping[str, Any]) -> str | None:
    try:
        return content_hash(current_session(state))
    except (ValueError, matcher.InputError):
        return None


def open_region_school(state: MutableMapping[str, Any], region: RegionStore, school: str
                       ) -> list[str] | None:
    """Open a school's newest session from the region as this session, with the region's
    candidates; its Dutch notes, or ``None`` when the school has no inventory yet.
    From then on :func:`save_region_school` keeps every change as the school's next
    version (refused when someone else saved one in between)."""
    stored = region.session(school)
    if stored is None:
        return None
    version, data = stored
    notes = open_session(state, data, f"{school}.json", pool=region.pool())
    if state["load_problems"] is not None:
        return notes
    state["source"] = f"{school} (regio)"
    state["region_school"] = {"path": str(region.path), "school": school, "version": version}
    state["region_fingerprint"] = _region_fingerprint(state)
    state["stale_ids"] = frozenset(k for k, _ in region.stale())
    return notes


def add_to_region(state: MutableMapping[str, Any], region: RegionStore, school: str,
                  board: str) -> str:
    """Keep this session as a new school of the region (and keep saving it there);
    a Dutch message. A school the region already has is not overwritten."""
    school = school.strip()
    if not school:
        return "Geef de school een naam."
    if any(s["school"] == school for s in region.schools()):
        return (f"{school} staat al in de werkruimte: open haar daar (Regio > Scholen), "
                "dan gaat er niets verloren.")
    region.add_school(school, board)
    state["region_school"] = {"path": str(region.path), "school": school, "version": 0}
    state["region_fingerprint"] = None
    save_region_school(state, region)
    return ""


def save_region_school(state: MutableMapping[str, Any], region: RegionStore) -> bool:
    """Save the session as the next version of its region school when it changed since
    the last save; whether it saved. A stale write (someone else saved the school in
    between) is refused: the link to the region is dropped and ``region_message`` says
    why, so nothing is silently overwritten."""
    link = state.get("region_school")
    if not link or state.get("inventory") is None:
        return False
    fingerprint = _region_fingerprint(state)
    if fingerprint is None or fingerprint == state.get("region_fingerprint"):
        return False
    session = current_session(state)
    carving = state.get("carving")
    try:
        link["version"] = region.save_session(
            link["school"], dump_session(session, include_candidates=False),
            tasks=len(state["inventory"].tasks),
            functions=len(carving.functions) if carving is not None else 0,
            read_version=int(link["version"]))
    except StaleWrite as error:
        state["region_school"] = None
        state["region_message"] = ("warning", f"{error} Uw wijzigingen staan nog in deze "
                                   "sessie (en als sessiebestand op Rapport).")
        return False
    state["region_fingerprint"] = fingerprint
    return True
