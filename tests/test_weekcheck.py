"""The independent week checker (benchmarks/weekcheck.py) catches each rule it is for.

A hand-built valid week of a 20.5-hour function over two sites passes; each crafted
violation (one rule broken, everything else kept) is caught, by the rule it breaks.
"""

from __future__ import annotations

import ast
from pathlib import Path
from types import ModuleType, SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from matcher.carving import CarveParams, ScheduleParams
from matcher.model import Inventory, Sites, Task
from tests.benchmark_modules import load_benchmark

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load(name: str) -> ModuleType:
    return load_benchmark(name, None)


wc = _load("weekcheck")

TRAVEL = {("a", "b"): 15.0, ("b", "a"): 15.0, ("a", "a"): 0.0, ("b", "b"): 0.0}


def _fixed(tid: str, days: tuple[int, ...], start: str, end: str, contact: int = 2) -> Task:
    lo, hi = wc._minute(start), wc._minute(end)
    return Task(tid, tid, "classroom", len(days) * (hi - lo) / 60, 2, "a", days, lo, hi,
                pupil_contact=contact)


#: A function of 20.5 h: gate duty, playground, lunch (fixed, pupils), reading with pupils on
#: three days, cleaning at site b on two days, and two free tasks.
TASKS = (
    _fixed("G", (0, 1, 2, 3, 4), "08:15", "08:30", contact=1),
    _fixed("P", (0, 1, 2, 3, 4), "10:15", "10:30"),
    _fixed("L", (0, 1, 3, 4), "12:00", "12:45"),
    Task("R", "tutorlezen", "classroom", 2.25, 2, "a", (0, 1, 3), pupil_contact=2),
    Task("C", "schoonmaak", "facilities", 2.0, 1, "b", (0, 2)),
    Task("K", "kopieerwerk", "facilities", 4.0, 1, "a"),
    Task("A", "archief", "facilities", 6.75, 1, "a"),
)

VALID = """
ma 08:15-08:30 a G | ma 08:30-09:15 a R | ma 09:15-10:15 a K | ma 10:15-10:30 a P
ma 10:30-12:00 a A | ma 12:00-12:45 a L | ma 12:45-13:15 a pauze | ma 13:15-14:15 a K
ma 14:15-14:30 b reistijd | ma 14:30-15:30 b C
di 08:15-08:30 a G | di 08:30-09:15 a R | di 09:15-10:15 a K | di 10:15-10:30 a P
di 10:30-11:00 a A | di 12:00-12:45 a L
wo 08:15-08:30 a G | wo 08:30-09:30 a K | wo 09:30-10:15 a A | wo 10:15-10:30 a P
wo 10:30-10:45 b reistijd | wo 10:45-11:45 b C
do 08:15-08:30 a G | do 08:30-09:15 a R | do 09:15-10:15 a A | do 10:15-10:30 a P
do 11:15-12:00 a A | do 12:00-12:45 a L
vr 08:15-08:30 a G | vr 08:30-10:15 a A | vr 10:15-10:30 a P | vr 10:30-11:00 a A
vr 12:00-12:45 a L
"""


def week(text: str) -> pd.DataFrame:
    """A week from ``day hh:mm-hh:mm site what`` items (``what``: a task, pauze or
    reistijd) separated by ``|`` or new lines."""
    rows = []
    for item in text.replace("\n", "|").split("|"):
        if not item.strip():
            continue
        day, span, site, what = item.split()
        start, end = span.split("-")
        kind = what if what in (wc.BREAK, wc.TRAVEL) else wc.WORK
        rows.append({"function_id": "F01", "day": day, "start": start, "end": end,
                     "site": site, "task_id": "" if kind != wc.WORK else what,
                     "fixed": what in ("G", "P", "L", "F"), "kind": kind})
    return pd.DataFrame(rows, columns=wc.SCHEDULE_COLUMNS)


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def check(text: str, tasks: tuple[Task, ...] = TASKS, rules: object = None,
          hours: dict[str, tuple[int, int, int, int, int]] | None = None) -> list[str]:
    return wc.check_week(week(text), tasks, rules or wc.Rules(), TRAVEL, hours,
                         {"a": "B", "b": "B"})


def test_the_valid_week_passes() -> None:
    assert sum(t.hours for t in TASKS) == 20.5
    assert check(VALID) == []


