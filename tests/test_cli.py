"""Tests for the matcher command line: exit codes, output files, end-to-end on the demo."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

import matcher
from matcher.cli import main
from matcher.outputs.dutch import read_output_csv


def read(path) -> pd.DataFrame:
    """Read an output CSV (UTF-8 with BOM, Dutch by default) as text in the data form."""
    return read_output_csv(path)


def test_validate_demo_files(capsys):
    """validate accepts every demo file and names its kind and size."""
    files = matcher.demo_files("vo")
    code = main(["validate", str(files.tasks), str(files.sites), str(files.candidates)])
    out = capsys.readouterr().out
    assert code == 0
    assert "104 tasks" in out and "2 site(s)" in out and "600 candidate profiles" in out


def test_validate_bad_file_exit_2(tmp_path, capsys):
    """A file with problems gives exit code 2 and every problem on stderr."""
    bad = tmp_path / "taken.csv"
    bad.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n"
                   "T1;Kopiëren;administratie;abc;1\nT1;Post;tuin;2;9\n", encoding="utf-8")
    code = main(["validate", str(bad)])
    err = capsys.readouterr().err
    assert code == 2
    assert "row 2, column 'uren_per_week'" in err
    assert "row 3, column 'gebied'" in err
    assert "row 3, column 'niveau'" in err
    assert "must be unique" in err


def test_validate_a_session_file(tmp_path, capsys):
    """A session file is validated as the app would open it: exit 0 with what it holds;
    exit 2 with every problem when it would not open (issue 19)."""
    from matcher.session import Session, dump_session

    tasks = [matcher.Task("T1", "kopieerwerk", "administration", 12.0, 1),
             matcher.Task("T2", "post", "administration", 12.0, 1)]
    good = tmp_path / "sessie.json"
    good.write_bytes(dump_session(Session(matcher.Inventory.from_tasks(tasks),
                                          groups=(("T1", "T2"),), locks=(("T1", "T2"),))))
    assert main(["validate", str(good)]) == 0
    out = capsys.readouterr().out
    assert "OK  sessie.json: session file, 2 tasks, 1 function(s) (1 locked)" in out
    raw = json.loads(good.read_text(encoding="utf-8"))
    raw["carve"] = ["verkeerd"]
    raw["quota"] = {"inputs": {"employees": "veel"}}
    bad = tmp_path / "kapot.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "column 'carve'" in err and "column 'quota.inputs.employees'" in err
    assert "Traceback" not in err


def test_invalid_setting_exit_2(tmp_path, capsys):
    """An impossible hour band is a clear error with exit code 2, not a traceback."""
    code = main(["carve", "--min-hours", "30", "--max-hours", "20", "--out", str(tmp_path)])
    assert code == 2
    assert "CarveParams" in capsys.readouterr().err


def test_carve_writes_functions_and_allocation(tmp_path):
    """carve writes functions.csv and task_allocation.csv covering every task."""
    files = matcher.demo_files("vo")
    code = main(["carve", str(files.tasks), "--sites", str(files.sites), "--out",
                 str(tmp_path)])
    assert code == 0
    functions = read(tmp_path / "functions.csv")
    allocation = read(tmp_path / "task_allocation.csv")
    assert list(functions.columns[:9]) == ["function_id", "title", "hours_per_week", "fta",
                                           "level", "areas", "sites", "days", "task_ids"]
    assert list(allocation.columns) == ["task_id", "function_id", "reason_code", "reason"]
    assert len(allocation) == 104
    placed = {t for ids in functions["task_ids"] for t in ids.split(";")}
    assert placed == set(allocation.loc[allocation["function_id"] != "", "task_id"])
    assert (allocation.loc[allocation["function_id"] == "", "reason"] != "").all()
    hours = functions["hours_per_week"].astype(float)
    assert hours.between(20, 30).all()
    profiles = (tmp_path / "profiles.md").read_text(encoding="utf-8")
    assert all(fid in profiles for fid in functions["function_id"])
    assert (tmp_path / "profiles.xlsx").read_bytes()[:2] == b"PK"
    sites = read(tmp_path / "sites.csv")
    assert sites["fta"].astype(float).sum() == pytest.approx(
        functions["fta"].astype(float).sum(), abs=0.03)


def test_match_end_to_end_on_demo(tmp_path, capsys):
    """match on the demo writes all outputs; the assignment is one-to-one and feasible."""
    code = main(["match", "--top", "5", "--out", str(tmp_path)])
    assert code == 0
    shortlist = read(tmp_path / "shortlist.csv")
    assignment = read(tmp_path / "assignment.csv")
    unassigned = read(tmp_path / "unassigned.csv")
    pairs = read(tmp_path / "pairs.csv")
    functions = read(tmp_path / "functions.csv")
    assert {"function_id", "rank", "candidate_id", "score", "travel", "hours", "level",
            "availability", "load", "wishes", "explanation"} <= set(shortlist.columns)
    assert list(assignment.columns) == ["function_id", "candidate_id", "score"]
    assert list(unassigned.columns) == ["kind", "id", "reason"]
    assert list(pairs.columns[:4]) == ["function_id", "candidate_id", "feasible", "score"]
    assert set(pairs["feasible"]) <= {"true", "false"}
    assert len(pairs) == len(functions) * 600
    assert assignment["function_id"].is_unique and assignment["candidate_id"].is_unique
    feasible = set(zip(pairs.loc[pairs["feasible"] == "true", "function_id"],
                       pairs.loc[pairs["feasible"] == "true", "candidate_id"], strict=True))
    assert set(zip(assignment["function_id"], assignment["candidate_id"], strict=True)) <= \
        feasible
    # everyone not assigned is listed with a reason
    assert len(unassigned) == len(functions) + 600 - 2 * len(assignment)
    assert "functions filled" in capsys.readouterr().out
    school = read(tmp_path / "shortlist_for_school.csv")
    assert "explanation" not in school.columns and "generalised" in school.columns
    assert not school["pc4"].str.fullmatch(r"\d{4}").any()  # no exact postcode survives k=5


def test_match_with_weights_file(tmp_path):
    """A weights file changes the scores that are written."""
    weights = tmp_path / "w.toml"
    weights.write_text("[weights]\ntravel = 1.0\nhours = 0\nlevel = 0\navailability = 0\n"
                       "load = 0\nwishes = 0\n", encoding="utf-8")
    out_default, out_travel = tmp_path / "a", tmp_path / "b"
    assert main(["match", "--out", str(out_default)]) == 0
    assert main(["match", "--weights", str(weights), "--out", str(out_travel)]) == 0
    a = read(out_default / "pairs.csv")["score"].astype(float)
    b = read(out_travel / "pairs.csv")["score"].astype(float)
    assert not a.equals(b)


@pytest.mark.parametrize("demo", ["vo", "po"])
def test_outputs_are_deterministic(tmp_path, demo):
    """Two runs with the same input and seed write identical files."""
    for run in ("1", "2"):  # (the relaxations' own files are pinned by tests/regression)
        assert main(["match", "--demo", demo, "--no-relaxations",
                     "--out", str(tmp_path / run)]) == 0
    for name in ("functions.csv", "assignment.csv", "shortlist.csv", "task_allocation.csv"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_carve_lock_from_earlier_run(tmp_path, capsys):
    """--lock F.. --from functions.csv keeps those functions exactly, under their own ids,
    and re-carves the rest."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["carve", "--out", str(first)]) == 0
    earlier = read(first / "functions.csv").set_index("function_id")
    assert main(["carve", "--from", str(first / "functions.csv"), "--lock", "F03",
                 "--lock", "F05", "--out", str(second)]) == 0
    again = read(second / "functions.csv").set_index("function_id")
    for fid in ("F03", "F05"):
        assert again.loc[fid, "task_ids"] == earlier.loc[fid, "task_ids"]
        assert again.loc[fid, "locked"] == "True"
    assert (again["locked"] == "True").sum() == 2
    assert main(["carve", "--from", str(first / "functions.csv"), "--lock", "F99",
                 "--out", str(second)]) == 2
    assert "F99" in capsys.readouterr().err


