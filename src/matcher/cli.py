"""The ``matcher`` command: validate, carve and match from the terminal.

Exit codes: 0 success, 2 invalid input (every problem on stderr), 1 unexpected error.
Without input files, ``carve`` and ``match`` use the shipped demo data (``--demo vo`` or
``--demo po``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import pandas as pd

from matcher.carving import (
    CarveParams,
    Carving,
    ScheduleParams,
    SolverParams,
    carve,
    carve_bound,
)
from matcher.carving.relax import needs_relaxing, relaxations
from matcher.demo import DEMOS, demo_files
from matcher.errors import InputError, NotProvenError, Problem
from matcher.inputs.loaders import load_candidates, load_tasks, validate_file
from matcher.matching.assign import assign, shortlist, shortlist_candidates
from matcher.matching.graph import match_pairs
from matcher.matching.tables import FunctionTable
from matcher.matching.weights import Weights
from matcher.model import Inventory
from matcher.outputs.dutch import read_output_csv
from matcher.outputs.report import (
    carving_summary_text,
    match_summary_text,
    write_carving,
    write_match,
)
from matcher.store.region import ENDS, REASONS, RETENTION_MONTHS, STEPS

__all__ = ["main"]


if TYPE_CHECKING:
    from matcher.store import RegionStore


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matcher",
        description="Carve banenafspraak jobs out of a school's task inventory and match them "
                    "to anonymous candidate profiles.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check input files and report every problem")
    v.add_argument("files", nargs="+", type=Path,
                   help="task, sites or candidates files, or session files (.json)")
    v.add_argument("--kind", choices=["tasks", "sites", "candidates"],
                   help="file kind (default: detected from the headers)")

    def carve_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--sites", type=Path, help="sites file (site, name, lat/lon or pc4)")
        p.add_argument("--demo", choices=sorted(DEMOS), default="vo",
                       help="demo data to use when no files are given (default: vo)")
        p.add_argument("--target-hours", type=float, default=25.5)
        p.add_argument("--min-hours", type=float, default=20.0)
        p.add_argument("--max-hours", type=float, default=30.0)
        p.add_argument("--max-areas", type=int, default=2)
        scope = p.add_mutually_exclusive_group()
        scope.add_argument("--board", nargs="?", const="", default=None, metavar="NAME",
                           help="carve board-wide: functions combine the sites of one school "
                                "board (up to --max-sites, with travel time between them "
                                "inside the day); with NAME, carve only the sites of that "
                                "board (the 'board' column of the sites file)")
        scope.add_argument("--per-site", action="store_true",
                           help="carve every site on its own (same as --max-sites 1)")
        p.add_argument("--max-sites", type=int, default=3,
                       help="most sites per function (default 3); 1 carves every site on "
                            "its own")
        p.add_argument("--max-boards", type=int, default=1,
                       help="most school boards per function (default 1; more lets a "
                            "function work for several boards)")
        week = p.add_argument_group(
            "workable week", "the rules of a week a person can work (docs/carving.md)")
        week.add_argument("--opening-hours", type=_time_range, default="07:30-17:30",
                          metavar="HH:MM-HH:MM",
                          help="flexible work only inside these hours, unless the sites "
                               "file gives a site's own (default 07:30-17:30)")
        week.add_argument("--pupil-hours", type=_time_range, default="08:30-15:30",
                          metavar="HH:MM-HH:MM",
                          help="flexible work with pupils only inside these hours, unless "
                               "the sites file gives a site's own (default 08:30-15:30)")
        week.add_argument("--max-site-changes", type=int, default=1, metavar="N",
                          help="most moves between sites in one working day (default 1)")
        week.add_argument("--min-piece", type=int, default=30, metavar="MINUTES",
                          help="shortest block of flexible work (default 30)")
        week.add_argument("--min-day-hours", type=float, default=2.0, metavar="HOURS",
                          help="least work on a working day (default 2)")
        week.add_argument("--max-idle", type=int, default=60, metavar="MINUTES",
                          help="most idle minutes in a working day besides the break and "
                               "travel (default 60)")
        week.add_argument("--break-after", type=float, default=5.5, metavar="HOURS",
                          help="a day with more work than this holds a 30-minute break "
                               "(default 5.5, Arbeidstijdenwet)")
        week.add_argument("--max-start-spread", type=int, default=60, metavar="MINUTES",
                          help="start times more than this apart between the working days "
                               "are priced and warned about (default 60)")
        week.add_argument("--split-days", action="store_true",
                          help="a task on several days may go to different functions on "
                               "different days (boards whose schools share a timetable)")
        week.add_argument("--no-relaxations", action="store_true",
                          help="do not try looser rules when less than 70%% of the carvable "
                               "hours is carved (no relaxations.csv)")
        p.add_argument("--time-budget", type=float, default=None, metavar="SECONDS",
                       help="stop the carving heuristic after about this many seconds "
                            "(default: no limit; with a limit the result can depend on "
                            "the machine's speed)")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--carve-method", dest="carve_method",
                       choices=["auto", "exact", "heuristic"],
                       default="auto", help="carving method (default auto: exact when small)")
        p.add_argument("--lock", action="append", default=[], metavar="TASKS|F01",
                       help="keep these tasks together as one function and carve the rest; "
                            "task ids separated by commas, or a function id of --from "
                            "(repeat for several functions)")
        p.add_argument("--from", dest="from_functions", type=Path, metavar="FUNCTIONS_CSV",
                       help="functions.csv of an earlier run: --lock F01 names its "
                            "functions, and the re-carve starts from its other functions "
                            "(never worse than keeping them)")
        p.add_argument("--out", type=Path, required=True, help="output folder")
        p.add_argument("--csv", choices=["nl", "data"], default="nl",
                       help="nl (default): CSV files for a Dutch Excel (';', decimal comma, "
                            "Dutch headers and words); data: ',' and decimal points with the "
                            "library's column names and codes, for scripts and notebooks")

    c = sub.add_parser("carve", help="carve a task inventory into functions")
    c.add_argument("tasks", nargs="?", type=Path, help="task inventory (default: demo)")
    c.add_argument("--around-candidates", type=Path, metavar="CANDIDATES",
                   help="shape the functions to the profiles that can reach the school "
                        "(hours, hours per day) and keep the variant that places most people")
    c.add_argument("--bound", type=float, default=None, metavar="SECONDS",
                   help="also compute an upper bound on the objective (matcher.carving.bound, "
                        "at most about SECONDS) and print how far the carving can be from "
                        "the optimum at worst")
    carve_options(c)

    w = sub.add_parser("workspace", help="the WSP's region: schools, candidates and the "
                       "pipeline in one store (SQLite file)")
    wsub = w.add_subparsers(dest="action", required=True)
    wi = wsub.add_parser("init", help="create the store")
    wim = wsub.add_parser("import", help="add a school's inventory (a new session version) "
                          "and/or candidate profiles")
    wim.add_argument("--school", help="the school's name (added when new)")
    wim.add_argument("--board", default="", help="the school's board")
    wim.add_argument("--tasks", type=Path, help="the school's task inventory")
    wim.add_argument("--sites", type=Path, help="the school's sites file")
    wim.add_argument("--candidates", type=Path, help="candidate profiles of the region")
    wim.add_argument("--confirmed", type=dt.date.fromisoformat,
                     help="the date the profiles were last confirmed (default: today)")
    wr = wsub.add_parser("run", help="carve a school's inventory (or every school's), keep "
                         "the functions as its next session version, and match them: the "
                         "region's capped shortlists")
    wr.add_argument("--school", help="only this school")
    ws = wsub.add_parser("status", help="schools, functions, candidates, pipeline, flags")
    ws.add_argument("--json", action="store_true", help="as JSON")
    wsl = wsub.add_parser("shortlists", help="shortlists for every function of the region, "
                          "no candidate proposed to more than --cap schools (exact)")
    wsl.add_argument("--top", type=int, default=10, help="candidates per function")
    wsl.add_argument("--cap", type=int, default=3, help="schools per candidate at once")
    wsl.add_argument("--out", type=Path, help="write the lists here (CSV for a Dutch Excel)")
    wss = wsub.add_parser("set-status", help="move a function x candidate in the pipeline")
    wo = wsub.add_parser("outcome", help="record whether a placement still works")
    for q in (wss, wo):
        q.add_argument("--school", required=True)
        q.add_argument("--function", required=True, help="the function id, e.g. F03")
        q.add_argument("--candidate", required=True, help="the pseudonymous candidate id")
    wss.add_argument("--status", required=True, choices=[*STEPS, *ENDS])
    wss.add_argument("--reason", default="", choices=["", *REASONS],
                     help="why it ended, or why a step was skipped")
    wo.add_argument("--months", type=int, required=True, choices=[6, 12])
    wo.add_argument("--working", required=True, choices=["yes", "no"])
    wf = wsub.add_parser("forget", help="remove every row about a candidate")
    wf.add_argument("--candidate", required=True)
    wst = wsub.add_parser("stale", help="list the profiles to reconfirm (last confirmed more "
                          "than --months ago)")
    wst.add_argument("--months", type=int, default=6, help="age in months (default 6)")
    wp = wsub.add_parser("purge", help="remove the pipelines closed longer than the retention "
                         "period ago (ended, or placed with the 12-month outcome recorded)")
    wp.add_argument("--months", type=int, default=RETENTION_MONTHS,
                    help=f"retention in months after the last move (default {RETENTION_MONTHS})")
    wx = wsub.add_parser("export", help="write the region as tables: CSV for a Dutch Excel "
                         "and one workbook (werkruimte.xlsx)")
    wx.add_argument("--out", type=Path, required=True, help="the folder to write to")
    wx.add_argument("--csv", choices=["nl", "data"], default="nl",
                    help="nl: ';' and decimal comma (default); data: ',' and '.' for scripts")
    wd = wsub.add_parser("demo", help="build the demo region into a new store: the demo "
                         "school and board, generated schools, candidates and 18 months of "
                         "pipeline with outcomes (seeded)")
    wd.add_argument("--schools", type=int, default=12, help="generated schools (default 12)")
    wd.add_argument("--seed", type=int, default=None, help="the seed (default: the demo's)")
    for q in (wi, wim, wr, ws, wsl, wss, wo, wf, wst, wp, wx, wd):
        q.add_argument("path", type=Path, help="the store file (.sqlite)")
        q.add_argument("--user", default=os.environ.get("USER", "wsp"),
                       help="the pseudonymous name the audit log keeps (default: $USER)")

    m = sub.add_parser("match", help="carve, then score and assign candidates")
    m.add_argument("--tasks", type=Path, help="task inventory (default: demo)")
    m.add_argument("--candidates", type=Path, help="candidate profiles (default: demo pool)")
    m.add_argument("--weights", type=Path, help="TOML file with [weights] and [options]")
    m.add_argument("--top", type=int, default=10, help="shortlist length per function")
    m.add_argument("--k", type=int, default=5,
                   help="small-group size for shortlist_for_school.csv: postcode, level and "
                        "hours are coarsened until each combination is shared by >= k "
                        "candidates (default 5)")
    m.add_argument("--objective", choices=["placements", "score"], default="placements",
                   help="placements: most people placed, then best total score (default); "
                        "score: best total score")
    m.add_argument("--method", choices=["auto", "dense", "sparse"], default="auto",
                   help="dense: score every pair; sparse: only pairs within travel reach; "
                        "auto: by size (default)")
    m.add_argument("--split", metavar="IDS",
                   help="functions that may go to two part-timers (half the hours each): "
                        "'all' or ids separated by commas, e.g. F01,F03")
    carve_options(m)
    return parser


def _params(args: argparse.Namespace) -> CarveParams:
    """The user's carving rules from the command line."""
    (open_from, open_until), (pupils_from, pupils_until) = args.opening_hours, args.pupil_hours
    schedule = ScheduleParams(
        day_start=open_from, day_end=open_until, pupil_start=pupils_from,
        pupil_end=pupils_until, flex_start=min(max(8 * 60 + 30, open_from), open_until - 1),
        max_site_changes=args.max_site_changes, min_piece=args.min_piece,
        min_day_hours=args.min_day_hours, max_idle_per_day=args.max_idle,
        break_after_hours=args.break_after, max_start_spread=args.max_start_spread)
    return CarveParams(target_hours=args.target_hours, min_hours=args.min_hours,
                       max_hours=args.max_hours, max_areas=args.max_areas,
                       max_sites=1 if args.per_site else args.max_sites,
                       max_boards=args.max_boards, split_days=args.split_days,
                       schedule=schedule)