def test_overlap() -> None:
    problems = check(edit(VALID, "ma 09:15-10:15 a K", "ma 09:20-10:20 a K"))
    assert problems == ["ma: overlap K 09:20-10:20 and P 10:15-10:30"]


def test_two_site_changes() -> None:
    wednesday = ("wo 08:15-08:30 a G | wo 08:30-08:45 b reistijd | wo 08:45-09:45 b C\n"
                 "wo 09:45-10:00 a reistijd | wo 10:15-10:30 a P | wo 10:30-11:30 a K\n"
                 "wo 11:30-12:15 a A\n")
    text = "\n".join(line for line in VALID.splitlines() if not line.startswith("wo"))
    assert check(text + "\n" + wednesday) == ["wo: 2 site changes"]
    one = wc.Rules(max_site_changes=2)
    assert check(text + "\n" + wednesday, rules=one) == []


def test_no_time_or_no_row_for_travel() -> None:
    late = edit(edit(VALID, "ma 14:30-15:30 b C", "ma 14:20-15:20 b C"),
                "ma 14:15-14:30 b reistijd", "ma 14:15-14:20 b reistijd")
    assert check(late) == ["ma: no time to travel a -> b (14:15-14:20, 15 min needed)"]
    hidden = edit(VALID, "ma 14:15-14:30 b reistijd", "")
    assert check(hidden) == ["ma: no travel row for a -> b (14:15-14:30)"]


def test_a_twenty_minute_flexible_piece() -> None:
    thursday = "do 11:15-12:00 a A"
    problems = check(edit(VALID, thursday, "do 11:15-11:35 a A | do 11:35-12:00 a A"))
    assert problems == []  # rows that follow each other are one block
    problems = check(edit(VALID, thursday, "do 11:00-11:20 a A | do 11:20-11:30 a pauze |"
                                           " do 11:30-11:55 a A"))
    assert problems == ["A: block of 20 min on do", "A: block of 25 min on do"]


def test_a_short_task_gets_one_short_block() -> None:
    """Z (15 min a week) and D (15 min on each of two days) have less than a piece; Y (2 h,
    no days) does not, so it may not leave 15 minutes on a day."""
    tasks = (Task("Y", "y", "facilities", 2.0, 1, "a"),
             Task("Y2", "y2", "facilities", 2.0, 1, "a"),
             Task("Z", "koffie", "facilities", 0.25, 1, "a"),
             Task("D", "post", "facilities", 0.5, 1, "a", (0, 1)))
    rules = wc.Rules(min_hours=0)
    good = ("ma 09:00-11:00 a Y | ma 11:00-11:15 a Z | ma 11:15-11:30 a D |"
            " di 08:45-10:45 a Y2 | di 10:45-11:00 a D")
    assert check(good, tasks, rules) == []
    split = ("ma 09:00-10:45 a Y | ma 10:45-11:00 a Z | ma 11:00-11:15 a D |"
             " di 08:30-08:45 a Y | di 08:45-10:45 a Y2 | di 10:45-11:00 a D")
    assert check(split, tasks, rules) == ["Y: block of 15 min on di"]


def test_missing_break_on_a_six_hour_day() -> None:
    problems = check(edit(VALID, "ma 12:45-13:15 a pauze", ""))
    assert problems == ["ma: 390 min of work without a 30 min break"]


def test_a_break_in_two_parts_of_fifteen() -> None:
    two = edit(edit(VALID, "ma 12:45-13:15 a pauze", "ma 12:45-13:00 a pauze"),
               "ma 13:15-14:15 a K", "ma 13:00-13:15 a pauze | ma 13:15-14:15 a K")
    assert check(two) == []
    short = edit(edit(VALID, "ma 12:45-13:15 a pauze", "ma 12:45-13:05 a pauze"),
                 "ma 13:15-14:15 a K", "ma 13:05-13:15 a pauze | ma 13:15-14:15 a K")
    assert check(short) == ["ma: 390 min of work without a 30 min break"]


def test_ninety_minutes_idle() -> None:
    problems = check(edit(VALID, "di 10:30-11:00 a A | di 12:00-12:45 a L",
                          "di 12:00-12:45 a L | di 12:45-13:15 a A"))
    assert problems == ["di: 90 min idle"]