def test_carve_around_candidates(tmp_path, capsys):
    """--around-candidates tries pool-shaped variants and places at least as many people."""
    files = matcher.demo_files("vo")
    assert main(["carve", "--around-candidates", str(files.candidates),
                 "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "standaard" in out and "chosen:" in out
    assert (tmp_path / "functions.csv").is_file()


def test_carve_from_earlier_run_warm_starts(tmp_path):
    """--from with --lock re-carves from the other functions: never fewer functions and
    never a lower objective on the rest than keeping them."""
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["carve", "--out", str(first)]) == 0
    earlier = read(first / "functions.csv")
    assert main(["carve", "--from", str(first / "functions.csv"), "--lock", "F02",
                 "--lock", "F05", "--out", str(second)]) == 0
    again = read(second / "functions.csv")
    assert len(again) >= len(earlier)
    assert again["fta"].astype(float).sum() >= earlier["fta"].astype(float).sum() - 0.3


def test_carve_board_options(tmp_path, capsys):
    """--board NAME carves only that board's sites; an unknown board is a clear error;
    --per-site keeps every function at one site; --board alone carves board-wide."""
    board = "Stichting Primair Onderwijs De Gelderse Vallei"
    assert main(["carve", "--demo", "po", "--board", board, "--no-relaxations",
                 "--out", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "a" / "relaxations.csv").exists()
    allocation = read(tmp_path / "a" / "task_allocation.csv")
    assert len(allocation) == 72
    assert main(["carve", "--demo", "po", "--board", "Onbekend bestuur",
                 "--out", str(tmp_path / "b")]) == 2
    err = capsys.readouterr().err
    assert "Onbekend bestuur" in err and board in err
    assert main(["carve", "--demo", "vo", "--per-site", "--out", str(tmp_path / "c")]) == 0
    sites = read(tmp_path / "c" / "functions.csv")["sites"]
    assert len(sites) > 0 and not sites.str.contains(";").any()
    assert main(["carve", "--demo", "po", "--board", "--no-relaxations",
                 "--out", str(tmp_path / "d")]) == 0
    functions = read(tmp_path / "d" / "functions.csv")
    assert functions["sites"].str.contains(";").all()  # small schools: combined
    with pytest.raises(SystemExit) as info:  # argparse: the two options exclude each other
        main(["carve", "--per-site", "--board", "--out", str(tmp_path / "e")])
    assert info.value.code == 2


def test_carve_bound_prints_a_proven_gap(tmp_path, capsys):
    """--bound prints the objective, an upper bound no carving can beat and the worst-case
    gap; on a tiny inventory the exact bound proves the carving optimal."""
    path = tmp_path / "taken.csv"
    rows = [f"T{k};Kopiëren en post {k};administratie;{h};1" for k, h in
            enumerate([6, 5.5, 5, 4, 4, 3.5, 3, 2.5, 2, 6.5, 5, 4.5], start=1)]
    path.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n" + "\n".join(rows),
                    encoding="utf-8")
    assert main(["carve", str(path), "--bound", "10", "--out", str(tmp_path / "o")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("bound:"))
    assert "is proven optimal" in line  # auto proved it: no looser gap printed
    assert main(["carve", str(path), "--bound", "10", "--carve-method", "heuristic",
                 "--out", str(tmp_path / "h")]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("bound:"))
    objective, upper = (float(x) for x in re.findall(r"(?:objective|bound) (\d+\.\d+)", line))
    assert upper >= objective - 1e-6 and "the optimum itself" in line
    assert "at most 0.0% below the optimum" in line
    assert main(["carve", str(path), "--bound", "0", "--out", str(tmp_path / "p")]) == 2


def test_little_carved_writes_what_would_help(tmp_path, capsys):
    """The demo board per site carves little: the summary and relaxations.csv say what one
    looser rule gives, best first, with a progress line per rule on stderr."""
    assert main(["carve", "--demo", "po", "--per-site", "--out", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "trying what would help" in err and "[1/" in err
    assert "what relaxing one rule would give" in out and "Met maximaal" in out
    relaxed = read(tmp_path / "relaxations.csv")
    assert list(relaxed.columns) == ["rule", "setting", "functions", "hours", "fta",
                                     "toelichting"]
    hours = [float(h) for h in relaxed["hours"]]
    assert hours == sorted(hours, reverse=True) and hours[0] > 0


def test_progress_bar_is_quiet_for_quick_carves_and_logs_tenths():
    """A bar on stderr only after ``after`` seconds; in a log a line per tenth."""
    import io

    from matcher.cli import ProgressBar

    quiet = io.StringIO()
    bar = ProgressBar(after=60.0, stream=quiet)
    for k in range(11):
        bar(k / 10, "kandidaat-functies maken")
    assert quiet.getvalue() == ""
    log = io.StringIO()
    bar = ProgressBar(after=0.0, stream=log)
    for k in range(101):
        bar(k / 100, "selectie")
    lines = log.getvalue().splitlines()
    assert 10 <= len(lines) <= 12 and lines[-1].startswith("carving: 100%")


def test_csv_files_open_in_a_dutch_excel_by_default(tmp_path):
    """The default CSVs have ';', Dutch headers and decimal commas; --csv data the
    library's names with ',' and points; --from reads either."""
    carve = ["carve", "--demo", "po", "--no-relaxations"]  # the format is what is tested
    assert main([*carve, "--out", str(tmp_path / "nl")]) == 0
    assert main([*carve, "--csv", "data", "--out", str(tmp_path / "data")]) == 0
    nl = (tmp_path / "nl" / "functions.csv").read_text(encoding="utf-8-sig")
    data = (tmp_path / "data" / "functions.csv").read_text(encoding="utf-8-sig")
    assert nl.startswith("functie;functietitel;uren per week;banen (fta);")
    assert data.startswith("function_id,title,hours_per_week,fta,")
    assert re.search(r";\d+,\d+;", nl) and not re.search(r";\d+\.\d+;", nl)
    assert read(tmp_path / "nl" / "functions.csv").equals(read(tmp_path / "data" / "functions.csv"))
    assert main([*carve, "--from", str(tmp_path / "nl" / "functions.csv"),
                 "--lock", "F01", "--out", str(tmp_path / "again")]) == 0
    again = read(tmp_path / "again" / "functions.csv")
    first = read(tmp_path / "nl" / "functions.csv")
    assert again.set_index("function_id").loc["F01", "task_ids"] == \
        first.set_index("function_id").loc["F01", "task_ids"]


def test_the_wsp_workspace_from_the_command_line(tmp_path, capsys):
    """init, import a school and the region's candidates, run (carve and match), move a candidate
    through the pipeline, record an outcome, forget: each a command; a refused move exits
    2 and writes nothing (issue 18)."""
    store = tmp_path / "regio.sqlite"
    tasks = tmp_path / "taken.csv"
    tasks.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n" + "".join(
        f"T{i};Administratie {i};administratie;5;1\n" for i in range(1, 6)), encoding="utf-8")
    candidates = matcher.demo_files("vo").candidates
    k = matcher.load_candidates(candidates).ids[0]

    def run(*args: str) -> int:
        return main(["workspace", *args, str(store), "--user", "am-1"])

    assert run("init") == 0
    assert run("import", "--school", "De Regenboog", "--board", "Stichting PO",
               "--tasks", str(tasks), "--candidates", str(candidates),
               "--confirmed", "2026-11-01") == 0
    assert "600 candidate profiles imported" in capsys.readouterr().out
    assert run("run") == 0
    out = capsys.readouterr().out
    assert "De Regenboog: 1 functions, 0.98 fta (session version 2)" in out
    # and matched: the region's capped shortlists (10 a function, 3 schools a candidate)
    assert "1 functions, 10 candidates on the lists (at most 3 schools each)" in out
    lists = tmp_path / "shortlists.csv"
    assert run("shortlists", "--top", "3", "--cap", "1", "--out", str(lists)) == 0
    assert "1 functions, 3 candidates on the lists (at most 1 schools each)" in \
        capsys.readouterr().out
    assert lists.read_text(encoding="utf-8-sig").splitlines()[0] == (
        "school;functie;rang;kandidaat;score;elders_actief;verouderd")
    for status in ("voorgesteld", "voorgelegd"):
        assert run("set-status", "--school", "De Regenboog", "--function", "F01",
                   "--candidate", k, "--status", status) == 0
    capsys.readouterr()
    before = store.read_bytes()
    assert run("set-status", "--school", "De Regenboog", "--function", "F01",
               "--candidate", k, "--status", "geplaatst") == 2
    assert "slaat kennismaking, proefplaatsing over" in capsys.readouterr().err
    assert store.read_bytes() == before
    assert run("set-status", "--school", "De Regenboog", "--function", "F01",
               "--candidate", k, "--status", "geplaatst", "--reason", "versneld") == 0
    assert run("outcome", "--school", "De Regenboog", "--function", "F01",
               "--candidate", k, "--months", "6", "--working", "yes") == 0
    capsys.readouterr()
    assert run("status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert status["pipeline"]["geplaatst"] == 1 and status["candidates"] == 600
    assert status["schools"][0]["functions"] == 1
    # the region as tables a Dutch Excel opens: no profile rows, ids only
    out = tmp_path / "export"
    assert run("export", "--out", str(out)) == 0
    assert "functies 1, trajecten 1, stappen 3, uitkomsten 1" in capsys.readouterr().out
    functions = (out / "functies.csv").read_text(encoding="utf-8-sig").splitlines()
    assert functions[0].startswith("school;bestuur;functie;functietitel;uren per week;"
                                   "banen (fta);niveau;gebieden")
    assert functions[1].startswith("De Regenboog;Stichting PO;F01;") and ";25,0;0,98;" in \
        functions[1] and "administratie" in functions[1] and functions[1].endswith(";nee")
    assert (out / "stappen.csv").read_text(encoding="utf-8-sig").count(k) == 3
    workbook = pd.ExcelFile(out / "werkruimte.xlsx")
    assert workbook.sheet_names == ["scholen", "functies", "trajecten", "stappen",
                                    "uitkomsten", "verouderd"]
    assert run("stale", "--months", "1") == 0
    assert "600 profile(s) not confirmed for 1 months" in capsys.readouterr().err
    assert run("purge", "--months", "6") == 2
    assert "at least 13" in capsys.readouterr().err
    assert run("purge") == 0
    assert "0 closed pipeline(s)" in capsys.readouterr().out
    assert run("forget", "--candidate", k) == 0
    assert "forgotten: 6 row(s) removed" in capsys.readouterr().out
    import sqlite3

    db = sqlite3.connect(store)
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        assert not [row for row in db.execute(f"SELECT * FROM {table}") if k in map(str, row)]
    db.close()


def test_the_demo_region_from_the_command_line(tmp_path, capsys):
    """``workspace demo`` builds the seeded demo region into a new file (never over an
    existing one), and the other workspace commands open it."""
    store = tmp_path / "demo.sqlite"
    assert main(["workspace", "demo", str(store), "--schools", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"demo region in .*: 3 schools, \d+ candidates, voorgesteld", out)
    assert main(["workspace", "status", str(store), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {s["school"] for s in status["schools"]} >= {"Eemland College"}
    assert all(s["functions"] > 0 for s in status["schools"])
    before = store.read_bytes()
    assert main(["workspace", "demo", str(store)]) == 2
    assert "exists already" in capsys.readouterr().err
    assert store.read_bytes() == before


def test_a_time_budget_counts_from_the_start_of_the_process() -> None:
    """The command line's budget includes starting Python and importing the library: in a
    fresh process, the start lies before the import (now would give about 0 s)."""
    import subprocess
    import sys

    code = ("import time; from matcher.cli import _process_started; "
            "print(time.monotonic() - _process_started())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert 0.05 < float(done.stdout) < 60.0