class ProgressBar:
    """A progress bar on stderr for a carve that takes more than ``after`` seconds.

    Quiet for quick carves; then a bar redrawn in place on a terminal, or a line per tenth
    in a log (CI, a pipe).
    """

    def __init__(self, label: str = "carving", after: float = 2.0,
                 stream: TextIO | None = None) -> None:
        self.label, self.after = label, after
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.shown = -1.0
        self.drawn = 0.0
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def __call__(self, fraction: float, stage: str) -> None:
        now = time.monotonic()
        if now - self.start < self.after:
            return
        if self.tty:
            if now - self.drawn < 0.2 and fraction < 1.0:
                return
            self.drawn = now
            filled = round(30 * fraction)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{fraction:4.0%} {now - self.start:5.1f} s  {stage[:40]:<40}")
            if fraction >= 1.0:
                self.stream.write("\n")
            self.stream.flush()
        elif fraction >= self.shown + 0.1 or (fraction >= 1.0 > self.shown):
            self.shown = fraction
            print(f"{self.label}: {fraction:.0%} after {now - self.start:.1f} s ({stage})",
                  file=self.stream, flush=True)


def _relax_progress(done: int, total: int, label: str) -> None:
    """One line on stderr per relaxation tried."""
    if label:
        print(f"  [{done + 1}/{total}] {label}", file=sys.stderr)