def test_a_break_label_does_not_hide_idle_time() -> None:
    problems = check(edit(VALID, "di 10:30-11:00 a A | di 12:00-12:45 a L",
                          "di 10:30-12:00 a pauze | di 12:00-12:45 a L | di 12:45-13:15 a A"))
    assert problems == ["di: 90 min idle"]


def test_a_day_of_an_hour_and_a_half() -> None:
    tasks = (Task("Y", "y", "facilities", 1.5, 1, "a"),)
    assert check("ma 09:00-10:30 a Y", tasks, wc.Rules(min_hours=0)) == \
        ["ma: only 90 min of work"]


def test_a_flexible_pupil_task_at_four() -> None:
    tasks = (Task("Y", "y", "facilities", 2.0, 1, "a"),
             Task("R", "lezen", "classroom", 1.0, 2, "a", (0,), pupil_contact=2))
    rules = wc.Rules(min_hours=0)
    assert check("ma 13:00-15:00 a Y | ma 15:00-16:00 a R", tasks, rules) == \
        ["R: ma 15:00-16:00 outside 08:30-15:30"]
    assert check("ma 12:30-14:30 a Y | ma 14:30-15:30 a R", tasks, rules) == []
    low = (tasks[0], Task("R", "lezen", "classroom", 1.0, 2, "a", (0,), pupil_contact=0))
    assert check("ma 13:00-15:00 a Y | ma 15:00-16:00 a R", low, rules) == []


def test_a_short_wednesday() -> None:
    tasks = (Task("Y", "y", "facilities", 2.0, 1, "a"),
             Task("R", "lezen", "classroom", 1.0, 2, "a", (2,), pupil_contact=1))
    rules = wc.Rules(min_hours=0)
    short = {"a": (450, 1050, 510, 915, 735)}  # pupils until 15:15, on Wednesday 12:15
    assert check("wo 12:15-13:15 a R | wo 13:15-15:15 a Y", tasks, rules, short) == \
        ["R: wo 12:15-13:15 outside 08:30-12:15"]
    assert check("wo 11:15-12:15 a R | wo 12:15-14:15 a Y", tasks, rules, short) == []


def test_flexible_work_at_six_in_the_evening() -> None:
    tasks = (Task("Y", "y", "facilities", 2.0, 1, "a"),)
    rules = wc.Rules(min_hours=0)
    assert check("ma 16:30-18:30 a Y", tasks, rules) == ["Y: ma 16:30-18:30 outside 07:30-17:30"]
    later = {"a": (450, 1110, 510, 930, 930)}  # open until 18:30
    assert check("ma 16:30-18:30 a Y", tasks, rules, later) == []


def test_a_fixed_block_moved() -> None:
    tasks = (_fixed("F", (0,), "10:00", "11:00"), Task("Y", "y", "facilities", 2.0, 1, "a"))
    rules = wc.Rules(min_hours=0)
    assert check("ma 10:00-11:00 a F | ma 11:00-13:00 a Y", tasks, rules) == []
    assert check("ma 10:15-11:15 a F | ma 11:15-13:15 a Y", tasks, rules) == \
        ["F: fixed block 10:00-11:00 missing on ma"]


def test_bookkeeping() -> None:
    assert check(edit(VALID, "vr 10:30-11:00 a A", "vr 10:30-11:15 a A")) == \
        ["A: 420 of 405 min"]
    shares = edit(edit(VALID, "ma 08:30-09:15 a R", "ma 08:30-09:00 a R"),
                  "do 08:30-09:15 a R | do 09:15-10:15 a A",
                  "do 08:30-09:30 a R | do 09:30-10:15 a A")
    assert check(shares) == ["R: 30 min on ma, share 45", "R: 60 min on do, share 45",
                             "A: 390 of 405 min"]
    assert check(shares, rules=wc.Rules(equal_shares=False)) == ["A: 390 of 405 min"]
    assert check(edit(VALID, "ma 14:30-15:30 b C", "ma 14:30-15:30 a C")) == \
        ["C: at a, task at b"]
    assert check(VALID + "| vr 11:00-11:30 a X") == ["vr: block of unknown task 'X'"]
    moved = check(edit(VALID, "do 08:30-09:15 a R", "wo 13:00-13:45 a R"))
    assert moved[:2] == ["R: on wo, outside its days", "R: 0 min on do, share 45"]


