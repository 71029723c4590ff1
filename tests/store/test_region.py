"""The WSP's region in the store: schema migrations, the pipeline's state machine, double
bookings, outcomes, forgetting a candidate, and writes that are all or nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import matcher
from matcher.store import PipelineError, RegionStore, SessionStore, StaleWrite
from matcher.store.db import MIGRATIONS, SCHEMA_VERSION


@pytest.fixture(scope="module")
def pool() -> matcher.Pool:
    return matcher.load_candidates(matcher.demo_files("vo").candidates)


@pytest.fixture
def region(tmp_path: Path, pool: matcher.Pool) -> RegionStore:
    store = RegionStore(tmp_path / "wsp.sqlite", user="am-utrecht")
    for school, board in (("De Regenboog", "Stichting PO"), ("Het Anker", "Stichting PO"),
                          ("Eemland College", "")):
        store.add_school(school, board)
    store.import_candidates(pool, confirmed=dt.date(2026, 11, 1))
    return store


def rows_of(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table of the database file."""
    connection = sqlite3.connect(path)
    try:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    finally:
        connection.close()


def test_a_version_1_store_is_migrated_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    raw.close()
    # a session saved by the version-1 code
    old = sqlite3.connect(path)
    old.execute("INSERT INTO sessions VALUES ('k' || hex(randomblob(10)), 'oud', 2, "
                "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00', x'7b7d')")
    old.commit()
    old.close()
    region = RegionStore(path)
    assert region.schools() == []
    assert len(SessionStore(path).recent()) == 1
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    raw.close()