def _time_range(text: str) -> tuple[int, int]:
    """``"07:30-17:30"`` -> minutes after midnight (an argparse type)."""
    try:
        lo, hi = (part.strip() for part in text.split("-"))
        start, end = (int(x[:-3]) * 60 + int(x[-2:]) for x in (lo, hi) if x[-3] == ":")
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(
            f"expected HH:MM-HH:MM, e.g. 07:30-17:30; got {text!r}") from None
    if not 0 <= start < end <= 24 * 60:
        raise argparse.ArgumentTypeError(f"the start must lie before the end: {text!r}")
    return start, end


def _solver(args: argparse.Namespace) -> SolverParams:
    """The solver's settings from the command line (--carve-method, --seed, --time-budget)."""
    return SolverParams(method=args.carve_method, seed=args.seed,
                        time_budget=args.time_budget)


def _select_board(inventory: Inventory, board: str | None) -> Inventory:
    """Only the sites and tasks of board ``board`` (``None`` or ``""``: all of them)."""
    if not board:
        return inventory
    frame = inventory.sites.frame
    boards = frame["board"].fillna("").astype(str) if "board" in frame.columns else \
        pd.Series([""] * len(frame))
    wanted = boards.str.strip().str.casefold() == board.strip().casefold()
    if not wanted.any():
        known = sorted({b for b in boards if b})
        raise InputError([Problem(
            "<sites>", None, "board",
            "--board names a board that is not in the sites file (known: "
            + (", ".join(known) if known else "none: the sites file has no board column")
            + ").", board)])
    site_ids = set(frame.loc[wanted.to_numpy(), "site"].astype(str))
    sites = replace(inventory.sites, frame=frame.loc[wanted.to_numpy()].reset_index(drop=True))
    tasks = tuple(t for t in inventory.tasks if t.site in site_ids)
    return replace(inventory, tasks=tasks, sites=sites)