def test_the_function_rules() -> None:
    problems = check(VALID, rules=wc.Rules(min_hours=21))
    assert problems == ["20.5 h outside the band"]
    assert check(VALID, rules=wc.Rules(max_areas=1)) == ["too many areas"]
    assert check(VALID, rules=wc.Rules(max_sites=1)) == ["too many sites"]
    problems = wc.check_week(week(VALID), TASKS, wc.Rules(), TRAVEL, None,
                             {"a": "B1", "b": "B2"})
    assert problems == ["too many boards"]


def test_rules_from_matcher_params() -> None:
    rules = wc.rules_from_params(CarveParams(min_hours=12, target_hours=16, schedule=(
        ScheduleParams(max_idle_per_day=30, min_piece=45, day_end=18 * 60))))
    assert (rules.min_hours, rules.max_idle, rules.min_piece, rules.open_until) == \
        (12, 30, 45, 18 * 60)
    assert wc.rules_from_params(CarveParams()) == wc.Rules()


def test_check_carving_reads_the_sites() -> None:
    """Travel from the coordinates, hours from the sites columns, rules from the params."""
    frame = pd.DataFrame({
        "site": ["a", "b"], "name": ["A", "B"], "lat": [52.0, 52.009], "lon": [5.0, 5.0],
        "pc4": ["", ""], "board": ["B", "B"], "approximate": [False, False],
        "open_from": [np.nan, np.nan], "open_until": [np.nan, np.nan],
        "pupils_from": [np.nan, np.nan], "pupils_until": [915.0, np.nan],
        "wednesday_pupils_until": [735.0, np.nan]})
    inventory = Inventory(TASKS, Sites(frame))
    travel = wc.travel_minutes(inventory.sites)
    assert travel == inventory.sites.travel_minutes()
    assert travel["a", "b"] == 16.0  # 1 km: 10 + 1.3 * 60 / 15 = 15.2, rounded up
    assert wc.site_hours(inventory.sites)["a"] == (450, 1050, 510, 915, 735)
    frame_text = frame.assign(pupils_until=["15:15", ""], wednesday_pupils_until=["12:15", ""])
    assert wc.site_hours(frame_text) == wc.site_hours(frame)
    functions = (SimpleNamespace(function_id="F01", task_ids=tuple(t.task_id for t in TASKS)),)
    trips = edit(edit(VALID, "ma 14:15-14:30 b reistijd | ma 14:30-15:30 b C",
                      "ma 14:15-14:31 b reistijd | ma 14:31-15:31 b C"),
                 "wo 10:30-10:45 b reistijd | wo 10:45-11:45 b C",
                 "wo 10:30-10:46 b reistijd | wo 10:46-11:46 b C")
    carving = SimpleNamespace(functions=functions, schedule_frame=lambda: week(trips),
                              params=CarveParams())
    assert wc.check_carving(carving, inventory) == {"F01": []}
    tight = SimpleNamespace(functions=functions, schedule_frame=lambda: week(VALID))
    assert wc.check_carving(tight, inventory) == {
        "F01": ["ma: no time to travel a -> b (14:15-14:30, 16 min needed)",
                "wo: no time to travel a -> b (10:30-10:45, 16 min needed)"]}
    twice = SimpleNamespace(functions=(*functions, SimpleNamespace(function_id="F02",
                                                                   task_ids=("G",))),
                            schedule_frame=lambda: week(trips))
    result = wc.check_carving(twice, inventory)
    assert result["(carving)"] == ["G in F01 and F02"]


def test_the_checker_needs_no_solver_and_no_carving() -> None:
    tree = ast.parse((BENCHMARKS / "weekcheck.py").read_text(encoding="utf-8"))
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not any(m.startswith(("ortools", "matcher.carving")) for m in imported)


def test_the_cpsat_model_uses_this_checker() -> None:
    pytest.importorskip("ortools")
    cpsat = _load("cpsat_model")
    for name in ("check_week", "Rules", "window", "day_shares"):
        assert getattr(cpsat, name).__module__ == "weekcheck"
    assert Path(cpsat.check_week.__code__.co_filename) == BENCHMARKS / "weekcheck.py"