def test_a_version_2_store_is_migrated_and_keeps_its_region(tmp_path: Path) -> None:
    """A region written by the version-2 code opens with its schools and gets the table
    of kept shortlists, empty."""
    path = tmp_path / "v2.sqlite"
    raw = sqlite3.connect(path)
    raw.executescript(MIGRATIONS[0] + MIGRATIONS[1] + ";\nPRAGMA user_version = 2;")
    raw.execute("INSERT INTO schools (name, board, version, created, updated) VALUES "
                "('De Regenboog', 'Stichting PO', 0, '2026-01-01', '2026-01-01')")
    raw.commit()
    raw.close()
    region = RegionStore(path)
    assert [s["school"] for s in region.schools()] == ["De Regenboog"]
    assert region.kept_shortlists().empty
    raw = sqlite3.connect(path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == 3
    raw.close()


def test_the_pipeline_goes_forward_one_step_at_a_time(region: RegionStore,
                                                      pool: matcher.Pool) -> None:
    k = pool.ids[0]
    for status in ("voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing",
                   "geplaatst"):
        assert region.set_status("De Regenboog", "F01", k, status) == []
    assert [m.status for m in region.history(k)] == [
        "voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing", "geplaatst"]
    region.record_outcome("De Regenboog", "F01", k, 6, working=True,
                          when=dt.datetime(2027, 6, 1, 9, 0, tzinfo=dt.UTC))
    assert region.outcomes()[0]["working"] is True
    assert region.outcomes()[0]["recorded"] == "2027-06-01T09:00:00+00:00"


@pytest.mark.parametrize(
    ("moves", "refused", "rule"),
    [
        ((), ("geplaatst", ""), "slaat voorgesteld, voorgelegd, kennismaking, proefplaatsing over"),
        (("voorgesteld",), ("kennismaking", ""), "slaat voorgelegd over"),
        (("voorgesteld", "voorgelegd"), ("voorgesteld", ""), "terug"),
        (("voorgesteld",), ("afgewezen", ""), "vraagt een reden"),
        ((), ("afgewezen", "reistijd"), "alleen een lopend traject"),
        (("voorgesteld",), ("aangenomen", ""), "Onbekende status"),
        (("voorgesteld",), ("afgewezen", "geen zin"), "Onbekende reden"),
    ],
)
def test_a_move_the_pipeline_refuses_writes_nothing(region: RegionStore, pool: matcher.Pool,
                                                    moves: tuple[str, ...],
                                                    refused: tuple[str, str], rule: str
                                                    ) -> None:
    k = pool.ids[1]
    for status in moves:
        region.set_status("Het Anker", "F02", k, status)
    before = rows_of(region.path)
    with pytest.raises(PipelineError) as info:
        region.set_status("Het Anker", "F02", k, *refused)
    assert rule in str(info.value)
    assert rows_of(region.path) == before


def test_skipping_a_step_or_ending_takes_a_reason(region: RegionStore,
                                                  pool: matcher.Pool) -> None:
    k = pool.ids[2]
    region.set_status("Het Anker", "F01", k, "voorgesteld")
    region.set_status("Het Anker", "F01", k, "kennismaking", reason="versneld")
    region.set_status("Het Anker", "F01", k, "teruggetrokken", reason="kandidaat")
    region.set_status("Het Anker", "F01", k, "voorgesteld")  # a new round
    assert [row["status"] for row in region.pipeline()] == ["voorgesteld"]


def test_a_candidate_taken_at_one_school_is_flagged_at_the_next(region: RegionStore,
                                                                pool: matcher.Pool) -> None:
    k = pool.ids[3]
    assert region.set_status("De Regenboog", "F01", k, "voorgesteld") == []
    assert region.set_status("Eemland College", "F03", k, "voorgesteld") == ["De Regenboog"]
    assert set(region.double_booked()) == {k}
    assert region.status()["double_booked"] == 1
    region.set_status("De Regenboog", "F01", k, "afgewezen", reason="reistijd")
    assert region.double_booked() == {}
    # two functions of one school are no double booking
    region.set_status("Eemland College", "F04", k, "voorgesteld")
    assert region.double_booked() == {}


def test_unknown_names_and_outcomes_without_a_placement(region: RegionStore,
                                                        pool: matcher.Pool) -> None:
    with pytest.raises(PipelineError, match="staat niet in de werkruimte"):
        region.set_status("Onbekend", "F01", pool.ids[0], "voorgesteld")
    with pytest.raises(PipelineError, match="id niet getoond"):
        region.set_status("Het Anker", "F01", "K-ONBEKEND", "voorgesteld")
    with pytest.raises(PipelineError, match="nooit geplaatst"):
        region.record_outcome("Het Anker", "F01", pool.ids[0], 6, working=False)
    with pytest.raises(PipelineError, match="6 of na 12"):
        region.record_outcome("Het Anker", "F01", pool.ids[0], 9, working=False)


def test_forget_leaves_no_row_about_the_candidate(region: RegionStore,
                                                  pool: matcher.Pool) -> None:
    k = pool.ids[4]
    for status in ("voorgesteld", "voorgelegd", "kennismaking", "proefplaatsing",
                   "geplaatst"):
        region.set_status("Eemland College", "F02", k, status)
    region.set_status("Het Anker", "F05", k, "voorgesteld")
    region.record_outcome("Eemland College", "F02", k, 6, working=True)
    assert region.forget(k) > 0
    for table, rows in rows_of(region.path).items():
        assert not any(k in str(cell) for row in rows for cell in row), table
    assert region.audit()[-1][2] == "forget"
    assert region.candidates() == len(pool) - 1


def test_closed_pipelines_go_after_the_retention_period(region: RegionStore,
                                                        pool: matcher.Pool) -> None:
    """Ended pipelines and placements with their 12-month outcome are removed 24 months
    after their last move, with their history and outcomes; running ones and placements
    still waiting for an outcome stay."""
    ended, placed, waiting, running = pool.ids[10:14]
    then = dt.datetime(2024, 1, 15, tzinfo=dt.UTC)
    region.set_status("Het Anker", "F01", ended, "voorgesteld", when=then)
    region.set_status("Het Anker", "F01", ended, "afgewezen", reason="uren", when=then)
    for k in (placed, waiting):
        region.set_status("Het Anker", "F02", k, "voorgesteld", when=then)
        region.set_status("Het Anker", "F02", k, "geplaatst", reason="versneld", when=then)
    region.record_outcome("Het Anker", "F02", placed, 12, working=True)
    region.set_status("De Regenboog", "F01", running, "voorgesteld", when=then)
    today = dt.date(2026, 1, 10)
    assert region.closed_due(today) == 0  # 24 months after the last move: not yet
    assert region.purge_closed(today) == 0
    today = dt.date(2026, 2, 20)
    assert region.closed_due(today) == 2
    assert region.purge_closed(today) == 2
    left = {(row["candidate_id"], row["status"]) for row in region.pipeline()}
    assert left == {(waiting, "geplaatst"), (running, "voorgesteld")}
    assert {m.candidate_id for m in region.history()} == {waiting, running}
    assert region.outcomes() == []
    for table, rows in rows_of(region.path).items():
        if table != "candidates":  # the profiles stay: only the closed pipelines go
            assert not any(k in str(cell) for row in rows for cell in row
                           for k in (ended, placed)), table
    assert "2 afgesloten trajecten verwijderd" in region.audit()[-1][3]


def test_the_region_as_tables_names_candidates_by_id_only(region: RegionStore,
                                                          pool: matcher.Pool) -> None:
    k = pool.ids[5]
    region.set_status("Het Anker", "F01", k, "voorgesteld")
    tables = region.tables(today=dt.date(2027, 6, 1))
    assert list(tables) == ["scholen", "functies", "trajecten", "stappen", "uitkomsten",
                            "verouderd"]
    assert tables["trajecten"].columns.tolist() == [
        "school", "functie", "kandidaat (pseudoniem)", "status", "reden", "bijgewerkt"]
    assert len(tables["verouderd"]) == len(pool)
    profile_columns = set(pool.frame.columns) - {"candidate_id"}
    data = region.tables(dutch=False)
    for frame in data.values():
        assert not profile_columns & set(frame.columns)


def test_a_stale_session_write_is_refused(region: RegionStore) -> None:
    assert region.save_session("De Regenboog", b"{}", tasks=10, functions=1) == 1
    version, _ = region.session("De Regenboog") or (0, b"")
    region.save_session("De Regenboog", b'{"a": 1}', tasks=10, functions=2,
                        read_version=version)
    with pytest.raises(StaleWrite, match="intussen opgeslagen door een ander"):
        region.save_session("De Regenboog", b'{"b": 2}', tasks=10, functions=2,
                            read_version=version)
    assert region.session("De Regenboog") == (2, b'{"a": 1}')
    assert region.session("De Regenboog", 1) == (1, b"{}")


def test_stale_profiles(region: RegionStore, pool: matcher.Pool) -> None:
    assert region.stale(dt.date(2027, 3, 1)) == []
    old = region.stale(dt.date(2027, 6, 1))
    assert len(old) == len(pool) and old[0][1] == "2026-11-01"


def test_two_writers_at_once_lose_nothing(region: RegionStore, pool: matcher.Pool) -> None:
    other = RegionStore(region.path, user="am-amersfoort")
    ids = list(pool.ids[:40])

    def work(store: RegionStore, school: str, mine: list[str]) -> None:
        for k in mine:
            store.set_status(school, "F01", k, "voorgesteld")

    threads = [threading.Thread(target=work, args=(region, "Het Anker", ids[::2])),
               threading.Thread(target=work, args=(other, "Eemland College", ids[1::2]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(region.pipeline()) == 40
    assert {a[1] for a in region.audit() if a[2] == "pipeline"} == {"am-utrecht",
                                                                   "am-amersfoort"}


KILL = """
import os, sys
from matcher.store import RegionStore
import matcher.store.region as region
store = RegionStore(sys.argv[1])
def die(*args, **kwargs):
    os._exit(9)  # killed between the pipeline's row and the commit
region.RegionStore._audit = die
store.set_status("Het Anker", "F01", sys.argv[2], "voorgesteld")
"""


def test_a_process_killed_in_a_write_leaves_the_store_as_before(region: RegionStore,
                                                                pool: matcher.Pool) -> None:
    before = rows_of(region.path)
    done = subprocess.run([sys.executable, "-c", KILL, str(region.path), pool.ids[5]],
                          capture_output=True, timeout=60)
    assert done.returncode == 9
    assert rows_of(region.path) == before
    region.set_status("Het Anker", "F01", pool.ids[5], "voorgesteld")  # still usable


def test_region_shortlists_cap_and_flag(tmp_path: Path, pool: matcher.Pool) -> None:
    """Two schools carved from small inventories, the demo pool: every function gets its
    list, no candidate is on the lists of more than one school with cap 1, a candidate
    active at the other school and old profiles are flagged."""
    from matcher.session.workspace import Workspace

    region = RegionStore(tmp_path / "r.sqlite")
    region.import_candidates(pool, confirmed=dt.date(2026, 1, 1))
    tasks = tmp_path / "taken.csv"
    tasks.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n" + "".join(
        f"T{i};Administratie {i};administratie;5;1\n" for i in range(1, 11)),
        encoding="utf-8")
    for school in ("Eemland College", "Eemland College 2"):
        region.add_school(school)
        ws = Workspace.from_files(tasks)
        ws.carve()
        assert ws.carving is not None and ws.inventory is not None
        region.save_session(school, ws.save(), tasks=len(ws.inventory.tasks),
                            functions=len(ws.carving.functions))
    result, lists = region.shortlists(top=5, cap=1)
    assert lists.groupby("candidate_id")["school"].nunique().max() == 1
    assert lists.groupby(["school", "function_id"]).size().min() == 5
    assert result.candidates_moved > 0  # both schools want the same best candidates
    k = lists.iloc[0]["candidate_id"]
    other = "Eemland College 2" if lists.iloc[0]["school"] == "Eemland College" \
        else "Eemland College"
    region.set_status(other, "F01", k, "voorgesteld")
    assert region.kept_shortlists().empty  # made, not kept
    _, lists = region.shortlists(top=5, cap=1, keep=True)
    assert lists[lists["candidate_id"] == k]["elders_actief"].iloc[0] == other
    assert lists["verouderd"].all()  # confirmed 2026-01-01, more than 6 months ago
    # kept: what was proposed, with the scores then, readable later; forgetting a
    # candidate removes their places
    kept = region.kept_shortlists()
    assert kept[["school", "function_id", "rank", "candidate_id"]].to_dict("records") == \
        lists.sort_values(["school", "function_id", "rank"])[
            ["school", "function_id", "rank", "candidate_id"]].to_dict("records")
    assert kept["score"].tolist() == pytest.approx(
        lists.sort_values(["school", "function_id", "rank"])["score"].tolist())
    assert (kept["user"] == region.user).all()
    assert region.audit()[-1][2] == "shortlists"
    region.forget(k)
    assert k not in set(region.kept_shortlists()["candidate_id"])