def _earlier_functions(args: argparse.Namespace) -> dict[str, list[str]]:
    """Function id -> task ids of the --from functions.csv (empty without --from)."""
    earlier: dict[str, list[str]] = {}
    if args.from_functions is not None:
        frame = read_output_csv(args.from_functions)
        if not {"function_id", "task_ids"} <= set(frame.columns):
            raise InputError([Problem.of(args.from_functions.name, None, "",
                                         "cli.not_functions")])
        earlier = {f: ids.split(";") for f, ids in zip(frame["function_id"],
                                                         frame["task_ids"], strict=True)}
    return earlier


def _locked_groups(args: argparse.Namespace, earlier: dict[str, list[str]]
                   ) -> list[list[str]]:
    """Task groups from --lock: task ids, or function ids looked up in --from."""
    groups = []
    for value in args.lock:
        value = value.strip()
        if value in earlier:
            groups.append(earlier[value])
        elif args.from_functions is None or "," in value:
            groups.append([t.strip() for t in value.split(",") if t.strip()])
        else:
            raise InputError([Problem.of(args.from_functions.name, None, "function_id",
                                         "cli.lock_unknown", value)])
    return groups


def _inventory(tasks: Path | None, sites: Path | None, demo: str) -> Inventory:
    if tasks is None:
        files = demo_files(demo)
        print(f"No task inventory given: using the demo '{files.title}'.", file=sys.stderr)
        return load_tasks(files.tasks, files.sites)
    return load_tasks(tasks, sites)


