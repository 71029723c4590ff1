"""The session file: what a functiecreatie session keeps between meetings.

A JSON file with a ``format`` and a ``version`` field. :func:`dump_session` writes version
:data:`SESSION_VERSION` (3): the task inventory as edited, the sites, the user's carving
rules (the fields of :class:`~matcher.carving.CarveParams` a user decides, never the
solver settings), which task groups form functions and which are locked, the task and
candidate pins, the weights, the goal, the targets and the quotum inputs. Candidate
profiles are in the file only when asked for (``include_candidates``).

:func:`load_session` reads versions 1 to 3; it re-validates everything through the
loaders and reports every problem at once as an :class:`~matcher.errors.InputError`.
The solver settings that version-2 files hold are ignored with a note
(:attr:`Session.notes`, code ``sess.solver_ignored``), not refused.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pandas as pd

from matcher.carving import CarveParams, SolverParams
from matcher.carving.weekrules import DEFAULT_SCHEDULE, SITE_HOUR_COLUMNS, ScheduleParams
from matcher.errors import InputError, ParamError, Problem
from matcher.inputs.guard import candidate_id_kind, redact_candidate_id
from matcher.inputs.loaders import load_candidates, load_sites, load_tasks
from matcher.matching.weights import Weights
from matcher.model import Inventory, Pool, Sites
from matcher.quota import DEFAULT_QUOTA, QuotaParameters
from matcher.session.pins import CandidatePin, TaskPin
from matcher.session.scope import Group, Scope
from matcher.text.catalogue import Msg, msg
from matcher.text.format import format_days, format_time
from matcher.text.labels import AREA_LABELS_NL

__all__ = [
    "SESSION_FORMAT",
    "SESSION_VERSION",
    "SOLVER_KEYS",
    "Session",
    "carve_rules",
    "dump_session",
    "load_session",
    "pool_to_frame",
    "sites_to_frame",
]

#: Value of the ``format`` field of a session file.
SESSION_FORMAT = "matcher-sessie"
#: Version of the session file this module writes (and the newest it reads). Version 3
#: keeps only the user's carving rules; version 2 also held the solver settings.
SESSION_VERSION = 3

#: Carving settings that are solver knobs, not a user's rules: never written, and
#: ignored (with a note) when an older session file has them.
SOLVER_KEYS: frozenset[str] = frozenset(f.name for f in fields(SolverParams))


@dataclass(frozen=True)
class Session:
    """Everything a session file holds (the candidate pool only when it was included)."""

    inventory: Inventory
    pool: Pool | None = None
    params: CarveParams = field(default_factory=CarveParams)
    scope: Scope = "board"
    groups: tuple[Group, ...] = ()
    locks: tuple[Group, ...] = ()
    #: The function id of each group (empty in files from before stable ids).
    ids: tuple[str, ...] = ()
    weights: Weights = field(default_factory=Weights)
    objective: str = "placements"
    fta_target: float | None = None
    site_targets: dict[str, float] = field(default_factory=dict)
    quota: QuotaParameters = DEFAULT_QUOTA
    quota_inputs: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    saved_at: str = ""
    task_pins: tuple[TaskPin, ...] = ()
    candidate_pins: tuple[CandidatePin, ...] = ()
    #: What the user should hear about the file (e.g. solver settings that were ignored).
    notes: tuple[Msg, ...] = ()


def sites_to_frame(sites: Sites) -> pd.DataFrame | None:
    """Sites as a sites file (site, name, lat, lon, pc4, board, and the opening and pupil
    hours where any site has them); None when none has a location.

    A location that came from a pc4 is written as the pc4 only, so loading it again
    marks it approximate again.
    """
    frame = sites.frame
    if frame["lat"].isna().all() and not any(str(p) for p in frame["pc4"]):
        return None
    hours = [c for c in SITE_HOUR_COLUMNS
             if c in frame.columns and frame[c].notna().any()]
    rows = []
    for _, s in frame.iterrows():
        exact = not bool(s.get("approximate", False)) and pd.notna(s["lat"])
        row = {"site": s["site"], "name": s["name"],
               "lat": float(s["lat"]) if exact else None,
               "lon": float(s["lon"]) if exact else None,
               "pc4": str(s["pc4"] or ""), "board": str(s.get("board", "") or "")}
        for column in hours:  # opening and pupil hours as HH:MM, as a sites file has them
            row[column] = format_time(int(s[column])) if pd.notna(s[column]) else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["site", "name", "lat", "lon", "pc4", "board", *hours])


def _yes_no_unknown(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return "ja" if value else "nee"


def pool_to_frame(pool: Pool) -> pd.DataFrame:
    """Candidate profiles in the columns of a candidates file (unknown stays empty)."""
    f = pool.frame

    def num(value: Any) -> float | None:
        return None if value is None or pd.isna(value) else float(value)

    rows = []
    for _, c in f.iterrows():
        exact = not bool(c["location_approximate"]) and pd.notna(c["lat"])
        rows.append({
            "candidate_id": c["candidate_id"],
            "pc4": c["pc4"] if isinstance(c["pc4"], str) else "",
            "lat": float(c["lat"]) if exact else None,
            "lon": float(c["lon"]) if exact else None,
            "max_travel_km": num(c["max_travel_km"]),
            "independent_travel": _yes_no_unknown(c["independent_travel"]),
            "hours_per_week_min": num(c["hours_per_week_min"]),
            "hours_per_week_max": num(c["hours_per_week_max"]),
            "hours_per_day_max": num(c["hours_per_day_max"]),
            "days_available": format_days(c["days_available"])
            if isinstance(c["days_available"], tuple) and c["days_available"] else "",
            "education": c["education"] if isinstance(c["education"], str) else "",
            "preferred_areas": _areas(c["preferred_areas"]),
            "physical_capacity": num(c["physical_capacity"]),
            "pupil_contact_ok": num(c["pupil_contact_ok"]),
        })
    columns = ["candidate_id", "pc4", "lat", "lon", "max_travel_km", "independent_travel",
               "hours_per_week_min", "hours_per_week_max", "hours_per_day_max",
               "days_available", "education", "preferred_areas", "physical_capacity",
               "pupil_contact_ok"]
    return pd.DataFrame(rows, columns=columns)


def _areas(value: Any) -> str:
    if not isinstance(value, tuple):
        return ""
    return ",".join(AREA_LABELS_NL.get(str(a), str(a)) for a in value)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows: NaN becomes null, numpy scalars become Python values."""
    out = []
    for row in frame.to_dict(orient="records"):
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                clean[str(key)] = None
            elif hasattr(value, "item"):
                clean[str(key)] = value.item()
            else:
                clean[str(key)] = value
        out.append(clean)
    return out


