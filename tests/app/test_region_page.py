"""The Regio page: a WSP's region workspace in the app (issue 18, item 4).

The region is built in a temporary store through the command line (import, run), then the
page shows its schools, functions, pipeline and flags; a school opens as the session and
every change is its next version in the region; a stale write is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.app.test_app import new_app, texts

import matcher
from matcher.cli import main
from matcher.session.file import pool_to_frame
from matcher.store import RegionStore


def _tasks(path: Path, prefix: str) -> Path:
    """A small inventory: five administrative tasks of 5 hours (one function)."""
    path.write_text("taak_id;omschrijving;gebied;uren_per_week;niveau\n" + "".join(
        f"{prefix}{i};Administratie {i};administratie;5;1\n" for i in range(1, 6)),
        encoding="utf-8")
    return path


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RegionStore:
    """Two carved schools of one board, the demo pool (a tenth of it confirmed long ago),
    and a candidate active at both schools."""
    store = tmp_path / "regio.sqlite"
    monkeypatch.setenv("MATCHER_STORE", str(store))
    candidates = matcher.demo_files("vo").candidates
    for school in ("De Regenboog", "Het Anker"):
        assert main(["workspace", "import", str(store), "--school", school, "--board",
                     "Stichting PO", "--tasks", str(_tasks(tmp_path / f"{school}.csv", "T"))]
                    ) == 0
    assert main(["workspace", "import", str(store), "--candidates", str(candidates),
                 "--confirmed", "2025-01-10"]) == 0
    pool = matcher.load_candidates(candidates)
    recent = pool_to_frame(pool).iloc[60:]
    assert main(["workspace", "run", str(store)]) == 0
    region = RegionStore(store, user="test")
    region.import_candidates(matcher.load_candidates(recent, name="recent"),
                             confirmed=dt.date.today())
    k = pool.ids[0]
    region.set_status("De Regenboog", "F01", k, "voorgesteld")
    region.set_status("Het Anker", "F01", k, "voorgesteld")
    return region


def regio_page(at: Any | None = None) -> Any:
    at = at or new_app().run()
    at.switch_page("app_pages/regio.py").run()
    assert not at.exception
    return at


def test_the_region_at_a_glance_with_its_flags(region: RegionStore) -> None:
    at = regio_page()
    shown = {m.label: m.value for m in at.metric}
    assert shown["Scholen"] == "2" and shown["Functies"] == "2" and shown["Kandidaten"] == "600"
    warnings = " ".join(texts(at.warning))
    assert "1 kandidaat staat bij twee of meer scholen" in warnings
    assert any("60 profielen zijn langer dan 6 maanden niet bevestigd" in t
               for t in texts(at.info))
    schools = at.dataframe[0].value
    assert schools["school"].tolist() == ["De Regenboog", "Het Anker"]
    assert schools["lopende trajecten"].tolist() == [1, 1]
    # the capped shortlists, with the flag of the candidate active at the other school
    at.number_input(key="region_cap").set_value(1).run()
    at.button(key="region_lists").click().run()
    assert not at.exception
    lists = next(d.value for d in at.dataframe if "loopt elders" in d.value.columns)
    flagged = lists[lists["loopt elders"] != ""]
    assert set(flagged["loopt elders"]) <= {"De Regenboog", "Het Anker"}
    assert lists.groupby("kandidaat (pseudoniem)")["school"].nunique().max() == 1
    # kept on request: what was proposed, with its scores, the moment and the user
    # (workspace run in the fixture kept its lists with cap 3: these replace them)
    at.button(key="region_keep_lists").click().run()
    assert not at.exception
    assert any("plaatsen op de shortlijsten bewaard" in t for t in texts(at.success))
    kept = region.kept_shortlists()
    assert len(kept) == len(lists)
    assert set(kept["candidate_id"]) == set(lists["kandidaat (pseudoniem)"])
    assert any(t.startswith("Laatst bewaarde shortlijsten:") for t in texts(at.caption))


def test_a_refused_move_says_why_and_writes_nothing(region: RegionStore) -> None:
    at = regio_page()
    before = region.revision()
    at.text_input(key="move_candidate").input(matcher.load_candidates(
        matcher.demo_files("vo").candidates).ids[0])
    at.selectbox(key="move_status").set_value("geplaatst")
    submit = next(b for b in at.button if b.label == "Vastleggen")
    submit.click().run()
    assert not at.exception
    assert any("slaat voorgelegd, kennismaking, proefplaatsing over" in t
               for t in texts(at.error))
    assert region.revision() == before


def test_a_school_opens_as_the_session_and_its_changes_are_kept(region: RegionStore) -> None:
    at = regio_page()
    at.selectbox(key="region_open_choice").set_value("Het Anker")
    at.button(key="region_open").click().run()
    assert not at.exception
    assert at.session_state["region_school"]["school"] == "Het Anker"
    assert at.session_state["inventory"] is not None
    assert len(at.session_state["carving"].functions) == 1
    version = region.session("Het Anker")[0]  # type: ignore[index]
    # the region's stale profiles are marked in the pool's coverage and in the shortlists
    at.switch_page("app_pages/kandidaten.py").run()
    assert any("60 van de 600 profielen zijn langer dan 6 maanden niet bevestigd" in t
               for t in texts(at.info))
    at.switch_page("app_pages/matching.py").run()
    assert not at.exception
    marked = next(d.value for d in at.dataframe if "profiel verouderd" in d.value.columns)
    assert set(marked["profiel verouderd"]) <= {"ja", "nee"}
    # a change on another page is the school's next version in the region
    at.switch_page("app_pages/functies.py").run()
    at.checkbox(key="lock_F01").check().run()
    assert not at.exception
    assert region.session("Het Anker")[0] == version + 1  # type: ignore[index]
    assert any("Deze sessie is school Het Anker" in c.value for c in at.sidebar.caption)
    # someone else saves the school meanwhile: the next change is refused, not lost
    stored = region.session("Het Anker")
    assert stored is not None
    region.save_session("Het Anker", stored[1], tasks=5, functions=1)
    at.checkbox(key="lock_F01").uncheck().run()
    assert at.session_state["region_school"] is None
    assert any("intussen opgeslagen door een ander" in t for t in texts(at.warning))
    assert region.session("Het Anker")[0] == version + 2  # type: ignore[index]


def test_the_session_becomes_a_school_of_the_own_workspace(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    monkeypatch.setenv("MATCHER_STORE", str(tmp_path / "eigen.sqlite"))
    at = new_app().run()
    at.selectbox(key="demo_choice").set_value("po").run()
    at.button(key="load_demo").click().run()
    at = regio_page(at)
    assert any("Nog geen scholen" in t for t in texts(at.info))
    at.text_input(key="region_new_school").input("De Gelderse Vallei")
    at.button(key="region_add").click().run()
    assert not at.exception
    region = RegionStore(tmp_path / "eigen.sqlite")
    assert [s["school"] for s in region.schools()] == ["De Gelderse Vallei"]
    assert region.session("De Gelderse Vallei")[0] == 1  # type: ignore[index]
    # a school that is there already is not overwritten
    at.session_state["region_school"] = None
    at.text_input(key="region_new_school").input("De Gelderse Vallei")
    at.button(key="region_add").click().run()
    assert any("staat al in de werkruimte" in t for t in texts(at.error))
    assert region.session("De Gelderse Vallei")[0] == 1  # type: ignore[index]