def _warn(lines: Sequence[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def _bound_text(inventory: Inventory, carving: Carving, seconds: float) -> str:
    """One line: the carving's objective, a proven upper bound and the worst-case gap."""
    if seconds <= 0:
        raise ValueError("--bound needs a number of seconds > 0.")
    if any(f.locked for f in carving.functions):
        return ("bound: not computed (the bound is for a free carving; this one has locked "
                "functions).")
    if carving.method == "exact":
        return (f"bound: objective {carving.objective:.3f} is proven optimal (the exact "
                "method): no carving under these rules does better.")
    bound = carve_bound(inventory, carving.params, solver=carving.solver, time_limit=seconds,
                        seeds=carving)
    how = ("the optimum itself" if bound.proven
           else "LP over every feasible function" if bound.method == "exact"
           else "column generation, converged" if bound.converged
           else "column generation, stopped at the time limit")
    return (f"bound: objective {carving.objective:.3f}, upper bound {bound.upper:.3f} "
            f"({how}, {bound.seconds:.1f} s): at most {100 * bound.gap(carving.objective):.1f}% "
            "below the optimum")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except InputError as error:
        print(str(error), file=sys.stderr)
        return 2
    except ValueError as error:  # invalid settings, e.g. --min-hours above --max-hours
        print(f"invalid setting: {error}", file=sys.stderr)
        return 2
    except NotProvenError as error:  # --carve-method exact beyond the exact method's limits
        print(str(error), file=sys.stderr)
        return 2
    except OSError as error:  # e.g. an output folder that cannot be written
        print(f"cannot read or write a file: {error.strerror or error} "
              f"({error.filename or ''})", file=sys.stderr)
        return 2


def _validate_session(path: Path) -> str:
    """Open a session file as the app would (checked whole, its functions rebuilt within
    the reopening's time bound); a one-line summary, and what did not come back printed
    as warnings. :class:`InputError` with every problem when it would not open."""
    from matcher.session.workspace import Workspace

    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem.of(path.name, None, "", "io.missing_file")]) from None
    ws, outcome = Workspace.open(data, path.name)
    for note_ in outcome.notes:
        print(f"  note: {note_.text('en')}", file=sys.stderr)
    carving = ws.carving
    functions = len(carving.functions) if carving is not None else 0
    locked = sum(f.locked for f in carving.functions) if carving is not None else 0
    candidates = len(ws.pool) if ws.pool is not None else 0
    tasks = len(ws.inventory.tasks) if ws.inventory is not None else 0
    return (f"{path.name}: session file, {tasks} tasks, {functions} "
            f"function(s) ({locked} locked), {candidates} candidate profiles, "
            f"{len(ws.task_pins)} task pin(s), {len(ws.candidate_pins)} agreement(s).")


def _region_shortlists(region: RegionStore, top: int, cap: int) -> pd.DataFrame:
    """Make the region's capped shortlists, keep them in the store and print what they
    hold; return the lists."""
    result, lists = region.shortlists(top=top, cap=cap, keep=True)
    print(f"{lists[['school', 'function_id']].drop_duplicates().shape[0]} functions, "
          f"{lists['candidate_id'].nunique()} candidates on the lists (at most "
          f"{cap} schools each); the cap and one list per school moved "
          f"{len(result.moved)} place(s) of "
          f"{result.candidates_moved} candidate(s) elsewhere; total score "
          f"{result.total_score:.2f} against {result.uncapped_score:.2f} uncapped")
    flagged = int((lists["elders_actief"] != "").sum())
    stale = int(lists["verouderd"].sum())
    print(f"flags: {flagged} place(s) of candidates active at another school, {stale} of "
          "profiles not confirmed for 6 months")
    print("the lists are kept in the workspace (what was proposed, with the scores now)")
    return lists