def carve_rules(params: CarveParams) -> dict[str, Any]:
    """The user's carving rules of ``params`` as JSON-ready values (no solver settings)."""
    data = {k: v for k, v in asdict(params).items() if k not in SOLVER_KEYS}
    if isinstance(data.get("schedule"), dict):
        data["schedule"]["work_days"] = list(params.schedule.work_days)
    return data


def dump_session(session: Session, include_candidates: bool = False) -> bytes:
    """The session as a JSON file (UTF-8 bytes).

    Candidate profiles are written only with ``include_candidates`` (they are personal
    data of others, even when pseudonymous; the file is often shared by e-mail).
    """
    sites = sites_to_frame(session.inventory.sites)
    locked = {frozenset(g) for g in session.locks}
    data = {
        "format": SESSION_FORMAT,
        "version": SESSION_VERSION,
        "saved_at": session.saved_at or dt.datetime.now().isoformat(timespec="seconds"),
        "source": session.source,
        "tasks": _records(session.inventory.to_frame()),
        "sites": _records(sites) if sites is not None else None,
        "carve": {"scope": session.scope, "params": carve_rules(session.params)},
        "functions": [{"task_ids": list(g), "locked": frozenset(g) in locked,
                       **({"function_id": session.ids[k]}
                          if len(session.ids) == len(session.groups) else {})}
                      for k, g in enumerate(session.groups)],
        "weights": session.weights.to_toml(),
        "objective": session.objective,
        "targets": {"fta": session.fta_target,
                    "sites": {str(k): float(v) for k, v in session.site_targets.items()}},
        "quota": {"params": session.quota.to_dict(), "inputs": dict(session.quota_inputs)},
        "candidates": (_records(pool_to_frame(session.pool))
                       if include_candidates and session.pool is not None else None),
        "pins": {
            "tasks": [{"task_id": t, "with": a} for t, a in session.task_pins],
            "candidates": [{"with": a, "candidate_id": c} for a, c in session.candidate_pins],
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def _csv(records: Any) -> bytes:
    frame = pd.DataFrame(records)
    return frame.to_csv(index=False).encode("utf-8")


def load_session(data: bytes | str, name: str = "sessie.json") -> Session:
    """Read a session file; every problem of every part is reported at once.

    Tasks, sites and candidates go through the same loaders as uploaded files, so a
    hand-edited session file gets the same checks. Function groups are checked for
    unknown and repeated tasks here; whether each still has a workable week is checked
    when the carving is rebuilt (:func:`rebuild`).

    Raises
    ------
    InputError
        With every problem found (file, part, rule, value).
    """
    problems: list[Problem] = []

    def bad(part: str, code: str, value: object = "", **params: Any) -> None:
        problems.append(Problem.of(name, None, part, code, value, **params))

    if len(data) > SESSION_MAX_BYTES:
        raise InputError([Problem.of(name, None, "", "io.too_large", limit=SESSION_MAX_BYTES)])

    try:
        raw = json.loads(data.decode("utf-8") if isinstance(data, bytes) else data)
    except UnicodeDecodeError:
        raise InputError([Problem.of(name, None, "", "ses.not_utf8")]) from None
    except json.JSONDecodeError as exc:
        raise InputError([Problem.of(name, None, "", "ses.json_at", line=exc.lineno,
                                     column=exc.colno)]) from None
    except RecursionError:
        raise InputError([Problem.of(name, None, "", "ses.json_deep")]) from None
    except ValueError:  # a number past Python's limit of digits
        raise InputError([Problem.of(name, None, "", "ses.json_number",
                                     limit=_MAX_DIGITS)]) from None
    if not isinstance(raw, dict) or raw.get("format") != SESSION_FORMAT:
        raise InputError([Problem.of(name, None, "format", "ses.format",
                                     format=SESSION_FORMAT)])
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InputError([Problem.of(name, None, "version", "num.int_min1", str(version))])
    if version > SESSION_VERSION:
        raise InputError([Problem.of(name, None, "version", "ses.version_new", str(version),
                                     version=version, supported=SESSION_VERSION)])

    for part in ("carve", "targets", "quota", "pins"):
        if raw.get(part) is not None and not isinstance(raw[part], dict):
            bad(part, "ses.table")
            raw[part] = None
    too_big = set()
    for part, limit in (("sites", SESSION_MAX_ROWS), ("tasks", SESSION_MAX_ROWS),
                        ("candidates", SESSION_MAX_CANDIDATES)):
        if isinstance(raw.get(part), list) and len(raw[part]) > limit:
            bad(part, "ses.too_big", count=len(raw[part]), limit=limit)
            too_big.add(part)
    sites: Sites | None = None
    if raw.get("sites") is not None and "sites" not in too_big:
        try:
            sites = load_sites(_csv(raw["sites"]), name=f"{name}: locaties")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("sites", "ses.list")
    inventory: Inventory | None = None
    if "tasks" in too_big:
        pass
    elif not isinstance(raw.get("tasks"), list) or not raw["tasks"]:
        bad("tasks", "ses.no_tasks")
    elif raw.get("sites") is None or sites is not None:
        try:
            inventory = load_tasks(_csv(raw["tasks"]), sites=sites, name=f"{name}: taken")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("tasks", "ses.list")

    pool: Pool | None = None
    if raw.get("candidates") is not None and "candidates" not in too_big:
        try:
            pool = load_candidates(_csv(raw["candidates"]), name=f"{name}: kandidaten")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("candidates", "ses.list")

    carve_part = raw.get("carve") or {}
    scope = carve_part.get("scope", "board")
    if scope not in ("board", "site"):
        bad("carve.scope", "ses.scope", scope)
        scope = "board"
    params, notes = _load_params(carve_part.get("params") or {}, bad, problems, name)

    groups: list[Group] = []
    locks: list[Group] = []
    function_ids: list[str] = []
    known = {t.task_id for t in inventory.tasks} if inventory is not None else None
    seen: set[str] = set()
    for k, item in enumerate(_list_part(raw, "functions", "functions", bad), start=1):
        where = f"functions[{k}]"
        ids = item.get("task_ids") if isinstance(item, dict) else None
        if not isinstance(ids, list) or not ids:
            bad(where, "ses.task_ids")
            continue
        group = tuple(str(x) for x in ids)
        for task_id in group:
            if known is not None and task_id not in known:
                bad(where, "ses.unknown_task", task_id)
            if task_id in seen:
                bad(where, "ses.task_twice", task_id)
            seen.add(task_id)
        groups.append(group)
        fid = item.get("function_id")
        if isinstance(fid, str) and fid:
            function_ids.append(fid)
        if item.get("locked") is True:
            locks.append(group)

    weights = Weights()
    try:
        weights = Weights.from_toml_text(str(raw.get("weights") or ""), f"{name}: weights")
    except InputError as error:
        problems += error.problems
    objective = raw.get("objective", "placements")
    if objective not in ("placements", "score"):
        bad("objective", "ses.objective", objective)
        objective = "placements"

    targets = raw.get("targets") or {}
    fta_target = targets.get("fta")
    if fta_target is not None and not _nonnegative(fta_target):
        bad("targets.fta", "num.nonnegative", _shown(fta_target))
        fta_target = None
    site_targets: dict[str, float] = {}
    per_site = targets.get("sites") or {}
    if not isinstance(per_site, dict):
        bad("targets.sites", "ses.table")
        per_site = {}
    for site, value in per_site.items():
        if _nonnegative(value):
            site_targets[str(site)] = float(value)
        else:
            bad(f"targets.sites.{_shown(site)}", "num.nonnegative", _shown(value))

    quota_part = raw.get("quota") or {}
    quota = DEFAULT_QUOTA
    if quota_part.get("params") and not isinstance(quota_part["params"], dict):
        bad("quota.params", "ses.quota_table")
    elif quota_part.get("params"):
        try:
            quota = QuotaParameters.from_dict(dict(quota_part["params"]), f"{name}: quota")
        except InputError as error:
            problems += error.problems
        except (TypeError, ValueError):
            bad("quota.params", "ses.quota_table")
    quota_inputs = _quota_inputs(quota_part.get("inputs") or {}, bad)

    function_of = {task: (msg("ses.pin_function", function=function_ids[k])
                          if len(function_ids) == len(groups) else None)
                   for k, group in enumerate(groups) for task in group}
    task_pins, candidate_pins = _load_pins(raw.get("pins"), known, pool, bad, function_of)

    if problems or inventory is None:
        raise InputError(problems)
    return Session(
        task_pins=task_pins, candidate_pins=candidate_pins,
        inventory=inventory, pool=pool, params=params, scope=scope, groups=tuple(groups),
        ids=(tuple(function_ids) if len(function_ids) == len(groups)
             and len(set(function_ids)) == len(function_ids) else ()),
        locks=tuple(locks), weights=weights, objective=objective,
        fta_target=float(fta_target) if fta_target is not None else None,
        site_targets=site_targets, quota=quota, quota_inputs=dict(quota_inputs),
        source=str(raw.get("source") or ""), saved_at=str(raw.get("saved_at") or ""),
        notes=notes,
    )


def _load_pins(data: Any, known: set[str] | None, pool: Pool | None, bad: Any,
               function_of: dict[str, Msg | None] | None = None
               ) -> tuple[tuple[TaskPin, ...], tuple[CandidatePin, ...]]:
    """Task and candidate pins of a session file (version 2; absent in version 1).

    A candidate id is checked like a candidates file's id (no personal data, no name) and
    never shown: a problem with a candidate pin says which function it was agreed for
    (``function_of``: task id -> the function's id, when the file has them).
    """
    functions = function_of or {}

    def function(anchor: str) -> Msg:
        return functions.get(anchor) or msg("ses.pin_function_of", task=anchor)

    if data is None:
        return (), ()
    if not isinstance(data, dict):
        bad("pins", "ses.table")
        return (), ()
    task_pins: list[TaskPin] = []
    for k, item in enumerate(_list_part(data, "tasks", "pins.tasks", bad), start=1):
        where = f"pins.tasks[{k}]"
        task_id = item.get("task_id") if isinstance(item, dict) else None
        anchor = item.get("with") if isinstance(item, dict) else None
        if not _an_id(task_id) or not _an_id(anchor) or str(task_id) == str(anchor):
            bad(where, "ses.pin_task")
            continue
        pin = (str(task_id), str(anchor))
        unknown = [x for x in pin if known is not None and x not in known]
        for x in unknown:
            bad(where, "ses.unknown_task", x)
        if any(p[0] == pin[0] for p in task_pins):
            bad(where, "ses.pin_task_twice", pin[0])
        elif not unknown:
            task_pins.append(pin)
    candidate_pins: list[CandidatePin] = []
    ids = set(pool.ids) if pool is not None else None
    for k, item in enumerate(_list_part(data, "candidates", "pins.candidates", bad), start=1):
        where = f"pins.candidates[{k}]"
        anchor = item.get("with") if isinstance(item, dict) else None
        candidate = item.get("candidate_id") if isinstance(item, dict) else None
        if not _an_id(anchor) or not _an_id(candidate):
            bad(where, "ses.pin_candidate")
            continue
        cpin = (str(anchor), str(candidate))
        if candidate_id_kind(cpin[1]) is not None:  # never shown, never kept
            bad(where, "ses.pin_personal", redact_candidate_id(cpin[1]))
        elif known is not None and cpin[0] not in known:
            bad(where, "ses.unknown_task", cpin[0])
        elif ids is not None and cpin[1] not in ids:
            bad(where, "ses.pin_unknown_candidate", function=function(cpin[0]))
        elif any(p[0] == cpin[0] or p[1] == cpin[1] for p in candidate_pins):
            bad(where, "ses.pin_twice", function=function(cpin[0]))
        else:
            candidate_pins.append(cpin)
    return tuple(task_pins), tuple(candidate_pins)


#: Digits of a number Python reads from text (``sys.get_int_max_str_digits``'s default).
_MAX_DIGITS = 4300
#: Bytes of a session file (the app's upload limit).
SESSION_MAX_BYTES = 50_000_000
#: Task and site rows a session file opens with: a board is a few thousand tasks; a file
#: far beyond that is not a session (and rebuilding it would take the app for minutes).
SESSION_MAX_ROWS = 20_000
#: Candidate rows a session file opens with (the national pool is about 126,000).
SESSION_MAX_CANDIDATES = 200_000
#: The quotum form's inputs in a session file: the type each must have.
_QUOTA_INPUTS: dict[str, str] = {"employees": "int", "hours_per_week": "number",
                                 "realised_jobs": "number", "count_created": "bool",
                                 "basis": "basis"}


def _quota_inputs(data: Any, bad: Any) -> dict[str, Any]:
    """The quotum form's inputs of a session file, each checked (a wrong one is reported
    and left out, so the Rapport page opens with its default)."""
    if not isinstance(data, dict):
        bad("quota.inputs", "ses.table")
        return {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        kind = _QUOTA_INPUTS.get(str(key))
        where = f"quota.inputs.{_shown(key)}"
        if kind is None:
            bad(where, "ses.unknown_setting")
        elif kind == "int" and not (isinstance(value, int) and not isinstance(value, bool)
                                    and value >= 0):
            bad(where, "num.int_nonnegative", _shown(value))
        elif kind == "number" and not _nonnegative(value):
            bad(where, "num.nonnegative", _shown(value))
        elif kind == "bool" and not isinstance(value, bool):
            bad(where, "ses.yes_no", _shown(value))
        elif kind == "basis" and value not in ("employees", "jobs"):
            bad(where, "ses.basis", _shown(value))
        else:
            out[str(key)] = float(value) if kind == "number" else value
    return out


def _shown(value: object) -> str:
    """A value of a session file as a problem shows it: at most 40 characters."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _list_part(data: dict[str, Any], key: str, part: str, bad: Any) -> list[Any]:
    """The list under ``key`` (empty when absent); anything else is reported as ``part``."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        bad(part, "ses.list")
        return []
    return items


def _an_id(value: object) -> bool:
    """Whether a session file's value can be a task or candidate id (text or a whole number)."""
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def _nonnegative(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value) and value >= 0)


def _load_params(data: dict[str, Any], bad: Any, problems: list[Problem], name: str
                 ) -> tuple[CarveParams, tuple[Msg, ...]]:
    """The user's carving rules from a session file's dict, and notes on what was ignored.

    Solver settings (:data:`SOLVER_KEYS`, written by version 2) are ignored with one note;
    other unknown keys and invalid values are problems (a broken rule names its field).
    """
    if not isinstance(data, dict):
        bad("carve.params", "ses.table")
        return CarveParams(), ()
    names = {f.name for f in fields(CarveParams)}
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for key, value in data.items():
        if key in SOLVER_KEYS:
            ignored.append(str(key))
        elif key not in names:
            bad(f"carve.params.{key}", "ses.unknown_setting")
        elif key == "schedule":
            schedule_names = {f.name for f in fields(ScheduleParams)}
            if not isinstance(value, dict) or set(value) - schedule_names:
                bad("carve.params.schedule", "ses.unknown_settings")
                continue
            wrong = [k for k, v in value.items()
                     if not _typed(v, getattr(DEFAULT_SCHEDULE, k))]
            for k in wrong:
                bad(f"carve.params.schedule.{k}", _type_code(getattr(DEFAULT_SCHEDULE, k)),
                    _shown(value[k]))
            if wrong:
                continue
            try:
                options: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v
                                           for k, v in value.items()}
                values["schedule"] = ScheduleParams(**options)
            except ParamError as error:
                problems.extend(_param_problems(error, name, "carve.params.schedule"))
            except (TypeError, ValueError) as exc:
                bad("carve.params.schedule", "ses.invalid", error=str(exc))
        elif not _typed(value, getattr(_DEFAULT_PARAMS, key)):
            bad(f"carve.params.{key}", _type_code(getattr(_DEFAULT_PARAMS, key)), _shown(value))
        else:
            values[key] = value
    notes = (msg("sess.solver_ignored", count=len(ignored)),) if ignored else ()
    try:
        return CarveParams(**values), notes
    except ParamError as error:
        problems.extend(_param_problems(error, name, "carve.params"))
    except (TypeError, ValueError) as exc:
        bad("carve.params", "ses.invalid", error=str(exc))
    return CarveParams(), notes


_DEFAULT_PARAMS = CarveParams()


def _typed(value: Any, default: Any) -> bool:
    """Whether a session file's setting has the type of its default: yes/no, a whole
    number, a (finite) number, or a list of whole numbers (days)."""
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if isinstance(default, int):
        return isinstance(value, int)
    if isinstance(default, float):
        return isinstance(value, int | float) and math.isfinite(value)
    if isinstance(default, tuple):
        return isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value)
    return True


def _type_code(default: Any) -> str:
    """The catalogue code of the type :func:`_typed` wants."""
    if isinstance(default, bool):
        return "ses.yes_no"
    if isinstance(default, int):
        return "num.int_nonnegative"
    if isinstance(default, tuple):
        return "ses.list"
    return "num.number"


def _param_problems(error: ParamError, name: str, part: str) -> list[Problem]:
    """A ParamError's problems as problems of the session file, each naming its field."""
    out = []
    for p in error.problems:
        where = f"{part}.{p.column}" if p.column else part
        if p.code:
            out.append(Problem.of(name, None, where, p.code, p.value, **dict(p.params)))
        else:
            out.append(Problem(name, None, where, p.rule, p.value))
    return out