def _workspace(args: argparse.Namespace) -> int:
    """``matcher workspace ...``: the region store (:class:`matcher.store.RegionStore`)."""
    from matcher.session.workspace import Workspace
    from matcher.store import RegionStore
    from matcher.store.db import StoreError

    action = args.action
    if action == "demo":
        from matcher.demo_region import DEMO_REGION_SEED, build_demo_region

        if args.path.exists():
            raise ValueError(f"{args.path} exists already: the demo region goes into a new "
                             "file")
        if not 1 <= args.schools <= 60:
            raise ValueError("--schools must be between 1 and 60")
        region = build_demo_region(args.path, schools=args.schools,
                                   progress=ProgressBar("demo region"),
                                   seed=DEMO_REGION_SEED if args.seed is None else args.seed)
        status = region.status()
        print(f"demo region in {args.path}: {len(status['schools'])} schools, "
              f"{status['candidates']} candidates, "
              + ", ".join(f"{k} {v}" for k, v in status["pipeline"].items())
              + f", {len(region.outcomes())} outcomes")
        return 0
    try:
        region = RegionStore(args.path, user=args.user)
    except StoreError as error:
        raise ValueError(str(error)) from None
    if action == "init":
        print(f"store ready: {args.path}")
    elif action == "import":
        if args.tasks is None and args.candidates is None:
            raise ValueError("give --tasks (with --school) and/or --candidates")
        if args.tasks is not None:
            if not args.school:
                raise ValueError("--tasks needs --school")
            ws = Workspace.from_files(args.tasks, args.sites, tasks_name=args.tasks.name,
                                      sites_name=args.sites.name if args.sites else None,
                                      source=args.school)
            assert ws.inventory is not None
            _warn(ws.inventory.warnings)
            region.add_school(args.school, args.board)
            version = region.save_session(args.school, ws.save(), tasks=len(ws.inventory.tasks),
                                          functions=0)
            print(f"{args.school}: {len(ws.inventory.tasks)} tasks, session version {version}")
        if args.candidates is not None:
            pool = load_candidates(args.candidates)
            _warn(pool.warnings)
            n = region.import_candidates(pool, args.confirmed)
            print(f"{n} candidate profiles imported ({region.candidates()} in the region)")
    elif action == "run":
        schools = [s["school"] for s in region.schools()
                   if args.school is None or s["school"] == args.school]
        if args.school is not None and not schools:
            raise ValueError(f"school '{args.school}' is not in the workspace")
        # every school on a pool of processes (matcher.session.region), read one at a
        # time from the store and saved as it comes back, in the schools' order
        from collections.abc import Iterator

        from matcher.session.region import SchoolJob, SchoolRun, carve_schools

        def jobs() -> Iterator[SchoolJob]:
            for name in schools:
                stored = region.session(name)
                if stored is None:
                    print(f"{name}: no inventory yet (workspace import --tasks)")
                    continue
                yield SchoolJob(name, *stored)

        bar = ProgressBar("region")

        def heard(done: int, total: int, run: SchoolRun) -> None:
            bar(done / total, f"{run.school} ({done} of {total})")

        for run in carve_schools(jobs(), progress=heard, total=len(schools)):
            for text in run.notes:
                print(f"  note: {text}", file=sys.stderr)
            new = region.save_session(run.school, run.data, read_version=run.version,
                                      tasks=run.tasks, functions=run.functions)
            cut = " (time budget used up: the best carving so far)" if run.budget_cut \
                else ""
            print(f"{run.school}: {run.functions} functions, {run.fta:.2f} fta (session "
                  f"version {new}){cut}")
        if region.candidates():
            # and matched: the region's capped shortlists with the new functions
            _region_shortlists(region, top=10, cap=3)
        else:
            print("no candidate profiles in the workspace yet: nothing matched "
                  "(workspace import --candidates)")
    elif action == "status":
        status = region.status()
        if args.json:
            print(json.dumps(status, indent=1, ensure_ascii=False))
        else:
            for school in status["schools"]:
                print(f"{school['school']} ({school['board'] or 'no board'}): "
                      f"{school['tasks']} tasks, {school['functions']} functions, session "
                      f"version {school['version']}")
            print(f"{status['candidates']} candidate profiles, {status['stale_profiles']} "
                  "not confirmed for 6 months")
            print("pipeline: " + ", ".join(f"{k} {v}" for k, v in status["pipeline"].items()))
            print(f"candidates in an active step at two or more schools: "
                  f"{status['double_booked']}")
            if status["closed_due"]:
                print(f"closed pipelines past the retention period: {status['closed_due']} "
                      "(matcher workspace purge)")
    elif action == "shortlists":
        lists = _region_shortlists(region, args.top, args.cap)
        if args.out is not None:
            from matcher.outputs.files import write_csv

            dutch = lists.assign(verouderd=lists["verouderd"].map({True: "ja", False: "nee"}))
            write_csv(dutch.rename(columns={"function_id": "functie", "rank": "rang",
                                            "candidate_id": "kandidaat"}),
                      args.out, sep=";", decimal=",")
            print(f"wrote {args.out}")
    elif action == "set-status":
        elsewhere = region.set_status(args.school, args.function, args.candidate, args.status,
                                      args.reason)
        print(f"{args.school} {args.function}: {args.status}")
        if elsewhere:
            print(f"note: this candidate is also in an active step at {', '.join(elsewhere)}",
                  file=sys.stderr)
    elif action == "outcome":
        region.record_outcome(args.school, args.function, args.candidate, args.months,
                              args.working == "yes")
        print(f"{args.school} {args.function}: outcome after {args.months} months recorded")
    elif action == "forget":
        removed = region.forget(args.candidate)
        print(f"forgotten: {removed} row(s) removed")
    elif action == "stale":
        old = region.stale(months=args.months)
        for candidate_id, confirmed in old:
            print(f"{candidate_id}\t{confirmed}")
        print(f"{len(old)} profile(s) not confirmed for {args.months} months: ask the "
              "candidates to reconfirm, then import them again", file=sys.stderr)
    elif action == "purge":
        if args.months < 13:
            raise ValueError("--months must be at least 13: the 12-month outcome needs the "
                             "pipeline")
        removed = region.purge_closed(months=args.months)
        print(f"{removed} closed pipeline(s) older than {args.months} months removed")
    elif action == "export":
        from matcher.outputs.files import write_csv, write_xlsx

        args.out.mkdir(parents=True, exist_ok=True)
        tables = region.tables()
        dutch = args.csv == "nl"
        for name, frame in (tables if dutch else region.tables(dutch=False)).items():
            write_csv(frame, args.out / f"{name}.csv", sep=";" if dutch else ",",
                      decimal="," if dutch else ".")
        write_xlsx(tables, args.out / "werkruimte.xlsx")
        print(f"wrote {len(tables)} tables to {args.out} ("
              + ", ".join(f"{k} {len(v)}" for k, v in tables.items()) + ") and werkruimte.xlsx")
    return 0


def _process_started() -> float:
    """The :func:`time.monotonic` time this process started (Linux: from ``/proc``, so
    that a time budget includes starting Python and reading the library; elsewhere:
    now)."""
    now = time.monotonic()
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        ticks = int(fields[19])  # field 22 of proc(5): the start, in clock ticks since boot
        elapsed = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, AttributeError):
        return now
    return now - elapsed if 0.0 <= elapsed < 600.0 else now


def _run(args: argparse.Namespace) -> int:
    if args.command == "workspace":
        return _workspace(args)
    if args.command == "validate":
        problems: list[InputError] = []
        for path in args.files:
            try:
                if path.suffix.lower() == ".json" and args.kind is None:
                    print(f"OK  {_validate_session(path)}")
                    continue
                _, summary, warnings = validate_file(path, args.kind)
                print(f"OK  {summary}")
                _warn(warnings)
            except InputError as error:
                problems.append(error)
                print(f"ERR {path.name}: {len(error.problems)} problem(s)")
        if problems:
            raise InputError([p for e in problems for p in e.problems])
        return 0

    started = _process_started()  # a --time-budget counts the whole command
    params = _params(args)
    solver = _solver(args)
    tasks_path = args.tasks
    inventory = _select_board(_inventory(tasks_path, args.sites, args.demo), args.board)
    _warn(inventory.warnings)
    around = getattr(args, "around_candidates", None)
    if around is not None:
        from matcher.session.around import carve_around_pool

        if args.lock:
            raise ValueError("--around-candidates and --lock cannot be combined yet.")
        chosen = carve_around_pool(inventory, load_candidates(around), params, solver=solver)
        print("variants (placements of the optimal assignment with this pool):")
        for row in chosen.variants:
            print(f"  {row['variant']:<20} band {row['min_hours']:g}-{row['max_hours']:g} h, "
                  f"{row['functions']} functions, {row['fta']:.2f} fta, "
                  f"{row['placements']} placed, total score {row['total_score']:.3f}")
        print(f"chosen: {chosen.label}")
        carving = chosen.carving
    else:
        earlier = _earlier_functions(args)
        locked = _locked_groups(args, earlier)
        in_lock = {t for g in locked for t in g}
        # warm start: the earlier functions that are not locked (never worse than them)
        warm = [ids for ids in earlier.values() if not in_lock & set(ids)]
        carving = carve(inventory, params, solver=solver, locked=locked, warm_start=warm,
                        earlier=earlier, progress=ProgressBar(), started=started)
    tried = None
    if needs_relaxing(carving) and not getattr(args, "no_relaxations", False):
        print("less than 70% of the carvable hours carved: trying what would help ...",
              file=sys.stderr)
        tried = relaxations(carving, solver, progress=_relax_progress)
    written = write_carving(carving, args.out, tried, dutch=args.csv == "nl")
    print(carving_summary_text(carving, tried))
    if args.command == "carve":
        if getattr(args, "bound", None) is not None:
            print(_bound_text(inventory, carving, args.bound))
        print("wrote " + ", ".join(str(p) for p in written))
        return 0

    if args.candidates is None:
        files = demo_files(args.demo)
        print("No candidates given: using the synthetic demo pool.", file=sys.stderr)
        pool = load_candidates(files.candidates)
    else:
        pool = load_candidates(args.candidates)
    _warn(pool.warnings)
    weights = Weights.from_toml(args.weights) if args.weights else Weights()
    if args.top < 1:
        raise ValueError("--top must be at least 1.")
    table = FunctionTable.from_functions(carving.functions, inventory.sites)
    if args.split:
        wanted = None if args.split.strip().lower() == "all" else \
            [s.strip() for s in args.split.split(",") if s.strip()]
        unknown = sorted(set(wanted or []) - set(table.ids))
        if unknown:
            raise ValueError(f"--split names functions that do not exist: {', '.join(unknown)} "
                             f"(the carving has {', '.join(table.ids)}).")
        table = table.split(wanted)
    scores = match_pairs(table, pool, inventory.sites, weights, method=args.method)
    assignment = assign(scores, args.objective)
    short = shortlist(scores, args.top, assignment)
    per_candidate = shortlist_candidates(scores, args.top, assignment)
    written += write_match(scores, assignment, short, args.out, per_candidate,
                           dutch=args.csv == "nl")
    from matcher.outputs.files import write_csv
    from matcher.outputs.privacy import k_anonymise
    from matcher.outputs.wsp import wsp_shortlist_csv

    if args.k < 1:
        raise ValueError("--k must be at least 1.")
    school, report = k_anonymise(short, pool.frame, k=args.k)
    path = args.out / "shortlist_for_school.csv"
    if args.csv == "nl":  # the WSP shortlist the app downloads: titles, places in words
        path.write_bytes(wsp_shortlist_csv(carving, short, pool, k=args.k))
        written.append(path)
    else:
        written.append(write_csv(school, path))
    print(report.text())
    print(match_summary_text(scores, assignment))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
